#!/bin/bash
# zbfwd and zbfw command-line behaviour:
#  - zbfwd --check: silent and 0 on a good file, 0 on a missing file (an
#    empty configuration), FILE:LINE: % message for each bad line and 1;
#  - zbfw -c: commands run in order in privileged EXEC, exit status 0, or
#    non-zero when one printed a % error;
#  - garbage on the console socket does not hurt the daemon;
#  - write memory killed with SIGKILL at random moments leaves the old or
#    the new startup-config, never a mix (temp file + fsync + rename);
#  - zbfwd stays in the foreground, -D/--daemon detaches, -d is refused
#    (status 2), -h prints the options;
#  - zbfwd -v logs the daemon's debug messages (a telnet protocol error),
#    and without -v they are not logged.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
zb_need_build
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

out=$("$build/zbfwd" --check -f "$repo/examples/zbfw-sip.cfg" 2>&1)
rc=$?
[ "$rc" -eq 0 ] && [ -z "$out" ] && ok "--check good file" ||
    bad "--check good file: rc $rc, output: $out"

out=$("$build/zbfwd" --check -f "$ZB_TMP/does-not-exist" 2>&1)
rc=$?
[ "$rc" -eq 0 ] && ok "--check missing file is an empty config" ||
    bad "--check missing file: rc $rc: $out"

cp "$here/load-errors.cfg" "$ZB_TMP/le.cfg"
out=$("$build/zbfwd" --check -f "$ZB_TMP/le.cfg" 2>&1)
rc=$?
lines=$(echo "$out" | sed -n "s|^$ZB_TMP/le.cfg:\([0-9]*\): % .*|\1|p" | tr '\n' ' ')
[ "$rc" -eq 1 ] && [ "$lines" = "5 8 9 12 " ] && [ "$(echo "$out" | wc -l)" -eq 4 ] &&
    ok "--check reports each bad line as FILE:LINE: % message" ||
    bad "--check bad file: rc $rc, lines '$lines':\n$out"

zb_start c "" || exit 1
out=$("$build/zbfw" -S "$ZB_SOCK_c" -c 'configure terminal' -c 'zone security dmz' \
    -c end -c 'write memory' 2>&1)
rc=$?
[ "$rc" -eq 0 ] && grep -qx 'zone security dmz' "$ZB_DIR_c/startup-config" &&
    ok "zbfw -c ... write memory" || bad "zbfw -c write memory: rc $rc: $out"
out=$("$build/zbfw" -S "$ZB_SOCK_c" -c 'show zone security dmz' 2>&1)
[ "$out" = "zone dmz" ] || [ "$out" = "$(printf 'zone dmz\n')" ] &&
    ok "zbfw -c starts in privileged EXEC, prints only the output" ||
    bad "zbfw -c show: '$out'"
out=$("$build/zbfw" -S "$ZB_SOCK_c" -c 'show zone bogus' 2>&1)
rc=$?
[ "$rc" -ne 0 ] && echo "$out" | grep -q '^% Invalid input' &&
    ok "zbfw -c exits non-zero on a % error" || bad "zbfw -c error: rc $rc: $out"
out=$("$build/zbfw" -S "$ZB_SOCK_c" -c 'configure terminal' -c 'zone-pair security x source a destination b' -c end 2>&1)
rc=$?
[ "$rc" -ne 0 ] && ok "zbfw -c: a consistency error is a % error too" ||
    bad "zbfw -c consistency: rc $rc: $out"
# Garbage on the console socket (random bytes, a huge frame length, a
# frame cut short) never takes the daemon down.
head -c 20000 /dev/urandom | timeout 5 socat -u - UNIX-CONNECT:"$ZB_SOCK_c" 2>/dev/null
printf '\377\377\377\377H' | timeout 5 socat -u - UNIX-CONNECT:"$ZB_SOCK_c" 2>/dev/null
printf '\000\000\000\010Lshow' | timeout 5 socat -u - UNIX-CONNECT:"$ZB_SOCK_c" 2>/dev/null
out=$("$build/zbfw" -S "$ZB_SOCK_c" -c 'show zone security dmz' 2>&1)
[ "$out" = "zone dmz" ] && ok "garbage on the console socket: the daemon still answers" ||
    bad "after console garbage: '$out'"
zb_stop c || bad "SIGTERM"

# Foreground by default, -D detaches, -d is an error.
out=$("$build/zbfwd" -d --no-dataplane -f "$ZB_TMP/none" -S "$ZB_TMP/dsock" 2>&1)
rc=$?
[ "$rc" -eq 2 ] && echo "$out" | grep -q -- '-D (--daemon)' && [ ! -e "$ZB_TMP/dsock" ] &&
    ok "zbfwd -d is refused (status 2) and says to use -D" ||
    bad "zbfwd -d: rc $rc, $out"
out=$("$build/zbfwd" -h 2>/dev/null)
rc=$?
[ "$rc" -eq 0 ] && echo "$out" | grep -q -- '-D, --daemon' &&
    echo "$out" | grep -q -- '-v, --verbose' && ok "zbfwd -h lists -D and -v" ||
    bad "zbfwd -h: rc $rc, $out"
zb_start fg "" || exit 1
kill -0 "$ZB_PID_fg" 2>/dev/null && [ -S "$ZB_SOCK_fg" ] &&
    ok "zbfwd without -D stays in the foreground (its own pid serves the socket)" ||
    bad "zbfwd without -D is not the process serving the socket"
zb_stop fg || bad "SIGTERM (foreground)"
dsock=$ZB_TMP/detached.sock
for flag in -D --daemon; do
	rm -f "$dsock" "$dsock.port"
	timeout 10 "$build/zbfwd" "$flag" --no-dataplane -f "$ZB_TMP/none" -S "$dsock" \
	    -t 127.0.0.1:0 </dev/null >"$ZB_TMP/detached.log" 2>&1
	rc=$?
	for i in $(seq 100); do
		[ -S "$dsock" ] && [ -f "$dsock.port" ] && break
		sleep 0.05
	done
	dpid=$(pgrep -f -- "zbfwd $flag --no-dataplane -f $ZB_TMP/none -S $dsock")
	out=$("$build/zbfw" -S "$dsock" -c 'show zone security' 2>&1)
	zrc=$?
	[ "$rc" -eq 0 ] && [ -n "$dpid" ] && [ "$zrc" -eq 0 ] &&
	    ok "zbfwd $flag: the command returns 0 and the detached daemon answers" ||
	    bad "zbfwd $flag: rc $rc, pid '$dpid', zbfw rc $zrc: $out $(cat "$ZB_TMP/detached.log")"
	[ -n "$dpid" ] && kill -TERM $dpid
	for i in $(seq 50); do
		[ -n "$dpid" ] && kill -0 $dpid 2>/dev/null || break
		sleep 0.1
	done
done

# -v: the daemon's debug messages (here a libtelnet warning about a
# client's bad subnegotiation) are logged; without -v they are not.
printf 'line vty 0 4\n no login\n' >"$ZB_TMP/nologin.cfg"
for v in v q; do
	if [ "$v" = v ]; then zb_start $v "$ZB_TMP/nologin.cfg" -v || exit 1
	else zb_start $v "$ZB_TMP/nologin.cfg" || exit 1; fi
	port=$(zb_telnet_port $v)
	# IAC SB NAWS 0 80 IAC 'x' IAC SE: 'x' may not follow IAC inside SB.
	printf '\377\372\037\000\120\377x\377\360' |
	    timeout 5 nc -q1 127.0.0.1 "$port" >/dev/null 2>&1
	sockvar=ZB_SOCK_$v
	# zbfw -c answers after the vty's input was read (one event loop).
	banner=$("$build/zbfw" -S "${!sockvar}" -c 'show logging' 2>&1)
	dirvar=ZB_DIR_$v
	logged=$(grep -c 'vty0: telnet warning: unexpected byte after IAC inside SB' \
	    "${!dirvar}/zbfwd.log")
	ring=$(echo "$banner" | grep -c 'vty0: telnet warning')
	dbg=$("$build/zbfw" -S "${!sockvar}" -c 'show debugging' 2>&1)
	dbgon=$(echo "$dbg" | grep -c 'Daemon (zbfwd -v) debugging is on')
	if [ "$v" = v ]; then
		[ "$dbgon" -eq 1 ] &&
		    ok "zbfwd -v: show debugging lists the daemon flag" ||
		    bad "zbfwd -v: show debugging says '$dbg'"
	else
		[ "$dbgon" -eq 0 ] &&
		    ok "without -v show debugging does not list the daemon flag" ||
		    bad "without -v: show debugging says '$dbg'"
	fi
	if [ "$v" = v ]; then
		[ "$logged" -eq 1 ] && [ "$ring" -eq 1 ] &&
		    ok "zbfwd -v logs a telnet protocol error (stderr and show logging)" ||
		    bad "zbfwd -v: $logged lines in the log, $ring in show logging"
	else
		grep -q 'ready' "${!dirvar}/zbfwd.log" && [ "$logged" -eq 0 ] &&
		    [ "$ring" -eq 0 ] &&
		    ok "without -v the same telnet error is not logged" ||
		    bad "without -v: $logged lines in the log, $ring in show logging"
	fi
	zb_stop $v || bad "SIGTERM ($v)"
done

# write memory under SIGKILL: old or new, never partial.
big=$ZB_TMP/big.cfg
for i in $(seq 3000); do
	printf 'zone security z%d\n description zone %d\n' "$i" "$i"
done >"$big"
nold=0
nnew=0
for round in $(seq 12); do
	zb_start k "$big" || { bad "start"; break; }
	old=$(cat "$ZB_DIR_k/startup-config")
	"$build/zbfw" -S "$ZB_SOCK_k" -c 'configure terminal' -c "zone security new$round" -c end >/dev/null
	new=$("$build/zbfw" -S "$ZB_SOCK_k" -c 'show running-config' |
	    sed '1,/^Current configuration/d')
	"$build/zbfw" -S "$ZB_SOCK_k" -c 'write memory' >/dev/null 2>&1 &
	wpid=$!
	sleep "0.00$((RANDOM % 10))"
	eval "kill -KILL \$ZB_PID_k"
	wait "$wpid" 2>/dev/null
	wait "$ZB_PID_k" 2>/dev/null
	got=$(cat "$ZB_DIR_k/startup-config")
	if [ "$got" = "$old" ]; then
		nold=$((nold + 1))
	elif [ "$got" = "$new" ]; then
		nnew=$((nnew + 1))
	else
		bad "round $round: startup-config is neither the old nor the new file"
		break
	fi
done
[ "$fails" -eq 0 ] && ok "write memory killed by SIGKILL: old file $nold times, new file $nnew times, never a mix"

[ "$fails" -eq 0 ]
