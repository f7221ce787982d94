#!/usr/bin/python3
"""Netmiko drives zbfw: Debian's python3-netmiko, device_type
cisco_ios_telnet (argument telnet, the default) or cisco_ios over SSH
(argument ssh), unchanged, against zbfwd's vty: login local,
enable with the enable secret, send_command, send_config_set, save_config
(the startup-config file really written), send_command with
use_textfsm=True (NET_TEXTFSM = the ntc-templates corpus; that check is
skipped when it is absent), disconnect."""
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zbdaemon import SHARED, Checks, Daemon  # noqa: E402

os.environ['NET_TEXTFSM'] = os.path.join(SHARED, 'testdata', 'ntc-templates',
                                         'templates')
from netmiko import ConnectHandler  # noqa: E402

# Passwords: admin / zbfw-admin, enable secret zbfw-enable (type 9).
CONFIG = """\
hostname nm-router
enable secret 9 $9$Zb6fwEnblSaltB$cCA.RfR6wF0dBoOCUUljc3ZM06gPT3X2FufwyZAKU0o
username admin secret 9 $9$Zb6fwTestSaltA$19pXhc2P5.LYazLglZSdNwpqWU.DypvRK7fZyjB7L.M
class-map type inspect match-any sip-class
 match protocol sip
policy-map type inspect sip-policy
 class type inspect sip-class
  inspect
zone security inside
zone security outside
zone-pair security in-out source inside destination outside
 service-policy type inspect sip-policy
line vty 0 4
 login local
 transport input %s
"""


def main():
    if os.environ.get('ZBFW_NETMIKO_DEBUG'):
        logging.basicConfig(level=logging.DEBUG)
    checks = Checks()
    expect = checks.expect
    over = sys.argv[1] if len(sys.argv) > 1 else 'telnet'

    # The line accepts only the transport under test.
    with Daemon(CONFIG % over, ssh=over == 'ssh') as d:
        want_zp = d.cli('show zone-pair security')
        conn = ConnectHandler(device_type='cisco_ios' if over == 'ssh' else
                              'cisco_ios_telnet', host='127.0.0.1',
                              port=d.ssh_port if over == 'ssh' else d.port,
                              username='admin',
                              password='zbfw-admin', secret='zbfw-enable',
                              timeout=20)
        expect(conn.base_prompt == 'nm-router',
               'base prompt %r' % conn.base_prompt)
        expect(not conn.check_enable_mode(), 'login lands in user EXEC')
        conn.enable()
        expect(conn.check_enable_mode(), 'enable with the secret')

        out = conn.send_command('show zone-pair security')
        expect(out.strip() == want_zp.strip(),
               'send_command returns the show output\n%r\n%r' % (out, want_zp))

        out = conn.send_config_set([
            'zone security dmz',
            ' description servers',
            'class-map type inspect match-any web-class',
            ' match protocol http',
            'bogus cmd',
        ])
        expect('nm-router(config-sec-zone)#' in out,
               'config prompts in send_config_set output\n' + out)
        expect("% Invalid input detected at '^' marker." in out,
               'the bad line reports invalid input\n' + out)
        expect(not conn.check_config_mode(), 'back in EXEC after the set')

        out = conn.send_command('show running-config | section zone security dmz')
        expect('zone security dmz' in out and 'description servers' in out,
               'the configuration took effect\n' + out)

        out = conn.save_config()
        expect('Building configuration...' in out and '[OK]' in out,
               'save_config prints Building configuration... [OK]\n' + out)
        with open(d.startup) as f:
            saved = f.read()
        expect('zone security dmz' in saved and
               'class-map type inspect match-any web-class' in saved,
               'write mem wrote the startup-config file')

        conn.send_config_set(['zone security copied'])
        out = conn.save_config(cmd='copy running-config startup-config',
                               confirm=True)
        expect('Destination filename [startup-config]?' in out and '[OK]' in out,
               'save_config(copy running-config startup-config, confirm)\n' + out)
        with open(d.startup) as f:
            expect('zone security copied' in f.read(),
                   'copy running-config startup-config wrote the file')

        if checks.corpus(os.environ['NET_TEXTFSM'], 'use_textfsm=True'):
            rows = conn.send_command('show version', use_textfsm=True)
            expect(isinstance(rows, list) and rows and
                   rows[0].get('hostname') == 'nm-router',
                   'use_textfsm=True parses show version: %r' % (rows,))

        conn.disconnect()
    return checks.result()


if __name__ == '__main__':
    sys.exit(main())
