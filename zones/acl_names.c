/*
 * IOS names in access list entries: protocols, TCP and UDP ports, ICMP and
 * ICMPv6 types.  One table each drives the entry grammar (NAME:@type
 * tokens: `?` lists every name with its help, Tab completes it, the value
 * is what the handler gets) and the printer (number to name).
 */
#include <stddef.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

#define H_ICMP "Internet Control Message Protocol"
#define H_TCP "Transmission Control Protocol"
#define H_UDP "User Datagram Protocol"

/* Shared by both families: ip or ipv6 (any, -1) comes first. */
#define PROTO_NAMES                                                            \
	{ "ahp", 51, "Authentication Header Protocol" },                       \
	    { "eigrp", 88, "Cisco's EIGRP routing protocol" },                 \
	    { "esp", 50, "Encapsulation Security Payload" },                   \
	    { "gre", 47, "Cisco's GRE tunneling" },                            \
	    { "igmp", 2, "Internet Gateway Message Protocol" },                \
	    { "ospf", 89, "OSPF routing protocol" },                           \
	    { "pim", 103, "Protocol Independent Multicast" },                  \
	    { "tcp", 6, H_TCP },                                               \
	{                                                                      \
		"udp", 17, H_UDP                                               \
	}

static const struct cli_type_kw ip_protos[] = { { "ip", -1,
						    "Any Internet Protocol" },
	{ "icmp", 1, H_ICMP }, PROTO_NAMES, { NULL, 0, NULL } };
static const struct cli_type_kw ipv6_protos[] = { { "ipv6", -1, "Any IPv6" },
	{ "icmp", 58, H_ICMP }, PROTO_NAMES, { NULL, 0, NULL } };

static const struct cli_type_kw tcp_ports[] = {
	{ "ftp-data", 20, "FTP data connections (20)" },
	{ "ftp", 21, "File Transfer Protocol (21)" },
	{ "ssh", 22, "Secure Shell (22)" }, { "telnet", 23, "Telnet (23)" },
	{ "smtp", 25, "Simple Mail Transport Protocol (25)" },
	{ "domain", 53, "Domain Name Service (53)" },
	{ "www", 80, "World Wide Web (HTTP, 80)" },
	{ "pop3", 110, "Post Office Protocol v3 (110)" },
	{ "ident", 113, "Ident Protocol (113)" },
	{ "nntp", 119, "Network News Transport Protocol (119)" },
	{ "bgp", 179, "Border Gateway Protocol (179)" },
	{ "ldap", 389, "Lightweight Directory Access Protocol (389)" },
	{ NULL, 0, NULL }
};
static const struct cli_type_kw udp_ports[] = {
	{ "domain", 53, "Domain Name Service (DNS, 53)" },
	{ "bootps", 67, "Bootstrap Protocol (BOOTP) server (67)" },
	{ "bootpc", 68, "Bootstrap Protocol (BOOTP) client (68)" },
	{ "tftp", 69, "Trivial File Transfer Protocol (69)" },
	{ "ntp", 123, "Network Time Protocol (123)" },
	{ "snmp", 161, "Simple Network Management Protocol (161)" },
	{ "snmptrap", 162, "SNMP Traps (162)" },
	{ "isakmp", 500,
	    "Internet Security Association and Key Management "
	    "Protocol (500)" },
	{ "syslog", 514, "System Logger (514)" },
	{ "rip", 520, "Routing Information Protocol (router, in.routed, 520)" },
	{ NULL, 0, NULL }
};
static const struct cli_type_kw icmp_types[] = {
	{ "echo-reply", 0, "Echo reply" },
	{ "unreachable", 3, "All unreachables" },
	{ "redirect", 5, "All redirects" }, { "echo", 8, "Echo (ping)" },
	{ "time-exceeded", 11, "All time exceededs" },
	{ "parameter-problem", 12, "All parameter problems" }, { NULL, 0, NULL }
};
static const struct cli_type_kw icmp6_types[] = {
	{ "unreachable", 1, "All unreachable messages" },
	{ "packet-too-big", 2, "Packet too big" },
	{ "time-exceeded", 3, "All time exceeded messages" },
	{ "parameter-problem", 4, "All parameter problems" },
	{ "echo-request", 128, "Echo request (ping)" },
	{ "echo-reply", 129, "Echo reply" },
	{ "router-solicitation", 133,
	    "Neighbor discovery router solicitations" },
	{ "router-advertisement", 134,
	    "Neighbor discovery router advertisements" },
	{ "nd-ns", 135, "Neighbor discovery neighbor solicitations" },
	{ "nd-na", 136, "Neighbor discovery neighbor advertisements" },
	{ NULL, 0, NULL }
};

const struct cli_type zc_ip_proto = { "ip-proto", ip_protos, 0, 255 };
const struct cli_type zc_ipv6_proto = { "ipv6-proto", ipv6_protos, 0, 255 };
const struct cli_type zc_tcp_port = { "tcp-port", tcp_ports, 0, 65535 };
const struct cli_type zc_udp_port = { "udp-port", udp_ports, 0, 65535 };
const struct cli_type zc_icmp_type = { "icmp-type", icmp_types, 0, 255 };
const struct cli_type zc_icmp6_type = { "icmp6-type", icmp6_types, 0, 255 };

void
zc_acl_types_register(struct cli *c)
{
	cli_type_register(c, &zc_ip_proto);
	cli_type_register(c, &zc_ipv6_proto);
	cli_type_register(c, &zc_tcp_port);
	cli_type_register(c, &zc_udp_port);
	cli_type_register(c, &zc_icmp_type);
	cli_type_register(c, &zc_icmp6_type);
}

const char *
zc_type_name(const struct cli_type *t, long long val)
{
	const struct cli_type_kw *k;

	for (k = t->kws; k->kw != NULL; k++)
		if (k->val == val)
			return k->kw;
	return NULL;
}
