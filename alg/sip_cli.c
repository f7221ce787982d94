/*
 * SIP ALG commands: show sip-alg {calls [detail]|registrations|statistics},
 * clear sip-alg {calls|statistics}, [no|un]debug sip-alg [events|detail].
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"
#include "cli/cli.h"
#include "lib/log.h"

/* The dataplane passes CLOCK_MONOTONIC milliseconds; ages use the same. */
static uint64_t
now_of(const struct sip_alg *a)
{
	struct timespec ts;
	uint64_t t;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	return t > a->now_ms ? t : a->now_ms;
}

static const char *
hms(uint64_t ms, char *buf, size_t len)
{
	uint64_t s = ms / 1000;

	snprintf(buf, len, "%02llu:%02llu:%02llu",
	    (unsigned long long)(s / 3600), (unsigned long long)(s / 60 % 60),
	    (unsigned long long)(s % 60));
	return buf;
}

static uint64_t
since(uint64_t now, uint64_t t)
{
	return now > t ? now - t : 0;
}

static struct sip_alg *
alg_of(struct cli_ctx *cx)
{
	const struct sip_cli_ctx *c = cli_module(cx);

	return c->alg;
}

static const char *
zone(struct cli_ctx *cx, int id, char *buf, size_t len)
{
	const struct sip_cli_ctx *c = cli_module(cx);
	const char *n = c->zone_name != NULL ? c->zone_name(c->arg, id) : NULL;

	if (n != NULL)
		return n;
	snprintf(buf, len, "%d", id);
	return buf;
}

static const char *
kind_name(enum sip_ph_kind k)
{
	switch (k) {
	case SIP_PH_RTP:
		return "rtp";
	case SIP_PH_RTCP:
		return "rtcp";
	case SIP_PH_UDPTL:
		return "t38";
	case SIP_PH_SIGNALLING:
		return "sip";
	default:
		return "media";
	}
}

static const char *
addr_port(const struct sip_addr *a, uint16_t port, char *buf, size_t len)
{
	char s[SIP_ADDRSTRLEN];

	sip_addr_fmt(a, s, sizeof(s));
	snprintf(buf, len, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u", s,
	    port);
	return buf;
}

static void
show_pinholes(struct cli_ctx *cx, const struct sip_ph *list)
{
	char s[SIP_ADDRSTRLEN + 24], z[16], dp[SIP_ADDRSTRLEN + 8];

	cli_printf(cx, "    %-6s %-5s %-5s %-24s %-30s %6s\n", "Id", "Kind",
	    "Proto", "Source (any port)", "Destination", "Conns");
	for (const struct sip_ph *h = list; h != NULL; h = h->cnext) {
		const struct sip_pinhole *p = &h->pub;

		if (p->src_any)
			snprintf(s, sizeof(s), "any (zone %s)",
			    zone(cx, p->src_zone, z, sizeof(z)));
		else
			sip_addr_fmt(&p->src, s, sizeof(s));
		cli_printf(cx, "    %-6llu %-5s %-5s %-24s %-30s %6llu\n",
		    (unsigned long long)p->id, kind_name(p->kind),
		    p->proto == IPPROTO_TCP ? "tcp" : "udp", s,
		    addr_port(&p->dst, p->dport, dp, sizeof(dp)),
		    (unsigned long long)h->conns);
	}
}

/* The media rows: (stream, kind) of the counts and of the media pinholes,
 * in order, each shown for both senders. */
struct mkey {
	uint8_t stream, kind;
};

static unsigned
media_keys(const struct sip_call *c, struct mkey *k, unsigned max)
{
	unsigned n = 0, i, j;
	struct mkey t;

	for (i = 0; i < c->nmf; i++) {
		t.stream = c->mf[i].stream;
		t.kind = c->mf[i].kind;
		for (j = 0; j < n; j++)
			if (k[j].stream == t.stream && k[j].kind == t.kind)
				break;
		if (j == n && n < max)
			k[n++] = t;
	}
	for (const struct sip_ph *h = c->ph; h != NULL; h = h->cnext) {
		if (h->pub.kind == SIP_PH_SIGNALLING)
			continue;
		t.stream = h->stream;
		t.kind = (uint8_t)h->pub.kind;
		for (j = 0; j < n; j++)
			if (k[j].stream == t.stream && k[j].kind == t.kind)
				break;
		if (j == n && n < max)
			k[n++] = t;
	}
	for (i = 1; i < n; i++) /* insertion sort: a few rows */
		for (j = i; j > 0 &&
		     (k[j - 1].stream > k[j].stream ||
			 (k[j - 1].stream == k[j].stream &&
			     k[j - 1].kind > k[j].kind));
		     j--) {
			t = k[j];
			k[j] = k[j - 1];
			k[j - 1] = t;
		}
	return n;
}

static const struct sip_mflow *
mflow_of(const struct sip_call *c, const struct mkey *k, bool from_callee)
{
	for (unsigned i = 0; i < c->nmf; i++)
		if (c->mf[i].stream == k->stream && c->mf[i].kind == k->kind &&
		    c->mf[i].from_callee == from_callee)
			return &c->mf[i];
	return NULL;
}

static void
show_media(struct cli_ctx *cx, const struct sip_call *c, uint64_t now)
{
	struct mkey k[SIP_MFLOW_MAX];
	char s[SIP_ADDRSTRLEN + 8], d[SIP_ADDRSTRLEN + 8], t1[32], t2[32];
	unsigned n = media_keys(c, k, SIP_MFLOW_MAX);

	if (n == 0)
		return;
	cli_printf(cx, "  Media each way, by sender\n");
	cli_printf(cx, "    %-6s %-5s %-6s %-22s %-22s %10s %12s %-8s %s\n",
	    "Stream", "Kind", "Sender", "Source", "Destination", "Packets",
	    "Bytes", "First", "Last");
	for (unsigned i = 0; i < n; i++)
		for (int callee = 0; callee <= 1; callee++) {
			const struct sip_mflow *f = mflow_of(c, &k[i], callee);

			if (f != NULL) {
				addr_port(&f->src, f->sport, s, sizeof(s));
				addr_port(&f->dst, f->dport, d, sizeof(d));
				hms(since(now, f->first_ms), t1, sizeof(t1));
				hms(since(now, f->last_ms), t2, sizeof(t2));
			} else {
				snprintf(s, sizeof(s), "-");
				snprintf(d, sizeof(d), "-");
				snprintf(t1, sizeof(t1), "never");
				snprintf(t2, sizeof(t2), "never");
			}
			cli_printf(cx,
			    "    %-6u %-5s %-6s %-22s %-22s %10llu "
			    "%12llu %-8s %s\n",
			    k[i].stream + 1u, kind_name(k[i].kind),
			    callee ? "callee" : "caller", s, d,
			    (unsigned long long)(f ? f->pkts : 0),
			    (unsigned long long)(f ? f->bytes : 0), t1, t2);
		}
}

static void
show_call_detail(struct cli_ctx *cx, const struct sip_call *c, uint64_t now)
{
	char t1[32], t2[32], a1[SIP_ADDRSTRLEN], a2[SIP_ADDRSTRLEN], z1[16],
	    z2[16];
	unsigned confirmed = 0;

	for (unsigned i = 0; i < c->ndlg; i++)
		confirmed += c->dlg[i]->confirmed;
	cli_printf(cx, "Call-ID %s\n", c->callid);
	cli_printf(cx, "  State %s%s%s%s, age %s, idle %s, signalling %s\n",
	    sip_call_state_name(c->state), c->end_reason ? " (" : "",
	    c->end_reason ? c->end_reason : "", c->end_reason ? ")" : "",
	    hms(since(now, c->created_ms), t1, sizeof(t1)),
	    hms(since(now, c->last_ms), t2, sizeof(t2)),
	    c->proto == IPPROTO_TCP ? "tcp" : "udp");
	cli_printf(cx, "  Caller %s (%s:%u, zone %s)\n", c->from,
	    sip_addr_fmt(&c->caller_sig, a1, sizeof(a1)), c->caller_port,
	    zone(cx, c->caller_zone, z1, sizeof(z1)));
	cli_printf(cx, "  Callee %s (%s:%u, zone %s)\n", c->to,
	    sip_addr_fmt(&c->callee_sig, a2, sizeof(a2)), c->callee_port,
	    zone(cx, c->callee_zone, z2, sizeof(z2)));
	cli_printf(cx, "  Dialogs %u (%u confirmed), media streams %u/%u\n",
	    c->ndlg, confirmed, c->media != NULL ? c->media->n : 0,
	    c->ndlg > 0 && c->dlg[0]->media != NULL ? c->dlg[0]->media->n : 0);
	if (c->ph == NULL)
		cli_puts(cx, "  No media pinholes\n");
	else {
		cli_printf(cx, "  Pinholes %u\n", c->nph);
		show_pinholes(cx, c->ph);
	}
	show_media(cx, c, now);
	cli_puts(cx, "\n");
}

/* Calls kept only for retransmissions (state ended, no pinholes). */
static unsigned
ended_calls(const struct sip_alg *a)
{
	unsigned n = 0;

	for (const struct sip_call *c = a->calls; c != NULL; c = c->lnext)
		n += c->state == CALL_ENDED;
	return n;
}

static int
cmd_show_calls(struct cli_ctx *cx, const struct cli_args *args)
{
	struct sip_alg *a = alg_of(cx);
	bool detail = cli_has(args, "detail");
	char t[32], parties[2 * SIP_DISP_MAX + 8];
	uint64_t now;

	if (a == NULL) {
		cli_puts(cx, "SIP ALG is not running (no dataplane)\n");
		return CLI_OK;
	}
	now = now_of(a);
	cli_printf(cx,
	    "SIP ALG: %u call%s (%u ended), %u pinhole%s, "
	    "%u registration%s\n\n",
	    a->ncalls, a->ncalls == 1 ? "" : "s", ended_calls(a), a->nph,
	    a->nph == 1 ? "" : "s", a->nregs, a->nregs == 1 ? "" : "s");
	if (a->ncalls == 0)
		return CLI_OK;
	if (!detail)
		cli_printf(cx, "%-32s %-11s %-8s %8s %10s  %s\n", "Call-ID",
		    "State", "Age", "Pinholes", "Packets", "Caller -> Callee");
	for (const struct sip_call *c = a->calls; c != NULL; c = c->lnext) {
		if (detail) {
			show_call_detail(cx, c, now);
			continue;
		}
		snprintf(parties, sizeof(parties), "%s -> %s", c->from, c->to);
		cli_printf(cx, "%-32.32s %-11s %-8s %8u %10llu  %s\n",
		    c->callid, sip_call_state_name(c->state),
		    hms(since(now, c->created_ms), t, sizeof(t)), c->nph,
		    (unsigned long long)sip_call_media_pkts(c), parties);
	}
	return CLI_OK;
}

static int
cmd_show_regs(struct cli_ctx *cx, const struct cli_args *args)
{
	struct sip_alg *a = alg_of(cx);
	char c[SIP_ADDRSTRLEN], r[SIP_ADDRSTRLEN], cp[SIP_ADDRSTRLEN + 12];
	uint64_t now;

	if (a == NULL) {
		cli_puts(cx, "SIP ALG is not running (no dataplane)\n");
		return CLI_OK;
	}
	now = now_of(a);
	cli_printf(cx, "SIP registrations: %u\n\n", a->nregs);
	if (a->nregs == 0)
		return CLI_OK;
	cli_printf(cx, "%-32s %-28s %-16s %-8s %9s\n", "AOR", "Contact",
	    "Registrar", "State", "Expires");
	for (const struct sip_reg *g = a->regs; g != NULL; g = g->next) {
		snprintf(cp, sizeof(cp), "%s %s:%u",
		    g->proto == IPPROTO_TCP ? "tcp" : "udp",
		    sip_addr_fmt(&g->contact, c, sizeof(c)), g->contact_port);
		cli_printf(cx, "%-32.32s %-28s %-16s %-8s %9llu\n", g->aor, cp,
		    sip_addr_fmt(&g->registrar, r, sizeof(r)),
		    g->active ? "active" : "pending",
		    (unsigned long long)(g->expire_ms > now ?
			    (g->expire_ms - now) / 1000 :
			    0));
	}
	return CLI_OK;
}

static void
line(struct cli_ctx *cx, const char *name, uint64_t n)
{
	cli_printf(cx, "    %-40s %12llu\n", name, (unsigned long long)n);
}

static int
cmd_show_stats(struct cli_ctx *cx, const struct cli_args *args)
{
	struct sip_alg *a = alg_of(cx);
	const struct sip_stats *s;
	char name[64];
	int i;

	if (a == NULL) {
		cli_puts(cx, "SIP ALG is not running (no dataplane)\n");
		return CLI_OK;
	}
	s = &a->st;
	cli_puts(cx, "SIP ALG statistics\n");
	cli_puts(cx, "  Packets and messages\n");
	line(cx, "UDP datagrams", s->pkts_udp);
	line(cx, "TCP segments", s->pkts_tcp);
	line(cx, "SIP messages over UDP", s->msgs_udp);
	line(cx, "SIP messages over TCP", s->msgs_tcp);
	line(cx, "Keep-alives (CRLF)", s->keepalives);
	line(cx, "TLS packets (encrypted, not inspected)", s->tls_pkts);
	cli_puts(cx, "  Requests\n");
	for (i = 1; i < SIP_M_COUNT; i++)
		line(cx, sip_method_name(i), s->req[i]);
	line(cx, "other methods", s->req[SIP_M_OTHER]);
	cli_puts(cx, "  Responses\n");
	for (i = 1; i <= 6; i++) {
		snprintf(name, sizeof(name), "%dxx", i);
		line(cx, name, s->resp[i]);
	}
	cli_puts(cx, "  Calls\n");
	line(cx, "in progress", a->ncalls - ended_calls(a));
	line(cx, "ended, kept for retransmissions", ended_calls(a));
	line(cx, "created", s->calls);
	line(cx, "answered", s->calls_answered);
	line(cx, "cancelled", s->calls_cancelled);
	line(cx, "failed", s->calls_failed);
	line(cx, "timed out", s->calls_timeout);
	line(cx, "ended", s->calls_ended);
	line(cx, "refused (quota or table full)", s->calls_refused);
	line(cx, "forks refused (dialog limit)", s->dialogs_refused);
	line(cx, "messages of unknown calls", s->orphans);
	cli_puts(cx, "  Pinholes\n");
	line(cx, "active", a->nph);
	line(cx, "opened", s->ph_opened);
	line(cx, "closed", s->ph_closed);
	line(cx, "connections admitted", s->ph_hits);
	line(cx, "streams on hold (c=0.0.0.0)", s->streams_hold);
	line(cx, "streams disabled (port 0)", s->streams_disabled);
	cli_puts(cx, "  No pinhole, by reason\n");
	for (i = 0; i < NOPH_COUNT; i++)
		line(cx, sip_noph_name(i), s->noph[i]);
	cli_puts(cx, "  Registrations\n");
	line(cx, "active", a->nregs);
	line(cx, "bindings accepted", s->regs);
	line(cx, "removed", s->regs_removed);
	line(cx, "expired", s->regs_expired);
	line(cx, "refused (quota or table full)", s->regs_refused);
	cli_puts(cx, "  TCP\n");
	line(cx, "connections followed", s->tcp_flows);
	line(cx, "connections refused (table full)", s->tcp_flows_refused);
	line(cx, "retransmitted segments", s->tcp_retrans);
	line(cx, "out-of-order segments held", s->tcp_held);
	line(cx, "segments not parsed (start not seen)", s->tcp_midstream);
	line(cx, "SYNs with a new ISN on a started stream", s->tcp_syn_ignored);
	line(cx, "segments with bytes differing from seen", s->tcp_conflict);
	line(cx, "RSTs taken (exact sequence number)", s->tcp_rst);
	line(cx, "RSTs ignored (not the next byte)", s->tcp_rst_ignored);
	line(cx, "FINs taken", s->tcp_fin);
	line(cx, "segments after RST or FIN", s->tcp_after_close);
	cli_puts(cx, "  State restored at start\n");
	line(cx, "state files loaded", s->rs_loads);
	line(cx, "state files refused (logged, ignored)", s->rs_refused);
	line(cx, "calls restored", s->rs_calls);
	line(cx, "calls dropped (not inspected, quota)", s->rs_calls_dropped);
	line(cx, "pinholes restored", s->rs_ph);
	line(cx, "pinholes dropped", s->rs_ph_dropped);
	line(cx, "registrations restored", s->rs_regs);
	line(cx, "registrations dropped", s->rs_regs_dropped);
	line(cx, "TCP streams resumed", s->rs_flows);
	line(cx, "TCP streams dropped (other connection)", s->rs_flows_dropped);
	line(cx, "TCP streams given up (bytes lost)", s->rs_resume_lost);
	cli_puts(cx, "  Quotas and evictions\n");
	for (i = 0; i < QE_COUNT; i++)
		line(cx, sip_qev_name(i), s->quota[i]);
	line(cx, "log lines (one per kind per interval)", s->quota_logs);
	cli_puts(cx, "  Parse errors\n");
	for (i = 1; i < SIP_E_COUNT; i++)
		if (s->parse_err[i] != 0)
			line(cx, sip_parse_strerror(i), s->parse_err[i]);
	for (i = 1; i < SDP_E_COUNT; i++)
		if (s->sdp_err[i] != 0)
			line(cx, sdp_strerror(i), s->sdp_err[i]);
	cli_puts(cx, "  Drops, by reason\n");
	for (i = 1; i < SIP_R_COUNT; i++)
		line(cx, sip_reason_str(i), s->drops[i]);
	return CLI_OK;
}

static int
cmd_clear(struct cli_ctx *cx, const struct cli_args *args)
{
	struct sip_alg *a = alg_of(cx);

	if (a == NULL)
		return CLI_OK;
	if (cli_has(args, "calls"))
		sip_alg_clear_calls(a);
	else
		sip_alg_clear_stats(a);
	return CLI_OK;
}

static unsigned
dbg_flags(const struct cli_args *args)
{
	if (cli_has(args, "events"))
		return DBG_SIP;
	if (cli_has(args, "detail"))
		return DBG_SIP_DETAIL;
	return DBG_SIP | DBG_SIP_DETAIL;
}

static int
cmd_debug(struct cli_ctx *cx, const struct cli_args *args)
{
	unsigned f = dbg_flags(args);

	log_debug_flags |= f;
	if (f & DBG_SIP)
		cli_puts(cx, "SIP ALG events debugging is on\n");
	if (f & DBG_SIP_DETAIL)
		cli_puts(cx, "SIP ALG detail debugging is on\n");
	return CLI_OK;
}

static int
cmd_undebug(struct cli_ctx *cx, const struct cli_args *args)
{
	unsigned f = dbg_flags(args);

	log_debug_flags &= ~f;
	if (f & DBG_SIP)
		cli_puts(cx, "SIP ALG events debugging is off\n");
	if (f & DBG_SIP_DETAIL)
		cli_puts(cx, "SIP ALG detail debugging is off\n");
	return CLI_OK;
}

#define H_SHOW "Show running system information"
#define H_ALG "SIP application layer gateway (ALG)"
#define H_DEBUG "Debugging functions (see also 'undebug')"
#define H_EV "SIP call, pinhole and registration events"
#define H_DET "Every SIP message inspected"

static const struct cli_cmd sip_cmds[] = {
	{ CLI_MODE_EXEC, "show sip-alg calls [detail]",
	    { H_SHOW, H_ALG, "Calls followed by the SIP ALG",
		"Parties, dialogs, pinholes and media each way" },
	    cmd_show_calls, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show sip-alg registrations",
	    { H_SHOW, H_ALG, "Registrations seen through the firewall" },
	    cmd_show_regs, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show sip-alg statistics",
	    { H_SHOW, H_ALG,
		"Messages by method and response class, errors and drops" },
	    cmd_show_stats, CLI_F_NONO },
	{ CLI_MODE_PRIV, "clear sip-alg {calls|statistics}",
	    { "Reset functions", H_ALG,
		"End every call and close its media pinholes",
		"Reset the SIP ALG counters" },
	    cmd_clear, CLI_F_NONO },
	{ CLI_MODE_PRIV, "debug sip-alg [{events|detail}]",
	    { H_DEBUG, H_ALG, H_EV, H_DET }, cmd_debug, CLI_F_NONO },
	{ CLI_MODE_PRIV, "undebug sip-alg [{events|detail}]",
	    { "Disable debugging functions (see also 'debug')", H_ALG, H_EV,
		H_DET },
	    cmd_undebug, CLI_F_NONO },
	{ CLI_MODE_PRIV, "no debug sip-alg [{events|detail}]",
	    { "Negate a command or set its defaults", H_DEBUG, H_ALG, H_EV,
		H_DET },
	    cmd_undebug, CLI_F_NONO },
};

void
sip_cli_init(struct cli *c, const struct sip_cli_ctx *ctx)
{
	if (ctx->configured && ctx->alg != NULL)
		sip_alg_set_params(ctx->alg, &ctx->par); /* sip-alg ... */
	cli_register(c, sip_cmds, sizeof(sip_cmds) / sizeof(sip_cmds[0]),
	    (void *)ctx);
}
