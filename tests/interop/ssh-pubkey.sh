#!/bin/sh
# SSH vty: the "pubkey" case of ssh_vty.py.
exec /usr/bin/python3 -B "$(dirname "$0")/ssh_vty.py" pubkey
