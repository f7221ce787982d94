#!/bin/sh
# Early media through zbfwd: the callee (zone outside) answers 183 Session
# Progress with SDP (an announcement on port 31500), then 200 OK with other
# media (port 31000).  During the 183 the caller's media reaches the early
# port; after the 200 it reaches the answer's port and no longer the early
# one (the pinholes follow the SDP).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
sip_lab

{
	xml_head "zbfw early media caller"
	xml_invite ann a "$(sdp_body '[local_ip]' 30500)"
	printf '  <recv response="183"/>\n  <recv response="200"/>\n'
	xml_request ACK ann a 1
	echo '  <pause milliseconds="3000"/>'
	xml_request BYE ann a 2
	printf '  <recv response="200"/>\n</scenario>\n'
} >"$LAB_DIR/uac.xml"
{
	xml_head "zbfw early media callee"
	echo '  <recv request="INVITE"/>'
	xml_answer "183 Session Progress" b "$(sdp_body '[local_ip]' 31500)"
	echo '  <pause milliseconds="3000"/>'
	xml_answer "200 OK" b "$(sdp_body '[local_ip]' 31000)"
	printf '  <recv request="ACK"/>\n  <recv request="BYE"/>\n'
	xml_answer "200 OK" ""
	echo '</scenario>'
} >"$LAB_DIR/uas.xml"

lab_sink out 31500
lab_sink out 31000
hx out timeout 20 sipp -sf "$LAB_DIR/uas.xml" -i 10.2.0.2 -p 5060 -m 1 \
    -mp 41000 -bg >/dev/null 2>&1
sleep 0.5
hx in timeout 20 sipp -sf "$LAB_DIR/uac.xml" 10.2.0.2:5060 -i 10.1.0.2 \
    -p 5060 -m 1 -mp 42000 -nostdin >"$LAB_DIR/uac.out" 2>&1 &
uac=$!
sleep 1.5
zcli "show sip-alg calls" | tee "$LAB_DIR/early.txt"
check "call in early state" grep -q " early " "$LAB_DIR/early.txt"
udp_send in 10.2.0.2 31500 "zt-early"
check "early media reaches the 183's port" sunk out 31500 "zt-early"
sleep 3
zcli "show sip-alg calls" | tee "$LAB_DIR/active.txt"
check "call active" grep -q " active " "$LAB_DIR/active.txt"
udp_send in 10.2.0.2 31000 "zt-answer"
check "media reaches the 200's port" sunk out 31000 "zt-answer"
udp_send in 10.2.0.2 31500 "zt-early-late"
nocheck "the early port after the 200" sunk out 31500 "zt-early-late"
check "control: the early port's sink gets the router's datagram" \
    sink_alive r out 31500
wait $uac
rc=$?
check "call completed (sipp exit $rc)" test $rc = 0
lab_done
