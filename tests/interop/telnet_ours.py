#!/usr/bin/python3
"""The telnet vty byte by byte (reference §5.3, §6.2): login methods and
their prompts, echo of typed input although the client refuses WILL ECHO,
each of CR LF, CR NUL, bare CR and bare LF ends exactly one line (also when
the LF comes in the next segment), queued input processed in order, `exit`
closes the connection, and garbage or broken telnet sequences do not hurt
the daemon."""
import os
import random
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zbdaemon import Checks, Daemon  # noqa: E402

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240

# admin / zbfw-admin (privilege 15), oper / zbfw-oper (privilege 1)
USERS = """\
username admin privilege 15 secret 9 $9$Zb6fwTestSaltA$19pXhc2P5.LYazLglZSdNwpqWU.DypvRK7fZyjB7L.M
username oper password 0 zbfw-oper
"""


class Vty:
    """A telnet client that refuses every option, as Python's telnetlib
    (and so Netmiko) does."""

    def __init__(self, port):
        self.s = socket.create_connection(('127.0.0.1', port), timeout=5)
        self.buf = b''
        self.closed = False

    def _recv(self, timeout):
        self.s.settimeout(timeout)
        try:
            data = self.s.recv(4096)
        except socket.timeout:
            return False
        except OSError:
            data = b''
        if not data:
            self.closed = True
            return False
        i = 0
        out = bytearray()
        while i < len(data):
            c = data[i]
            if c == IAC and i + 1 < len(data):
                cmd = data[i + 1]
                if cmd in (DO, DONT, WILL, WONT) and i + 2 < len(data):
                    opt = data[i + 2]
                    try:
                        if cmd == DO:
                            self.s.sendall(bytes([IAC, WONT, opt]))
                        elif cmd == WILL:
                            self.s.sendall(bytes([IAC, DONT, opt]))
                    except OSError:
                        pass
                    i += 3
                    continue
                if cmd == SB:
                    j = data.find(bytes([IAC, SE]), i)
                    i = len(data) if j < 0 else j + 2
                    continue
                if cmd == IAC:
                    out.append(IAC)
                i += 2
                continue
            out.append(c)
            i += 1
        self.buf += bytes(out)
        return True

    def until(self, pattern, timeout=5.0):
        """Read until pattern (bytes) is seen; return everything up to and
        including it."""
        end = time.time() + timeout
        while pattern not in self.buf:
            left = end - time.time()
            if left <= 0 or self.closed:
                raise AssertionError('timeout waiting for %r; got %r'
                                     % (pattern, self.buf))
            self._recv(left)
        i = self.buf.index(pattern) + len(pattern)
        got, self.buf = self.buf[:i], self.buf[i:]
        return got

    def quiet(self, secs=0.5):
        """Everything that arrives within secs."""
        end = time.time() + secs
        while time.time() < end and not self.closed:
            self._recv(max(0.01, end - time.time()))
        got, self.buf = self.buf, b''
        return got

    def send(self, data):
        self.s.sendall(data)

    def wait_closed(self, timeout=5.0):
        end = time.time() + timeout
        while not self.closed and time.time() < end:
            self._recv(end - time.time())
        return self.closed


checks = Checks()
expect = checks.expect


def login(v, user, pw, prompt):
    banner = v.until(b'Username: ')
    expect(b'User Access Verification' in banner, 'User Access Verification banner')
    v.send(user + b'\r\n')
    got = v.until(b'Password: ')
    expect(user in got, 'the username is echoed')
    v.send(pw + b'\r\n')
    got = v.until(prompt)
    expect(pw not in got, 'the password is not echoed')


def main():
    # 1. No login method on the line.
    with Daemon('') as d:
        v = Vty(d.port)
        v.until(b'Password required, but none set')
        expect(v.wait_closed(), 'no login configured: message and close')

    # 2. `password` + `login`: only Password:.
    with Daemon('hostname pw-router\nline vty 0 4\n password linepw\n login\n') as d:
        v = Vty(d.port)
        got = v.until(b'Password: ')
        expect(b'Username' not in got, 'line password: no Username prompt')
        v.send(b'nope\r\n')
        v.until(b'Password: ')
        v.send(b'linepw\r\n')
        v.until(b'pw-router>')
        expect(True, 'line password login')
        v.send(b'exit\r\n')
        expect(v.wait_closed(), 'exit closes the connection')

    # 3. login local, line endings, echo, typeahead, garbage.
    cfg = 'hostname vty-router\n' + USERS + 'line vty 0 15\n login local\n'
    with Daemon(cfg) as d:
        v = Vty(d.port)
        v.until(b'Username: ')
        v.send(b'admin\r\n')
        v.until(b'Password: ')
        v.send(b'wrong\r\n')
        got = v.until(b'Username: ')
        expect(b'% Login invalid' in got, 'a bad password: % Login invalid, again')
        v.send(b'oper\r\n')
        v.until(b'Password: ')
        v.send(b'zbfw-oper\r\n')
        v.until(b'vty-router>')
        expect(True, 'login local, privilege 1 lands in user EXEC')
        v.send(b'exit\r\n')
        expect(v.wait_closed(), 'exit from user EXEC closes')

        v = Vty(d.port)
        login(v, b'admin', b'zbfw-admin', b'vty-router#')
        expect(True, 'privilege 15 lands in privileged EXEC')

        # Each line end ends exactly one line: 4 empty lines, 4 prompts.
        # (A bare LF right after a bare CR would be the CR's LF: LF first.)
        v.send(b'\n')
        time.sleep(0.1)
        v.send(b'\r\n')
        v.send(b'\r\0')
        time.sleep(0.1)
        v.send(b'\r')
        got = v.quiet(0.7)
        expect(got.count(b'vty-router#') == 4,
               'LF, CR LF, CR NUL, CR: one line each: %r' % got)
        v.send(b'show zone security t0\r\n')   # not swallowed after CR
        got = v.until(b'vty-router#')
        expect(got.startswith(b'show zone security t0'),
               'the byte after a bare CR is kept: %r' % got)
        # CR then LF in the next segment: still one line.
        v.send(b'\r')
        time.sleep(0.2)
        v.send(b'\n')
        got = v.quiet(0.7)
        expect(got.count(b'vty-router#') == 1,
               'CR + LF split across segments is one line: %r' % got)

        # Echo and output.
        v.send(b'show zone security\r\n')
        got = v.until(b'vty-router#')
        expect(got.startswith(b'show zone security\r\n') and
               b'zone self' in got, 'echo then output: %r' % got)

        # Typeahead: all lines in one segment, processed in order.
        lines = [b'configure terminal', b'zone security t1',
                 b' description typed ahead', b'zone security t2', b'end',
                 b'show running-config | section zone security']
        v.send(b''.join(l + b'\r\n' for l in lines))
        got = v.until(b'zone security t2\r\nvty-router#', timeout=5)
        pos = [got.find(l + b'\r\n') for l in lines]
        expect(all(p >= 0 for p in pos) and pos == sorted(pos),
               'typeahead echoed in order: %r' % got)
        expect(b'vty-router(config-sec-zone)# description typed ahead' in got,
               'typeahead lines follow their prompts')

        # Garbage and broken telnet sequences, then a working command.
        rnd = random.Random(4)
        junk = bytes(rnd.randrange(256) for _ in range(3000))
        v.send(junk + bytes([IAC, SB, 31, 0]) + b'\x00\x01' +
               bytes([IAC]) + b'\r\n\x03\r\n')
        time.sleep(0.5)
        v.quiet(0.3)
        v2 = Vty(d.port)
        login(v2, b'admin', b'zbfw-admin', b'vty-router#')
        v2.send(b'show zone security t1\r\n')
        got = v2.until(b'vty-router#')
        expect(b'typed ahead' in got, 'the daemon survives garbage: %r' % got)
        expect(d.proc.poll() is None, 'zbfwd still running')

    # 4. 100 concurrent vty sessions, each logged in and answering.
    cfg = 'hostname many\nusername u password 0 p\nline vty 0 99\n login local\n'
    with Daemon(cfg) as d:
        vs = [Vty(d.port) for _ in range(100)]
        for v in vs:
            v.until(b'Username: ')
            v.send(b'u\r\n')
        for v in vs:
            v.until(b'Password: ')
            v.send(b'p\r\n')
        for v in vs:
            v.until(b'many>', timeout=20)
        for i, v in enumerate(vs):
            v.send(b'terminal length 0\r\nshow users\r\n')
            v.until(b'many>', timeout=20)
        ok = 0
        for v in vs:
            got = v.until(b'many>', timeout=20)
            ok += got.count(b' vty ') >= 100
        expect(ok == 100, '100 concurrent vty sessions: %d see 100 vty lines' % ok)

    return checks.result()


if __name__ == '__main__':
    sys.exit(main())
