#!/bin/sh
# Fail closed and restart: with zbfwd killed (-9) or stopped, new
# connections are dropped and established ones keep flowing (an iperf3
# stream and a held TCP connection); after a restart the sessions are
# rebuilt from conntrack and new connections work again.  The chains are
# installed once however often zbfwd starts.
. "$(dirname "$0")/lib.sh"
lab_setup
command -v iperf3 >/dev/null || { echo "SKIP: no iperf3"; exit 77; }
CFG="$LAB_INSPECT_ALL"
lab_start_fw "$CFG"
lab_serve out 7
lab_serve nm2 7
check "before: non-member -> non-member connection works" tcp_ok nm 10.6.0.2 7
hx out iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
sleep 0.3
hx in iperf3 -c 10.2.0.2 -p 5201 -t 15 -i 1 -J >"$LAB_DIR/iperf.json" 2>&1 &
IPERF=$!
check "held TCP connection up" tcp_held in 10.2.0.2 7 a
check "v6 held TCP connection up" tcp_held in fd02::2 7 b
sleep 2

lab_kill9_fw
check "kill -9: established connection keeps flowing" tcp_held_alive a
nocheck "kill -9: new connection dropped (fail closed)" tcp_ok in 10.2.0.2 7
nocheck "kill -9: new non-member connection dropped too" tcp_ok nm 10.6.0.2 7
sleep 1
lab_start_fw "$CFG"
sleep 1.5
check "restart rebuilt sessions from conntrack" \
    logged 'dataplane: NFQUEUE 0, [1-9][0-9]* sessions rebuilt from conntrack'
check "after restart: established v4 still flowing" tcp_held_alive a
check "after restart: established v6 still flowing" tcp_held_alive b
check "after restart: new connections work" tcp_ok in 10.2.0.2 7
check "after restart: new non-member connections work" tcp_ok nm 10.6.0.2 7
zcli "show policy-map type inspect zone-pair in-out sessions" >"$LAB_DIR/s.txt"
check "after restart: the iperf3 session is listed" \
    grep -Eq '\(10\.1\.0\.2:[0-9]+\)=>\(10\.2\.0\.2:5201\) tcp SIS_OPEN' "$LAB_DIR/s.txt"

lab_stop_fw
check "clean stop: established keeps flowing" tcp_held_alive a
nocheck "clean stop: new connection dropped (fail closed)" tcp_ok in 10.2.0.2 7
lab_start_fw "$CFG"
sleep 0.5
check "second restart: new connections work" tcp_ok in 10.2.0.2 7
wait $IPERF
check "iperf3 stream ran through kill -9 and restarts without a stall" \
    /usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
iv = [i["sum"]["bits_per_second"] for i in j["intervals"]]
print("iperf3 intervals (Mbit/s):", " ".join("%.0f" % (b / 1e6) for b in iv))
sys.exit(0 if len(iv) >= 14 and min(iv) > 0 and "error" not in j else 1)' \
    "$LAB_DIR/iperf.json"
n=$(rx iptables -S FORWARD | grep -c -- '-j ZBFW$')
n6=$(rx ip6tables -S INPUT | grep -c -- '-j ZBFW$')
check "hooks installed once after 3 starts ($n, $n6)" test "$n" = 1 -a "$n6" = 1

# Without CAP_NET_ADMIN zbfwd refuses to start, with a % error.  Still root
# (so the build is reachable wherever the clone is, e.g. under a 0700
# directory): only NET_ADMIN is dropped, from the bounding set (and nothing
# inherited), so the exec'd zbfwd has every capability but that one.  The
# same binary started above with it is the positive control.
if command -v setpriv >/dev/null; then
	ip netns exec "zt-$LAB-r" setpriv --inh-caps=-all \
	    --bounding-set=-net_admin timeout 5 "$ZBFWD" \
	    -f "$LAB_DIR/startup.cfg" -S "$LAB_DIR/np.sock" -t none \
	    >"$LAB_DIR/np.out" 2>&1
	rc=$?
	cat "$LAB_DIR/np.out"
	check "no CAP_NET_ADMIN: exit status $rc and a % error" \
	    sh -c "[ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q '^% .*CAP_NET_ADMIN' '$LAB_DIR/np.out'"
else
	echo "SKIP: no CAP_NET_ADMIN: no setpriv (util-linux)"
fi
lab_done
