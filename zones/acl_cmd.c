/*
 * Access lists: the command rows and their handlers.  An entry is
 * expressed in the grammar token by token (so `?`, Tab and the caret work
 * on every word); the handler turns the matched arguments into a
 * struct zc_ace for the model.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

/* The argument names of a source or destination address and its ports. */
struct side {
	const char *addr, *host, *net, *wild; /* any or host; the words */
	const char *ports, *port, *hi;	      /* operator; port(s); range top */
};
static const struct side SRC = { "SRC", "SRC-HOST", "SRC-NET", "SRC-WILD",
	"SPORT", "SPORT-P", "SPORT-HI" };
static const struct side DST = { "DST", "DST-HOST", "DST-NET", "DST-WILD",
	"DPORT", "DPORT-P", "DPORT-HI" };

/*
 * An address: s->addr is any or host (labelled group), or s->host, s->net
 * and s->wild hold the words.  0, 1 when a `no` form stopped before it was
 * complete, -1 on error.
 */
static int
addr_of(const struct cli_args *a, const struct side *s, int fam, bool std,
    struct zc_addr *ad)
{
	const char *kw = cli_arg(a, s->addr), *v, *sl;
	char tmp[INET6_ADDRSTRLEN + 8];
	uint32_t x, m;

	memset(ad, 0, sizeof(*ad));
	ad->family = fam;
	if (kw != NULL && strcmp(kw, "any") == 0) {
		ad->any = true;
		return 0;
	}
	if (kw != NULL) { /* host */
		if ((v = cli_arg(a, s->host)) == NULL ||
		    inet_pton(fam, v, &ad->a) != 1)
			return 1;
		ad->host = true;
		if (fam == AF_INET6)
			ad->m.s6_addr[0] = 128;
		return 0;
	}
	if ((v = cli_arg(a, s->net)) == NULL)
		return 1;
	if (fam == AF_INET6) { /* X:X::X/<0-128>, checked by the grammar */
		if ((sl = strchr(v, '/')) == NULL ||
		    (size_t)(sl - v) >= sizeof(tmp))
			return -1;
		memcpy(tmp, v, (size_t)(sl - v));
		tmp[sl - v] = '\0';
		if (inet_pton(AF_INET6, tmp, &ad->a) != 1)
			return -1;
		ad->m.s6_addr[0] = (uint8_t)atoi(sl + 1);
		return 0;
	}
	if (inet_pton(AF_INET, v, &ad->a) != 1)
		return -1;
	/* Standard lists take an optional wildcard; extended need one. */
	if ((v = cli_arg(a, s->wild)) == NULL) {
		if (!std)
			return 1;
		ad->host = true;
		return 0;
	}
	if (inet_pton(AF_INET, v, &ad->m) != 1)
		return -1;
	memcpy(&x, &ad->a, 4);
	memcpy(&m, &ad->m, 4);
	x &= ~m; /* IOS clears the wildcarded bits */
	memcpy(&ad->a, &x, 4);
	if (m == 0)
		ad->host = true;
	return 0;
}

/* Ports: s->ports is the operator (labelled group), s->port the port(s)
 * and s->hi the top of a range.  Returns as addr_of(). */
static int
ports_of(const struct cli_args *a, const struct side *s, struct zc_portspec *ps,
    struct zc_err *e)
{
	static const struct {
		const char *w;
		enum zc_port_op op;
	} ops[] = {
		{ "eq", ZP_EQ },
		{ "neq", ZP_NEQ },
		{ "lt", ZP_LT },
		{ "gt", ZP_GT },
		{ "range", ZP_RANGE },
	};
	const char *op = cli_arg(a, s->ports);
	long long lo, hi, v;
	size_t i, k;

	memset(ps, 0, sizeof(*ps));
	ps->op = ZP_ANY;
	if (op == NULL)
		return 0;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(op, ops[i].w) == 0)
			break;
	if (i == sizeof(ops) / sizeof(ops[0]))
		return -1;
	if ((lo = cli_num_nth(a, s->port, 0, -1)) < 0)
		return 1;
	hi = lo;
	if (ops[i].op == ZP_RANGE) {
		if ((hi = cli_num(a, s->hi, -1)) < 0)
			return 1;
		if (hi < lo)
			return zc_fail(e, "Bad port range %lld %lld", lo, hi);
	}
	/* eq/neq take up to 10 ports */
	for (k = 1; (v = cli_num_nth(a, s->port, k, -1)) >= 0; k++) {
		if (k == ZC_PORTS_MAX)
			return zc_fail(e, "At most %d ports after %s",
			    ZC_PORTS_MAX, op);
		ps->more[ps->nmore++] = (uint16_t)v;
	}
	ps->op = ops[i].op;
	ps->lo = (uint16_t)lo;
	ps->hi = (uint16_t)hi;
	return 0;
}

/* Something typed after permit/deny/remark (a `no` form may stop there). */
static bool
ace_body(const struct cli_args *a)
{
	return cli_arg(a, "PROTO") != NULL || cli_has(a, "tcp") ||
	    cli_has(a, "udp") || cli_has(a, "icmp") || cli_arg(a, "SRC") ||
	    cli_arg(a, "SRC-NET") != NULL || cli_arg(a, "TEXT") != NULL;
}

/* The entry of a matched row.  0, or -1 with e set. */
static int
ace_of(const struct cli_args *a, enum zc_acl_type type, struct zc_ace *ace,
    bool *has_seq, struct zc_err *e)
{
	int fam = type == ZACL_V6 ? AF_INET6 : AF_INET, rc;
	const char *text;

	memset(ace, 0, sizeof(*ace));
	*has_seq = cli_arg(a, "SEQ") != NULL;
	ace->seq = (unsigned)cli_num(a, "SEQ", 0);
	if (cli_has(a, "remark")) {
		if ((text = cli_arg(a, "TEXT")) == NULL)
			return zc_fail(e, "Incomplete command.");
		if ((ace->remark = strdup(text)) == NULL)
			return zc_fail(e, "Out of memory");
		return 0;
	}
	ace->permit = cli_has(a, "permit");
	ace->proto = -1;
	if (type == ZACL_STD) {
		if (addr_of(a, &SRC, AF_INET, true, &ace->src) != 0)
			return zc_fail(e, "Incomplete command.");
		ace->dst.family = AF_INET;
		ace->dst.any = true;
		ace->log = cli_has(a, "log");
		return 0;
	}
	if (cli_arg(a, "PROTO") != NULL)
		ace->proto = (int)cli_num(a, "PROTO", -1);
	else if (cli_has(a, "tcp"))
		ace->proto = IPPROTO_TCP;
	else if (cli_has(a, "udp"))
		ace->proto = IPPROTO_UDP;
	else if (cli_has(a, "icmp"))
		ace->proto = type == ZACL_V6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	else
		return zc_fail(e, "Incomplete command.");
	if ((rc = addr_of(a, &SRC, fam, false, &ace->src)) != 0 ||
	    (rc = ports_of(a, &SRC, &ace->sport, e)) != 0 ||
	    (rc = addr_of(a, &DST, fam, false, &ace->dst)) != 0 ||
	    (rc = ports_of(a, &DST, &ace->dport, e)) != 0)
		return rc > 0 ? zc_fail(e, "Incomplete command.") : -1;
	if (cli_arg(a, "ICMP-TYPE") !=
	    NULL) { /* the ICMP type, kept as sport */
		ace->sport.op = ZP_EQ;
		ace->sport.lo = ace->sport.hi = (uint16_t)cli_num(a,
		    "ICMP-TYPE", 0);
	}
	if (cli_has(a, "established"))
		return zc_fail(e,
		    "Not supported: access list option "
		    "established");
	ace->log = cli_has(a, "log");
	return 0;
}

static int
cmd_ace(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *name = cli_obj(cx, 0);
	const struct zc_acl *l = zc_acl_find(zc_cfg(cx), name);
	struct zc_ace ace;
	bool has_seq;
	int rc;

	if (l == NULL)
		return cli_error(cx, "Access list %s does not exist", name);
	rc = ace_of(a, l->type, &ace, &has_seq, &e);
	if (rc == 0)
		rc = zc_acl_entry(zc_cfg(cx), name, &ace, has_seq, cli_no(a),
		    &e);
	return zc_ret(cx, rc, &e);
}

static int
cmd_ace_noseq(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_acl_del_seq(zc_cfg(cx), cli_obj(cx, 0),
		(unsigned)cli_num(a, "SEQ", 0), &e),
	    &e);
}

static int
cmd_numbered(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	struct zone_cfg *c = zc_cfg(cx);
	const char *name = cli_arg(a, "NUM");
	long long n = cli_num(a, "NUM", 0);
	enum zc_acl_type t = n <= 99 || (n >= 1300 && n <= 1999) ? ZACL_STD :
								   ZACL_EXT;
	struct zc_ace ace;
	bool created, has_seq;
	int rc;

	if (name == NULL) /* `no access-list` */
		return cli_error(cx, "Incomplete command.");
	if (cli_no(a) && !ace_body(a)) /* `no access-list 101` */
		return zc_ret(cx, zc_acl_del(c, name, &e), &e);
	if (ace_of(a, t, &ace, &has_seq, &e) < 0)
		return zc_ret(cx, -1, &e);
	created = !cli_no(a) && zc_acl_find(c, name) == NULL;
	if (created && (rc = zc_acl_enter(c, name, t, true, &e)) < 0) {
		free(ace.remark);
		return zc_ret(cx, rc, &e);
	}
	rc = zc_acl_entry(c, name, &ace, has_seq, cli_no(a), &e);
	if (rc < 0 && created) {
		/* a refused first entry leaves no empty list behind */
		struct zc_err e2 = { "", "" };

		zc_acl_del(c, name, &e2);
	}
	return zc_ret(cx, rc, &e);
}

static int
cmd_acl(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *name = cli_arg(a, "NAME");
	enum zc_acl_type t = cli_has(a, "ipv6") ? ZACL_V6 :
	    cli_has(a, "standard")		? ZACL_STD :
						  ZACL_EXT;
	enum cli_mode m = t == ZACL_V6 ? CLI_MODE_IPV6_NACL :
	    t == ZACL_STD	       ? CLI_MODE_STD_NACL :
					 CLI_MODE_EXT_NACL;
	int rc;

	if (name == NULL) /* `no ip access-list extended` */
		return cli_error(cx, "Incomplete command.");
	if (cli_no(a))
		return zc_ret(cx, zc_acl_del(zc_cfg(cx), name, &e), &e);
	rc = zc_acl_enter(zc_cfg(cx), name, t, false, &e);
	if (rc == 0)
		cli_enter(cx, m, name, NULL);
	return zc_ret(cx, rc, &e);
}

static int
cmd_show_acl(struct cli_ctx *cx, const struct cli_args *a)
{
	const struct zone_cfg *c = zc_cfg(cx);
	const char *name = cli_arg(a, "NAME");
	bool v6 = cli_has(a, "ipv6"), v4 = cli_has(a, "ip");
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < c->acls.n; i++) {
		const struct zc_acl *l = c->acls.v[i];
		if (name != NULL && strcmp(name, l->name) != 0)
			continue;
		if ((v4 && l->type == ZACL_V6) || (v6 && l->type != ZACL_V6))
			continue;
		zc_show_acl(l, &b);
	}
	if (b.len > 0)
		cli_puts(cx, b.p);
	buf_free(&b);
	return CLI_OK;
}

static int
cmd_clear_acl(struct cli_ctx *cx, const struct cli_args *a)
{
	const struct zone_cfg *c = zc_cfg(cx);
	const char *name = cli_arg(a, "NAME");
	size_t i, j;

	if (name != NULL && zc_acl_find(c, name) == NULL)
		return cli_error(cx, "Access list %s does not exist", name);
	for (i = 0; i < c->acls.n; i++) {
		const struct zc_acl *l = c->acls.v[i];
		if (name != NULL && strcmp(name, l->name) != 0)
			continue;
		for (j = 0; j < l->ace.n; j++) {
			struct zc_ace *e = l->ace.v[j];
			if (e->ctr != NULL)
				e->ctr->hits = 0;
		}
	}
	return CLI_OK;
}

/*
 * The entry grammar.  Names the handler reads: SEQ, PROTO (or the
 * keyword tcp/udp/icmp), SRC/DST (any or host, labelled) with
 * SRC-HOST, SRC-NET, SRC-WILD, SPORT/DPORT (the port operator, labelled)
 * with SPORT-P (repeated after eq/neq) and SPORT-HI, ICMP-TYPE, established,
 * log, TEXT.
 */
#define H_PD "Specify packets to forward", "Specify packets to reject"
#define H_SEQ "Sequence Number"
#define H_LOG "Log matches against this entry"
#define H_REMARK "Access list entry comment", "Comment up to 100 characters"

#define ADDR4(P)                                                               \
	P ":{any|host " P "-HOST:A.B.C.D|" P "-NET:A.B.C.D " P "-WILD:A.B.C.D}"
#define H_SRC4()                                                               \
	"Any source host", "A single source host", "Source address",           \
	    "Source address", "Source wildcard bits"
#define H_DST4()                                                               \
	"Any destination host", "A single destination host",                   \
	    "Destination address", "Destination address",                      \
	    "Destination wildcard bits"
#define ADDR6(P)                                                               \
	P ":{any|host " P "-HOST:X:X:X:X::X|" P "-NET:X:X:X:X::X/<0-128>}"
#define H_SRC6()                                                               \
	"Any source prefix", "A single source host", "Source address",         \
	    "IPv6 source prefix x:x::y/<z>"
#define H_DST6()                                                               \
	"Any destination prefix", "A single destination host",                 \
	    "Destination address", "IPv6 destination prefix x:x::y/<z>"

#define PORTS(P, T)                                                            \
	"[" P ":{eq " P "-P:@" T "...|gt " P "-P:@" T "|lt " P "-P:@" T        \
	"|neq " P "-P:@" T "...|range " P "-P:@" T " " P "-HI:@" T "}]"
#define H_PORTS                                                                \
	"Match only packets on a given port number", "Port number",            \
	    "Match only packets with a greater port number", "Port number",    \
	    "Match only packets with a lower port number", "Port number",      \
	    "Match only packets not on a given port number", "Port number",    \
	    "Match only packets in the range of port numbers", "Port number",  \
	    "Port number"

/* Entry bodies after permit/deny, and their help, per family. */
#define TCP(A, PT)                                                             \
	"tcp " A("SRC") " " PORTS("SPORT", PT) " " A(                          \
	    "DST") " " PORTS("DPORT", PT) " [established] [log]"
#define H_TCP(HS, HD)                                                          \
	"Transmission Control Protocol", HS(), H_PORTS, HD(), H_PORTS,         \
	    "Match established connections", H_LOG
#define UDP(A, PT)                                                             \
	"udp " A("SRC") " " PORTS("SPORT", PT) " " A(                          \
	    "DST") " " PORTS("DPORT", PT) " [log]"
#define H_UDP(HS, HD)                                                          \
	"User Datagram Protocol", HS(), H_PORTS, HD(), H_PORTS, H_LOG
#define ICMP(A, T) "icmp " A("SRC") " " A("DST") " [ICMP-TYPE:@" T "] [log]"
#define H_ICMP(HS, HD)                                                         \
	"Internet Control Message Protocol", HS(), HD(), "ICMP message type",  \
	    H_LOG
#define OTHER(A, T) "PROTO:@" T " " A("SRC") " " A("DST") " [log]"
#define H_OTHER(HN, HS, HD) HN, HS(), HD(), H_LOG
#define STD                                                                    \
	"SRC:{any|host SRC-HOST:A.B.C.D|SRC-NET:A.B.C.D "                      \
	"[SRC-WILD:A.B.C.D]} [log]"
#define H_STD                                                                  \
	"Any source host", "A single host address", "Host address",            \
	    "Address to match", "Wildcard bits", H_LOG

/* One entry row with and without a leading sequence number. */
#define ACE(mode, body, ...)                                                   \
	{ mode, "{permit|deny} " body, { H_PD, __VA_ARGS__ }, cmd_ace, 0 },    \
	{                                                                      \
		mode, "SEQ:<1-2147483647> {permit|deny} " body,                \
		    { H_SEQ, H_PD, __VA_ARGS__ }, cmd_ace, CLI_F_NONO          \
	}
#define ACE_COMMON(mode)                                                       \
	{ mode, "remark TEXT:LINE", { H_REMARK }, cmd_ace, 0 },                \
	    { mode, "SEQ:<1-2147483647> remark TEXT:LINE",                     \
		    { H_SEQ, H_REMARK }, cmd_ace, CLI_F_NONO },                \
	{                                                                      \
		mode, "no SEQ:<1-2147483647>",                                 \
		    { "Negate a command or set its defaults", H_SEQ },         \
		    cmd_ace_noseq, 0                                           \
	}
#define ACE_EXT(mode, A, HS, HD, PROTO, HPROTO, ICMPT)                         \
	ACE(mode, TCP(A, "tcp-port"), H_TCP(HS, HD)),                          \
	    ACE(mode, UDP(A, "udp-port"), H_UDP(HS, HD)),                      \
	    ACE(mode, ICMP(A, ICMPT), H_ICMP(HS, HD)),                         \
	    ACE(mode, OTHER(A, PROTO), H_OTHER(HPROTO, HS, HD)),               \
	    ACE_COMMON(mode)

/* access-list NUM: standard or extended by the number's range */
#define NUM_STD "access-list {NUM:<1-99>|NUM:<1300-1999>} {permit|deny} "
#define NUM_EXT "access-list {NUM:<100-199>|NUM:<2000-2699>} {permit|deny} "
#define H_NUM_STD                                                              \
	"Add an access list entry", "IP standard access list",                 \
	    "IP standard access list (expanded range)", H_PD
#define H_NUM_EXT                                                              \
	"Add an access list entry", "IP extended access list",                 \
	    "IP extended access list (expanded range)", H_PD

const struct cli_cmd zc_acl_rows[] = {
	{ CLI_MODE_CONFIG, "ip access-list {standard|extended} NAME",
	    { "Global IP configuration subcommands", "Named access list",
		"Standard Access List", "Extended Access List",
		"Access-list name or number" },
	    cmd_acl, 0 },
	{ CLI_MODE_CONFIG, "ipv6 access-list NAME",
	    { "Global IPv6 configuration commands", "Configure access lists",
		"User selected string identifying "
		"this access list" },
	    cmd_acl, 0 },
	{ CLI_MODE_CONFIG, NUM_STD STD, { H_NUM_STD, H_STD }, cmd_numbered, 0 },
	{ CLI_MODE_CONFIG, NUM_EXT TCP(ADDR4, "tcp-port"),
	    { H_NUM_EXT, H_TCP(H_SRC4, H_DST4) }, cmd_numbered, 0 },
	{ CLI_MODE_CONFIG, NUM_EXT UDP(ADDR4, "udp-port"),
	    { H_NUM_EXT, H_UDP(H_SRC4, H_DST4) }, cmd_numbered, 0 },
	{ CLI_MODE_CONFIG, NUM_EXT ICMP(ADDR4, "icmp-type"),
	    { H_NUM_EXT, H_ICMP(H_SRC4, H_DST4) }, cmd_numbered, 0 },
	{ CLI_MODE_CONFIG, NUM_EXT OTHER(ADDR4, "ip-proto"),
	    { H_NUM_EXT, H_OTHER("An IP protocol number", H_SRC4, H_DST4) },
	    cmd_numbered, 0 },
	{ CLI_MODE_CONFIG,
	    "access-list {NUM:<1-99>|NUM:<100-199>|NUM:<1300-1999>|"
	    "NUM:<2000-2699>} remark TEXT:LINE",
	    { "Add an access list entry", "IP standard access list",
		"IP extended access list",
		"IP standard access list (expanded range)",
		"IP extended access list (expanded range)", H_REMARK },
	    cmd_numbered, 0 },
	ACE_EXT(CLI_MODE_EXT_NACL, ADDR4, H_SRC4, H_DST4, "ip-proto",
	    "An IP protocol number", "icmp-type"),
	ACE(CLI_MODE_STD_NACL, STD, H_STD),
	ACE_COMMON(CLI_MODE_STD_NACL),
	ACE_EXT(CLI_MODE_IPV6_NACL, ADDR6, H_SRC6, H_DST6, "ipv6-proto",
	    "An IPv6 protocol number", "icmp6-type"),
	{ CLI_MODE_EXEC, "show ip access-lists [NAME]",
	    { "Show running system information", "IP information",
		"List IP access lists", "ACL name or number" },
	    cmd_show_acl, 0 },
	{ CLI_MODE_EXEC, "show access-lists [NAME]",
	    { "Show running system information", "List access lists",
		"ACL name or number" },
	    cmd_show_acl, 0 },
	{ CLI_MODE_PRIV, "clear ip access-list counters [NAME]",
	    { "Reset functions", "IP",
		"Clear access list statistical "
		"information",
		"Clear access list counters", "Access list name or number" },
	    cmd_clear_acl, 0 },
	{ CLI_MODE_PRIV, "clear access-list counters [NAME]",
	    { "Reset functions", "Clear access list statistical information",
		"Clear access list counters", "Access list name or number" },
	    cmd_clear_acl, 0 },
	{ CLI_MODE_EXEC, "show ipv6 access-list [NAME]",
	    { "Show running system information", "IPv6 information",
		"Summary of access lists", "ACL name" },
	    cmd_show_acl, 0 },
};
const size_t zc_acl_nrows = sizeof(zc_acl_rows) / sizeof(zc_acl_rows[0]);
