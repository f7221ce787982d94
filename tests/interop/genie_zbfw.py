"""Re-implementation of the Genie (genieparser) IOS XE zone-based firewall
parsers, for the interop tests (Genie itself is not packaged in Debian).

The regular expressions are the ones quoted in ../shared/reference/
ios-zbfw-cli.md sections 4.2-4.7, taken from CiscoTestAutomation/genieparser
(GP) at commit 366d83b905995cc7f26524168e431af50dcde2d5,
src/genie/libs/parser/iosxe/:
  show_platform.py                          ShowZonePairSecurity
  show_class.py                             ShowClassMapTypeInspect
  show_policy_map.py                        ShowPolicyMapTypeInspectPmap
  show_policy_map_type_inspect_zone_pair.py ShowPolicyMapTypeInspectZonePair,
                                            ...Sessions, ...Session
  show_parameter_map.py                     ShowParameterMapTypeInspectParam
The code around them is ours; genie_golden.py proves it reproduces the
expected.py dicts of the goldens in ../shared/testdata/genie-iosxe-zbfw/.
"""
import re


# --- show zone-pair security (GP show_platform.py) -------------------------
ZP_P1 = re.compile(r'^Zone-pair\s+name\s+(?P<zone_pair_name>\S+)\s+(?P<zone_pair_id>\d+)$')
ZP_P2 = re.compile(r'^\s*Source-Zone\s+(?P<source_zone>\S+)\s+Destination-Zone\s+(?P<destination_zone>\S+)$')
ZP_P3 = re.compile(r'^\s*service-policy\s+(?P<service_policy>.+)$')


def show_zone_pair_security(text):
    res = {}
    cur = None
    for raw in text.splitlines():
        line = raw.strip()
        m = ZP_P1.match(line)
        if m:
            name = m.group('zone_pair_name')
            cur = res.setdefault('zone_pairs', {}).setdefault(name, {})
            cur['zone_pair_name'] = name
            cur['zone_pair_id'] = int(m.group('zone_pair_id'))
            continue
        if cur is None:
            continue
        m = ZP_P2.match(line)
        if m:
            cur.update(m.groupdict())
            continue
        m = ZP_P3.match(line)
        if m:
            cur['service_policy'] = m.group('service_policy')
    return res


# --- show class-map type inspect NAME (GP show_class.py) -------------------
CM_P1 = re.compile(r'^\s*Class\s+Map\s+type\s+inspect\s+(?P<match_criteria>match-\w+)\s+(?P<name>\S+)\s+\(id\s+(?P<id>\d+)\)$')
CM_P2 = re.compile(r'^\s+Match\s+protocol\s+(?P<protocol>\S+)$')
CM_P3 = re.compile(r'^\s+Match\s+access-group\s+(?:name\s+)?(?P<access_group>\S+)$')
CM_P4 = re.compile(r'^\s+Match\s+class-map\s+(?P<class_map>\S+)$')


def show_class_map_type_inspect(text):
    res = {}
    cm = None
    for raw in text.splitlines():
        line = raw.rstrip()
        m = CM_P1.match(line)
        if m:
            cm = {'name': m.group('name'),
                  'match_criteria': m.group('match_criteria'),
                  'id': int(m.group('id'))}
            res['class_map'] = cm
            continue
        if cm is None:
            continue
        for rx, kind in ((CM_P2, 'protocol'), (CM_P3, 'access_group'),
                         (CM_P4, 'class_map')):
            m = rx.match(line)
            if m:
                matches = cm.setdefault('matches', {})
                matches[len(matches) + 1] = {'match_type': kind,
                                             'value': m.group(1)}
                break
    return res


# --- show policy-map type inspect NAME (GP show_policy_map.py) -------------
PM_P1 = re.compile(r'^Policy +Map +type +inspect +(?P<policy_map>\S+)$')
PM_P2 = re.compile(r'^Class +(?P<class>\S+)$')
PM_P3 = re.compile(r'^(?P<action>Inspect|Drop log)$')


def show_policy_map_type_inspect(text):
    res = {}
    pm = cls = None
    for raw in text.splitlines():
        line = raw.strip()
        m = PM_P1.match(line)
        if m:
            pm = res.setdefault('policy_map', {}).setdefault(
                m.group('policy_map'), {})
            cls = None
            continue
        m = PM_P2.match(line)
        if m and pm is not None:
            cls = pm.setdefault('class', {}).setdefault(m.group('class'), {})
            continue
        m = PM_P3.match(line)
        if m and cls is not None:
            cls['action'] = m.group('action')
    return res


# --- show policy-map type inspect zone-pair [NAME] -------------------------
# (GP show_policy_map_type_inspect_zone_pair.py, ShowPolicyMapTypeInspectZonePair;
# the regexes are applied with re.match to the unstripped line.)
ZPI = [re.compile(p) for p in (
    r'\s*Zone-pair+\:+\s+(?P<zone_pair_name>\S+)',
    r'\s*Service-policy+\s+inspect+\s+\:+\s+(?P<service_policy_inspect>[\w\W]+)',
    r'\s*Class-map+\:+\s+(?P<class_map_name>[\w-]+)+\s+\(+(?P<class_map_type>\S+)+\)',
    r'\s*Match+\:+\s+(?P<class_map_match>[\w\W]+)',
    r'\s*(?P<class_map_action>Inspect|Pass|Drop)',
    r'\s*Session+\s+creations+\s+since+\s+subsystem+\s+startup+\s+or+\s+last+\s+reset+\s(?P<session_since_reset_or_startup>\d+)',
    r'\s*Current+\s+session+\s+counts+\s+\(+estab+\/+half-open+\/+terminating+\)+\s+\[+(?P<a>\d+)+\:+(?P<b>\d+)+\:+(?P<c>\d+)+\]',
    r'\s*Maxever+\s+session+\s+counts+\s+\(+estab+\/+half-open+\/+terminating+\)+\s+\[+(?P<a>\d+)+\:+(?P<b>\d+)+\:+(?P<c>\d+)+\]',
    r'\s*Last+\s+session+\s+created+\s+(?P<last_sess_created>[\w\W]+)',
    r'\s*Last+\s+statistic+\s+reset+\s+(?P<last_statistic_reset>[\w\W]+)',
    r'\s*Last+\s+session+\s+creation+\s+rate+\s+(?P<last_session_creation_rate>\d+)',
    r'\s*Last+\s+half-open+\s+session+\s+total+\s+(?P<last_half_open_session_total>\d+)',
    r'\s*(?P<packets_total>\d+)+\s+packets+\,+\s+(?P<bytes_total>\d+)+\s+bytes',
    r'\s*Packet+\s+inspection+\s+statistics+\s+\[+(?P<switch1_type>[\w\s]+)+\:(?P<switch2_type>[\w\s]+)+\]',
    r'\s*(?P<packet_type>\w+)+\s+packets+\:+\s+\[+(?P<packets_switch1>\d+)+\:(?P<packets_switch2>\d+)+\]',
)]


def show_policy_map_type_inspect_zone_pair(text):
    res = {}
    zp = sp = cm = act = None
    pending = None          # "N packets, M bytes" seen before the action
    sw = (None, None)
    for line in text.splitlines():
        m = [p.match(line) for p in ZPI]
        if m[0]:
            zp = res.setdefault('zone_pair', {}).setdefault(m[0].group(1), {})
            pending = act = None
        if m[1]:
            sp = zp.setdefault('service_policy_inspect', {}).setdefault(
                m[1].group(1), {})
            pending = act = None
        if m[2]:
            cm = sp.setdefault('class_map', {}).setdefault(m[2].group(1), {})
            cm['class_map_type'] = m[2].group(2)
            pending = act = None
        if m[3]:
            cm.setdefault('class_map_match', []).append(m[3].group(1))
        if m[12]:
            pending = {'total_packets': int(m[12].group(1)),
                       'total_bytes': int(m[12].group(2))}
            if act is not None:
                act.update(pending)
                pending = None
        if m[4]:
            act = cm.setdefault('class_map_action', {}).setdefault(
                m[4].group(1), {})
            if pending is not None:
                act.update(pending)
                pending = None
            continue
        if m[5]:
            act['sessions_since_startup_or_reset'] = int(m[5].group(1))
        for i, key in ((6, 'current_session_counts'),
                       (7, 'maxever_session_counts')):
            if m[i]:
                a, b, c = (int(x) for x in m[i].groups())
                act[key + '_estab'] = a
                act[key + '_half_open'] = b
                act[key + '_terminating'] = c
        if m[8]:
            act['last_session_created'] = m[8].group(1)
        if m[9]:
            act['last_statistic_reset'] = m[9].group(1)
        if m[10]:
            act['last_session_creation_rate'] = int(m[10].group(1))
        if m[11]:
            act['last_half_open_session_total'] = int(m[11].group(1))
        if m[13]:
            sw = (m[13].group(1), m[13].group(2))
        if m[14]:
            act.setdefault('packet_type', {}).setdefault(
                m[14].group(1), {}).update({
                    'switch1_type': sw[0], 'switch2_type': sw[1],
                    'packets_in_switch1': int(m[14].group(2)),
                    'packets_in_switch2': int(m[14].group(3))})
    return res


# --- show policy-map type inspect zone-pair [NAME] sessions | session ------
# (GP ...Sessions and ...Session; applied to line.strip(); the `session`
# form also accepts [v6]:port session lines, p7_b.)
ZS_P1 = re.compile(r'^Zone-pair: +(?P<zone_pair_name>\S+)$')
ZS_P2 = re.compile(r'^Service-policy inspect : +(?P<service_policy_name>\S+)$')
ZS_P3 = re.compile(r'^Class-map: +(?P<class_map_name>\S+) +\((?P<class_map_type>\S+)\)$')
ZS_P4 = re.compile(r'^Match: +(?P<class_map_match>.+)$')
ZS_P5 = re.compile(r'^(?P<class_map_action>Inspect|Drop|Pass)(?: +\(default action\))?$')
ZS_P6 = re.compile(r'^(?P<packets>\d+) packets, +(?P<bytes>\d+) bytes$')
ZS_P7 = re.compile(
    r'^Session ID (?P<session_id>\S+) +\((?P<initiator_ip>[\d\.]+):(?P<initiator_port>[\d\*]+)\)=\>'
    r'\((?P<responder_ip>[\d\.]+):(?P<responder_port>[\d\*]+)\) +(?P<protocol>\w+) +(?P<state>\S+)$')
ZS_P7B = re.compile(
    r'^Session ID\s+(?P<session_id>\S+)\s+[\[\(](?P<initiator_ip>[^\]\)]+)[\]\)]:(?P<initiator_port>[\d\*]+)[\)\]]?:?\d*'
    r'=\>[\[\(](?P<responder_ip>[^\]\)]+)[\]\)]:(?P<responder_port>[\d\*]+)[\)\]]?:?\d*\s+(?P<protocol>\w+)\s+(?P<state>\S+)$')
ZS_P8 = re.compile(r'^Created +(?P<created>[\d\:]+), +Last heard +(?P<last_heard>[\d\:]+)$')
ZS_P9 = re.compile(r'^Bytes sent \(initiator:responder\) +\[(?P<initiator_bytes>[\d\*]+):(?P<responder_bytes>\d+)\]$')
ZS_P10 = re.compile(r'^(?P<session_type>Established Sessions|Half-open Sessions|Terminating Sessions)$')
_SESSION_KIND = {'Established Sessions': 'established_sessions',
                 'Half-open Sessions': 'half_open_sessions',
                 'Terminating Sessions': 'terminating_sessions'}


def show_policy_map_type_inspect_zone_pair_sessions(text, v6=False):
    res = {}
    zp = sp = cm = sess = kind = None
    for raw in text.splitlines():
        line = raw.strip()
        m = ZS_P1.match(line)
        if m:
            zp = res.setdefault('zone_pair', {}).setdefault(m.group(1), {})
            continue
        m = ZS_P2.match(line)
        if m:
            sp = zp.setdefault('service_policy_inspect', {}).setdefault(
                m.group(1), {})
            continue
        m = ZS_P3.match(line)
        if m:
            cm = sp.setdefault('class_map', {}).setdefault(m.group(1), {})
            cm['class_map_type'] = m.group(2)
            continue
        m = ZS_P4.match(line)
        if m:
            cm.setdefault('class_map_match', []).append(m.group(1))
            continue
        m = ZS_P5.match(line)
        if m:
            cm['class_map_action'] = m.group(1)
            continue
        m = ZS_P6.match(line)
        if m:
            cm['packets'] = int(m.group('packets'))
            cm['bytes'] = int(m.group('bytes'))
            continue
        m = ZS_P7.match(line) or (v6 and ZS_P7B.match(line)) or None
        if m:
            g = m.groupdict()
            sess = cm.setdefault(kind, {}).setdefault(g.pop('session_id'), {})
            sess.update(g)
            continue
        m = ZS_P8.match(line)
        if m:
            if sess:
                sess.update(m.groupdict())
            continue
        m = ZS_P9.match(line)
        if m:
            if sess:
                sess['bytes_sent'] = {'initiator': m.group(1),
                                      'responder': int(m.group(2))}
            continue
        m = ZS_P10.match(line)
        if m:
            kind = _SESSION_KIND[m.group(1)]
    return res


def show_policy_map_type_inspect_zone_pair_session(text):
    return show_policy_map_type_inspect_zone_pair_sessions(text, v6=True)


# --- show parameter-map type inspect NAME (GP show_parameter_map.py) -------
# (regex, where the groups go: a top-level key, or (subdict, key) pairs)
_PARAM = [
    (r'^log dropped-packet (\S+)$', ['log_dropped_packet']),
    (r'^log flow (\S+)$', ['log_flow']),
    (r'^icmp unreachable (\S+)$', ['icmp_unreachable']),
    (r'^audit-trail (\S+)$', ['audit_trail']),
    (r'^alert (\S+)$', ['alert']),
    (r'^max-incomplete (\S+) (\S+)$', [('max_incomplete', 'level'), ('max_incomplete', 'value')]),
    (r'^one-minute (\S+) (\S+)$', [('one_minute', 'level'), ('one_minute', 'value')]),
    (r'^sessions rate (\S+) +(\S+)$', [('sessions_rate', 'level'), ('sessions_rate', 'value')]),
    (r'^udp idle-time +(\d+) +ageout-time +(\d+)$', [('udp', 'idle_time'), ('udp', 'ageout_time')]),
    (r'^udp halfopen idle-time +(\d+) ms ageout-time +(\d+) ms$',
     [('udp', 'halfopen_idle_time'), ('udp', 'halfopen_ageout_time')]),
    (r'^icmp idle-time +(\d+) +ageout-time +(\d+)$', [('icmp', 'idle_time'), ('icmp', 'ageout_time')]),
    (r'^dns-timeout +(\d+)$', ['dns_timeout']),
    (r'^tcp window scaling enforcement loose (\S+)$', [('tcp', 'window_scaling_enforcement')]),
    (r'^zone-mismatch drop (\S+)$', ['zone_mismatch_drop']),
    (r'^application-inspect (\S+)$', ['application_inspect']),
    (r'^tcp idle-time +(\d+) +ageout-time +(\d+)$', [('tcp', 'idle_time'), ('tcp', 'ageout_time')]),
    (r'^tcp finwait-time +(\d+) +ageout-time +(\d+)$', [('tcp', 'finwait_time'), ('tcp', 'ageout_time')]),
    (r'^tcp synwait-time +(\d+) +ageout-time +(\d+)$', [('tcp', 'synwait_time'), ('tcp', 'ageout_time')]),
    (r'^tcp half-open (\S+), half-close (\S+), idle (\S+)$',
     [('tcp', 'half_open'), ('tcp', 'half_close'), ('tcp', 'idle')]),
    (r'^tcp max-incomplete host (\S+) block-time (\d+)$',
     [('tcp', 'max_incomplete_host'), ('tcp', 'block_time')]),
    (r'^sessions maximum (\S+)$', ['sessions_maximum']),
    (r'^number of packet per flow (\S+)$', ['number_of_packet_per_flow']),
]
_PARAM = [(re.compile(r), dest) for r, dest in _PARAM]
# Fields the schema types as int (everything else stays a string).
_PARAM_INT = {'dns_timeout', 'idle_time', 'ageout_time', 'halfopen_idle_time',
              'halfopen_ageout_time', 'finwait_time', 'synwait_time',
              'block_time'}


def show_parameter_map_type_inspect(text):
    res = {}
    for raw in text.splitlines():
        line = raw.strip()
        for rx, dest in _PARAM:
            m = rx.match(line)
            if not m:
                continue
            for d, v in zip(dest, m.groups()):
                if isinstance(d, tuple):
                    sub, key = d
                    res.setdefault(sub, {})[key] = \
                        int(v) if key in _PARAM_INT else v
                else:
                    res[d] = int(v) if d in _PARAM_INT else v
            break
    return res


PARSERS = {
    'ShowZonePairSecurity': show_zone_pair_security,
    'ShowClassMapTypeInspect': show_class_map_type_inspect,
    'ShowPolicyMapTypeInspectPmap': show_policy_map_type_inspect,
    'ShowPolicyMapTypeInspectZonePair': show_policy_map_type_inspect_zone_pair,
    'ShowPolicyMapTypeInspectZonePairSessions':
        show_policy_map_type_inspect_zone_pair_sessions,
    'ShowPolicyMapTypeInspectZonePairSession':
        show_policy_map_type_inspect_zone_pair_session,
    'ShowParameterMapTypeInspectParam': show_parameter_map_type_inspect,
}
