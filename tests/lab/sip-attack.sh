#!/bin/sh
# SIP over TCP framing and attacks through zbfwd (inside -> outside SIP
# inspected, nothing allowed back in but pinholes):
#  - one TCP segment holding two whole INVITEs and half of a third, then
#    the rest: three calls, each with its pinholes;
#  - a REGISTER at a segment boundary inside an HTTP upload to port 5060,
#    and an INVITE at a segment boundary inside a SIP MESSAGE body: nothing
#    is registered or opened;
#  - SDP naming a third-party address (a dmz host, in another zone than
#    the sender), or port 22: nothing is opened.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
sip_lab
hx out socat -u TCP4-LISTEN:5060,fork,reuseaddr OPEN:/dev/null \
    >/dev/null 2>&1 &
hx out socat -u UDP4-RECV:5060,reuseaddr OPEN:/dev/null >/dev/null 2>&1 &
check "the SIP server's tcp and udp sockets listen" \
    _wait_listening out 5060 tcp udp

# sipsend MODE: python client in zone inside (see the cases below)
cat >"$LAB_DIR/send.py" <<'PY'
import socket, sys, time

def msg(method, cid, body=b"", ctype=b"application/sdp", extra=b""):
    hdr = (b"%s sip:bob@10.2.0.2 SIP/2.0\r\n"
           b"Via: SIP/2.0/TCP 10.1.0.2:5060;branch=z9hG4bK%s\r\n"
           b"From: <sip:alice@10.1.0.2>;tag=a-%s\r\n"
           b"To: <sip:bob@10.2.0.2>\r\nCall-ID: %s\r\n"
           b"CSeq: 1 %s\r\nMax-Forwards: 70\r\n%s"
           % (method, cid, cid, cid, method, extra))
    if body:
        hdr += b"Content-Type: " + ctype + b"\r\n"
    return hdr + b"Content-Length: %d\r\n\r\n" % len(body) + body

def sdp(ip, port):
    return (b"v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
            b"m=audio %d RTP/AVP 0\r\n" % (ip, ip, port))

def segments(parts):
    s = socket.create_connection(("10.2.0.2", 5060), timeout=3)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for p in parts:
        s.send(p)
        time.sleep(0.4)
    time.sleep(0.5)
    s.close()

mode = sys.argv[1]
if mode == "two-and-a-half":
    m = [msg(b"INVITE", b"seg-%d" % i, sdp(b"10.1.0.2", 30200 + 2 * i))
         for i in range(3)]
    cut = len(m[0]) + len(m[1]) + len(m[2]) // 2
    allm = b"".join(m)
    segments([allm[:cut], allm[cut:]])
elif mode == "http":
    reg = msg(b"REGISTER", b"slip-http", extra=
              b"Contact: <sip:x@10.1.0.2:22>\r\nExpires: 3600\r\n")
    post = (b"POST /upload HTTP/1.1\r\nHost: 10.2.0.2:5060\r\n"
            b"Content-Length: %d\r\n\r\n" % len(reg))
    segments([post, reg])
elif mode == "body":
    inner = msg(b"INVITE", b"slip-body", sdp(b"10.1.0.2", 30300))
    outer = msg(b"MESSAGE", b"carrier", inner, b"text/plain")
    cut = len(outer) - len(inner)
    segments([outer[:cut], outer[cut:]])
elif mode == "udp":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.1.0.2", 5060))
    for cid, ip, port in ((b"third", b"10.3.0.2", 30400),
                          (b"port22", b"10.1.0.2", 22)):
        s.sendto(msg(b"INVITE", cid, sdp(ip, port)), ("10.2.0.2", 5060))
        time.sleep(0.2)
PY
sipsend() { hx in timeout 10 python3 "$LAB_DIR/send.py" "$1"; }

sipsend two-and-a-half
zcli "show sip-alg calls detail" >"$LAB_DIR/calls.txt"
for i in 0 1 2; do
	check "segment case: call seg-$i with its RTP pinhole" \
	    grep -q "10.1.0.2:$((30200 + 2 * i)) " "$LAB_DIR/calls.txt"
done
lab_sink in 30204
udp_send out 10.1.0.2 30204 "zt-third-msg"
check "media reaches the third (split) INVITE's port" \
    sunk in 30204 "zt-third-msg"

sipsend http
zcli "show sip-alg registrations" >"$LAB_DIR/regs.txt"
check "HTTP upload: no registration" grep -q "SIP registrations: 0" \
    "$LAB_DIR/regs.txt"
sipsend body
zcli "show sip-alg calls" >"$LAB_DIR/calls2.txt"
nocheck "INVITE inside a MESSAGE body" grep -q "slip-body" \
    "$LAB_DIR/calls2.txt"
sipsend udp
zcli "show sip-alg calls detail" >"$LAB_DIR/calls3.txt"
cat "$LAB_DIR/calls3.txt" | tail -12
check "third-party c=: the call is followed" grep -q "Call-ID third" \
    "$LAB_DIR/calls3.txt"
nocheck "third-party c=: a pinhole" grep -q "10.3.0.2:30400" \
    "$LAB_DIR/calls3.txt"
nocheck "port 22: a pinhole" grep -Eq "10.1.0.2:(22|23) " "$LAB_DIR/calls3.txt"
lab_sink in 22 2>/dev/null
udp_send out 10.1.0.2 22 "zt-22"
nocheck "port 22 reachable from outside" sunk in 22 "zt-22"
check "control: the port 22 sink gets the router's datagram" \
    sink_alive r in 22
zcli "show sip-alg statistics" >"$LAB_DIR/stats.txt"
check "counted: address not on the sender's side" grep -Eq \
    "address not on the sender's side +[1-9]" "$LAB_DIR/stats.txt"
check "counted: port below 1024" grep -Eq "port below 1024 +[1-9]" \
    "$LAB_DIR/stats.txt"
check "counted: framing lost (HTTP)" grep -Eq \
    "TCP stream framing lost +[1-9]" "$LAB_DIR/stats.txt"
lab_done
