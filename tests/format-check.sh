#!/bin/sh
# Check every tracked .c and .h against the repository's .clang-format:
# `clang-format --dry-run -Werror` on each, the unclean files listed, and
# a closing count.  Exit 0 when all are clean, 1 otherwise, 77 (skip) when
# clang-format is missing (tests/deps.txt installs it).  tests/run.sh runs
# it as `format`; to format the tree:
#   git ls-files '*.c' '*.h' | xargs clang-format -i
# usage: tests/format-check.sh [-v]   (-v: print clang-format's complaints)
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 1
command -v clang-format >/dev/null 2>&1 ||
    { echo "SKIP: clang-format not installed"; exit 77; }
verbose=${1:-}
tmp=$(mktemp "${TMPDIR:-/tmp}/zbfw-format.XXXXXX")
trap 'rm -f "$tmp"' EXIT
total=0
unclean=0
# The tracked sources; outside a git checkout (a tarball), every .c/.h.
files=$(git ls-files '*.c' '*.h' 2>/dev/null) ||
    files=$(find . -name '*.[ch]' ! -path './build*' | sed 's|^\./||' | sort)
for f in $files; do
	total=$((total + 1))
	if ! clang-format --style=file --dry-run -Werror "$f" >"$tmp" 2>&1; then
		unclean=$((unclean + 1))
		n=$(grep -c 'error:' "$tmp")
		echo "unclean: $f ($n places)"
		[ "$verbose" = -v ] && sed 's/^/    /' "$tmp"
	fi
done
echo "format: $((total - unclean)) of $total files clean, $unclean unclean"
[ "$total" -gt 0 ] || { echo "FAIL: no source file found"; exit 1; }
[ "$unclean" -eq 0 ]
