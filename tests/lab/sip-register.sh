#!/bin/sh
# REGISTER through zbfwd: a phone in zone inside registers (from port 5062,
# Contact :5060) with a registrar in zone outside; only inside->outside is
# inspected.  The registrar's 2xx opens a signalling pinhole for the
# binding, so the registrar's INVITE to the Contact (a new flow from
# outside) reaches the phone and the call's media flows both ways; a host
# that is not the registrar cannot use it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
sip_lab

reg_scenarios
# the registrar calls the phone; caller SDP port 32000, phone's 33000
{
	xml_head "zbfw inbound call"
	xml_invite phone c "$(sdp_body '[local_ip]' 32000)"
	printf '  <recv response="100" optional="true"/>\n'
	printf '  <recv response="200"/>\n'
	xml_request ACK phone c 1
	echo '  <pause milliseconds="3000"/>'
	xml_request BYE phone c 2
	printf '  <recv response="200"/>\n</scenario>\n'
} >"$LAB_DIR/caller.xml"
{
	xml_head "zbfw phone"
	echo '  <recv request="INVITE" crlf="true"/>'
	xml_answer "200 OK" p "$(sdp_body '[local_ip]' 33000)"
	printf '  <recv request="ACK"/>\n  <recv request="BYE"/>\n'
	xml_answer "200 OK" ""
	echo '</scenario>'
} >"$LAB_DIR/phone.xml"

hx out timeout 20 sipp -sf "$LAB_DIR/registrar.xml" -i 10.2.0.2 -p 5060 \
    -m 1 -mp 41000 -bg >/dev/null 2>&1
sleep 0.5
hx in timeout 10 sipp -sf "$LAB_DIR/reg.xml" 10.2.0.2:5060 -i 10.1.0.2 \
    -p 5062 -m 1 -mp 42000 -nostdin >"$LAB_DIR/reg.out" 2>&1
zcli "show sip-alg registrations" >"$LAB_DIR/regs.txt"
cat "$LAB_DIR/regs.txt"
check "binding listed" grep -q "udp 10.1.0.2:5060 .*10.2.0.2 .*active" \
    "$LAB_DIR/regs.txt"

# another outside host may not use the binding
udp_send nm 10.1.0.2 5060 "zt-not-registrar"
lab_sink in 33000
lab_sink out 32000
hx in timeout 20 sipp -sf "$LAB_DIR/phone.xml" -i 10.1.0.2 -p 5060 -m 1 \
    -mp 43000 -bg >/dev/null 2>&1
sleep 0.5
hx out timeout 20 sipp -sf "$LAB_DIR/caller.xml" 10.1.0.2:5060 \
    -i 10.2.0.2 -p 5070 -m 1 -mp 44000 -nostdin \
    >"$LAB_DIR/caller.out" 2>&1 &
caller=$!
sleep 1.5
zcli "show sip-alg calls detail" | tee "$LAB_DIR/calls.txt"
check "inbound call through the binding is up" \
    grep -q "State active" "$LAB_DIR/calls.txt"
udp_send out 10.1.0.2 33000 "zt-rtp-in"
check "media to the phone's SDP port" sunk in 33000 "zt-rtp-in"
udp_send in 10.2.0.2 32000 "zt-rtp-out"
check "media to the caller's SDP port" sunk out 32000 "zt-rtp-out"
wait $caller
rc=$?
check "inbound call completed (sipp exit $rc)" test $rc = 0
lab_done
