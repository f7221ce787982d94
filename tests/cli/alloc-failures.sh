#!/bin/bash
# zbfwd when an allocation fails (tests/cli/failalloc.c, an LD_PRELOAD
# shim, makes the chosen one fail), each beside the same run without the
# failure:
#  - a startup-config line that cannot be copied: the load is not taken
#    for a good one (status 1, "Cannot allocate memory"), instead of the
#    rest of the file being dropped silently;
#  - the console tick (exec-timeout, terminal monitor) or the vty monitor
#    tick cannot be made: zbfwd refuses to start and says which listener,
#    and removes its socket.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
zb_need_build
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

shim=$ZB_TMP/failalloc.so
cc -shared -fPIC -O1 -o "$shim" "$here/failalloc.c" -ldl ||
    { echo "FAIL: cannot build the shim"; exit 1; }
# Under an ASan build (runtime linked dynamically) the shim still comes
# first, so that its strndup() wraps ASan's interceptor.
pre=$shim
if ldd "$build/zbfwd" 2>/dev/null | grep -q libasan; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
fi

cfg=$ZB_TMP/oom.cfg
printf 'zone security a\nzone security oomzone\nzone security c\n' >"$cfg"
out=$(LD_PRELOAD=$pre "$build/zbfwd" --check -f "$cfg" 2>&1)
rc=$?
[ "$rc" -eq 0 ] && [ -z "$out" ] &&
    ok "control: shim preloaded, nothing set to fail: --check passes" ||
    bad "control --check: rc $rc: $out"
out=$(LD_PRELOAD=$pre ZBFW_FAIL_STRNDUP='zone security oom' \
    "$build/zbfwd" --check -f "$cfg" 2>&1)
rc=$?
[ "$rc" -eq 1 ] && echo "$out" | grep -q "$cfg: Cannot allocate memory" &&
    ok "a line that cannot be copied fails the load (status 1, ENOMEM)" ||
    bad "strndup failure: rc $rc: $out"

start() {	# start [ENV=VALUE]: zbfwd in the foreground, its status
	local d=$ZB_TMP/s
	rm -rf "$d" && mkdir -p "$d"
	env LD_PRELOAD="$pre" "$@" timeout 10 "$build/zbfwd" --no-dataplane \
	    -f "$d/none" -S "$d/sock" -t 127.0.0.1:0 >"$d/log" 2>&1 &
	spid=$!
	for i in $(seq 100); do
		[ -S "$d/sock" ] && [ -f "$d/sock.port" ] && return 0
		kill -0 "$spid" 2>/dev/null || return 0
		sleep 0.05
	done
}
start
if [ -S "$ZB_TMP/s/sock" ] && kill -0 "$spid" 2>/dev/null; then
	ok "control: with the shim and no failure zbfwd serves its socket"
else
	bad "control start: $(cat "$ZB_TMP/s/log")"
fi
kill -TERM "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
for n in 1 2; do
	what=$([ $n -eq 1 ] && echo "console socket" || echo "telnet")
	start ZBFW_FAIL_PERSIST_TIMER=$n
	wait "$spid"
	rc=$?
	log=$(cat "$ZB_TMP/s/log")
	[ "$rc" -eq 1 ] && echo "$log" | grep -q "% zbfwd: $what.*Cannot allocate memory" &&
	    [ ! -e "$ZB_TMP/s/sock" ] &&
	    ok "periodic timer $n ($what) not made: zbfwd refuses to start, socket removed" ||
	    bad "timer $n: rc $rc, socket $( [ -e "$ZB_TMP/s/sock" ] && echo left || echo gone): $log"
done

[ "$fails" -eq 0 ]
