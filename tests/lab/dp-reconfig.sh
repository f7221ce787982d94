#!/bin/sh
# Live reconfiguration through `zbfw -S SOCK -c ...`: a policy change
# applies to new sessions at once while existing sessions live on; a
# removed zone-pair stops new sessions; zone membership changes; interfaces
# configured before they exist, appearing, renamed, removed, and matched by
# altname (rtnetlink), with their state in `show zone security` (plain
# name when up, "(down)", "(not present)"); debug cce / policy-map events
# lines.
. "$(dirname "$0")/lib.sh"
lab_setup
lab_start_fw "$LAB_INSPECT_ALL
interface r-late
 zone-member security outside
interface GigabitEthernet0/0/7
 zone-member security outside"
lab_serve out 7
lab_serve nm 7
lab_serve nm2 7
# member LINE: `show zone security` prints exactly this line
member() { zcli "show zone security" | grep -qx -- "$1"; }
check "show zone: member up, plain IOS line" member "    GigabitEthernet0/0/1"
check "show zone: r-in up, plain IOS line" member "    r-in"
check "show zone: r-late not present yet" member "    r-late (not present)"
check "show zone: GigabitEthernet0/0/7 not present" \
    member "    GigabitEthernet0/0/7 (not present)"

check "inspect: new tcp works" tcp_ok in 10.2.0.2 7
check "held connection up" tcp_held in 10.2.0.2 7 a
check "config: the class drops" lab_conf "policy-map type inspect PM-IO" \
    "class type inspect CM-ALL" "drop"
nocheck "policy now drops: new tcp refused at once" tcp_ok in 10.2.0.2 7
check "existing session lives on" tcp_held_alive a
check "config: the class inspects" lab_conf "policy-map type inspect PM-IO" \
    "class type inspect CM-ALL" "inspect"
check "back to inspect: new tcp works" tcp_ok in 10.2.0.2 7
check "config: no zone-pair" lab_conf "no zone-pair security in-out"
nocheck "zone-pair removed: new tcp refused" tcp_ok in 10.2.0.2 7
check "zone-pair removed: existing session lives on" tcp_held_alive a
check "config: the zone-pair again" lab_conf \
    "zone-pair security in-out source inside destination outside" \
    "service-policy type inspect PM-IO"
check "zone-pair again: new tcp works" tcp_ok in 10.2.0.2 7

# zone membership changed live: r-nm joins outside
nocheck "inside -> non-member refused" tcp_ok in 10.4.0.2 7
check "non-member -> non-member passes" tcp_ok nm 10.6.0.2 7
check "config: r-nm joins outside" lab_conf "interface r-nm" \
    "zone-member security outside"
check "r-nm joined outside: inside -> it inspected" tcp_ok in 10.4.0.2 7
nocheck "r-nm joined outside: nm -> nm2 now member -> non-member" \
    tcp_ok nm 10.6.0.2 7
check "control: nm2's echo answers the router" tcp_ok r 10.6.0.2 7

# an interface configured before it exists (r-late), appearing
ip netns add "zt-$LAB-late"
LAB_HOSTS="$LAB_HOSTS late"
ip link add r-late netns "zt-$LAB-r" type veth peer name eth0 netns "zt-$LAB-late"
rx ip addr add 10.7.0.1/24 dev r-late
rx ip link set r-late up
hx late ip addr add 10.7.0.2/24 dev eth0
hx late ip link set eth0 up
hx late ip link set lo up
hx late ip route add default via 10.7.0.1
lab_serve late 7
sleep 0.3
check "interface appearing later joins its configured zone" tcp_ok in 10.7.0.2 7
nocheck "... and is no longer a non-member" tcp_ok nm2 10.7.0.2 7
check "show zone: r-late present and up, plain line" member "    r-late"
rx ip link set r-late down
sleep 0.3
check "show zone: r-late link down" member "    r-late (down)"
rx ip link set r-late name r-gone
rx ip link set r-gone up
sleep 0.3
nocheck "renamed: r-gone is not in a zone (member -> non-member)" \
    tcp_ok in 10.7.0.2 7
check "renamed: non-member -> non-member passes" tcp_ok nm2 10.7.0.2 7
check "show zone: renamed away, r-late not present" \
    member "    r-late (not present)"
# matched by altname: gi0-0-7 is GigabitEthernet0/0/7
rx ip link property add dev r-gone altname gi0-0-7
sleep 0.3
check "altname gi0-0-7 matches GigabitEthernet0/0/7" tcp_ok in 10.7.0.2 7
check "show zone: GigabitEthernet0/0/7 up by altname, plain line" \
    member "    GigabitEthernet0/0/7"
rx ip link del r-gone
sleep 0.3
check "show zone: deleted, GigabitEthernet0/0/7 not present" \
    member "    GigabitEthernet0/0/7 (not present)"
zone_show() { zcli "show zone security" | grep -q "zone outside"; }
check "interface removed: daemon still serves" zone_show

# debug lines
check "debug cce, debug policy-map type inspect events" lab_ex "debug cce" \
    "debug policy-map type inspect events"
check "a connection to log" tcp_ok in 10.2.0.2 7
sleep 1.2
check "debug cce: per-packet classification logged" \
    logged 'CCE: tcp 10\.1\.0\.2:[0-9]+ -> 10\.2\.0\.2:7 zones inside -> outside: zone-pair in-out class CM-ALL action inspect'
check "debug policy-map events: session created" \
    logged 'FW: session 0x[0-9A-F]{8} created \(zone-pair in-out class CM-ALL\)'
check "undebug all" lab_ex "undebug all"
lab_done
