#!/bin/sh
# T.38 through zbfwd: a call from zone inside to zone outside switches to
# fax by a re-INVITE of the callee (outside), which arrives against the
# inspected direction.  After the switch the caller's UDPTL port (from its
# answer) is reachable from the callee and the old audio port is closed.
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

sdp() {	# ip, audio port, image port (0: none)
	printf 'v=0\no=x 1 1 IN IP4 %s\ns=-\nc=IN IP4 %s\nt=0 0\n' "$1" "$1"
	if [ "$3" = 0 ]; then
		printf 'm=audio %s RTP/AVP 0\n' "$2"
	else
		printf 'm=audio 0 RTP/AVP 0\nm=image %s udptl t38\n' "$3"
		printf 'a=T38FaxVersion:0\na=T38FaxRateManagement:transferredTCF\n'
	fi
}

cat >"$LAB_DIR/caller.xml" <<XML
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw fax caller">
  <send retrans="500"><![CDATA[
INVITE sip:fax@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]>;tag=[pid]a
To: <sip:fax@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:alice@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

$(sdp '[local_ip]' 30100 0)
]]></send>
  <recv response="100" optional="true"/>
  <recv response="200"/>
  <send><![CDATA[
ACK sip:fax@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]>;tag=[pid]a
To: <sip:fax@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv request="INVITE"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:alice@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

$(sdp '[local_ip]' 0 30110)
]]></send>
  <recv request="ACK"/>
  <pause milliseconds="3000"/>
  <send retrans="500"><![CDATA[
BYE sip:fax@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:alice@[local_ip]>;tag=[pid]a
To: <sip:fax@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
XML

cat >"$LAB_DIR/fax.xml" <<XML
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw fax callee">
  <recv request="INVITE">
    <action>
      <ereg regexp="tag=[^;> ]*" search_in="hdr" header="From:"
          assign_to="ftag"/>
    </action>
  </recv>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]b
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:fax@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

$(sdp '[local_ip]' 31100 0)
]]></send>
  <recv request="ACK"/>
  <pause milliseconds="500"/>
  <send retrans="500"><![CDATA[
INVITE sip:alice@10.1.0.2:5060 SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:fax@[local_ip]>;tag=[pid]b
To: <sip:alice@10.1.0.2>;[\$ftag]
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:fax@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

$(sdp '[local_ip]' 0 31110)
]]></send>
  <recv response="200"/>
  <send><![CDATA[
ACK sip:alice@10.1.0.2:5060 SIP/2.0
Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
From: <sip:fax@[local_ip]>;tag=[pid]b
To: <sip:alice@10.1.0.2>;[\$ftag]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
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

lab_sink in 30100
lab_sink in 30110
hx out timeout 20 sipp -sf "$LAB_DIR/fax.xml" -i 10.2.0.2 -p 5060 -m 1 \
    -mp 41000 -bg -trace_err -error_file "$LAB_DIR/fax.err" >/dev/null 2>&1
sleep 0.5
hx in timeout 20 sipp -sf "$LAB_DIR/caller.xml" 10.2.0.2:5060 -i 10.1.0.2 \
    -p 5060 -m 1 -mp 42000 -nostdin -trace_err \
    -error_file "$LAB_DIR/caller.err" >"$LAB_DIR/caller.out" 2>&1 &
caller=$!
sleep 2
zcli "show sip-alg calls detail" | tee "$LAB_DIR/calls.txt"
check "UDPTL pinhole to the caller's T.38 port" \
    grep -Eq "t38 +udp +10\.2\.0\.2 +10\.1\.0\.2:30110 " "$LAB_DIR/calls.txt"
check "UDPTL pinhole to the callee's T.38 port" \
    grep -Eq "t38 +udp +10\.1\.0\.2 +10\.2\.0\.2:31110 " "$LAB_DIR/calls.txt"
udp_send out 10.1.0.2 30110 "zt-t38"
check "fax packets reach the caller" sunk in 30110 "zt-t38"
udp_send out 10.1.0.2 30100 "zt-audio"
nocheck "old audio port after the switch" sunk in 30100 "zt-audio"
wait $caller
rc=$?
check "fax call completed (sipp exit $rc)" test $rc = 0
udp_send out 10.1.0.2 30110 "zt-t38-after"
nocheck "T.38 port after the BYE" sunk in 30110 "zt-t38-after"
lab_done
