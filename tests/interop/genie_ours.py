#!/usr/bin/python3
"""Genie reads zbfw: for each Genie golden (../shared/testdata/
genie-iosxe-zbfw/, GP @ 366d83b9), start zbfwd on a configuration
equivalent to the device's, run the same show command, parse our output
with the re-implemented Genie parser (genie_zbfw.py, proven against the
goldens by genie_golden.py) and compare with the golden's expected.py.

Compared: every key and every value the configuration determines.  Not
compared: the class-map `id` (an internal number; must be an int), and
traffic-dependent values (session lists, counters), which must be the
fresh values (0, "never") since no traffic runs here."""
import copy
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genie_zbfw  # noqa: E402
from zbdaemon import SHARED, Daemon, need_corpus  # noqa: E402

GOLDEN = os.path.join(SHARED, 'testdata', 'genie-iosxe-zbfw', 'tests')


def expected(cls, name):
    ns = {}
    with open(os.path.join(GOLDEN, cls, 'cli', 'equal',
                           name + '_expected.py')) as f:
        exec(f.read(), ns)
    return ns['expected_output']


def no_id(d):
    d = copy.deepcopy(d)
    cid = d['class_map'].pop('id', None)
    return d, cid


FRESH_INSPECT = {
    'sessions_since_startup_or_reset': 0,
    'current_session_counts_estab': 0,
    'current_session_counts_half_open': 0,
    'current_session_counts_terminating': 0,
    'maxever_session_counts_estab': 0,
    'maxever_session_counts_half_open': 0,
    'maxever_session_counts_terminating': 0,
    'last_session_created': 'never',
    'last_statistic_reset': 'never',
    'last_session_creation_rate': 0,
    'last_half_open_session_total': 0,
}


def fresh_zone_pair(d):
    """The golden's zone-pair structure with counters as after a reset.
    Optional counters (packet_type, total_packets/bytes) are dropped from
    both sides by normalise_zone_pair()."""
    d = copy.deepcopy(d)
    for zp in d['zone_pair'].values():
        for sp in zp['service_policy_inspect'].values():
            for cm in sp['class_map'].values():
                for act, c in cm['class_map_action'].items():
                    c.clear()
                    if act == 'Inspect':
                        c.update(FRESH_INSPECT)
                    else:
                        c.update(total_packets=0, total_bytes=0)
    return d


def normalise_zone_pair(d):
    d = copy.deepcopy(d)
    for zp in d.get('zone_pair', {}).values():
        for sp in zp.get('service_policy_inspect', {}).values():
            for cm in sp.get('class_map', {}).values():
                for act, c in cm.get('class_map_action', {}).items():
                    for pt in c.pop('packet_type', {}).values():
                        assert pt['packets_in_switch1'] == 0, pt
                        assert pt['packets_in_switch2'] == 0, pt
                    if act == 'Inspect':
                        assert c.pop('total_packets', 0) == 0
                        assert c.pop('total_bytes', 0) == 0
    return d


def no_sessions(d):
    d = copy.deepcopy(d)
    for zp in d['zone_pair'].values():
        for sp in zp['service_policy_inspect'].values():
            for cm in sp['class_map'].values():
                for k in ('established_sessions', 'half_open_sessions',
                          'terminating_sessions'):
                    cm.pop(k, None)
    return d


# Configurations equivalent to the devices the goldens come from.
CFG_ZONE_PAIR = """\
zone security vpn1-zone
zone security vpn2-zone
zone-pair security inter-vrf-zp source vpn1-zone destination vpn2-zone
"""

CFG_CLASS_MAPS = """\
access-list 101 permit ip any any
class-map type inspect match-any child1
 match protocol tcp
class-map type inspect match-any child2
 match protocol icmp
class-map type inspect match-any child3
 match protocol udp
class-map type inspect match-all parent
 match access-group 101
 match class-map child1
 match class-map child2
 match class-map child3
class-map type inspect match-all FOO
 match protocol icmp
 match access-group name ipv6ACL_for_drop_test
"""

CFG_PMAP = """\
class-map type inspect match-any cmap
 match protocol tcp
policy-map type inspect pmap
 class type inspect cmap
  inspect
 class class-default
  drop log
"""

CFG_ZP15 = """\
ip access-list extended OGACL
 permit ip any any
class-map type inspect match-any cmap
 match access-group name OGACL
policy-map type inspect pmap
 class type inspect cmap
  inspect
zone security inside
zone security outside
zone-pair security in-out source inside destination outside
 service-policy type inspect pmap
"""

CFG_ZP8 = """\
class-map type inspect match-any cmap1
 match protocol tcp
policy-map type inspect pmap1
 class type inspect cmap1
  inspect
 class class-default
  drop
zone security inside
zone security outside
zone-pair security in-out source inside destination outside
 service-policy type inspect pmap1
"""

CFG_SESSIONS1 = """\
class-map type inspect match-any FOO
 match protocol icmp
 match protocol udp
 match protocol tcp
policy-map type inspect in-out
 class type inspect FOO
  inspect
zone security inside
zone security outside
zone-pair security in-out source inside destination outside
 service-policy type inspect in-out
"""

# golden_output2 of ...Sessions: one class per protocol, numbered ACLs.
CFG_SESSIONS2 = "".join(
    "access-list %d permit ip any any\n" % n for n in (141, 132, 131)) + \
    "".join("class-map type inspect match-all match-acl-%d\n"
            " match access-group %d\n" % (n, n) for n in (141, 132, 131)) + \
    "".join("class-map type inspect match-any match-%s\n"
            " match protocol %s\n" % (p, p)
            for p in ('ftp', 'h323', 'rtsp', 'sip', 'skinny', 'tftp', 'icmp',
                      'udp', 'tcp', 'dns')) + \
    "policy-map type inspect super-pmap\n" + \
    "".join(" class type inspect %s\n  %s\n" % (c, 'pass' if c == 'match-acl-132' else 'inspect')
            for c in ['match-acl-141', 'match-acl-132', 'match-acl-131'] +
            ['match-' + p for p in ('ftp', 'h323', 'rtsp', 'sip', 'skinny',
                                    'tftp', 'icmp', 'udp', 'tcp', 'dns')]) + \
    """zone security z1
zone security z2
zone-pair security super-zp source z1 destination z2
 service-policy type inspect super-pmap
"""

# golden_output1 of ...Session (the `session` keyword).
CFG_SESSION1 = """\
class-map type inspect match-any cmap
 match protocol udp
policy-map type inspect pmap
 class type inspect cmap
  inspect
 class class-default
  drop
zone security z1
zone security z2
zone-pair security z1z2 source z1 destination z2
 service-policy type inspect pmap
"""

CFG_PARAM = """\
parameter-map type inspect param
"""


CHECKED = []


def check(name, got, want):
    CHECKED.append(name)
    if got == want:
        print('ok %s' % name)
        return 0
    print('MISMATCH %s\n  got  %r\n  want %r' % (name, got, want))
    return 1


def main():
    need_corpus(GOLDEN)
    bad = 0
    P = genie_zbfw

    with Daemon(CFG_ZONE_PAIR) as d:
        out = d.cli('show zone-pair security')
        bad += check('ShowZonePairSecurity golden_output1',
                     P.show_zone_pair_security(out),
                     expected('ShowZonePairSecurity', 'golden_output1'))

    with Daemon(CFG_CLASS_MAPS) as d:
        for cm, golden in (('parent', 'golden_output4'),
                           ('child3', 'golden_output1'),
                           ('FOO', 'golden_output2')):
            out = d.cli('show class-map type inspect ' + cm)
            got, gid = no_id(P.show_class_map_type_inspect(out)) \
                if out.strip() else ({}, None)
            want, _ = no_id(expected('ShowClassMapTypeInspect', golden))
            if not isinstance(gid, int):
                print('MISMATCH class-map %s: no (id N)' % cm)
                bad += 1
            bad += check('ShowClassMapTypeInspect %s (%s)' % (golden, cm),
                         got, want)

    with Daemon(CFG_PMAP) as d:
        out = d.cli('show policy-map type inspect pmap')
        bad += check('ShowPolicyMapTypeInspectPmap golden_output',
                     P.show_policy_map_type_inspect(out),
                     expected('ShowPolicyMapTypeInspectPmap', 'golden_output'))

    for cfg, cmd, golden in (
            (CFG_ZP15, 'show policy-map type inspect zone-pair in-out',
             'golden_output15'),
            (CFG_ZP8, 'show policy-map type inspect zone-pair',
             'golden_output8')):
        with Daemon(cfg) as d:
            out = d.cli(cmd)
            got = normalise_zone_pair(
                P.show_policy_map_type_inspect_zone_pair(out))
            want = normalise_zone_pair(fresh_zone_pair(
                expected('ShowPolicyMapTypeInspectZonePair', golden)))
            bad += check('ShowPolicyMapTypeInspectZonePair ' + golden,
                         got, want)

    with Daemon(CFG_SESSIONS1) as d:
        for cmd, cls, parse in (
                ('show policy-map type inspect zone-pair sessions',
                 'ShowPolicyMapTypeInspectZonePairSessions',
                 P.show_policy_map_type_inspect_zone_pair_sessions),
                ('show policy-map type inspect zone-pair in-out sessions',
                 'ShowPolicyMapTypeInspectZonePairSessions',
                 P.show_policy_map_type_inspect_zone_pair_sessions)):
            out = d.cli(cmd)
            bad += check('%s golden_output1 (%s)' % (cls, cmd),
                         parse(out), no_sessions(expected(cls, 'golden_output1')))

    with Daemon(CFG_SESSIONS2) as d:
        cls = 'ShowPolicyMapTypeInspectZonePairSessions'
        out = d.cli('show policy-map type inspect zone-pair super-zp sessions')
        bad += check(cls + ' golden_output2',
                     P.show_policy_map_type_inspect_zone_pair_sessions(out),
                     no_sessions(expected(cls, 'golden_output2')))

    with Daemon(CFG_SESSION1) as d:
        cls = 'ShowPolicyMapTypeInspectZonePairSession'
        out = d.cli('show policy-map type inspect zone-pair z1z2 session')
        bad += check(cls + ' golden_output1',
                     P.show_policy_map_type_inspect_zone_pair_session(out),
                     no_sessions(expected(cls, 'golden_output1')))

    with Daemon(CFG_PARAM) as d:
        out = d.cli('show parameter-map type inspect param')
        bad += check('ShowParameterMapTypeInspectParam golden_output',
                     P.show_parameter_map_type_inspect(out),
                     expected('ShowParameterMapTypeInspectParam',
                              'golden_output'))

    print('%d goldens compared, %d mismatches' % (len(CHECKED), bad))
    return 1 if bad or not CHECKED else 0


if __name__ == '__main__':
    sys.exit(main())
