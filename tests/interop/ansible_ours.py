#!/usr/bin/python3
"""Ansible (Debian's ansible package, its cisco.ios collection, network_cli
over SSH through paramiko) gathers zbfwd's facts: cisco.ios.ios_facts
with gather_subset: all, run by ansible-playbook against an inventory,
is `ok` (not failed), and the facts are the daemon's: hostname, version,
interfaces with the host's addresses, memory, the bootflash: file
system."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zbdaemon import Checks, Daemon  # noqa: E402

CONFIG = """\
hostname ans-r1
enable secret 9 $9$Zb6fwEnblSaltB$cCA.RfR6wF0dBoOCUUljc3ZM06gPT3X2FufwyZAKU0o
username admin secret 9 $9$Zb6fwTestSaltA$19pXhc2P5.LYazLglZSdNwpqWU.DypvRK7fZyjB7L.M
line vty 0 4
 login local
 transport input ssh
"""

PLAYBOOK = """\
- hosts: routers
  gather_facts: no
  tasks:
    - name: facts
      cisco.ios.ios_facts:
        gather_subset: all
"""


def main():
    if shutil.which('ansible-playbook') is None:
        print('SKIP: no ansible-playbook (Debian package ansible)')
        return 77
    checks = Checks()
    expect = checks.expect
    work = tempfile.mkdtemp(prefix='zbfw-ansible.')
    try:
        with Daemon(CONFIG, ssh=True) as d:
            inv = os.path.join(work, 'hosts')
            with open(inv, 'w') as f:
                f.write('[routers]\nr1 ansible_host=127.0.0.1 '
                        'ansible_port=%d\n[routers:vars]\n'
                        'ansible_connection=ansible.netcommon.network_cli\n'
                        'ansible_network_os=cisco.ios.ios\n'
                        'ansible_user=admin\n'
                        'ansible_password=zbfw-admin\n'
                        'ansible_become=yes\n'
                        'ansible_become_method=enable\n'
                        'ansible_become_password=zbfw-enable\n'
                        % d.ssh_port)
            pb = os.path.join(work, 'facts.yml')
            with open(pb, 'w') as f:
                f.write(PLAYBOOK)
            env = dict(os.environ, ANSIBLE_HOST_KEY_CHECKING='False',
                       ANSIBLE_STDOUT_CALLBACK='json',
                       ANSIBLE_NETWORK_CLI_SSH_TYPE='paramiko',
                       ANSIBLE_PERSISTENT_COMMAND_TIMEOUT='60',
                       ANSIBLE_LOCAL_TEMP=os.path.join(work, 'tmp'),
                       ANSIBLE_PERSISTENT_CONTROL_PATH_DIR=os.path.join(
                           work, 'pc'),
                       HOME=work)
            r = subprocess.run(['ansible-playbook', '-i', inv, pb], env=env,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=300,
                               cwd=work)
            out = r.stdout.decode()
            try:
                res = json.loads(out[out.index('{'):])
            except ValueError:
                expect(False, 'ansible-playbook output is not JSON:\n%s\n%s'
                       % (out, r.stderr.decode()))
                return checks.result()
            stats = res['stats'].get('r1', {})
            expect(r.returncode == 0 and stats.get('ok') == 1 and
                   stats.get('failures') == 0 and
                   stats.get('unreachable') == 0,
                   'ios_facts gather_subset all: ok (rc %d, stats %r)'
                   % (r.returncode, stats))
            task = res['plays'][0]['tasks'][0]['hosts'].get('r1', {})
            if task.get('failed'):
                print(json.dumps(task, indent=1)[:4000])
            facts = task.get('ansible_facts', {})
            expect(facts.get('ansible_net_hostname') == 'ans-r1',
                   'hostname %r' % facts.get('ansible_net_hostname'))
            expect(facts.get('ansible_net_version') not in (None, ''),
                   'version %r' % facts.get('ansible_net_version'))
            ifs = facts.get('ansible_net_interfaces', {})
            expect('lo' in ifs and ifs['lo'].get('ipv4') and
                   ifs['lo']['ipv4'][0].get('address') == '127.0.0.1' and
                   ifs['lo'].get('lineprotocol') == 'up',
                   'interface lo with 127.0.0.1: %r' % ifs.get('lo'))
            expect('127.0.0.1' in facts.get('ansible_net_all_ipv4_addresses',
                                            []),
                   'all_ipv4_addresses %r'
                   % facts.get('ansible_net_all_ipv4_addresses'))
            with open('/proc/meminfo') as f:
                total_kb = int(f.readline().split()[1])
            mt = facts.get('ansible_net_memtotal_mb')
            expect(isinstance(mt, (int, float)) and
                   abs(mt - total_kb / 1024) < 2,
                   'memtotal_mb %r (MemTotal %d kB)' % (mt, total_kb))
            expect('bootflash:' in facts.get('ansible_net_filesystems', []),
                   'filesystems %r' % facts.get('ansible_net_filesystems'))
            expect(facts.get('ansible_net_config', '').find(
                'hostname ans-r1') >= 0, 'running config gathered')
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return checks.result()


if __name__ == '__main__':
    sys.exit(main())
