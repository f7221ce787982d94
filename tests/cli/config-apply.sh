#!/bin/bash
# When configuration lines take effect and how a failed compile is
# reported, through real console sessions: see config_apply.py.  The
# compile is made to fail by tests/cli/failalloc.c (an LD_PRELOAD shim).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
zb_need_build
shim=$ZB_TMP/failalloc.so
cc -shared -fPIC -O1 -o "$shim" "$here/failalloc.c" -ldl ||
    { echo "FAIL: cannot build the shim"; exit 1; }
exec /usr/bin/python3 -B "$here/config_apply.py" "$build" "$shim"
