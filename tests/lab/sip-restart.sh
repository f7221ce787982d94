#!/bin/sh
# The SIP ALG's state across a restart of zbfwd (doc/SIP.md, "State across
# restarts"), by SIGTERM and by SIGKILL, during a call over UDP and over
# TCP (sipp): after the restart the call is listed again, media keeps
# flowing on its connection and a new media connection gets through the
# restored pinhole; the BYE after the restart closes the pinholes and
# conntrack's media entries.  A phone registered over TCP before the
# restart calls over that connection afterwards and gets its pinholes (the
# stream resumed at its saved position).  An inbound call to a phone
# registered (UDP) before the restart gets through with no out->in
# zone-pair, and one up during the restart (its tuple inspected by no
# zone-pair: admitted by the binding) is restored and its BYE closes it.  Control: the same restart without the state file loses all
# of that (the new media connection is dropped, the BYE closes nothing).
# A damaged file is logged, kept aside and ignored (the same as none); a
# restart into a configuration whose zone-pair no longer inspects SIP
# drops the call and deletes its media connections.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
command -v conntrack >/dev/null || { echo "SKIP: no conntrack"; exit 77; }
sip_lab
STATE=$LAB_DIR/sip-alg.state

# restart HOW: term (clean stop), kill (-9, after the checkpoint of the
# last change), lost (-9 and the state file removed: the control), bad
# (-9 and one byte of the file changed), config (SIGTERM, then a
# configuration whose zone-pair no longer inspects SIP)
restart() {
	cfg=$(cat "$LAB_DIR/startup.cfg")
	case $1 in
	term)	lab_stop_fw ;;
	kill)	sleep 1.5; lab_kill9_fw ;;
	lost)	sleep 1.5; lab_kill9_fw; rm -f "$STATE" ;;
	bad)	sleep 1.5; lab_kill9_fw
		printf 'X' | dd of="$STATE" bs=1 seek=100 conv=notrunc \
		    2>/dev/null ;;
	config)	lab_stop_fw
		cfg=$(printf '%s\n' "$cfg" | sed 's/service-policy type inspect PM-SIP/service-policy type inspect PM-DROP/') ;;
	esac
	lab_start_fw "$cfg"
	sleep 0.5
}

# from HOST SRC-PORT DST PORT TEXT: one datagram from a fixed source port
# (the same 5-tuple, the same conntrack entry each time)
from() {
	echo "$5" | ip netns exec "zt-$LAB-$1" timeout 2 socat -u - \
	    UDP4:"$3":"$4",sourceport="$2",reuseaddr 2>/dev/null
	sleep 0.2
}

# media_ct PORT: conntrack entries of media from outside (10.2.0.2) to
# 10.1.0.2:PORT, in the router (the sink controls' own are not counted)
media_ct() {
	rx conntrack -L -p udp -s 10.2.0.2 -d 10.1.0.2 --dport "$1" \
	    2>/dev/null |
	    grep -c "dport=$1 "
}

port=30100
call_case() {	# TRANSPORT(u1|t1) HOW
	tr=$1 how=$2
	name="$( [ "$tr" = u1 ] && echo udp || echo tcp) $how"
	port=$((port + 10))
	uac_xml $port 7000 >"$LAB_DIR/uac.xml"
	uas_xml >"$LAB_DIR/uas.xml"
	lab_sink in $port
	hx out timeout 40 sipp -sf "$LAB_DIR/uas.xml" -i 10.2.0.2 -p 5060 \
	    -t "$tr" -m 1 -mp 41000 -bg >/dev/null 2>&1
	sleep 0.5
	hx in timeout 40 sipp -sf "$LAB_DIR/uac.xml" 10.2.0.2:5060 \
	    -i 10.1.0.2 -p 5060 -t "$tr" -m 1 -mp 42000 -nostdin \
	    >"$LAB_DIR/uac-$how-$tr.out" 2>&1 &
	uac=$!
	sleep 1.5
	check "$name: call active before the restart" \
	    sh -c "'$ZBFW' -S '$LAB_SOCK' -c 'show sip-alg calls' | grep -q active"
	from out 31002 10.1.0.2 $port "zt-pre-$how-$tr"
	check "$name: media reaches the caller before the restart" \
	    sunk in $port "zt-pre-$how-$tr"
	restart "$how"
	zcli "show sip-alg calls detail" >"$LAB_DIR/calls-$how-$tr.txt"
	zcli "show sip-alg statistics" >"$LAB_DIR/stats-$how-$tr.txt"
	from out 31002 10.1.0.2 $port "zt-same-$how-$tr"
	if [ "$how" = config ]; then
		nocheck "$name: the dropped call's media ends with it" \
		    sunk in $port "zt-same-$how-$tr"
	else
		check "$name: media keeps flowing on its connection" \
		    sunk in $port "zt-same-$how-$tr"
	fi
	from out 31004 10.1.0.2 $port "zt-new-$how-$tr"
	if [ "$how" = config ]; then
		check "$name: counted as dropped (not inspected)" \
		    grep -Eq "calls dropped \(not inspected, quota\) +1" \
		    "$LAB_DIR/stats-$how-$tr.txt"
		n=$(media_ct $port)
		check "$name: its media entries were deleted ($n left)" \
		    test "$n" = 0
		nocheck "$name: no call listed" \
		    grep -q "State active" "$LAB_DIR/calls-$how-$tr.txt"
		nocheck "$name: no new media connection" \
		    sunk in $port "zt-new-$how-$tr"
		wait $uac
		lab_stop_fw
		lab_start_fw "$(printf '%s\n' "$cfg" | sed 's/service-policy type inspect PM-DROP/service-policy type inspect PM-SIP/')"
		return
	fi
	if [ "$how" = bad ]; then
		check "$name: the bad file is logged and ignored" \
		    logged "SIP ALG: saved state .* not loaded \(Invalid argument\): ignored"
		check "$name: and kept aside" test -f "$STATE.bad"
		check "$name: counted as refused" \
		    grep -Eq "state files refused \(logged, ignored\) +1" \
		    "$LAB_DIR/stats-$how-$tr.txt"
		rm -f "$STATE.bad"
	fi
	if [ "$how" = lost ] || [ "$how" = bad ]; then
		nocheck "$name: no call listed without the state" \
		    grep -q "State active" "$LAB_DIR/calls-$how-$tr.txt"
		nocheck "$name: a new media connection without the state" \
		    sunk in $port "zt-new-$how-$tr"
	else
		check "$name: the call is restored" \
		    grep -q "State active" "$LAB_DIR/calls-$how-$tr.txt"
		check "$name: counted as restored" \
		    grep -Eq "calls restored +1" "$LAB_DIR/stats-$how-$tr.txt"
		check "$name: a new media connection through the pinhole" \
		    sunk in $port "zt-new-$how-$tr"
	fi
	n=$(media_ct $port)
	check "$name: conntrack holds the media entries before the BYE ($n)" \
	    test "$n" -ge 1
	wait $uac
	rc=$?
	check "$name: sipp call completed (exit $rc)" test $rc = 0
	sleep 0.5
	n=$(media_ct $port)
	from out 31002 10.1.0.2 $port "zt-after-$how-$tr"
	if [ "$how" = lost ] || [ "$how" = bad ]; then
		check "$name: without the state the BYE closes nothing" \
		    sunk in $port "zt-after-$how-$tr"
		rx conntrack -D -p udp -d 10.1.0.2 --dport $port \
		    >/dev/null 2>&1
	else
		check "$name: the BYE deleted the media entries ($n left)" \
		    test "$n" = 0
		nocheck "$name: no media after the BYE" \
		    sunk in $port "zt-after-$how-$tr"
		check "$name: control: the caller's sink is alive" \
		    sink_alive r in $port
	fi
}

# SIP_RESTART_PARTS: which parts run (default all)
parts=${SIP_RESTART_PARTS:-calls refused tcpreg inbound}
case " $parts " in *" calls "*)
for how in term kill lost; do
	for tr in u1 t1; do
		call_case $tr $how
	done
done
esac
# a damaged file and a configuration that no longer inspects the call
case " $parts " in *" refused "*)
call_case u1 bad
call_case u1 config
esac

# ---- a phone registered over TCP calls over that connection ----
# phone: REGISTER, 200, (restart), INVITE with SDP, 200, ACK, pause, BYE
tcp_phone_xml() {
	cat <<XML
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw tcp phone">
  <send retrans="500"><![CDATA[
REGISTER sip:[remote_ip] SIP/2.0
Via: SIP/2.0/TCP [local_ip]:[local_port];branch=[branch]
From: <sip:phone@example.com>;tag=[pid]r[call_number]
To: <sip:phone@example.com>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:phone@[local_ip]:[local_port];transport=tcp>
Expires: 600
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
  <pause milliseconds="$1"/>
XML
	xml_invite bob p "$(sdp_body '[local_ip]' "$2")"
	cat <<XML
  <recv response="100" optional="true"/>
  <recv response="200" rtd="true"/>
XML
	xml_request ACK bob p 1
	echo '  <pause milliseconds="6000"/>'
	xml_request BYE bob p 2
	printf '  <recv response="200" crlf="true"/>\n</scenario>\n'
}
tcp_registrar_xml() {
	cat <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="zbfw tcp registrar">
  <recv request="REGISTER"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]g
[last_Call-ID:]
[last_CSeq:]
[last_Contact:];expires=600
Content-Length: 0

]]></send>
XML
	echo '  <recv request="INVITE" crlf="true"/>'
	xml_answer "200 OK" b "$(sdp_body '[local_ip]' 31000)"
	printf '  <recv request="ACK" crlf="true"/>\n  <recv request="BYE"/>\n'
	xml_answer "200 OK" ""
	echo '</scenario>'
}
tcp_reg_case() {	# HOW
	how=$1
	port=$((port + 10))
	tcp_phone_xml 4000 $port >"$LAB_DIR/tphone.xml"
	tcp_registrar_xml >"$LAB_DIR/treg.xml"
	lab_sink in $port
	hx out timeout 40 sipp -sf "$LAB_DIR/treg.xml" -i 10.2.0.2 -p 5060 \
	    -t t1 -m 1 -mp 41000 -bg >/dev/null 2>&1
	sleep 0.5
	hx in timeout 40 sipp -sf "$LAB_DIR/tphone.xml" 10.2.0.2:5060 \
	    -i 10.1.0.2 -p 5064 -t t1 -m 1 -mp 42000 -nostdin \
	    >"$LAB_DIR/tphone-$how.out" 2>&1 &
	ph=$!
	sleep 1
	check "tcp registration $how: binding listed before the restart" \
	    sh -c "'$ZBFW' -S '$LAB_SOCK' -c 'show sip-alg registrations' | grep -q 'tcp 10.1.0.2'"
	restart "$how"		# the phone calls 4 s after its REGISTER
	sleep 3.5
	zcli "show sip-alg calls detail" >"$LAB_DIR/tcalls-$how.txt"
	zcli "show sip-alg statistics" >"$LAB_DIR/tstats-$how.txt"
	from out 31006 10.1.0.2 $port "zt-treg-$how"
	if [ "$how" = lost ]; then
		nocheck "tcp registration $how: no pinhole for the call" \
		    sunk in $port "zt-treg-$how"
		check "tcp registration $how: the stream is not parsed" \
		    grep -Eq "segments not parsed \(start not seen\) +[1-9]" \
		    "$LAB_DIR/tstats-$how.txt"
	else
		check "tcp registration $how: the stream resumed" \
		    grep -Eq "TCP streams resumed +1" "$LAB_DIR/tstats-$how.txt"
		check "tcp registration $how: the call over it is active" \
		    grep -q "State active" "$LAB_DIR/tcalls-$how.txt"
		check "tcp registration $how: media through its pinhole" \
		    sunk in $port "zt-treg-$how"
	fi
	wait $ph
	rc=$?
	check "tcp registration $how: sipp phone completed (exit $rc)" \
	    test $rc = 0 || cat "$LAB_DIR/tphone-$how.out"
	rx conntrack -D -p udp -d 10.1.0.2 --dport $port \
	    >/dev/null 2>&1
}
case " $parts " in *" tcpreg "*)
for how in term kill lost; do
	tcp_reg_case $how
done
esac

# ---- an inbound call to a phone registered (UDP) before the restart ----
reg_scenarios
{
	xml_head "zbfw inbound call"
	xml_invite phone c "$(sdp_body '[local_ip]' 32000)"
	printf '  <recv response="100" optional="true"/>\n'
	printf '  <recv response="200"/>\n'
	xml_request ACK phone c 1
	echo '  <pause milliseconds="1500"/>'
	xml_request BYE phone c 2
	printf '  <recv response="200"/>\n</scenario>\n'
} >"$LAB_DIR/caller.xml"
{
	xml_head "zbfw phone"
	echo '  <recv request="INVITE" crlf="true"/>'
	xml_answer "200 OK" p "$(sdp_body '[local_ip]' 33000)"
	printf '  <recv request="ACK"/>\n  <recv request="BYE"/>\n'
	xml_answer "200 OK" ""
	echo '</scenario>'
} >"$LAB_DIR/phone.xml"
inbound_case() {	# HOW
	how=$1
	hx out timeout 20 sipp -sf "$LAB_DIR/registrar.xml" -i 10.2.0.2 \
	    -p 5060 -m 1 -mp 41000 -bg >/dev/null 2>&1
	sleep 0.5
	hx in timeout 10 sipp -sf "$LAB_DIR/reg.xml" 10.2.0.2:5060 \
	    -i 10.1.0.2 -p 5062 -m 1 -mp 42000 -nostdin \
	    >"$LAB_DIR/reg-$how.out" 2>&1
	check "inbound $how: registered before the restart" \
	    sh -c "'$ZBFW' -S '$LAB_SOCK' -c 'show sip-alg registrations' | grep -q 'udp 10.1.0.2:5060 .*active'"
	restart "$how"
	hx in timeout 20 sipp -sf "$LAB_DIR/phone.xml" -i 10.1.0.2 -p 5060 \
	    -m 1 -mp 43000 -bg >"$LAB_DIR/phone-$how.bg" 2>&1
	sleep 0.5
	hx out timeout 8 sipp -sf "$LAB_DIR/caller.xml" 10.1.0.2:5060 \
	    -i 10.2.0.2 -p $cport -m 1 -mp 44000 -nostdin -recv_timeout 3000 \
	    >"$LAB_DIR/caller-$how.out" 2>&1
	rc=$?
	if [ "$how" = lost ]; then
		nocheck "inbound $how: the call without the binding" \
		    test $rc = 0
		# the phone never got the INVITE: end it (its pid only)
		bg=$(sed -n 's/.*PID=\[\([0-9]*\)\].*/\1/p' \
		    "$LAB_DIR/phone-$how.bg")
		[ -n "$bg" ] && kill "$bg" 2>/dev/null
	else
		check "inbound $how: the inbound call completed (exit $rc)" \
		    test $rc = 0
	fi
	zcli "clear sip-alg calls" >/dev/null
}
case " $parts " in *" inbound "*)
cport=5070
for how in term kill lost; do
	cport=$((cport + 2))
	inbound_case $how
done
esac
# ---- an inbound call through the binding, up during the restart ----
# (its tuple matches no inspecting zone-pair either way: kept because the
# restored registration's pinhole admitted it)
live_inbound_case() {	# HOW
	how=$1
	cport=$((cport + 2))
	sed 's/<pause milliseconds="1500"\/>/<pause milliseconds="7000"\/>/' \
	    "$LAB_DIR/caller.xml" >"$LAB_DIR/caller-long.xml"
	hx out timeout 20 sipp -sf "$LAB_DIR/registrar.xml" -i 10.2.0.2 \
	    -p 5060 -m 1 -mp 41000 -bg >/dev/null 2>&1
	sleep 0.5
	hx in timeout 10 sipp -sf "$LAB_DIR/reg.xml" 10.2.0.2:5060 \
	    -i 10.1.0.2 -p 5062 -m 1 -mp 42000 -nostdin \
	    >"$LAB_DIR/reg-live-$how.out" 2>&1
	lab_sink in 33000
	hx in timeout 30 sipp -sf "$LAB_DIR/phone.xml" -i 10.1.0.2 -p 5060 \
	    -m 1 -mp 43000 -bg >/dev/null 2>&1
	sleep 0.5
	hx out timeout 30 sipp -sf "$LAB_DIR/caller-long.xml" 10.1.0.2:5060 \
	    -i 10.2.0.2 -p $cport -m 1 -mp 44000 -nostdin \
	    >"$LAB_DIR/caller-live-$how.out" 2>&1 &
	caller=$!
	sleep 1.5
	check "live inbound $how: the call is up before the restart" \
	    sh -c "'$ZBFW' -S '$LAB_SOCK' -c 'show sip-alg calls' | grep -q active"
	restart "$how"
	zcli "show sip-alg calls" >"$LAB_DIR/lcalls-$how.txt"
	check "live inbound $how: the call is restored" \
	    grep -q active "$LAB_DIR/lcalls-$how.txt"
	from out 31008 10.1.0.2 33000 "zt-live-$how"
	check "live inbound $how: media to the phone through its pinhole" \
	    sunk in 33000 "zt-live-$how"
	n=$(media_ct 33000)
	check "live inbound $how: a media entry before the BYE ($n)" \
	    test "$n" -ge 1
	wait $caller
	rc=$?
	check "live inbound $how: the call completed (exit $rc)" test $rc = 0
	sleep 0.5
	n=$(media_ct 33000)
	check "live inbound $how: the BYE deleted the media entries ($n)" \
	    test "$n" = 0
	from out 31008 10.1.0.2 33000 "zt-live-after-$how"
	nocheck "live inbound $how: no media after the BYE" \
	    sunk in 33000 "zt-live-after-$how"
	check "live inbound $how: control: the phone's sink is alive" \
	    sink_alive r in 33000
	zcli "clear sip-alg calls" >/dev/null
}
case " $parts " in *" inbound "*)
for how in term kill; do
	live_inbound_case $how
done
esac
zcli "show sip-alg statistics" | sed -n '/State restored/,/Quotas/p'
lab_done
