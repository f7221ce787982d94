#!/bin/bash
# Build zbfw out of tree in build/ (or $ZBFW_BUILD): autoreconf when an
# autotools input is newer than its output, configure (--enable-werror) when
# configure is newer than the last run, then make.  Used by tests/run.sh and
# examples/demo.sh.  Extra arguments go to configure on the first run.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${ZBFW_BUILD:-$repo/build}
cd "$repo"

need_autoreconf() {
	[ -x configure ] && [ -f Makefile.in ] || return 0
	local f
	for f in configure.ac Makefile.am */Makefile.inc; do
		[ "$f" -nt configure ] && return 0
		[ "$f" -nt Makefile.in ] && return 0
	done
	return 1
}
if need_autoreconf; then
	echo "build: autoreconf -fi"
	autoreconf -fi
fi

mkdir -p "$build"
if [ ! -f "$build/config.status" ] || [ configure -nt "$build/config.status" ]; then
	echo "build: configure in $build"
	(cd "$build" && "$repo/configure" --enable-werror -q "$@")
fi
echo "build: make -j2"
make -C "$build" -j2
