#!/bin/sh
# A trunk: N concurrent calls (default 1000) between two gateways over one
# signalling flow (UDP 5060 <-> 5060, then one TCP connection), through
# zbfwd with SIP inspection.  Every call completes, the ALG holds all of
# them at once with their own media pinholes, media reaches a caller's SDP
# port while the calls are up, and after the last BYE nothing is left.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
N=${SIP_TRUNK_CALLS:-1000}
sip_lab

{
	xml_head "zbfw trunk caller"
	xml_invite "[call_number]" a "$(sdp_body '[local_ip]' 30000)" \
	    "Record-Route: <sip:[local_ip];lr>"
	printf '  <recv response="100" optional="true"/>\n'
	printf '  <recv response="200"/>\n'
	xml_request ACK "[call_number]" a 1
	echo '  <pause milliseconds="8000"/>'
	xml_request BYE "[call_number]" a 2
	printf '  <recv response="200"/>\n</scenario>\n'
} >"$LAB_DIR/gw-a.xml"
{
	xml_head "zbfw trunk callee"
	echo '  <recv request="INVITE"/>'
	xml_answer "200 OK" b "$(sdp_body '[local_ip]' 31000)" \
	    "[last_Record-Route:]"
	printf '  <recv request="ACK"/>\n  <recv request="BYE"/>\n'
	xml_answer "200 OK" ""
	echo '</scenario>'
} >"$LAB_DIR/gw-b.xml"

for tr in u1 t1; do
	name=$( [ $tr = u1 ] && echo udp || echo tcp )
	lab_sink in 30000
	hx out timeout 60 sipp -sf "$LAB_DIR/gw-b.xml" -i 10.2.0.2 -p 5060 \
	    -t $tr -m "$N" -mp 41000 -bg >/dev/null 2>&1
	sleep 0.5
	hx in timeout 60 sipp -sf "$LAB_DIR/gw-a.xml" 10.2.0.2:5060 \
	    -i 10.1.0.2 -p 5060 -t $tr -m "$N" -l "$N" -r 200 -mp 42000 \
	    -nostdin -max_socket 10 >"$LAB_DIR/gw-a-$name.out" 2>&1 &
	gwa=$!
	# all calls are up after N/200 s; they hang up 8 s after their ACK
	sleep $(( N / 200 + 2 ))
	zcli "show sip-alg calls" | head -1 >"$LAB_DIR/peak-$name.txt"
	cat "$LAB_DIR/peak-$name.txt"
	# "SIP ALG: C calls (E ended), P pinholes, R registrations"
	set -- $(sed -E 's/[^0-9]+/ /g' "$LAB_DIR/peak-$name.txt")
	up=$((${1:-0} - ${2:-0})) ph=${3:-none}
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
	ph=${3:-none}
	check "$name: no pinhole left after the BYEs ($ph)" test "$ph" = 0
	check "$name: clear sip-alg calls" lab_ex "clear sip-alg calls"
done
lab_done
