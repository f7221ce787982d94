#!/bin/sh
# The same transcripts typed into a telnet vty give the same screens.
exec "$(dirname "$0")/run-transcripts.sh" --telnet abbrev acl acl-grammar \
    consistency \
    debug default-zone defaults enable-secret errors help hostname interfaces \
    long-line modes
