/* parameter-map type inspect: model, (config-profile) rows, printer and
 * the show layout (GP ShowParameterMapTypeInspectParam). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

void
zc_param_defaults(struct zone_params *p)
{
	memset(p, 0, sizeof(*p));
	p->name = "global";
	p->tcp_idle = 3600;
	p->udp_idle = 30;
	p->icmp_idle = 10;
	p->tcp_synwait = 30;
	p->tcp_finwait = 1;
	p->dns_timeout = 5;
	p->udp_halfopen_ms = 30000;
	p->alert = true;
}

const char *
zc_param_canon(const char *n)
{
	if (strcmp(n, "default") == 0 || strcmp(n, "inspect-global") == 0)
		return "global";
	return n;
}

int
zc_param_enter(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	struct zc_param *p;

	if (zc_name_ok(name, e) < 0)
		return -1;
	name = zc_param_canon(name);
	if (zc_param_find(c, name) != NULL)
		return 0;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(p->name, name);
	p->global = strcmp(name, "global") == 0;
	zc_param_defaults(&p->p);
	if (zc_vec_push(&c->params, p) < 0) {
		free(p);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

static bool
param_used(const struct zone_cfg *c, const char *name, const char **by)
{
	size_t i, j;

	for (i = 0; i < c->pmaps.n; i++) {
		const struct zc_pmap *p = c->pmaps.v[i];
		for (j = 0; j <= p->cls.n; j++) {
			const struct zc_class *k = j < p->cls.n ? p->cls.v[j] :
								  &p->def;
			if (k->action == ZA_INSPECT &&
			    strcmp(k->param, name) == 0) {
				*by = p->name;
				return true;
			}
		}
	}
	return false;
}

int
zc_param_del(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	const char *by = NULL;
	size_t i;

	name = zc_param_canon(name);
	if (zc_param_find(c, name) == NULL)
		return zc_fail(e,
		    "parameter-map type inspect %s not "
		    "configured",
		    name);
	if (param_used(c, name, &by))
		return zc_fail(e,
		    "parameter-map %s is in use by policy-map "
		    "%s",
		    name, by);
	for (i = 0; i < c->params.n; i++)
		if (strcmp(((struct zc_param *)c->params.v[i])->name, name) ==
		    0) {
			free(c->params.v[i]);
			zc_vec_del(&c->params, i);
			break;
		}
	return 0;
}

static void
print_idle(struct buf *b, const char *what, uint32_t v, uint32_t dflt,
    uint32_t age)
{
	if (v == dflt && age == 0)
		return;
	buf_printf(b, " %s %u", what, v);
	if (age != 0)
		buf_printf(b, " ageout-time %u", age);
	buf_putc(b, '\n');
}

static void
print_lim(struct buf *b, const char *what, uint32_t v)
{
	if (v != 0)
		buf_printf(b, " %s %u\n", what, v);
}

void
zc_print_params(const struct zone_cfg *c, struct buf *b)
{
	struct zone_params d;
	size_t i;

	zc_param_defaults(&d);
	for (i = 0; i < c->params.n; i++) {
		const struct zc_param *m = c->params.v[i];
		const struct zone_params *p = &m->p;

		buf_printf(b, "parameter-map type inspect %s\n", m->name);
		if (p->log_dropped)
			buf_puts(b,
			    m->global ? " log dropped-packets enable\n" :
					" log dropped-packets\n");
		if (p->audit_trail)
			buf_puts(b, " audit-trail on\n");
		if (!p->alert)
			buf_puts(b, " alert off\n");
		/* the order of IOS's show layout */
		print_lim(b, "max-incomplete low", p->max_incomplete_low);
		print_lim(b, "max-incomplete high", p->max_incomplete_high);
		print_lim(b, "one-minute low", p->one_minute_low);
		print_lim(b, "one-minute high", p->one_minute_high);
		print_idle(b, "udp idle-time", p->udp_idle, d.udp_idle,
		    m->udp_idle_age);
		print_idle(b, "udp half-open idle-time", p->udp_halfopen_ms,
		    d.udp_halfopen_ms, m->udp_half_age);
		print_idle(b, "icmp idle-time", p->icmp_idle, d.icmp_idle,
		    m->icmp_idle_age);
		if (p->dns_timeout != d.dns_timeout)
			buf_printf(b, " dns-timeout %u\n", p->dns_timeout);
		print_idle(b, "tcp idle-time", p->tcp_idle, d.tcp_idle,
		    m->tcp_idle_age);
		print_idle(b, "tcp finwait-time", p->tcp_finwait, d.tcp_finwait,
		    m->tcp_fin_age);
		print_idle(b, "tcp synwait-time", p->tcp_synwait, d.tcp_synwait,
		    m->tcp_syn_age);
		if (p->tcp_max_incomplete_host != 0)
			buf_printf(b,
			    " tcp max-incomplete host %u block-time "
			    "%u\n",
			    p->tcp_max_incomplete_host, p->tcp_block_time);
		print_lim(b, "sessions maximum", p->sessions_max);
	}
}

static void
show_lim(struct buf *b, const char *what, uint32_t v)
{
	if (v == 0)
		buf_printf(b, "  %s unlimited\n", what);
	else
		buf_printf(b, "  %s %u\n", what, v);
}

/* One map in the IOS show layout; header 1 space, body 2 spaces. */
void
zc_show_param(const char *name, const struct zc_param *m, struct buf *b)
{
	struct zone_params d;
	const struct zone_params *p;

	zc_param_defaults(&d);
	p = m != NULL ? &m->p : &d;
#define AGE(f, v) (m != NULL && m->f != 0 ? m->f : (v))
	buf_printf(b, " parameter-map type inspect %s\n", name);
	buf_printf(b, "  log dropped-packet %s\n",
	    p->log_dropped ? "on" : "off");
	buf_puts(b, "  log flow off\n");
	buf_puts(b, "  icmp unreachable drop\n");
	buf_printf(b, "  audit-trail %s\n", p->audit_trail ? "on" : "off");
	buf_printf(b, "  alert %s\n", p->alert ? "on" : "off");
	show_lim(b, "max-incomplete low ", p->max_incomplete_low);
	show_lim(b, "max-incomplete high", p->max_incomplete_high);
	show_lim(b, "one-minute low ", p->one_minute_low);
	show_lim(b, "one-minute high", p->one_minute_high);
	buf_puts(b, "  sessions rate low  unlimited\n");
	buf_puts(b, "  sessions rate high unlimited\n");
	buf_printf(b, "  udp idle-time %u ageout-time %u\n", p->udp_idle,
	    AGE(udp_idle_age, p->udp_idle));
	buf_printf(b, "  udp halfopen idle-time %u ms ageout-time %u ms\n",
	    p->udp_halfopen_ms, AGE(udp_half_age, p->udp_halfopen_ms));
	buf_printf(b, "  icmp idle-time %u ageout-time %u\n", p->icmp_idle,
	    AGE(icmp_idle_age, p->icmp_idle));
	buf_printf(b, "  dns-timeout %u\n", p->dns_timeout);
	buf_puts(b, "  tcp window scaling enforcement loose on\n");
	buf_puts(b, "  zone-mismatch drop off\n");
	buf_puts(b, "  application-inspect all\n");
	buf_printf(b, "  tcp idle-time %u ageout-time %u\n", p->tcp_idle,
	    AGE(tcp_idle_age, p->tcp_idle));
	buf_printf(b, "  tcp finwait-time %u ageout-time %u\n", p->tcp_finwait,
	    AGE(tcp_fin_age, p->tcp_finwait));
	buf_printf(b, "  tcp synwait-time %u ageout-time %u\n", p->tcp_synwait,
	    AGE(tcp_syn_age, p->tcp_synwait));
	buf_puts(b, "  tcp half-open on, half-close on, idle on\n");
	if (p->tcp_max_incomplete_host == 0)
		buf_printf(b,
		    "  tcp max-incomplete host unlimited block-time "
		    "%u\n",
		    p->tcp_block_time);
	else
		buf_printf(b, "  tcp max-incomplete host %u block-time %u\n",
		    p->tcp_max_incomplete_host, p->tcp_block_time);
	show_lim(b, "sessions maximum", p->sessions_max);
	buf_puts(b, "  number of packet per flow default\n");
	buf_putc(b, '\n');
#undef AGE
}

/* Commands. */

static struct zc_param *
cur(struct cli_ctx *cx)
{
	return zc_param_find(zc_cfg(cx), cli_obj(cx, 0));
}

static int
cmd_param(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *name = cli_arg(a, "NAME");
	int rc;

	if (name == NULL)
		name = "global"; /* parameter-map type inspect-global */
	name = zc_param_canon(name);
	if (cli_no(a))
		return zc_ret(cx, zc_param_del(zc_cfg(cx), name, &e), &e);
	rc = zc_param_enter(zc_cfg(cx), name, &e);
	if (rc == 0)
		cli_enter(cx, CLI_MODE_PROFILE, name, NULL);
	return zc_ret(cx, rc, &e);
}

static int
cmd_onoff(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_param *m = cur(cx);
	bool on = cli_has(a, "on");

	if (m == NULL)
		return cli_error(cx, "parameter-map not configured");
	if (cli_has(a, "alert"))
		m->p.alert = cli_no(a) ? true : on;
	else
		m->p.audit_trail = cli_no(a) ? false : on;
	return CLI_OK;
}

static int
cmd_dns(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_param *m = cur(cx);

	if (m == NULL)
		return cli_error(cx, "parameter-map not configured");
	m->p.dns_timeout = cli_no(a) ? 5 : (uint32_t)cli_num(a, "SEC", 5);
	return CLI_OK;
}

/* tcp/udp/icmp idle-time, tcp finwait/synwait, udp half-open. */
static int
cmd_timer(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_param *m = cur(cx);
	struct zone_params d;
	uint32_t *v, *age, dv;
	bool no = cli_no(a);

	if (m == NULL)
		return cli_error(cx, "parameter-map not configured");
	zc_param_defaults(&d);
	if (cli_has(a, "half-open")) {
		v = &m->p.udp_halfopen_ms, age = &m->udp_half_age;
		dv = d.udp_halfopen_ms;
	} else if (cli_has(a, "finwait-time")) {
		v = &m->p.tcp_finwait, age = &m->tcp_fin_age;
		dv = d.tcp_finwait;
	} else if (cli_has(a, "synwait-time")) {
		v = &m->p.tcp_synwait, age = &m->tcp_syn_age;
		dv = d.tcp_synwait;
	} else if (cli_has(a, "tcp")) {
		v = &m->p.tcp_idle, age = &m->tcp_idle_age;
		dv = d.tcp_idle;
	} else if (cli_has(a, "udp")) {
		v = &m->p.udp_idle, age = &m->udp_idle_age;
		dv = d.udp_idle;
	} else {
		v = &m->p.icmp_idle, age = &m->icmp_idle_age;
		dv = d.icmp_idle;
	}
	*v = no ? dv : (uint32_t)cli_num(a, "SEC", dv);
	*age = no ? 0 : (uint32_t)cli_num(a, "AGE", 0);
	return CLI_OK;
}

static int
cmd_host(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_param *m = cur(cx);

	if (m == NULL)
		return cli_error(cx, "parameter-map not configured");
	m->p.tcp_max_incomplete_host = cli_no(a) ? 0 :
						   (uint32_t)cli_num(a, "N", 0);
	m->p.tcp_block_time = cli_no(a) ? 0 : (uint32_t)cli_num(a, "MIN", 0);
	return CLI_OK;
}

static int
cmd_limit(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_param *m = cur(cx);
	uint32_t v, *f;
	bool high = cli_has(a, "high");

	if (m == NULL)
		return cli_error(cx, "parameter-map not configured");
	v = cli_no(a) ? 0 : (uint32_t)cli_num(a, "N", 0);
	if (cli_has(a, "sessions"))
		f = &m->p.sessions_max;
	else if (cli_has(a, "one-minute"))
		f = high ? &m->p.one_minute_high : &m->p.one_minute_low;
	else
		f = high ? &m->p.max_incomplete_high : &m->p.max_incomplete_low;
	if (cli_no(a) && !cli_has(a, "sessions") && !cli_has(a, "low") &&
	    !high) {
		/* `no max-incomplete`: both thresholds back to unlimited */
		if (cli_has(a, "one-minute"))
			m->p.one_minute_low = m->p.one_minute_high = 0;
		else
			m->p.max_incomplete_low = m->p.max_incomplete_high = 0;
		return CLI_OK;
	}
	*f = v;
	return CLI_OK;
}

static int
cmd_logdrop(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_param *m = cur(cx);

	if (m == NULL)
		return cli_error(cx, "parameter-map not configured");
	m->p.log_dropped = !cli_no(a);
	return CLI_OK;
}

/* Legacy global switch: the same as `log dropped-packets enable` in the
 * global parameter-map (printed that way). */
static int
cmd_ip_inspect_log(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	struct zc_param *m;

	if (zc_param_enter(zc_cfg(cx), "global", &e) < 0)
		return zc_ret(cx, -1, &e);
	m = zc_param_find(zc_cfg(cx), "global");
	m->p.log_dropped = !cli_no(a);
	return CLI_OK;
}

#define SECS "<1-2147483> seconds"
#define AGEOUT "Aggressive aging time", "<1-2147483> seconds"
const struct cli_cmd zc_param_rows[] = {
	{ CLI_MODE_CONFIG, "parameter-map type inspect {NAME|global|default}",
	    { "parameter map configuration mode", "parameter map type",
		"parameter map for inspect", "parameter-map name",
		"global parameter-map",
		"default parameter-map (same as global)" },
	    cmd_param, 0 },
	{ CLI_MODE_CONFIG, "parameter-map type inspect-global",
	    { "parameter map configuration mode", "parameter map type",
		"global parameter-map for inspect" },
	    cmd_param, 0 },
	{ CLI_MODE_CONFIG, "ip inspect log drop-pkt",
	    { "Global IP configuration subcommands", "Inspect configuration",
		"Inspect logging", "Log dropped packets (%FW-6-DROP_PKT)" },
	    cmd_ip_inspect_log, 0 },
	{ CLI_MODE_PROFILE, "alert {on|off}",
	    { "Turn on/off alert", "Turn on alert", "Turn off alert" },
	    cmd_onoff, 0 },
	{ CLI_MODE_PROFILE, "audit-trail {on|off}",
	    { "Turn on/off audit trail", "Turn on audit trail",
		"Turn off audit trail" },
	    cmd_onoff, 0 },
	{ CLI_MODE_PROFILE, "dns-timeout SEC:<1-2147483>",
	    { "Specify timeout for DNS", "Timeout in seconds" }, cmd_dns, 0 },
	{ CLI_MODE_PROFILE,
	    "icmp idle-time SEC:<1-2147483> [ageout-time AGE:<1-2147483>]",
	    { "Config timeout values for icmp connections",
		"Specify idle timeout for icmp connections", SECS, AGEOUT },
	    cmd_timer, 0 },
	{ CLI_MODE_PROFILE,
	    "tcp idle-time SEC:<1-2147483> [ageout-time AGE:<1-2147483>]",
	    { "Config timeout values for tcp connections",
		"Specify idle timeout for tcp connections", SECS, AGEOUT },
	    cmd_timer, 0 },
	{ CLI_MODE_PROFILE,
	    "tcp finwait-time SEC:<1-2147483> [ageout-time AGE:<1-2147483>]",
	    { "Config timeout values for tcp connections",
		"Specify timeout for TCP connections after a FIN", SECS,
		AGEOUT },
	    cmd_timer, 0 },
	{ CLI_MODE_PROFILE,
	    "tcp synwait-time SEC:<1-2147483> [ageout-time AGE:<1-2147483>]",
	    { "Config timeout values for tcp connections",
		"Specify timeout for TCP connections after a SYN and no further "
		"data",
		SECS, AGEOUT },
	    cmd_timer, 0 },
	{ CLI_MODE_PROFILE,
	    "tcp max-incomplete host N:<1-2147483647> block-time MIN:<0-35791>",
	    { "Config timeout values for tcp connections",
		"Specify maximum number of incomplete connections before "
		"clamping",
		"Specify the half-open connection limit for a host",
		"Half-open connections",
		"Specify the time in minutes a host "
		"is blocked",
		"Minutes" },
	    cmd_host, 0 },
	{ CLI_MODE_PROFILE,
	    "udp idle-time SEC:<1-2147483> [ageout-time AGE:<1-2147483>]",
	    { "Config timeout values for udp connections",
		"Specify idle timeout for udp connections", SECS, AGEOUT },
	    cmd_timer, 0 },
	{ CLI_MODE_PROFILE,
	    "udp half-open idle-time SEC:<1-2147483> [ageout-time "
	    "AGE:<1-2147483>]",
	    { "Config timeout values for udp connections",
		"Half-open udp sessions",
		"Specify idle timeout for half-open "
		"udp sessions",
		"<1-2147483> milliseconds", "Aggressive aging time",
		"<1-2147483> milliseconds" },
	    cmd_timer, 0 },
	{ CLI_MODE_PROFILE, "sessions maximum N:<1-2147483647>",
	    { "Maximum number of inspect sessions",
		"Maximum number of inspect sessions", "Sessions" },
	    cmd_limit, 0 },
	{ CLI_MODE_PROFILE, "max-incomplete {low|high} N:<1-2147483647>",
	    { "Specify maximum number of incomplete connections before "
	      "clamping",
		"Specify low threshold", "Specify high threshold",
		"Half-open sessions" },
	    cmd_limit, 0 },
	{ CLI_MODE_PROFILE, "one-minute {low|high} N:<1-2147483647>",
	    { "Specify one-minute-sample watermarks for clamping",
		"Specify low threshold", "Specify high threshold",
		"Sessions created in one minute" },
	    cmd_limit, 0 },
	{ CLI_MODE_PROFILE, "log dropped-packets [enable]",
	    { "Log options", "Log dropped packets (%FW-6-DROP_PKT)",
		"Enable logging" },
	    cmd_logdrop, 0 },
};
const size_t zc_param_nrows = sizeof(zc_param_rows) / sizeof(zc_param_rows[0]);
