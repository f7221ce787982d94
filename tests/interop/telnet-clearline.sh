#!/bin/sh
# Telnet vty: the "clearline" case of telnet_vty.py.
exec /usr/bin/python3 -B "$(dirname "$0")/telnet_vty.py" clearline
