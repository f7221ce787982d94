#!/bin/bash
# The zbfw console's one-shot mode: -c commands run in order in
# privileged EXEC, output printed, exit status 1 when one printed a `%`
# error, 2 when zbfwd cannot be reached; script mode draws the screen.
. "$(dirname "$0")/../lib.sh"
zb_need_build
zb_start c "" || exit 1
z() { "$build/zbfw" -S "$ZB_SOCK_c" "$@"; }
fail=0

out=$(z -c 'configure terminal' -c 'hostname cons-test' -c 'zone security dmz' \
    -c end -c 'show running-config | include ^hostname|^zone')
[ $? -eq 0 ] || { echo "good commands: non-zero exit"; fail=1; }
[ "$out" = "Enter configuration commands, one per line.  End with CNTL/Z.
hostname cons-test
zone security dmz" ] || { echo "unexpected output: $out"; fail=1; }

out=$(z -c 'show clock' -c 'show bogus' -c 'show clock')
[ $? -eq 1 ] || { echo "% error: want exit 1"; fail=1; }
[ "$(printf '%s\n' "$out" | grep -c UTC)" -eq 2 ] ||
    { echo "commands after the error did not run: $out"; fail=1; }

"$build/zbfw" -S "$ZB_TMP/nonexistent.sock" -c 'show clock' 2>/dev/null
[ $? -eq 2 ] || { echo "no daemon: want exit 2"; fail=1; }

# script mode: the screen, starting in user EXEC
got=$(printf 'show clo?\nck\nenable\nshow users | include con\n' | z |
    sed 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]*.*/TIME/')
want="cons-test>show clo?
clock  

cons-test>show clock
*TIME
cons-test>enable
cons-test#show users | include con
*  0 con 0                idle                 00:00:00
cons-test#"
[ "$got" = "$want" ] || { echo "script mode screen:"; diff <(echo "$want") <(echo "$got"); fail=1; }

zb_stop c || fail=1
[ "$fail" -eq 0 ] && echo "ok zbfw console"
exit "$fail"
