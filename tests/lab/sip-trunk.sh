#!/bin/sh
# A trunk: N concurrent calls (default 1000) between two gateways over one
# signalling flow (UDP 5060 <-> 5060, then one TCP connection), through
# zbfwd with SIP inspection.  Every call completes, the ALG holds all of
# them at once with their own media pinholes, media reaches a caller's SDP
# port while the calls are up, and after the last BYE nothing is left.
. "$(dirname "$0")/lib.sh"
command -v sipp >/dev/null 2>&1 || { echo "SKIP: no sipp"; exit 77; }
N=${SIP_TRUNK_CALLS:-1000}
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
<scenario name="zbfw trunk caller">
  <send retrans="500"><![CDATA[
INVITE sip:[call_number]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:gw-a@[local_ip]>;tag=[pid]a[call_number]
To: <sip:[call_number]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:gw-a@[local_ip]:[local_port];transport=[transport]>
Record-Route: <sip:[local_ip];lr>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=gw-a 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [local_ip]
t=0 0
m=audio 30000 RTP/AVP 0
]]></send>
  <recv response="100" optional="true"/>
  <recv response="200"/>
  <send><![CDATA[
ACK sip:[call_number]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:gw-a@[local_ip]>;tag=[pid]a[call_number]
To: <sip:[call_number]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <pause milliseconds="8000"/>
  <send retrans="500"><![CDATA[
BYE sip:[call_number]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:gw-a@[local_ip]>;tag=[pid]a[call_number]
To: <sip:[call_number]@[remote_ip]:[remote_port]>[peer_tag_param]
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
<scenario name="zbfw trunk callee">
  <recv request="INVITE"/>
  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]b[call_number]
[last_Call-ID:]
[last_CSeq:]
[last_Record-Route:]
Contact: <sip:gw-b@[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=gw-b 1 1 IN IP4 [local_ip]
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

for tr in u1 t1; do
	name=$( [ $tr = u1 ] && echo udp || echo tcp )
	lab_sink in 30000
	hx out timeout 60 sipp -sf "$LAB_DIR/gw-b.xml" -i 10.2.0.2 -p 5060 \
	    -t $tr -m "$N" -mp 41000 -bg >/dev/null 2>&1
	sleep 0.5
	hx in timeout 60 sipp -sf "$LAB_DIR/gw-a.xml" 10.2.0.2:5060 \
	    -i 10.1.0.2 -p 5060 -t $tr -m "$N" -l "$N" -r 400 -mp 42000 \
	    -nostdin -max_socket 10 >"$LAB_DIR/gw-a-$name.out" 2>&1 &
	gwa=$!
	# all calls are up after N/400 s; they hang up 8 s after their ACK
	sleep $(( N / 400 + 2 ))
	zcli "show sip-alg calls" | head -1 >"$LAB_DIR/peak-$name.txt"
	cat "$LAB_DIR/peak-$name.txt"
	# "SIP ALG: C calls (E ended), P pinholes, R registrations"
	set -- $(sed -E 's/[^0-9]+/ /g' "$LAB_DIR/peak-$name.txt")
	up=$(($1 - $2)) ph=$3
	check "$name: $N calls up at once in the ALG ($up)" test "$up" -ge "$N"
	check "$name: 4 media pinholes per call ($ph)" test "$ph" -eq $((4 * N))
	udp_send out 10.1.0.2 30000 "zt-trunk-$name"
	check "$name: media reaches the caller's SDP port" \
	    sunk in 30000 "zt-trunk-$name"
	wait $gwa
	rc=$?
	check "$name: all $N calls completed (sipp exit $rc)" test $rc = 0
	sleep 1
	set -- $(zcli "show sip-alg calls" | head -1 | sed -E 's/[^0-9]+/ /g')
	ph=$3
	check "$name: no pinhole left after the BYEs ($ph)" test "$ph" = 0
	zcli "clear sip-alg calls" >/dev/null
done
lab_done
