#!/usr/bin/python3
"""When configuration lines take effect (doc/DESIGN.md "Commit"), through
real console sessions on zbfwd --no-dataplane.

config_apply.py BUILD SHIM

SHIM is tests/cli/failalloc.c built as a shared object: with
ZBFW_FAIL_STRDUP=gi9-9-9 the policy compiler cannot copy the Linux name of
`interface GigabitEthernet9/9/9` into the graph, so any compile of a configuration that
holds that interface fails with ENOMEM, and nothing else does (the model
keeps names in fixed arrays).  That makes the compile visible:

- a configuration line costs nothing until something needs the graph;
- a `do show` right after the line compiles it first (the error comes out
  in front of the show's own output), and so does a show in another
  session;
- the failure is reported to the session whose line caused it (at once
  when its own command compiled, else before its next output), and not to
  a session that changed nothing;
- without a show, the deferred compile runs on its timer (50 ms for a small
  configuration) and reports the same way;
- removing the offending line compiles cleanly again.
Every negative check has its positive control in the same daemon.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'bench'))
from zbconsole import Console  # noqa: E402

BUILD, SHIM = sys.argv[1], sys.argv[2]
ERR = b'% Configuration not applied: the policy does not compile ' \
    b'(Cannot allocate memory); the previous policy stays in force\n'
fails = 0
checks = 0


def check(cond, what, detail=b''):
    global fails, checks
    checks += 1
    if cond:
        print('ok: ' + what)
    else:
        fails += 1
        print('FAIL: ' + what)
        if detail:
            print('    | ' + detail.decode(errors='replace')
                  .replace('\n', '\n    | '))


def after_echo(screen, line):
    """What a line printed: the screen after its echo, without the next
    prompt."""
    i = screen.index(line + b'\n') + len(line) + 1
    return screen[i:screen.rindex(b'\n') + 1] if b'\n' in screen[i:] \
        else b''


def run(c, line):
    return after_echo(c.command(line), line)


tmp = tempfile.mkdtemp(prefix='zbfw-apply.')
sock = os.path.join(tmp, 'sock')
env = dict(os.environ, LD_PRELOAD=SHIM, ZBFW_FAIL_STRDUP='gi9-9-9')
asan = subprocess.run(['ldd', os.path.join(BUILD, 'zbfwd')],
                      capture_output=True, text=True).stdout
for ln in asan.splitlines():
    if 'libasan' in ln and '=>' in ln:
        env['LD_PRELOAD'] = ln.split('=>')[1].split()[0] + ':' + SHIM
d = subprocess.Popen([os.path.join(BUILD, 'zbfwd'), '--no-dataplane',
                      '-f', os.path.join(tmp, 'none'), '-S', sock,
                      '-t', 'none'], env=env, stderr=subprocess.PIPE)
try:
    for _ in range(200):
        if os.path.exists(sock):
            break
        time.sleep(0.05)
    a, b, c = Console(sock), Console(sock), Console(sock)
    for s in (a, b, c):
        s.wait_prompt()
        s.command(b'enable')

    # Control: a good interface compiles, nothing is printed.
    a.command(b'configure terminal')
    check(run(a, b'zone security inside') == b'' and
          run(a, b'interface GigabitEthernet0/0/1') == b'' and
          run(a, b' zone-member security inside') == b'',
          'control: good lines print nothing')
    out = run(a, b'do show zone security')
    check(b'%' not in out and b'GigabitEthernet0/0/1' in out,
          'control: `do show` after good lines: no error', out)

    # The bad line itself costs nothing and prints nothing ...
    check(run(a, b'interface GigabitEthernet9/9/9') == b'' and
          run(a, b' zone-member security inside') == b'',
          'a line whose compile fails prints nothing by itself '
          '(no compile yet)')
    # ... the next show compiles it first: error, then the show itself.
    out = run(a, b'do show zone security')
    check(out.startswith(ERR) and b'GigabitEthernet9/9/9' in out,
          '`do show` right after the line compiles it first: the error, '
          'then the show', out)
    out = run(a, b'do show zone security')
    check(b'%' not in out and b'GigabitEthernet9/9/9' in out,
          'control: a second show has nothing new to compile', out)

    # A change left pending in A, compiled by B's show: A is told, B and C
    # (no change of theirs) are not.
    check(run(a, b' description pending in A') == b'',
          'another line in A prints nothing')
    out = run(b, b'show zone security')
    check(b'%' not in out and b'GigabitEthernet9/9/9' in out,
          'B\'s show (compiling A\'s pending line) shows, without A\'s '
          'error', out)
    out = run(c, b'show clock')
    check(b'%' not in out, 'control: C, which changed nothing, is not '
          'told', out)
    out = run(a, b'do show clock')
    check(out.startswith(ERR), 'A, whose line failed when B\'s show '
          'compiled it, is told before its next output', out)
    out = run(a, b'do show clock')
    check(b'%' not in out, 'control: A is told once', out)

    # No show at all: the timer compiles and A is told, at its next line
    # even when that line is no EXEC command (which would compile itself).
    check(run(a, b' description timer') == b'', 'a pending line prints '
          'nothing')
    time.sleep(0.5)
    out = run(a, b' description after the timer')
    check(out.startswith(ERR), 'the timer compiled within 0.5 s: A is told '
          'before the output of its next (configuration) line', out)
    out = run(a, b' description once more')
    check(out == b'', 'control: told once; a configuration line prints '
          'nothing by itself', out)

    # Remove the offending interface: compiles again, nobody is told.
    a.command(b'exit')
    check(run(a, b'no interface GigabitEthernet9/9/9') == b'', '`no interface` prints '
          'nothing')
    out = run(a, b'end')
    check(b'%' not in out, 'control: `end` compiles the good '
          'configuration without an error', out)
    time.sleep(0.3)
    out = run(b, b'show zone security')
    check(b'%' not in out and b'GigabitEthernet9/9/9' not in out,
          'control: B sees the good configuration, no error', out)
    out = run(a, b'show clock')
    check(b'%' not in out, 'control: A is not told of anything', out)

    # A failure found by `end` is the error of `end`.
    a.command(b'configure terminal')
    run(a, b'interface GigabitEthernet9/9/9')
    out = run(a, b'end')
    check(out.startswith(ERR), '`end` compiles and reports the failure',
          out)
    for s in (a, b, c):
        s.close()
finally:
    d.terminate()
    err = d.communicate(timeout=10)[1]
    shutil.rmtree(tmp, ignore_errors=True)
check(d.returncode == 0, 'zbfwd exits cleanly', err)
print('%d checks, %d failed' % (checks, fails))
sys.exit(1 if fails or checks == 0 else 0)
