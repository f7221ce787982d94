#!/bin/bash
# Access-list entries in a startup-config: a bad token is reported as
# FILE:LINE: % Invalid input detected at 'TOKEN' (column N), as for any
# other command, an entry cut short as % Incomplete command., and every
# good entry of the same file still loads (shown by show ip access-lists).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
zb_need_build
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

cfg=$ZB_TMP/acl.cfg
cat >"$cfg" <<'EOF'
ip access-list extended X
 permit tcp any host 192.0.2.10 eq www 443
 permit tcp any host 192.0.2.300
 permit udp any any eq 70000
 permit tcp 10.0.0.0 any
 permit tcp any any eq
 deny ip any any log
access-list 10 permit 192.0.2.0 0.0.0.255
access-list 300 permit any
EOF
expect="$cfg:3: % Invalid input detected at '192.0.2.300' (column 22)
$cfg:4: % Invalid input detected at '70000' (column 24)
$cfg:5: % Invalid input detected at 'any' (column 22)
$cfg:6: % Incomplete command.
$cfg:9: % Invalid input detected at '300' (column 13)"
out=$("$build/zbfwd" --check -f "$cfg" 2>&1)
rc=$?
[ "$rc" -eq 1 ] && [ "$out" = "$expect" ] &&
    ok "--check: each bad entry at its token, FILE:LINE: and column" ||
    bad "--check: rc $rc, got:\n$out\nexpected:\n$expect"

# Positive control: the good lines of the same file are loaded.
zb_start a "$cfg" || exit 1
sock=ZB_SOCK_a
got=$("$build/zbfw" -S "${!sock}" -c 'show ip access-lists' 2>&1)
want="Extended IP access list X
    10 permit tcp any host 192.0.2.10 eq www 443
    20 deny ip any any log
Standard IP access list 10
    10 permit 192.0.2.0, wildcard bits 0.0.0.255"
[ "$got" = "$want" ] && ok "the good entries of the file are loaded" ||
    bad "show ip access-lists:\n$got\nexpected:\n$want"
zb_stop a || bad "zbfwd did not stop cleanly"

[ "$fails" -eq 0 ] && echo "PASS" || echo "FAIL: $fails"
[ "$fails" -eq 0 ]
