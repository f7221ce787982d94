#!/bin/sh
# Telnet vtys: pending input (banner text, enable password, copy and
# clear line confirmations) typed in two sessions at once.
exec /usr/bin/python3 -B "$(dirname "$0")/telnet_pending.py"
