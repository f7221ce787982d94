#!/bin/sh
# Namespaced lab for the dataplane tests (sourced by tests/lab/dp-*.sh).
#
#   zt-$L-in   10.1.0.2  fd01::2   ─ r-in   10.1.0.1  fd01::1   zone inside
#   zt-$L-in2  10.5.0.2  fd05::2   ─ r-in2  10.5.0.1  fd05::1   zone inside
#   zt-$L-out  10.2.0.2  fd02::2   ─ gi0-0-1 10.2.0.1 fd02::1   zone outside
#                                    (configured as GigabitEthernet0/0/1)
#   zt-$L-dmz  10.3.0.2  fd03::2   ─ r-dmz  10.3.0.1  fd03::1   zone dmz
#   zt-$L-nm   10.4.0.2  fd04::2   ─ r-nm   10.4.0.1  fd04::1   no zone
#   zt-$L-nm2  10.6.0.2  fd06::2   ─ r-nm2  10.6.0.1  fd06::1   no zone
#   zt-$L-r    the router: zbfwd, and the self zone's own servers
#
# Everything lives in network namespaces named zt-*; the host's own rules
# and interfaces are never touched.  lab_setup installs a trap that removes
# every namespace (and the processes in it) on any exit path.

LAB_REPO=$(cd "$(dirname "$0")/../.." && pwd)
ZBFW_BUILD=${ZBFW_BUILD:-$LAB_REPO/build}
ZBFWD=$ZBFW_BUILD/zbfwd
ZBFW=$ZBFW_BUILD/zbfw
LAB_FAILS=0
LAB_CHECKS=0
LAB_HOSTS="in in2 out dmz nm nm2"

lab_need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP: needs root (network namespaces)"
		exit 77
	fi
	for t in ip socat ping iptables-restore; do
		command -v $t >/dev/null 2>&1 || { echo "SKIP: no $t"; exit 77; }
	done
	if [ ! -x "$ZBFWD" ] || [ ! -x "$ZBFW" ]; then
		echo "SKIP: $ZBFWD or $ZBFW not built"
		exit 77
	fi
}

ns() { echo "zt-$LAB-$1"; }
rx() { ip netns exec "zt-$LAB-r" "$@"; }
hx() { h=$1; shift; ip netns exec "zt-$LAB-$h" "$@"; }

lab_cleanup() {
	set +e
	lab_stop_fw 2>/dev/null
	for n in r $LAB_HOSTS; do
		ip netns pids "zt-$LAB-$n" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "zt-$LAB-$n" 2>/dev/null
	done
	[ -n "$LAB_DIR" ] && rm -rf "$LAB_DIR"
}

# lab_link HOST RIFNAME N: veth between the router and one host, subnet N
lab_link() {
	h=$1 rif=$2 n=$3
	ip link add "$rif" netns "zt-$LAB-r" type veth peer name eth0 \
	    netns "zt-$LAB-$h"
	rx ip addr add 10.$n.0.1/24 dev "$rif"
	rx ip -6 addr add fd0$n::1/64 dev "$rif" nodad
	rx ip link set "$rif" up
	hx "$h" ip addr add 10.$n.0.2/24 dev eth0
	hx "$h" ip -6 addr add fd0$n::2/64 dev eth0 nodad
	hx "$h" ip link set eth0 up
	hx "$h" ip link set lo up
	hx "$h" ip route add default via 10.$n.0.1
	hx "$h" ip -6 route add default via fd0$n::1
}

lab_setup() {
	lab_need_root
	# At most 10 characters, the whole pid kept: runs side by side (two
	# clones) must not share a namespace name.
	if [ -z "${LAB:-}" ]; then
		LAB=$(basename "$0" .sh | tr -cd 'a-z0-9' |
		    cut -c1-$((10 - ${#$})))$$
	fi
	LAB=$(echo "$LAB" | cut -c1-10)
	LAB_DIR=$(mktemp -d /tmp/zt-lab.XXXXXX)
	trap lab_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	for n in r $LAB_HOSTS; do
		ip netns add "zt-$LAB-$n" || exit 1
	done
	rx ip link set lo up
	rx sysctl -qw net.ipv4.ip_forward=1
	rx sysctl -qw net.ipv6.conf.all.forwarding=1
	lab_link in r-in 1
	lab_link out gi0-0-1 2
	lab_link dmz r-dmz 3
	lab_link nm r-nm 4
	lab_link in2 r-in2 5
	lab_link nm2 r-nm2 6
}

# lab_start_fw CONFIG-TEXT: start zbfwd in the router with that config
lab_start_fw() {
	printf '%s\n' "$1" >"$LAB_DIR/startup.cfg"
	LAB_SOCK=$LAB_DIR/zbfw.sock
	# ip netns exec execs zbfwd: $! is the daemon itself
	ip netns exec "zt-$LAB-r" "$ZBFWD" -f "$LAB_DIR/startup.cfg" \
	    -S "$LAB_SOCK" -t none >>"$LAB_DIR/zbfwd.log" 2>&1 &
	LAB_FW_PID=$!
	i=0
	while [ ! -S "$LAB_SOCK" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -S "$LAB_SOCK" ]; then
		echo "FAIL: zbfwd did not start"
		cat "$LAB_DIR/zbfwd.log"
		exit 1
	fi
}

lab_stop_fw() {
	[ -n "$LAB_FW_PID" ] || return 0
	kill "$LAB_FW_PID" 2>/dev/null
	wait "$LAB_FW_PID" 2>/dev/null
	LAB_FW_PID=
	rm -f "$LAB_SOCK"
}

lab_kill9_fw() {
	kill -9 "$LAB_FW_PID" 2>/dev/null
	wait "$LAB_FW_PID" 2>/dev/null
	LAB_FW_PID=
	rm -f "$LAB_SOCK"
}

# zcli CMD...: one-shot commands through the console socket
zcli() {
	args=""
	for c in "$@"; do
		set -- "$@" -c "$c"
		shift
	done
	"$ZBFW" -S "$LAB_SOCK" "$@"
}

# zcli_has CMD PATTERN: CMD's output has a line matching PATTERN (grep -E);
# else the output is printed.
zcli_has() {
	zcli "$1" >"$LAB_DIR/has.out" 2>&1
	if ! grep -Eq -- "$2" "$LAB_DIR/has.out"; then
		sed 's/^/    | /' "$LAB_DIR/has.out"
		return 1
	fi
}

# lab_ex CMD...: commands through the console (clear, debug, ...); fails,
# printing the output, when zbfw exits non-zero or prints a "%" line.
# lab_conf CMD...: the same for configuration lines, between "configure
# terminal" and "end".  Use them as: check "DESC" lab_conf ...
lab_ex() {
	zcli "$@" >"$LAB_DIR/ex.out" 2>&1
	_rc=$?
	if [ $_rc -ne 0 ] || grep -q '^%' "$LAB_DIR/ex.out"; then
		sed 's/^/    | /' "$LAB_DIR/ex.out"
		return 1
	fi
}

lab_conf() {
	lab_ex "configure terminal" "$@" "end"
}

# lab_addr HOST [6]: a host's address (the router's on the inside link)
lab_addr() {
	case $1 in
	r) n=1 x=1 ;;
	in) n=1 x=2 ;; out) n=2 x=2 ;; dmz) n=3 x=2 ;;
	nm) n=4 x=2 ;; in2) n=5 x=2 ;; nm2) n=6 x=2 ;;
	*) echo "lab_addr: $1?" >&2; return 1 ;;
	esac
	if [ "${2:-4}" = 6 ]; then echo "fd0$n::$x"; else echo "10.$n.0.$x"; fi
}

# _listening HOST PORT tcp|udp: a socket listens on PORT in HOST
_listening() {
	case $3 in
	tcp) ip netns exec "zt-$LAB-$1" ss -Hltn "sport = :$2" ;;
	udp) ip netns exec "zt-$LAB-$1" ss -Hlun "sport = :$2" ;;
	esac | grep -q .
}

# _wait_listening HOST PORT PROTO...: up to 2 s for the servers to bind
_wait_listening() {
	_h=$1 _p=$2
	shift 2
	for _pr in "$@"; do
		_i=0
		while ! _listening "$_h" "$_p" "$_pr"; do
			_i=$((_i + 1))
			[ $_i -lt 40 ] || return 1
			sleep 0.05
		done
	done
}

# lab_serve HOST PORT: TCP and UDP echo servers (IPv4 and IPv6) on PORT;
# HOST "r" is the router itself (self zone).  A check: both listen.
lab_serve() {
	h=$1 p=$2
	ip netns exec "zt-$LAB-$h" socat TCP6-LISTEN:$p,ipv6only=0,reuseaddr,fork \
	    EXEC:cat >/dev/null 2>&1 &
	ip netns exec "zt-$LAB-$h" socat UDP6-RECVFROM:$p,ipv6only=0,reuseaddr,fork \
	    EXEC:cat >/dev/null 2>&1 &
	check "echo servers on $h port $p listen" _wait_listening $h $p tcp udp
}

# lab_sink HOST PORT [echo]: UDP sink on PORT writing what arrives to a
# file (with "echo", each datagram is also sent back); sunk HOST PORT
# TEXT: it arrived.  A check: it listens.
lab_sink() {
	: >"$LAB_DIR/sink-$1-$2"
	if [ "${3:-}" = echo ]; then
		ip netns exec "zt-$LAB-$1" socat \
		    UDP6-RECVFROM:$2,ipv6only=0,reuseaddr,fork \
		    SYSTEM:"tee -a '$LAB_DIR/sink-$1-$2'" >/dev/null 2>&1 &
	else
		ip netns exec "zt-$LAB-$1" socat -u \
		    UDP6-RECV:$2,ipv6only=0,reuseaddr \
		    OPEN:"$LAB_DIR/sink-$1-$2",append >/dev/null 2>&1 &
	fi
	check "udp sink on $1 port $2 listens" _wait_listening $1 $2 udp
}

sunk() {
	grep -q -- "$3" "$LAB_DIR/sink-$1-$2"
}

# Positive controls for the blocked checks: the server a blocked check
# aimed at is up and answers on a path the policy allows.
# sink_alive FROM HOST PORT [6]: a datagram from FROM reaches HOST's sink
sink_alive() {
	_m=zt-alive-$$-$(date +%s%N)
	udp_send "$1" "$(lab_addr "$2" "${4:-4}")" "$3" "$_m"
	sunk "$2" "$3" "$_m"
}

# udp_send SRC DST-ADDR PORT TEXT: one datagram, no answer expected
udp_send() {
	echo "$4" | ip netns exec "zt-$LAB-$1" timeout 2 \
	    socat -u - "$(_sock UDP "$2" "$3")" 2>/dev/null
	sleep 0.2
}

_sock() {	# proto addr port -> socat address
	case $2 in
	*:*) echo "$1"6:"[$2]":"$3" ;;
	*) echo "$1"4:"$2":"$3" ;;
	esac
}

# tcp_ok SRC DST-ADDR PORT: a TCP exchange (request and echo) succeeds
tcp_ok() {
	out=$(echo "zt-hello" | ip netns exec "zt-$LAB-$1" timeout 4 \
	    socat -T2 - "$(_sock TCP "$2" "$3")",connect-timeout=2 2>/dev/null)
	[ "$out" = "zt-hello" ]
}

udp_ok() {
	out=$(echo "zt-hello" | ip netns exec "zt-$LAB-$1" timeout 3 \
	    socat -T1 - "$(_sock UDP "$2" "$3")" 2>/dev/null)
	[ "$out" = "zt-hello" ]
}

ping_ok() {
	case $2 in
	*:*) ip netns exec "zt-$LAB-$1" ping -6 -c1 -W1 "$2" >/dev/null 2>&1 ;;
	*) ip netns exec "zt-$LAB-$1" ping -c1 -W1 "$2" >/dev/null 2>&1 ;;
	esac
}

# udp_refused SRC DST-ADDR PORT: the ICMP port-unreachable answer of a
# closed UDP port comes back (an ICMP error belonging to the session)
udp_refused() {
	ip netns exec "zt-$LAB-$1" timeout 4 /usr/bin/python3 -c '
import socket, sys
a, p = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect((a, p))
s.send(b"zt-probe")
try:
    s.recv(100)
except ConnectionRefusedError:
    sys.exit(0)
except Exception:
    pass
sys.exit(1)' "$2" "$3"
}

# tcp_raw SRC DST-ADDR PORT FLAGS: one crafted TCP segment (scapy)
tcp_raw() {
	ip netns exec "zt-$LAB-$1" /usr/bin/python3 -c '
import sys, logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import IP, IPv6, TCP, send
a, p, f = sys.argv[1], int(sys.argv[2]), sys.argv[3]
l3 = IPv6(dst=a) if ":" in a else IP(dst=a)
send(l3 / TCP(sport=40000, dport=p, flags=f, seq=1000, ack=1), verbose=0)' \
	    "$2" "$3" "$4" 2>/dev/null
}

# drops REASON: the firewall drop counter of that reason (0 when absent)
drops() {
	zcli "show platform hardware qfp active feature firewall drop all" |
	    awk -v r="$1" 'index($0, r) == 1 { print $NF; f = 1 } END { if (!f) print 0 }'
}

# tcp_held SRC DST-ADDR PORT NAME: a TCP connection held open in the
# background; tcp_held_alive NAME: it still carries an echo round trip.
tcp_held() {
	cat >"$LAB_DIR/held.py" <<'PY'
import os, socket, sys, time
a, p, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.create_connection((a, p), timeout=3)
def rt():
    s.sendall(b"zt-ping\n")
    return s.recv(100) == b"zt-ping\n"
if rt():
    open(d + ".up", "w").close()
while True:
    while not os.path.exists(d + ".go"):
        time.sleep(0.05)
    os.unlink(d + ".go")
    try:
        ok = rt()
    except Exception:
        ok = False
    open(d + (".ok" if ok else ".dead"), "w").close()
    if not ok:
        break
PY
	ip netns exec "zt-$LAB-$1" /usr/bin/python3 "$LAB_DIR/held.py" "$2" "$3" \
	    "$LAB_DIR/held-$4" >/dev/null 2>&1 &
	i=0
	while [ ! -e "$LAB_DIR/held-$4.up" ] && [ $i -lt 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$LAB_DIR/held-$4.up" ]
}

tcp_held_alive() {
	d=$LAB_DIR/held-$1
	rm -f "$d.ok" "$d.dead"
	touch "$d.go"
	i=0
	while [ ! -e "$d.ok" ] && [ ! -e "$d.dead" ] && [ $i -lt 60 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$d.ok" ]
}

# udp_burst SRC DST-ADDR PORT N SIZE: N datagrams of SIZE payload bytes
# from one socket; waits for the echoes (when the port echoes) briefly.
udp_burst() {
	ip netns exec "zt-$LAB-$1" /usr/bin/python3 -c '
import socket, sys
a, p, n, z = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
s.connect((a, p))
got = 0
for i in range(n):
    s.send(b"x" * z)
    try:
        s.recv(65535)
        got += 1
    except Exception:
        pass
print(got)' "$2" "$3" "$4" "$5" 2>/dev/null
}

# check DESC CMD...: CMD must succeed; nocheck DESC CMD...: must fail
check() {
	_desc=$1
	shift
	LAB_CHECKS=$((LAB_CHECKS + 1))
	if "$@"; then
		echo "ok   $_desc"
	else
		echo "FAIL $_desc"
		LAB_FAILS=$((LAB_FAILS + 1))
	fi
}

nocheck() {
	_desc=$1
	shift
	LAB_CHECKS=$((LAB_CHECKS + 1))
	if "$@"; then
		echo "FAIL $_desc (expected to be blocked)"
		LAB_FAILS=$((LAB_FAILS + 1))
	else
		echo "ok   $_desc (blocked)"
	fi
}

# logged PATTERN: the daemon logged a line matching PATTERN (grep -E)
logged() {
	grep -Eq -- "$1" "$LAB_DIR/zbfwd.log"
}

lab_done() {
	echo "$((LAB_CHECKS - LAB_FAILS))/$LAB_CHECKS checks passed"
	if [ "$LAB_CHECKS" -eq 0 ]; then
		echo "FAIL: no check ran"
		exit 1
	fi
	if [ "$LAB_FAILS" -ne 0 ]; then
		echo "--- zbfwd log (tail)"
		tail -40 "$LAB_DIR/zbfwd.log"
		exit 1
	fi
	exit 0
}

# The interface part of every lab config.
LAB_IFACES='interface r-in
 zone-member security inside
interface r-in2
 zone-member security inside
interface GigabitEthernet0/0/1
 zone-member security outside
interface r-dmz
 zone-member security dmz'

LAB_ZONES='zone security inside
zone security outside
zone security dmz'

# inside -> outside: inspect tcp, udp and icmp; nothing else configured.
LAB_INSPECT_ALL="class-map type inspect match-any CM-ALL
 match protocol tcp
 match protocol udp
 match protocol icmp
policy-map type inspect PM-IO
 class type inspect CM-ALL
  inspect
$LAB_ZONES
zone-pair security in-out source inside destination outside
 service-policy type inspect PM-IO
$LAB_IFACES"
