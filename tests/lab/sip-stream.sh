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
import os, random, socket, sys, time
from raw_tcp import send, sip, sdp, SYN, RST

s = socket.create_connection(("10.2.0.2", 5060), timeout=3)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sport = s.getsockname()[1]
s.send(sip(b"INVITE", b"stream-1", 1, sdp(30500)))
time.sleep(0.5)
open(sys.argv[2], "w").write("invite sent\n")
# wait for the shell to look at the pinholes
while not os.path.exists(sys.argv[2] + ".go"):
    time.sleep(0.1)
rnd = random.Random(os.getpid())
for isn in (rnd.getrandbits(32), rnd.getrandbits(32)):
    send(sport, isn, SYN)			# spoofed SYN, another ISN
    time.sleep(0.2)
send(sport, rnd.getrandbits(32), RST)		# blind RST
time.sleep(0.3)
s.send(sip(b"BYE", b"stream-1", 2))
time.sleep(0.5)
s.close()					# FIN
time.sleep(0.5)
PY

hx in env PYTHONPATH="$(cd "$(dirname "$0")" && pwd)" timeout 20 python3 \
    "$LAB_DIR/stream.py" run "$LAB_DIR/state" &
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
