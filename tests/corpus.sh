# The third-party corpora zbfw does not ship (RFC 4475, PROTOS c07-sip,
# ntc-templates, Genie goldens: DIR/testdata/..., see doc/DESIGN.md "Tests").
# Sourced by the test scripts (sh or bash); sets
#   zb_shared                the directory: $ZBFW_SHARED, else configure's
#                            --with-shared (from the build's Makefile), else
#                            ../shared beside the sources
# and defines
#   zb_need_corpus PATH...   return if every PATH exists; else print why and
#                            exit 77 (SKIP), or 1 (FAIL) under CI=true.
# Needs $repo or $LAB_REPO (the source tree) and $ZBFW_BUILD or $build.

zb_shared=${ZBFW_SHARED:-}
if [ -z "$zb_shared" ]; then
	zb_b=${ZBFW_BUILD:-${build:-${repo:-$LAB_REPO}/build}}
	[ -f "$zb_b/Makefile" ] &&
	    zb_shared=$(sed -n 's/^ZB_SHARED = //p' "$zb_b/Makefile")
	[ -n "$zb_shared" ] || zb_shared=${repo:-$LAB_REPO}/../shared
fi

zb_need_corpus() {
	for zb_p in "$@"; do
		[ -e "$zb_p" ] && continue
		if [ "${CI:-}" = true ]; then
			echo "FAIL: $zb_p absent (CI=true: the third-party" \
			    "corpora are required)"
			exit 1
		fi
		echo "SKIP: $zb_p absent (third-party corpus: see" \
		    "doc/DESIGN.md \"Tests\"; configure --with-shared=DIR" \
		    "or ZBFW_SHARED=DIR)"
		exit 77
	done
}
