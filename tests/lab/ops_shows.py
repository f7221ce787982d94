#!/usr/bin/python3
"""The host-data shows against the router namespace's own data
(tests/lab/ops-shows.sh): each show's output is parsed with regexes
written from the IOS layouts (doc/OPERATIONS.md) and its values are
compared with what `ip -j` and sysfs say in the namespace, each check
with a positive control beside its negative one.  Then, when the
ntc-templates corpus and python3 textfsm are there, the TextFSM parses
of the same shows (tests/lab/ops_textfsm.py) as an extra; they are
SKIP lines when not.  argv: the console socket, the router namespace,
the startup-config's path, zbfwd's pid."""
import ipaddress
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'interop'))
from zbdaemon import BUILD, Checks  # noqa: E402


class Router:
    """zbfwd's console and the namespace's own data."""

    def __init__(self, sock, netns):
        self.sock, self.netns = sock, netns

    def cli(self, cmd):
        return subprocess.run([os.path.join(BUILD, 'zbfw'), '-S', self.sock,
                               '-c', cmd], stdout=subprocess.PIPE,
                              check=True).stdout.decode()

    def ip(self, *args):
        return json.loads(subprocess.run(
            ['ip', 'netns', 'exec', self.netns, 'ip', '-j'] + list(args),
            stdout=subprocess.PIPE, check=True).stdout.decode())

    def sysfs(self, ifname, attr):
        return subprocess.run(
            ['ip', 'netns', 'exec', self.netns, 'cat',
             '/sys/class/net/%s/%s' % (ifname, attr)],
            stdout=subprocess.PIPE, check=True).stdout.decode().strip()


def ios_name(n):
    """The IOS name zbfwd shows for a Linux interface (gi0-0-1)."""
    m = re.fullmatch(r'gi(\d+(?:-\d+)*)', n)
    return 'GigabitEthernet' + m.group(1).replace('-', '/') if m else n


def mac_ios(m):
    h = m.replace(':', '')
    return '%s.%s.%s' % (h[0:4], h[4:8], h[8:12])


def v6(a):
    return str(ipaddress.IPv6Address(a)).upper()


def blocks(out, head):
    """Split an output into {name: block text} at lines matching head
    (a regex whose group 1 is the interface name)."""
    res, name = {}, None
    for line in out.splitlines():
        m = re.match(head, line)
        if m:
            name = m.group(1)
            res[name] = line + '\n'
        elif name is not None:
            res[name] += line + '\n'
    return res


def state(link):
    """IOS admin/oper words for an `ip -j link` entry."""
    if 'UP' not in link['flags']:
        return 'administratively down', 'down'
    up = link['operstate'] in ('UP', 'UNKNOWN')
    return 'up', 'up' if up else 'down'


def per_interface(r, c, cmd, hd, links):
    """cmd's output in blocks, one per interface (hd: the heading regex,
    groups name, admin and protocol state); checks that every interface
    of the namespace is there under its IOS name with its states."""
    by = blocks(r.cli(cmd), hd)
    c.expect(set(by) == {ios_name(n) for n in links},
             '%s: %s, ip link: %s' % (cmd, sorted(by),
                                      sorted(ios_name(n) for n in links)))
    for lx in sorted(links):
        m = re.match(hd, by.get(ios_name(lx), ''), re.M)
        c.expect(m and (m.group(2), m.group(3)) == state(links[lx]),
                 '%s %s: %s/%s (ip link flags %s, %s)'
                 % (cmd, lx, *state(links[lx]), links[lx]['flags'],
                    links[lx]['operstate']))
    return by


def check_interfaces(r, c, links, addrs):
    hd = r'^(\S+) is (up|down|administratively down), line protocol is ' \
        r'(up|down)$'
    by = per_interface(r, c, 'show interfaces', hd, links)
    want = {ios_name(n): n for n in links}
    c.expect('gi0-0-1' not in by and 'GigabitEthernet0/0/1' in by,
             'gi0-0-1 shown by its IOS name only')
    for name, lx in sorted(want.items()):
        b = by.get(name, '')
        ln = links[lx]
        m = re.search(r'^  MTU (\d+) bytes,', b, re.M)
        c.expect(m and int(m.group(1)) == ln['mtu'],
                 '%s: MTU %s' % (name, ln['mtu']))
        if ln.get('link_type') == 'ether':
            m = re.search(r'^  Hardware is \S+, address is (\S+) '
                          r'\(bia (\S+)\)$', b, re.M)
            c.expect(m and m.group(1) == mac_ios(ln['address']),
                     '%s: address %s\n%s' % (name, ln['address'], b))
        v4 = [(a['local'], a['prefixlen']) for a in addrs[lx]
              if a['family'] == 'inet']
        m = re.search(r'^  Internet address is (\S+)/(\d+)$', b, re.M)
        c.expect(m and (m.group(1), int(m.group(2))) == v4[0],
                 '%s: Internet address %s/%s' % (name, *v4[0]))
        d = re.search(r'^  Description: (.*)$', b, re.M)
        alias = ln.get('ifalias')
        c.expect((d.group(1) if d else None) == alias,
                 '%s: description %r (ifalias %r)' % (name, alias, alias))
    b = by.get('r-in', '')
    m = re.search(r'^ +(\d+) packets input, (\d+) bytes', b, re.M)
    rx = int(r.sysfs('r-in', 'statistics/rx_packets'))
    c.expect(m and 0 < int(m.group(1)) <= rx,
             'r-in packets input %s: > 0 (pings), <= sysfs read after (%d)'
             % (m and m.group(1), rx))
    one = blocks(r.cli('show interfaces r-in'), hd)
    c.expect(list(one) == ['r-in'], 'show interfaces r-in: only r-in %s'
             % list(one))
    one = blocks(r.cli('show interfaces GigabitEthernet0/0/1'), hd)
    c.expect(list(one) == ['GigabitEthernet0/0/1'],
             'show interfaces GigabitEthernet0/0/1: only it %s' % list(one))


def check_ip_interface(r, c, links, addrs):
    hd = r'^(\S+) is (up|down|administratively down), line protocol is ' \
        r'(up|down)$'
    by = per_interface(r, c, 'show ip interface', hd, links)
    for lx in sorted(links):
        b = by.get(ios_name(lx), '')
        want = ['%s/%s' % (a['local'], a['prefixlen']) for a in addrs[lx]
                if a['family'] == 'inet']
        got = re.findall(r'^  Internet address is (\S+)$', b, re.M)
        got += re.findall(r'^  Secondary address (\S+)$', b, re.M)
        c.expect(sorted(got) == sorted(want) and
                 re.search(r'^  Internet address is %s$' % want[0], b, re.M),
                 '%s: addresses %s (primary first)\n%s' % (lx, want, b))
        m = re.search(r'^  MTU is (\d+) bytes$', b, re.M)
        c.expect(m and int(m.group(1)) == links[lx]['mtu'],
                 '%s: MTU is %s' % (lx, links[lx]['mtu']))
    b = by.get('r-in2', '')
    c.expect('Secondary address 10.55.0.1/28' in b and '10.55.0.1' not in
             by.get('r-in', '-'), 'r-in2 secondary 10.55.0.1/28, not on r-in')


def check_ipv6_brief(r, c, links, addrs):
    hd = r'^(\S+) +\[(up|down|administratively down)/(up|down)\]$'
    by = per_interface(r, c, 'show ipv6 interface brief', hd, links)
    for lx in sorted(links):
        b = by.get(ios_name(lx), '')
        want = [v6(a['local']) for a in addrs[lx] if a['family'] == 'inet6']
        got = [l.strip() for l in b.splitlines()[1:]]
        if not want:
            c.expect(got == ['unassigned'],
                     '%s: no IPv6 address (ip addr): unassigned %s'
                     % (lx, got))
            continue
        ll = [a for a in want if a.startswith('FE80:')]
        c.expect(sorted(got) == sorted(want) and
                 (not ll or got[0] in ll),
                 '%s: %s (link-local first)' % (lx, got))
    c.expect('FD01::1' in by.get('r-in', '') and 'FD01::1' not in
             by.get('r-in2', '-'), 'FD01::1 on r-in, not on r-in2')


def check_ip_route(r, c, links):
    out = r.cli('show ip route')
    rt = r'^([A-Z][A-Z0-9]?)(\*?) +(\d+\.\d+\.\d+\.\d+)/(\d+) (.*)$'
    rows = {}
    for m in re.finditer(rt, out, re.M):
        rows[(m.group(3), int(m.group(4)))] = (m.group(1), m.group(2),
                                                m.group(5))
    main = r.ip('route', 'show', 'table', 'main')
    local = r.ip('route', 'show', 'table', 'local')
    for e in main:
        net = ipaddress.ip_network('0.0.0.0/0' if e['dst'] == 'default'
                                   else e['dst'])
        key = (str(net.network_address), net.prefixlen)
        row = rows.get(key)
        dev = ios_name(e['dev'])
        if 'gateway' in e:
            want = ('S', '*' if net.prefixlen == 0 else '',
                    '[1/0] via %s, %s' % (e['gateway'], dev))
        else:
            want = ('C', '', 'is directly connected, %s' % dev)
        c.expect(row == want, 'show ip route %s/%s: %r (ip route: %s)'
                 % (*key, row, json.dumps(e)))
    for e in local:
        if e.get('type') != 'local' or e['dst'].startswith('127.'):
            continue
        row = rows.get((e['dst'], 32))
        c.expect(row == ('L', '', 'is directly connected, %s'
                         % ios_name(e['dev'])),
                 'show ip route L %s/32 %s: %r' % (e['dst'], e['dev'], row))
    nl = len([e for e in local if e.get('type') == 'local' and
              not e['dst'].startswith('127.')])
    c.expect(len(rows) == len(main) + nl,
             'show ip route: %d rows = %d main + %d local routes'
             % (len(rows), len(main), nl))
    c.expect(rows.get(('198.51.100.0', 24)) ==
             ('S', '', '[1/0] via 10.2.0.2, GigabitEthernet0/0/1') and
             ('198.51.101.0', 24) not in rows,
             '198.51.100.0/24 via 10.2.0.2 (added), 198.51.101.0/24 not')
    c.expect('Gateway of last resort is 10.3.0.2 to network 0.0.0.0' in out
             and rows.get(('0.0.0.0', 0), ('',))[0] == 'S',
             'gateway of last resort 10.3.0.2')
    c.expect(('10.4.0.0', 24) not in rows and ('10.4.0.1', 32) in rows,
             'r-nm down: no C 10.4.0.0/24 (kernel dropped it), L 10.4.0.1')


def check_ipv6_route(r, c):
    out = r.cli('show ipv6 route')
    # proto, network, via's first word (with its comma), the last word
    # (the interface of a static route, else connected/receive)
    got = {}
    for m in re.finditer(r'^([A-Z]+) +(\S+) \[\d+/\d+\]\n +via (\S+) (.*)$',
                         out, re.M):
        rest = m.group(4)
        got[m.group(2)] = (m.group(1), m.group(3),
                           rest if m.group(1) == 'S' else rest.split()[-1])
    m = re.search(r'^IPv6 Routing Table - default - (\d+) entries$', out,
                  re.M)
    c.expect(m and int(m.group(1)) == len(got),
             'show ipv6 route: header count %s = %d routes shown'
             % (m and m.group(1), len(got)))
    want = {}
    for e in r.ip('-6', 'route', 'show', 'table', 'main'):
        if e['dst'].startswith('fe80:') or e.get('dev') == 'lo':
            continue
        n = ipaddress.ip_network(e['dst'])
        k = '%s/%d' % (v6(n.network_address), n.prefixlen)
        if 'gateway' in e:
            want[k] = ('S', v6(e['gateway']) + ',', ios_name(e['dev']))
        else:
            want[k] = ('C', ios_name(e['dev']) + ',', 'connected')
    for e in r.ip('-6', 'route', 'show', 'table', 'local'):
        if e.get('type') != 'local' or e['dst'].startswith('fe80:') or \
                e['dev'] == 'lo':
            continue
        want['%s/128' % v6(e['dst'])] = ('L', ios_name(e['dev']) + ',',
                                         'receive')
    c.expect(got == want, 'show ipv6 route = ip -6 route main+local:\n'
             'shown %r\nwant  %r' % (sorted(got.items()),
                                     sorted(want.items())))
    c.expect(got.get('2001:DB8:99::/48') ==
             ('S', 'FD02::2,', 'GigabitEthernet0/0/1') and
             '2001:DB8:98::/48' not in got,
             '2001:db8:99::/48 via fd02::2 (added), 2001:db8:98::/48 not')
    c.expect(got.get('FD01::1/128', ('',))[0] == 'L' and
             got.get('FD01::/64', ('',))[0] == 'C' and
             'FD04::/64' not in got,
             'C FD01::/64, L FD01::1/128; r-nm down: no FD04::/64')


def check_neighbours(r, c, links):
    neigh = [n for n in r.ip('neigh', 'show') if 'lladdr' in n]
    kn = {n['dst']: n for n in neigh}
    for cmd in ('show arp', 'show ip arp'):
        out = r.cli(cmd)
        c.expect(out.startswith('Protocol  Address          Age (min)  '
                                'Hardware Addr   Type   Interface'),
                 '%s header' % cmd)
        rows = {m.group(1): (m.group(2), m.group(3), m.group(4))
                for m in re.finditer(r'^Internet +(\S+) +(\S+) +(\S+) +'
                                     r'ARPA +(\S+)$', out, re.M)}
        h = kn.get('10.1.0.2')
        c.expect(h and rows.get('10.1.0.2', ('',))[1:] ==
                 (mac_ios(h['lladdr']), 'r-in') and
                 re.fullmatch(r'\d+', rows['10.1.0.2'][0]),
                 '%s: 10.1.0.2 (pinged) with the kernel\'s MAC %s: %r'
                 % (cmd, h and h['lladdr'], rows.get('10.1.0.2')))
        c.expect('10.5.0.2' not in kn and '10.5.0.2' not in rows,
                 '%s: 10.5.0.2 (not pinged) neither in the kernel\'s nor '
                 'the shown table' % cmd)
        for n in neigh:
            if ':' in n['dst']:
                continue
            c.expect(rows.get(n['dst'], ('',))[1:] ==
                     (mac_ios(n['lladdr']), ios_name(n['dev'])),
                     '%s: kernel neighbour %s %s' % (cmd, n['dst'],
                                                     n['dev']))
        own = rows.get('10.1.0.1', ())
        c.expect(own == ('-', mac_ios(links['r-in']['address']), 'r-in'),
                 '%s: the router\'s own 10.1.0.1, age -: %r' % (cmd, own))
    out = r.cli('show ipv6 neighbors')
    # address, age, link-layer address, state, interface
    rows = {m.group(1): (m.group(2), m.group(4))
            for m in re.finditer(r'^([0-9A-F:]+) +(?:\d+|-) +(\S+) +(\S+) +'
                                 r'(\S+)$', out, re.M)}
    h = kn.get('fd01::2')
    c.expect(h and rows.get('FD01::2') == (mac_ios(h['lladdr']), 'r-in'),
             'show ipv6 neighbors FD01::2 (pinged) with the kernel\'s MAC '
             '%s: %r' % (h and h['lladdr'], rows.get('FD01::2')))
    c.expect('fd05::2' not in kn and 'FD05::2' not in rows,
             'show ipv6 neighbors: FD05::2 (not pinged) absent')
    for n in neigh:
        if ':' not in n['dst']:
            continue
        c.expect(rows.get(v6(n['dst'])) ==
                 (mac_ios(n['lladdr']), ios_name(n['dev'])),
                 'show ipv6 neighbors: kernel neighbour %s %s'
                 % (n['dst'], n['dev']))


def check_inventory(r, c):
    out = r.cli('show inventory')
    names = re.findall(r'^NAME: "([^"]*)", DESCR: "([^"]*)"$', out, re.M)
    pids = re.findall(r'^PID: (\S*) *, VID: (\S*) *, SN: (\S*)$', out, re.M)
    c.expect(names and names[0][0] == 'Chassis' and names[0][1] and
             len(pids) == len(names) and pids[0][0],
             'show inventory: Chassis first, a PID line per NAME: %r %r'
             % (names, pids))
    mid = open('/etc/machine-id').read().strip() \
        if os.path.exists('/etc/machine-id') else None
    c.expect(pids and (mid is None or pids[0][2] == mid),
             'show inventory SN is the machine-id %s: %r' % (mid, pids[:1]))


def check_dir(r, c, startup):
    out = r.cli('dir')
    c.expect(out.startswith('Directory of bootflash:/\n'), 'dir header')
    files = {m.group(4): (int(m.group(1)), m.group(2), int(m.group(3)))
             for m in re.finditer(r'^ *(\d+) +(\S+) +(\d+) +\S+ +\d+ +\d+ '
                                  r'[\d:]+ [+-]\d\d:\d\d +(\S+)$', out, re.M)}
    d = os.path.dirname(startup)
    base = os.path.basename(startup)
    st = os.stat(startup)
    c.expect(files.get(base) == (st.st_ino, files.get(base, (0, '-'))[1],
                                 st.st_size) and
             files[base][1].startswith('-rw'),
             'dir: %s, %d bytes, inode %d: %r'
             % (base, st.st_size, st.st_ino, files.get(base)))
    c.expect(set(files) == set(os.listdir(d)),
             'dir lists the directory\'s files: %s = %s'
             % (sorted(files), sorted(os.listdir(d))))
    m = re.search(r'^(\d+) bytes total \((\d+) bytes free\)$', out, re.M)
    sv = os.statvfs(d)
    c.expect(m and int(m.group(1)) == sv.f_blocks * sv.f_frsize and
             0 < int(m.group(2)) <= int(m.group(1)),
             'dir: bytes total %s = statvfs %d, free <= total'
             % (m and m.group(1), sv.f_blocks * sv.f_frsize))


def check_cpu(r, c, fwpid):
    out = r.cli('show processes cpu')
    m = re.match(r'CPU utilization for five seconds: (\d+)%/(\d+)%; one '
                 r'minute: (\d+)%; five minutes: (\d+)%\n', out)
    c.expect(m and all(0 <= int(v) <= 100 for v in m.groups()) and
             int(m.group(2)) <= int(m.group(1)),
             'show processes cpu header, numbers 0..100: %r'
             % out.split('\n')[0])
    rows = {int(p.group(1)): p.groups() for p in re.finditer(
        r'^ *(\d+) +(\d+) +(\d+) +(\d+) +([\d.]+)% +([\d.]+)% +([\d.]+)% '
        r'+(\d+) (\S.*)$', out, re.M)}
    me = rows.get(int(fwpid))
    c.expect(me and me[8] == 'zbfwd' and
             all(0 <= float(v) <= 100 for v in me[4:7]),
             'show processes cpu: zbfwd (pid %s) with 5Sec/1Min/5Min in '
             'range: %r' % (fwpid, me))
    pids = {int(p) for p in os.listdir('/proc') if p.isdigit()}
    gone = set(rows) - pids
    c.expect(len(rows) >= 2 and int(fwpid) in pids and
             len(gone) <= len(rows) // 10,
             'show processes cpu: %d processes, /proc pids (bar %d that '
             'may have exited since)' % (len(rows), len(gone)))


def main():
    sock, netns, startup, fwpid = sys.argv[1:5]
    r = Router(sock, netns)
    c = Checks()
    links = {l['ifname']: l for l in r.ip('link', 'show')}
    addrs = {a['ifname']: a['addr_info'] for a in r.ip('addr', 'show')}
    check_interfaces(r, c, links, addrs)
    check_ip_interface(r, c, links, addrs)
    check_ipv6_brief(r, c, links, addrs)
    check_ip_route(r, c, links)
    check_ipv6_route(r, c)
    check_neighbours(r, c, links)
    check_inventory(r, c)
    check_dir(r, c, startup)
    check_cpu(r, c, fwpid)
    from ops_textfsm import textfsm_checks
    textfsm_checks(r, c, links, os.path.basename(startup), fwpid)
    return c.result()


if __name__ == '__main__':
    sys.exit(main())
