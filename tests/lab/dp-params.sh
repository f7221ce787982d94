#!/bin/sh
# parameter-map type inspect enforced per session: udp/tcp idle-time (and a
# udp idle-time longer than the kernel's, set on the conntrack entry), tcp
# synwait-time, sessions maximum, max-incomplete low/high, and global
# log dropped-packets.
. "$(dirname "$0")/lib.sh"
lab_setup
lab_start_fw "parameter-map type inspect global
 log dropped-packets enable
parameter-map type inspect P-SHORT
 udp idle-time 3
 tcp idle-time 3
 tcp synwait-time 2
parameter-map type inspect P-LONG
 udp idle-time 100
parameter-map type inspect P-MAX
 sessions maximum 2
parameter-map type inspect P-UHALF
 udp idle-time 6
 udp half-open idle-time 1000
parameter-map type inspect P-DNS
 udp idle-time 30
 dns-timeout 2
parameter-map type inspect P-RATE
 one-minute low 2
 one-minute high 3
parameter-map type inspect P-HOST
 tcp max-incomplete host 2 block-time 1
parameter-map type inspect P-INC
 max-incomplete low 2
 max-incomplete high 3
 tcp synwait-time 2
access-list 107 permit tcp any any eq 7
access-list 107 permit udp any any eq 7
access-list 107 permit tcp any any eq 8888
access-list 117 permit udp any any eq 17
access-list 119 permit tcp any any eq 19
access-list 129 permit tcp any any eq 9999
access-list 127 permit udp any any eq 27
access-list 127 permit udp any any eq 28
access-list 139 permit tcp any any eq 39
ipv6 access-list ACL6-HOST
 permit tcp any any eq 9998
class-map type inspect CM-SHORT
 match access-group 107
class-map type inspect CM-LONG
 match access-group 117
class-map type inspect CM-MAX
 match access-group 119
class-map type inspect CM-UHALF
 match access-group 127
class-map type inspect CM-DNS
 match protocol dns
class-map type inspect CM-RATE
 match access-group 139
class-map type inspect CM-HOST
 match access-group name ACL6-HOST
class-map type inspect CM-INC
 match access-group 129
policy-map type inspect PM-IO
 class type inspect CM-SHORT
  inspect P-SHORT
 class type inspect CM-LONG
  inspect P-LONG
 class type inspect CM-MAX
  inspect P-MAX
 class type inspect CM-HOST
  inspect P-HOST
 class type inspect CM-INC
  inspect P-INC
 class type inspect CM-UHALF
  inspect P-UHALF
 class type inspect CM-DNS
  inspect P-DNS
 class type inspect CM-RATE
  inspect P-RATE
 class class-default
  drop
$LAB_ZONES
zone-pair security in-out source inside destination outside
 service-policy type inspect PM-IO
$LAB_IFACES"
for p in 7 17 19 28 53 39; do lab_serve out $p; done
# unanswered SYNs: half-open sessions
hx out iptables -A INPUT -p tcp -m multiport --dports 8888,9999 -j DROP
hx out ip6tables -A INPUT -p tcp --dport 9998 -j DROP
SHOW="show policy-map type inspect zone-pair in-out sessions"
sessions() { zcli "$SHOW"; }

# idle timeouts
check "udp session up" udp_ok in 10.2.0.2 7
check "tcp held up" tcp_held in 10.2.0.2 7 a
sleep 1.2
check "udp session listed" sh -c "$(command -v "$ZBFW") -S '$LAB_SOCK' -c '$SHOW' | grep -q '=>(10.2.0.2:7) udp'"
sleep 3.5
sessions >"$LAB_DIR/s1.txt"
nocheck "udp idle-time 3: session gone" grep -q '=>(10.2.0.2:7) udp' "$LAB_DIR/s1.txt"
nocheck "tcp idle-time 3: idle connection cut" tcp_held_alive a
check "control: a new connection to that server works" tcp_ok in 10.2.0.2 7

# udp idle-time longer than the kernel's udp timeout: conntrack extended
udp_ok in 10.2.0.2 17
sleep 2.2
t=$(rx conntrack -L -p udp --dport 17 2>/dev/null | awk '{print $3}' | head -1)
check "udp idle-time 100 set on the conntrack entry (timeout $t)" test "${t:-0}" -gt 60

# synwait
hx in /usr/bin/python3 -c '
import socket
s = socket.socket(); s.setblocking(False)
try: s.connect(("10.2.0.2", 8888))
except BlockingIOError: pass
import time; time.sleep(6)' &
sleep 1.2
sessions >"$LAB_DIR/s2.txt"
check "half-open session listed" grep -q '=>(10.2.0.2:8888) tcp SIS_OPENING' "$LAB_DIR/s2.txt"
sleep 3.5
sessions >"$LAB_DIR/s3.txt"
# The client's SYN retransmissions start new half-open sessions (the
# kernel may even reuse the id); none may be older than synwait + sweep.
oldest=$(grep -A1 ':8888) tcp' "$LAB_DIR/s3.txt" | awk -F'[ :,]+' \
    '/Created/ { s = $3 * 3600 + $4 * 60 + $5; if (s > m) m = s } END { print m + 0 }')
check "synwait-time 2: no half-open session older than 3 s ($oldest)" \
    test "$oldest" -le 3

# sessions maximum 2
check "session 1 of 2" tcp_held in 10.2.0.2 19 m1
check "session 2 of 2" tcp_held in 10.2.0.2 19 m2
sleep 1.2
nocheck "sessions maximum 2: third refused" tcp_ok in 10.2.0.2 19
check "control: that server answers the router (no zone-pair)" \
    tcp_ok r 10.2.0.2 19
check "Exceed session limit counted" test "$(drops "Exceed session limit")" -gt 0
check "SESSIONS_MAXIMUM logged" logged '%FW-4-SESSIONS_MAXIMUM:'
check "an existing session still works" tcp_held_alive m1

# max-incomplete high 3: the fourth half-open connection is refused
hx in /usr/bin/python3 -c '
import socket, time
ss = []
for i in range(6):
    s = socket.socket(); s.setblocking(False)
    try: s.connect(("10.2.0.2", 9999))
    except BlockingIOError: pass
    ss.append(s)
    time.sleep(0.4)
time.sleep(1)' &
sleep 3.8
check "max-incomplete: TCP half-open limit drops counted" \
    test "$(drops "TCP - Half-open session limit exceed")" -gt 0
check "ALERT_ON logged" logged '%FW-4-ALERT_ON: getting aggressive'
sleep 3
check "ALERT_OFF once half-open sessions time out" logged '%FW-4-ALERT_OFF: calming down'
# udp half-open idle-time 1000 ms (udp idle-time 6): an unanswered udp
# session goes within ~2 s, an answered one stays
lab_sink out 27
udp_send in 10.2.0.2 27 "zt-halfopen"
check "udp session answered (port 28)" udp_ok in 10.2.0.2 28
sleep 2.8
sessions >"$LAB_DIR/s4.txt"
nocheck "udp half-open idle-time: unanswered session gone" \
    grep -q '=>(10.2.0.2:27) udp' "$LAB_DIR/s4.txt"
check "udp idle-time 6: answered session still there" \
    grep -q '=>(10.2.0.2:28) udp' "$LAB_DIR/s4.txt"

# dns-timeout 2 (udp idle-time 30) for dns sessions
check "dns session up" udp_ok in 10.2.0.2 53
sleep 1.2
check "dns session listed" sh -c "'$ZBFW' -S '$LAB_SOCK' -c '$SHOW' | grep -q '=>(10.2.0.2:53) dns'"
sleep 2.5
sessions >"$LAB_DIR/s5.txt"
nocheck "dns-timeout 2: dns session gone" grep -q ':53) dns' "$LAB_DIR/s5.txt"

# one-minute high 3: the fourth new session within a minute is refused
check "rate: session 1" tcp_ok in 10.2.0.2 39
check "rate: session 2" tcp_ok in 10.2.0.2 39
check "rate: session 3" tcp_ok in 10.2.0.2 39
nocheck "one-minute high 3: fourth refused" tcp_ok in 10.2.0.2 39
check "control: that server answers the router (no zone-pair)" \
    tcp_ok r 10.2.0.2 39
check "Firewall No new session allow counted" \
    test "$(drops "Firewall No new session allow")" -gt 0

# tcp max-incomplete host 2 block-time 1: the third half-open session to
# fd02::2 blocks the host
hx in /usr/bin/python3 -c '
import socket, time
ss = []
for i in range(4):
    s = socket.socket(socket.AF_INET6); s.setblocking(False)
    try: s.connect(("fd02::2", 9998))
    except BlockingIOError: pass
    ss.append(s)
    time.sleep(0.4)
time.sleep(0.5)' 
check "max-incomplete host: BLOCK_HOST logged" \
    logged '%FW-2-BLOCK_HOST: Blocking new TCP connections to host fd02::2 for 1 minute \(half-open count 2 exceeded\)'
check "max-incomplete host: blocked connections counted" \
    test "$(drops "Synflood blackout drop")" -gt 0

# global log dropped-packets: class-default drop logged though not "drop log"
tcp_ok in 10.2.0.2 5555
check "log dropped-packets: class-default drop logged" \
    logged 'DROP_PKT: Dropping tcp session 10\.1\.0\.2:[0-9]+ 10\.2\.0\.2:5555 on zone-pair in-out class class-default'
lab_done
