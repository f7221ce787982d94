#!/bin/sh
# `show policy-map type inspect zone-pair sessions` during two sipp calls
# through zbfwd at once (inside -> outside, SIP inspected; one call over
# UDP, one over TCP): each call's SIP signalling session is listed under
# its class, and each media connection its pinholes admitted (symmetric
# RTP and RTCP on the SDP ports, both ways) right after it as a `udp` child
# session with the bytes that flowed each way; every line parses with the
# Genie regexes of the reference (ios-zbfw-cli.md §4.6).  After the BYEs
# the children are gone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
sip_lab
SHOW="show policy-map type inspect zone-pair in-out sessions"

# rtp HOST LOCAL-IP LOCAL-PORT PEER-IP PEER-PORT TAG: symmetric media, 25
# packets of 172 bytes every 20 ms from LOCAL-PORT to the peer (after
# 1 s), received on the same socket; the count received goes to
# $LAB_DIR/rtp-TAG.
cat >"$LAB_DIR/rtp.py" <<'PY'
import socket, sys, time
la, lp, pa, pp, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((la, lp))
s.setblocking(False)
time.sleep(1.0)		# every party is bound before anyone sends
got = 0
def drain():
    global got
    while True:
        try:
            s.recvfrom(2048)
            got += 1
        except BlockingIOError:
            return
for i in range(25):
    s.sendto(b"\x80\x00" + i.to_bytes(2, "big") + b"\x00" * 168, (pa, pp))
    time.sleep(0.02)
    drain()
end = time.time() + 0.8
while time.time() < end:
    time.sleep(0.02)
    drain()
open(out, "w").write("%d\n" % got)
PY
rtp() {
	ip netns exec "zt-$LAB-$1" /usr/bin/python3 "$LAB_DIR/rtp.py" \
	    "$2" "$3" "$4" "$5" "$LAB_DIR/rtp-$6" >/dev/null 2>&1 &
}
rtp_got() {	# TAG: at least 20 of the 25 packets arrived
	[ "$(cat "$LAB_DIR/rtp-$1" 2>/dev/null || echo 0)" -ge 20 ]
}

# sess FILE WHAT [ARGS]: properties of a sessions listing.
#   genie              every line matches a regex of Genie's parser (§4.6)
#   child A P B Q      a udp SIS_OPEN session between A:P and B:Q
#   bytes A P B Q      ... with bytes sent both ways
#   parent A P B Q     ... listed right after a sip session (in the run of
#                      udp sessions that follows it); prints that session's
#                      initiator address:port
#   nochild            no udp session at all
cat >"$LAB_DIR/sess.py" <<'PY'
import re, sys
f, what, args = sys.argv[1], sys.argv[2], sys.argv[3:]
lines = open(f).read().splitlines()
pat = [r'^Zone-pair: +(?P<zone_pair_name>\S+)$',
    r'^Service-policy inspect : +(?P<service_policy_name>\S+)$',
    r'^Class-map: +(?P<class_map_name>\S+) +\((?P<class_map_type>\S+)\)$',
    r'^Match: +(?P<class_map_match>.+)$',
    r'^(?P<class_map_action>Inspect|Drop|Pass)(?: +\(default action\))?$',
    r'^(?P<packets>\d+) packets, +(?P<bytes>\d+) bytes$',
    r'^Session ID (?P<session_id>\S+) +\((?P<initiator_ip>[\d\.]+):(?P<initiator_port>[\d\*]+)\)=\>'
    r'\((?P<responder_ip>[\d\.]+):(?P<responder_port>[\d\*]+)\) +(?P<protocol>\w+) +(?P<state>\S+)$',
    r'^Created +(?P<created>[\d\:]+), +Last heard +(?P<last_heard>[\d\:]+)$',
    r'^Bytes sent \(initiator:responder\) +\[(?P<initiator_bytes>[\d\*]+):(?P<responder_bytes>\d+)\]$',
    r'^(?P<session_type>Established Sessions|Half-open Sessions|Terminating Sessions)$']
sess = []
for i, l in enumerate(lines):
    m = re.match(pat[6], l.strip())
    if m:
        d = m.groupdict()
        b = re.match(pat[8], lines[i + 2].strip()) if i + 2 < len(lines) else None
        d["bi"] = int(b.group(1)) if b else -1
        d["br"] = int(b.group(2)) if b else -1
        sess.append(d)
def ends(d):
    return {(d["initiator_ip"], d["initiator_port"]), (d["responder_ip"], d["responder_port"])}
def find(a, p, b, q):
    for i, d in enumerate(sess):
        if d["protocol"] == "udp" and ends(d) == {(a, p), (b, q)}:
            return i
    return -1
if what == "genie":
    bad = [l for l in lines if l.strip() and not any(re.match(r, l.strip()) for r in pat)]
    for l in bad:
        print("not parsable: %r" % l)
    sys.exit(1 if bad or not sess else 0)
if what == "nochild":
    sys.exit(1 if any(d["protocol"] == "udp" for d in sess) else 0)
i = find(*args)
if i < 0:
    sys.exit(1)
d = sess[i]
if what == "child":
    sys.exit(0 if d["state"] == "SIS_OPEN" else 1)
if what == "bytes":
    sys.exit(0 if d["bi"] > 0 and d["br"] > 0 else 1)
if what == "parent":
    while i > 0 and sess[i - 1]["protocol"] == "udp":
        i -= 1
    if i == 0 or sess[i - 1]["protocol"] != "sip" or sess[i - 1]["responder_port"] != "5060":
        sys.exit(1)
    print("%s:%s" % (sess[i - 1]["initiator_ip"], sess[i - 1]["initiator_port"]))
    sys.exit(0)
sys.exit(2)
PY
sess() { /usr/bin/python3 "$LAB_DIR/sess.py" "$@"; }

# Two calls at once, so that each media child must be listed after its
# own call's signalling session: over UDP (caller port 5061, not TLS: caller RTP
# 30010, callee RTP 31010) and over TCP (caller port 5062, 30020, 31020).
cip=10.1.0.2 eip=10.2.0.2
for tr in u1 t1; do
	if [ $tr = u1 ]; then name=udp n=1 sport=5061; else name=tcp n=2 sport=5062; fi
	uac_xml 300${n}0 6000 >"$LAB_DIR/uac-$name.xml"
	uas_xml 310${n}0 >"$LAB_DIR/uas-$name.xml"
	hx out timeout 30 sipp -sf "$LAB_DIR/uas-$name.xml" -i $eip -p 5060 \
	    -t $tr -m 1 -mp 41${n}00 -bg >/dev/null 2>&1
done
sleep 0.5
for tr in u1 t1; do
	if [ $tr = u1 ]; then name=udp n=1 sport=5061; else name=tcp n=2 sport=5062; fi
	hx in timeout 30 sipp -sf "$LAB_DIR/uac-$name.xml" $eip:5060 \
	    -i $cip -p $sport -t $tr -m 1 -mp 42${n}00 -nostdin \
	    >"$LAB_DIR/uac-$name.out" 2>&1 &
	eval uac_$name=\$!
done
sleep 1
# the callers speak first, the callees answer from their SDP ports
for n in 1 2; do
	rtp in $cip 300${n}0 $eip 310${n}0 c-rtp-$n
	rtp in $cip 300${n}1 $eip 310${n}1 c-rtcp-$n
done
sleep 0.1
for n in 1 2; do
	rtp out $eip 310${n}0 $cip 300${n}0 e-rtp-$n
	rtp out $eip 310${n}1 $cip 300${n}1 e-rtcp-$n
done
sleep 3
f=$LAB_DIR/sess.txt
zcli "$SHOW" >"$f"
check "during the calls: every line parses with Genie's regexes" \
    sess "$f" genie
for tr in u1 t1; do
	if [ $tr = u1 ]; then name=udp n=1 sport=5061; else name=tcp n=2 sport=5062; fi
	for t in c-rtp c-rtcp e-rtp e-rtcp; do
		check "$name call: $t media arrived" rtp_got $t-$n
	done
	check "$name call: its sip signalling session $cip:$sport => $eip:5060" \
	    grep -Eq "Session ID 0x[0-9A-F]{8} \\($cip:$sport\\)=>\\($eip:5060\\) sip SIS_OPEN\$" "$f"
	for p in 0 1; do
		what="$name call: $( [ $p = 0 ] && echo RTP || echo RTCP ) child"
		check "$what: udp $cip:300$n$p <-> $eip:310$n$p SIS_OPEN" \
		    sess "$f" child $cip 300$n$p $eip 310$n$p
		check "$what: bytes sent both ways" \
		    sess "$f" bytes $cip 300$n$p $eip 310$n$p
		parent=$(sess "$f" parent $cip 300$n$p $eip 310$n$p)
		check "$what: listed right after its own sip session ($parent)" \
		    test "$parent" = "$cip:$sport"
	done
done
for name in udp tcp; do
	eval wait \$uac_$name
	rc=$?
	check "$name call: sipp call completed (exit $rc)" test $rc = 0
done
sleep 1.5
zcli "$SHOW" >"$LAB_DIR/after.txt"
check "after the BYEs no media child session is left" \
    sess "$LAB_DIR/after.txt" nochild
check "after the BYEs the listing still parses" sess "$LAB_DIR/after.txt" genie
echo "--- sessions during the calls"
cat "$f"
lab_done
