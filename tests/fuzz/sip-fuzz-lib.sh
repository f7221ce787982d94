# Shared by tests/fuzz/run.sh and tests/fuzz/replay.sh (sourced, not run):
# builds the SIP harnesses with clang's libFuzzer, ASan and UBSan, and
# prepares seed corpora from the shared test data's testdata/sip (absent:
# a skip, a failure under CI=true; see tests/corpus.sh).
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/corpus.sh"
data=$zb_shared/testdata/sip
# store: the saved corpora and crashes; work: harnesses and seeds (replay.sh
# uses a private one, so that concurrent runs do not share seeds)
store=${ZBFW_FUZZ_DIR:-${TMPDIR:-/tmp}/zbfw-sip-fuzz}
work=$store
HARNESSES="fuzz_sip_parse fuzz_sdp fuzz_tcp_framer fuzz_sip_stream fuzz_sip_policy
	fuzz_sip_state"
ALG_SRC="alg/sip_parse.c alg/sip_hdr.c alg/sip_names.c alg/sip_addr.c alg/sdp.c
	alg/tcp_framer.c alg/alg.c alg/dialog.c alg/media.c alg/media_acct.c
	alg/pinhole.c alg/sip_reg.c alg/quota.c alg/sip_stats.c
	alg/sip_policy.c alg/sip_policy_run.c alg/sip_regex.c alg/sip_state.c
	alg/sip_holddown.c
	lib/log.c lib/siphash.c lib/buf.c"
# PCRE2 (the regex maps of the L7 policy)
PCRE2_LIBS=$(pkg-config --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)

fuzz_build() {
	mkdir -p "$work" || return 1
	command -v clang >/dev/null 2>&1 || { echo "SKIP: no clang"; return 77; }
	for h in $HARNESSES; do	# in parallel
		# shellcheck disable=SC2086
		(cd "$repo" && clang -g -O1 -std=gnu11 -D_GNU_SOURCE -I. \
		    -fsanitize=fuzzer,address,undefined \
		    -fno-sanitize-recover=undefined \
		    $ALG_SRC "tests/fuzz/$h.c" $PCRE2_LIBS -o "$work/$h.new" &&
		    mv "$work/$h.new" "$work/$h") >"$work/$h.build.log" 2>&1 &
	done
	wait
	for h in $HARNESSES; do
		if [ -s "$work/$h.build.log" ] || [ ! -x "$work/$h" ]; then
			if grep -q "fuzzer" "$work/$h.build.log"; then
				echo "SKIP: clang without libFuzzer"
				return 77
			fi
			cat "$work/$h.build.log" >&2
			echo "FAIL: cannot build $h"
			return 1
		fi
	done
}

# Seeds: RFC 4475 messages (all harnesses), their SDP bodies (fuzz_sdp),
# and with FULL=1 every PROTOS c07-sip INVITE and teardown.
fuzz_seeds() {
	rm -rf "$work/seeds" && mkdir -p "$work/seeds/msg" "$work/seeds/sdp" \
	    "$work/seeds/tcp" "$work/seeds/stream" "$work/seeds/state" ||
	    return 1
	zb_need_corpus "$data/rfc4475"
	[ "${FULL:-0}" = 1 ] && zb_need_corpus "$data/protos-c07-sip.tar.xz"
	cp "$data"/rfc4475/*.dat "$work/seeds/msg/"
	python3 - "$work/seeds" <<'PY' || return 1
import os, sys
d = sys.argv[1]
for f in sorted(os.listdir(d + "/msg")):
    b = open(d + "/msg/" + f, "rb").read()
    i = b.find(b"\r\n\r\n")
    if i >= 0 and b[i + 4:].startswith(b"v=0"):
        open(d + "/sdp/" + f, "wb").write(b[i + 4:])
    # framer seeds: 8 steering bytes, then the message twice
    for k, ctl in enumerate((b"\0\0\0\0\x10\x20\x30\x40",
                             b"\1\2\3\4\x80\x41\xc2\x03")):
        open(d + "/tcp/%s.%d" % (f, k), "wb").write(ctl + b + b)
    # stream seeds: SYN, SYN-ACK, the message in records of 200 bytes
    # each way, then FINs (see fuzz_sip_stream.c)
    rec = b"\x04\x00\x05\x00"
    for side in (0, 1):
        for i in range(0, len(b), 200):
            c = b[i:i + 200]
            rec += bytes((side, len(c))) + c
    open(d + "/stream/" + f, "wb").write(rec + b"\x02\x00\x03\x00")
# state seeds (fuzz_sip_state.c, body mode): a registration with its
# signalling pinhole, and a TCP stream with a partial message
import struct
def s16(b): return struct.pack("<H", len(b)) + b
def a4(ip): return b"\x04" + bytes(ip) + b"\0" * 12
reg = (s16(b"reg-1@x") + s16(b"alice@example.net") + a4((192, 0, 2, 10)) +
       struct.pack("<qqBI", -1000, 600000, 1, 2) + a4((192, 0, 2, 10)) +
       struct.pack("<HB", 5060, 17) + a4((198, 51, 100, 5)) +
       struct.pack("<iiIB", 1, 2, 600, 1) +
       struct.pack("<QBBB", 7, 4, 17, 0) + a4((198, 51, 100, 5)) +
       a4((192, 0, 2, 10)) + struct.pack("<HiiQqBBH", 5060, 2, 1, 0, -900,
       0, 0, 8) + b"\7\0\0\0\0\0\0\0")
tail = b"REGISTER sip:example.net SIP/2.0\r\nVia: SIP/2.0/TCP x\r\n"
def framer(isn, nxt, t):
    return struct.pack("<BIIII", 1, isn, nxt, 0, len(t)) + t + b"\0"
flow = (a4((192, 0, 2, 10)) + a4((198, 51, 100, 5)) +
        struct.pack("<HH", 40123, 5060) + a4((192, 0, 2, 10)) +
        struct.pack("<BqI", 5, -10, 40123 << 16 | 5060) +
        framer(1000, 1001 + 300 + len(tail), tail) + framer(5000, 5200, b""))
open(d + "/state/reg", "wb").write(b"\1\0\1\0" + reg)
open(d + "/state/flow", "wb").write(b"\1\0\0\1" + flow)
open(d + "/state/both", "wb").write(b"\1\0\1\1" + reg + flow)
PY
	if [ "${FULL:-0}" = 1 ]; then
		mkdir -p "$work/protos" &&
		    tar -xJf "$data/protos-c07-sip.tar.xz" -C "$work/protos" &&
		    mkdir -p "$work/seeds/protos" &&
		    cp "$work"/protos/protos-c07-sip/invite/*.sip \
		    "$work/seeds/protos/" &&
		    for f in "$work"/protos/protos-c07-sip/teardown/*.sip; do
			cp "$f" "$work/seeds/protos/td-$(basename "$f")" ||
			    return 1
		    done || { echo "FAIL: cannot unpack PROTOS"; return 1; }
		rm -rf "$work/protos"
	fi
}

seed_dirs() {
	case $1 in
	fuzz_sip_parse|fuzz_sip_policy) echo "$work/seeds/msg" \
			    $( [ -d "$work/seeds/protos" ] &&
			    echo "$work/seeds/protos") ;;
	fuzz_sdp)	echo "$work/seeds/sdp" ;;
	fuzz_tcp_framer) echo "$work/seeds/tcp" ;;
	fuzz_sip_stream) echo "$work/seeds/stream" ;;
	fuzz_sip_state) echo "$work/seeds/state" ;;
	esac
}
