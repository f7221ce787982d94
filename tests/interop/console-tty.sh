#!/bin/sh
# See console_tty_ours.py.
exec /usr/bin/python3 -B "$(dirname "$0")/console_tty_ours.py"
