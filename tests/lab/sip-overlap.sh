#!/bin/sh
# A conflicting overlap on a live SIP/TCP connection through zbfwd (issue
# 10 section 2): the caller's namespace writes, with a raw socket at the
# connection's own sequence numbers (read with TCP_REPAIR), the tail of an
# INVITE beyond a hole (SDP port 30600), then a later, longer copy of it
# whose SDP says port 30700 (Linux keeps such a copy over the first one);
# then the socket itself sends the whole INVITE.  zbfwd drops the
# conflicting copy, so the server receives the port the ALG parsed and
# opened, and the other port is never opened.  Before issue 10 the copy
# passed: the server got 30700 while the ALG opened 30600.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
sip_lab
hx in sysctl -qw net.ipv4.tcp_timestamps=0
: >"$LAB_DIR/rx"
hx out socat -u TCP4-LISTEN:5060,fork,reuseaddr \
    "OPEN:$LAB_DIR/rx,append" >/dev/null 2>&1 &
check "the SIP server's tcp socket listens" _wait_listening out 5060 tcp

cat >"$LAB_DIR/overlap.py" <<'PY'
import os, socket, struct, sys, time

TCP_REPAIR, TCP_REPAIR_QUEUE, TCP_QUEUE_SEQ = 19, 20, 21
TCP_RECV_QUEUE, TCP_SEND_QUEUE = 1, 2

def msg(method, cid, cseq, body=b""):
    hdr = (b"%s sip:bob@10.2.0.2 SIP/2.0\r\n"
           b"Via: SIP/2.0/TCP 10.1.0.2:5060;branch=z9hG4bK%s%d\r\n"
           b"From: <sip:alice@10.1.0.2>;tag=a-%s\r\n"
           b"To: <sip:bob@10.2.0.2>\r\nCall-ID: %s\r\n"
           b"CSeq: %d %s\r\nMax-Forwards: 70\r\n"
           % (method, cid, cseq, cid, cid, cseq, method))
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

def raw(sport, seq, ack, flags, data):
    h = struct.pack("!HHIIBBHHH", sport, 5060, seq, ack, 5 << 4, flags,
                    65535, 0, 0)
    ph = socket.inet_aton("10.1.0.2") + socket.inet_aton("10.2.0.2") + \
        struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(h) + len(data))
    h = h[:16] + struct.pack("!H", csum(ph + h + data)) + h[18:]
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    r.sendto(h + data, ("10.2.0.2", 0))
    r.close()

def seqs(s):
    s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, 1)
    s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE)
    snd = struct.unpack("I", s.getsockopt(socket.IPPROTO_TCP, TCP_QUEUE_SEQ, 4))[0]
    s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE)
    rcv = struct.unpack("I", s.getsockopt(socket.IPPROTO_TCP, TCP_QUEUE_SEQ, 4))[0]
    s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, 0)
    return snd, rcv

def sdp(port):
    return (b"v=0\r\no=- 1 1 IN IP4 10.1.0.2\r\ns=-\r\nc=IN IP4 10.1.0.2\r\n"
            b"t=0 0\r\nm=audio %d RTP/AVP 0\r\n" % port)

s = socket.create_connection(("10.2.0.2", 5060), timeout=3)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sport = s.getsockname()[1]
time.sleep(0.3)
good = msg(b"INVITE", b"overlap-1", 1, sdp(30600))
evil = good.replace(b"m=audio 30600", b"m=audio 30700")
assert len(good) == len(evil)
cut = good.index(b"m=audio") - 10
snd, rcv = seqs(s)
# the tail first (held beyond the hole), then a copy from the same byte,
# longer by a CRLF, with the other port: Linux replaces the first by it
raw(sport, (snd + cut) & 0xffffffff, rcv, 0x18, good[cut:])
time.sleep(0.2)
raw(sport, (snd + cut) & 0xffffffff, rcv, 0x18, evil[cut:] + b"\r\n")
time.sleep(0.2)
# the hole through the socket itself
s.send(good[:cut])
time.sleep(1.0)
s.close()
time.sleep(0.5)
PY
hx in timeout 20 python3 "$LAB_DIR/overlap.py"
sleep 0.5
zcli "show sip-alg calls detail" >"$LAB_DIR/calls.txt"
zcli "show sip-alg statistics" >"$LAB_DIR/stats.txt"
grep -E "segments with bytes differing|out-of-order segments held" \
    "$LAB_DIR/stats.txt"
check "the server received the INVITE" grep -q "Call-ID: overlap-1" \
    "$LAB_DIR/rx"
check "the server received the SDP port the ALG parsed (30600)" \
    grep -q "m=audio 30600" "$LAB_DIR/rx"
nocheck "the server received the conflicting copy's port (30700)" \
    grep -q "m=audio 30700" "$LAB_DIR/rx"
check "the ALG opened 30600" grep -q "10.1.0.2:30600 " "$LAB_DIR/calls.txt"
nocheck "the ALG opened 30700" grep -q "10.1.0.2:30700 " "$LAB_DIR/calls.txt"
check "the conflicting copy was counted" grep -Eq \
    "segments with bytes differing from seen +[1-9]" "$LAB_DIR/stats.txt"
lab_done
