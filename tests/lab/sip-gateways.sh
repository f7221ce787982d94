#!/bin/sh
# Between two SIP gateways: gateway A (zone inside, 10.1.0.2) calls gateway
# B (zone outside, 10.2.0.2) for a phone registered with A directly (host
# in2, 10.5.0.2, also in zone inside): the SDP names the phone, not the
# gateway.  The ALG honours it only because the dataplane places 10.5.0.2
# in the sender's zone (the zone_of callback); the callee's media then
# reaches the phone, and nothing reaches a host the SDP did not name.
. "$(dirname "$0")/lib.sh"
command -v sipp >/dev/null 2>&1 || { echo "SKIP: no sipp"; exit 77; }
lab_setup
lab_start_fw "class-map type inspect match-any CM-SIP
 match protocol sip
policy-map type inspect PM-IO
 class type inspect CM-SIP
  inspect
 class class-default
  drop
zone security inside
zone security outside
zone security dmz
zone-pair security in-out source inside destination outside
 service-policy type inspect PM-IO
$LAB_IFACES"

cat >"$LAB_DIR/gw-a.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw gateway A">
  <send retrans="500"><![CDATA[
INVITE sip:2000@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:1000@[local_ip]>;tag=[pid]a
To: <sip:2000@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:1000@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=phone 1 1 IN IP4 10.5.0.2
s=-
c=IN IP4 10.5.0.2
t=0 0
m=audio 30600 RTP/AVP 0
]]></send>
  <recv response="100" optional="true"/>
  <recv response="200"/>
  <send><![CDATA[
ACK sip:2000@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:1000@[local_ip]>;tag=[pid]a
To: <sip:2000@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <pause milliseconds="3000"/>
  <send retrans="500"><![CDATA[
BYE sip:2000@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:1000@[local_ip]>;tag=[pid]a
To: <sip:2000@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
XML
cat >"$LAB_DIR/gw-b.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw gateway B">
  <recv request="INVITE"/>
  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]b
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:2000@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=gwb 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio 31600 RTP/AVP 0
]]></send>
  <recv request="ACK"/>
  <recv request="BYE"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
</scenario>
XML

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
wait $gwa
rc=$?
check "call completed (sipp exit $rc)" test $rc = 0
lab_done
