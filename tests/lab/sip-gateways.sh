#!/bin/sh
# Between two SIP gateways: gateway A (zone inside, 10.1.0.2) calls gateway
# B (zone outside, 10.2.0.2) for a phone registered with A directly (host
# in2, 10.5.0.2, also in zone inside): the SDP names the phone, not the
# gateway.  The ALG honours it only because the dataplane places 10.5.0.2
# in the sender's zone (the zone_of callback); the callee's media then
# reaches the phone, and nothing reaches a host the SDP did not name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
sip_lab

{
	xml_head "zbfw gateway A"
	xml_invite 2000 a "$(sdp_body 10.5.0.2 30600)"
	printf '  <recv response="100" optional="true"/>\n'
	printf '  <recv response="180" optional="true"/>\n'
	printf '  <recv response="200"/>\n'
	xml_request ACK 2000 a 1
	echo '  <pause milliseconds="3000"/>'
	xml_request BYE 2000 a 2
	printf '  <recv response="200"/>\n</scenario>\n'
} >"$LAB_DIR/gw-a.xml"
uas_xml >"$LAB_DIR/gw-b.xml"

lab_sink in2 30600
lab_sink in 30600
hx out timeout 20 sipp -sf "$LAB_DIR/gw-b.xml" -i 10.2.0.2 -p 5060 -m 1 \
    -mp 41000 -bg >/dev/null 2>&1
sleep 0.5
hx in timeout 20 sipp -sf "$LAB_DIR/gw-a.xml" 10.2.0.2:5060 -i 10.1.0.2 \
    -p 5060 -m 1 -mp 42000 -nostdin >"$LAB_DIR/gw-a.out" 2>&1 &
gwa=$!
sleep 1.5
zcli "show sip-alg calls detail" | tee "$LAB_DIR/calls.txt"
check "pinhole to the phone behind gateway A" \
    grep -q "10.5.0.2:30600 " "$LAB_DIR/calls.txt"
udp_send out 10.5.0.2 30600 "zt-to-phone"
check "gateway B's media reaches the phone" sunk in2 30600 "zt-to-phone"
udp_send out 10.1.0.2 30600 "zt-to-gw"
nocheck "the same port on gateway A" sunk in 30600 "zt-to-gw"
check "control: gateway A's sink gets the router's datagram" \
    sink_alive r in 30600
wait $gwa
rc=$?
check "call completed (sipp exit $rc)" test $rc = 0
lab_done
