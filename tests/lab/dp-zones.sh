#!/bin/sh
# Zone semantics with real traffic, both directions, IPv4 and IPv6:
# intra-zone, member <-> non-member, non-member <-> non-member, zones
# without a zone-pair, and the default zone.
. "$(dirname "$0")/lib.sh"
lab_setup
lab_start_fw "$LAB_ZONES
$LAB_IFACES"
for h in in in2 out dmz nm nm2; do lab_serve $h 7; done

# controls 4|6: the servers the blocked checks aim at answer on an allowed
# path (intra-zone, non-member to non-member, or from the router: the self
# zone has no zone-pair here)
controls() {
	I=$(lab_addr in $1) N=$(lab_addr nm $1)
	O=$(lab_addr out $1) D=$(lab_addr dmz $1)
	check "v$1 control: inside's tcp echo answers inside" tcp_ok in2 $I 7
	check "v$1 control: inside's udp echo answers inside" udp_ok in2 $I 7
	check "v$1 control: inside answers ping inside" ping_ok in2 $I
	check "v$1 control: non-member's tcp echo answers a non-member" \
	    tcp_ok nm2 $N 7
	check "v$1 control: non-member's udp echo answers a non-member" \
	    udp_ok nm2 $N 7
	check "v$1 control: outside's tcp echo answers the router" tcp_ok r $O 7
	check "v$1 control: dmz answers the router's ping" ping_ok r $D
}

for a in 4 6; do
	if [ $a = 4 ]; then I2=10.5.0.2 I=10.1.0.2 O=10.2.0.2 N=10.4.0.2 N2=10.6.0.2 D=10.3.0.2
	else I2=fd05::2 I=fd01::2 O=fd02::2 N=fd04::2 N2=fd06::2 D=fd03::2; fi
	check "v$a intra-zone inside -> inside tcp" tcp_ok in $I2 7
	check "v$a intra-zone inside <- inside udp" udp_ok in2 $I 7
	check "v$a intra-zone ping" ping_ok in2 $I
	check "v$a non-member -> non-member tcp" tcp_ok nm $N2 7
	check "v$a non-member <- non-member udp" udp_ok nm2 $N 7
	check "v$a non-member ping" ping_ok nm $N2
	nocheck "v$a member -> non-member tcp" tcp_ok in $N 7
	nocheck "v$a non-member -> member tcp" tcp_ok nm $I 7
	nocheck "v$a non-member -> member ping" ping_ok nm $I
	nocheck "v$a member -> non-member udp" udp_ok out $N 7
	nocheck "v$a inside -> outside, no zone-pair tcp" tcp_ok in $O 7
	nocheck "v$a outside -> inside, no zone-pair tcp" tcp_ok out $I 7
	nocheck "v$a dmz -> inside, no zone-pair udp" udp_ok dmz $I 7
	nocheck "v$a inside -> dmz, no zone-pair ping" ping_ok in $D
	controls $a
done

# zone security default: the non-member interfaces join the default zone;
# default -> default is intra-zone, default <-> inside needs a zone-pair.
check "config: zone security default" lab_conf "zone security default"
check "default zone: nm -> nm2 tcp (intra-zone)" tcp_ok nm 10.6.0.2 7
nocheck "default zone: nm -> inside tcp (no zone-pair)" tcp_ok nm 10.1.0.2 7
check "control: inside's tcp echo answers inside" tcp_ok in2 10.1.0.2 7
check "config: pass default -> inside" lab_conf \
    "policy-map type inspect pm-def" \
    "class class-default" "pass" "exit" "exit" \
    "zone-pair security def-in source default destination inside" \
    "service-policy type inspect pm-def"
lab_sink in 9
udp_send nm 10.1.0.2 9 "zt-default-pass"
check "default -> inside: pass lets udp in" sunk in 9 zt-default-pass
nocheck "default -> inside: pass is one way (no echo back)" udp_ok nm 10.1.0.2 7
check "control: inside's udp echo answers inside" udp_ok in2 10.1.0.2 7
# the reply direction of a pass connection is classified by the reverse
# zone-pair: a pass there lets the echo back
check "config: pass inside -> default for udp from port 7" lab_conf \
    "access-list 110 permit udp any eq 7 any" \
    "class-map type inspect CM-ECHO" "match access-group 110" "exit" \
    "policy-map type inspect pm-back" "class type inspect CM-ECHO" "pass" \
    "exit" "exit" \
    "zone-pair security in-def source inside destination default" \
    "service-policy type inspect pm-back"
check "pass both ways: reverse zone-pair passes the echo" udp_ok nm 10.1.0.2 7
nocheck "reverse pass is for udp source port 7 only" tcp_ok nm 10.1.0.2 7
check "control: inside's tcp echo answers inside" tcp_ok in2 10.1.0.2 7
lab_done
