#!/bin/sh
# See textfsm_ours.py.
exec /usr/bin/python3 -B "$(dirname "$0")/textfsm_ours.py"
