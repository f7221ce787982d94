#!/bin/sh
# The self zone: traffic to and from the router passes unless a zone-pair
# with self exists for that direction; then that policy applies to that
# direction only.  IPv4 and IPv6.
. "$(dirname "$0")/lib.sh"
lab_setup
lab_start_fw "$LAB_ZONES
$LAB_IFACES"
lab_serve r 2222
lab_serve in 7
lab_serve out 7

for a in 10.1.0.1 fd01::1; do
	check "$a no self zone-pair: inside -> router tcp" tcp_ok in $a 2222
	check "$a no self zone-pair: inside -> router ping" ping_ok in $a
done
check "no self zone-pair: router -> inside tcp" tcp_ok r 10.1.0.2 7
check "no self zone-pair: router -> outside udp v6" udp_ok r fd02::2 7
check "non-member -> router" ping_ok nm 10.4.0.1

check "config: self zone-pairs" lab_conf \
    "class-map type inspect match-any CM-MGMT" "match protocol tcp" "exit" \
    "policy-map type inspect PM-SELF" "class type inspect CM-MGMT" "inspect" \
    "exit" "class class-default" "drop log" "exit" "exit" \
    "policy-map type inspect PM-DROP" "class class-default" "drop" "exit" \
    "exit" \
    "zone-pair security in-self source inside destination self" \
    "service-policy type inspect PM-SELF" "exit" \
    "zone-pair security self-out source self destination outside" \
    "service-policy type inspect PM-DROP"
for a in 10.1.0.1 fd01::1; do
	check "$a inside -> self policy: tcp inspected" tcp_ok in $a 2222
	nocheck "$a inside -> self policy: ping dropped" ping_ok in $a
	nocheck "$a inside -> self policy: udp dropped" udp_ok in $a 2222
	# controls: the router answers a non-member (no zone-pair for it);
	# udp to its address on that link (a reply to $a would leave from it)
	check "$a control: the router answers a non-member's ping" ping_ok nm $a
	case $a in *:*) nma=fd04::1 ;; *) nma=10.4.0.1 ;; esac
	check "$nma control: the router's udp echo answers a non-member" \
	    udp_ok nm $nma 2222
done
check "drop log names zone-pair in-self" \
    logged 'DROP_PKT: Dropping (icmp|udp) session 10.1.0.2:[0-9]+ 10.1.0.1:[0-9]+ on zone-pair in-self class class-default'
check "self -> inside has no zone-pair: passes" tcp_ok r 10.1.0.2 7
check "self -> inside ping" ping_ok r fd01::2
nocheck "self -> outside drop policy: tcp" tcp_ok r 10.2.0.2 7
nocheck "self -> outside drop policy: ping v6" ping_ok r fd02::2
check "outside -> self has no zone-pair: passes" tcp_ok out 10.2.0.1 2222
check "dmz -> self passes" ping_ok dmz fd03::1
check "non-member -> self still passes" ping_ok nm 10.4.0.1
# control for the self -> outside drops: without that zone-pair the same
# server answers on the same path
check "config: no zone-pair self-out" lab_conf "no zone-pair security self-out"
check "control: no self-out zone-pair: self -> outside tcp" tcp_ok r 10.2.0.2 7
check "control: no self-out zone-pair: self -> outside ping v6" \
    ping_ok r fd02::2
lab_done
