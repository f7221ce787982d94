#!/bin/sh
# See telnet_ours.py.
exec /usr/bin/python3 -B "$(dirname "$0")/telnet_ours.py"
