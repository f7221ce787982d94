#!/bin/sh
# Regenerate doc/COMMANDS.md from the command tables (`zbfwd --dump-commands`).
# --check: only compare, exit 1 when the committed file is stale.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${ZBFW_BUILD:-$repo/build}
doc=$repo/doc/COMMANDS.md
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$build/zbfwd" --dump-commands >"$tmp"
if [ "${1:-}" = --check ]; then
	if ! diff -u "$doc" "$tmp"; then
		echo "doc/COMMANDS.md is stale: run tests/gen-docs.sh" >&2
		exit 1
	fi
	exit 0
fi
cp "$tmp" "$doc"
echo "wrote $doc"
