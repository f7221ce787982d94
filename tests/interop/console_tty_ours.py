#!/usr/bin/python3
"""The interactive `zbfw` console on a real terminal (a pty): starts in
user EXEC, `enable` asks for the enable secret, Tab completes, `?` lists the
next words and keeps the line, Ctrl-Z leaves configuration mode, the
up-arrow recalls history, `exit` ends the program with status 0; when
the daemon goes away under the prompt zbfw ends with status 0 and gives
the terminal back as it found it (signal keys on again)."""
import os
import pty
import select
import sys
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zbdaemon import BUILD, Checks, Daemon  # noqa: E402

CONFIG = """\
hostname tty-router
enable secret 9 $9$Zb6fwEnblSaltB$cCA.RfR6wF0dBoOCUUljc3ZM06gPT3X2FufwyZAKU0o
zone security inside
zone security outside
zone-pair security in-out source inside destination outside
"""

checks = Checks()
expect = checks.expect


class Tty:
    def __init__(self, argv):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ['TERM'] = 'vt100'
            os.execv(argv[0], argv)
        self.buf = b''

    def until(self, pat, timeout=5.0):
        end = time.time() + timeout
        while pat not in self.buf:
            left = end - time.time()
            if left <= 0:
                raise AssertionError('timeout waiting for %r; got %r'
                                     % (pat, self.buf))
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    data = b''
                if not data:
                    raise AssertionError('EOF waiting for %r; got %r'
                                         % (pat, self.buf))
                self.buf += data
        i = self.buf.index(pat) + len(pat)
        got, self.buf = self.buf[:i], self.buf[i:]
        return got

    def send(self, data):
        os.write(self.fd, data)
        time.sleep(0.05)

    def wait(self, timeout=5.0):
        end = time.time() + timeout
        while time.time() < end:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(st)
            try:
                os.read(self.fd, 4096)
            except OSError:
                pass
            time.sleep(0.05)
        return None


def main():
    with Daemon(CONFIG) as d:
        t = Tty([os.path.join(BUILD, 'zbfw'), '-S', d.sock])
        t.until(b'tty-router>')
        expect(True, 'starts in user EXEC')
        t.send(b'enable\r')
        t.until(b'Password:')
        t.send(b'zbfw-enable\r')
        got = t.until(b'tty-router#')
        expect(b'zbfw-enable' not in got, 'enable asks for the secret, no echo')

        # Tab: libedit redraws the line its own way (cursor moves), so
        # check what the completed line runs rather than the redraw bytes.
        t.send(b'show zone-p\t')
        time.sleep(0.3)
        t.send(b'?')
        got = t.until(b'Security zone-pair')
        expect(b'security' in got, '? after Tab lists the next words: %r' % got)
        t.send(b'security\r')
        got = t.until(b'Zone-pair name in-out 1')
        got += t.until(b'tty-router#')
        expect(b'show zone-pair security' in got,
               'Tab completed zone-p to zone-pair: %r' % got)
        t.send(b'configure terminal\r')
        t.until(b'tty-router(config)#')
        t.send(b'zone security tty\r')
        t.until(b'tty-router(config-sec-zone)#')
        t.send(b'\x1a')
        t.until(b'tty-router#')
        expect(True, 'Ctrl-Z leaves configuration mode')

        t.send(b'show zone security tty\r')
        t.until(b'zone tty')
        t.until(b'tty-router#')
        t.send(b'\x1b[A')
        t.send(b'\r')
        got = t.until(b'tty-router#')
        expect(b'zone tty' in got, 'up-arrow recalls the last command: %r' % got)

        t.send(b'exit\r')
        rc = t.wait()
        expect(rc == 0, 'exit ends zbfw with status 0 (%r)' % rc)

        # The daemon stops while zbfw waits at the prompt.  libedit turns
        # ISIG off while a line is edited (Ctrl-C/Ctrl-Z are keys then):
        # positive control first, then that zbfw restored it on the way out.
        t = Tty([os.path.join(BUILD, 'zbfw'), '-S', d.sock])
        t.until(b'tty-router>')
        time.sleep(0.2)
        expect(not termios.tcgetattr(t.fd)[3] & termios.ISIG,
               'at the prompt the signal keys are off (libedit)')
        d.stop()
        rc = t.wait()
        expect(rc == 0, 'the daemon going away ends zbfw with status 0 (%r)'
               % rc)
        expect(termios.tcgetattr(t.fd)[3] & termios.ISIG,
               'and zbfw gave the terminal back with the signal keys on')
    return checks.result()


if __name__ == '__main__':
    sys.exit(main())
