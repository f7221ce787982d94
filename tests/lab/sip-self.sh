#!/bin/sh
# A SIP user agent on the router itself (zone self, the seed's local Call
# Manager Express): sipp in the router's namespace calls a UAS in zone
# outside over UDP and TCP; self->outside inspects SIP, outside->self drops
# everything else.  The callee's media reaches the router's SDP port only
# while the call is up.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
sip_lab "zone-pair security self-out source self destination outside
 service-policy type inspect PM-SIP
zone-pair security out-self source outside destination self
 service-policy type inspect PM-DROP"

media_port=30700
for tr in u1 t1; do
	name=$( [ $tr = u1 ] && echo udp || echo tcp )
	media_port=$((media_port + 10))
	uac_xml $media_port >"$LAB_DIR/uac.xml"
	uas_xml >"$LAB_DIR/uas.xml"
	lab_sink r $media_port
	hx out timeout 30 sipp -sf "$LAB_DIR/uas.xml" -i 10.2.0.2 -p 5060 \
	    -t $tr -m 1 -mp 41000 -bg >/dev/null 2>&1
	sleep 0.5
	rx timeout 30 sipp -sf "$LAB_DIR/uac.xml" 10.2.0.2:5060 -i 10.2.0.1 \
	    -p 5060 -t $tr -m 1 -mp 42000 -nostdin >"$LAB_DIR/uac-$name.out" \
	    2>&1 &
	uac=$!
	sleep 1.5
	zcli "show sip-alg calls detail" >"$LAB_DIR/calls-$name.txt"
	check "$name: the router's call is followed" \
	    grep -q "State active" "$LAB_DIR/calls-$name.txt"
	udp_send out 10.2.0.1 $media_port "zt-self-$name"
	check "$name: media reaches the router's SDP port" \
	    sunk r $media_port "zt-self-$name"
	wait $uac
	rc=$?
	check "$name: call completed (sipp exit $rc)" test $rc = 0
	sleep 0.5
	udp_send out 10.2.0.1 $media_port "zt-after-$name"
	nocheck "$name: media after the BYE" sunk r $media_port "zt-after-$name"
	check "$name: control: the router's media sink gets inside's datagram" \
	    sink_alive in r $media_port
done
lab_done
