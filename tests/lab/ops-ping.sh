#!/bin/sh
# ping from the router's own stack (daemon/sys_ping.c): 5/5 to a lab host,
# 0/5 to an unused address of the same subnet, IPv6, the repeat/size/
# source options, script mode (the next line waits for the ping), and the
# loop keeps answering other sessions while a ping waits for timeouts.
. "$(dirname "$0")/lib.sh"
lab_setup
lab_start_fw "$LAB_ZONES
$LAB_IFACES"

# ping_has ARGS PATTERN: `ping ARGS` prints a line matching PATTERN
ping_has() { zcli_has "ping $1" "$2"; }

ok5='^Success rate is 100 percent \(5/5\), round-trip min/avg/max = [0-9]+/[0-9]+/[0-9]+ ms$'
check "ping 10.1.0.2: 5/5" ping_has 10.1.0.2 "$ok5"
check "ping 10.1.0.2: IOS header" ping_has 10.1.0.2 \
    '^Sending 5, 100-byte ICMP Echos to 10\.1\.0\.2, timeout is 2 seconds:$'
check "ping 10.1.0.2: the marks" ping_has 10.1.0.2 '^!!!!!$'
check "ping 10.1.0.77 (unused, same subnet): 0/5" \
    ping_has "10.1.0.77 timeout 1" '^Success rate is 0 percent \(0/5\)$'
check "ping 10.1.0.77: five dots" ping_has "10.1.0.77 timeout 1" '^\.\.\.\.\.$'
nocheck "ping 10.1.0.77: no success" ping_has "10.1.0.77 timeout 1" '100 percent'
check "ping ipv6 fd01::2: 5/5" ping_has "ipv6 fd01::2" "$ok5"
check "ping fd01::2: upper case as IOS" ping_has fd01::2 'Echos to FD01::2,'
check "ping fd01::77 (unused): 0/3" ping_has "fd01::77 repeat 3 timeout 1" \
    '^Success rate is 0 percent \(0/3\)$'
check "repeat 3 size 200" ping_has "10.1.0.2 repeat 3 size 200" \
    '^Sending 3, 200-byte ICMP Echos'
check "repeat 3: 3/3" ping_has "10.1.0.2 repeat 3 size 1400" '\(3/3\)'
check "source 10.1.0.1 to the outside host" ping_has \
    "10.2.0.2 source 10.1.0.1" "$ok5"
check "source: IOS's line" ping_has "10.2.0.2 source 10.1.0.1" \
    '^Packet sent with a source address of 10\.1\.0\.1 $'
check "source r-in (an interface)" ping_has "10.1.0.2 source r-in" "$ok5"
check "a name: IOS's refusal" ping_has nosuchhost \
    '^% Unrecognized host or address, or protocol not running\.$'

# Script mode: the line after the ping waits for it, then runs.
printf 'ping 10.1.0.2 repeat 2\nshow privilege\n' |
    "$ZBFW" -S "$LAB_SOCK" >"$LAB_DIR/script.out" 2>&1
check "script mode: ping then the next line" sh -c \
    "grep -A2 -E '^Success rate is 100 percent \(2/2\)' '$LAB_DIR/script.out' |
     grep -q 'Current privilege level is 1'"

# The loop is not blocked: while a ping waits 5 x 1 s, another session's
# command answers at once (and its own ping is still running then).
zcli "ping 10.1.0.77 timeout 1" >"$LAB_DIR/slow.out" 2>&1 &
slow=$!
sleep 1
t0=$(date +%s%N)
check "another session during the ping" sh -c "'$ZBFW' -S '$LAB_SOCK' -c 'show clock' | grep -q ':'"
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
echo "     show clock during the ping took $ms ms"
check "it answered in under 500 ms" test "$ms" -lt 500
check "the ping was still running then" kill -0 $slow
wait $slow
check "and ended with 0/5" grep -q '(0/5)' "$LAB_DIR/slow.out"
lab_done
