"""SSH vtys of zbfwd (issue 12 "SSH vty"), driven by the real clients:
OpenSSH's ssh (with sshpass for the password) and paramiko, against
zbfwd --ssh on 127.0.0.1 and a free port.

  login       login local (password and keyboard-interactive), the line
              password for any user, `login` without a password refuses
              everyone, no `login` needs no password; wrong passwords are
              refused beside the right one working
  transport   transport input telnet refuses SSH and lets telnet in, ssh
              the other way round, none refuses both, all lets both in
  exec        ssh HOST 'COMMAND' runs it like zbfw -c and closes; the exit
              status says whether the command failed
  paging      the pty's height pages with --More--, a window change resizes
              the page, terminal length 0 turns it off
  blockfor    login block-for: SSH failures start quiet mode, which refuses
              SSH and telnet connections, then ends
  exectimeout exec-timeout closes an idle SSH session, not a busy one
  keys        host keys made once (0600, kept across restarts, never
              printed), crypto key generate replaces the RSA key and adds
              an ECDSA one for new connections; ip ssh version 2 / 1;
              show ip ssh; show ssh lists the session
  monitor     terminal monitor on an SSH vty shows %SYS-5-CONFIG_I from
              another session; without it, nothing
  clearline   show users lists SSH vtys with user and address; clear line
              vty N ends that SSH session and no other
  bigoutput   an output many times the client's channel window (32 KiB)
              arrives whole and in order, on a shell and on an exec
  pubkey      ip ssh pubkey-chain: a key given as key-string (pasted over
              several lines) or as key-hash logs in with its user's
              privilege; another key, a user without a `username` entry,
              a line without `login local` do not; the running-config
              keeps the MD5 key-hash ssh-keygen prints, and loads back
  nonblocking a client that stops in the middle of the key exchange holds
              up neither the console nor other SSH logins, and is dropped
              after ip ssh time-out

Usage: ssh_vty.py CASE   (exit 0 pass, 1 fail)
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zbdaemon import BUILD, Checks, Daemon  # noqa: E402

import paramiko  # noqa: E402

USERS = """\
hostname ssh-router
enable secret zbfw-enable
username admin privilege 15 secret zbfw-admin
username op secret op-pw
"""

checks = Checks()
expect = checks.expect


def ssh(d, user, pw, *cmd, opts=(), tty=False, stdin=None, timeout=20):
    """Run OpenSSH's ssh (sshpass gives the password); return (rc, out)."""
    args = ['sshpass', '-e', 'ssh', '-p', str(d.ssh_port),
            '-o', 'StrictHostKeyChecking=no',
            '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
            '-o', 'ConnectTimeout=10', '-o', 'NumberOfPasswordPrompts=1']
    for o in opts:
        args += ['-o', o]
    if tty:
        args.append('-tt')
    args += ['%s@127.0.0.1' % user] + list(cmd)
    env = dict(os.environ, SSHPASS=pw)
    r = subprocess.run(args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout, env=env)
    return r.returncode, r.stdout.decode(errors='replace')


def telnet_banner(d, wait=b'', timeout=5):
    """What the telnet vty sends first (until wait, or the close)."""
    s = socket.create_connection(('127.0.0.1', d.port), timeout=timeout)
    got = b''
    end = time.time() + timeout
    try:
        while time.time() < end and (not wait or wait not in got):
            s.settimeout(max(0.1, end - time.time()))
            try:
                b = s.recv(4096)
            except (socket.timeout, ConnectionResetError):
                break
            if not b:
                break
            got += b
    finally:
        s.close()
    return got.decode(errors='replace')


def configure(d, *lines):
    d.cli('configure terminal', *lines, 'end')


def priv_of(d, user, pw, **kw):
    rc, out = ssh(d, user, pw, 'show privilege', **kw)
    return out.strip() if rc == 0 else 'rc=%d %s' % (rc, out.strip())


def case_login():
    with Daemon(USERS + 'line vty 0 4\n login local\n', ssh=True) as d:
        expect(priv_of(d, 'admin', 'zbfw-admin') ==
               'Current privilege level is 15',
               'login local: admin with its secret, privilege 15')
        expect(priv_of(d, 'op', 'op-pw') == 'Current privilege level is 1',
               'login local: op with its secret, privilege 1')
        rc, out = ssh(d, 'admin', 'wrong', 'show privilege')
        expect(rc != 0 and 'privilege' not in out,
               'login local: a wrong password is refused (rc %d) %r'
               % (rc, out))
        rc, out = ssh(d, 'nobody', 'zbfw-admin', 'show privilege')
        expect(rc != 0, 'login local: an unknown user is refused')
        kbd = ('PreferredAuthentications=keyboard-interactive',)
        expect(priv_of(d, 'admin', 'zbfw-admin', opts=kbd) ==
               'Current privilege level is 15',
               'keyboard-interactive with the right password')
        rc, out = ssh(d, 'admin', 'wrong', 'show privilege', opts=kbd)
        expect(rc != 0, 'keyboard-interactive with a wrong one is refused')

        configure(d, 'line vty 0 4', 'login', 'password line-pw')
        expect(priv_of(d, 'anyone', 'line-pw') ==
               'Current privilege level is 1',
               'login + password: the line password for any user')
        rc, out = ssh(d, 'admin', 'zbfw-admin', 'show privilege')
        expect(rc != 0, 'login + password: a user secret is not the line '
               'password')

        configure(d, 'line vty 0 4', 'no password')
        rc, out = ssh(d, 'anyone', 'line-pw', 'show privilege')
        expect(rc != 0, 'login without a password refuses everyone')
        expect('Password required, but none set' in d.stderr(),
               'the refusal is logged as telnet words it')

        configure(d, 'line vty 0 4', 'no login')
        rc, out = ssh(d, 'anyone', '', 'show privilege',
                      opts=('BatchMode=yes',))
        expect(rc == 0 and 'Current privilege level is 1' in out,
               'no login: in without a password (rc %d) %r' % (rc, out))
        configure(d, 'line vty 0 4', 'login local')
        rc, out = ssh(d, 'anyone', '', 'show privilege',
                      opts=('BatchMode=yes',))
        expect(rc != 0, 'login local again: no password, no entry')


def case_transport():
    with Daemon(USERS + 'line vty 0 4\n login local\n', ssh=True) as d:
        def both():
            rc, out = ssh(d, 'admin', 'zbfw-admin', 'show privilege')
            return rc == 0 and 'level is 15' in out, \
                'Username:' in telnet_banner(d, b'Username:')

        expect(both() == (True, True), 'default (all): SSH and telnet')
        configure(d, 'line vty 0 4', 'transport input telnet')
        expect(both() == (False, True),
               'transport input telnet: SSH refused, telnet in')
        expect('no vty line accepts ssh' in d.stderr(),
               'the SSH refusal names transport input')
        configure(d, 'line vty 0 4', 'transport input ssh')
        s, t = both()
        expect(s and not t, 'transport input ssh: SSH in, telnet refused')
        expect('no vty line accepts telnet' in telnet_banner(d),
               'telnet hears why')
        configure(d, 'line vty 0 4', 'transport input none')
        expect(both() == (False, False), 'transport input none: neither')
        configure(d, 'line vty 0 4', 'transport input telnet ssh')
        expect(both() == (True, True), 'transport input telnet ssh: both')
        configure(d, 'line vty 0 4', 'transport input none',
                  'line vty 4', 'transport input ssh')
        rc, out = ssh(d, 'admin', 'zbfw-admin', 'show users')
        expect(rc == 0 and 'vty 4' in out,
               'SSH takes the line that accepts it (vty 4)\n' + out)


def case_exec():
    with Daemon(USERS + 'line vty 0 4\n login local\n', ssh=True) as d:
        want = d.cli('show running-config')
        rc, out = ssh(d, 'admin', 'zbfw-admin', 'show running-config')
        expect(rc == 0 and out == want,
               'exec show running-config: the same text as zbfw -c\n%r\n%r'
               % (out[:300], want[:300]))
        rc, out = ssh(d, 'admin', 'zbfw-admin', 'show bogus')
        expect(rc == 1 and '% Invalid input' in out,
               'exec of a bad command: its error, exit status 1 (%d)' % rc)
        rc, out = ssh(d, 'op', 'op-pw', 'show running-config')
        expect(rc == 1 and 'Building configuration' not in out,
               'exec runs at the user\'s privilege (op: 1)')
        rc, out = ssh(d, 'op', 'op-pw', 'show version')
        expect(rc == 0 and 'ssh-router uptime is' in out,
               'exec show version at privilege 1')


def shell(d, user, pw, width=80, height=24):
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect('127.0.0.1', port=d.ssh_port, username=user, password=pw,
              look_for_keys=False, allow_agent=False, timeout=10)
    ch = c.invoke_shell(term='vt100', width=width, height=height)
    ch.settimeout(0.2)
    return c, ch


def at_prompt(d, user, pw, prompt='ssh-router#'):
    """A shell logged in, its first prompt read."""
    c, ch = shell(d, user, pw)
    read_until(ch, [prompt])
    return c, ch


def read_until(ch, marks, timeout=5):
    got = b''
    marks = [m.encode() for m in marks]
    end = time.time() + timeout
    while time.time() < end:
        if any(m in got for m in marks):
            break
        try:
            b = ch.recv(65536)
        except socket.timeout:
            continue
        if not b:
            break
        got += b
    return got.decode(errors='replace')


def case_paging():
    lines = ''.join('zone security z%02d\n description zone %d\n' % (i, i)
                    for i in range(40))
    with Daemon(USERS + lines + 'line vty 0 4\n login local\n',
                ssh=True) as d:
        c, ch = shell(d, 'admin', 'zbfw-admin', width=100, height=20)
        out = read_until(ch, ['ssh-router#'])
        expect(out.endswith('ssh-router#'), 'the shell prompt %r' % out)
        ch.send('show running-config\r')
        out = read_until(ch, ['--More--'])
        expect('--More--' in out, 'a 20-line pty pages with --More--')
        body = out.split('show running-config', 1)[-1]
        expect(body.count('\n') <= 21,
               'the page is the pty height (%d lines)' % body.count('\n'))
        ch.send('q')
        out = read_until(ch, ['ssh-router#'])
        expect('ssh-router#' in out, 'q ends the listing')

        ch.resize_pty(width=100, height=200)
        time.sleep(0.3)
        ch.send('show running-config\r')
        out = read_until(ch, ['\nend\r\n', '--More--'])
        expect('--More--' not in out and 'end\r\n' in out,
               'after a window change to 200 lines: no --More--')
        out += read_until(ch, ['ssh-router#'])

        ch.resize_pty(width=100, height=10)
        time.sleep(0.3)
        ch.send('terminal length 0\r')
        read_until(ch, ['ssh-router#'])
        ch.send('show running-config\r')
        out = read_until(ch, ['\nend\r\n', '--More--'])
        expect('--More--' not in out and 'end\r\n' in out,
               'terminal length 0: no --More-- on a 10-line pty')
        ch.send('exit\r')
        out = read_until(ch, ['never'], timeout=3)
        expect(ch.exit_status_ready() or ch.closed,
               'exit closes the channel')
        c.close()


def case_blockfor():
    cfg = USERS + 'login block-for 3 attempts 2 within 60\n' \
        'line vty 0 4\n login local\n'
    with Daemon(cfg, ssh=True) as d:
        expect(priv_of(d, 'admin', 'zbfw-admin').endswith('15'),
               'before: the right password works')
        for _ in range(2):
            ssh(d, 'admin', 'wrong', 'show privilege')
        rc, out = ssh(d, 'admin', 'zbfw-admin', 'show privilege')
        expect(rc == 255, 'quiet mode: SSH refused even with the right '
               'password (rc %d) %r' % (rc, out))
        expect('Username:' not in telnet_banner(d, b'Username:'),
               'quiet mode: telnet refused too')
        expect('Quiet-Mode' in d.cli('show login'),
               'show login: Quiet-Mode')
        log = d.stderr()
        expect('%SEC_LOGIN-1-QUIET_MODE_ON' in log,
               '%SEC_LOGIN-1-QUIET_MODE_ON logged')
        expect('[localport: %d]' % d.ssh_port in log and
               '[localport: %d]' % d.port not in log,
               'the %SEC_LOGIN lines name the SSH port, not telnet\'s')
        time.sleep(3.5)
        expect(priv_of(d, 'admin', 'zbfw-admin').endswith('15'),
               'after the block period: in again')


def case_exectimeout():
    cfg = USERS + 'line vty 0 4\n login local\n exec-timeout 0 2\n'
    with Daemon(cfg, ssh=True) as d:
        c, ch = at_prompt(d, 'admin', 'zbfw-admin')
        c2, ch2 = at_prompt(d, 'admin', 'zbfw-admin')
        t0 = time.time()
        while time.time() - t0 < 3.5:
            ch2.send('\r')          # the busy session types every 0.5 s
            read_until(ch2, ['never'], timeout=0.5)
        idle_closed = ch.closed or ch.eof_received
        expect(idle_closed, 'exec-timeout 0 2 closed the idle session')
        ch2.send('show privilege\r')
        out = read_until(ch2, ['level is 15'])
        expect('level is 15' in out, 'the busy session is still open')
        c.close()
        c2.close()


def case_monitor():
    with Daemon(USERS + 'line vty 0 4\n login local\n', ssh=True) as d:
        c, ch = at_prompt(d, 'admin', 'zbfw-admin')
        c2, ch2 = at_prompt(d, 'admin', 'zbfw-admin')
        ch.send('terminal monitor\r')
        read_until(ch, ['ssh-router#'])
        configure(d, 'zone security watched')
        out = read_until(ch, ['CONFIG_I'], timeout=3)
        expect('%SYS-5-CONFIG_I: Configured from console by console' in out,
               'terminal monitor: the SSH vty shows the log line\n' + out)
        out2 = read_until(ch2, ['CONFIG_I'], timeout=1)
        expect('CONFIG_I' not in out2,
               'the session without terminal monitor does not')
        c.close()
        c2.close()


def case_clearline():
    with Daemon(USERS + 'line vty 0 4\n login local\n', ssh=True) as d:
        c0, ch0 = at_prompt(d, 'admin', 'zbfw-admin')
        c1, ch1 = at_prompt(d, 'op', 'op-pw', 'ssh-router>')
        users = d.cli('show users')
        expect(' vty 0     admin' in users and ' vty 1     op' in users
               and users.count('127.0.0.1') == 2,
               'show users: both SSH vtys with user and address\n' + users)
        ch0.send('clear line vty 1\r')
        out = read_until(ch0, ['[confirm]'])
        ch0.send('\r')
        out += read_until(ch0, ['ssh-router#'])
        expect('[OK]' in out, 'clear line vty 1 [confirm] [OK]\n' + out)
        end = time.time() + 3
        while time.time() < end and not (ch1.closed or ch1.eof_received):
            read_until(ch1, ['never'], timeout=0.2)
        expect(ch1.closed or ch1.eof_received, 'vty 1 was cleared')
        ch0.send('show privilege\r')
        expect('level is 15' in read_until(ch0, ['level is 15']),
               'vty 0 is still open')
        out = d.cli('clear line vty 3', check=False)
        expect('% Not an active line' in out, 'an idle line: not active')
        c0.close()
        c1.close()


def case_bigoutput():
    zones = ''.join('zone security big%04d\n description zone number %d\n'
                    % (i, i) for i in range(3000))
    with Daemon(USERS + zones + 'line vty 0 4\n login local\n',
                ssh=True) as d:
        want = d.cli('show running-config')
        expect(len(want) > 4 * 32768, 'the output is %d bytes' % len(want))

        def small_window():
            c = paramiko.SSHClient()
            c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
            c.connect('127.0.0.1', port=d.ssh_port, username='admin',
                      password='zbfw-admin', look_for_keys=False,
                      allow_agent=False, timeout=10)
            return c, c.get_transport().open_session(
                window_size=32768, max_packet_size=16384)

        c, ch = small_window()
        ch.exec_command('show running-config')
        got = b''
        ch.settimeout(10)
        while True:
            b = ch.recv(65536)
            if not b:
                break
            got += b
        expect(got.decode() == want and ch.recv_exit_status() == 0,
               'exec: %d of %d bytes, the same text' % (len(got), len(want)))
        c.close()
        c, ch = small_window()        # one channel per connection
        ch.get_pty(term='vt100', width=200, height=0)
        ch.invoke_shell()
        ch.settimeout(0.2)
        read_until(ch, ['ssh-router#'])
        ch.send('terminal length 0\rshow running-config\r')
        time.sleep(1)                    # the window fills, we read late
        out = read_until(ch, ['\nend\r\nssh-router#'], timeout=20)
        body = out.split('show running-config\r\n', 1)[-1]
        body = body.rsplit('ssh-router#', 1)[0].replace('\r\n', '\n')
        expect(body == want, 'shell: %d of %d bytes, the same text'
               % (len(body), len(want)))
        c.close()


def keygen(path, t):
    subprocess.run(['ssh-keygen', '-q', '-t', t, '-N', '', '-C', 'u@h',
                    '-f', path], check=True)
    with open(path + '.pub') as f:
        blob = f.read().split()[1]
    r = subprocess.run(['ssh-keygen', '-l', '-E', 'md5', '-f', path + '.pub'],
                       stdout=subprocess.PIPE, check=True)
    md5 = r.stdout.decode().split()[1][4:].replace(':', '').upper()
    return blob, md5


def case_pubkey():
    cfg = USERS + 'line vty 0 4\n login local\n'
    kd = tempfile.mkdtemp(prefix='zbfw-keys.')   # outlives the daemons
    try:
        pubkey_checks(cfg, kd)
    finally:
        shutil.rmtree(kd, ignore_errors=True)


def pubkey_checks(cfg, kd):
    with Daemon(cfg, ssh=True) as d:
        k_rsa, k_ed, k_other = (os.path.join(kd, n) for n in
                                ('k_rsa', 'k_ed', 'k_other'))
        rsa, rsa_md5 = keygen(k_rsa, 'rsa')
        ed, ed_md5 = keygen(k_ed, 'ed25519')
        keygen(k_other, 'ed25519')

        def with_key(k, user='admin'):
            return ssh(d, user, '', 'show privilege', opts=(
                'IdentityFile=' + k, 'IdentitiesOnly=yes', 'BatchMode=yes',
                'PreferredAuthentications=publickey'))

        rc, out = with_key(k_rsa)
        expect(rc == 255, 'before the chain: the key is refused')
        out = d.cli('configure terminal', 'ip ssh pubkey-chain',
                    'username admin', 'key-string', rsa[:100], rsa[100:250],
                    rsa[250:], 'exit',
                    'key-hash ssh-ed25519 %s' % ed_md5.lower(),
                    'exit', 'username op', 'key-string', 'ssh-ed25519 ' + ed,
                    'exit', 'exit', 'username ghost', 'key-string', ed,
                    'end')
        run = d.cli('show running-config')
        want = ('ip ssh pubkey-chain\n  username admin\n'
                '   key-hash ssh-rsa %s\n   key-hash ssh-ed25519 %s\n'
                '  username op\n   key-hash ssh-ed25519 %s\n'
                '  username ghost\n   key-hash ssh-ed25519 %s\n'
                % (rsa_md5, ed_md5, ed_md5, ed_md5))
        expect(want in run, 'running-config: the MD5 key-hash lines\n'
               + run)
        rc, out = with_key(k_rsa)
        expect(rc == 0 and 'level is 15' in out,
               'the key-string RSA key logs admin in, privilege 15 %r' % out)
        rc, out = with_key(k_ed)
        expect(rc == 0 and 'level is 15' in out,
               'the key-hash Ed25519 key logs admin in')
        rc, out = with_key(k_ed, 'op')
        expect(rc == 0 and 'level is 1' in out,
               'op with its key: privilege 1')
        rc, out = with_key(k_other)
        expect(rc == 255, 'an unknown key is refused')
        rc, out = with_key(k_ed, 'ghost')
        expect(rc == 255, 'a chain user without a username entry is '
               'refused')
        expect(priv_of(d, 'admin', 'zbfw-admin').endswith('15'),
               'the password still works')
        expect('publickey,keyboard-interactive,password' in
               d.cli('show ip ssh'), 'show ip ssh lists publickey')
        configure(d, 'line vty 0 4', 'login', 'password line-pw')
        rc, out = with_key(k_ed)
        expect(rc == 255, 'login (line password): keys are not used')
        configure(d, 'line vty 0 4', 'login local')
    # The running-config loads back: the same section, the key works.
    with Daemon(run.split('\n!\n', 1)[1], ssh=True) as d2:
        expect(want in d2.cli('show running-config'),
               'the key-hash lines load back')
        rc, out = ssh(d2, 'admin', '', 'show privilege', opts=(
            'IdentityFile=' + k_ed, 'IdentitiesOnly=yes', 'BatchMode=yes'))
        expect(rc == 0 and 'level is 15' in out,
               'and the key logs in there')


def keyscan(d, t):
    r = subprocess.run(['ssh-keyscan', '-p', str(d.ssh_port), '-t', t,
                        '127.0.0.1'], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, timeout=20)
    return r.stdout.decode().strip()


def case_keys():
    cfg = USERS + 'ip ssh version 2\nline vty 0 4\n login local\n'
    with Daemon(cfg) as d:
        out = d.cli('show ip ssh')
        expect(out.startswith('SSH Disabled - version 2.0\n%No SSH server')
               and not os.path.exists(os.path.join(os.path.dirname(
                   d.startup), 'ssh_host_rsa_key')),
               'without --ssh: SSH Disabled, no keys made\n' + out)
    with Daemon(cfg, ssh=True) as d:
        kd = os.path.dirname(d.startup)
        for f in ('ssh_host_rsa_key', 'ssh_host_ed25519_key'):
            p = os.path.join(kd, f)
            expect(os.path.exists(p) and
                   (os.stat(p).st_mode & 0o777) == 0o600,
                   '%s made beside the startup-config, mode 0600' % f)
        with open(os.path.join(kd, 'ssh_host_rsa_key')) as f:
            priv = f.read()
        rsa1, ed1 = keyscan(d, 'rsa'), keyscan(d, 'ed25519')
        expect(rsa1.split()[1:2] == ['ssh-rsa'] and
               ed1.split()[1:2] == ['ssh-ed25519'],
               'the server offers its RSA and Ed25519 keys')
        expect(keyscan(d, 'ecdsa') == '', 'no ECDSA key yet')
        shown = d.cli('show ip ssh')
        expect(shown.startswith('SSH Enabled - version 2.0\n'),
               'show ip ssh: enabled, version 2.0\n' + shown)
        key = shown.split('encoded): ssh-router\n', 1)[-1]
        expect(' '.join(rsa1.split()[1:]) == key.replace('\n', '') and
               max(len(x) for x in key.split('\n')) == 80,
               'show ip ssh prints the public RSA key in 80-column lines')
        body = priv.split('-----')[2].strip().split('\n')[0]
        run = d.cli('show running-config')
        expect(body not in shown and body not in run and
               'PRIVATE' not in shown + run,
               'the private key is printed nowhere')
        expect('\nip ssh version 2\n' in run,
               'ip ssh version 2 in the running-config')
        out = d.cli('configure terminal', 'ip ssh version 1', 'end',
                    check=False)
        expect('% SSH version 1 is not supported' in out,
               'ip ssh version 1 refused with a %% error\n' + out)

        out = d.cli('configure terminal', 'crypto key generate rsa '
                    'modulus 2048', 'crypto key generate ec keysize 384',
                    'end', check=False)     # IOS's "% Generating" lines
        expect('% Generating 2048 bit RSA keys' in out and
               '% Generating 384 bit EC keys' in out and '[OK]' in out,
               'crypto key generate rsa / ec\n' + out)
        rsa2, ed2 = keyscan(d, 'rsa'), keyscan(d, 'ed25519')
        expect(rsa2 != '' and rsa2 != rsa1,
               'a new RSA key for new connections')
        expect(ed2 == ed1, 'the Ed25519 key is kept')
        ec = keyscan(d, 'ecdsa')
        expect('ecdsa-sha2-nistp384' in ec, 'the new ECDSA key is offered '
               + ec)
        expect(priv_of(d, 'admin', 'zbfw-admin').endswith('15'),
               'logins work with the new keys')
        c, ch = at_prompt(d, 'admin', 'zbfw-admin')
        out = d.cli('show ssh')
        expect(' IN ' in out and ' OUT ' in out and 'Session started' in out
               and 'admin' in out, 'show ssh lists the session\n' + out)
        c.close()

        # A second zbfwd on the same key directory (-K) uses those keys.
        sock2 = os.path.join(kd, 'sock2')
        log2 = open(os.path.join(kd, 'second.log'), 'w+')
        p2 = subprocess.Popen([os.path.join(BUILD, 'zbfwd'),
                               '--no-dataplane', '-f', '/dev/null',
                               '-S', sock2, '-t', 'none', '--ssh',
                               '127.0.0.1:0', '-K', kd],
                              stdin=subprocess.DEVNULL, stdout=log2,
                              stderr=log2)
        try:
            for _ in range(100):
                if os.path.exists(sock2 + '.ssh-port'):
                    break
                time.sleep(0.05)
            with open(sock2 + '.ssh-port') as f:
                port2 = int(f.read().strip().rsplit(':', 1)[1])

            class Second:
                ssh_port = port2
            again = keyscan(Second, 'rsa').split()[1:]
            expect(again == rsa2.split()[1:],
                   'a restarted zbfwd serves the stored RSA key')
            expect(keyscan(Second, 'ecdsa').split()[1:] == ec.split()[1:],
                   'and the stored ECDSA key')
        finally:
            p2.terminate()
            p2.wait(10)
            log2.seek(0)
            expect('made the SSH host key' not in log2.read(),
                   'no key was made again')
            log2.close()


def case_nonblocking():
    cfg = USERS + 'ip ssh time-out 2\nline vty 0 4\n login local\n'
    with Daemon(cfg, ssh=True) as d:
        stuck = socket.create_connection(('127.0.0.1', d.ssh_port))
        stuck.sendall(b'SSH-2.0-stuck\r\n')   # then no key exchange
        half = socket.create_connection(('127.0.0.1', d.ssh_port))
        half.sendall(b'SSH-2.')               # half a version line
        t0 = time.time()
        out = d.cli('show clock')
        expect(time.time() - t0 < 1 and out.strip() != '',
               'the console answers while two clients are stuck')
        expect(priv_of(d, 'admin', 'zbfw-admin').endswith('15'),
               'another SSH login goes through meanwhile')
        stuck.settimeout(5)
        got = b''
        try:
            while True:
                b = stuck.recv(4096)
                if not b:
                    break
                got += b
        except (socket.timeout, ConnectionResetError):
            pass
        expect(got.startswith(b'SSH-2.0-') and time.time() - t0 < 5,
               'the stuck client got our version, then was dropped after '
               'ip ssh time-out 2 (%.1f s)' % (time.time() - t0))
        stuck.close()
        half.close()


CASES = {k[5:]: v for k, v in globals().items() if k.startswith('case_')}

if __name__ == '__main__':
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        print('usage: ssh_vty.py {%s}' % '|'.join(sorted(CASES)))
        sys.exit(2)
    CASES[sys.argv[1]]()
    sys.exit(checks.result())
