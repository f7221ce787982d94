#!/bin/sh
# T.38 through zbfwd: a call from zone inside to zone outside switches to
# fax by a re-INVITE of the callee (outside), which arrives against the
# inspected direction.  After the switch the caller's UDPTL port (from its
# answer) is reachable from the callee and the old audio port is closed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
sip_lab

{
	xml_head "zbfw fax caller"
	xml_invite fax a "$(sdp_body '[local_ip]' 30100)"
	printf '  <recv response="100" optional="true"/>\n'
	printf '  <recv response="200"/>\n'
	xml_request ACK fax a 1
	echo '  <recv request="INVITE"/>'
	xml_answer "200 OK" "" "$(sdp_body '[local_ip]' 0 30110)"
	echo '  <recv request="ACK"/>'
	echo '  <pause milliseconds="3000"/>'
	xml_request BYE fax a 2
	printf '  <recv response="200"/>\n</scenario>\n'
} >"$LAB_DIR/caller.xml"
# the callee's re-INVITE and ACK carry the caller's tag, taken from the
# INVITE's From
reinvite() {
	cat <<XML
  <send$( [ "$1" = ACK ] || echo ' retrans="500"')><![CDATA[
$1 sip:caller@10.1.0.2:5060 SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:fax@[local_ip]>;tag=[pid]b[call_number]
To: <sip:caller@10.1.0.2>;[\$ftag]
Call-ID: [call_id]
CSeq: 1 $1
Contact: <sip:fax@[local_ip]:[local_port]>
Max-Forwards: 70
XML
	if [ "$1" = INVITE ]; then
		printf 'Content-Type: application/sdp\nContent-Length: [len]\n\n'
		sdp_body '[local_ip]' 0 31110
	else
		printf 'Content-Length: 0\n\n'
	fi
	echo ']]></send>'
}
{
	xml_head "zbfw fax callee"
	cat <<'XML'
  <recv request="INVITE">
    <action>
      <ereg regexp="tag=[^;> ]*" search_in="hdr" header="From:"
          assign_to="ftag"/>
    </action>
  </recv>
XML
	xml_answer "200 OK" b "$(sdp_body '[local_ip]' 31100)"
	echo '  <recv request="ACK"/>'
	echo '  <pause milliseconds="500"/>'
	reinvite INVITE
	echo '  <recv response="200"/>'
	reinvite ACK
	echo '  <recv request="BYE"/>'
	xml_answer "200 OK" ""
	echo '</scenario>'
} >"$LAB_DIR/fax.xml"

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
check "control: the audio port's sink gets the router's datagram" \
    sink_alive r in 30100
wait $caller
rc=$?
check "fax call completed (sipp exit $rc)" test $rc = 0
udp_send out 10.1.0.2 30110 "zt-t38-after"
nocheck "T.38 port after the BYE" sunk in 30110 "zt-t38-after"
check "control: the T.38 port's sink gets the router's datagram" \
    sink_alive r in 30110
lab_done
