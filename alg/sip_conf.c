/*
 * SIP ALG limits in the configuration (zbfw extensions, IOS has none):
 *   sip-alg maximum {calls|pinholes|registrations|tcp-flows} N
 *   sip-alg per-source maximum {calls|unanswered|pinholes|registrations|
 *       tcp-flows} N            (0: no quota)
 *   sip-alg per-zone-pair maximum {calls|unanswered|pinholes|registrations} N
 *   sip-alg log-interval SECONDS
 * and their `no` forms (the default back).  Kept in struct sip_cli_ctx,
 * given to the ALG when it runs (doc/SECURITY.md lists what each bounds).
 */
#include <stddef.h>
#include <string.h>

#include "alg/sip.h"
#include "cli/cli.h"
#include "lib/buf.h"

/* sip_timer_conf.c: sip-alg timeout ... */
bool sip_timer_print(const struct sip_alg_params *cur,
    const struct sip_alg_params *def, struct buf *out);
void sip_timer_cli_init(struct cli *, struct sip_cli_ctx *);

enum scope { SC_TABLE, SC_SOURCE, SC_ZONE_PAIR };

/* One limit: its keyword, and its field in each scope (or -1). */
static const struct {
	const char *kw;
	long off[3];
} limits[] = {
#define F(x) (long)offsetof(struct sip_alg_params, x)
	{ "calls", { F(max_calls), F(src_max_calls), F(zp_max_calls) } },
	{ "unanswered", { -1, F(src_max_unanswered), F(zp_max_unanswered) } },
	{ "pinholes",
	    { F(max_pinholes), F(src_max_pinholes), F(zp_max_pinholes) } },
	{ "registrations",
	    { F(max_registrations), F(src_max_registrations),
		F(zp_max_registrations) } },
	{ "tcp-flows", { F(max_tcp_flows), F(src_max_tcp_flows), -1 } },
#undef F
};
#define NLIMITS (sizeof(limits) / sizeof(limits[0]))

static const char *const scope_words[] = {
	[SC_TABLE] = "sip-alg maximum",
	[SC_SOURCE] = "sip-alg per-source maximum",
	[SC_ZONE_PAIR] = "sip-alg per-zone-pair maximum",
};

static uint32_t *
field(struct sip_alg_params *p, enum scope sc, size_t i)
{
	return (uint32_t *)(void *)((char *)p + limits[i].off[sc]);
}

static void
apply(struct sip_cli_ctx *c)
{
	if (c->alg != NULL)
		sip_alg_set_params(c->alg, &c->par);
}

static int
set_limit(struct cli_ctx *cx, const struct cli_args *a, enum scope sc)
{
	struct sip_cli_ctx *c = cli_module(cx);
	struct sip_alg_params def;
	bool any = false;

	sip_alg_default_params(&def);
	for (size_t i = 0; i < NLIMITS; i++) {
		if (limits[i].off[sc] < 0 ||
		    (!cli_has(a, limits[i].kw) &&
			!(cli_no(a) && cli_arg(a, "WHAT") == NULL)))
			continue;
		*field(&c->par, sc, i) = cli_no(a) ?
		    *field(&def, sc, i) :
		    (uint32_t)cli_num(a, "N", 0);
		any = true;
	}
	if (any)
		apply(c);
	return CLI_OK;
}

static int
cmd_table(struct cli_ctx *cx, const struct cli_args *a)
{
	return set_limit(cx, a, SC_TABLE);
}

static int
cmd_source(struct cli_ctx *cx, const struct cli_args *a)
{
	return set_limit(cx, a, SC_SOURCE);
}

static int
cmd_zone_pair(struct cli_ctx *cx, const struct cli_args *a)
{
	return set_limit(cx, a, SC_ZONE_PAIR);
}

static int
cmd_log_interval(struct cli_ctx *cx, const struct cli_args *a)
{
	struct sip_cli_ctx *c = cli_module(cx);
	struct sip_alg_params def;

	sip_alg_default_params(&def);
	c->par.log_interval_ms = cli_no(a) ?
	    def.log_interval_ms :
	    (uint32_t)cli_num(a, "SECONDS", 10) * 1000;
	apply(c);
	return CLI_OK;
}

void
sip_cli_print(const struct sip_cli_ctx *c, struct buf *out)
{
	struct sip_alg_params def, cur = c->par;
	bool any = false;

	if (!c->configured)
		return;
	sip_alg_default_params(&def);
	for (int sc = SC_TABLE; sc <= SC_ZONE_PAIR; sc++)
		for (size_t i = 0; i < NLIMITS; i++) {
			uint32_t v;

			if (limits[i].off[sc] < 0 ||
			    (v = *field(&cur, sc, i)) == *field(&def, sc, i))
				continue;
			buf_printf(out, "%s %s %u\n", scope_words[sc],
			    limits[i].kw, v);
			any = true;
		}
	if (cur.log_interval_ms != def.log_interval_ms) {
		buf_printf(out, "sip-alg log-interval %u\n",
		    cur.log_interval_ms / 1000);
		any = true;
	}
	if (sip_timer_print(&cur, &def, out))
		any = true;
	if (any)
		buf_puts(out, "!\n");
}

#define H_ALG "SIP application layer gateway (ALG) limits (zbfw extension)"
#define H_CALLS "Calls in progress"
#define H_UNANS "Calls whose INVITE has no final answer yet"
#define H_PH "Media and signalling pinholes"
#define H_REG "Registrations (pending and bound)"
#define H_FLOWS "SIP over TCP connections followed"

static const struct cli_cmd conf_cmds[] = {
	{ CLI_MODE_CONFIG,
	    "sip-alg maximum WHAT:{calls|pinholes|registrations|tcp-flows} "
	    "N:<1-1000000>",
	    { H_ALG, "Size of the ALG's tables", H_CALLS, H_PH, H_REG, H_FLOWS,
		"Maximum entries in the table" },
	    cmd_table, 0 },
	{ CLI_MODE_CONFIG,
	    "sip-alg per-source maximum "
	    "WHAT:{calls|unanswered|pinholes|registrations|tcp-flows} "
	    "N:<0-1000000>",
	    { H_ALG, "Quota of each source address",
		"Maximum entries of each source address", H_CALLS, H_UNANS,
		H_PH, H_REG, H_FLOWS, "Maximum per source (0: no quota)" },
	    cmd_source, 0 },
	{ CLI_MODE_CONFIG,
	    "sip-alg per-zone-pair maximum "
	    "WHAT:{calls|unanswered|pinholes|registrations} N:<0-1000000>",
	    { H_ALG, "Quota of each zone-pair",
		"Maximum entries of each zone-pair", H_CALLS, H_UNANS, H_PH,
		H_REG, "Maximum per zone-pair (0: no quota)" },
	    cmd_zone_pair, 0 },
	{ CLI_MODE_CONFIG, "sip-alg log-interval SECONDS:<1-3600>",
	    { H_ALG, "Least time between two log lines of one kind of refusal",
		"Seconds" },
	    cmd_log_interval, 0 },
};

void
sip_cli_config_init(struct cli *cl, struct sip_cli_ctx *c)
{
	sip_alg_default_params(&c->par);
	c->configured = true;
	cli_register(cl, conf_cmds, sizeof(conf_cmds) / sizeof(conf_cmds[0]),
	    c);
	sip_timer_cli_init(cl, c);
}
