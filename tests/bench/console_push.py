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
import re
import socket
import struct
import sys
import time

PROMPT = re.compile(rb'(?:^|\n)[^\n]*[>#]$')


class Console:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(120)
        self.s.connect(path)
        self.buf = b''
        self.screen = b''
        self.s.sendall(self.frame(b'H', b's' + struct.pack('>HH', 80, 0)))

    @staticmethod
    def frame(t, p=b''):
        return struct.pack('>I', len(p) + 1) + t + p

    def send(self, data):
        self.screen = b''
        for i in range(0, len(data), 4096):
            self.s.sendall(self.frame(b'R', data[i:i + 4096]))

    def wait_prompt(self, after=b''):
        """Screen bytes up to a prompt that follows `after`."""
        while True:
            while len(self.buf) >= 5:
                n = struct.unpack('>I', self.buf[:4])[0]
                if len(self.buf) < 4 + n:
                    break
                t, p = self.buf[4:5], self.buf[5:4 + n]
                self.buf = self.buf[4 + n:]
                if t == b'S':
                    self.screen += p
                elif t == b'x':
                    sys.exit('console_push: the session ended: %r'
                             % self.screen[-300:])
            i = self.screen.rfind(after) if after else 0
            if i >= 0 and PROMPT.search(self.screen[i + len(after):]):
                return self.screen
            d = self.s.recv(65536)
            if not d:
                sys.exit('console_push: zbfwd closed the console: %r'
                         % self.screen[-300:])
            self.buf += d

    def command(self, line):
        self.send(line + b'\n')
        return self.wait_prompt(line)


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
