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
import socket, time
from raw_tcp import send, seqs, sip, sdp, ACK, PSH

s = socket.create_connection(("10.2.0.2", 5060), timeout=3)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sport = s.getsockname()[1]
time.sleep(0.3)
good = sip(b"INVITE", b"overlap-1", 1, sdp(30600))
evil = good.replace(b"m=audio 30600", b"m=audio 30700")
assert len(good) == len(evil)
cut = good.index(b"m=audio") - 10
snd, rcv = seqs(s)
# the tail first (held beyond the hole), then a copy from the same byte,
# longer by a CRLF, with the other port: Linux replaces the first by it
send(sport, snd + cut, ACK | PSH, rcv, good[cut:])
time.sleep(0.2)
send(sport, snd + cut, ACK | PSH, rcv, evil[cut:] + b"\r\n")
time.sleep(0.2)
# the hole through the socket itself
s.send(good[:cut])
time.sleep(1.0)
s.close()
time.sleep(0.5)
PY
hx in env PYTHONPATH="$(cd "$(dirname "$0")" && pwd)" timeout 20 python3 \
    "$LAB_DIR/overlap.py"
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
