#!/bin/sh
# See netmiko_ours.py: Netmiko cisco_ios over SSH.
exec /usr/bin/python3 -B "$(dirname "$0")/netmiko_ours.py" ssh
