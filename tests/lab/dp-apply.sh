#!/bin/sh
# When a configuration line reaches the packet path (doc/DESIGN.md
# "Commit"): lines typed in a session that ends in configuration mode, with
# no `end` and no show after them, reach new connections through the
# deferred compile's timer (within max(50 ms, 4 x the compile) plus one
# compile, well under 0.3 s here); lines followed by `end` reach them at
# once.  Each blocked check sits beside the same traffic passing.
. "$(dirname "$0")/lib.sh"
lab_setup
lab_start_fw "$LAB_INSPECT_ALL"
lab_serve out 7
# lab_conf_open CMD...: configuration lines, then the session ends still in
# configuration mode: nothing but the timer compiles them.
lab_conf_open() {
	lab_ex "configure terminal" "$@"
}

check "control: inspect, new tcp works" tcp_ok in 10.2.0.2 7
check "config without end: the class drops" lab_conf_open \
    "policy-map type inspect PM-IO" "class type inspect CM-ALL" "drop"
sleep 0.3
nocheck "0.3 s later, no end, no show: new tcp refused" tcp_ok in 10.2.0.2 7
check "control: the router still reaches out" tcp_ok r 10.2.0.2 7
check "config without end: the class inspects" lab_conf_open \
    "policy-map type inspect PM-IO" "class type inspect CM-ALL" "inspect"
sleep 0.3
check "0.3 s later: new tcp works again" tcp_ok in 10.2.0.2 7

check "config with end: the class drops" lab_conf \
    "policy-map type inspect PM-IO" "class type inspect CM-ALL" "drop"
nocheck "right after end: new tcp refused" tcp_ok in 10.2.0.2 7
check "config with end: the class inspects" lab_conf \
    "policy-map type inspect PM-IO" "class type inspect CM-ALL" "inspect"
check "right after end: new tcp works" tcp_ok in 10.2.0.2 7
lab_done
