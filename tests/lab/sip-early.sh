#!/bin/sh
# Early media through zbfwd: the callee (zone outside) answers 183 Session
# Progress with SDP (an announcement on port 31500), then 200 OK with other
# media (port 31000).  During the 183 the caller's media reaches the early
# port; after the 200 it reaches the answer's port and no longer the early
# one (the pinholes follow the SDP).
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

cat >"$LAB_DIR/uac.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw early media caller">
  <send retrans="500"><![CDATA[
INVITE sip:ann@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]>;tag=[pid]a
To: <sip:ann@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:alice@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=alice 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio 30500 RTP/AVP 0
]]></send>
  <recv response="183"/>
  <recv response="200"/>
  <send><![CDATA[
ACK sip:ann@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]>;tag=[pid]a
To: <sip:ann@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <pause milliseconds="3000"/>
  <send retrans="500"><![CDATA[
BYE sip:ann@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]>;tag=[pid]a
To: <sip:ann@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
XML
cat >"$LAB_DIR/uas.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw early media callee">
  <recv request="INVITE"/>
  <send><![CDATA[
SIP/2.0 183 Session Progress
[last_Via:]
[last_From:]
[last_To:];tag=[pid]b
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:ann@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=ann 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio 31500 RTP/AVP 0
]]></send>
  <pause milliseconds="3000"/>
  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]b
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:ann@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=ann 1 2 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio 31000 RTP/AVP 0
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
wait $uac
rc=$?
check "call completed (sipp exit $rc)" test $rc = 0
lab_done
