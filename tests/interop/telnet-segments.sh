#!/bin/sh
# Telnet vty and script mode: the "segments" case of telnet_vty.py.
exec /usr/bin/python3 -B "$(dirname "$0")/telnet_vty.py" segments
