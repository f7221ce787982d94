#!/bin/sh
# Call protection timers with sipp (UDP): with `sip-alg timeout
# media-inactivity 3`, an answered call whose media stops is ended after
# 3 s of silence and its pinholes closed (media to the caller's RTP port is
# refused afterwards, the port's sink still alive), while media before that
# passes; `sip-alg timeout invite-hold-down 30`: after the callee answers
# 486, the caller's next INVITE (and its retransmissions) are dropped,
# another caller's INVITE reaches the callee.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
sip_lab "zone-pair security in-out source inside destination outside
 service-policy type inspect PM-SIP
sip-alg timeout media-inactivity 3
sip-alg timeout invite-hold-down 30"
cip=10.1.0.2 eip=10.2.0.2 port=30500

# --- media inactivity: the call is up 12 s, media only in its first second
uac_xml $port 12000 >"$LAB_DIR/uac.xml"
uas_xml >"$LAB_DIR/uas.xml"
lab_sink in $port
hx out timeout 30 sipp -sf "$LAB_DIR/uas.xml" -i $eip -p 5060 -t u1 -m 1 \
    -mp 41000 -bg >/dev/null 2>&1
sleep 0.5
hx in timeout 30 sipp -sf "$LAB_DIR/uac.xml" $eip:5060 -i $cip -p 5060 \
    -t u1 -m 1 -mp 42000 -nostdin >"$LAB_DIR/uac.out" 2>&1 &
uac=$!
sleep 1.5
zcli "show sip-alg calls" >"$LAB_DIR/calls-1.txt"
check "the call is listed" grep -q "active" "$LAB_DIR/calls-1.txt"
udp_send out $cip $port "zt-rtp-early"
check "media passes while the call has media" sunk in $port "zt-rtp-early"
sleep 6
zcli "show sip-alg calls" >"$LAB_DIR/calls-2.txt"
nocheck "after 3 s of silence the call is no longer active" \
    grep -q "active" "$LAB_DIR/calls-2.txt"
udp_send out $cip $port "zt-rtp-late"
nocheck "its pinhole is closed: media refused" sunk in $port "zt-rtp-late"
check "control: the caller's RTP sink gets the router's datagram" \
    sink_alive r in $port
wait $uac
zcli "show sip-alg statistics" >"$LAB_DIR/stats.txt"
check "the call was ended by a timer" \
    grep -Eq "timed out +[1-9]" "$LAB_DIR/stats.txt"

# --- INVITE hold-down after 486
{
	xml_head "zbfw uas 486"
	echo '  <recv request="INVITE" crlf="true"/>'
	xml_answer "486 Busy Here" b
	printf '  <recv request="ACK"/>\n</scenario>\n'
} >"$LAB_DIR/uas-486.xml"
{
	xml_head "zbfw uac 486"
	xml_invite bob a "$(sdp_body '[local_ip]' 30600)"
	printf '  <recv response="100" optional="true"/>\n'
	printf '  <recv response="486"/>\n'
	cat <<'XML'
  <send><![CDATA[
ACK sip:bob@[remote_ip]:[remote_port] SIP/2.0
[last_Via:]
From: <sip:caller@[local_ip]>;tag=[pid]a[call_number]
To: <sip:bob@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
</scenario>
XML
} >"$LAB_DIR/uac-486.xml"
hx out timeout 20 sipp -sf "$LAB_DIR/uas-486.xml" -i $eip -p 5060 -t u1 \
    -m 2 -bg >/dev/null 2>&1
sleep 0.5
hx in timeout 10 sipp -sf "$LAB_DIR/uac-486.xml" $eip:5060 -i $cip \
    -p 5072 -t u1 -m 1 -nostdin -timeout 5s >"$LAB_DIR/uac-486-1.out" 2>&1
rc=$?
check "first call: the caller gets the 486 (sipp exit $rc)" test $rc = 0
hx in timeout 6 sipp -sf "$LAB_DIR/uac-486.xml" $eip:5060 -i $cip \
    -p 5072 -t u1 -m 1 -nostdin >"$LAB_DIR/uac-486-2.out" 2>&1
rc=$?
check "a new INVITE within the hold-down is dropped (sipp exit $rc)" \
    test $rc != 0
hx in2 timeout 10 sipp -sf "$LAB_DIR/uac-486.xml" $eip:5060 -i 10.5.0.2 \
    -p 5072 -t u1 -m 1 -nostdin -timeout 5s >"$LAB_DIR/uac-486-3.out" 2>&1
rc=$?
check "control: another caller's INVITE reaches the callee (sipp exit $rc)" \
    test $rc = 0
zcli "show sip-alg statistics" >"$LAB_DIR/stats2.txt"
check "the hold-down drop is counted" \
    grep -Eq "INVITE hold-down after a failure +[1-9]" "$LAB_DIR/stats2.txt"
lab_done
