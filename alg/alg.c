/*
 * The ALG object: packets in (UDP datagrams, TCP segments through the
 * framer), timers, and the TCP flow table.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"

static const struct sip_alg_params defaults = {
	.max_calls = 20000,
	.max_pinholes = 100000,
	.max_registrations = 10000,
	.max_tcp_flows = 10000,
	.tcp_buf_max = 65536,
	.invite_timeout_ms = 180000,
	.call_idle_ms = 1800000,
	.media_idle_ms = 0,
	.linger_ms = 32000,
	.max_reg_expires = 86400,
};

uint32_t
sip_hash_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ *b++) * 16777619u;
	return h;
}

static unsigned
pow2_at_least(unsigned n)
{
	unsigned b = 64;

	while (b < n && b < (1u << 24))
		b <<= 1;
	return b;
}

struct sip_alg *
sip_alg_new(const struct sip_alg_ops *ops, void *arg)
{
	struct sip_alg *a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	if (ops != NULL)
		a->ops = *ops;
	a->arg = arg;
	a->par = defaults;
	a->next_ph_id = 1;
	a->call_buckets = pow2_at_least(a->par.max_calls / 2);
	a->flow_buckets = pow2_at_least(a->par.max_tcp_flows / 2);
	a->call_hash = calloc(a->call_buckets, sizeof(*a->call_hash));
	a->flow_hash = calloc(a->flow_buckets, sizeof(*a->flow_hash));
	if (a->call_hash == NULL || a->flow_hash == NULL ||
	    sip_ph_init(a) < 0) {
		free(a->call_hash);
		free(a->flow_hash);
		free(a->ph_hash);
		free(a);
		return NULL;
	}
	return a;
}

/* Unlink from the list and free (the caller unhashed it). */
static void
flow_free(struct sip_alg *a, struct sip_tcp_flow *f)
{
	sip_framer_free(&f->fr[0]);
	sip_framer_free(&f->fr[1]);
	if (f->prev != NULL)
		f->prev->next = f->next;
	else
		a->flows = f->next;
	if (f->next != NULL)
		f->next->prev = f->prev;
	a->nflows--;
	free(f);
}

void
sip_alg_free(struct sip_alg *a)
{
	if (a == NULL)
		return;
	sip_alg_clear_calls(a);
	while (a->calls != NULL)
		sip_call_free(a, a->calls);
	sip_reg_free_all(a);
	while (a->flows != NULL)
		flow_free(a, a->flows);
	free(a->call_hash);
	free(a->flow_hash);
	free(a->ph_hash);
	free(a);
}

void
sip_alg_get_params(const struct sip_alg *a, struct sip_alg_params *p)
{
	*p = a->par;
}

void
sip_alg_set_params(struct sip_alg *a, const struct sip_alg_params *p)
{
	/* table sizes are fixed at creation; limits and timers apply now */
	a->par = *p;
	if (a->par.tcp_buf_max > SIP_MSG_MAX + 1024u)
		a->par.tcp_buf_max = SIP_MSG_MAX + 1024u;
}

/* ---- TCP flows ---- */

static uint32_t
flow_hash(const struct sip_addr *x, uint16_t xp, const struct sip_addr *y,
    uint16_t yp)
{
	return sip_addr_hash(x) * 31u + sip_addr_hash(y) * 17u + xp * 7u + yp;
}

/* The flow of this packet, oriented as its original direction. */
static struct sip_tcp_flow **
flow_slot(struct sip_alg *a, const struct sip_pkt *p)
{
	const struct sip_addr *x = &p->src, *y = &p->dst;
	uint16_t xp = p->sport, yp = p->dport;
	struct sip_tcp_flow **pp;

	if (p->dir == SIP_DIR_REPLY) {
		x = &p->dst;
		y = &p->src;
		xp = p->dport;
		yp = p->sport;
	}
	pp = &a->flow_hash[flow_hash(x, xp, y, yp) & (a->flow_buckets - 1)];
	for (; *pp != NULL; pp = &(*pp)->hnext) {
		struct sip_tcp_flow *f = *pp;

		if (f->ap == xp && f->bp == yp && sip_addr_eq(&f->a, x) &&
		    sip_addr_eq(&f->b, y))
			return pp;
	}
	return pp;
}

static struct sip_tcp_flow *
flow_new(struct sip_alg *a, struct sip_tcp_flow **slot,
    const struct sip_pkt *p)
{
	struct sip_tcp_flow *f;

	if (a->nflows >= a->par.max_tcp_flows ||
	    (f = calloc(1, sizeof(*f))) == NULL) {
		a->st.tcp_flows_refused++;
		return NULL;
	}
	if (p->dir == SIP_DIR_REPLY) {
		f->a = p->dst;
		f->b = p->src;
		f->ap = p->dport;
		f->bp = p->sport;
	} else {
		f->a = p->src;
		f->b = p->dst;
		f->ap = p->sport;
		f->bp = p->dport;
	}
	sip_framer_init(&f->fr[0]);
	sip_framer_init(&f->fr[1]);
	*slot = f;
	f->next = a->flows;
	if (a->flows != NULL)
		a->flows->prev = f;
	a->flows = f;
	a->nflows++;
	a->st.tcp_flows++;
	return f;
}

static void
flow_remove(struct sip_alg *a, struct sip_tcp_flow **slot)
{
	struct sip_tcp_flow *f = *slot;

	*slot = f->hnext;
	flow_free(a, f);
}

void
sip_alg_flow_close(struct sip_alg *a, const struct sip_pkt *p)
{
	struct sip_tcp_flow **slot = flow_slot(a, p);

	if (*slot != NULL)
		flow_remove(a, slot);
}

/* ---- packets ---- */

#define CB_REASON_BASE	1000

static int
msg_cb(void *arg, const struct sip_msg *m, const uint8_t *raw)
{
	struct sip_ctx *cx = arg;
	int rc;

	(void)raw;
	cx->m = m;
	cx->alg->st.msgs_tcp++;
	rc = sip_msg_process(cx);
	cx->m = NULL;
	/* processing reasons are told apart from parse errors */
	return rc < 0 ? rc - CB_REASON_BASE : 0;
}

static void
verdict(struct sip_alg *a, struct sip_verdict *v, enum sip_action act,
    enum sip_reason r)
{
	v->action = act;
	v->reason = r;
	if (act == SIP_DROP)
		a->st.drops[r]++;
}

static bool
all_crlf(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != '\r' && p[i] != '\n')
			return false;
	return true;
}

static int
packet_udp(struct sip_ctx *cx, struct sip_verdict *v)
{
	struct sip_alg *a = cx->alg;
	const struct sip_pkt *p = cx->pkt;
	struct sip_msg m;
	int rc;

	a->st.pkts_udp++;
	if (p->len == 0 || all_crlf(p->payload, p->len)) {
		a->st.keepalives++;
		verdict(a, v, SIP_PASS, SIP_R_OK);
		return v->action;
	}
	if ((rc = sip_parse(p->payload, p->len, 0, &m, NULL)) < 0) {
		a->st.parse_err[-rc]++;
		v->parse_error = -rc;
		sip_dbg(a, 0, "drop: %s", sip_parse_strerror(rc));
		verdict(a, v, SIP_DROP, SIP_R_PARSE);
		return v->action;
	}
	a->st.msgs_udp++;
	v->msgs = 1;
	cx->m = &m;
	rc = sip_msg_process(cx);
	cx->m = NULL;
	if (rc < 0) {
		verdict(a, v, SIP_DROP, (enum sip_reason)-rc);
		return v->action;
	}
	verdict(a, v, SIP_PASS, SIP_R_OK);
	return v->action;
}

static int
packet_tcp(struct sip_ctx *cx, struct sip_verdict *v)
{
	struct sip_alg *a = cx->alg;
	const struct sip_pkt *p = cx->pkt;
	struct sip_tcp_flow **slot, *f;
	struct framer_result res;
	struct sip_framer *fr;
	int dir = p->dir == SIP_DIR_REPLY ? 1 : 0;

	a->st.pkts_tcp++;
	slot = flow_slot(a, p);
	f = *slot;
	if (p->tcp_flags & SIP_TCP_SYN) {
		if (f == NULL && (f = flow_new(a, slot, p)) == NULL) {
			verdict(a, v, SIP_DROP, SIP_R_TABLE_FULL);
			return v->action;
		}
		sip_framer_syn(&f->fr[dir], p->seq);
		f->last_ms = cx->now;
		if (p->len == 0) {
			verdict(a, v, SIP_PASS, SIP_R_OK);
			return v->action;
		}
	}
	if (f == NULL) {
		if (p->len > 0)
			a->st.tcp_midstream++;
		verdict(a, v, SIP_PASS, p->len > 0 ? SIP_R_MIDSTREAM :
		    SIP_R_OK);
		return v->action;
	}
	f->last_ms = cx->now;
	fr = &f->fr[dir];
	sip_framer_segment(fr, (p->tcp_flags & SIP_TCP_SYN) ? p->seq + 1 :
	    p->seq, p->payload, p->len, a->par.tcp_buf_max, msg_cb, cx, &res);
	v->msgs = res.msgs;
	a->st.keepalives += res.keepalives;
	switch (res.status) {
	case FR_OK:
		verdict(a, v, SIP_PASS, SIP_R_OK);
		break;
	case FR_RETRANS:
		a->st.tcp_retrans++;
		verdict(a, v, SIP_PASS, SIP_R_OK);
		break;
	case FR_HELD:
		a->st.tcp_held++;
		verdict(a, v, SIP_PASS, SIP_R_OK);
		break;
	case FR_MIDSTREAM:
		a->st.tcp_midstream++;
		verdict(a, v, SIP_PASS, SIP_R_MIDSTREAM);
		break;
	case FR_BROKEN:
		verdict(a, v, SIP_DROP, SIP_R_STREAM_BROKEN);
		break;
	case FR_OOO_FULL:
		verdict(a, v, SIP_DROP, SIP_R_OOO_FULL);
		break;
	case FR_TOO_BIG:
		a->st.parse_err[SIP_E_TOO_BIG]++;
		verdict(a, v, SIP_DROP, SIP_R_TOO_BIG);
		break;
	case FR_BAD:
		/* a parse error (sip_err) or a processing reason */
		if (res.err <= -CB_REASON_BASE)
			verdict(a, v, SIP_DROP,
			    (enum sip_reason)(-res.err - CB_REASON_BASE));
		else {
			v->parse_error = -res.err;
			if (-res.err < SIP_E_COUNT)
				a->st.parse_err[-res.err]++;
			verdict(a, v, SIP_DROP, SIP_R_PARSE);
		}
		break;
	}
	return v->action;
}

int
sip_alg_packet(struct sip_alg *a, const struct sip_pkt *p, uint64_t now_ms,
    struct sip_verdict *v)
{
	struct sip_ctx cx = { a, p, NULL, now_ms };

	memset(v, 0, sizeof(*v));
	if (now_ms > a->now_ms)
		a->now_ms = now_ms;
	if (p->tls) {
		a->st.tls_pkts++;
		verdict(a, v, SIP_PASS, SIP_R_ENCRYPTED);
		return v->action;
	}
	if (p->proto == IPPROTO_TCP)
		return packet_tcp(&cx, v);
	return packet_udp(&cx, v);
}

/* ---- timers and queries ---- */

void
sip_alg_expire(struct sip_alg *a, uint64_t now)
{
	struct sip_call *c, *n;
	struct sip_tcp_flow *f, *fn;

	if (now > a->now_ms)
		a->now_ms = now;
	for (c = a->calls; c != NULL; c = n) {
		n = c->lnext;
		if (c->expire_ms > now)
			continue;
		if (c->state == CALL_ENDED || c->state == CALL_CANCELLING ||
		    c->state == CALL_CLOSING)
			sip_call_free(a, c);	/* lingered already */
		else {
			a->st.calls_timeout++;
			sip_call_end(a, c, "timeout");
			c->expire_ms = now + a->par.linger_ms;
		}
	}
	sip_reg_expire(a, now);
	for (f = a->flows; f != NULL; f = fn) {
		fn = f->next;
		if (f->last_ms + a->par.call_idle_ms <= now) {
			struct sip_pkt k;

			memset(&k, 0, sizeof(k));
			k.src = f->a;
			k.dst = f->b;
			k.sport = f->ap;
			k.dport = f->bp;
			k.dir = SIP_DIR_ORIG;
			flow_remove(a, flow_slot(a, &k));
		}
	}
}

void
sip_alg_clear_calls(struct sip_alg *a)
{
	struct sip_call *c, *n;

	for (c = a->calls; c != NULL; c = n) {
		n = c->lnext;
		if (c->state != CALL_ENDED)
			sip_call_end(a, c, "cleared");
		sip_call_free(a, c);
	}
}

void
sip_alg_clear_stats(struct sip_alg *a)
{
	memset(&a->st, 0, sizeof(a->st));
}

unsigned
sip_alg_ncalls(const struct sip_alg *a)
{
	return a->ncalls;
}

unsigned
sip_alg_nregistrations(const struct sip_alg *a)
{
	return a->nregs;
}

const char *
sip_reason_str(enum sip_reason r)
{
	static const char *const n[SIP_R_COUNT] = {
		[SIP_R_OK] = "ok",
		[SIP_R_PARSE] = "malformed SIP",
		[SIP_R_SDP] = "malformed SDP",
		[SIP_R_MIDSTREAM] = "TCP stream start not seen",
		[SIP_R_STREAM_BROKEN] = "TCP stream framing lost",
		[SIP_R_TOO_BIG] = "message too big",
		[SIP_R_OOO_FULL] = "TCP out-of-order queue full",
		[SIP_R_TABLE_FULL] = "table full",
		[SIP_R_ENCRYPTED] = "encrypted (TLS)",
	};

	return r < SIP_R_COUNT ? n[r] : "unknown";
}

