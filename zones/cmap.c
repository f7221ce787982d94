/* class-map type inspect: model, (config-cmap) rows, printer. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

/* Does class-map `from` reach `to` through match class-map? */
static bool
cmap_reaches(const struct zone_cfg *c, const char *from, const char *to,
    int depth)
{
	const struct zc_cmap *m;
	size_t i;

	if (strcmp(from, to) == 0)
		return true;
	if (depth > ZC_NEST_MAX || (m = zc_cmap_find(c, from)) == NULL)
		return false;
	for (i = 0; i < m->nm; i++)
		if (m->m[i].kind == ZM_CMAP &&
		    cmap_reaches(c, m->m[i].arg, to, depth + 1))
			return true;
	return false;
}

static int
cmap_depth(const struct zone_cfg *c, const char *name, int depth)
{
	const struct zc_cmap *m;
	int d, best = depth;
	size_t i;

	if (depth > ZC_NEST_MAX || (m = zc_cmap_find(c, name)) == NULL)
		return depth;
	for (i = 0; i < m->nm; i++)
		if (m->m[i].kind == ZM_CMAP &&
		    (d = cmap_depth(c, m->m[i].arg, depth + 1)) > best)
			best = d;
	return best;
}

int
zc_cmap_enter(struct zone_cfg *c, const char *name, int match_any,
    struct zc_err *e)
{
	struct zc_cmap *m;

	if (zc_name_ok(name, e) < 0)
		return -1;
	if ((m = zc_cmap_find(c, name)) != NULL) {
		/* IOS refuses to change the match type of an existing map. */
		if (match_any >= 0 && (bool)match_any != m->match_any)
			return zc_fail(e,
			    "class-map %s already exists with "
			    "type %s; remove it first",
			    name, m->match_any ? "match-any" : "match-all");
		return 0;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(m->name, name);
	m->match_any = match_any == 1;
	m->id = c->next_cmap_id++;
	if (zc_vec_push(&c->cmaps, m) < 0) {
		free(m);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_cmap_del(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	size_t i, j, k;

	if (zc_cmap_find(c, name) == NULL)
		return zc_fail(e, "class-map %s not configured", name);
	for (i = 0; i < c->pmaps.n; i++) {
		struct zc_pmap *p = c->pmaps.v[i];
		if (zc_class_find(p, name) != NULL)
			return zc_fail(e,
			    "class-map %s is in use by "
			    "policy-map %s; remove the class there first",
			    name, p->name);
	}
	for (i = 0; i < c->cmaps.n; i++) {
		struct zc_cmap *m = c->cmaps.v[i];
		for (j = 0; j < m->nm; j++)
			if (m->m[j].kind == ZM_CMAP &&
			    strcmp(m->m[j].arg, name) == 0)
				return zc_fail(e,
				    "class-map %s is in use by "
				    "class-map %s",
				    name, m->name);
	}
	for (k = 0; k < c->cmaps.n; k++) {
		struct zc_cmap *m = c->cmaps.v[k];
		if (strcmp(m->name, name) == 0) {
			zc_vec_del(&c->cmaps, k);
			free(m->descr);
			free(m->m);
			free(m);
			break;
		}
	}
	return 0;
}

int
zc_cmap_match(struct zone_cfg *c, const char *cmap, bool no,
    enum zc_match_kind kind, const char *arg, struct zc_err *e)
{
	struct zc_cmap *m;
	struct zc_match *nm;
	size_t i;

	if ((m = zc_cmap_find(c, cmap)) == NULL)
		return zc_fail(e, "class-map %s not configured", cmap);
	if (zc_name_ok(arg, e) < 0)
		return -1;
	for (i = 0; i < m->nm; i++)
		if (m->m[i].kind == kind && strcmp(m->m[i].arg, arg) == 0)
			break;
	if (no) {
		if (i == m->nm)
			return zc_fail(e,
			    "Match statement not found in "
			    "class-map %s",
			    cmap);
		memmove(&m->m[i], &m->m[i + 1],
		    (m->nm - i - 1) * sizeof(m->m[0]));
		m->nm--;
		return 0;
	}
	if (i < m->nm)
		return 0; /* already there: IOS keeps one */
	if (kind == ZM_PROTO && !zc_proto_name_ok(arg))
		return zc_fail(e, "Unknown protocol %s", arg);
	if (kind == ZM_CMAP) {
		if (zc_cmap_find(c, arg) == NULL)
			return zc_fail(e, "class-map %s not configured", arg);
		if (cmap_reaches(c, arg, cmap, 0))
			return zc_fail(e,
			    "class-map %s: match class-map %s "
			    "would make a loop",
			    cmap, arg);
		if (cmap_depth(c, arg, 1) + 1 > ZC_NEST_MAX)
			return zc_fail(e,
			    "class-map nesting deeper than %d "
			    "levels",
			    ZC_NEST_MAX);
	}
	nm = realloc(m->m, (m->nm + 1) * sizeof(*nm));
	if (nm == NULL)
		return zc_fail(e, "Out of memory");
	m->m = nm;
	m->m[m->nm].kind = kind;
	strcpy(m->m[m->nm].arg, arg);
	m->nm++;
	return 0;
}

int
zc_cmap_descr(struct zone_cfg *c, const char *cmap, const char *d,
    struct zc_err *e)
{
	struct zc_cmap *m;

	if ((m = zc_cmap_find(c, cmap)) == NULL)
		return zc_fail(e, "class-map %s not configured", cmap);
	if (zc_set_str(&m->descr, d) < 0)
		return zc_fail(e, "Out of memory");
	return 0;
}

void
zc_match_text(const struct zc_match *m, bool show, struct buf *b)
{
	switch (m->kind) {
	case ZM_PROTO:
		buf_printf(b, "protocol %s", m->arg);
		break;
	case ZM_ACL_NUM:
		/* show has two spaces before a number (GP golden). */
		buf_printf(b, show ? "access-group  %s" : "access-group %s",
		    m->arg);
		break;
	case ZM_ACL_NAME:
		buf_printf(b, "access-group name %s", m->arg);
		break;
	case ZM_CMAP:
		buf_printf(b, "class-map %s", m->arg);
		break;
	}
}

static void
print_one(const struct zone_cfg *c, const struct zc_cmap *m, bool *done,
    struct buf *b, int depth)
{
	long idx = zc_vec_index(&c->cmaps, m->name);
	const struct zc_cmap *k;
	size_t i;

	if (idx < 0 || done[idx] || depth > ZC_NEST_MAX)
		return;
	done[idx] = true;
	/* Nested maps first, so loading the output never refers forward. */
	for (i = 0; i < m->nm; i++)
		if (m->m[i].kind == ZM_CMAP &&
		    (k = zc_cmap_find(c, m->m[i].arg)) != NULL)
			print_one(c, k, done, b, depth + 1);
	buf_printf(b, "class-map type inspect %s %s\n",
	    m->match_any ? "match-any" : "match-all", m->name);
	if (m->descr != NULL)
		buf_printf(b, " description %s\n", m->descr);
	for (i = 0; i < m->nm; i++) {
		buf_puts(b, " match ");
		zc_match_text(&m->m[i], false, b);
		buf_putc(b, '\n');
	}
}

void
zc_print_cmaps(const struct zone_cfg *c, struct buf *b)
{
	bool *done;
	size_t i;

	if (c->cmaps.n == 0)
		return;
	if ((done = calloc(c->cmaps.n, sizeof(*done))) == NULL)
		return;
	for (i = 0; i < c->cmaps.n; i++)
		print_one(c, c->cmaps.v[i], done, b, 0);
	free(done);
}

/* Commands. */

static int
cmd_cmap(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *name = cli_arg(a, "NAME");
	int any = cli_has(a, "match-any") ? 1 :
	    cli_has(a, "match-all")	  ? 0 :
					    -1;
	int rc;

	if (cli_no(a))
		return zc_ret(cx, zc_cmap_del(zc_cfg(cx), name, &e), &e);
	rc = zc_cmap_enter(zc_cfg(cx), name, any, &e);
	if (rc == 0)
		cli_enter(cx, CLI_MODE_CMAP, name, NULL);
	return zc_ret(cx, rc, &e);
}

static int
cmd_match_proto(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *p = NULL;
	size_t i;

	for (i = 0; zc_proto_names[i] != NULL; i++)
		if (cli_has(a, zc_proto_names[i]))
			p = zc_proto_names[i];
	if (p == NULL)
		return cli_error(cx, "Incomplete command.");
	return zc_ret(cx,
	    zc_cmap_match(zc_cfg(cx), cli_obj(cx, 0), cli_no(a), ZM_PROTO, p,
		&e),
	    &e);
}

static int
cmd_match_acl(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *n;
	enum zc_match_kind k = ZM_ACL_NUM;

	if ((n = cli_arg(a, "NUM")) == NULL &&
	    (n = cli_arg(a, "XNUM")) == NULL) {
		n = cli_arg(a, "ACL");
		k = ZM_ACL_NAME;
	}
	return zc_ret(cx,
	    zc_cmap_match(zc_cfg(cx), cli_obj(cx, 0), cli_no(a), k, n, &e), &e);
}

static int
cmd_match_cmap(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_cmap_match(zc_cfg(cx), cli_obj(cx, 0), cli_no(a), ZM_CMAP,
		cli_arg(a, "CMAP"), &e),
	    &e);
}

static int
cmd_cmap_descr(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_cmap_descr(zc_cfg(cx), cli_obj(cx, 0),
		cli_no(a) ? NULL : cli_arg(a, "TEXT"), &e),
	    &e);
}

#define PROTO_SYNTAX                                                           \
	"{tcp|udp|icmp|sip|http|https|dns|ftp|telnet|"                         \
	"ssh|smtp|tftp|ntp|snmp|h323|rtsp|skinny|pop3|imap|ldap}"
#define PROTO_HELP                                                             \
	"Transmission Control Protocol", "User Datagram Protocol",             \
	    "Internet Control Message Protocol",                               \
	    "Session Initiation Protocol (UDP/TCP 5060)", "HTTP (TCP 80)",     \
	    "Secure HTTP (TCP 443)", "Domain Name Server (UDP/TCP 53)",        \
	    "File Transfer Protocol (TCP 21)", "Telnet (TCP 23)",              \
	    "Secure Shell (TCP 22)", "Simple Mail Transfer Protocol (TCP 25)", \
	    "Trivial File Transfer Protocol (UDP 69)",                         \
	    "Network Time Protocol (UDP 123)",                                 \
	    "Simple Network Management Protocol (UDP 161)",                    \
	    "H.323 call signalling (TCP 1720)",                                \
	    "Real Time Streaming Protocol (TCP 554)",                          \
	    "Skinny Client Control Protocol (TCP 2000)",                       \
	    "Post Office Protocol 3 (TCP 110)",                                \
	    "Internet Message Access Protocol (TCP 143)",                      \
	    "Lightweight Directory Access Protocol (TCP 389)"
/* Known by port only; a second row (a row holds at most 32 help texts). */
#define PROTO2_SYNTAX                                                          \
	"{bgp|bootpc|bootps|isakmp|ipsec-msft|syslog|l2tp|pptp|kerberos|"      \
	"ldaps|imaps|pop3s|nntp|sqlnet|mysql|ms-sql}"
#define PROTO2_HELP                                                            \
	"Border Gateway Protocol (TCP 179)", "Bootstrap client (UDP 68)",      \
	    "Bootstrap server (UDP 67)", "ISAKMP (UDP 500)",                   \
	    "IPsec NAT traversal (UDP 4500)", "Syslog (UDP 514)",              \
	    "L2TP (UDP 1701)", "PPTP (TCP 1723)", "Kerberos (TCP/UDP 88)",     \
	    "LDAP over TLS (TCP 636)", "IMAP over TLS (TCP 993)",              \
	    "POP3 over TLS (TCP 995)", "Network News (TCP 119)",               \
	    "Oracle SQL*Net (TCP 1521)", "MySQL (TCP 3306)",                   \
	    "Microsoft SQL Server (TCP 1433)"

const struct cli_cmd zc_cmap_rows[] = {
	{ CLI_MODE_CONFIG, "class-map type inspect [match-any|match-all] NAME",
	    { "Configure class map", "Configure class-map type",
		"Configure a firewall class-map",
		"Logical-OR all matching statements under this class map",
		"Logical-AND all matching statements under this class map",
		"class-map name" },
	    cmd_cmap, 0 },
	{ CLI_MODE_CMAP, "match protocol " PROTO_SYNTAX,
	    { "Configure classification criteria", "Protocol", PROTO_HELP },
	    cmd_match_proto, 0 },
	{ CLI_MODE_CMAP, "match protocol " PROTO2_SYNTAX,
	    { "Configure classification criteria", "Protocol", PROTO2_HELP },
	    cmd_match_proto, 0 },
	{ CLI_MODE_CMAP,
	    "match access-group {NUM:<1-199>|XNUM:<1300-2699>|name ACL}",
	    { "Configure classification criteria", "Access group",
		"IP access list", "IP expanded access list",
		"Named Access List", "Access List name" },
	    cmd_match_acl, 0 },
	{ CLI_MODE_CMAP, "match class-map CMAP",
	    { "Configure classification criteria", "Class map",
		"Match class-map name" },
	    cmd_match_cmap, 0 },
	{ CLI_MODE_CMAP, "description TEXT:LINE",
	    { "Class-Map description",
		"Description of this class-map (up "
		"to 200 characters)" },
	    cmd_cmap_descr, 0 },
};
const size_t zc_cmap_nrows = sizeof(zc_cmap_rows) / sizeof(zc_cmap_rows[0]);
