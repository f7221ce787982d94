#!/bin/bash
# The whole test suite: install missing Debian packages, build out of tree in
# build/, run the Check unit tests, the CLI transcripts, the interop, lab and
# fuzz-replay scripts and the doc staleness test.  One line per test
# (PASS/FAIL/SKIP name), the last line is "N passed, N failed[, N skipped]";
# the exit status is 0 only when nothing failed.
#
# A test that needs a third-party corpus zbfw does not ship (RFC 4475,
# PROTOS c07-sip, ntc-templates, Genie goldens, in DIR/testdata) is a SKIP
# with the reason when the corpus is absent, and a FAIL under CI=true.
#
# Environment: ZBFW_TEST_TIMEOUT (seconds per script, default 300),
# ZBFW_NO_DEPS=1 skips the package check, ZBFW_NO_ASAN=1 the sanitizer
# stage, ZBFW_ONLY=REGEX runs only the scripts and transcripts whose name
# matches, ZBFW_SHARED=DIR the corpora's directory (default: configure's
# --with-shared, else ../shared beside the sources), CI=true corpora
# required.
set -u

repo=$(cd "$(dirname "$0")/.." && pwd)
build=$repo/build
export ZBFW_BUILD=$build
export ZBFW_REPO=$repo
timeout_s=${ZBFW_TEST_TIMEOUT:-300}
only=${ZBFW_ONLY:-}

npass=0
nfail=0
nskip=0
start=$(date +%s)

pass() { echo "PASS $1"; npass=$((npass + 1)); }
skip() { echo "SKIP $1"; nskip=$((nskip + 1)); }
# A script's reasons for skipping: its "SKIP: why" lines.
skip_lines() { sed -n 's/^SKIP: //p' "$1" | cut -c1-300; }
fail() {
	echo "FAIL $1"
	nfail=$((nfail + 1))
	if [ -n "${2:-}" ] && [ -f "$2" ]; then
		tail -n 30 "$2" | cut -c1-300 | sed 's/^/    | /'
	fi
}

summary() {
	local s="$npass passed, $nfail failed"
	[ "$nskip" -gt 0 ] && s="$s, $nskip skipped"
	echo "suite took $(($(date +%s) - start)) s" >&2
	echo "$s"
	[ "$nfail" -eq 0 ]
	exit $?
}

logdir=$(mktemp -d "${TMPDIR:-/tmp}/zbfw-run.XXXXXX")
trap 'rm -rf "$logdir"' EXIT

# Build steps print their output to a log and only the tail on failure.
step() {
	local name=$1
	shift
	if "$@" >"$logdir/$name.log" 2>&1; then
		return 0
	fi
	fail "$name" "$logdir/$name.log"
	return 1
}

cd "$repo" || exit 1

# 1. Packages.
if [ -z "${ZBFW_NO_DEPS:-}" ]; then
	step install-deps "$repo/tests/install-deps.sh" || summary
fi

# 2. Build (autoreconf/configure only when needed).
step build "$repo/tests/build.sh" || summary
pass build

# The corpora's directory, passed on to every test (tests/corpus.sh and
# tests/unit/corpus.h read ZBFW_SHARED).
if [ -z "${ZBFW_SHARED:-}" ]; then
	ZBFW_SHARED=$(sed -n 's/^ZB_SHARED = //p' "$build/Makefile")
	[ -n "$ZBFW_SHARED" ] || ZBFW_SHARED=$repo/../shared
fi
export ZBFW_SHARED

# 3. Check unit tests: one PASS/FAIL line per test case, counted from each
# program's "Checks: N, Failures: F, Errors: E" line.
find "$build" -name '*.trs' -delete
nfail0=$nfail
CK_TAP_LOG_FILE_NAME=- make -C "$build" -j2 check >"$logdir/check.log" 2>&1
check_rc=$?
for trs in $(find "$build" -name '*.trs' 2>/dev/null | sort); do
	log=${trs%.trs}.log
	prog=$(basename "${trs%.trs}")
	sumline=$(grep -E 'Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" 2>/dev/null | tail -n 1)
	if [ -z "$sumline" ]; then
		# Not a Check program (or it crashed before its summary).
		res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
		case $res in
		PASS) pass "$prog" ;;
		SKIP) skip "$prog" ;;
		*) fail "$prog" "$log" ;;
		esac
		continue
	fi
	n=$(echo "$sumline" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
	f=$(echo "$sumline" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
	e=$(echo "$sumline" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
	# Per-case lines: Check writes TAP to the log with CK_TAP_LOG_FILE_NAME=-
	# ("ok N - file:tcase:test: msg" / "not ok N - ...").
	listed=0
	while IFS= read -r l; do
		id=$(echo "$l" | sed -E 's/^(not )?ok [0-9]+ - [^:]*:([^:]*):([^:]*):.*/\2:\3/')
		case $l in
		ok*) echo "PASS $prog:$id" ;;
		*) echo "FAIL $prog:$id"
			echo "$l" | sed 's/^/    | /' ;;
		esac
		listed=$((listed + 1))
	done < <(grep -E '^(not )?ok [0-9]+ - ' "$log")
	# Cases not run (a corpus absent, tests/unit/corpus.h): "SKIP tc:t: why"
	while IFS= read -r l; do
		skip "$prog:${l#SKIP }"
	done < <(grep -E '^SKIP [^ ]+:[^ ]+: ' "$log" | cut -c1-300)
	[ "$listed" -eq 0 ] && echo "$([ $((f + e)) -eq 0 ] && echo PASS || echo FAIL) $prog ($n cases)"
	npass=$((npass + n - f - e))
	nfail=$((nfail + f + e))
	if [ "$((f + e))" -gt 0 ] && [ "$listed" -eq 0 ]; then
		tail -n 30 "$log" | cut -c1-300 | sed 's/^/    | /'
	fi
done
if [ "$check_rc" -ne 0 ] && [ "$nfail" -eq "$nfail0" ]; then
	fail "make-check" "$logdir/check.log"
fi

# Run one script with a timeout: 0 pass, 77 skip, else fail.  A script
# that passes may have skipped some of its checks: each "SKIP: what: why"
# line it printed counts as a skip too.
run_script() {
	local name=$1
	shift
	if [ -n "$only" ] && ! [[ $name =~ $only ]]; then
		return
	fi
	local log=$logdir/$(echo "$name" | tr '/' '_').log
	timeout -k 10 "$timeout_s" "$@" </dev/null >"$log" 2>&1
	local rc=$?
	local l
	case $rc in
	0) pass "$name"
		while IFS= read -r l; do
			skip "$name: $l"
		done < <(skip_lines "$log") ;;
	77) l=$(skip_lines "$log" | tail -n 1)
		skip "$name${l:+: $l}" ;;
	124 | 137) echo "(timed out after ${timeout_s}s)" >>"$log"
		fail "$name" "$log" ;;
	*) fail "$name" "$log" ;;
	esac
}

# 4. CLI transcripts, one daemon each.
for tin in "$repo"/tests/cli/*.in; do
	[ -e "$tin" ] || continue
	t=$(basename "$tin" .in)
	run_script "cli/$t" "$repo/tests/cli/run-transcripts.sh" "$t"
done

# 5. Scripts: tests/cli/*.sh (but the runner), interop, lab, fuzz replay.
for s in "$repo"/tests/cli/*.sh "$repo"/tests/interop/*.sh \
    "$repo"/tests/lab/*.sh "$repo"/tests/fuzz/replay.sh; do
	[ -f "$s" ] && [ -x "$s" ] || continue
	case $s in */run-transcripts.sh | */lib.sh) continue ;; esac
	rel=${s#"$repo"/tests/}
	run_script "${rel%.sh}" "$s"
done

# 6. doc/COMMANDS.md is generated from the command tables; every tracked
# .c/.h is formatted with the repository's .clang-format.
run_script doc/COMMANDS.md "$repo/tests/gen-docs.sh" --check
run_script format "$repo/tests/format-check.sh"

# 7. The CLI tests again on an ASan+UBSan build (build/asan): any memory
# error, undefined behaviour or leak makes zbfwd exit non-zero and the test
# fail.  (No -Werror here: the sanitizers change gcc's warnings.)
if [ -z "${ZBFW_NO_ASAN:-}" ]; then
	asan=$build/asan
	if step build-asan env ZBFW_BUILD="$asan" "$repo/tests/build.sh" \
	    --enable-sanitizers --disable-werror; then
		pass build-asan
		for tin in "$repo"/tests/cli/*.in; do
			[ -e "$tin" ] || continue
			t=$(basename "$tin" .in)
			run_script "asan/cli/$t" env ZBFW_BUILD="$asan" \
			    "$repo/tests/cli/run-transcripts.sh" "$t"
		done
		for s in cli/options cli/roundtrip cli/telnet-transcripts \
		    interop/telnet interop/telnet-pending interop/console-tty \
		    interop/ssh-login interop/ssh-paging interop/ssh-exec \
		    interop/genie; do
			run_script "asan/$s" env ZBFW_BUILD="$asan" \
			    "$repo/tests/$s.sh"
		done
	fi
fi

summary
