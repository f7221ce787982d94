#!/usr/bin/python3
"""Genie reads zbfw's live sessions: in a namespaced lab (zt-gl*) a TCP
connection and a ping cross zbfwd's dataplane, and the re-implemented Genie
parsers (genie_zbfw.py, GP @ 366d83b9) read `show policy-map type inspect
zone-pair sessions` and `show policy-map type inspect zone-pair in-out`
into the structures Genie users expect, with the real addresses, ports,
states and counters.  Needs root; exits 77 (skip) otherwise."""
import atexit
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genie_zbfw  # noqa: E402
from zbdaemon import BUILD, Checks  # noqa: E402

TAG = 'zt-gl%d' % (os.getpid() % 100000)
A, R, B = TAG + '-a', TAG + '-r', TAG + '-b'
CONFIG = """\
class-map type inspect match-any cm-all
 match protocol tcp
 match protocol udp
 match protocol icmp
policy-map type inspect pm
 class type inspect cm-all
  inspect
zone security inside
zone security outside
zone-pair security in-out source inside destination outside
 service-policy type inspect pm
interface GigabitEthernet0/0/0
 zone-member security inside
interface eth1
 zone-member security outside
"""
procs = []
tmp = tempfile.mkdtemp(prefix='zt-gl.')
checks = Checks()
expect = checks.expect


def sh(*args, check=True):
    return subprocess.run(args, check=check, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT).stdout.decode()


def cleanup():
    for p in procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
    for ns in (A, B, R):
        pids = sh('ip', 'netns', 'pids', ns, check=False).split()
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass
        sh('ip', 'netns', 'del', ns, check=False)
    sh('rm', '-rf', tmp, check=False)


def main():
    if os.geteuid() != 0:
        print('SKIP: needs root (network namespaces)')
        return 77
    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    for ns in (A, R, B):
        sh('ip', 'netns', 'add', ns)
        sh('ip', '-n', ns, 'link', 'set', 'lo', 'up')
    sh('ip', 'link', 'add', 'eth0', 'netns', A, 'type', 'veth', 'peer',
       'name', 'gi0-0-0', 'netns', R)
    sh('ip', 'link', 'add', 'eth0', 'netns', B, 'type', 'veth', 'peer',
       'name', 'eth1', 'netns', R)
    for ns, dev, addr in ((A, 'eth0', '10.61.1.2/24'), (R, 'gi0-0-0', '10.61.1.1/24'),
                          (R, 'eth1', '10.61.2.1/24'), (B, 'eth0', '10.61.2.2/24')):
        sh('ip', '-n', ns, 'addr', 'add', addr, 'dev', dev)
        sh('ip', '-n', ns, 'link', 'set', dev, 'up')
    sh('ip', '-n', A, 'route', 'add', 'default', 'via', '10.61.1.1')
    sh('ip', '-n', B, 'route', 'add', 'default', 'via', '10.61.2.1')
    sh('ip', 'netns', 'exec', R, 'sysctl', '-qw', 'net.ipv4.ip_forward=1')

    cfg = os.path.join(tmp, 'startup-config')
    sock = os.path.join(tmp, 'sock')
    with open(cfg, 'w') as f:
        f.write(CONFIG)
    log = open(os.path.join(tmp, 'zbfwd.log'), 'w')
    d = subprocess.Popen(['ip', 'netns', 'exec', R, os.path.join(BUILD, 'zbfwd'),
                          '-f', cfg, '-S', sock, '-t', 'none'],
                         stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    procs.append(d)
    for _ in range(100):
        if os.path.exists(sock) or d.poll() is not None:
            break
        time.sleep(0.05)
    if not os.path.exists(sock):
        log.flush()
        print('zbfwd did not start:\n' + open(log.name).read())
        return 1
    time.sleep(0.5)

    def cli(cmd):
        return sh(os.path.join(BUILD, 'zbfw'), '-S', sock, '-c', cmd)

    srv = subprocess.Popen(['ip', 'netns', 'exec', B, 'socat',
                            'TCP-LISTEN:5001,reuseaddr,fork', 'EXEC:cat'],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(srv)
    time.sleep(0.5)
    cl = subprocess.Popen(['ip', 'netns', 'exec', A, 'socat', '-',
                           'TCP:10.61.2.2:5001'], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    procs.append(cl)
    cl.stdin.write(b'hello through zbfw\n')
    cl.stdin.flush()
    echoed = cl.stdout.readline()
    expect(echoed == b'hello through zbfw\n', 'TCP through the inspect policy: %r' % echoed)
    ping = sh('ip', 'netns', 'exec', A, 'ping', '-c', '2', '-W', '1', '10.61.2.2',
              check=False)
    expect(' 0% packet loss' in ping, 'ICMP through the inspect policy')
    time.sleep(0.5)

    out = cli('show policy-map type inspect zone-pair sessions')
    got = genie_zbfw.show_policy_map_type_inspect_zone_pair_sessions(out)
    try:
        cm = got['zone_pair']['in-out']['service_policy_inspect']['pm'][
            'class_map']['cm-all']
    except KeyError:
        cm = {}
    expect(cm.get('class_map_type') == 'match-any' and
           cm.get('class_map_match') == ['protocol tcp', 'protocol udp', 'protocol icmp'] and
           cm.get('class_map_action') == 'Inspect', 'class structure\n' + out)
    est = cm.get('established_sessions', {})
    tcp = [s for s in est.values() if s['protocol'] == 'tcp']
    expect(len(tcp) == 1, 'one established tcp session: %r\n%s' % (est, out))
    if tcp:
        s = tcp[0]
        expect(s['initiator_ip'] == '10.61.1.2' and s['responder_ip'] == '10.61.2.2'
               and s['responder_port'] == '5001' and s['state'] == 'SIS_OPEN',
               'tcp session endpoints and state: %r' % s)
        expect(len(s.get('created', '').split(':')) == 3 and
               len(s.get('last_heard', '').split(':')) == 3,
               'Created / Last heard in hh:mm:ss: %r' % s)
        bs = s.get('bytes_sent', {})
        # 19 bytes of payload each way; zbfw counts IP bytes (conntrack
        # accounting), so at least that much.
        expect(int(bs.get('initiator', '0')) >= 19 and bs.get('responder', 0) >= 19,
               'bytes sent both ways (>= 19 each): %r' % bs)
    ids = list(est)
    expect(all(i.startswith('0x') and len(i) == 10 and i[2:] == i[2:].upper()
               for i in ids), 'session ids 0x%%08X: %r' % ids)

    out = cli('show policy-map type inspect zone-pair in-out')
    got = genie_zbfw.show_policy_map_type_inspect_zone_pair(out)
    try:
        act = got['zone_pair']['in-out']['service_policy_inspect']['pm'][
            'class_map']['cm-all']['class_map_action']['Inspect']
    except KeyError:
        act = {}
    expect(act.get('sessions_since_startup_or_reset', 0) >= 2 and
           act.get('current_session_counts_estab', 0) >= 1 and
           act.get('last_session_created', 'never') != 'never',
           'counters moved: %r\n%s' % (act, out))
    return checks.result()


if __name__ == '__main__':
    sys.exit(main())
