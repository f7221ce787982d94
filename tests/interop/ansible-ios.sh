#!/bin/sh
# See ansible_ours.py: Ansible cisco.ios.ios_facts (gather_subset: all) over SSH.
exec /usr/bin/python3 -B "$(dirname "$0")/ansible_ours.py"
