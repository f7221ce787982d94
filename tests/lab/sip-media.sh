#!/bin/sh
# Media through zbfwd per direction, and the callee's first RTP (issue 14),
# over UDP and over TCP signalling.  A sipp caller (zone inside, 10.1.0.2)
# calls through a sipp proxy/UAS (zone outside, 10.2.0.2) that answers 180,
# then 200 OK four seconds later with the SDP of its phone (10.2.0.3, same
# zone: a phone behind its proxy).  Known numbers of RTP packets are sent
# each way:
#   - the phone sends RTP from its SDP port as soon as the INVITE is out,
#     before the 200: it reaches the caller (the offer's pinhole admits any
#     source of the callee's zone until the answer; before issue 14 only
#     the proxy's signalling address, and the phone's first RTP was lost);
#     so does the proxy's own RTP, while the same RTP from the dmz host
#     (another zone) is dropped;
#   - after the 200 the pinhole is narrowed to the answer's address: the
#     proxy's RTP is dropped, the phone's (same time, same port) passes;
#   - caller and phone then talk both ways on the one symmetric RTP
#     connection the phone opened; `show sip-alg calls detail` counts each
#     way under its real sender (the caller's packets are the reply
#     direction of the phone's connection) and equals what was sent;
#   - the detail's shape (columns, rows) is diffed against the expected
#     one, ages, ids, ports and counts normalised;
#   - the caller sends 10 more just before its BYE: after the BYE the ended
#     call's counts still equal everything sent (the last counters come
#     with the connection's deletion, after its pinhole closed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
sip_lab
hx out ip addr add 10.2.0.3/24 dev eth0

# party LOCAL-IP LOCAL-PORT OUT SECONDS [AT:COUNT:IP:PORT ...]: bind the
# port, send COUNT RTP packets (172 bytes of payload, 10 ms apart) to
# IP:PORT at AT seconds after the start (the Nth burst's packets carry N),
# count what arrives per source and burst; after SECONDS write
# "ip:port#N count" lines to OUT.
cat >"$LAB_DIR/party.py" <<'PY'
import socket, sys, time
la, lp, out, dur = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
plan = []
for i, a in enumerate(sys.argv[5:]):
    at, n, ip, port = a.split(":")
    plan.append([float(at), int(n), ip, int(port), i + 1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((la, lp))
s.setblocking(False)
got = {}
t0 = time.time()
seq = 0
def drain():
    while True:
        try:
            b, src = s.recvfrom(2048)
        except BlockingIOError:
            return
        k = "%s:%d#%d" % (src[0], src[1], b[4] if len(b) > 4 else 0)
        got[k] = got.get(k, 0) + 1
while time.time() - t0 < dur:
    now = time.time() - t0
    for p in plan:
        if p[1] > 0 and now >= p[0]:
            s.sendto(b"\x80\x00" + (seq & 0xffff).to_bytes(2, "big") + bytes([p[4]]) + b"\x00" * 167, (p[2], p[3]))
            seq += 1
            p[1] -= 1
    drain()
    time.sleep(0.01)
drain()
with open(out, "w") as f:
    for k, v in sorted(got.items()):
        f.write("%s %d\n" % (k, v))
PY
party() {	# HOST ARGS...
	_h=$1
	shift
	ip netns exec "zt-$LAB-$_h" /usr/bin/python3 "$LAB_DIR/party.py" "$@" \
	    >/dev/null 2>&1 &
}
# got TAG FROM: packets the party TAG received from FROM (ip:port#burst)
got() {
	awk -v k="$2" '$1 == k { n = $2 } END { print n + 0 }' \
	    "$LAB_DIR/got-$1" 2>/dev/null
}
# part FILE PORT: the part of a detail listing of the call with media
# port PORT (the previous call may still linger, ended)
part() {
	awk -v RS= -v p=":$2 " 'index($0, p)' "$1"
}
# row FILE PORT SENDER: "SOURCE DESTINATION PACKETS BYTES" of the stream 1
# rtp row of that sender in that call
row() {
	part "$1" "$2" | awk -v s="$3" '$1 == "1" && $2 == "rtp" && $3 == s {
	    print $4, $5, $6, $7 }'
}
# shape: a call's detail listing with ages, ids, the Call-ID, the caller's
# signalling port, media ports and counts normalised, runs of spaces
# squeezed (tests/unit/check_sip_media.c checks the exact columns)
shape() {
	sed -E -e 's/[0-9]{2}:[0-9]{2}:[0-9]{2}/HH:MM:SS/g' \
	    -e 's/^Call-ID .*/Call-ID CALLID/' \
	    -e 's/^(  Caller .*):[0-9]+, zone/\1:SIPPORT, zone/' \
	    -e 's/^( +)[0-9]+( +(rtp|rtcp|sip) +(udp|tcp) )/\1ID\2/' \
	    -e 's/:3[01][0-9]{3}( |$)/:PORT\1/g' \
	    -e 's/ [0-9]+ +[0-9]+ (HH:MM:SS|never)/ N N \1/' | tr -s ' '
}

cat >"$LAB_DIR/shape.txt" <<'EOF'
Call-ID CALLID
 State active, age HH:MM:SS, idle HH:MM:SS, signalling PROTO
 Caller caller@10.1.0.2 (10.1.0.2:SIPPORT, zone inside)
 Callee bob@10.2.0.2:5060 (10.2.0.2:5060, zone outside)
 Dialogs 1 (1 confirmed), media streams 1/1
 Pinholes 6
 Id Kind Proto Source (any port) Destination Conns
 ID sip PROTO 10.2.0.2 10.1.0.2:5060 0
 ID sip PROTO 10.1.0.2 10.2.0.2:5060 0
 ID rtcp udp 10.1.0.2 10.2.0.3:PORT 0
 ID rtp udp 10.1.0.2 10.2.0.3:PORT 0
 ID rtcp udp 10.2.0.3 10.1.0.2:PORT 0
 ID rtp udp 10.2.0.3 10.1.0.2:PORT 2
 Media each way, by sender
 Stream Kind Sender Source Destination Packets Bytes First Last
 1 rtp caller 10.1.0.2:PORT 10.2.0.3:PORT N N HH:MM:SS HH:MM:SS
 1 rtp callee 10.2.0.3:PORT 10.1.0.2:PORT N N HH:MM:SS HH:MM:SS
 1 rtcp caller - - N N never never
 1 rtcp callee - - N N never never
EOF

n=0
for tr in u1 t1; do
	name=$( [ $tr = u1 ] && echo udp || echo tcp )
	n=$((n + 1))
	cport=300${n}0 eport=310${n}0 gport=310${n}4 lport=310${n}6
	uac_xml $cport 7000 >"$LAB_DIR/uac.xml"
	{
		xml_head "zbfw callee, 200 after 4 s"
		echo '  <recv request="INVITE" crlf="true"/>'
		xml_answer "180 Ringing" b
		echo '  <pause milliseconds="4000"/>'
		xml_answer "200 OK" b "$(sdp_body 10.2.0.3 $eport)"
		printf '  <recv request="ACK" crlf="true"/>\n'
		printf '  <recv request="BYE"/>\n'
		xml_answer "200 OK" ""
		echo '</scenario>'
	} >"$LAB_DIR/uas.xml"
	hx out timeout 30 sipp -sf "$LAB_DIR/uas.xml" -i 10.2.0.2 -p 5060 \
	    -t $tr -m 1 -mp 41000 -bg >/dev/null 2>&1
	sleep 0.5
	hx in timeout 30 sipp -sf "$LAB_DIR/uac.xml" 10.2.0.2:5060 \
	    -i 10.1.0.2 -p 5060 -t $tr -m 1 -mp 42000 -nostdin \
	    >"$LAB_DIR/uac-$name.out" 2>&1 &
	uac=$!
	# t=1 s: the phone's first RTP (25), before the 200 (t=4 s);
	# t=1.5 s: the proxy (10 from gport) and the dmz host (10);
	# t=5.5 s: caller 40, phone 30, proxy 10 more from gport (on the
	# connection its first ones opened) and 10 from lport;
	# t=10.6 s: caller 10, just before its BYE (t=11 s)
	party in 10.1.0.2 $cport "$LAB_DIR/got-c-$name" 10.8 \
	    5.5:40:10.2.0.3:$eport 10.6:10:10.2.0.3:$eport
	party out 10.2.0.3 $eport "$LAB_DIR/got-e-$name" 11.5 \
	    1:25:10.1.0.2:$cport 5.5:30:10.1.0.2:$cport
	party out 10.2.0.2 $gport "$LAB_DIR/got-g-$name" 7 \
	    1.5:10:10.1.0.2:$cport 5.5:10:10.1.0.2:$cport
	party out 10.2.0.2 $lport "$LAB_DIR/got-l-$name" 7 \
	    5.5:10:10.1.0.2:$cport
	party dmz 10.3.0.2 $gport "$LAB_DIR/got-d-$name" 3 \
	    1.5:10:10.1.0.2:$cport
	sleep 2.7
	zcli "show sip-alg calls detail" >"$LAB_DIR/early-$name.txt"
	check "$name: before the 200 the call is early" \
	    grep -q "State early" "$LAB_DIR/early-$name.txt"
	check "$name: before the 200, RTP pinhole to the caller from the callee's zone" \
	    grep -Eq "rtp +udp +any \\(zone outside\\) +10\\.1\\.0\\.2:$cport " \
	    "$LAB_DIR/early-$name.txt"
	sleep 6.3
	zcli "show sip-alg calls detail" >"$LAB_DIR/calls-$name.txt"
	cat "$LAB_DIR/calls-$name.txt"
	# conntrack counts IP bytes: 172 + 8 + 20 = 200 a packet
	r=$(row "$LAB_DIR/calls-$name.txt" $cport caller)
	check "$name: the caller's media counted under the caller: $r" \
	    test "$r" = "10.1.0.2:$cport 10.2.0.3:$eport 40 8000"
	r=$(row "$LAB_DIR/calls-$name.txt" $cport callee)
	check "$name: the callee side's counted under the callee (phone 25 + 30, proxy 10): $r" \
	    test "$r" = "10.2.0.3:$eport 10.1.0.2:$cport 65 13000"
	sed "s/PROTO/$name/" "$LAB_DIR/shape.txt" >"$LAB_DIR/shape-$name.txt"
	part "$LAB_DIR/calls-$name.txt" $cport | shape \
	    >"$LAB_DIR/got-shape-$name.txt"
	check "$name: the detail listing has the expected shape" \
	    diff -u "$LAB_DIR/shape-$name.txt" "$LAB_DIR/got-shape-$name.txt"
	wait $uac
	rc=$?
	check "$name: sipp call completed (exit $rc)" test $rc = 0
	sleep 1.5
	zcli "show sip-alg calls detail" >"$LAB_DIR/ended-$name.txt"
	e1=$(got c-$name "10.2.0.3:$eport#1") e2=$(got c-$name "10.2.0.3:$eport#2")
	check "$name: the phone's RTP before the 200 reaches the caller (25 = $e1)" \
	    test "$e1" = 25
	check "$name: the phone's RTP after the 200 reaches the caller (30 = $e2)" \
	    test "$e2" = 30
	g1=$(got c-$name "10.2.0.2:$gport#1") g2=$(got c-$name "10.2.0.2:$gport#2")
	check "$name: the proxy's RTP (callee's zone) before the 200 (10 = $g1)" \
	    test "$g1" = 10
	nocheck "$name: the proxy's RTP after the 200 named the phone, on its connection ($g2)" \
	    test "$g2" != 0
	l1=$(got c-$name "10.2.0.2:$lport#1")
	nocheck "$name: the proxy's RTP after the 200 from a new port ($l1)" \
	    test "$l1" != 0
	d1=$(got c-$name "10.3.0.2:$gport#1")
	nocheck "$name: the same RTP from the dmz zone ($d1)" test "$d1" != 0
	c12=$(( $(got e-$name "10.1.0.2:$cport#1") + $(got e-$name "10.1.0.2:$cport#2") ))
	check "$name: the caller's RTP reaches the phone (50 = $c12)" \
	    test "$c12" = 50
	check "$name: after the BYE the call is kept, ended" \
	    grep -q "State ended (BYE)" "$LAB_DIR/ended-$name.txt"
	r=$(row "$LAB_DIR/ended-$name.txt" $cport caller)
	check "$name: after the BYE, the caller's 40 + 10 counted: $r" \
	    test "$r" = "10.1.0.2:$cport 10.2.0.3:$eport 50 10000"
	r=$(row "$LAB_DIR/ended-$name.txt" $cport callee)
	check "$name: after the BYE, the callee side's 65: $r" \
	    test "$r" = "10.2.0.3:$eport 10.1.0.2:$cport 65 13000"
done
lab_done
