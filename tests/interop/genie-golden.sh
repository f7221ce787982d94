#!/bin/sh
# Our re-implementation of the Genie ZBFW parsers reproduces every golden.
exec /usr/bin/python3 -B "$(dirname "$0")/genie_golden.py"
