#!/bin/sh
# traceroute from the router's own stack (daemon/sys_trace.c): through the
# outside host (forwarding to a far namespace behind it) the first hop is
# the outside host (time exceeded), the second the far host (port
# unreachable, which ends the trace); IPv4 and IPv6; a hop that does not
# answer is "* * *".
. "$(dirname "$0")/lib.sh"
LAB_HOSTS="$LAB_HOSTS far"	# made and removed with the others
lab_setup
# far (10.9.0.2, fd09::2) sits behind out (10.9.0.1, fd09::1)
ip link add eth1 netns "zt-$LAB-out" type veth peer name eth0 \
    netns "zt-$LAB-far"
hx out ip addr add 10.9.0.1/24 dev eth1
hx out ip -6 addr add fd09::1/64 dev eth1 nodad
hx out ip link set eth1 up
hx out sysctl -qw net.ipv4.ip_forward=1
hx out sysctl -qw net.ipv6.conf.all.forwarding=1
hx far ip addr add 10.9.0.2/24 dev eth0
hx far ip -6 addr add fd09::2/64 dev eth0 nodad
hx far ip link set eth0 up
hx far ip link set lo up
hx far ip route add default via 10.9.0.1
hx far ip -6 route add default via fd09::1
# No ICMP rate limit in the two hops (this test's namespaces only): a
# limited third answer would be a '*'.
for h in out far; do
	hx $h sysctl -qw net.ipv4.icmp_ratelimit=0
	hx $h sysctl -qw net.ipv6.icmp.ratelimit=0
done
rx ip route add 10.9.0.0/24 via 10.2.0.2
rx ip -6 route add fd09::/64 via fd02::2
# 10.8.0.0/24 leads to the outside host, which drops it: no answers
rx ip route add 10.8.0.0/24 via 10.2.0.2
hx out ip route add blackhole 10.8.0.0/24
lab_start_fw "$LAB_ZONES
$LAB_IFACES"

# Bounded: 1 s per silent probe, at most 4 hops.
tr_has() { zcli_has "traceroute $1 timeout 1 ttl 1 4" "$2"; }
hop='[0-9]+ msec [0-9]+ msec [0-9]+ msec$'
check "traceroute 10.9.0.2: header" tr_has 10.9.0.2 '^Tracing the route to 10\.9\.0\.2$'
check "hop 1 is the outside host" tr_has 10.9.0.2 "^  1 10\.2\.0\.2 $hop"
check "hop 2 is the far host" tr_has 10.9.0.2 "^  2 10\.9\.0\.2 $hop"
nocheck "and no hop 3" tr_has 10.9.0.2 '^  3 '
check "traceroute fd09::2: hop 1" tr_has fd09::2 "^  1 FD02::2 $hop"
check "traceroute fd09::2: hop 2" tr_has fd09::2 "^  2 FD09::2 $hop"
check "probe 1: one time per hop" tr_has "10.9.0.2 probe 1" '^  2 10\.9\.0\.2 [0-9]+ msec$'
check "silent hops: * * *" tr_has 10.8.0.5 '^  2 \* \* \*$'
check "silent hops: the trace goes on to the maximum" tr_has 10.8.0.5 '^  4 \* \* \*$'
zcli "traceroute 10.9.0.2 ttl 2 3" >"$LAB_DIR/tr.out" 2>&1
check "ttl 2 3 starts at hop 2" grep -Eq "^  2 10\.9\.0\.2 $hop" "$LAB_DIR/tr.out"
nocheck "ttl 2 3: no hop 1" grep -q '^  1 ' "$LAB_DIR/tr.out"
lab_done
