#!/bin/sh
# Console: the "console" case of telnet_vty.py (line con 0 login local).
exec /usr/bin/python3 -B "$(dirname "$0")/telnet_vty.py" console
