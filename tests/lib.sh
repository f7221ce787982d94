# Shared helpers for the test scripts (source it from bash).
#   repo, build              paths ($ZBFW_BUILD overrides build)
#   zb_shared, zb_need_corpus the third-party corpora (tests/corpus.sh)
#   zb_tmpdir                a temporary directory removed on exit
#   zb_start NAME CFG [ARGS] start zbfwd --no-dataplane on a copy of CFG with
#                            its socket in the temp dir; sets ZB_SOCK_NAME,
#                            ZB_PID_NAME, ZB_DIR_NAME (NAME: a word)
#   zb_stop NAME             SIGTERM, wait (fails if it does not exit cleanly)
#   zb_telnet_port NAME      the telnet port the daemon bound (-t ...:0)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${ZBFW_BUILD:-$repo/build}
. "$repo/tests/corpus.sh"
ZB_TMP=$(mktemp -d "${TMPDIR:-/tmp}/zbfw-test.XXXXXX")
zb_pids=()

zb_cleanup() {
	local p
	for p in "${zb_pids[@]}"; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	rm -rf "$ZB_TMP"
}
trap zb_cleanup EXIT
trap 'exit 1' INT TERM

zb_need_build() {
	local b
	for b in zbfwd zbfw; do
		if [ ! -x "$build/$b" ]; then
			echo "$build/$b is not built" >&2
			exit 1
		fi
	done
}

zb_start() {
	local name=$1 cfg=$2
	shift 2
	local dir=$ZB_TMP/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	if [ -n "$cfg" ]; then
		cp "$cfg" "$dir/startup-config"
	else
		: >"$dir/startup-config"
	fi
	(cd "$dir" && exec "$build/zbfwd" --no-dataplane -f "$dir/startup-config" \
	    -S "$dir/sock" -t 127.0.0.1:0 "$@") </dev/null >"$dir/zbfwd.log" 2>&1 &
	local pid=$!
	zb_pids+=("$pid")
	printf -v "ZB_PID_$name" %s "$pid"
	printf -v "ZB_SOCK_$name" %s "$dir/sock"
	printf -v "ZB_DIR_$name" %s "$dir"
	local i
	for i in $(seq 100); do
		[ -S "$dir/sock" ] && [ -f "$dir/sock.port" ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "zbfwd ($name) did not create its socket:" >&2
	cat "$dir/zbfwd.log" >&2
	return 1
}

zb_stop() {
	local name=$1 pidvar=ZB_PID_$1
	local pid=${!pidvar} i
	kill -TERM "$pid" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "zbfwd ($name) did not exit on SIGTERM" >&2
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null
		return 1
	fi
	wait "$pid"
	local rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "zbfwd ($name) exited with status $rc" >&2
		return 1
	fi
}

# The telnet port the daemon bound (it writes ADDR:PORT to SOCK.port).
zb_telnet_port() {
	local dirvar=ZB_DIR_$1
	sed -n 's/.*:\([0-9]*\)$/\1/p' "${!dirvar}/sock.port"
}
