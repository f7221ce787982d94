#!/bin/sh
# One sender must not starve the others (issue 10 section 1): while the
# inside host floods INVITEs with SDP from one UDP 5-tuple at the rate one
# Python sender reaches, to an outside address that never answers (they
# stay unanswered until Timer C), a second inside host (in2) places calls
# to an outside user agent; the ALG refuses the flood past the source's
# unanswered quota, the second source's calls complete with media, and new
# TCP connections of the second host (their first packet waits for the
# daemon's verdict) are timed without and during the flood.  Then the
# same with REGISTERs: the second source's registrations are all bound.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
CALLS=${SIP_FLOOD_CALLS:-40}
sip_lab "class-map type inspect match-any CM-TCP
 match protocol tcp
policy-map type inspect PM-SIP-TCP
 class type inspect CM-SIP
  inspect
 class type inspect CM-TCP
  inspect
 class class-default
  drop
zone-pair security in-out source inside destination outside
 service-policy type inspect PM-SIP-TCP"
hx out ip addr add 10.2.0.3/24 dev eth0
hx out socat TCP4-LISTEN:8080,fork,reuseaddr OPEN:/dev/null >/dev/null 2>&1 &
check "the outside tcp 8080 listener is up" _wait_listening out 8080 tcp
uac_xml 30000 1000 >"$LAB_DIR/uac.xml"
uas_xml >"$LAB_DIR/uas.xml"
# flood.py invite|register SECONDS: from 10.1.0.2 to 10.2.0.3, which
# never answers; prints how many were sent
cat >"$LAB_DIR/flood.py" <<'PY'
import socket, sys, time
kind, secs = sys.argv[1], float(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.1.0.2", 5062 if kind == "invite" else 5063))
sdp = (b"v=0\r\no=- 1 1 IN IP4 10.1.0.2\r\ns=-\r\nc=IN IP4 10.1.0.2\r\n"
       b"t=0 0\r\nm=audio %d RTP/AVP 0\r\n")

def invite(n):
    body = sdp % (20000 + 2 * (n % 10000))
    return (b"INVITE sip:x@10.2.0.3 SIP/2.0\r\n"
            b"Via: SIP/2.0/UDP 10.1.0.2:5062;branch=z9hG4bKf%d\r\n"
            b"From: <sip:f@10.1.0.2>;tag=f%d\r\nTo: <sip:x@10.2.0.3>\r\n"
            b"Call-ID: flood-%d\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
            b"Content-Type: application/sdp\r\nContent-Length: %d\r\n\r\n"
            % (n, n, n, len(body))) + body

def register(n):
    return (b"REGISTER sip:10.2.0.3 SIP/2.0\r\n"
            b"Via: SIP/2.0/UDP 10.1.0.2:5063;branch=z9hG4bKr%d\r\n"
            b"From: <sip:f%d@10.2.0.3>;tag=r%d\r\nTo: <sip:f%d@10.2.0.3>\r\n"
            b"Call-ID: regflood-%d\r\nCSeq: 1 REGISTER\r\n"
            b"Contact: <sip:f@10.1.0.2:%d>\r\nExpires: 3600\r\n"
            b"Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
            % (n, n, n, n, n, 10000 + n % 50000))

build = invite if kind == "invite" else register
end = time.time() + secs
n = 0
while time.time() < end:
    try:
        s.sendto(build(n), ("10.2.0.3", 5060))
    except OSError:
        pass
    n += 1
print(n)
PY
# connect() times of new TCP connections (their first packet waits for a
# verdict from the daemon that is busy with the flood)
cat >"$LAB_DIR/connect.py" <<'PY'
import socket, sys, time
t = []
for i in range(int(sys.argv[1])):
    a = time.perf_counter()
    c = socket.create_connection(("10.2.0.2", 8080), timeout=5)
    t.append((time.perf_counter() - a) * 1000)
    c.close()
    time.sleep(0.02)
t.sort()
print("%d %.2f %.2f %.2f" % (len(t), t[len(t) // 2], t[len(t) * 99 // 100],
                             t[-1]))
PY
hx in2 python3 "$LAB_DIR/connect.py" 50 >"$LAB_DIR/connect-idle.txt"
lab_sink in2 30000
hx out timeout 90 sipp -sf "$LAB_DIR/uas.xml" -i 10.2.0.2 -p 5060 -m "$CALLS" \
    -bg >/dev/null 2>&1
hx in timeout 60 python3 "$LAB_DIR/flood.py" invite 20 >"$LAB_DIR/flood.n" &
flood=$!
sleep 2
hx in2 timeout 60 sipp -sf "$LAB_DIR/uac.xml" 10.2.0.2:5060 -i 10.5.0.2 \
    -p 5060 -m "$CALLS" -l 10 -r 4 -nostdin \
    -trace_stat -stf "$LAB_DIR/uac.csv" >"$LAB_DIR/uac.out" 2>&1 &
uac=$!
hx in2 python3 "$LAB_DIR/connect.py" 300 >"$LAB_DIR/connect-flood.txt" &
conn=$!
sleep 4
# a few tries: a media flow's first packet waits in the same queue as the
# flood and may be dropped when it overflows (the next one then opens it)
for i in 1 2 3 4 5; do
	udp_send out 10.5.0.2 30000 "zt-flood-media"
	sunk in2 30000 "zt-flood-media" && break
	sleep 0.3
done
check "media reaches the second source's SDP port during the flood" \
    sunk in2 30000 "zt-flood-media"
wait "$uac"
rc=$?
wait "$flood"
wait "$conn"
echo "flood: $(cat "$LAB_DIR/flood.n") INVITEs sent in 20 s"
read -r n50 p50 p99 pmax <"$LAB_DIR/connect-idle.txt" || true
echo "TCP connect without flood: median $p50 ms, p99 $p99 ms, max $pmax ms"
read -r n p50 p99 pmax <"$LAB_DIR/connect-flood.txt" || true
echo "TCP connect during the flood ($n): median $p50 ms, p99 $p99 ms, max $pmax ms"
zcli "show sip-alg statistics" >"$LAB_DIR/stats.txt"
grep -E "unanswered INVITEs over source|over the source's or zone-pair|UDP datagrams|INVITE  " \
    "$LAB_DIR/stats.txt"
ok=$(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++)
    if ($i == "SuccessfulCall(C)") c = i } END { print $c }' "$LAB_DIR/uac.csv")
echo "second source: sipp exit $rc, successful calls $ok of $CALLS"
check "the flood is refused past the source's unanswered quota" grep -Eq \
    "unanswered INVITEs over source quota +[1-9]" "$LAB_DIR/stats.txt"
check "the second source completes >= 95 % of its calls ($ok/$CALLS)" \
    test "${ok:-0}" -ge $(( (CALLS * 95 + 99) / 100 ))
# a guard, not the goal (p99 under 10 ms measured): the shared test
# machine may be busy
check "TCP connect during the flood: median under 10 ms ($p50 ms)" \
    awk -v v="$p50" 'BEGIN { exit !(v < 10) }'

# REGISTERs: a flood of pending ones from one source (never answered),
# and a registrar on the outside answering the second source's
cat >"$LAB_DIR/registrar.py" <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.2.0.2", 5060))
while True:
    b, peer = s.recvfrom(65535)
    h = {}
    for line in b.split(b"\r\n")[1:]:
        if b":" in line:
            k, v = line.split(b":", 1)
            h.setdefault(k.strip().lower(), v.strip())
    r = (b"SIP/2.0 200 OK\r\nVia: %s\r\nFrom: %s\r\nTo: %s;tag=reg\r\n"
         b"Call-ID: %s\r\nCSeq: %s\r\nContact: %s;expires=600\r\n"
         b"Content-Length: 0\r\n\r\n"
         % (h[b"via"], h[b"from"], h[b"to"], h[b"call-id"], h[b"cseq"],
            h[b"contact"]))
    s.sendto(r, peer)
PY
cat >"$LAB_DIR/register.py" <<'PY'
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.5.0.2", 5060))
s.settimeout(2)
ok = 0
for i in range(10):
    m = (b"REGISTER sip:10.2.0.2 SIP/2.0\r\n"
         b"Via: SIP/2.0/UDP 10.5.0.2:5060;branch=z9hG4bKv%d\r\n"
         b"From: <sip:u%d@10.2.0.2>;tag=v%d\r\nTo: <sip:u%d@10.2.0.2>\r\n"
         b"Call-ID: victim-reg-%d\r\nCSeq: 1 REGISTER\r\n"
         b"Contact: <sip:u@10.5.0.2:%d>\r\nExpires: 600\r\n"
         b"Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
         % (i, i, i, i, i, 5070 + i))
    for attempt in range(4):	# Timer E, roughly
        s.sendto(m, ("10.2.0.2", 5060))
        try:
            if s.recv(65535).startswith(b"SIP/2.0 200"):
                ok += 1
                break
        except socket.timeout:
            pass
    time.sleep(0.2)
print(ok)
PY
hx out timeout 60 python3 "$LAB_DIR/registrar.py" &
registrar=$!
sleep 0.5
hx in timeout 60 python3 "$LAB_DIR/flood.py" register 10 \
    >"$LAB_DIR/regflood.n" &
rflood=$!
sleep 2
hx in2 timeout 40 python3 "$LAB_DIR/register.py" >"$LAB_DIR/register.ok"
wait "$rflood"
echo "REGISTER flood: $(cat "$LAB_DIR/regflood.n") sent in 10 s"
zcli "show sip-alg registrations" >"$LAB_DIR/regs.txt"
zcli "show sip-alg statistics" >"$LAB_DIR/stats2.txt"
grep -E "registrations over the source|SIP registrations" \
    "$LAB_DIR/stats2.txt" "$LAB_DIR/regs.txt"
bound=$(grep -c "10.5.0.2:50[67][0-9] .*active" "$LAB_DIR/regs.txt")
check "the REGISTER flood is refused past the source's quota" grep -Eq \
    "registrations over the source's quota +[1-9]" "$LAB_DIR/stats2.txt"
check "the second source's 10 registrations are bound ($bound)" \
    test "$bound" -eq 10
kill "$registrar" 2>/dev/null
lab_done
