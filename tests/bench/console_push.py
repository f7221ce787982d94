#!/usr/bin/python3
"""Push configuration lines through the zbfw console as a terminal would.

console_push.py SOCKET FILE MODE

Speaks the console protocol's script mode (daemon/proto.h: the daemon runs
the same line editor as a telnet vty) over SOCKET: `enable`, `configure
terminal`, every line of FILE, then `end`.  MODE `line` waits for each
line's echo and the next prompt before sending the next one, as Netmiko's
send_config_set and Ansible's ios_config do; `burst` sends every line at
once and waits for the prompt after `end`.  Prints the seconds from the
first line to the prompt after `end` (which includes the compile that `end`
forces), and fails when the push printed a `%` error or the last line is
not in the running configuration afterwards.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zbconsole import Console  # noqa: E402


def main():
    path, file, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    lines = [ln for ln in open(file, 'rb').read().split(b'\n') if ln]
    c = Console(path)
    c.wait_prompt()
    c.command(b'enable')
    c.command(b'configure terminal')
    screen = b''
    t0 = time.monotonic()
    if mode == 'line':
        for ln in lines:
            screen += c.command(ln)
        screen += c.command(b'end')
    elif mode == 'burst':
        c.send(b'\n'.join(lines) + b'\nend\n')
        screen = c.wait_prompt(b'#end\n')
    else:
        sys.exit('console_push: MODE is line or burst')
    elapsed = time.monotonic() - t0
    if b'% ' in screen:
        i = screen.index(b'% ')
        sys.exit('console_push: the push printed an error: %r'
                 % screen[max(0, i - 200):i + 200])
    last = lines[-1].strip()
    shown = c.command(b'show running-config | include ' + last)
    if shown.count(last) < 2:	# the echo, then the configuration line
        sys.exit('console_push: %r is not in the running configuration: %r'
                 % (last, shown))
    print('%.4f' % elapsed)


main()
