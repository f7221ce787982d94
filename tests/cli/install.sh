#!/bin/bash
# `make install` puts what the README says where it says: the daemon in
# sbin, the console in bin, the systemd unit (naming the installed daemon)
# and the man pages; the installed zbfwd runs (--check on an example).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
zb_need_build
dest=$ZB_TMP/dest
make -s -C "$build" install DESTDIR="$dest" >"$ZB_TMP/install.log" 2>&1 || {
	cat "$ZB_TMP/install.log"
	exit 1
}
prefix=$(sed -n "s/^prefix = //p" "$build/Makefile")
fails=0
for f in sbin/zbfwd bin/zbfw lib/systemd/system/zbfwd.service \
    share/man/man8/zbfwd.8 share/man/man1/zbfw.1; do
	if [ -s "$dest$prefix/$f" ]; then
		echo "ok: $prefix/$f"
	else
		echo "FAIL: $prefix/$f not installed"
		fails=$((fails + 1))
	fi
done
unit=$dest$prefix/lib/systemd/system/zbfwd.service
if grep -q "^ExecStart=$prefix/sbin/zbfwd " "$unit"; then
	echo "ok: the unit starts $prefix/sbin/zbfwd"
else
	echo "FAIL: the unit's ExecStart:"
	grep ExecStart "$unit"
	fails=$((fails + 1))
fi
if "$dest$prefix/sbin/zbfwd" --check -f "$repo/examples/zbfw-sip.cfg"; then
	echo "ok: the installed zbfwd checks an example"
else
	fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
