#!/usr/bin/python3
"""TextFSM reads zbfw: the ntc-templates in ../shared/testdata/ntc-templates
(NTC @ d0bc5a48, with its index, through Debian's python3-textfsm clitable,
as Netmiko's use_textfsm=True does) parse our `show version`, `show ip
interface brief`, `show users`, `show logging`, `show clock` and `show ip
access-lists` into rows with the same keys as the shipped test pairs, and
the values are the ones our state determines."""
import glob
import os
import re
import subprocess
import sys
import time

import yaml
from textfsm import clitable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from telnet_ours import Vty  # noqa: E402
from zbdaemon import SHARED, Checks, Daemon, need_corpus  # noqa: E402

NTC = os.path.join(SHARED, 'testdata', 'ntc-templates')

CONFIG = """\
hostname tfsm-router
ip access-list extended SIP-IN
 permit udp any host 192.0.2.10 eq 5060
 permit tcp 198.51.100.0 0.0.0.255 host 192.0.2.10 range 5060 5061
 deny ip any any
access-list 101 permit icmp any any
access-list 101 deny udp host 203.0.113.5 any gt 1023
username oper password 0 oper-pw
line vty 0 4
 login local
"""


def parse(cmd, text):
    t = clitable.CliTable('index', os.path.join(NTC, 'templates'))
    t.ParseCmd(text, {'Command': cmd, 'Platform': 'cisco_ios'})
    keys = [h.lower() for h in t.header]
    return [dict(zip(keys, row)) for row in t]


def shipped_keys(cmd):
    keys = set()
    d = os.path.join(NTC, 'tests', 'cisco_ios', cmd.replace(' ', '_'))
    for y in sorted(glob.glob(os.path.join(d, '*.yml'))):
        with open(y) as f:
            for row in yaml.safe_load(f)['parsed_sample']:
                keys.add(tuple(sorted(row)))
    assert len(keys) == 1, (cmd, keys)
    return set(keys.pop())


def host_interfaces():
    out = subprocess.run(['ip', '-o', 'link', 'show'], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    return {re.match(r'\d+: ([^:@]+)', l).group(1) for l in out.splitlines()}


def main():
    need_corpus(os.path.join(NTC, 'templates', 'index'))
    checks = Checks()
    expect = checks.expect

    with Daemon(CONFIG) as d:
        # Something in the log buffer: a configuration session; and a
        # vty user for show users.
        d.cli('configure terminal', 'end')
        vty = Vty(d.port)
        vty.until(b'Username: ')
        vty.send(b'oper\r\n')
        vty.until(b'Password: ')
        vty.send(b'oper-pw\r\n')
        vty.until(b'tfsm-router>')
        for cmd in ('show version', 'show ip interface brief', 'show users',
                    'show logging', 'show clock', 'show ip access-lists'):
            out = d.cli(cmd)
            try:
                rows = parse(cmd, out)
            except Exception as e:  # textfsm's Error state, CliTableError
                expect(False, '%s: %s\n%s' % (cmd, e, out))
                continue
            before = checks.failures
            print('%s: %d rows' % (cmd, len(rows)))
            expect(rows, '%s parsed to no rows:\n%s' % (cmd, out))
            if not rows:
                continue
            expect(set(rows[0]) == shipped_keys(cmd),
                   '%s keys %s' % (cmd, sorted(rows[0])))
            r0 = rows[0]
            if cmd == 'show version':
                expect(r0['hostname'] == 'tfsm-router', 'hostname %r' % r0['hostname'])
                expect(r0['version'] != '', 'no version')
                expect(r0['uptime'] != '', 'no uptime')
            elif cmd == 'show ip interface brief':
                got = {r['interface'] for r in rows}
                expect(got == host_interfaces(),
                       'interfaces %s, host has %s' % (got, host_interfaces()))
                lo = [r for r in rows if r['interface'] == 'lo']
                expect(lo and lo[0]['ip_address'] == '127.0.0.1'
                       and lo[0]['status'] == 'up' and lo[0]['proto'] == 'up',
                       'lo row %r' % lo)
            elif cmd == 'show users':
                expect(any('con' in r['line'] for r in rows),
                       'no console line in %r' % rows)
                expect(any('vty' in r['line'] and r['user'] == 'oper' and
                           r['location'] == '127.0.0.1' for r in rows),
                       'the vty user oper from 127.0.0.1: %r' % rows)
            elif cmd == 'show logging':
                expect(any(r['facility'] == 'SYS' and r['mnemonic'] == 'CONFIG_I'
                           for r in rows), 'no %%SYS-5-CONFIG_I in %r' % rows)
            elif cmd == 'show clock':
                expect(r0['year'] == time.strftime('%Y', time.gmtime())
                       or r0['year'] == time.strftime('%Y'),
                       'year %r' % r0['year'])
                expect(r0['timezone'] != '', 'no timezone')
            elif cmd == 'show ip access-lists':
                names = [r['acl_name'] for r in rows]
                expect('SIP-IN' in names and '101' in names,
                       'acl names %r' % names)
                sip = [r for r in rows if r['acl_name'] == 'SIP-IN'
                       and r['line_num'] != '']  # not the list's own row
                expect(len(sip) == 3, 'SIP-IN has %d rows' % len(sip))
                if len(sip) == 3:
                    expect(sip[0]['action'] == 'permit'
                           and sip[0]['protocol'] == 'udp'
                           and sip[0]['dst_host'] == '192.0.2.10'
                           and sip[0]['dst_port'] == '5060',
                           'SIP-IN line 1 %r' % sip[0])
                    expect(sip[1]['src_network'] == '198.51.100.0'
                           and sip[1]['src_wildcard'] == '0.0.0.255'
                           and sip[1]['dst_port_range_start'] == '5060'
                           and sip[1]['dst_port_range_end'] == '5061',
                           'SIP-IN line 2 %r' % sip[1])
                    expect(sip[2]['action'] == 'deny'
                           and sip[2]['src_any'] == 'any',
                           'SIP-IN line 3 %r' % sip[2])
                    expect([r['line_num'] for r in sip] == ['10', '20', '30'],
                           'SIP-IN sequence numbers')
                acl101 = [r for r in rows if r['acl_name'] == '101'
                          and r['line_num'] != '']
                expect(len(acl101) == 2 and acl101[1]['src_host'] == '203.0.113.5'
                       and acl101[1]['dst_port_match'] == 'gt'
                       and acl101[1]['dst_port'] == '1023',
                       'access-list 101 rows %r' % acl101)
            if checks.failures != before:
                print(out)
        # `show policy-map ...` selects the QoS template (index prefix
        # match): on inspect output it must yield no rows and no error,
        # so Netmiko's use_textfsm=True hands back the text (reference
        # section 4.10).
        d.cli('configure terminal', 'class-map type inspect match-any c1',
              'match protocol sip', 'policy-map type inspect p1',
              'class type inspect c1', 'inspect', 'zone security a',
              'zone security b',
              'zone-pair security ab source a destination b',
              'service-policy type inspect p1', 'end')
        for cmd in ('show policy-map type inspect p1',
                    'show policy-map type inspect zone-pair ab',
                    'show policy-map type inspect zone-pair ab sessions'):
            out = d.cli(cmd)
            try:
                rows = parse(cmd, out)
                expect(rows == [], '%s: QoS template, no rows' % cmd)
            except Exception as e:
                expect(False, '%s: %s\n%s' % (cmd, e, out))
    return checks.result()


if __name__ == '__main__':
    sys.exit(main())
