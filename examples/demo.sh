#!/bin/bash
# zbfw demo: a router in a network namespace runs zbfwd on the seed
# configuration (zone1 -> zone2 with SIP inspection), a console session
# shows the configuration and the diagnostics, then real traffic and a SIP
# call (sipp) cross the firewall and the counters move.
#
# Usage (as root, on Debian 12): ./examples/demo.sh [--interactive]
#   --interactive   end at the router's zbfw console; leave it with `exit`
#                   and the lab is cleaned up.
#
#   zt-demo-a (zone1)           zt-demo-r (router, zbfwd)          zt-demo-b (zone2)
#   eth0 10.0.1.2 ---- gi0-0-0 10.0.1.1 | gi0-1-1 10.0.2.1 ---- eth0 10.0.2.2
#   phone (sipp uac)   GigabitEthernet0/0/0   GigabitEthernet0/1/1   sipp uas
set -u

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${ZBFW_BUILD:-$repo/build}
interactive=0
[ "${1:-}" = --interactive ] && interactive=1

A=zt-demo-a
R=zt-demo-r
B=zt-demo-b
tmp=
dpid=

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
note() { printf '   (%s)\n' "$*"; }

cleanup() {
	set +e
	if [ -n "$dpid" ]; then
		kill -TERM "$dpid" 2>/dev/null
		wait "$dpid" 2>/dev/null
	fi
	for ns in $A $B $R; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	[ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" -ne 0 ]; then
	echo "demo.sh: run as root (it creates network namespaces)" >&2
	exit 1
fi

say "Installing missing Debian packages (tests/deps.txt)"
"$repo/tests/install-deps.sh" </dev/null || exit 1

say "Building in $build"
if ! "$repo/tests/build.sh" >"${TMPDIR:-/tmp}/zbfw-demo-build.log" 2>&1; then
	tail -n 30 "${TMPDIR:-/tmp}/zbfw-demo-build.log"
	echo "demo.sh: the build failed (log: ${TMPDIR:-/tmp}/zbfw-demo-build.log)" >&2
	exit 1
fi
echo "   built $build/zbfwd and $build/zbfw"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zbfw-demo.XXXXXX")
chmod 755 "$tmp"

say "Creating the lab: namespaces $A (zone1), $R (router), $B (zone2)"
cleanup_quiet() { for ns in $A $B $R; do ip netns del "$ns" 2>/dev/null; done; }
cleanup_quiet
ip netns add $A && ip netns add $R && ip netns add $B || exit 1
ip link add eth0 netns $A type veth peer name gi0-0-0 netns $R
ip link add eth0 netns $B type veth peer name gi0-1-1 netns $R
ip -n $A addr add 10.0.1.2/24 dev eth0
ip -n $B addr add 10.0.2.2/24 dev eth0
ip -n $R addr add 10.0.1.1/24 dev gi0-0-0
ip -n $R addr add 10.0.2.1/24 dev gi0-1-1
for ns in $A $R $B; do
	ip -n "$ns" link set lo up
done
ip -n $A link set eth0 up
ip -n $B link set eth0 up
ip -n $R link set gi0-0-0 up
ip -n $R link set gi0-1-1 up
ip -n $A route add default via 10.0.1.1
ip -n $B route add default via 10.0.2.1
ip netns exec $R sysctl -qw net.ipv4.ip_forward=1
echo "   $A 10.0.1.2 -- gi0-0-0 [router] gi0-1-1 -- 10.0.2.2 $B"

say "Startup-config: the seed document's two examples"
cat "$repo/examples/seed-enable-sip-inspection.cfg" \
    "$repo/examples/seed-zone-pair.cfg" >"$tmp/startup-config"
sed 's/^/   | /' "$tmp/startup-config"

start_daemon() {
	ip netns exec $R "$build/zbfwd" -f "$tmp/startup-config" \
	    -S "$tmp/sock" -t 127.0.0.1:2323 "$@" </dev/null \
	    >>"$tmp/zbfwd.log" 2>&1 &
	dpid=$!
	local i
	for i in $(seq 100); do
		[ -S "$tmp/sock" ] && return 0
		kill -0 "$dpid" 2>/dev/null || break
		sleep 0.1
	done
	wait "$dpid" 2>/dev/null
	dpid=
	return 1
}

say "Starting zbfwd in $R"
dataplane=1
if ! start_daemon; then
	sed 's/^/   | /' "$tmp/zbfwd.log"
	note "the dataplane did not start; running zbfwd --no-dataplane: configuration and CLI only, no packets are filtered"
	dataplane=0
	if ! start_daemon --no-dataplane; then
		sed 's/^/   | /' "$tmp/zbfwd.log"
		echo "demo.sh: zbfwd does not start" >&2
		exit 1
	fi
fi
echo "   zbfwd pid $dpid, console socket $tmp/sock, telnet 127.0.0.1:2323 (inside $R)"
if [ -s "$tmp/zbfwd.log" ]; then
	sed 's/^/   | /' "$tmp/zbfwd.log"
fi

# One console command: print it as typed at the router, then its output.
console() {
	printf '\nRouter# %s\n' "$*"
	"$build/zbfw" -S "$tmp/sock" -c "$*" 2>&1 | sed 's/^/  /'
}

say "A console session (zbfw -c ...)"
console "show running-config"
console "show zone security"
console "show zone-pair security"
console "show policy-map type inspect zone-pair sessions"

say "Traffic through the firewall"
if [ "$dataplane" -eq 0 ]; then
	note "not shown: the dataplane is not available in this build yet"
else
	# zone1 -> zone2 ICMP is not SIP: class-default drops it.
	if ip netns exec $A ping -c 2 -W 1 10.0.2.2 >/dev/null 2>&1; then
		echo "   ping zone1 -> zone2: answered (expected: dropped by class-default)"
	else
		echo "   ping zone1 -> zone2: dropped by class class-default, as configured"
	fi
	# zone2 -> zone1: no zone-pair for that direction.
	if ip netns exec $B ping -c 2 -W 1 10.0.1.2 >/dev/null 2>&1; then
		echo "   ping zone2 -> zone1: answered (expected: dropped, no zone-pair)"
	else
		echo "   ping zone2 -> zone1: dropped (no zone-pair in that direction)"
	fi
	# Control: both phones answer ping from the router itself (the self
	# zone has no zone-pair), so the drops above are the firewall's.
	if ip netns exec $R ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1 &&
	    ip netns exec $R ping -c 1 -W 1 10.0.1.2 >/dev/null 2>&1; then
		echo "   ping router -> both phones: answered (self zone, no zone-pair)"
	else
		echo "   ping router -> phones: not answered (so the drops above prove nothing)"
	fi

	say "A SIP call zone1 -> zone2 (sipp uac -> uas, RTP echoed back)"
	ip netns exec $B sipp -sn uas -i 10.0.2.2 -p 5060 -rtp_echo \
	    -mp 6000 -bg -trace_err -error_file "$tmp/uas.err" >/dev/null 2>&1
	# uac_pcap plays pcap/g711a.pcap (about 5 s of audio) and RFC 2833
	# digits from the pcap files sip-tester ships.
	# Count the RTP that arrives, with a rule in each phone's own namespace.
	ip netns exec $B iptables -I INPUT -p udp --dport 6000 2>/dev/null
	ip netns exec $A iptables -I INPUT -p udp --dport 7000 2>/dev/null
	mkdir -p "$tmp/call"
	ln -s /usr/share/sip-tester "$tmp/call/pcap"
	(cd "$tmp/call" && exec timeout 60 ip netns exec $A sipp -sn uac_pcap \
	    10.0.2.2:5060 -i 10.0.1.2 -p 5060 -m 1 -mp 7000 -nostdin \
	    -timeout 30s >"$tmp/uac.log" 2>&1) &
	uac=$!
	sleep 2
	echo "   the call is up; the firewall shows its sessions:"
	console "show policy-map type inspect zone-pair in-out sessions"
	if "$build/zbfw" -S "$tmp/sock" -c "show sip-alg calls" >/dev/null 2>&1; then
		console "show sip-alg calls"
	fi
	if wait "$uac"; then
		echo "   the call signalling completed: INVITE, 100/180/200, ACK, BYE, 200"
	else
		echo "   the call failed through the firewall:"
		tail -n 5 "$tmp/uac.log" | sed 's/^/   | /'
		note "SIP inspection may not be complete in this build yet"
	fi
	ip netns pids $B | xargs -r kill 2>/dev/null
	rtp_in=$(ip netns exec $B iptables -nvxL INPUT 2>/dev/null |
	    awk '/dpt:6000/ { print $1; exit }')
	rtp_back=$(ip netns exec $A iptables -nvxL INPUT 2>/dev/null |
	    awk '/dpt:7000/ { print $1; exit }')
	echo "   RTP: ${rtp_in:-?} packets reached the callee, ${rtp_back:-?} came back to the caller"
	if [ "${rtp_in:-0}" -eq 0 ] || [ "${rtp_back:-0}" -eq 0 ]; then
		note "the media did not get through: the SIP ALG did not open the call's pinholes in this build (yet)"
	fi
	if "$build/zbfw" -S "$tmp/sock" -c "show sip-alg statistics" >/dev/null 2>&1; then
		console "show sip-alg statistics | include INVITE|ACK|BYE|2xx|opened|closed|admitted"
	fi
	# After the BYE the media port is closed again: RTP sent now from the
	# callee's side to the caller's media port must not arrive.
	before=$(ip netns exec $A iptables -nvxL INPUT 2>/dev/null |
	    awk '/dpt:7000/ { print $1; exit }')
	for i in 1 2 3; do
		echo "late rtp" | ip netns exec $B socat -u - \
		    UDP4-SENDTO:10.0.1.2:7000,sourceport=6000 2>/dev/null
	done
	sleep 0.5
	after=$(ip netns exec $A iptables -nvxL INPUT 2>/dev/null |
	    awk '/dpt:7000/ { print $1; exit }')
	if [ "${before:-0}" = "${after:-0}" ]; then
		echo "   after the BYE, RTP to the caller's media port is dropped: the pinhole is closed"
	else
		echo "   after the BYE, $((after - before)) late RTP packets still reached the caller"
	fi
	echo "   after the call, the zone-pair counters:"
	console "show policy-map type inspect zone-pair in-out"
fi

if [ "$interactive" -eq 1 ]; then
	say "Your turn: the router's console (type exit to leave and clean up)"
	"$build/zbfw" -S "$tmp/sock" </dev/tty
fi

say "Cleaning up"
exit 0
