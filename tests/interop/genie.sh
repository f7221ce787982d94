#!/bin/sh
# See genie_ours.py.
exec /usr/bin/python3 -B "$(dirname "$0")/genie_ours.py"
