"""Raw TCP segments from 10.1.0.2 to 10.2.0.2:5060 (the SIP lab), for
tests/lab/sip-stream.sh and sip-overlap.sh: segments spoofed with a live
connection's 4-tuple.  The kernel adds the IP header."""
import socket
import struct

TCP_REPAIR, TCP_REPAIR_QUEUE, TCP_QUEUE_SEQ = 19, 20, 21
TCP_RECV_QUEUE, TCP_SEND_QUEUE = 1, 2
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def send(sport, seq, flags, ack=0, data=b""):
    h = struct.pack("!HHIIBBHHH", sport, 5060, seq & 0xffffffff, ack,
                    5 << 4, flags, 65535, 0, 0)
    ph = socket.inet_aton("10.1.0.2") + socket.inet_aton("10.2.0.2") + \
        struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(h) + len(data))
    h = h[:16] + struct.pack("!H", csum(ph + h + data)) + h[18:]
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    r.sendto(h + data, ("10.2.0.2", 0))
    r.close()


def seqs(s):
    """(next sequence number to send, next to receive) of a connected
    socket, read in repair mode (needs CAP_NET_ADMIN)."""
    s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, 1)
    s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE)
    snd = struct.unpack("I", s.getsockopt(socket.IPPROTO_TCP,
                                          TCP_QUEUE_SEQ, 4))[0]
    s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE)
    rcv = struct.unpack("I", s.getsockopt(socket.IPPROTO_TCP,
                                          TCP_QUEUE_SEQ, 4))[0]
    s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, 0)
    return snd, rcv


def sip(method, cid, cseq, body=b""):
    hdr = (b"%s sip:bob@10.2.0.2 SIP/2.0\r\n"
           b"Via: SIP/2.0/TCP 10.1.0.2:5060;branch=z9hG4bK%s%d\r\n"
           b"From: <sip:alice@10.1.0.2>;tag=a-%s\r\n"
           b"To: <sip:bob@10.2.0.2>\r\nCall-ID: %s\r\n"
           b"CSeq: %d %s\r\nMax-Forwards: 70\r\n"
           % (method, cid, cseq, cid, cid, cseq, method))
    if body:
        hdr += b"Content-Type: application/sdp\r\n"
    return hdr + b"Content-Length: %d\r\n\r\n" % len(body) + body


def sdp(port):
    return (b"v=0\r\no=- 1 1 IN IP4 10.1.0.2\r\ns=-\r\nc=IN IP4 10.1.0.2\r\n"
            b"t=0 0\r\nm=audio %d RTP/AVP 0\r\n" % port)
