#!/bin/sh
# Bounded under load: a new-flow flood is cut by sessions maximum (and
# counted), established flows keep going, the daemon keeps answering the
# console, its memory stays bounded; a queue overload (the daemon stalled
# while more than the queue length of new flows arrive) drops and counts.
. "$(dirname "$0")/lib.sh"
lab_setup
lab_start_fw "parameter-map type inspect global
 sessions maximum 2000
$LAB_INSPECT_ALL"
lab_serve out 7
lab_serve nm2 7
check "held TCP connection up" tcp_held in 10.2.0.2 7 a

flood() {	# SECS: UDP to ever new destination ports, as fast as python goes
	hx in /usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.time() + float(sys.argv[1]); n = 0
while time.time() < end:
    for p in range(20000, 60000):
        try: s.sendto(b"f", ("10.2.0.2", p))
        except OSError: pass
        n += 1
        if n % 1000 == 0 and time.time() >= end: break
print(n)' "$1"
}

check "debug cce" lab_ex "debug cce"
flood 4 >"$LAB_DIR/flood.n" &
FLOOD=$!
sleep 1
t0=$(date +%s%N)
zcli "show zone security" >/dev/null
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
check "console answers during the flood (${ms} ms)" test "$ms" -lt 2000
check "established connection flows during the flood" tcp_held_alive a
wait $FLOOD
echo "flood: $(cat "$LAB_DIR/flood.n") datagrams"
check "undebug all" lab_ex "undebug all"
check "debug cce during the flood: lines rate-limited" \
    logged 'FW: [0-9]+ per-packet debug lines suppressed'

sleep 1.2
S=$(zcli "show policy-map type inspect zone-pair in-out")
cur=$(echo "$S" | sed -n 's/.*Current session counts (estab\/half-open\/terminating) \[\([0-9]*\):\([0-9]*\):\([0-9]*\)\]/\1 \2 \3/p')
total=$(echo $cur | awk '{print $1 + $2 + $3}')
check "sessions bounded by sessions maximum 2000 ($total)" test "${total:-99999}" -le 2000
check "flood beyond the limit dropped and counted" \
    test "$(drops "Exceed session limit")" -gt 0
rss=$(awk '/VmRSS/ {print $2}' /proc/$LAB_FW_PID/status)
check "daemon memory bounded (${rss} kB RSS)" test "$rss" -lt 200000

# queue overload: stall the daemon, push more new flows than the queue holds
kill -STOP "$LAB_FW_PID"
flood 2 >/dev/null
kill -CONT "$LAB_FW_PID"
sleep 1.5
check "queue overflow dropped and counted ($(drops "Firewall punt queue overflow"))" \
    test "$(drops "Firewall punt queue overflow")" -gt 0
check "after the overload: verdicts again (new non-member flow)" tcp_ok nm 10.6.0.2 7
check "after the overload: established still flows" tcp_held_alive a
lab_done
