/*
 * show class-map / policy-map / parameter-map type inspect, show
 * policy-map type inspect zone-pair [sessions], clear zone-pair (ref §4.3-
 * §4.7).  Counters and sessions come from the statistics source
 * (zone_cfg_set_stats(), zones.h); none: zeros and no sessions.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

void
zc_show_cmaps(const struct zone_cfg *c, const char *name, struct buf *b)
{
	size_t i, j;

	for (i = 0; i < c->cmaps.n; i++) {
		const struct zc_cmap *m = c->cmaps.v[i];
		if (name != NULL && strcmp(name, m->name) != 0)
			continue;
		buf_printf(b, " Class Map type inspect %s %s (id %u)\n",
		    m->match_any ? "match-any" : "match-all", m->name, m->id);
		for (j = 0; j < m->nm; j++) {
			buf_puts(b, "   Match ");
			zc_match_text(&m->m[j], true, b);
			buf_putc(b, '\n');
		}
	}
}

static const char *
action_text(const struct zc_class *k, bool dflt)
{
	switch (k->action) {
	case ZA_INSPECT:
		return "Inspect";
	case ZA_PASS:
		return k->log ? "Pass log" : "Pass";
	case ZA_DROP:
		return k->log ? "Drop log" : "Drop";
	case ZA_NONE:
		break;
	}
	return dflt ? "Drop" : NULL;
}

void
zc_show_pmaps(const struct zone_cfg *c, const char *name, struct buf *b)
{
	size_t i, j;
	const char *t;

	for (i = 0; i < c->pmaps.n; i++) {
		const struct zc_pmap *p = c->pmaps.v[i];
		if (name != NULL && strcmp(name, p->name) != 0)
			continue;
		buf_printf(b, "  Policy Map type inspect %s\n", p->name);
		for (j = 0; j <= p->cls.n; j++) {
			const struct zc_class *k = j < p->cls.n ? p->cls.v[j] :
								  &p->def;
			buf_printf(b, "    Class %s\n", k->name);
			if ((t = action_text(k, j == p->cls.n)) != NULL)
				buf_printf(b, "      %s\n", t);
		}
	}
}

void
zc_show_params(const struct zone_cfg *c, const char *name, struct buf *b)
{
	const struct zc_param *g;
	size_t i;

	if (name != NULL) {
		name = zc_param_canon(name);
		zc_show_param(name, zc_param_find(c, name), b);
		return;
	}
	g = zc_param_find(c, "global");
	zc_show_param("global", g, b);
	for (i = 0; i < c->params.n; i++) {
		const struct zc_param *m = c->params.v[i];
		if (!m->global)
			zc_show_param(m->name, m, b);
	}
}

static void
hms(time_t since, struct buf *b)
{
	long d = (long)(time(NULL) - since);

	if (since == 0) {
		buf_puts(b, "never");
		return;
	}
	if (d < 0)
		d = 0;
	buf_printf(b, "%02ld:%02ld:%02ld", d / 3600, d / 60 % 60, d % 60);
}

static void
show_class_stats(const struct zone_cfg *c, const char *zp,
    const struct zc_class *k, bool sessions, struct buf *b)
{
	struct zone_class_stats s;

	memset(&s, 0, sizeof(s));
	if (c->stats != NULL && c->stats->class_stats != NULL &&
	    c->stats->class_stats(c->stats_arg, zp, k->name, &s) < 0)
		memset(&s, 0, sizeof(s));
	if (k->action != ZA_INSPECT) {
		buf_printf(b, "        %llu packets, %llu bytes\n",
		    (unsigned long long)s.pkts, (unsigned long long)s.bytes);
		return;
	}
	if (sessions) {
		zc_show_class_sessions(c, zp, k->name, b);
		buf_putc(b, '\n');
		return;
	}
	if (s.tcp_pkts || s.udp_pkts || s.icmp_pkts) {
		buf_puts(b,
		    "        Packet inspection statistics [process "
		    "switch:fast switch]\n");
		if (s.tcp_pkts)
			buf_printf(b, "        tcp packets: [0:%llu]\n",
			    (unsigned long long)s.tcp_pkts);
		if (s.udp_pkts)
			buf_printf(b, "        udp packets: [0:%llu]\n",
			    (unsigned long long)s.udp_pkts);
		if (s.icmp_pkts)
			buf_printf(b, "        icmp packets: [0:%llu]\n",
			    (unsigned long long)s.icmp_pkts);
	}
	buf_printf(b,
	    "        Session creations since subsystem startup or "
	    "last reset %llu\n",
	    (unsigned long long)s.sessions_created);
	buf_printf(b,
	    "        Current session counts (estab/half-open/"
	    "terminating) [%u:%u:%u]\n",
	    s.cur_estab, s.cur_halfopen, s.cur_terminating);
	buf_printf(b,
	    "        Maxever session counts (estab/half-open/"
	    "terminating) [%u:%u:%u]\n",
	    s.max_estab, s.max_halfopen, s.max_terminating);
	buf_puts(b, "        Last session created ");
	hms(s.last_created, b);
	buf_puts(b, "\n        Last statistic reset ");
	hms(s.last_reset, b);
	buf_printf(b, "\n        Last session creation rate %u\n", s.last_rate);
	buf_printf(b, "        Last half-open session total %u\n",
	    s.last_halfopen_total);
}

static void
show_class(const struct zone_cfg *c, const char *zp, const struct zc_class *k,
    bool dflt, bool sessions, struct buf *b)
{
	const struct zc_cmap *m = dflt ? NULL : zc_cmap_find(c, k->name);
	size_t j;

	buf_printf(b, "    Class-map: %s (%s)\n", k->name,
	    m == NULL || m->match_any ? "match-any" : "match-all");
	if (dflt)
		buf_puts(b, "      Match: any\n");
	for (j = 0; m != NULL && j < m->nm; j++) {
		buf_puts(b, "      Match: ");
		zc_match_text(&m->m[j], false, b);
		buf_putc(b, '\n');
	}
	switch (k->action) {
	case ZA_INSPECT:
		buf_puts(b, "      Inspect\n");
		break;
	case ZA_PASS:
		buf_puts(b, k->log ? "      Pass log\n" : "      Pass\n");
		break;
	case ZA_DROP:
		buf_puts(b, k->log ? "      Drop log\n" : "      Drop\n");
		break;
	case ZA_NONE:
		/* a class without action drops too, as class-default does */
		buf_puts(b, "      Drop (default action)\n");
		break;
	}
	show_class_stats(c, zp, k, sessions, b);
	if (!sessions)
		zc_show_l7(c, zp, k, b);
}

void
zc_show_zp_policy(const struct zone_cfg *c, const char *name, bool sessions,
    struct buf *b)
{
	size_t i, j, n = 0;

	for (i = 0; i < c->zpairs.n; i++) {
		const struct zc_zpair *z = c->zpairs.v[i];
		const struct zc_pmap *p;
		if (name != NULL && strcmp(name, z->name) != 0)
			continue;
		if ((p = zc_pmap_find(c, z->policy)) == NULL)
			continue;
		if (n++ > 0)
			buf_putc(b, '\n');
		buf_printf(b, "  Zone-pair: %s\n", z->name);
		buf_printf(b, "  Service-policy inspect : %s\n\n", p->name);
		for (j = 0; j <= p->cls.n; j++) {
			if (j > 0)
				buf_putc(b, '\n');
			show_class(c, z->name,
			    j < p->cls.n ? p->cls.v[j] : &p->def, j == p->cls.n,
			    sessions, b);
		}
	}
}

static int
out(struct cli_ctx *cx, struct buf *b)
{
	if (b->len > 0)
		cli_puts(cx, b->p);
	buf_free(b);
	return CLI_OK;
}

static int
cmd_show_cmap(struct cli_ctx *cx, const struct cli_args *a)
{
	const char *name = cli_arg(a, "NAME");
	struct buf b;

	if (name != NULL && zc_cmap_find(zc_cfg(cx), name) == NULL)
		return cli_error(cx, "Class-map %s not found", name);
	buf_init(&b);
	zc_show_cmaps(zc_cfg(cx), name, &b);
	return out(cx, &b);
}

static int
cmd_show_pmap(struct cli_ctx *cx, const struct cli_args *a)
{
	const char *name = cli_arg(a, "NAME");
	struct buf b;

	if (name != NULL && zc_pmap_find(zc_cfg(cx), name) == NULL)
		return cli_error(cx, "Policy-map %s not found", name);
	buf_init(&b);
	zc_show_pmaps(zc_cfg(cx), name, &b);
	return out(cx, &b);
}

static int
cmd_show_param(struct cli_ctx *cx, const struct cli_args *a)
{
	const char *name = cli_arg(a, "NAME");
	struct buf b;

	if (name != NULL && strcmp(zc_param_canon(name), "global") != 0 &&
	    zc_param_find(zc_cfg(cx), name) == NULL)
		return cli_error(cx, "Parameter-map %s not found", name);
	buf_init(&b);
	zc_show_params(zc_cfg(cx), name, &b);
	return out(cx, &b);
}

static int
cmd_show_zp(struct cli_ctx *cx, const struct cli_args *a)
{
	const char *name = cli_arg(a, "ZP");
	bool sess = cli_has(a, "sessions") || cli_has(a, "session");
	struct buf b;

	/* `zone-pair sessions`: the word is the keyword, not a name */
	if (name != NULL && !sess && zc_zpair_find(zc_cfg(cx), name) == NULL &&
	    (strcmp(name, "sessions") == 0 || strcmp(name, "session") == 0)) {
		name = NULL;
		sess = true;
	}
	if (name != NULL && zc_zpair_find(zc_cfg(cx), name) == NULL)
		return cli_error(cx, "Zone-pair %s does not exist", name);
	buf_init(&b);
	zc_show_zp_policy(zc_cfg(cx), name, sess, &b);
	return out(cx, &b);
}

static int
cmd_clear(struct cli_ctx *cx, const struct cli_args *a)
{
	const char *name = cli_arg(a, "ZP");
	const struct zone_cfg *c = zc_cfg(cx);
	int (*clear)(void *, const char *);
	int rc = 0;

	if (zc_zpair_find(c, name) == NULL)
		return cli_error(cx, "Zone-pair %s does not exist", name);
	if (cli_has(a, "counters"))
		zc_l7_clear((struct zone_cfg *)c, name); /* the model's */
	if (c->stats == NULL)
		return CLI_OK; /* --no-dataplane: nothing counted */
	clear = cli_has(a, "counters") ? c->stats->clear_counters :
					 c->stats->clear_sessions;
	if (clear != NULL)
		rc = clear(c->stats_arg, name);
	if (rc < 0)
		return cli_error(cx, "Could not clear zone-pair %s: %s", name,
		    strerror(-rc));
	return CLI_OK;
}

#define SH "Show running system information"
const struct cli_cmd zc_show_pmap_rows[] = {
	{ CLI_MODE_EXEC, "show class-map type inspect [NAME]",
	    { SH, "Show QoS Class Map", "type of the class-map",
		"Inspect class-maps", "class-map name" },
	    cmd_show_cmap, 0 },
	{ CLI_MODE_EXEC, "show policy-map type inspect [NAME]",
	    { SH, "Show QoS Policy Map", "type of the policy-map",
		"Inspect policy-maps", "policy-map name" },
	    cmd_show_pmap, 0 },
	{ CLI_MODE_EXEC,
	    "show policy-map type inspect zone-pair [ZP] [sessions|session]",
	    { SH, "Show QoS Policy Map", "type of the policy-map",
		"Inspect policy-maps", "Zone-pair", "Zone-pair name",
		"Inspect sessions", "Inspect sessions" },
	    cmd_show_zp, 0 },
	{ CLI_MODE_EXEC,
	    "show parameter-map type inspect [{NAME|global|default}]",
	    { SH, "Show parameter map", "parameter map type",
		"Inspect parameter-maps", "parameter-map name",
		"global parameter-map", "default parameter-map" },
	    cmd_show_param, 0 },
	{ CLI_MODE_EXEC, "show parameter-map type inspect-global",
	    { SH, "Show parameter map", "parameter map type",
		"global inspect parameter-map" },
	    cmd_show_param, 0 },
	{ CLI_MODE_PRIV, "clear zone-pair ZP counters",
	    { "Reset functions", "Zone-pair", "Zone-pair name",
		"Clear the zone-pair's policy counters" },
	    cmd_clear, 0 },
	{ CLI_MODE_PRIV, "clear zone-pair ZP inspect sessions",
	    { "Reset functions", "Zone-pair", "Zone-pair name", "Inspect",
		"Clear the zone-pair's inspect sessions" },
	    cmd_clear, 0 },
};
const size_t zc_show_pmap_nrows = sizeof(zc_show_pmap_rows) /
    sizeof(zc_show_pmap_rows[0]);
