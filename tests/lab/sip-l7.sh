#!/bin/sh
# Layer 7 SIP policy (service-policy sip) over UDP and TCP, inside ->
# outside: an INVITE from a blocked caller (From regex) is dropped by the
# ALG (no call, no media pinhole, the callee never sees it, counted and
# logged), while an allowed caller's call completes with media both ways;
# a blocked method (MESSAGE) is dropped while OPTIONS passes the same path.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
lab_setup
lab_start_fw "ip port-map sip port udp 5070
parameter-map type regex BLOCKED
 pattern \"sip:blocked@\"
parameter-map type regex FORBIDDEN
 pattern \"sip:forbidden@\"
class-map type inspect sip match-all BLOCKED-INVITE
 match request method invite
 match req-resp header From regex BLOCKED
class-map type inspect sip match-any NO-IM
 match request method message
class-map type inspect sip match-any OPTIONS
 match request method options
class-map type inspect sip match-any TO-FORBIDDEN
 match req-resp header To regex FORBIDDEN
policy-map type inspect sip SIP-L7
 class type inspect sip BLOCKED-INVITE
  drop log
 class type inspect sip TO-FORBIDDEN
  respond 403 log
 class type inspect sip NO-IM
  drop
 class type inspect sip OPTIONS
  rate-limit 5
 class class-default
  allow
class-map type inspect match-any CM-SIP
 match protocol sip
policy-map type inspect PM-SIP
 class type inspect CM-SIP
  inspect
  service-policy sip SIP-L7
 class class-default
  drop
zone security inside
zone security outside
zone security dmz
zone-pair security in-out source inside destination outside
 service-policy type inspect PM-SIP
$LAB_IFACES"

cip=10.1.0.2 eip=10.2.0.2
media_port=30000
for tr in ${ZT_TRS:-u1 t1}; do
	name=$( [ $tr = u1 ] && echo udp || echo tcp )
	media_port=$((media_port + 10))
	# --- the blocked caller: same scenario, From sip:blocked@
	uac_xml $media_port 500 | sed 's/sip:caller@/sip:blocked@/' \
	    >"$LAB_DIR/uac-blocked.xml"
	uas_xml >"$LAB_DIR/uas.xml"
	lab_sink in $media_port
	hx out timeout 20 sipp -sf "$LAB_DIR/uas.xml" -i $eip -p 5060 \
	    -t $tr -m 1 -mp 41000 -trace_msg \
	    -message_file "$LAB_DIR/uas-$name.msg" -bg >/dev/null 2>&1
	sleep 0.5
	hx in timeout 6 sipp -sf "$LAB_DIR/uac-blocked.xml" $eip:5060 \
	    -i $cip -p 5060 -t $tr -m 1 -mp 42000 -nostdin -timeout 4s \
	    >"$LAB_DIR/uac-blocked-$name.out" 2>&1
	rc=$?
	check "$name: the blocked caller's call fails (sipp exit $rc)" \
	    test $rc != 0
	nocheck "$name: the callee never received the blocked INVITE" \
	    grep -q "sip:blocked@" "$LAB_DIR/uas-$name.msg"
	zcli "show sip-alg calls" >"$LAB_DIR/calls-blocked-$name.txt"
	nocheck "$name: no call for the blocked INVITE" \
	    grep -q "blocked@" "$LAB_DIR/calls-blocked-$name.txt"
	udp_send out $cip $media_port "zt-rtp-blocked-$name"
	nocheck "$name: no media pinhole for the blocked INVITE" \
	    sunk in $media_port "zt-rtp-blocked-$name"
	check "$name: control: the caller's media sink gets the router's datagram" \
	    sink_alive r in $media_port
	check "$name: the drop is logged with the class and Call-ID" \
	    logged "%APPFW-4-SIP_DROP: drop INVITE from $cip:5060 Call-ID .+, class BLOCKED-INVITE"
	zcli "show policy-map type inspect zone-pair in-out" \
	    >"$LAB_DIR/zp-$name.txt"
	check "$name: the class counted the drop" \
	    grep -Eq "^ +[1-9][0-9]* messages matched: 0 allowed, [1-9][0-9]* dropped" \
	    "$LAB_DIR/zp-$name.txt"
	# the UAS still waits for its INVITE: the allowed call below ends it
	# --- the allowed caller: the call completes with media both ways
	media_port=$((media_port + 2))
	uac_xml $media_port >"$LAB_DIR/uac.xml"
	lab_sink in $media_port
	lab_sink out 31000
	hx in timeout 30 sipp -sf "$LAB_DIR/uac.xml" $eip:5060 \
	    -i $cip -p 5062 -t $tr -m 1 -mp 42000 -nostdin \
	    >"$LAB_DIR/uac-$name.out" 2>&1 &
	uac=$!
	sleep 1.5
	zcli "show sip-alg calls detail" >"$LAB_DIR/calls-$name.txt"
	check "$name: the allowed call is active" \
	    grep -q "State active" "$LAB_DIR/calls-$name.txt"
	udp_send out $cip $media_port "zt-rtp-$name"
	check "$name: media from the callee reaches the allowed caller" \
	    sunk in $media_port "zt-rtp-$name"
	udp_send in $eip 31000 "zt-rtp-back-$name"
	check "$name: media from the allowed caller reaches the callee" \
	    sunk out 31000 "zt-rtp-back-$name"
	wait $uac
	rc=$?
	check "$name: the allowed call completed (sipp exit $rc)" test $rc = 0
	check "$name: control: the callee's trace shows the allowed INVITE" \
	    grep -q "From: <sip:caller@" "$LAB_DIR/uas-$name.msg"
	sleep 0.5
done

# --- respond 403: an INVITE to a forbidden callee is answered by zbfw in
# the callee's place (UDP), the caller sees the 403; nothing reaches the
# callee, no call is kept
{
	xml_head "zbfw uac 403"
	xml_invite forbidden a "$(sdp_body '[local_ip]' 30100)"
	printf '  <recv response="100" optional="true"/>\n'
	printf '  <recv response="403"/>\n</scenario>\n'
} >"$LAB_DIR/uac-403.xml"
lab_sink out 5060
hx in timeout 10 sipp -sf "$LAB_DIR/uac-403.xml" $eip:5060 -i $cip \
    -p 5064 -t u1 -m 1 -nostdin -timeout 6s >"$LAB_DIR/uac-403.out" 2>&1
rc=$?
check "respond 403: the caller got the 403 (sipp exit $rc)" test $rc = 0
nocheck "respond 403: the INVITE never reached the callee" \
    grep -q "sip:forbidden@" "$LAB_DIR/sink-out-5060"
check "control: the callee's sink gets the router's datagram" \
    sink_alive r out 5060
check "respond 403 is logged" \
    logged "%APPFW-4-SIP_RESPOND: respond INVITE from $cip:5064 .*class TO-FORBIDDEN"
zcli "show sip-alg calls" >"$LAB_DIR/calls-403.txt"
nocheck "respond 403: no call kept" grep -q "forbidden@" "$LAB_DIR/calls-403.txt"

# --- a blocked method: MESSAGE dropped, OPTIONS passes (UDP 5070 is SIP)
lab_sink out 5070
sipreq() {	# METHOD CALL-ID
	printf '%s sip:bob@%s:5070 SIP/2.0\r\nVia: SIP/2.0/UDP %s:5070;branch=z9hG4bK%s\r\nFrom: <sip:alice@%s>;tag=1\r\nTo: <sip:bob@%s>\r\nCall-ID: %s\r\nCSeq: 1 %s\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n' \
	    "$1" $eip $cip "$2" $cip $eip "$2" "$1"
}
sipreq MESSAGE zt-im-1 | hx in timeout 2 socat -u - UDP:$eip:5070,sourceport=5070
sleep 0.3
sipreq OPTIONS zt-opt-1 | hx in timeout 2 socat -u - UDP:$eip:5070,sourceport=5070
sleep 0.3
nocheck "MESSAGE is dropped" sunk out 5070 "zt-im-1"
check "control: OPTIONS on the same flow passes" sunk out 5070 "zt-opt-1"
# --- rate-limit 5: a burst of 40 OPTIONS from one source in well under a
# second is cut to the limit, another source's OPTIONS still passes (a
# second after the OPTIONS above, which counted in its own second)
sleep 1
hx in python3 - $eip <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", 5071))
for i in range(40):
    m = ("OPTIONS sip:bob@%s:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.0.2:5071;"
         "branch=z9hG4bKf%d\r\nFrom: <sip:alice@10.1.0.2>;tag=1\r\n"
         "To: <sip:bob@%s>\r\nCall-ID: zt-flood-%d\r\nCSeq: 1 OPTIONS\r\n"
         "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
         % (sys.argv[1], i, sys.argv[1], i))
    s.sendto(m.encode(), (sys.argv[1], 5070))
PY
sleep 0.5
sipreq OPTIONS zt-opt-in2 | hx in2 timeout 2 socat -u - UDP:$eip:5070,sourceport=5070
sleep 0.3
n=$(grep -c "Call-ID: zt-flood-" "$LAB_DIR/sink-out-5070")
check "the burst is cut to the rate (5 a second; $n of 40 passed)" \
    test "$n" -ge 5 -a "$n" -le 10
check "control: another source's OPTIONS passes" \
    sunk out 5070 "zt-opt-in2"
zcli "show policy-map type inspect zone-pair in-out" >"$LAB_DIR/zp-im.txt"
check "the NO-IM class counted the MESSAGE" \
    sh -c "grep -A1 'Class type inspect sip NO-IM' '$LAB_DIR/zp-im.txt' |
    grep -Eq '1 messages matched: 0 allowed, 1 dropped'"
zcli "show sip-alg statistics" >"$LAB_DIR/stats.txt"
check "show sip-alg statistics counts the policy drops" \
    grep -Eq "Layer 7 policy +[1-9]" "$LAB_DIR/stats.txt"
check "the 403 is counted" grep -Eq "1 403 responses sent" "$LAB_DIR/zp-im.txt"
check "the rate-limit drops are counted" \
    grep -Eq "rate-limit 5 per second per source: [1-9][0-9]* dropped" \
    "$LAB_DIR/zp-im.txt"
sed -n '/Service-policy sip/,/Class class-default/p' "$LAB_DIR/zp-im.txt"
lab_done
