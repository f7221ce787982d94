#!/bin/sh
# The TCP stream of a live SIP connection through zbfwd (issue 10 section
# 2): after an INVITE opened its pinholes, a SYN spoofed with the
# connection's 4-tuple and another ISN, and a blind RST (not at the next
# sequence number), are sent from the caller's namespace with a raw
# socket; the connection stays the endpoint's stream: the BYE that
# follows on it is parsed and closes the call's pinholes.  Then the FIN.
# The framer's own rules are unit-tested in tests/unit/check_sip_stream.c.
# Here the kernel hands the spoofed SYNs to the daemon (conntrack lets a
# SYN on an established connection through; the SIP connection's packets
# all go to the daemon), so they reach the framer: before issue 10 each
# reset its stream and the BYE went unparsed.  The blind RST, out of
# window, is stopped by conntrack before it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
sip_lab
hx out socat -u TCP4-LISTEN:5060,fork,reuseaddr OPEN:/dev/null \
    >/dev/null 2>&1 &
check "the SIP server's tcp socket listens" _wait_listening out 5060 tcp

cat >"$LAB_DIR/stream.py" <<'PY'
import os, random, socket, struct, sys, time

def msg(method, cid, cseq, body=b"", to_tag=b""):
    hdr = (b"%s sip:bob@10.2.0.2 SIP/2.0\r\n"
           b"Via: SIP/2.0/TCP 10.1.0.2:5060;branch=z9hG4bK%s%d\r\n"
           b"From: <sip:alice@10.1.0.2>;tag=a-%s\r\n"
           b"To: <sip:bob@10.2.0.2>%s\r\nCall-ID: %s\r\n"
           b"CSeq: %d %s\r\nMax-Forwards: 70\r\n"
           % (method, cid, cseq, cid, to_tag, cid, cseq, method))
    if body:
        hdr += b"Content-Type: application/sdp\r\n"
    return hdr + b"Content-Length: %d\r\n\r\n" % len(body) + body

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def raw(sport, seq, flags):
    # a TCP header from 10.1.0.2:sport to 10.2.0.2:5060 (the kernel
    # adds the IP header)
    h = struct.pack("!HHIIBBHHH", sport, 5060, seq, 0, 5 << 4, flags,
                    65535, 0, 0)
    ph = socket.inet_aton("10.1.0.2") + socket.inet_aton("10.2.0.2") + \
        struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(h))
    h = h[:16] + struct.pack("!H", csum(ph + h)) + h[18:]
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    r.sendto(h, ("10.2.0.2", 0))
    r.close()

sdp = (b"v=0\r\no=- 1 1 IN IP4 10.1.0.2\r\ns=-\r\nc=IN IP4 10.1.0.2\r\n"
       b"t=0 0\r\nm=audio 30500 RTP/AVP 0\r\n")
step = sys.argv[1]
s = socket.create_connection(("10.2.0.2", 5060), timeout=3)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sport = s.getsockname()[1]
s.send(msg(b"INVITE", b"stream-1", 1, sdp))
time.sleep(0.5)
open(sys.argv[2], "w").write("invite sent\n")
# wait for the shell to look at the pinholes
while not os.path.exists(sys.argv[2] + ".go"):
    time.sleep(0.1)
rnd = random.Random(os.getpid())
for isn in (rnd.getrandbits(32), rnd.getrandbits(32)):
    raw(sport, isn, 0x02)			# spoofed SYN, another ISN
    time.sleep(0.2)
raw(sport, rnd.getrandbits(32), 0x04)		# blind RST
time.sleep(0.3)
s.send(msg(b"BYE", b"stream-1", 2))
time.sleep(0.5)
s.close()					# FIN
time.sleep(0.5)
PY

hx in timeout 20 python3 "$LAB_DIR/stream.py" run "$LAB_DIR/state" &
client=$!
i=0
while [ ! -f "$LAB_DIR/state" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
zcli "show sip-alg calls detail" >"$LAB_DIR/before.txt"
check "the INVITE over TCP opened its RTP pinhole" \
    grep -q "10.1.0.2:30500 " "$LAB_DIR/before.txt"
touch "$LAB_DIR/state.go"
wait "$client"
zcli "show sip-alg calls detail" >"$LAB_DIR/after.txt"
zcli "show sip-alg statistics" >"$LAB_DIR/stats.txt"
grep -E "SYNs with a new ISN|RSTs (taken|ignored)|FINs taken|TCP segments " \
    "$LAB_DIR/stats.txt"
check "the spoofed SYNs reached the ALG and were dropped (counted)" \
    grep -Eq "SYNs with a new ISN on a started stream +[1-9]" \
    "$LAB_DIR/stats.txt"
nocheck "after the spoofed SYNs and RST, a pinhole of the call is left" \
    grep -q "10.1.0.2:30500 " "$LAB_DIR/after.txt"
check "the BYE on the connection was parsed (the call is closing or ended)" \
    grep -Eq "State (closing|ended)" "$LAB_DIR/after.txt"
check "no RST was taken from the blind one" grep -Eq \
    "RSTs taken \(exact sequence number\) +0$" "$LAB_DIR/stats.txt"
check "the FIN of the caller was taken" grep -Eq "FINs taken +[1-9]" \
    "$LAB_DIR/stats.txt"
lab_done
