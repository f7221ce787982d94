#!/bin/sh
# REGISTER through zbfwd: a phone in zone inside registers (from port 5062,
# Contact :5060) with a registrar in zone outside; only inside->outside is
# inspected.  The registrar's 2xx opens a signalling pinhole for the
# binding, so the registrar's INVITE to the Contact (a new flow from
# outside) reaches the phone and the call's media flows both ways; a host
# that is not the registrar cannot use it.
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

cat >"$LAB_DIR/reg.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw register">
  <send retrans="500"><![CDATA[
REGISTER sip:[remote_ip] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:phone@example.com>;tag=[pid]r[call_number]
To: <sip:phone@example.com>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:phone@[local_ip]:5060>
Expires: 600
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
XML
cat >"$LAB_DIR/registrar.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw registrar">
  <recv request="REGISTER"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]g
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:phone@10.1.0.2:5060>;expires=600
Content-Length: 0

]]></send>
</scenario>
XML
# the registrar calls the phone; caller SDP port 32000
cat >"$LAB_DIR/caller.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw inbound call">
  <send retrans="500"><![CDATA[
INVITE sip:phone@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:pbx@[local_ip]>;tag=[pid]c[call_number]
To: <sip:phone@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:pbx@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=pbx 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio 32000 RTP/AVP 0
]]></send>
  <recv response="100" optional="true"/>
  <recv response="200"/>
  <send><![CDATA[
ACK sip:phone@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:pbx@[local_ip]>;tag=[pid]c[call_number]
To: <sip:phone@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <pause milliseconds="3000"/>
  <send retrans="500"><![CDATA[
BYE sip:phone@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:pbx@[local_ip]>;tag=[pid]c[call_number]
To: <sip:phone@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
XML
cat >"$LAB_DIR/phone.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw phone">
  <recv request="INVITE" crlf="true"/>
  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]p[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:phone@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=phone 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio 33000 RTP/AVP 0
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
