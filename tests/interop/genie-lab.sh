#!/bin/sh
# See genie_lab_ours.py (root: namespaced lab, real sessions).
exec /usr/bin/python3 -B "$(dirname "$0")/genie_lab_ours.py"
