#!/bin/sh
# SIP calls through zbfwd with the SIP ALG, both ways (inside -> outside,
# then outside -> inside) and each over UDP and TCP: a sipp UAC calls a
# sipp UAS; each zone-pair inspects only SIP, everything else is dropped.
# While the call is up media flows both ways to the SDP ports (the
# pinholes), a port the SDP did not name stays closed, `show sip-alg calls`
# lists the call; after the BYE the media ports are closed again.  Each
# closed port's sink is shown alive by a datagram from the router (the
# self zone has no zone-pair: allowed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sip-lib.sh"
need_sipp
sip_lab "zone-pair security in-out source inside destination outside
 service-policy type inspect PM-SIP
zone-pair security out-in source outside destination inside
 service-policy type inspect PM-SIP"

media_port=30000
for way in in-out out-in; do
for tr in u1 t1; do
	name="$way $( [ $tr = u1 ] && echo udp || echo tcp )"
	tag=$(echo "$name" | tr ' ' '-')
	if [ $way = in-out ]; then
		ch=in cip=10.1.0.2 eh=out eip=10.2.0.2
	else
		ch=out cip=10.2.0.2 eh=in eip=10.1.0.2
	fi
	media_port=$((media_port + 10))
	uac_xml $media_port >"$LAB_DIR/uac.xml"
	uas_xml >"$LAB_DIR/uas.xml"
	lab_sink $ch $media_port
	lab_sink $ch $((media_port + 4))
	lab_sink $eh 31000
	hx $eh timeout 30 sipp -sf "$LAB_DIR/uas.xml" -i $eip -p 5060 \
	    -t $tr -m 1 -mp 41000 -bg >/dev/null 2>&1
	sleep 0.5
	hx $ch timeout 30 sipp -sf "$LAB_DIR/uac.xml" $eip:5060 \
	    -i $cip -p 5060 -t $tr -m 1 -mp 42000 -nostdin \
	    >"$LAB_DIR/uac-$tag.out" 2>&1 &
	uac=$!
	sleep 1.5
	zcli "show sip-alg calls detail" >"$LAB_DIR/calls-$tag.txt"
	check "$name: the call is listed as active" \
	    grep -q "State active" "$LAB_DIR/calls-$tag.txt"
	check "$name: pinhole to the caller's RTP port" \
	    grep -q "$cip:$media_port " "$LAB_DIR/calls-$tag.txt"
	udp_send $eh $cip $media_port "zt-rtp-$tag"
	check "$name: media from the callee reaches the caller" \
	    sunk $ch $media_port "zt-rtp-$tag"
	udp_send $ch $eip 31000 "zt-rtp-back-$tag"
	check "$name: media from the caller reaches the callee" \
	    sunk $eh 31000 "zt-rtp-back-$tag"
	udp_send $eh $cip $((media_port + 4)) "zt-other-$tag"
	nocheck "$name: a port the SDP did not name" \
	    sunk $ch $((media_port + 4)) "zt-other-$tag"
	check "$name: control: that port's sink gets the router's datagram" \
	    sink_alive r $ch $((media_port + 4))
	wait $uac
	rc=$?
	check "$name: sipp call completed (exit $rc)" test $rc = 0
	sleep 0.5
	udp_send $eh $cip $media_port "zt-after-$tag"
	nocheck "$name: media after the BYE" \
	    sunk $ch $media_port "zt-after-$tag"
	check "$name: control: the caller's media sink gets the router's datagram" \
	    sink_alive r $ch $media_port
done
done
zcli "show sip-alg statistics" | sed -n '1,/Calls/p'
lab_done
