#!/bin/bash
# Round trip: every examples/*.cfg and every transcript tests/cli/*.cfg
#  1. loads with `zbfwd --check` and no error (tests/cli/*errors*.cfg: with
#     errors, on purpose);
#  2. in a daemon started on it, `show running-config` is saved with
#     `write memory`; a second daemon started on the saved file prints the
#     very same `show running-config` bytes, and the saved file passes
#     --check too;
#  3. its top-level object lines (zones, maps, ACLs, users, ...) appear in
#     show running-config verbatim: nothing is silently dropped.
# examples/seed-zone-pair.cfg uses the policy-map of the other seed example,
# so it is loaded after it (the seed document presents them in that order).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
zb_need_build

fails=0
n=0
for cfg in "$repo"/examples/*.cfg "$repo"/tests/cli/*.cfg; do
	[ -f "$cfg" ] || continue
	n=$((n + 1))
	name=${cfg#"$repo"/}
	src=$ZB_TMP/input.cfg
	case $name in
	examples/seed-zone-pair.cfg)
		cat "$repo/examples/seed-enable-sip-inspection.cfg" "$cfg" >"$src" ;;
	*)	cp "$cfg" "$src" ;;
	esac
	"$build/zbfwd" --check -f "$src" >"$ZB_TMP/check" 2>&1
	rc=$?
	case $name in
	*errors*.cfg) want=1 ;;	# a transcript of load errors: bad lines on purpose
	*) want=0 ;;
	esac
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: zbfwd --check exited $rc, not $want:"
		cat "$ZB_TMP/check"
		fails=$((fails + 1))
		continue
	fi
	zb_start one "$src" || { fails=$((fails + 1)); continue; }
	"$build/zbfw" -S "$ZB_SOCK_one" -c 'show running-config' >"$ZB_TMP/run1" 2>&1
	rc1=$?
	"$build/zbfw" -S "$ZB_SOCK_one" -c 'write memory' >"$ZB_TMP/wr" 2>&1
	rc2=$?
	zb_stop one || rc2=1
	saved=$ZB_DIR_one/startup-config
	if [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ]; then
		echo "FAIL $name: show running-config / write memory failed:"
		cat "$ZB_TMP/run1" "$ZB_TMP/wr"
		fails=$((fails + 1))
		continue
	fi
	if ! "$build/zbfwd" --check -f "$saved" >"$ZB_TMP/check" 2>&1; then
		echo "FAIL $name: the saved configuration does not pass --check:"
		cat "$ZB_TMP/check"
		fails=$((fails + 1))
		continue
	fi
	zb_start two "$saved" || { fails=$((fails + 1)); continue; }
	"$build/zbfw" -S "$ZB_SOCK_two" -c 'show running-config' >"$ZB_TMP/run2" 2>&1
	zb_stop two
	if ! cmp -s "$ZB_TMP/run1" "$ZB_TMP/run2"; then
		echo "FAIL $name: show running-config differs after save and reload:"
		diff -u "$ZB_TMP/run1" "$ZB_TMP/run2"
		fails=$((fails + 1))
		continue
	fi
	# Nothing silently dropped: the top-level object lines of a clean file
	# come back verbatim.
	missing=
	if [ "$want" -eq 0 ]; then
		missing=$(grep -E '^(hostname|class-map|policy-map|parameter-map|zone security|zone-pair|ip access-list|ipv6 access-list|access-list|ip port-map|enable secret|username) ' "$src" |
		    grep -vxFf "$ZB_TMP/run1")
	fi
	if [ -n "$missing" ]; then
		echo "FAIL $name: not in show running-config:"
		echo "$missing"
		fails=$((fails + 1))
		continue
	fi
	echo "ok $name ($(wc -l <"$ZB_TMP/run1") lines)"
done
echo "$n configurations, $fails failed"
[ "$n" -gt 0 ] && [ "$fails" -eq 0 ]
