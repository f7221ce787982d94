#!/bin/sh
# Sessions and counters: `show policy-map type inspect zone-pair [sessions]`
# in the IOS layout with real sessions, counters that match what was sent
# (inspect per protocol, pass and drop packets/bytes), audit trail, and
# `clear zone-pair ... inspect sessions` really cutting a TCP connection.
. "$(dirname "$0")/lib.sh"
lab_setup
lab_start_fw "parameter-map type inspect PAUDIT
 audit-trail on
class-map type inspect match-any CM-ALL
 match protocol tcp
 match protocol udp
 match protocol icmp
class-map type inspect CM-UDP9
 match access-group 109
access-list 109 permit udp any any eq 9
policy-map type inspect PM-IO
 class type inspect CM-UDP9
  pass
 class type inspect CM-ALL
  inspect PAUDIT
 class class-default
  drop
policy-map type inspect PM-DMZ
 class class-default
  drop
$LAB_ZONES
zone-pair security in-out source inside destination outside
 service-policy type inspect PM-IO
zone-pair security in-dmz source inside destination dmz
 service-policy type inspect PM-DMZ
$LAB_IFACES"
lab_serve out 7
lab_sink out 9
SHOW="show policy-map type inspect zone-pair in-out"

check "held TCP connection up" tcp_held in 10.2.0.2 7 a
check "held IPv6 TCP connection up" tcp_held in fd02::2 7 b
got=$(udp_burst in 10.2.0.2 7 10 100)
check "10 udp echoes came back ($got)" test "$got" = 10
udp_burst in 10.2.0.2 9 7 200 >/dev/null
udp_burst in 10.3.0.2 7 5 50 >/dev/null
sleep 2.2
zcli "$SHOW sessions" >"$LAB_DIR/sess.txt"
zcli "$SHOW" >"$LAB_DIR/stats.txt"
zcli "show policy-map type inspect zone-pair in-dmz" >"$LAB_DIR/dmz.txt"
cat "$LAB_DIR/sess.txt"
check "Established Sessions header" grep -qx '        Established Sessions' "$LAB_DIR/sess.txt"
check "TCP session line" grep -Eqx '         Session ID 0x[0-9A-F]{8} \(10\.1\.0\.2:[0-9]+\)=>\(10\.2\.0\.2:7\) tcp SIS_OPEN' "$LAB_DIR/sess.txt"
check "IPv6 TCP session line" grep -Eqx '         Session ID 0x[0-9A-F]{8} \[fd01::2\]:[0-9]+=>\[fd02::2\]:7 tcp SIS_OPEN' "$LAB_DIR/sess.txt"
check "UDP session line" grep -Eqx '         Session ID 0x[0-9A-F]{8} \(10\.1\.0\.2:[0-9]+\)=>\(10\.2\.0\.2:7\) udp SIS_OPEN' "$LAB_DIR/sess.txt"
check "Created/Last heard line" grep -Eqx '          Created [0-9]{2}:[0-9]{2}:[0-9]{2}, Last heard [0-9]{2}:[0-9]{2}:[0-9]{2}' "$LAB_DIR/sess.txt"
# 10 datagrams of 100 bytes + 28 bytes of headers each way
check "UDP bytes sent [1280:1280]" grep -qx '          Bytes sent (initiator:responder) \[1280:1280\]' "$LAB_DIR/sess.txt"
check "udp packets counted (20)" grep -qx '        udp packets: \[0:20\]' "$LAB_DIR/stats.txt"
check "3 sessions created" grep -q 'Session creations since subsystem startup or last reset 3$' "$LAB_DIR/stats.txt"
check "current sessions [3:0:0]" grep -q 'Current session counts (estab/half-open/terminating) \[3:0:0\]' "$LAB_DIR/stats.txt"
check "pass class counts 7 packets, 1596 bytes" grep -qx '        7 packets, 1596 bytes' "$LAB_DIR/stats.txt"
check "drop class counts 5 packets, 390 bytes" grep -qx '        5 packets, 390 bytes' "$LAB_DIR/dmz.txt"
check "audit trail start" logged '%FW-6-SESS_AUDIT_TRAIL_START: \(target:class\)-\(in-out:CM-ALL\):Start tcp session: initiator \(10\.1\.0\.2:[0-9]+\) -- responder \(10\.2\.0\.2:7\)'

check "held connection alive before clear" tcp_held_alive a
check "clear zone-pair in-out inspect sessions" \
    lab_ex "clear zone-pair in-out inspect sessions"
sleep 0.5
nocheck "clear sessions cut the held connection" tcp_held_alive a
nocheck "clear sessions cut the held IPv6 connection" tcp_held_alive b
check "audit trail stop with bytes" logged '%FW-6-SESS_AUDIT_TRAIL: \(target:class\)-\(in-out:CM-ALL\):Stop tcp session: initiator \(10\.1\.0\.2:[0-9]+\) sent [1-9][0-9]* bytes -- responder \(10\.2\.0\.2:7\) sent [1-9][0-9]* bytes'
check "new connections still work after clear" tcp_ok in 10.2.0.2 7
sleep 1.2
zcli "$SHOW sessions" >"$LAB_DIR/sess2.txt"
nocheck "the cleared UDP session is gone" grep -q 'udp SIS_OPEN' "$LAB_DIR/sess2.txt"
check "clear zone-pair in-out counters" \
    lab_ex "clear zone-pair in-out counters"
zcli "$SHOW" >"$LAB_DIR/stats2.txt"
check "clear counters: sessions created 0" grep -q 'Session creations since subsystem startup or last reset 0$' "$LAB_DIR/stats2.txt"
check "clear counters: pass class 0 packets" grep -qx '        0 packets, 0 bytes' "$LAB_DIR/stats2.txt"
check "clear counters: reset time set" grep -Eq 'Last statistic reset [0-9]{2}:' "$LAB_DIR/stats2.txt"
lab_done
