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

. "$(dirname "$0")/sip-lib.sh"

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
