/* class-map type inspect sip: model, (config-cmap) rows of the SIP
 * class-map mode, printer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "zones/sip_l7_int.h"

struct zc_sipcmap *
zc_sipcmap_find(const struct zone_cfg *c, const char *name)
{
	long i;

	if (c->l7 == NULL || name == NULL)
		return NULL;
	i = zc_vec_index(&c->l7->cmaps, name);
	return i < 0 ? NULL : c->l7->cmaps.v[i];
}

int
zc_sipcmap_enter(struct zone_cfg *c, const char *name, int match_any,
    struct zc_err *e)
{
	struct zc_sipcmap *m;
	struct zc_l7 *l;

	if (zc_name_ok(name, e) < 0)
		return -1;
	if ((m = zc_sipcmap_find(c, name)) != NULL) {
		if (match_any >= 0 && (bool)match_any != m->any)
			return zc_fail(e,
			    "class-map %s already exists with type %s; "
			    "remove it first",
			    name, m->any ? "match-any" : "match-all");
		return 0;
	}
	if ((l = zc_l7_get(c)) == NULL || (m = calloc(1, sizeof(*m))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(m->name, name);
	m->any = match_any == 1;
	if (zc_vec_push(&l->cmaps, m) < 0) {
		free(m);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_sipcmap_del(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	struct zc_l7 *l = c->l7;
	size_t i;

	if (zc_sipcmap_find(c, name) == NULL)
		return zc_fail(e, "class-map %s not configured", name);
	for (i = 0; i < l->pmaps.n; i++) {
		struct zc_sippmap *p = l->pmaps.v[i];
		if (zc_vec_index(&p->cls, name) >= 0)
			return zc_fail(e,
			    "class-map %s is in use by policy-map %s; remove "
			    "the class there first",
			    name, p->name);
	}
	for (i = 0; i < l->cmaps.n; i++) {
		struct zc_sipcmap *m = l->cmaps.v[i];
		if (strcmp(m->name, name) == 0) {
			zc_vec_del(&l->cmaps, i);
			free(m->m);
			free(m);
			break;
		}
	}
	return 0;
}

static bool
same(const struct zc_l7match *a, const struct zc_l7match *b)
{
	return a->kind == b->kind && a->negate == b->negate &&
	    strcmp(a->method, b->method) == 0 &&
	    strcasecmp(sip_l7_header_long(a->header),
		sip_l7_header_long(b->header)) == 0 &&
	    a->n == b->n && strcmp(a->regex, b->regex) == 0;
}

int
zc_sipcmap_match(struct zone_cfg *c, const char *cmap,
    const struct zc_l7match *x, bool no, struct zc_err *e)
{
	struct zc_sipcmap *m = zc_sipcmap_find(c, cmap);
	struct zc_l7match *nm;
	size_t i;

	if (m == NULL)
		return zc_fail(e, "class-map %s not configured", cmap);
	for (i = 0; i < m->n; i++)
		if (same(&m->m[i], x))
			break;
	if (no) {
		if (i == m->n)
			return zc_fail(e,
			    "Match statement not found in class-map %s", cmap);
		memmove(&m->m[i], &m->m[i + 1],
		    (m->n - i - 1) * sizeof(m->m[0]));
		m->n--;
		return 0;
	}
	if (i < m->n)
		return 0;
	if (x->regex[0] != '\0' && zc_regex_find(c, x->regex) == NULL)
		return zc_fail(e, "parameter-map type regex %s not configured",
		    x->regex);
	if ((nm = realloc(m->m, (m->n + 1) * sizeof(*nm))) == NULL)
		return zc_fail(e, "Out of memory");
	m->m = nm;
	m->m[m->n++] = *x;
	return 0;
}

void
zc_l7match_text(const struct zc_l7match *x, struct buf *b)
{
	if (x->negate)
		buf_puts(b, "not ");
	switch (x->kind) {
	case SIP_L7_METHOD:
		buf_printf(b, "request method %s", x->method);
		break;
	case SIP_L7_RURI_REGEX:
		buf_printf(b, "request uri regex %s", x->regex);
		break;
	case SIP_L7_HDR_REGEX:
		buf_printf(b, "req-resp header %s regex %s", x->header,
		    x->regex);
		break;
	case SIP_L7_HDR_LEN:
		buf_printf(b, "req-resp header %s length gt %u", x->header,
		    x->n);
		break;
	case SIP_L7_BODY_LEN:
		buf_printf(b, "req-resp body length gt %u", x->n);
		break;
	case SIP_L7_THIRD_PARTY_REG:
		buf_puts(b, "third-party-registration");
		break;
	case SIP_L7_VIOLATION:
		buf_puts(b, "protocol-violation");
		break;
	case SIP_L7_STATUS_REGEX:
		buf_printf(b, "response status regex %s", x->regex);
		break;
	case SIP_L7_HDR_COUNT:
		buf_printf(b, "req-resp header %s count gt %u", x->header,
		    x->n);
		break;
	case SIP_L7_URI_LEN:
		buf_printf(b, "uri %s length gt %u", x->header, x->n);
		break;
	case SIP_L7_CTYPE_REGEX:
		buf_printf(b, "req-resp content-type regex %s", x->regex);
		break;
	case SIP_L7_CTYPE_MISMATCH:
		buf_puts(b, "req-resp content-type mismatch");
		break;
	}
}

void
zc_print_sipcmaps(const struct zone_cfg *c, struct buf *b)
{
	size_t i, j;

	if (c->l7 == NULL)
		return;
	for (i = 0; i < c->l7->cmaps.n; i++) {
		const struct zc_sipcmap *m = c->l7->cmaps.v[i];
		buf_printf(b, "class-map type inspect sip %s %s\n",
		    m->any ? "match-any" : "match-all", m->name);
		for (j = 0; j < m->n; j++) {
			buf_puts(b, " match ");
			zc_l7match_text(&m->m[j], b);
			buf_putc(b, '\n');
		}
	}
}

/* Commands. */

static int
cmd_sipcmap(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *name = cli_arg(a, "NAME");
	int any = cli_has(a, "match-any") ? 1 :
	    cli_has(a, "match-all")	  ? 0 :
					    -1;
	int rc;

	if (cli_no(a))
		return zc_ret(cx, zc_sipcmap_del(zc_cfg(cx), name, &e), &e);
	rc = zc_sipcmap_enter(zc_cfg(cx), name, any, &e);
	if (rc == 0)
		return cli_enter(cx, CLI_MODE_SIP_CMAP, name, NULL);
	return zc_ret(cx, rc, &e);
}

static bool
header_ok(const char *h)
{
	size_t i;

	for (i = 0; h[i] != '\0'; i++)
		if (!(h[i] == '-' || h[i] == '_' || h[i] == '.' ||
			(h[i] >= '0' && h[i] <= '9') ||
			(h[i] >= 'a' && h[i] <= 'z') ||
			(h[i] >= 'A' && h[i] <= 'Z')))
			return false;
	return i > 0;
}

static int
cmd_match(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	struct zc_l7match x;
	const char *s;
	size_t i;

	memset(&x, 0, sizeof(x));
	x.negate = cli_has(a, "not");
	if (cli_has(a, "method")) {
		x.kind = SIP_L7_METHOD;
		for (i = 0; sip_l7_methods[i] != NULL; i++)
			if (cli_has(a, sip_l7_methods[i]))
				snprintf(x.method, sizeof(x.method), "%s",
				    sip_l7_methods[i]);
		if (x.method[0] == '\0')
			return cli_error(cx, "Incomplete command.");
	} else if (cli_has(a, "status"))
		x.kind = SIP_L7_STATUS_REGEX;
	else if (cli_has(a, "request") && cli_has(a, "uri"))
		x.kind = SIP_L7_RURI_REGEX;
	else if (cli_has(a, "uri")) {
		x.kind = SIP_L7_URI_LEN;
		strcpy(x.header, cli_has(a, "tel") ? "tel" : "sip");
	} else if (cli_has(a, "content-type"))
		x.kind = cli_has(a, "mismatch") ? SIP_L7_CTYPE_MISMATCH :
						  SIP_L7_CTYPE_REGEX;
	else if (cli_has(a, "header"))
		x.kind = cli_has(a, "length") ? SIP_L7_HDR_LEN :
		    cli_has(a, "count")	      ? SIP_L7_HDR_COUNT :
						SIP_L7_HDR_REGEX;
	else if (cli_has(a, "body"))
		x.kind = SIP_L7_BODY_LEN;
	else if (cli_has(a, "third-party-registration"))
		x.kind = SIP_L7_THIRD_PARTY_REG;
	else if (cli_has(a, "protocol-violation"))
		x.kind = SIP_L7_VIOLATION;
	else
		return cli_error(cx, "Incomplete command.");
	if ((s = cli_arg(a, "HEADER")) != NULL) {
		if (!header_ok(s) || strlen(s) >= sizeof(x.header))
			return cli_error(cx, "Invalid header name %s", s);
		strcpy(x.header, s);
	}
	if ((s = cli_arg(a, "MAP")) != NULL) {
		if (zc_name_ok(s, &e) < 0)
			return zc_ret(cx, -1, &e);
		strcpy(x.regex, s);
	}
	x.n = (uint32_t)cli_num(a, "N", 0);
	return zc_ret(cx,
	    zc_sipcmap_match(zc_cfg(cx), cli_obj(cx, 0), &x, cli_no(a), &e),
	    &e);
}

#define NOT_HELP "Negate this match result"
const struct cli_cmd zc_sipcmap_rows[] = {
	{ CLI_MODE_CONFIG,
	    "class-map type inspect sip [match-any|match-all] NAME",
	    { "Configure class map", "Configure class-map type",
		"Configure a firewall class-map",
		"Layer 7 SIP class-map (class-map type inspect sip)",
		"Logical-OR all matching statements under this class map",
		"Logical-AND all matching statements under this class map",
		"class-map name" },
	    cmd_sipcmap, 0 },
	{ CLI_MODE_SIP_CMAP,
	    "match [not] request method {ack|bye|cancel|info|invite|message|"
	    "notify|options|prack|publish|refer|register|subscribe|update|"
	    "unknown}",
	    { "Configure classification criteria", NOT_HELP, "SIP request",
		"SIP request method", "ACK", "BYE", "CANCEL", "INFO", "INVITE",
		"MESSAGE (instant message)", "NOTIFY", "OPTIONS", "PRACK",
		"PUBLISH", "REFER", "REGISTER", "SUBSCRIBE", "UPDATE",
		"any other method" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP, "match [not] request uri regex MAP",
	    { "Configure classification criteria", NOT_HELP, "SIP request",
		"Request-URI", "Match a regular expression",
		"parameter-map type regex name" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP, "match [not] req-resp header HEADER regex MAP",
	    { "Configure classification criteria", NOT_HELP,
		"SIP request or response", "A header (every line of it)",
		"Header name (case-insensitive; compact forms count: f = From)",
		"Match a regular expression", "parameter-map type regex name" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP,
	    "match [not] req-resp header HEADER length gt N:<0-65535>",
	    { "Configure classification criteria", NOT_HELP,
		"SIP request or response", "A header (every line of it)",
		"Header name (case-insensitive; compact forms count: f = From)",
		"Length of the header's value", "Greater than", "Bytes" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP, "match [not] req-resp body length gt N:<0-65535>",
	    { "Configure classification criteria", NOT_HELP,
		"SIP request or response", "The message body",
		"Length of the body", "Greater than", "Bytes" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP,
	    "match [not] req-resp header HEADER count gt N:<0-255>",
	    { "Configure classification criteria", NOT_HELP,
		"SIP request or response", "A header (every line of it)",
		"Header name (case-insensitive; compact forms count: f = From)",
		"Number of lines of the header", "Greater than", "Lines" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP, "match [not] req-resp content-type regex MAP",
	    { "Configure classification criteria", NOT_HELP,
		"SIP request or response", "The Content-Type header",
		"Match a regular expression", "parameter-map type regex name" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP, "match [not] req-resp content-type mismatch",
	    { "Configure classification criteria", NOT_HELP,
		"SIP request or response", "The Content-Type header",
		"A body without Content-Type, or SDP that is not SDP" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP, "match [not] response status regex MAP",
	    { "Configure classification criteria", NOT_HELP, "SIP response",
		"Status code and reason phrase (\"403 Forbidden\")",
		"Match a regular expression", "parameter-map type regex name" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP, "match [not] uri {sip|tel} length gt N:<0-65535>",
	    { "Configure classification criteria", NOT_HELP,
		"A URI: the Request-URI, From or To", "sip: or sips: URI",
		"tel: URI", "Length of the URI", "Greater than", "Bytes" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP, "match [not] third-party-registration",
	    { "Configure classification criteria", NOT_HELP,
		"A REGISTER whose From differs from its To" },
	    cmd_match, 0 },
	{ CLI_MODE_SIP_CMAP, "match [not] protocol-violation",
	    { "Configure classification criteria", NOT_HELP,
		"A message that violates the protocol (doc/SIP.md)" },
	    cmd_match, 0 },
};
const size_t zc_sipcmap_nrows = sizeof(zc_sipcmap_rows) /
    sizeof(zc_sipcmap_rows[0]);
