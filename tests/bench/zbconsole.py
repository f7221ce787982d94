"""A zbfw console session in script mode (daemon/proto.h), spoken
directly over the UNIX socket: the daemon runs the same line editor as a
telnet vty, so the screen is what a terminal shows.  Used by
console_push.py (here) and tests/cli/config_apply.py."""
import re
import socket
import struct
import sys

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
                    sys.exit('console: the session ended: %r'
                             % self.screen[-300:])
            i = self.screen.rfind(after) if after else 0
            if i >= 0 and PROMPT.search(self.screen[i + len(after):]):
                return self.screen
            d = self.s.recv(65536)
            if not d:
                sys.exit('console: zbfwd closed the console: %r'
                         % self.screen[-300:])
            self.buf += d

    def command(self, line):
        """Type line and Enter; the screen up to the next prompt."""
        self.send(line + b'\n')
        return self.wait_prompt(line)

    def close(self):
        self.s.close()
