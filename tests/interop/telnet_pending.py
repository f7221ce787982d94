"""Pending input is per session (issue 8): two telnet vtys type the
commands that read more lines (banner motd text, the enable password,
the `copy running-config startup-config` destination, the `clear line`
confirmation) at the same time, interleaved line by line.  Each session
gets its own prompt back and each banner is exactly what its session
typed.  The code before the fix kept the banner being typed and the enable
state in file-scope variables: the first vty never got its prompt back and
the banner mixed both sessions' text.

Usage: telnet_pending.py   (exit 0 pass, 1 fail)
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from telnet_vty import Vty, check  # noqa: E402
from zbdaemon import Daemon  # noqa: E402

NOLOGIN = 'line vty 0 4\n no login\n'
CONF = b'Router(config)#'
PRIV = b'Router#'
checks = 0


def ok(cond, msg):
    global checks
    check(cond, msg)
    checks += 1


class Term(Vty):
    """A vty that waits for text after what was already seen."""

    def __init__(self, port):
        Vty.__init__(self, port)
        self.mark = 0

    def type(self, line):
        self.mark = len(self.text())
        self.send(line + '\r\n')

    def waitfor(self, what, timeout=5):
        """The text since the last type() once it holds what."""
        end = time.time() + timeout
        while what not in self.text()[self.mark:]:
            if self.closed or time.time() > end:
                raise AssertionError('did not see %r; got %r'
                                     % (what, self.text()[self.mark:]))
            self._recv(0.1)
        return self.text()[self.mark:]

    def quiet(self):
        """Text since the last type() when nothing more comes."""
        return self.settle(0.3, 3)[self.mark:]


def login(d, n, enable=0):
    """n vtys at Router>, the first `enable` of them at Router#."""
    vs = [Term(d.port) for _ in range(n)]
    for v in vs:
        v.expect(b'Router>')
    for v in vs[:enable]:
        v.type('enable')
        v.waitfor(PRIV)
    return vs


def running_banner(d):
    out = d.cli('show running-config')
    i = out.find('banner motd ')
    if i < 0:
        return None
    return out[i:out.index('\n!\n', i)]


def case_banner(d):
    a, b = login(d, 2, 2)
    for v in (a, b):
        v.type('configure terminal')
        v.waitfor(CONF)
    # positive control: one session alone
    a.type('banner motd ^')
    a.waitfor(b"End with the character '^'.\r\n")
    a.type('solo line')
    a.type('^')
    a.waitfor(CONF)
    ok(running_banner(d) == 'banner motd ^solo line^',
       'single banner: %r' % running_banner(d))
    # two sessions at once, interleaved line by line
    a.type('banner motd ^')
    a.waitfor(b"End with the character '^'.\r\n")
    b.type('banner motd #')
    b.waitfor(b"End with the character '#'.\r\n")
    a.type('alpha one')
    b.type('bravo one # still bravo')      # ends b's banner: '#' typed
    t = b.waitfor(CONF)
    ok(t.endswith(b'bravo one # still bravo\r\n' + CONF),
       'b did not get its prompt back: %r' % t)
    ok(running_banner(d) == 'banner motd #bravo one #',
       "b's banner: %r" % running_banner(d))
    t = a.quiet()
    ok(CONF not in t, 'a left its banner early: %r' % t)
    a.type('alpha # two')          # '#' is b's delimiter, text for a
    t = a.quiet()
    ok(CONF not in t, "b's delimiter ended a's banner: %r" % t)
    a.type('alpha three^')
    t = a.waitfor(CONF)
    ok(t.endswith(b'alpha three^\r\n' + CONF),
       'a did not get its prompt back: %r' % t)
    ok(running_banner(d) == 'banner motd ^\nalpha one\nalpha # two\n'
       'alpha three\n^', "a's banner: %r" % running_banner(d))
    # both still work as command sessions
    for v in (a, b):
        v.type('hostname R%d' % (v is b))
        v.waitfor(b'R%d(config)#' % (v is b))
    # a banner left unfinished when its session closes changes nothing
    a.type('banner motd %')
    a.waitfor(b"End with the character '%'.\r\n")
    a.type('never ended')
    a.quiet()
    a.close()
    b.type('end')
    b.waitfor(b'#')
    ok(running_banner(d) == 'banner motd ^\nalpha one\nalpha # two\n'
       'alpha three\n^', 'unfinished banner: %r' % running_banner(d))
    b.close()


def case_enable(d):
    a, b = login(d, 2)
    a.type('enable')
    a.waitfor(b'Password: ')
    b.type('enable')
    b.waitfor(b'Password: ')
    a.type('wrong1')
    t = a.waitfor(b'Password: ')
    ok(PRIV not in t, 'wrong enable secret accepted: %r' % t)
    b.type('en')
    t = b.waitfor(PRIV)
    ok(t.endswith(b'\r\n' + PRIV), 'b not privileged: %r' % t)
    a.type('wrong2')
    a.waitfor(b'Password: ')
    a.type('wrong3')
    t = a.waitfor(b'% Bad secrets\r\n\r\nRouter>')
    ok(PRIV not in t, 'a after three tries: %r' % t)
    b.type('show privilege')
    ok(b'Current privilege level is 15' in b.waitfor(PRIV), 'b lost 15')
    # positive control in the same session: the right secret after a miss
    a.type('enable')
    a.waitfor(b'Password: ')
    b.type('disable')
    b.waitfor(b'Router>')
    b.type('enable')
    b.waitfor(b'Password: ')
    a.type('nope')
    a.waitfor(b'Password: ')
    b.type('nope')
    b.waitfor(b'Password: ')
    a.type('en')
    t = a.waitfor(PRIV)
    ok(t.endswith(b'\r\n' + PRIV), 'a not privileged: %r' % t)
    b.type('en')
    t = b.waitfor(PRIV)
    ok(t.endswith(b'\r\n' + PRIV), 'b not privileged: %r' % t)
    a.close()
    b.close()


def case_copy(d):
    a, b = login(d, 2, 2)
    a.type('copy running-config startup-config')
    a.waitfor(b'Destination filename [startup-config]? ')
    b.type('copy running-config startup-config')
    b.waitfor(b'Destination filename [startup-config]? ')
    b.type('flash:other')
    t = b.waitfor(PRIV)
    ok(b'% Only startup-config can be written ("flash:other")' in t,
       'b refused: %r' % t)
    a.type('')
    t = a.waitfor(PRIV)
    ok(b'[OK]' in t, 'a saved: %r' % t)
    with open(d.startup) as f:
        ok('line vty 0 4' in f.read(), 'startup-config not written')
    a.close()
    b.close()


def case_clearline(d):
    a, b, c, e = login(d, 4, 2)    # vty 0, 1, 2, 3
    a.type('clear line vty 2')
    a.waitfor(b'[confirm]')
    b.type('clear line vty 3')
    b.waitfor(b'[confirm]')
    b.type('n')                    # b declines: vty 3 stays
    b.waitfor(PRIV)
    a.type('y')                    # a confirms: vty 2 goes
    t = a.waitfor(PRIV)
    ok(b'[OK]' in t, 'a: %r' % t)
    ok(c.wait_closed(3), 'vty 2 not cleared')
    e.type('show privilege')
    ok(b'Current privilege level is 1' in e.waitfor(b'Router>'),
       'vty 3 cleared though b declined')
    for v in (a, b, e):
        v.close()


CASES = [('banner', NOLOGIN),
         ('enable', NOLOGIN + 'enable secret en\n'),
         ('copy', NOLOGIN),
         ('clearline', NOLOGIN)]

if __name__ == '__main__':
    for name, cfg in CASES:
        try:
            with Daemon(cfg) as d:
                globals()['case_' + name](d)
        except AssertionError as e:
            print('FAIL %s: %s' % (name, e))
            sys.exit(1)
        print('ok %s' % name)
    if checks == 0:
        print('FAIL: no checks ran')
        sys.exit(1)
    print('ok: %d checks' % checks)
