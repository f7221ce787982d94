#!/bin/sh
# Policy actions and class matching with real traffic: inspect (return
# traffic, TCP must start with SYN, ICMP errors of a session), pass (one
# way), drop, drop log (%FW-6-DROP_PKT), class order, match protocol,
# match access-group (number and name), nested class-maps, match-any and
# match-all; IPv4 and IPv6.
. "$(dirname "$0")/lib.sh"
lab_setup
lab_start_fw "ip access-list extended ACL-7
 permit tcp any any eq 7
 permit tcp any any eq 2007
ipv6 access-list ACL6-7
 permit tcp any any eq 7
access-list 101 permit udp any any eq 9
class-map type inspect match-any CM-WEB
 match protocol http
 match protocol telnet
class-map type inspect match-all CM-ACL
 match access-group name ACL-7
 match protocol tcp
class-map type inspect match-all CM-ACL-UDP
 match access-group name ACL-7
 match protocol udp
class-map type inspect match-all CM-ACL6
 match access-group name ACL6-7
class-map type inspect CM-ICMP
 match protocol icmp
class-map type inspect match-any CM-NEST
 match class-map CM-ICMP
class-map type inspect match-all CM-UDP9
 match protocol udp
 match access-group 101
class-map type inspect CM-DNS
 match protocol dns
class-map type inspect CM-UDP
 match protocol udp
policy-map type inspect PM-IO
 class type inspect CM-WEB
  inspect
 class type inspect CM-ACL
  inspect
 class type inspect CM-ACL-UDP
  inspect
 class type inspect CM-ACL6
  inspect
 class type inspect CM-NEST
  inspect
 class type inspect CM-UDP9
  pass
 class type inspect CM-DNS
  inspect
 class type inspect CM-UDP
  drop log
 class class-default
  drop
$LAB_ZONES
zone-pair security in-out source inside destination outside
 service-policy type inspect PM-IO
$LAB_IFACES"
for p in 7 80 23 2007 5000; do lab_serve out $p; done
lab_serve in 80
lab_sink out 9 echo

for O in 10.2.0.2 fd02::2; do
	check "$O match-any: http inspected, reply passes" tcp_ok in $O 80
	check "$O match-any: telnet inspected" tcp_ok in $O 23
	check "$O match-all: ACL + tcp (7) / IPv6 ACL" tcp_ok in $O 7
	nocheck "$O class-default drops tcp 5000" tcp_ok in $O 5000
	check "$O nested class-map: icmp inspected" ping_ok in $O
	check "$O ICMP error of a udp session passes (dns inspect)" \
	    udp_refused in $O 53
	nocheck "$O drop log: udp 7" udp_ok in $O 7
	# controls: the same servers answer the router (self zone, no
	# zone-pair: allowed)
	check "$O control: tcp 5000 answers the router" tcp_ok r $O 5000
	check "$O control: udp 7 answers the router" udp_ok r $O 7
done
check "v4 match-all ACL + tcp for 2007 (second ACL entry)" tcp_ok in 10.2.0.2 2007
nocheck "v6 2007: an IPv4 ACL never matches IPv6, not in ACL6-7" \
    tcp_ok in fd02::2 2007
check "control: v6 tcp 2007 answers the router" tcp_ok r fd02::2 2007
check "DROP_PKT logged with class and the IOS double space" \
    logged '%FW-6-DROP_PKT: Dropping udp session 10.1.0.2:[0-9]+ 10.2.0.2:7 on zone-pair in-out class CM-UDP due to  DROP action found in policy-map with ip ident [0-9]+'
check "IPv6 DROP_PKT with bracketed addresses" \
    logged '%FW-6-DROP_PKT: Dropping udp session \[fd01::2\]:[0-9]+ \[fd02::2\]:7 on zone-pair in-out class CM-UDP due to  DROP action'
nocheck "silent drop (class-default) is not logged" \
    logged 'DROP_PKT: Dropping tcp session .*:5000 on zone-pair'
udp_send in 10.2.0.2 9 "zt-pass-v4"
udp_send in fd02::2 9 "zt-pass-v6"
check "match-all udp + access-list 101: pass v4" sunk out 9 zt-pass-v4
nocheck "access-list 101 is IPv4: v6 udp 9 falls to CM-UDP drop log" \
    sunk out 9 zt-pass-v6
check "control: the udp 9 sink gets the router's v6 datagram" \
    sink_alive r out 9 6
nocheck "pass is one way: udp 9 echo never returns" udp_ok in 10.2.0.2 9
check "control: udp 9 echoes to the router" udp_ok r 10.2.0.2 9

# directions: the zone-pair says nothing about traffic starting outside
nocheck "outside -> inside http (no zone-pair)" tcp_ok out 10.1.0.2 80
nocheck "outside -> inside ping" ping_ok out 10.1.0.2
check "control: inside's http answers the router" tcp_ok r 10.1.0.2 80
check "control: inside answers the router's ping" ping_ok r 10.1.0.2
check "control: outside pings the router" ping_ok out 10.2.0.1

# TCP must start with a SYN under inspect
before=$(drops "Invalid TCP initiator")
tcp_raw in 10.2.0.2 7 A
tcp_raw in fd02::2 7 A
after=$(drops "Invalid TCP initiator")
check "inspect drops a new non-SYN TCP segment ($before -> $after)" \
    test "$after" -ge $((before + 2))
zcli "show platform hardware qfp active feature firewall drop" >"$LAB_DIR/drop.txt"
check "drop table in the IOS layout" /usr/bin/python3 -c '
import re, sys
l = open(sys.argv[1]).read().split("\n")
ok = l[0] == "-" * 79 and l[1] == "Drop Reason" + " " * 61 + "Packets" and \
    l[2] == "-" * 79 and all(len(x) == 79 and re.match(r"^\S.*\s\d+$", x)
    for x in l[3:] if x)
sys.exit(0 if ok and len(l) > 4 else 1)' "$LAB_DIR/drop.txt"
check "class-default drops counted" test "$(drops "Policy drop:classify result")" -gt 0
lab_done
