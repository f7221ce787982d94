"""Telnet vty behaviour of zbfwd (issue 3 "Telnet and login", reference
§5.3 and §6.2), driven over a raw socket so every byte is checked:

  echo        typed input is echoed even after DONT ECHO; passwords are not
  lineends    CR LF, CR NUL, bare CR, bare LF each end exactly one line,
              also when the LF/NUL after CR comes in the next segment
  typeahead   a whole login + config session sent at once runs in order
  editing     backspace, DEL, Ctrl-U, Ctrl-C, `?` redraw, Tab, --More--
  login       login local, line password, `Password required, but none set`
  blockfor    login block-for: quiet mode refuses connections, then ends
  exectimeout exec-timeout closes idle sessions
  concurrent  100 vty sessions at once; one more is refused politely
  options     unknown options refused, NAWS sets the paging length
  monitor     terminal monitor shows %SYS-5-CONFIG_I from other sessions
  save        write mem / copy running-config startup-config / show
              startup-config over a vty
  transport   transport input none closes a line to telnet
  console     line con 0 login local applies to the zbfw console (script
              mode); zbfw -c is privileged without login
  clearline   clear line vty N ends that session; show privilege
  samescreen  the same typed input gives the same screen on a vty as in
              zbfw script mode (\r\n there, \n here)
  segments    the same screen however the input bytes are cut into reads
              (all at once, byte by byte, random splits, waiting for the
              echo), on a vty and in script mode, with the CPUs busy
  garbage     random bytes, broken telnet sequences and over-long lines
              do not hurt the daemon

Usage: telnet_vty.py CASE   (exit 0 pass, 1 fail)
"""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zbdaemon import Daemon  # noqa: E402

IAC, DONT, DO, WONT, WILL = 255, 254, 253, 252, 251
REFUSE_ALL = bytes([IAC, DONT, 1, IAC, DONT, 3, IAC, WONT, 31])


class Vty:
    def __init__(self, port, refuse=True):
        self.s = socket.create_connection(('127.0.0.1', port), timeout=5)
        self.buf = b''
        self.closed = False
        if refuse:
            self.s.sendall(REFUSE_ALL)

    def _recv(self, timeout):
        self.s.settimeout(timeout)
        try:
            d = self.s.recv(65536)
        except socket.timeout:
            return False
        except ConnectionResetError:
            d = b''
        if not d:
            self.closed = True
            return False
        self.buf += d
        return True

    def text(self):
        """Received bytes without telnet commands."""
        out, i, b = bytearray(), 0, self.buf
        while i < len(b):
            if b[i] == IAC and i + 1 < len(b):
                if b[i + 1] in (DO, DONT, WILL, WONT):
                    i += 3
                    continue
                i += 2
                continue
            out.append(b[i])
            i += 1
        return bytes(out)

    def expect(self, what, timeout=5):
        end = time.time() + timeout
        while what not in self.text():
            if self.closed or time.time() > end:
                raise AssertionError('did not see %r; got %r'
                                     % (what, self.text()[-400:]))
            self._recv(0.1)
        t = self.text()
        return t

    def settle(self, quiet=0.4, limit=10):
        """Read until nothing arrives for `quiet` seconds."""
        end = time.time() + limit
        while time.time() < end and self._recv(quiet):
            pass
        return self.text()

    def send(self, data):
        self.s.sendall(data if isinstance(data, bytes) else data.encode())

    def wait_closed(self, timeout=5):
        end = time.time() + timeout
        while not self.closed and time.time() < end:
            self._recv(0.1)
        return self.closed

    def close(self):
        self.s.close()


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


NOLOGIN = 'line vty 0 4\n no login\n'
LOCAL = ('enable secret en\n'
         'username admin privilege 1 secret pw\n'
         'username boss privilege 15 secret bosspw\n'
         'line vty 0 4\n login local\n')


def case_echo():
    with Daemon(LOCAL) as d:
        v = Vty(d.port)
        v.expect(b'Username: ')
        t = v.text()
        check(t.startswith(b'\r\n\r\nUser Access Verification\r\n\r\n'),
              'banner %r' % t)
        v.send('admin\r\n')
        v.expect(b'admin\r\nPassword: ')
        v.send('pw\r\n')
        v.expect(b'Router>')
        check(b'pw' not in v.text().split(b'Password: ')[1],
              'password echoed')
        v.send('show clock\r\n')
        t = v.expect(b'UTC', 5)
        check(b'Router>show clock\r\n*' in t, 'no echo: %r' % t)
        v.send('enable\r\n')
        v.expect(b'enable\r\nPassword: ')
        v.send('en\r\n')
        t = v.expect(b'Password: \r\nRouter#')
        check(b'en\r\n' not in t.split(b'enable\r\nPassword: ')[1],
              'enable secret echoed')
        v.send('exit\r\n')
        check(v.wait_closed(), 'exit did not close')


def count(t, what):
    return t.count(what)


def case_lineends():
    with Daemon(NOLOGIN) as d:
        v = Vty(d.port)
        v.expect(b'Router>')
        v.send('show clock\r\nshow clock\r\0show clock\rshow clock\n')
        v.settle()
        t = v.text()
        check(count(t, b'Router>show clock\r\n') == 4,
              'four lines expected: %r' % t)
        check(t.endswith(b'Router>') and count(t, b'Router>') == 5,
              'prompts: %r' % t)
        # CR at the end of one segment, LF at the start of the next.
        v.send('show clock\r')
        time.sleep(0.3)
        v.send('\nshow clock\r')
        time.sleep(0.3)
        v.send('\0')
        v.settle()
        t = v.text()
        check(count(t, b'Router>') == 7, 'split CR LF/NUL: %r' % t)
        check(b'Router>Router>' not in t, 'empty line from LF: %r' % t)


def case_typeahead():
    with Daemon(LOCAL) as d:
        v = Vty(d.port)
        v.send('admin\r\npw\r\nterminal length 0\r\nterminal width 511\r\n'
               'enable\r\nen\r\nconfig term\r\nzone security z1\r\n'
               ' description first\r\nzone security z2\r\nbogus cmd\r\n'
               'end\r\nshow running-config | include zone\r\n')
        v.expect(b'zone security z2\r\nRouter#', 10)
        t = v.text()
        want = [b'Username: admin\r\n', b'Password: \r\n',
                b'Router>terminal length 0\r\n',
                b'Router>terminal width 511\r\n',
                b'Router>enable\r\nPassword: \r\n',
                b'Router#config term\r\nEnter configuration commands, one per'
                b' line.  End with CNTL/Z.\r\n',
                b'Router(config)#zone security z1\r\n',
                b'Router(config-sec-zone)# description first\r\n',
                b'Router(config-sec-zone)#zone security z2\r\n',
                b'Router(config-sec-zone)#bogus cmd\r\n',
                b"% Invalid input detected at '^' marker.\r\n\r\n",
                b'Router(config-sec-zone)#end\r\n',
                b'Router#show running-config | include zone\r\n'
                b'zone security z1\r\nzone security z2\r\nRouter#']
        pos = 0
        for w in want:
            i = t.find(w, pos)
            check(i >= 0, 'missing/out of order %r in %r' % (w, t))
            pos = i + len(w)


def case_editing():
    cfg = NOLOGIN + ''.join('zone security zone%02d\n description z%d\n'
                            % (i, i) for i in range(40))
    with Daemon(cfg) as d:
        v = Vty(d.port)
        v.expect(b'Router>')
        # backspace and DEL
        v.send('show clockk\x7f\r\n')
        v.expect(b'\b \b\r\n*')
        v.send('shox\x08w clock\r\n')
        v.expect(b'shox\b \bw clock\r\n*')
        # Ctrl-U erases, Ctrl-C aborts
        v.send('garbage\x15show clock\r\n')
        v.expect(b'\b \b' * 7 + b'show clock\r\n*')
        v.send('half a line\x03')
        v.expect(b'half a line^C\r\nRouter>')
        # ? shows help at once and redraws the line
        v.send('show clo?')
        v.expect(b'Router>show clo?\r\nclock  \r\n\r\nRouter>show clo')
        v.send('\x15')
        # Tab completes
        v.send('sh\tclo\t\r\n')
        v.expect(b'\x08show clock \r\n*')
        # --More--: default length 24
        v.send('enable\r\nshow running-config\r\n')
        v.expect(b' --More-- ')
        t = v.text()
        page = t[t.rfind(b'show running-config\r\n'):]
        check(page.count(b'\r\n') == 24, 'page of 23 lines + echo: %r'
              % page)
        v.send(' ')
        v.expect(b' --More-- ' * 1, 5)
        before = v.text().count(b' --More-- ')
        v.send('q')
        v.expect(b'Router#', 5)
        v.settle()
        check(v.text().count(b' --More-- ') in (before, before + 1),
              'q did not stop paging')
        v.send('terminal length 0\r\nshow running-config\r\n')
        v.expect(b'\r\nend\r\nRouter#')
        check(v.text().count(b' --More-- ') <= before + 1, 'length 0 pages')


def case_login():
    # login local: three failures close the connection
    with Daemon(LOCAL) as d:
        v = Vty(d.port)
        for _ in range(3):
            v.expect(b'Username: ')
            v.send('admin\r\n')
            v.expect(b'Password: ')
            v.send('wrong\r\n')
            v.expect(b'% Login invalid')
            v.buf = v.buf.replace(b'Username: ', b'U: ', 1)
        check(v.wait_closed(), 'not closed after 3 failures')
        # privilege 15 user lands in #
        v = Vty(d.port)
        v.send('boss\r\nbosspw\r\n')
        v.expect(b'Router#')
    # line password
    with Daemon('line vty 0 4\n password letmein\n login\n') as d:
        v = Vty(d.port)
        v.expect(b'\r\n\r\nUser Access Verification\r\n\r\nPassword: ')
        check(b'Username' not in v.text(), 'asked a username')
        v.send('letmein\r\n')
        v.expect(b'Router>')
        v = Vty(d.port)
        for _ in range(3):
            v.send('nope\r\n')
        v.expect(b'% Bad passwords')
        check(v.wait_closed(), 'not closed after bad passwords')
    # no password set (also the default with no line vty at all)
    for cfg in ('', 'line vty 0 4\n login\n'):
        with Daemon(cfg) as d:
            v = Vty(d.port)
            v.expect(b'Password required, but none set')
            check(v.wait_closed(), 'not closed')
    # banner motd before the login prompts
    with Daemon('banner motd #Authorised users only#\n' + LOCAL) as d:
        v = Vty(d.port)
        v.expect(b'Username: ')
        check(b'Authorised users only\r\n' in v.text(), 'no banner')


def case_blockfor():
    cfg = LOCAL + 'login block-for 4 attempts 2 within 30\n'
    with Daemon(cfg) as d:
        for _ in range(2):
            v = Vty(d.port)
            v.expect(b'Username: ')
            v.send('admin\r\nbad\r\n')
            v.expect(b'% Login invalid')
            v.close()
        time.sleep(0.2)
        v = Vty(d.port, refuse=False)
        check(v.wait_closed(2), 'quiet mode did not refuse')
        check(b'Username' not in v.text(), 'login offered in quiet mode')
        log = d.cli('show logging')
        check('%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: admin] '
              '[Source: 127.0.0.1]' in log, log)
        check('%SEC_LOGIN-1-QUIET_MODE_ON' in log, log)
        check('Router presently in Quiet-Mode' in d.cli('show login'),
              'show login')
        time.sleep(4.5)
        v = Vty(d.port)
        v.expect(b'Username: ')
        check('%SEC_LOGIN-5-QUIET_MODE_OFF' in d.cli('show logging'),
              'no QUIET_MODE_OFF')


def case_exectimeout():
    with Daemon('line vty 0 4\n no login\n exec-timeout 0 2\n') as d:
        v = Vty(d.port)
        v.expect(b'Router>')
        t0 = time.time()
        # typing keeps it open
        for _ in range(3):
            time.sleep(1)
            v.send('show clock\r\n')
        check(not v.closed, 'closed while active')
        check(v.wait_closed(5), 'idle session not closed')
        idle = time.time() - t0 - 3
        check(1.5 <= idle <= 3.5, 'closed after %.1f s idle' % idle)


def case_concurrent():
    with Daemon('line vty 0 99\n no login\n') as d:
        vs = [Vty(d.port) for _ in range(100)]
        for v in vs:
            v.expect(b'Router>')
        vs[57].send('terminal length 0\r\nshow users\r\n')
        t = vs[57].expect(b'Peer Address')
        check(t.count(b' vty ') == 100, 'show users: %r' % t)
        check(b'* 59 vty 57 ' in t, 'own line not starred: %r' % t)
        extra = Vty(d.port)
        check(extra.wait_closed(3), '101st session accepted')
        check(b'in use' in extra.text(), 'no polite refusal')
        for v in vs:
            v.send('show clock\r\n')
        for v in vs:
            v.expect(b'UTC')
            v.send('exit\r\n')
        for v in vs:
            check(v.wait_closed(), 'exit')


def case_options():
    with Daemon(NOLOGIN) as d:
        v = Vty(d.port, refuse=False)
        v.expect(b'Router>')
        check(v.buf.startswith(bytes([IAC, WILL, 1, IAC, WILL, 3,
                                      IAC, DO, 31])), 'offer %r' % v.buf)
        # DO TTYPE, WILL LINEMODE, DO 99: all refused
        v.send(bytes([IAC, DO, 24, IAC, WILL, 34, IAC, DO, 99]))
        v.settle(0.3)
        b = v.buf
        for want in (bytes([IAC, WONT, 24]), bytes([IAC, DONT, 34]),
                     bytes([IAC, WONT, 99])):
            check(want in b, 'no refusal %r in %r' % (want, b))
        # NAWS 80x6: pages of 5 lines
        v.send(bytes([IAC, WILL, 31, IAC, 250, 31, 0, 80, 0, 6, IAC, 240]))
        v.send('show version\r\n')
        v.expect(b' --More-- ')
        t = v.text()
        page = t[t.rfind(b'show version\r\n'):]
        check(page.count(b'\r\n') == 6, 'NAWS length: %r' % page)
        v.send('q')
        v.expect(b'Router>')


def case_monitor():
    with Daemon(NOLOGIN) as d:
        v = Vty(d.port)
        v.send('enable\r\nterminal monitor\r\n')
        v.expect(b'terminal monitor\r\nRouter#')
        d.cli('configure terminal', 'end')
        t = v.expect(b'%SYS-5-CONFIG_I: Configured from console by console'
                     b'\r\nRouter#', 3)
        v.send('configure terminal\r\nend\r\n')
        v.expect(b'%SYS-5-CONFIG_I: Configured from console by vty0 '
                 b'(127.0.0.1)', 3)
        v.send('terminal no monitor\r\n')
        v.expect(b'terminal no monitor\r\nRouter#')
        v.settle(0.2)
        n = v.text().count(b'CONFIG_I')
        d.cli('configure terminal', 'end')
        v.settle(0.6)
        check(v.text().count(b'CONFIG_I') == n, 'monitor still on')


def case_save():
    with Daemon(NOLOGIN) as d:
        v = Vty(d.port)
        v.send('enable\r\nconfigure terminal\r\nhostname saved-rtr\r\n'
               'end\r\ncopy running-config startup-config\r\n')
        v.expect(b'Destination filename [startup-config]? ')
        v.send('\r\n')
        t = v.expect(b'[OK]\r\nsaved-rtr#')
        check(b'? \r\nBuilding configuration...\r\n[OK]\r\n' in t, t)
        with open(d.startup) as f:
            saved = f.read()
        check('hostname saved-rtr\n' in saved and saved.endswith('end\n'),
              saved)
        check(os.path.exists(d.startup + '.bak'), 'no .bak')
        v.send('write mem\r\n')
        v.expect(b'write mem\r\nBuilding configuration...\r\n[OK]\r\n'
                 b'saved-rtr#')
        v.send('terminal length 0\r\nshow startup-config\r\n')
        t = v.expect(b'\r\nend\r\nsaved-rtr#')
        check(('Using %d out of 33554432 bytes\r\n' % len(saved)).encode()
              in t, 'show startup-config header: %r' % t[-300:])


def case_transport():
    with Daemon('line vty 0 4\n no login\n transport input none\n') as d:
        v = Vty(d.port)
        check(v.wait_closed(3), 'telnet accepted on transport none')
        check(b'no vty line accepts telnet' in v.text(), v.text())
    cfg = ('line vty 0 1\n no login\n transport input ssh\n'
           'line vty 2 4\n no login\n transport input telnet\n')
    with Daemon(cfg) as d:
        v = Vty(d.port)
        v.send('show users\r\n')
        t = v.expect(b'Peer Address')
        check(b'*  4 vty 2 ' in t, 'not on vty 2: %r' % t)


def case_console():
    import subprocess
    from zbdaemon import BUILD
    cfg = ('username admin privilege 15 secret pw\n'
           'line con 0\n login local\n')
    with Daemon(cfg) as d:
        r = subprocess.run([os.path.join(BUILD, 'zbfw'), '-S', d.sock],
                           input=b'admin\nbad\nadmin\npw\nshow users\n',
                           stdout=subprocess.PIPE, timeout=20)
        want = (b'\n\nUser Access Verification\n\nUsername: admin\n'
                b'Password: \n% Login invalid\n\nUsername: admin\n'
                b'Password: \nRouter#show users\n')
        check(r.stdout.startswith(want), 'console login: %r' % r.stdout)
        check(b'*  0 con 0     admin ' in r.stdout, r.stdout)
        out = d.cli('show clock')
        check('UTC' in out, 'zbfw -c needs no login: %r' % out)


def case_clearline():
    with Daemon(NOLOGIN) as d:
        a, b = Vty(d.port), Vty(d.port)
        a.expect(b'Router>')
        b.expect(b'Router>')
        b.send('show privilege\r\nenable\r\nshow privilege\r\n')
        t = b.expect(b'Current privilege level is 15\r\n')
        check(b'Current privilege level is 1\r\n' in t, t)
        b.send('clear line vty 1\r\n')
        b.expect(b'% Cannot clear your own line')
        b.send('clear line vty 0\r\n')
        b.expect(b'[confirm]')
        b.send('\r\n')
        b.expect(b'[confirm]\r\n [OK]\r\nRouter#')
        check(a.wait_closed(3), 'vty 0 not cleared')
        check(not b.closed, 'wrong line cleared')
        out = d.cli('clear line vty 3', check=False)
        check('% Not an active line' in out, out)


def case_samescreen():
    import subprocess
    from zbdaemon import BUILD
    typed = ('terminal length 0\n?\nen?\nable\nshow zone ?\nsecurity\n'
             'conf t\nzone security inside\n description in side\nexit\n'
             'zone-pair security zp source inside destination self\n'
             'bogus words\nzone\nzo\tsec\toutside\nend\n'
             'show running-config | section zone\nshow zone security\n'
             'pnig\nexit\n')
    with Daemon(NOLOGIN) as d:
        r = subprocess.run([os.path.join(BUILD, 'zbfw'), '-S', d.sock],
                           input=typed.encode(), stdout=subprocess.PIPE,
                           timeout=20)
        script = r.stdout
    with Daemon(NOLOGIN) as d:
        v = Vty(d.port)
        v.expect(b'Router>')
        # what a terminal sends: Enter is CR, except after a `?`, where the
        # script's newline only separates input lines
        keys = typed.replace('?\n', '?').replace('\n', '\r')
        v.send(keys.encode())
        check(v.wait_closed(10), 'exit did not close the vty')
        screen = v.text().replace(b'\r\n', b'\n')
    check(screen == script, 'screens differ:\n--- vty\n%s\n--- script\n%s'
          % (screen.decode(errors='replace'), script.decode(errors='replace')))


SEGMENT_KEYS = ('terminal length 0\nen?\n\x15en\tx\x7f\n'
                'sh\tzone-p\t?\nsec\tin\x7f\x7f\n'
                'conf t\nzone security inside\n des\tin side\nexit\n'
                'zone-pair security zp source inside destination self\n'
                'bogus words\nzone\nzo\tsec\toutside\n'
                'servi\t?\n\x15description x\x17y\n'
                'zo\t-p\t sec\tzp2 sou\tself dest\tinside\n'
                'do sh\tzone-pair sec\t?\n\n'
                '\x1ash\tru\t| sec\tzone\npnig\nexit\n'
                'show version\n')


def busy_cpus():
    """One spinning process per CPU (killed by the caller)."""
    import subprocess
    return [subprocess.Popen([sys.executable, '-c', 'while True: pass'])
            for _ in range(os.cpu_count() or 2)]


def script_proto(sock, data, cuts):
    """Script mode spoken directly: R frames cut at `cuts`; the screen."""
    import struct

    def frame(t, p=b''):
        return struct.pack('>I', len(p) + 1) + t + p
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(20)
    s.connect(sock)
    s.sendall(frame(b'H', b's' + struct.pack('>HH', 80, 0)))
    last = 0
    for c in list(cuts) + [len(data)]:
        if c > last:
            try:
                s.sendall(frame(b'R', data[last:c]))
            except OSError:
                break
            last = c
    try:
        s.sendall(frame(b'E'))
    except OSError:
        pass
    buf, screen = b'', b''
    while True:
        while len(buf) >= 5:
            n = struct.unpack('>I', buf[:4])[0]
            if len(buf) < 4 + n:
                break
            t, p, buf = buf[4:5], buf[5:4 + n], buf[4 + n:]
            if t == b'x':
                s.close()
                return screen
            if t == b'S':
                screen += p
        try:
            d = s.recv(65536)
        except ConnectionResetError:
            d = b''
        check(d, 'script session closed without its end; got %r'
              % screen[-300:])
        buf += d


def vty_typed(port, keys, cuts, pause):
    """Keys to a vty cut at `cuts`, `pause` s apart (None: wait for the
    output to settle); the screen with \n line ends."""
    v = Vty(port)
    v.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    v.expect(b'Router>')
    last = 0
    for c in list(cuts) + [len(keys)]:
        if c <= last:
            continue
        if v.closed:
            break
        try:
            v.send(keys[last:c])
        except OSError:
            break
        last = c
        if pause is None:
            v.settle(0.05, 2)
        elif pause:
            time.sleep(pause)
    check(v.wait_closed(30), 'exit did not close the vty')
    v.close()
    return v.text().replace(b'\r\n', b'\n')


def case_segments():
    import random
    import subprocess
    from zbdaemon import BUILD
    typed = SEGMENT_KEYS
    # what the daemon's script-mode editor gets: zbfw drops the newline
    # after a `?`; what a terminal sends: CR for Enter
    data = typed.replace('?\n', '?').encode()
    keys = typed.replace('?\n', '?').replace('\n', '\r').encode()
    specials = [i + 1 for i, b in enumerate(keys) if b in b'\t?\r\x15\x17']
    rnd = random.Random(int(os.environ.get('ZBFW_SEED', '7')))
    runs = [('script all at once', 'p', [], 0),
            ('script byte by byte', 'p', range(1, len(data)), 0),
            ('vty all at once', 'v', [], 0),
            ('vty byte by byte', 'v', range(1, len(keys)), 0.002),
            ('vty after each special key', 'v', specials, None)]
    for k in range(4):
        n = len(data)
        runs.append(('script random %d' % k, 'p', sorted(
            rnd.sample(range(1, n), rnd.randint(1, n // 3))), 0))
        n = len(keys)
        runs.append(('vty random %d' % k, 'v', sorted(
            rnd.sample(range(1, n), rnd.randint(1, n // 3))),
            rnd.choice([0, 0.001, 0.01])))
    busy = busy_cpus()
    try:
        # zbfw itself, several times: `exit` ends the session while
        # zbfw may still be writing (it once died with "lost the
        # connection to zbfwd" and an empty screen)
        ref = None
        for k in range(8):
            with Daemon(NOLOGIN) as d:
                r = subprocess.run(
                    [os.path.join(BUILD, 'zbfw'), '-S', d.sock],
                    input=typed.encode(), stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE, timeout=30)
            check(r.returncode == 0 and r.stderr == b'',
                  'zbfw script mode run %d: rc %d %r'
                  % (k, r.returncode, r.stderr))
            check(ref is None or r.stdout == ref,
                  'zbfw script mode run %d differs' % k)
            ref = r.stdout
        check(b'zone-pair security zp2 source self destination inside'
              in ref and b' description y\n' in ref and
              ref.endswith(b'Router#exit\n'),
              'unexpected script screen:\n' + ref.decode())
        for name, how, cuts, pause in runs:
            with Daemon(NOLOGIN) as d:
                if how == 'p':
                    got = script_proto(d.sock, data, cuts)
                else:
                    got = vty_typed(d.port, keys, cuts, pause)
            check(got == ref, '%s: screens differ:\n--- got\n%s\n'
                  '--- zbfw script mode\n%s' % (
                      name, got.decode(errors='replace'),
                      ref.decode(errors='replace')))
    finally:
        for p in busy:
            p.kill()
            p.wait()


def case_garbage():
    import random
    rnd = random.Random(3)
    with Daemon(NOLOGIN) as d:
        for i in range(30):
            v = Vty(d.port, refuse=False)
            blobs = [bytes(rnd.getrandbits(8) for _ in range(
                rnd.randint(1, 3000))),
                bytes([IAC, 250, 31]) + b'x' * 5000,   # SB without SE
                bytes([IAC, 250, IAC, 240, IAC, IAC, IAC]),
                b'A' * 9000 + b'\r\n',               # over-long line
                bytes([IAC]) * 777,
                b'show ' * 2000 + b'?\t\r\n']
            rnd.shuffle(blobs)
            try:
                for b in blobs:
                    v.send(b)
                v.settle(0.05, 1)
            except OSError:
                pass
            v.close()
        v = Vty(d.port)
        v.expect(b'Router>')
        v.send('A' * 5000 + '\r\nshow clock\r\n')
        t = v.expect(b'UTC')
        check(b'% Input line too long (maximum 4096 characters)' in t,
              'long line not refused')
        out = d.cli('show users')
        check(' vty ' in out, 'daemon not answering: %s' % out)


CASES = {k[5:]: v for k, v in globals().items() if k.startswith('case_')}

if __name__ == '__main__':
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        print('usage: telnet_vty.py {%s}' % '|'.join(sorted(CASES)))
        sys.exit(2)
    try:
        CASES[sys.argv[1]]()
    except AssertionError as e:
        print('FAIL %s: %s' % (sys.argv[1], e))
        sys.exit(1)
    print('ok %s' % sys.argv[1])
