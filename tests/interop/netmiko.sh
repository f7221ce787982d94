#!/bin/sh
# See netmiko_ours.py.
exec /usr/bin/python3 -B "$(dirname "$0")/netmiko_ours.py"
