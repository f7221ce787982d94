# Shared by the tests/lab/sip-*.sh scripts (sourced, not run): the lab
# firewall configuration and sipp scenario pieces.

need_sipp() {
	command -v sipp >/dev/null 2>&1 || { echo "SKIP: no sipp"; exit 77; }
}

# sip_lab [ZONE-PAIRS]: the namespaced lab and zbfwd, SIP inspected and
# everything else dropped; default zone-pair inside -> outside only.
# PM-DROP drops everything.
sip_lab() {
	lab_setup
	lab_start_fw "class-map type inspect match-any CM-SIP
 match protocol sip
policy-map type inspect PM-SIP
 class type inspect CM-SIP
  inspect
 class class-default
  drop
policy-map type inspect PM-DROP
 class class-default
  drop
zone security inside
zone security outside
zone security dmz
${1:-zone-pair security in-out source inside destination outside
 service-policy type inspect PM-SIP}
$LAB_IFACES"
}

# sdp_body IP AUDIO-PORT [T38-PORT]: audio, or audio off and T.38 on
sdp_body() {
	printf 'v=0\no=x 1 1 IN IP4 %s\ns=-\nc=IN IP4 %s\nt=0 0\n' "$1" "$1"
	if [ -z "${3:-}" ]; then
		printf 'm=audio %s RTP/AVP 0\na=rtpmap:0 PCMU/8000\n' "$2"
	else
		printf 'm=audio 0 RTP/AVP 0\nm=image %s udptl t38\n' "$3"
		printf 'a=T38FaxVersion:0\n'
	fi
}

# Scenario pieces; USER is the callee's user part, TAG the caller's tag.
# xml_invite USER TAG SDP [EXTRA-HEADER]
xml_invite() {
	cat <<XML
  <send retrans="500"><![CDATA[
INVITE sip:$1@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:caller@[local_ip]>;tag=[pid]$2[call_number]
To: <sip:$1@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:caller@[local_ip]:[local_port];transport=[transport]>
${4:+$4
}Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

$3
]]></send>
XML
}

# xml_request METHOD USER TAG CSEQ: ACK or BYE of the caller in the dialog
xml_request() {
	cat <<XML
  <send$( [ "$1" = ACK ] || echo ' retrans="500"')><![CDATA[
$1 sip:$2@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:caller@[local_ip]>;tag=[pid]$3[call_number]
To: <sip:$2@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: $4 $1
Max-Forwards: 70
Content-Length: 0

]]></send>
XML
}

# xml_answer "CODE REASON" TAG [SDP [EXTRA-HEADER]]: a response of the
# callee to the last request; TAG "" keeps the request's To as it is
xml_answer() {
	cat <<XML
  <send$( [ "${1%% *}" -ge 200 ] && echo ' retrans="500"')><![CDATA[
SIP/2.0 $1
[last_Via:]
[last_From:]
[last_To:]${2:+;tag=[pid]$2[call_number]}
[last_Call-ID:]
[last_CSeq:]
${4:+$4
}Contact: <sip:callee@[local_ip]:[local_port];transport=[transport]>
XML
	if [ -n "${3:-}" ]; then
		printf 'Content-Type: application/sdp\nContent-Length: [len]\n\n%s\n' "$3"
	else
		printf 'Content-Length: 0\n\n'
	fi
	echo ']]></send>'
}

xml_head() {
	printf '<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="%s">\n' "$1"
}

# uac_xml PORT [PAUSE-MS]: INVITE with SDP (PORT), ACK, 4 s (or PAUSE-MS),
# BYE
uac_xml() {
	xml_head "zbfw uac"
	xml_invite bob a "$(sdp_body '[local_ip]' "$1")"
	cat <<XML
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200" rtd="true"/>
XML
	xml_request ACK bob a 1
	echo "  <pause milliseconds=\"${2:-4000}\"/>"
	xml_request BYE bob a 2
	printf '  <recv response="200" crlf="true"/>\n</scenario>\n'
}

# uas_xml [PORT]: 180, 200 with SDP (port 31000, or PORT), then the BYE's
# 200
uas_xml() {
	xml_head "zbfw uas"
	echo '  <recv request="INVITE" crlf="true"/>'
	xml_answer "180 Ringing" b
	xml_answer "200 OK" b "$(sdp_body '[local_ip]' "${1:-31000}")"
	printf '  <recv request="ACK" crlf="true"/>\n  <recv request="BYE"/>\n'
	xml_answer "200 OK" ""
	echo '</scenario>'
}

# A phone's UDP REGISTER (Contact phone@its address:5060, 600 s) and the
# registrar's 200 OK binding phone@10.1.0.2:5060: $LAB_DIR/reg.xml and
# $LAB_DIR/registrar.xml.
reg_scenarios() {
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
}
