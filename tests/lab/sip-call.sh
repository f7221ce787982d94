#!/bin/sh
# A SIP call through zbfwd with the SIP ALG, over UDP and then TCP: sipp
# UAC in zone inside calls a sipp UAS in zone outside (only inside->outside
# is inspected, outside->inside has no policy).  While the call is up,
# media from the callee to the caller's SDP port gets through (the
# pinhole), to a port the SDP did not name it does not; `show sip-alg
# calls` lists the call; after the BYE the media port is closed again.
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

# $1 transport (u1|t1), $2 caller's media port written in its SDP
uac_xml() {
	cat <<XML
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw uac">
  <send retrans="500"><![CDATA[
INVITE sip:bob@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]>;tag=[pid]SIPpTag00[call_number]
To: <sip:bob@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:alice@[local_ip]:[local_port];transport=[transport]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=alice 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio $2 RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200" rtd="true"/>
  <send><![CDATA[
ACK sip:bob@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]>;tag=[pid]SIPpTag00[call_number]
To: <sip:bob@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <pause milliseconds="4000"/>
  <send retrans="500"><![CDATA[
BYE sip:bob@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]>;tag=[pid]SIPpTag00[call_number]
To: <sip:bob@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200" crlf="true"/>
</scenario>
XML
}

uas_xml() {
	cat <<XML
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw uas">
  <recv request="INVITE" crlf="true"/>
  <send><![CDATA[
SIP/2.0 180 Ringing
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:bob@[local_ip]:[local_port];transport=[transport]>
Content-Length: 0

]]></send>
  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:bob@[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=bob 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio 31000 RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
  <recv request="ACK" crlf="true"/>
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
}

media_port=30000
for tr in u1 t1; do
	name=$( [ $tr = u1 ] && echo udp || echo tcp )
	media_port=$((media_port + 10))
	uac_xml $tr $media_port >"$LAB_DIR/uac.xml"
	uas_xml >"$LAB_DIR/uas.xml"
	lab_sink in $media_port
	lab_sink in $((media_port + 4))
	hx out timeout 30 sipp -sf "$LAB_DIR/uas.xml" -i 10.2.0.2 -p 5060 \
	    -t $tr -m 1 -mp 41000 -bg -trace_err \
	    -error_file "$LAB_DIR/uas-$name.err" >/dev/null 2>&1
	sleep 0.5
	hx in timeout 30 sipp -sf "$LAB_DIR/uac.xml" 10.2.0.2:5060 \
	    -i 10.1.0.2 -p 5060 -t $tr -m 1 -mp 42000 -nostdin \
	    -trace_err -error_file "$LAB_DIR/uac-$name.err" \
	    >"$LAB_DIR/uac-$name.out" 2>&1 &
	uac=$!
	sleep 1.5
	zcli "show sip-alg calls detail" >"$LAB_DIR/calls-$name.txt"
	cat "$LAB_DIR/calls-$name.txt"
	check "$name: the call is listed as active" \
	    grep -q "State active" "$LAB_DIR/calls-$name.txt"
	check "$name: pinhole to the caller's RTP port" \
	    grep -q "10.1.0.2:$media_port " "$LAB_DIR/calls-$name.txt"
	udp_send out 10.1.0.2 $media_port "zt-rtp-$name"
	check "$name: media from the callee reaches the caller" \
	    sunk in $media_port "zt-rtp-$name"
	udp_send out 10.1.0.2 $((media_port + 4)) "zt-other-$name"
	nocheck "$name: a port the SDP did not name" \
	    sunk in $((media_port + 4)) "zt-other-$name"
	wait $uac
	rc=$?
	check "$name: sipp call completed (exit $rc)" test $rc = 0
	sleep 0.5
	udp_send out 10.1.0.2 $media_port "zt-after-$name"
	nocheck "$name: media after the BYE" \
	    sunk in $media_port "zt-after-$name"
	zcli "show sip-alg statistics" >"$LAB_DIR/stats-$name.txt"
done
cat "$LAB_DIR/stats-tcp.txt"
lab_done
