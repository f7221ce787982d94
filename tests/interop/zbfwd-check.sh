#!/bin/bash
# zbfwd --check: every bad line reported as FILE:LINE: % message, exit 1;
# a clean file exits 0; --dump-commands prints the command reference.
. "$(dirname "$0")/../lib.sh"
zb_need_build

cat >"$ZB_TMP/bad.cfg" <<'CFG'
hostname R1
bogus line here
zone security inside
 description ok
enable secret 9 not-a-hash
line vty 0 4
 login local
 exec-timeout 99999999
CFG
out=$("$build/zbfwd" --check -f "$ZB_TMP/bad.cfg" 2>&1)
rc=$?
fail=0
[ "$rc" -eq 1 ] || { echo "bad file: exit $rc, want 1"; fail=1; }
for want in "$ZB_TMP/bad.cfg:2: % Invalid input detected at 'bogus'" \
    "$ZB_TMP/bad.cfg:5: % " "$ZB_TMP/bad.cfg:8: % "; do
	case $out in
	*"$want"*) ;;
	*) echo "missing: $want"; fail=1 ;;
	esac
done
n=$(printf '%s\n' "$out" | grep -c '^'"$ZB_TMP"'/bad.cfg:[0-9]*: % ')
[ "$n" -eq 3 ] || { echo "want 3 error lines, got $n:"; fail=1; }

printf 'hostname R1\nzone security inside\nline vty 0 4\n login local\n' \
    >"$ZB_TMP/good.cfg"
out=$("$build/zbfwd" --check -f "$ZB_TMP/good.cfg" 2>&1)
rc=$?
[ "$rc" -eq 0 ] || { echo "good file: exit $rc, want 0: $out"; fail=1; }
# a missing file is an empty configuration
"$build/zbfwd" --check -f "$ZB_TMP/missing.cfg" >/dev/null 2>&1 ||
    { echo "missing file is not an empty config"; fail=1; }
"$build/zbfwd" --dump-commands | grep -q 'enable secret' ||
    { echo "--dump-commands lacks enable secret"; fail=1; }
[ "$fail" -eq 0 ] && echo "ok zbfwd --check"
exit "$fail"
