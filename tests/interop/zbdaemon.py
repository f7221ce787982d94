"""Start zbfwd --no-dataplane for the interop tests and talk to it with
the zbfw console.  Paths: $ZBFW_BUILD (default <repo>/build) and SHARED,
the third-party corpora's directory (as tests/corpus.sh: $ZBFW_SHARED, else
configure's --with-shared, else <repo>/../shared)."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..'))
BUILD = os.environ.get('ZBFW_BUILD', os.path.join(REPO, 'build'))
CI = os.environ.get('CI') == 'true'


def _shared():
    if os.environ.get('ZBFW_SHARED'):
        return os.environ['ZBFW_SHARED']
    try:
        with open(os.path.join(BUILD, 'Makefile')) as f:
            m = re.search(r'^ZB_SHARED = (.+)$', f.read(), re.M)
        if m:
            return m.group(1)
    except OSError:
        pass
    return os.path.join(REPO, '..', 'shared')


SHARED = _shared()


def corpus_absent(path):
    """Why the third-party corpus at path cannot be used, or None."""
    if os.path.exists(path):
        return None
    if CI:
        return '%s absent (CI=true: the third-party corpora are required)' \
            % path
    return ('%s absent (third-party corpus: see doc/DESIGN.md "Tests"; '
            'configure --with-shared=DIR or ZBFW_SHARED=DIR)' % path)


def need_corpus(*paths):
    """Return if every path exists; else print why and exit 77 (skip), or
    1 (fail) under CI=true."""
    for p in paths:
        why = corpus_absent(p)
        if why is not None:
            print(('FAIL: ' if CI else 'SKIP: ') + why)
            sys.exit(1 if CI else 77)


class Daemon:
    def __init__(self, config='', ssh=False):
        self.dir = tempfile.mkdtemp(prefix='zbfw-interop.')
        self.startup = os.path.join(self.dir, 'startup-config')
        self.sock = os.path.join(self.dir, 'sock')
        with open(self.startup, 'w') as f:
            f.write(config)
        self.log = open(os.path.join(self.dir, 'zbfwd.log'), 'w+')
        # ssh: also an SSH listener on a free loopback port (ssh_port).
        self.proc = subprocess.Popen(
            [os.path.join(BUILD, 'zbfwd'), '--no-dataplane', '-f',
             self.startup, '-S', self.sock, '-t', '127.0.0.1:0'] +
            (['--ssh', '127.0.0.1:0'] if ssh else []),
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
            cwd=self.dir)
        # The SSH listener comes last (after its host keys are made).
        last = self.sock + ('.ssh-port' if ssh else '.port')
        for _ in range(200):
            if os.path.exists(last):
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if not os.path.exists(last):
            self.stop()
            raise RuntimeError('zbfwd did not start: ' + self.stderr())
        with open(self.sock + '.port') as f:
            self.port = int(f.read().strip().rsplit(':', 1)[1])
        self.ssh_port = None
        if ssh:
            with open(self.sock + '.ssh-port') as f:
                self.ssh_port = int(f.read().strip().rsplit(':', 1)[1])

    def stderr(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()

    def cli(self, *commands, check=True):
        """Run commands in one `zbfw -c` session; return the output."""
        args = [os.path.join(BUILD, 'zbfw'), '-S', self.sock]
        for c in commands:
            args += ['-c', c]
        r = subprocess.run(args, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=30)
        out = r.stdout.decode()
        if check and r.returncode != 0:
            raise RuntimeError('zbfw %r failed (%d):\n%s'
                               % (commands, r.returncode, out))
        return out

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError('zbfwd did not exit on SIGTERM')
        rc = self.proc.returncode
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        if rc != 0:
            raise RuntimeError('zbfwd exited with status %d' % rc)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Checks:
    """Named checks: print ok/FAIL per check, count them and the failures;
    a script that ran no check fails.  skip() leaves out a check whose
    third-party corpus is absent ("SKIP: what: why", which tests/run.sh
    counts), a failure under CI=true."""

    def __init__(self):
        self.checks = 0
        self.failures = 0
        self.skipped = 0

    def expect(self, cond, what):
        self.checks += 1
        if cond:
            print('ok: ' + what.split('\n')[0])
        else:
            self.failures += 1
            print('FAIL: ' + what)
        return cond

    def corpus(self, path, what):
        """True if the corpus at path is there for the check `what`."""
        why = corpus_absent(path)
        if why is None:
            return True
        if CI:
            self.expect(False, '%s: %s' % (what, why))
        else:
            self.skipped += 1
            print('SKIP: %s: %s' % (what, why))
        return False

    def result(self):
        print('%d checks, %d failures, %d skipped'
              % (self.checks, self.failures, self.skipped))
        if self.checks == 0:
            print('FAIL: no check ran')
            return 1
        return 1 if self.failures else 0
