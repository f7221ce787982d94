#!/usr/bin/python3
"""TextFSM reads the host-data shows (tests/lab/ops-shows.sh): the
ntc-templates for show interfaces, show ip interface, show ipv6 interface
brief, show ip route, show ipv6 route, show arp, show ip arp, show ipv6
neighbors, show inventory and dir parse what zbfwd prints in the lab's
router namespace, and the values are the router's own (compared with
what `ip` and sysfs say there).  An extra to tests/lab/ops_shows.py's
own checks of the same shows, which calls textfsm_checks.

The templates come from the ntc-templates corpus
($ZBFW_SHARED/testdata/ntc-templates/templates, NTC @ d0bc5a48).  The
corpus absent is a SKIP line (a FAIL under CI=true: Checks.corpus); a
template the corpus copy does not hold, or python3 textfsm not
installed, is a SKIP line of those checks, not a failure."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'interop'))
from zbdaemon import SHARED  # noqa: E402

TEMPLATES = os.path.join(SHARED, 'testdata', 'ntc-templates', 'templates')


def textfsm_checks(r, checks, links, startup, fwpid):
    """The TextFSM checks into checks (a zbdaemon.Checks); r: the
    ops_shows.Router."""
    if not checks.corpus(TEMPLATES, 'TextFSM parses of the host shows'):
        return
    try:
        import textfsm
    except ImportError:
        checks.skipped += 1
        print('SKIP: TextFSM parses of the host shows: no python3 textfsm')
        return
    expect = checks.expect
    cli, ip, sysfs = r.cli, r.ip, r.sysfs

    def parse(cmd, template):
        path = os.path.join(TEMPLATES, 'cisco_ios_%s.textfsm' % template)
        out = cli(cmd)
        if not os.path.exists(path):
            checks.skipped += 1
            print('SKIP: %s: %s is not in the corpus copy' % (cmd, path))
            return None, out
        with open(path) as f:
            t = textfsm.TextFSM(f)
            try:
                rows = [dict(zip(t.header, r)) for r in t.ParseText(out)]
            except textfsm.TextFSMError as e:
                expect(False, '%s: %s\n%s' % (cmd, e, out))
                return None, out
        expect(rows, '%s: %d rows' % (cmd, len(rows)))
        return rows, out

    def mac_ios(m):
        h = m.replace(':', '')
        return '%s.%s.%s' % (h[0:4], h[4:8], h[8:12])

    ios = {'gi0-0-1': 'GigabitEthernet0/0/1'}

    rows, out = parse('show interfaces', 'show_interfaces')
    if rows is not None:
        by = {r['INTERFACE']: r for r in rows}
        want = {ios.get(n, n) for n in links}
        expect(set(by) == want, 'show interfaces: %s, ip link: %s'
               % (sorted(by), sorted(want)))
        r = by.get('r-in', {})
        expect(r.get('MAC_ADDRESS') == mac_ios(links['r-in']['address'])
               and r.get('IP_ADDRESS') == '10.1.0.1'
               and r.get('PREFIX_LENGTH') == '24'
               and r.get('MTU') == str(links['r-in']['mtu'])
               and r.get('LINK_STATUS') == 'up'
               and r.get('PROTOCOL_STATUS') == 'up',
               'show interfaces r-in: %r' % r)
        g = by.get('GigabitEthernet0/0/1', {})
        expect(g.get('IP_ADDRESS') == '10.2.0.1',
               'gi0-0-1 shown as GigabitEthernet0/0/1 with 10.2.0.1: %r' % g)
        # The counters are the kernel's (read after the show: >= shown,
        # and the pings before it made them non-zero).
        pk = int(r.get('INPUT_PACKETS') or -1)
        expect(0 < pk <= int(sysfs('r-in', 'statistics/rx_packets')),
               'r-in input packets %d (sysfs %s)'
               % (pk, sysfs('r-in', 'statistics/rx_packets')))
        d = by.get('r-nm', {})
        expect(d.get('LINK_STATUS') == 'administratively down'
               and d.get('PROTOCOL_STATUS') == 'down',
               'r-nm, set down: %r' % d)
        expect(by.get('r-dmz', {}).get('DESCRIPTION') == 'dmz link',
               'r-dmz description (ifalias): %r' % by.get('r-dmz'))

    rows, out = parse('show interfaces r-in', 'show_interfaces')
    if rows is not None:
        expect([r['INTERFACE'] for r in rows] == ['r-in'],
               'show interfaces r-in: one row %r' % rows)

    rows, out = parse('show ip interface', 'show_ip_interface')
    if rows is not None:
        by = {r['INTERFACE']: r for r in rows}
        expect(by.get('r-in2', {}).get('IP_ADDRESS') ==
               ['10.5.0.1', '10.55.0.1'] and
               by['r-in2']['PREFIX_LENGTH'] == ['24', '28'],
               'r-in2 primary and secondary: %r' % by.get('r-in2'))

    rows, out = parse('show ipv6 interface brief', 'show_ipv6_interface_brief')
    if rows is not None:
        by = {r['INTERFACE']: r for r in rows}
        a = by.get('r-in', {}).get('IPV6_ADDRESS', [])
        expect('FD01::1' in a and a[0].startswith('FE80::'),
               'r-in IPv6 link-local first, then FD01::1: %r' % a)

    rows, out = parse('show ip route', 'show_ip_route')
    if rows is not None:
        got = {(r['PROTOCOL'], r['FLAG'], r['NETWORK'], r['PREFIX_LENGTH'],
                r['NEXTHOP_IP'], r['NEXTHOP_IF']) for r in rows}
        for want in [('C', '', '10.1.0.0', '24', '', 'r-in'),
                     ('L', '', '10.1.0.1', '32', '', 'r-in'),
                     ('S', '', '198.51.100.0', '24', '10.2.0.2',
                      'GigabitEthernet0/0/1'),
                     ('S', '*', '0.0.0.0', '0', '10.3.0.2', 'r-dmz')]:
            expect(want in got, 'show ip route has %r' % (want,))
        expect('Gateway of last resort is 10.3.0.2 to network 0.0.0.0' in out,
               'gateway of last resort')
        n = len([r for r in ip('route', 'show', 'table', 'main')])
        expect(len([r for r in rows if r['PROTOCOL'] != 'L']) == n,
               'as many C/S rows as the main table has routes (%d)' % n)

    rows, out = parse('show ipv6 route', 'show_ipv6_route')
    if rows is not None:
        got = {(r['PROTOCOL'], r['NETWORK'], r['NEXTHOP_IP'], r['NEXTHOP_IF'])
               for r in rows}
        # (the template's NEXTHOP_IF takes no '-': an IOS name here)
        expect(('C', 'FD02::/64', '', 'GigabitEthernet0/0/1') in got
               and ('L', 'FD02::1/128', '', 'GigabitEthernet0/0/1') in got
               and ('S', '2001:DB8:99::/48', 'FD02::2',
                    'GigabitEthernet0/0/1') in got,
               'show ipv6 route: %r' % sorted(got))

    neigh = {n['dst']: n for n in ip('neigh', 'show')
             if 'lladdr' in n}
    for cmd, tpl, addr_key, mac_key in (
            ('show arp', 'show_arp', 'ADDRESS', 'HARDWARE_ADDRESS'),
            ('show ip arp', 'show_ip_arp', 'IP_ADDRESS', 'MAC_ADDRESS')):
        rows, out = parse(cmd, tpl)
        if rows is None:
            continue
        by = {r[addr_key]: r for r in rows}
        h = by.get('10.1.0.2', {})
        expect('10.1.0.2' in neigh and h.get(mac_key) ==
               mac_ios(neigh['10.1.0.2']['lladdr']) and
               h.get('INTERFACE') == 'r-in',
               '%s: 10.1.0.2 with the kernel\'s MAC: %r' % (cmd, h))
        own = by.get('10.1.0.1', {})
        expect(own.get(mac_key) == mac_ios(links['r-in']['address']),
               '%s: the router\'s own 10.1.0.1: %r' % (cmd, own))

    rows, out = parse('show ipv6 neighbors', 'show_ipv6_neighbors')
    if rows is not None:
        by = {r['ADDRESS']: r for r in rows}
        h = by.get('FD01::2', {})
        expect('fd01::2' in neigh and h.get('MAC_ADDRESS') ==
               mac_ios(neigh['fd01::2']['lladdr']) and
               h.get('INTERFACE') == 'r-in',
               'show ipv6 neighbors FD01::2: %r' % h)

    rows, out = parse('show inventory', 'show_inventory')
    if rows is not None:
        expect(rows[0]['NAME'] == 'Chassis' and rows[0]['PID'] != '',
               'show inventory chassis: %r' % rows[0])

    rows, out = parse('dir', 'dir')
    if rows is not None:
        names = [r['NAME'] for r in rows]
        expect(startup in names and rows[0]['FILE_SYSTEM'] == 'bootflash:/'
               and int(rows[0]['TOTAL_SIZE']) > 0,
               'dir lists %s: %r' % (startup, names))
    # After the sampler's first 5 s interval (the lab ran longer).
    rows, out = parse('show processes cpu', 'show_processes_cpu')
    if rows is not None:
        me = [r for r in rows if r['PROCESS_PID'] == fwpid]
        expect(me and me[0]['PROCESS_NAME'] == 'zbfwd'
               and 0 <= int(rows[0]['CPU_USAGE_5_SEC']) <= 100
               and len(rows) >= 2,
               'show processes cpu lists zbfwd (pid %s): %r' % (fwpid, me))
