#!/bin/sh
# SSH vty: the "clearline" case of ssh_vty.py.
exec /usr/bin/python3 -B "$(dirname "$0")/ssh_vty.py" clearline
