#!/bin/sh
# SIP calls per second through three routers built side by side in one run
# (client -> router -> server, IPv4, veth, namespaces zt-sb-PID-MODE-*):
#   plain   kernel forwarding, no rules
#   kernel  the kernel SIP helper (raw PREROUTING CT --helper sip on UDP
#           5060) and stateful rules: ESTABLISHED,RELATED accept, NEW SIP
#           from the caller side accept, drop the rest (media only passes
#           through the helper's expectations)
#   zbfw    zbfwd with the SIP lab config of tests/lab/sip-lib.sh
#           (inside -> outside inspect SIP, everything else dropped)
# A sipp UAC (inside) calls a sipp UAS (outside): INVITE with SDP, 180, 200
# with SDP, ACK, media both ways (sipp play_pcap_audio, the first MEDIA_PKTS
# RTP packets of sipp's g711a.pcap, each side to the port the other's SDP
# named, a port per call), BYE, 200.  A rate passes when sipp reports every
# call successful, it kept the rate (no throttling by -l), and every RTP
# packet sent by either side arrived (counted by iptables in the end hosts;
# a step where sipp itself sent under 99 % of the media fails as "generator
# overloaded").
# The rate ramps 100, 200, 400, ... until a failure, then bisects once; the
# modes take turns within each step (the order rotates; the machine is
# shared); ROUNDS (2) such rounds, the best passing rate of each mode counts.  Signalling: TRANSPORT=un (default, a UDP flow per call, as phones)
# or u1 (one UDP flow for all calls, as a trunk).
# Environment: STEP_SECS (2: calls per step = rate * STEP_SECS), MAX_RATE
# (6400), MODES ("plain kernel zbfw"), MEDIA_PKTS (50: 1 s of audio).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lab/lib.sh"
. "$here/../lab/sip-lib.sh"
STEP_SECS=${STEP_SECS:-2}
MAX_RATE=${MAX_RATE:-6400}
MODES=${MODES:-"plain kernel zbfw"}
MEDIA_PKTS=${MEDIA_PKTS:-50}
ROUNDS=${ROUNDS:-2}
TRANSPORT=${TRANSPORT:-un}
PCAP=/usr/share/sip-tester/g711a.pcap
START=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
BUDGET=${BUDGET:-240}	# seconds; no new step starts after that

lab_need_root
need_sipp
for t in conntrack iptables; do
	command -v $t >/dev/null 2>&1 || { echo "SKIP: no $t"; exit 77; }
done
[ -r "$PCAP" ] || { echo "SKIP: no $PCAP (Debian sip-tester)"; exit 77; }
has() { case " $MODES " in *" $1 "*) return 0 ;; esac; return 1; }
if has kernel && [ ! -d /sys/module/nf_conntrack_sip ]; then
	if command -v modprobe >/dev/null 2>&1 && modprobe -n nf_conntrack_sip \
	    2>/dev/null; then
		modprobe nf_conntrack_sip
	fi
	if [ ! -d /sys/module/nf_conntrack_sip ]; then
		echo "SKIP: the kernel SIP helper nf_conntrack_sip cannot be loaded"
		exit 77
	fi
fi

BDIR=$(mktemp -d /tmp/zt-sb.XXXXXX)
LAB_DIR=$BDIR
PIDS=
cleanup() {
	set +e
	trap - EXIT INT TERM HUP PIPE
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	LAB=sb-$$-zbfw
	lab_stop_fw 2>/dev/null
	for m in $MODES; do
		for n in r in out; do
			ip netns pids "zt-sb-$$-$m-$n" 2>/dev/null | xargs -r kill -9
			ip netns del "zt-sb-$$-$m-$n" 2>/dev/null
		done
	done
	[ -n "${SB_KEEP:-}" ] && echo "kept $BDIR" >&2 || rm -rf "$BDIR"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

x() { ns=$1; shift; ip netns exec "zt-sb-$$-$ns" "$@"; }

# The zbfw configuration of the SIP lab tests, as sip_lab starts it.
sip_cfg() {
	(
		lab_setup() { :; }
		lab_start_fw() { printf '%s\n' "$1"; }
		sip_lab
	)
}

# RTP: the first MEDIA_PKTS packets of sipp's G.711 capture.
/usr/bin/python3 - "$PCAP" "$BDIR/rtp.pcap" "$MEDIA_PKTS" <<'PY' || exit 1
import logging, sys
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import rdpcap, wrpcap
wrpcap(sys.argv[2], rdpcap(sys.argv[1])[:int(sys.argv[3])])
PY
MEDIA_MS=$((MEDIA_PKTS * 20))
# ACK -> BYE: the media is over by then, with a margin for sipp starting
# the callee's media late under load (zbfw closes the pinholes at the BYE,
# the kernel keeps an established media flow until its conntrack expires)
HOLD_MS=$((MEDIA_MS + ${MEDIA_MARGIN_MS:-1000}))

# sip-lib.sh's scenarios with a media port per call, the media played after
# the ACK on both sides, and the caller's hold time cut to the media's.
play="  <nop><action><exec play_pcap_audio=\"$BDIR/rtp.pcap\"/></action></nop>"
uac_xml '[auto_media_port]' | sed "s|^  <pause milliseconds=\"4000\"/>|$play\\
  <pause milliseconds=\"$HOLD_MS\"/>|" >"$BDIR/uac.xml"
uas_xml | sed -e 's/ 31000 / [auto_media_port] /' \
    -e "s|^  <recv request=\"ACK\" crlf=\"true\"/>|&\\
$play|" >"$BDIR/uas.xml"
for f in uac uas; do
	grep -q play_pcap_audio "$BDIR/$f.xml" && grep -q auto_media_port \
	    "$BDIR/$f.xml" || { echo "FAIL: $f scenario not built"; exit 1; }
done

# The labs: zt-sb-PID-MODE-{in,r,out}, built with lib.sh's lab_link.
for m in $MODES; do
	LAB=sb-$$-$m
	for n in r in out; do ip netns add "zt-$LAB-$n" || exit 1; done
	rx ip link set lo up
	rx sysctl -qw net.ipv4.ip_forward=1
	lab_link in r-in 1
	lab_link out gi0-0-1 2
	# media counters in the end hosts: sent (OUTPUT) and received
	# (INPUT, then dropped: nobody listens on the per-call ports)
	# caller media ports 10000-19999, callee 20000-29999
	hx in iptables -A OUTPUT -p udp --sport 10000:19999 -j ACCEPT
	hx in iptables -A INPUT -p udp --dport 10000:19999 -j DROP
	hx out iptables -A OUTPUT -p udp --sport 20000:29999 -j ACCEPT
	hx out iptables -A INPUT -p udp --dport 20000:29999 -j DROP
	# SIP datagrams, to tell the router's losses from sipp's
	hx in iptables -A OUTPUT -p udp --dport 5060
	hx in iptables -A INPUT -p udp --sport 5060
	hx out iptables -A OUTPUT -p udp --sport 5060
	hx out iptables -A INPUT -p udp --dport 5060
done
if has kernel; then
	LAB=sb-$$-kernel
	if ! rx iptables -t raw -A PREROUTING -p udp --dport 5060 \
	    -j CT --helper sip; then
		echo "SKIP: iptables CT --helper sip refused (no nf_conntrack_sip)"
		exit 77
	fi
	rx iptables-restore <<'EOF' || exit 1
*filter
:FORWARD ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -i r-in -p udp --dport 5060 -m conntrack --ctstate NEW -j ACCEPT
-A FORWARD -j DROP
COMMIT
EOF
fi
if has zbfw; then
	LAB=sb-$$-zbfw
	lab_start_fw "$(sip_cfg)"
fi

# rcvbuf HOST: UDP datagrams dropped for a full socket buffer in HOST
rcvbuf() {
	x "$1" cat /proc/net/snmp | awk '$1 == "Udp:" { if (h) { print $i; exit } for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") break; h = 1 }'
}

# counter HOST CHAIN [N]: packets of the chain's media (N 1) or SIP (2) rule
counter() {
	x "$1" iptables -nvxL "$2" | awk -v n=$((${3:-1} + 2)) 'NR == n { print $1 }'
}

ms() { echo $(($(date +%s%N) / 1000000)); }

# run MODE RATE: one step; RUN_OK 1 when it passes, RUN_WHY otherwise
run() {
	m=$1 r=$2
	n=$((r * STEP_SECS))
	[ $n -lt 100 ] && n=100
	lim=$(( (n * 1000 / r + MEDIA_MS + 15000) / 1000 ))
	x "$m-r" conntrack -F >/dev/null 2>&1
	b0=$(($(rcvbuf "$m-in") + $(rcvbuf "$m-out")))
	for h in in out; do x "$m-$h" iptables -Z; done
	# not through x(): a background function call would be a subshell
	# with this shell's traps
	ip netns exec "zt-sb-$$-$m-out" timeout $((lim + 5)) sipp \
	    -sf "$BDIR/uas.xml" -i 10.2.0.2 \
	    -p 5060 -t u1 -m $n -mp 20000 -nostdin -buff_size 1048576 \
	    -max_socket 15000 >"$BDIR/uas-$m-$r.out" 2>&1 &
	uas=$!
	sleep 0.3
	t0=$(ms)
	x "$m-in" timeout "$lim" sipp -sf "$BDIR/uac.xml" 10.2.0.2:5060 \
	    -i 10.1.0.2 -p 5060 -t "$TRANSPORT" -r "$r" -rp 1000 -m $n \
	    -mp 10000 -nostdin -max_socket 15000 -buff_size 1048576 \
	    >"$BDIR/uac-$m-$r.out" 2>&1
	rc=$?
	el=$(($(ms) - t0))
	wait $uas
	urc=$?
	sleep 0.2
	s_in=$(counter "$m-in" OUTPUT) s_out=$(counter "$m-out" OUTPUT)
	g_in=$(counter "$m-in" INPUT) g_out=$(counter "$m-out" INPUT)
	want=$((n * MEDIA_PKTS))
	# datagrams the sipp sockets had no room for (the generator's limit)
	buf=$(($(rcvbuf "$m-in") + $(rcvbuf "$m-out") - b0))
	sip="SIP datagrams caller->callee $(counter "$m-out" INPUT 2)/$(counter "$m-in" OUTPUT 2) arrived, callee->caller $(counter "$m-in" INPUT 2)/$(counter "$m-out" OUTPUT 2)"
	RUN_OK=0
	ufail=$(failed "$BDIR/uas-$m-$r.out")
	if [ $rc != 0 ] || [ "$ufail" != 0 ]; then
		RUN_WHY="failed calls: caller $(failed "$BDIR/uac-$m-$r.out") (sipp exit $rc), callee $ufail (exit $urc), sipp receive buffer overflows $buf, INVITE retransmissions (no answer in 500 ms) $(awk '$1 == "INVITE" && $2 ~ /^-+>$/ { r = $4 } END { print r + 0 }' "$BDIR/uac-$m-$r.out"); $sip"
	elif [ $el -gt $((n * 1200 / r + HOLD_MS + 1500)) ]; then
		RUN_WHY="rate not kept ($n calls in $el ms)"
	elif [ "$g_out" != "$s_in" ] || [ "$g_in" != "$s_out" ]; then
		RUN_WHY="media lost: in->out $g_out/$s_in, out->in $g_in/$s_out"
	elif [ $((s_in + s_out)) -lt $((want * 2 * 99 / 100)) ]; then
		RUN_WHY="generator overloaded: sipp sent $s_in/$s_out of $want RTP packets"
	else
		RUN_OK=1
		RUN_WHY="$n calls in $el ms, $((s_in + s_out)) RTP packets (of $((want * 2))), receive buffer overflows $buf"
	fi
}

# failed FILE: sipp's cumulative failed calls ("?" without a final screen)
failed() {
	awk -F'|' '/Failed call/ { v = $3 } END { gsub(/ /, "", v); print (v == "" ? "?" : v) }' "$1"
}

over_budget() { [ $(($(date +%s) - START)) -ge "$BUDGET" ]; }

say() { echo "  round $round  $1 calls/s  $2: $([ $RUN_OK = 1 ] && echo ok || echo FAIL) - $RUN_WHY" >&2; }

# One round: the ramp (every mode still passing runs each step, the order
# rotates), then one bisection per mode between its last passing and first
# failing rate.  ROUNDS rounds; the best passing rate of each mode counts.
order=$MODES
for m in $MODES; do eval "BEST_$m=0 ALL_$m="; done
round=1
while [ $round -le "$ROUNDS" ] && ! over_budget; do
	rate=100
	ACTIVE=$MODES
	for m in $MODES; do eval "OK_$m=0 BAD_$m=0"; done
	while [ -n "$ACTIVE" ] && [ $rate -le "$MAX_RATE" ] && ! over_budget; do
		still=
		for m in $order; do
			case " $ACTIVE " in *" $m "*) ;; *) continue ;; esac
			run $m $rate
			say $rate $m
			if [ $RUN_OK = 1 ]; then
				eval "OK_$m=$rate"
				still="$still $m"
			else
				eval "BAD_$m=$rate"
			fi
		done
		ACTIVE=$still
		case $order in *" "*) order="${order#* } ${order%% *}" ;; esac
		rate=$((rate * 2))
	done
	for m in $order; do
		eval "ok=\$OK_$m bad=\$BAD_$m"
		if [ "$bad" -gt 0 ] && [ "$ok" -gt 0 ] && ! over_budget; then
			mid=$(((ok + bad) / 2))
			run $m $mid
			say $mid $m
			[ $RUN_OK = 1 ] && ok=$mid
		fi
		eval "OK_$m=$ok ALL_$m=\"\$ALL_$m $ok\""
		eval "[ $ok -gt \$BEST_$m ] && BEST_$m=$ok"
	done
	round=$((round + 1))
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "SIP calls/s at zero failed calls ($TRANSPORT signalling, $MEDIA_PKTS RTP packets each way per call), $(nproc) CPUs, load average $LOAD0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(($(date +%s) - START)) s"
printf '%-8s %8s   %s\n' mode "calls/s" "(each round)"
for m in $MODES; do
	eval "printf '%-8s %8s   %s\n' $m \$BEST_$m \"\$ALL_$m\""
done
echo "ratios: zbfw/kernel $(ratio "${BEST_zbfw:-0}" "${BEST_kernel:-0}") (goal >= 1.0)  kernel/plain $(ratio "${BEST_kernel:-0}" "${BEST_plain:-0}")  zbfw/plain $(ratio "${BEST_zbfw:-0}" "${BEST_plain:-0}")"
if has zbfw; then
	LAB=sb-$$-zbfw
	echo "zbfw SIP ALG statistics (non-zero lines):"
	zcli "show sip-alg statistics" | awk 'NF == 1 || $NF != "0"' | sed 's/^/  /'
	echo "zbfw drop counters (non-zero lines):"
	zcli "show platform hardware qfp active feature firewall drop" |
	    awk '$NF != "0"' | sed 's/^/  /'
fi
exit 0
