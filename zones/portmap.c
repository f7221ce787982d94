/* Port-to-application map (PAM): system defaults plus `ip port-map`. */
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

static const char *const app_names[ZONE_APP_COUNT] = {
	[ZONE_APP_NONE] = "",
	[ZONE_APP_SIP] = "sip",
	[ZONE_APP_HTTP] = "http",
	[ZONE_APP_HTTPS] = "https",
	[ZONE_APP_DNS] = "dns",
	[ZONE_APP_FTP] = "ftp",
	[ZONE_APP_TELNET] = "telnet",
	[ZONE_APP_SSH] = "ssh",
	[ZONE_APP_SMTP] = "smtp",
	[ZONE_APP_TFTP] = "tftp",
	[ZONE_APP_NTP] = "ntp",
	[ZONE_APP_SNMP] = "snmp",
	[ZONE_APP_H323] = "h323",
	[ZONE_APP_RTSP] = "rtsp",
	[ZONE_APP_SKINNY] = "skinny",
	[ZONE_APP_POP3] = "pop3",
	[ZONE_APP_IMAP] = "imap",
	[ZONE_APP_LDAP] = "ldap",
};

/* `match protocol` names: the L4 protocols, then the applications. */
const char *const zc_proto_names[] = { "tcp", "udp", "icmp", "sip", "http",
	"https", "dns", "ftp", "telnet", "ssh", "smtp", "tftp", "ntp", "snmp",
	"h323", "rtsp", "skinny", "pop3", "imap", "ldap", "bgp", "bootpc",
	"bootps", "isakmp", "ipsec-msft", "syslog", "l2tp", "pptp", "kerberos",
	"ldaps", "imaps", "pop3s", "nntp", "sqlnet", "mysql", "ms-sql", NULL };

/* Protocols `match protocol` knows by their well-known port only (no
 * application inspection, not in the port map). */
static const struct {
	const char *name;
	unsigned protos;
	uint16_t port;
} fixed[] = {
	{ "bgp", 1, 179 },
	{ "bootpc", 2, 68 },
	{ "bootps", 2, 67 },
	{ "isakmp", 2, 500 },
	{ "ipsec-msft", 2, 4500 },
	{ "syslog", 2, 514 },
	{ "l2tp", 2, 1701 },
	{ "pptp", 1, 1723 },
	{ "kerberos", 3, 88 },
	{ "ldaps", 1, 636 },
	{ "imaps", 1, 993 },
	{ "pop3s", 1, 995 },
	{ "nntp", 1, 119 },
	{ "sqlnet", 1, 1521 },
	{ "mysql", 1, 3306 },
	{ "ms-sql", 1, 1433 },
};

int
zc_fixed_proto(const char *name, unsigned *tcp_udp, uint16_t *port)
{
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strcmp(fixed[i].name, name) == 0) {
			*tcp_udp = fixed[i].protos;
			*port = fixed[i].port;
			return 0;
		}
	return -1;
}

#define T 1 /* tcp */
#define U 2 /* udp */
static const struct {
	enum zone_app app;
	unsigned protos;
	uint16_t port;
} sys_ports[] = {
	{ ZONE_APP_SIP, T | U, 5060 },
	{ ZONE_APP_HTTP, T, 80 },
	{ ZONE_APP_HTTPS, T, 443 },
	{ ZONE_APP_DNS, T | U, 53 },
	{ ZONE_APP_FTP, T, 21 },
	{ ZONE_APP_TELNET, T, 23 },
	{ ZONE_APP_SSH, T, 22 },
	{ ZONE_APP_SMTP, T, 25 },
	{ ZONE_APP_TFTP, U, 69 },
	{ ZONE_APP_NTP, U, 123 },
	{ ZONE_APP_SNMP, U, 161 },
	{ ZONE_APP_H323, T, 1720 },
	{ ZONE_APP_RTSP, T, 554 },
	{ ZONE_APP_SKINNY, T, 2000 },
	{ ZONE_APP_POP3, T, 110 },
	{ ZONE_APP_IMAP, T, 143 },
	{ ZONE_APP_LDAP, T, 389 },
};

const char *
zone_app_name(enum zone_app a)
{
	if ((unsigned)a >= ZONE_APP_COUNT || a == ZONE_APP_NONE)
		return "";
	return app_names[a];
}

enum zone_app
zc_app_by_name(const char *s)
{
	int i;

	if (s == NULL)
		return ZONE_APP_NONE;
	for (i = 1; i < ZONE_APP_COUNT; i++)
		if (strcmp(app_names[i], s) == 0)
			return i;
	return ZONE_APP_NONE;
}

bool
zc_proto_name_ok(const char *s)
{
	size_t i;

	for (i = 0; zc_proto_names[i] != NULL; i++)
		if (strcmp(zc_proto_names[i], s) == 0)
			return true;
	return false;
}

enum zone_app
zc_app_default(uint8_t proto, uint16_t port)
{
	unsigned bit = proto == IPPROTO_TCP ? T : proto == IPPROTO_UDP ? U : 0;
	size_t i;

	if (bit == 0)
		return ZONE_APP_NONE;
	for (i = 0; i < sizeof(sys_ports) / sizeof(sys_ports[0]); i++)
		if (sys_ports[i].port == port && (sys_ports[i].protos & bit))
			return sys_ports[i].app;
	return ZONE_APP_NONE;
}

int
zc_pam_set(struct zone_cfg *c, const char *app, const char *proto,
    unsigned port, bool no, struct zc_err *e)
{
	enum zone_app ap = zc_app_by_name(app);
	uint8_t pr = IPPROTO_TCP;
	struct zc_pam *n;
	size_t i;

	if (ap == ZONE_APP_NONE)
		return zc_fail(e, "Unknown application %s", app ? app : "");
	if (proto != NULL && strcmp(proto, "udp") == 0)
		pr = IPPROTO_UDP;
	if (port == 0 || port > 65535)
		return zc_fail(e, "Invalid port %u", port);
	for (i = 0; i < c->npam; i++)
		if (c->pam[i].proto == pr && c->pam[i].port == port)
			break;
	if (no) {
		if (i == c->npam || c->pam[i].app != ap)
			return zc_fail(e,
			    "No such port-map entry: %s port %s "
			    "%u",
			    app, pr == IPPROTO_UDP ? "udp" : "tcp", port);
		memmove(&c->pam[i], &c->pam[i + 1],
		    (c->npam - i - 1) * sizeof(c->pam[0]));
		c->npam--;
		return 0;
	}
	if (i < c->npam) {
		if (c->pam[i].app != ap)
			return zc_fail(e,
			    "Port %s %u is already mapped to "
			    "%s",
			    pr == IPPROTO_UDP ? "udp" : "tcp", port,
			    app_names[c->pam[i].app]);
		return 0;
	}
	n = realloc(c->pam, (c->npam + 1) * sizeof(*n));
	if (n == NULL)
		return zc_fail(e, "Out of memory");
	c->pam = n;
	c->pam[c->npam].app = ap;
	c->pam[c->npam].proto = pr;
	c->pam[c->npam].port = port;
	c->npam++;
	return 0;
}

void
zc_print_pam(const struct zone_cfg *c, struct buf *b)
{
	size_t i;

	for (i = 0; i < c->npam; i++)
		buf_printf(b, "ip port-map %s port %s %u\n",
		    app_names[c->pam[i].app],
		    c->pam[i].proto == IPPROTO_UDP ? "udp" : "tcp",
		    c->pam[i].port);
}

static int
cmd_pam(struct cli_ctx *cx, const struct cli_args *a)
{
	static const char *const pn[] = { "P1", "P2", "P3", "P4", "P5" };
	struct zc_err e = { "", "" };
	const char *app = NULL, *proto;
	size_t i;
	int rc = 0;

	for (i = 1; i < ZONE_APP_COUNT; i++)
		if (cli_has(a, app_names[i]))
			app = app_names[i];
	proto = cli_has(a, "udp") ? "udp" : "tcp";
	for (i = 0; i < 5 && rc == 0; i++)
		if (cli_arg(a, pn[i]) != NULL)
			rc = zc_pam_set(zc_cfg(cx), app, proto,
			    (unsigned)cli_num(a, pn[i], 0), cli_no(a), &e);
	if (cli_arg(a, "P1") == NULL)
		return cli_error(cx, "Incomplete command.");
	return zc_ret(cx, rc, &e);
}

#define PN "Port number"
const struct cli_cmd zc_pam_rows[] = {
	{ CLI_MODE_CONFIG,
	    "ip port-map {sip|http|https|dns|ftp|telnet|ssh|smtp|tftp|ntp|snmp|"
	    "h323|rtsp|skinny|pop3|imap|ldap} port [tcp|udp] P1:<1-65535> "
	    "[P2:<1-65535> [P3:<1-65535> [P4:<1-65535> [P5:<1-65535>]]]]",
	    { "Global IP configuration subcommands",
		"Port to application mapping (PAM) configuration",
		"Session Initiation Protocol", "Hypertext Transfer Protocol",
		"Secure Hypertext Transfer Protocol", "Domain Name Server",
		"File Transfer Protocol", "Telnet", "Secure Shell",
		"Simple Mail Transfer Protocol",
		"Trivial File Transfer Protocol", "Network Time Protocol",
		"Simple Network Management Protocol", "H.323 Protocol",
		"Real Time Streaming Protocol",
		"Skinny Client Control Protocol", "Post Office Protocol 3",
		"Internet Message Access Protocol",
		"Lightweight Directory Access Protocol", "Port number(s)",
		"TCP port (default)", "UDP port", PN, PN, PN, PN, PN },
	    cmd_pam, 0 },
};
const size_t zc_pam_nrows = sizeof(zc_pam_rows) / sizeof(zc_pam_rows[0]);
