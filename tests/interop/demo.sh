#!/bin/bash
# The README's demo runs to the end and shows what it says: non-SIP traffic
# dropped both ways, a SIP call with RTP both ways through the pinholes,
# the call listed by the ALG, the media port closed after the BYE.
# Root only (network namespaces zt-demo-*); 77 otherwise.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root"
	exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
timeout 240 "$repo/examples/demo.sh" </dev/null >"$out" 2>&1
rc=$?
cat "$out"
fails=0
need() {
	if grep -qE "$1" "$out"; then
		echo "ok: $2"
	else
		echo "FAIL: $2"
		fails=$((fails + 1))
	fi
}
[ "$rc" -eq 0 ] && echo "ok: demo exit status 0" || { echo "FAIL: demo exit $rc"; fails=$((fails + 1)); }
need 'ping zone1 -> zone2: dropped by class class-default' "zone1 -> zone2 ICMP dropped"
need 'ping zone2 -> zone1: dropped' "zone2 -> zone1 dropped"
need 'ping router -> both phones: answered' "control: both phones answer the router's ping"
need '^  SIP ALG: 1 call' "the ALG lists the call"
need 'the call signalling completed' "the call completed"
need 'RTP: [1-9][0-9]* packets reached the callee, [1-9][0-9]* came back' "RTP both ways"
need 'the pinhole is closed' "the media port is closed after the BYE"
need '^== Cleaning up|Cleaning up' "the demo ran to the end"
if ip netns list | grep -q '^zt-demo-'; then
	echo "FAIL: zt-demo-* namespaces left behind"
	fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
