#!/bin/sh
# The media-child link is exact (issue 10 section 5): a call's offer
# pinhole admits media to the caller from any source of the callee's zone
# until the answer.  With zbfwd stopped (SIGSTOP) the callee's host sends
# one datagram from each of 600 source ports: 600 first packets wait in
# the queue, more than one read of the queue (256) takes before conntrack's
# NEW events are read.  Every one of the 600 connections is admitted and
# linked to the pinhole, so the BYE ends all of them (before: a 256-entry
# ring of admissions was overwritten, and the connections whose entry was
# lost outlived the call).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
command -v conntrack >/dev/null || { echo "SKIP: no conntrack"; exit 77; }
sip_lab
N=600
cport=30010 eport=31010
lab_sink in $cport

uac_xml $cport 2000 >"$LAB_DIR/uac.xml"
{
	xml_head "zbfw callee, 200 after 5 s"
	echo '  <recv request="INVITE" crlf="true"/>'
	xml_answer "180 Ringing" b
	echo '  <pause milliseconds="5000"/>'
	xml_answer "200 OK" b "$(sdp_body 10.2.0.2 $eport)"
	printf '  <recv request="ACK" crlf="true"/>\n'
	printf '  <recv request="BYE"/>\n'
	xml_answer "200 OK" ""
	echo '</scenario>'
} >"$LAB_DIR/uas.xml"
hx out timeout 30 sipp -sf "$LAB_DIR/uas.xml" -i 10.2.0.2 -p 5060 -t u1 \
    -m 1 -mp 41000 -bg >/dev/null 2>&1
sleep 0.5
hx in timeout 30 sipp -sf "$LAB_DIR/uac.xml" 10.2.0.2:5060 -i 10.1.0.2 \
    -p 5060 -t u1 -m 1 -mp 42000 -nostdin >"$LAB_DIR/uac.out" 2>&1 &
uac=$!
sleep 1.5
zcli "show sip-alg calls detail" >"$LAB_DIR/early.txt"
check "before the 200: the pinhole to the caller admits the callee's zone" \
    grep -Eq "rtp +udp +any \\(zone outside\\) +10\\.1\\.0\\.2:$cport " \
    "$LAB_DIR/early.txt"

# media connections from the callee's host to the caller's port
children() {
	rx conntrack -L -f ipv4 -p udp -s 10.2.0.2 -d 10.1.0.2 --dport $cport \
	    2>/dev/null | grep -c "dport=$cport "
}
kill -STOP "$LAB_FW_PID"
hx out /usr/bin/python3 -c '
import socket, sys
n, dst, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
socks = []
for i in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.2.0.2", 0))
    s.sendto(b"\x80\x00" + b"\x00" * 170, (dst, port))
    socks.append(s)' $N 10.1.0.2 $cport
sleep 0.3
kill -CONT "$LAB_FW_PID"
sleep 1.5
c=$(children)
check "control: all $N media connections admitted while queued ($c)" \
    test "$c" -eq $N
wait $uac
rc=$?
check "sipp call completed (exit $rc)" test $rc = 0
sleep 1.5
c=$(children)
check "after the BYE no media connection of the call is left ($c of $N)" \
    test "$c" -eq 0
echo x | hx out socat -u - UDP4:10.1.0.2:$cport,sourceport=45000 \
    2>/dev/null
sleep 0.3
late() { rx conntrack -L -p udp --sport 45000 2>/dev/null | grep -q sport=45000; }
nocheck "after the call a new connection to the caller's port is refused" late
lab_done
