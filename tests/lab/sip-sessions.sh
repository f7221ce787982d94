#!/bin/sh
# `show policy-map type inspect zone-pair sessions` during a sipp call
# through zbfwd (inside -> outside, SIP inspected, over UDP then TCP):
# the SIP signalling session is listed under its class, and each media
# connection the call's pinholes admitted (symmetric RTP and RTCP on the
# SDP ports, both ways) right after it as a `udp` child session with the
# bytes that flowed each way; every line parses with the Genie regexes of
# the reference (ios-zbfw-cli.md §4.6).  After the BYE the children are
# gone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
sip_lab
SHOW="show policy-map type inspect zone-pair in-out sessions"

# rtp HOST LOCAL-IP LOCAL-PORT PEER-IP PEER-PORT TAG: symmetric media, 25
# packets of 172 bytes every 20 ms from LOCAL-PORT to the peer (after
# 0.4 s), received on the same socket; the count received goes to $LAB_DIR/rtp-TAG.
cat >"$LAB_DIR/rtp.py" <<'PY'
import socket, sys, time
la, lp, pa, pp, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((la, lp))
s.setblocking(False)
time.sleep(0.4)		# every party is bound before anyone sends
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
#                      udp sessions that follows it); prints the parent's ID
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
    print(sess[i - 1]["session_id"])
    sys.exit(0)
sys.exit(2)
PY
sess() { /usr/bin/python3 "$LAB_DIR/sess.py" "$@"; }
sess_quiet() { sess "$@" >/dev/null; }

cip=10.1.0.2 eip=10.2.0.2 media_port=30000 udp_parent=none
for tr in u1 t1; do
	name=$( [ $tr = u1 ] && echo udp || echo tcp )
	media_port=$((media_port + 10))
	uac_xml $media_port 6000 >"$LAB_DIR/uac.xml"
	uas_xml >"$LAB_DIR/uas.xml"
	hx out timeout 30 sipp -sf "$LAB_DIR/uas.xml" -i $eip -p 5060 \
	    -t $tr -m 1 -mp 41000 -bg >/dev/null 2>&1
	sleep 0.5
	hx in timeout 30 sipp -sf "$LAB_DIR/uac.xml" $eip:5060 \
	    -i $cip -p 5060 -t $tr -m 1 -mp 42000 -nostdin \
	    >"$LAB_DIR/uac-$name.out" 2>&1 &
	uac=$!
	sleep 1
	# the caller speaks first, the callee answers from its SDP port
	rtp in $cip $media_port $eip 31000 c-rtp-$name
	rtp in $cip $((media_port + 1)) $eip 31001 c-rtcp-$name
	sleep 0.1
	rtp out $eip 31000 $cip $media_port e-rtp-$name
	rtp out $eip 31001 $cip $((media_port + 1)) e-rtcp-$name
	sleep 3
	for t in c-rtp c-rtcp e-rtp e-rtcp; do
		check "$name call: $t media arrived" rtp_got $t-$name
	done
	f=$LAB_DIR/sess-$name.txt
	zcli "$SHOW" >"$f"
	check "$name call: every line parses with Genie's regexes" \
	    sess "$f" genie
	check "$name call: a sip signalling session to port 5060" \
	    grep -Eq "Session ID 0x[0-9A-F]{8} \\($cip:[0-9]+\\)=>\\($eip:5060\\) sip SIS_OPEN\$" "$f"
	for p in 0 1; do
		what="$name call: $( [ $p = 0 ] && echo RTP || echo RTCP ) child"
		check "$what: udp $cip:$((media_port + p)) <-> $eip:$((31000 + p)) SIS_OPEN" \
		    sess "$f" child $cip $((media_port + p)) $eip $((31000 + p))
		check "$what: bytes sent both ways" \
		    sess "$f" bytes $cip $((media_port + p)) $eip $((31000 + p))
		check "$what: listed right after its sip session" \
		    sess_quiet "$f" parent $cip $((media_port + p)) $eip $((31000 + p))
	done
	parent=$(sess "$f" parent $cip $media_port $eip 31000)
	if [ $tr = u1 ]; then
		udp_parent=$parent
	else
		check "tcp call: the parent is the TCP signalling session ($parent, not the UDP call's $udp_parent)" \
		    test -n "$parent" -a "$parent" != "$udp_parent"
	fi
	wait $uac
	rc=$?
	check "$name call: sipp call completed (exit $rc)" test $rc = 0
	sleep 1.5
	zcli "$SHOW" >"$LAB_DIR/after-$name.txt"
	check "$name call: after the BYE no media child session is left" \
	    sess "$LAB_DIR/after-$name.txt" nochild
	check "$name call: after the BYE the listing still parses" \
	    sess "$LAB_DIR/after-$name.txt" genie
done
echo "--- sessions during the tcp call"
cat "$LAB_DIR/sess-tcp.txt"
lab_done
