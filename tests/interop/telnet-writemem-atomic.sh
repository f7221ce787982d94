#!/bin/bash
# `write memory` is atomic: zbfwd is killed with SIGKILL at random moments
# while it writes a large configuration; the startup-config must then hold
# exactly the old or the new configuration, never a mix or a partial file,
# and the previous version must be kept as startup-config.bak.
. "$(dirname "$0")/../lib.sh"
zb_need_build

big_banner() {	# a ~1 MB configuration: the write takes a while
	local tag=$1
	echo "banner motd ^"
	seq 1 20000 | sed "s/^/$tag line /"
	echo "^"
}

big_banner A >"$ZB_TMP/a.cfg"
zb_start wm "$ZB_TMP/a.cfg" || exit 1
dir=$ZB_DIR_wm
file=$dir/startup-config
"$build/zbfw" -S "$ZB_SOCK_wm" -c 'write memory' >/dev/null || exit 1
[ -f "$file.bak" ] || { echo "no .bak kept"; exit 1; }

body() {	# the running config as write memory saves it
	"$build/zbfw" -S "$1" -c 'show running-config' | tail -n +4
}

ok=0
for round in $(seq 1 12); do
	tag=R$round
	{ echo enable; echo "configure terminal"; big_banner "$tag"; echo end; } |
	    "$build/zbfw" -S "$ZB_SOCK_wm" >/dev/null
	old=$(cat "$file")
	new=$(body "$ZB_SOCK_wm")
	[ "$old" != "$new" ] || { echo "round $round: config did not change"; exit 1; }
	"$build/zbfw" -S "$ZB_SOCK_wm" -c 'write memory' >/dev/null 2>&1 &
	sleep "0.00$((RANDOM % 10))"
	kill -KILL "$ZB_PID_wm"
	wait "$ZB_PID_wm" 2>/dev/null
	wait
	now=$(cat "$file")
	if [ "$now" = "$old" ]; then
		:
	elif [ "$now" = "$new" ]; then
		ok=$((ok + 1))
	else
		echo "round $round: startup-config is neither the old nor the new file"
		exit 1
	fi
	# restart on whatever was saved; it must load without errors
	cp "$file" "$ZB_TMP/cur.cfg"
	zb_start wm "$ZB_TMP/cur.cfg" || exit 1
	file=$ZB_DIR_wm/startup-config
	if grep -q '%' "$ZB_DIR_wm/zbfwd.log"; then
		echo "round $round: reload reported errors"
		cat "$ZB_DIR_wm/zbfwd.log"
		exit 1
	fi
done
echo "12 kills during write memory: $ok new, $((12 - ok)) old, 0 partial"
zb_stop wm
# a temporary of an interrupted write is removed when zbfwd starts
: >"$ZB_DIR_wm/startup-config.Ab12Yz"
"$build/zbfwd" --no-dataplane -f "$ZB_DIR_wm/startup-config" \
    -S "$ZB_TMP/again.sock" -t 127.0.0.1:0 </dev/null >/dev/null 2>&1 &
pid=$!
for i in $(seq 100); do [ -f "$ZB_TMP/again.sock.port" ] && break; sleep 0.05; done
kill -TERM "$pid"
wait "$pid"
[ ! -e "$ZB_DIR_wm/startup-config.Ab12Yz" ] ||
    { echo "temporary file of an interrupted write left"; exit 1; }
