#!/bin/sh
# The host-data shows in a lab router: show interfaces / ip interface /
# ipv6 interface brief / ip route / ipv6 route / arp / ip arp / ipv6
# neighbors / inventory / dir / processes cpu, parsed with the test's own
# regexes for the IOS layouts, and the values are the router namespace's
# own (ip -j, sysfs, stat/statvfs, /proc: tests/lab/ops_shows.py): the
# names, states (r-nm set down), MTUs, MACs, addresses, the alias as
# description, the routes added here and the connected/local ones, the
# pinged hosts' ARP/ND entries, inventory, dir (startup.cfg and its size)
# and the cpu figures.  Needs no corpus.  When ntc-templates and python3
# textfsm are there, their parses of the same shows are checked too
# (tests/lab/ops_textfsm.py); else those are "SKIP: what: why" lines.
. "$(dirname "$0")/lib.sh"
lab_setup
command -v /usr/bin/python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
rx ip addr add 10.55.0.1/28 dev r-in2
rx ip route add 198.51.100.0/24 via 10.2.0.2
rx ip route add default via 10.3.0.2
rx ip -6 route add 2001:db8:99::/48 via fd02::2
rx ip link set r-dmz alias 'dmz link'
rx ip link set r-nm down
lab_start_fw "$LAB_ZONES
$LAB_IFACES"
# Neighbours and counters to show: the router pings the inside host.
check "router -> inside ping" rx ping -c 2 -W 2 -q 10.1.0.2
check "router -> inside ping6" rx ping -6 -c 2 -W 2 -q fd01::2
sleep 5	# show processes cpu: one sampler interval
/usr/bin/python3 -B "$LAB_REPO/tests/lab/ops_shows.py" "$LAB_SOCK" \
    "zt-$LAB-r" "$LAB_DIR/startup.cfg" "$LAB_FW_PID"
rc=$?
[ $rc -eq 0 ] || LAB_FAILS=$((LAB_FAILS + 1))
LAB_CHECKS=$((LAB_CHECKS + 1))
lab_done
