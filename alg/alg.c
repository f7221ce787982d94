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
#include "alg/sip_policy_int.h"

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
	.src_max_calls = 10000,
	.src_max_unanswered = 2000,
	.src_max_pinholes = 50000,
	.src_max_registrations = 5000,
	.src_max_tcp_flows = 1000,
	.zp_max_calls = 15000,
	.zp_max_unanswered = 10000,
	.zp_max_pinholes = 75000,
	.zp_max_registrations = 7500,
	.log_interval_ms = 10000,
};

void
sip_alg_default_params(struct sip_alg_params *p)
{
	*p = defaults;
}

/* Keyed: a sender cannot choose Call-IDs or addresses that collide. */
uint32_t
sip_hash(const struct sip_alg *a, const void *p, size_t n)
{
	return (uint32_t)siphash24(&a->key, p, n);
}

/* Only the bytes that matter (an IPv4 pinhole key is 10 bytes): SipHash
 * costs a round pair per 8 bytes. */
uint32_t
sip_hash_tuple(const struct sip_alg *a, uint8_t proto, const struct sip_addr *x,
    uint16_t xp, const struct sip_addr *y, uint16_t yp)
{
	uint8_t k[6 + 2 * 16];
	size_t al = x->family == AF_INET ? 4 : 16, n = 6;

	k[0] = (uint8_t)x->family;
	k[1] = proto;
	memcpy(k + 2, &xp, 2);
	memcpy(k + 4, &yp, 2);
	memcpy(k + n, &x->u, al);
	n += al;
	if (y != NULL) {
		memcpy(k + n, &y->u, al);
		n += al;
	}
	return sip_hash(a, k, n);
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
	a->reg_buckets = pow2_at_least(a->par.max_registrations / 2);
	a->call_hash = calloc(a->call_buckets, sizeof(*a->call_hash));
	a->flow_hash = calloc(a->flow_buckets, sizeof(*a->flow_hash));
	a->reg_hash = calloc(a->reg_buckets, sizeof(*a->reg_hash));
	if (siphash_key_random(&a->key) < 0 || a->call_hash == NULL ||
	    a->flow_hash == NULL || a->reg_hash == NULL || sip_ph_init(a) < 0 ||
	    sip_quota_init(a) < 0) {
		free(a->call_hash);
		free(a->flow_hash);
		free(a->reg_hash);
		free(a->ph_hash);
		free(a->owner_hash);
		free(a);
		return NULL;
	}
	return a;
}

static struct sip_tcp_flow **
flow_list(struct sip_alg *a, const struct sip_tcp_flow *f)
{
	return f->handshake ? &a->flows : &a->flows_syn;
}

static void
flow_unlink(struct sip_alg *a, struct sip_tcp_flow *f)
{
	if (f->prev != NULL)
		f->prev->next = f->next;
	else
		*flow_list(a, f) = f->next;
	if (f->next != NULL)
		f->next->prev = f->prev;
	else if (!f->handshake)
		a->flows_syn_tail = f->prev;
	f->prev = f->next = NULL;
}

/* Append: each list is oldest first. */
static void
flow_link(struct sip_alg *a, struct sip_tcp_flow *f)
{
	struct sip_tcp_flow **pp = flow_list(a, f);

	if (!f->handshake) {
		f->prev = a->flows_syn_tail;
		if (a->flows_syn_tail != NULL)
			a->flows_syn_tail->next = f;
		else
			*pp = f;
		a->flows_syn_tail = f;
		return;
	}
	f->next = *pp;
	if (*pp != NULL)
		(*pp)->prev = f;
	*pp = f;
}

/* Unlink from the list and free (the caller unhashed it). */
static void
flow_free(struct sip_alg *a, struct sip_tcp_flow *f)
{
	sip_framer_free(&f->fr[0]);
	sip_framer_free(&f->fr[1]);
	flow_unlink(a, f);
	sip_quota_add(a, f->src, Q_FLOWS, -1);
	sip_owner_put(a, f->src);
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
	while (a->flows_syn != NULL)
		flow_free(a, a->flows_syn);
	sip_quota_fini(a);
	free(a->hold);
	free(a->call_hash);
	free(a->flow_hash);
	free(a->reg_hash);
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
	pp = &a->flow_hash[sip_hash_tuple(a, IPPROTO_TCP, x, xp, y, yp) &
	    (a->flow_buckets - 1)];
	for (; *pp != NULL; pp = &(*pp)->hnext) {
		struct sip_tcp_flow *f = *pp;

		if (f->ap == xp && f->bp == yp && sip_addr_eq(&f->a, x) &&
		    sip_addr_eq(&f->b, y))
			return pp;
	}
	return pp;
}

static void flow_remove(struct sip_alg *, struct sip_tcp_flow **);
static struct sip_tcp_flow **flow_slot(struct sip_alg *,
    const struct sip_pkt *);

/* A full table: the oldest flow that never completed its handshake goes. */
static int
flow_evict(struct sip_alg *a)
{
	struct sip_tcp_flow *v = a->flows_syn;
	struct sip_pkt k;

	if (v == NULL)
		return -1;
	sip_quota_event(a, QE_EVICT_FLOW, v->src, 0);
	memset(&k, 0, sizeof(k));
	k.src = v->a;
	k.dst = v->b;
	k.sport = v->ap;
	k.dport = v->bp;
	k.dir = SIP_DIR_ORIG;
	flow_remove(a, flow_slot(a, &k));
	return 0;
}

/* A new flow at *slot; NULL (and *why) when refused. */
static struct sip_tcp_flow *
flow_new(struct sip_alg *a, struct sip_tcp_flow **slot, const struct sip_pkt *p,
    enum sip_reason *why)
{
	const struct sip_addr *orig = p->dir == SIP_DIR_REPLY ? &p->dst :
								&p->src;
	struct sip_owner *o;
	struct sip_tcp_flow *f;

	*why = SIP_R_TABLE_FULL;
	if ((o = sip_owner_src(a, orig)) == NULL) {
		a->st.tcp_flows_refused++;
		return NULL;
	}
	if (sip_quota_check(a, o, NULL, Q_FLOWS) < 0) {
		*why = SIP_R_QUOTA;
		goto refuse;
	}
	if (a->nflows >= a->par.max_tcp_flows) {
		if (flow_evict(a) < 0) {
			sip_quota_event(a, QE_FLOW_FULL, o, 0);
			goto refuse;
		}
		slot = flow_slot(a, p); /* the chain may have changed */
	}
	if ((f = calloc(1, sizeof(*f))) == NULL)
		goto refuse;
	f->src = o;
	sip_quota_add(a, o, Q_FLOWS, 1);
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
	flow_link(a, f);
	a->nflows++;
	a->st.tcp_flows++;
	return f;
refuse:
	a->st.tcp_flows_refused++;
	sip_owner_put(a, o);
	return NULL;
}

/* The SYN-ACK: the flow is no longer a first candidate for eviction. */
static void
flow_handshake(struct sip_alg *a, struct sip_tcp_flow *f)
{
	if (f->handshake)
		return;
	flow_unlink(a, f);
	f->handshake = true;
	flow_link(a, f);
}

/* RST taken or FIN both ways: no more SIP on this connection. */
static void
flow_closed(struct sip_tcp_flow *f)
{
	f->closed = true;
	sip_framer_free(&f->fr[0]);
	sip_framer_free(&f->fr[1]);
}

static void
flow_remove(struct sip_alg *a, struct sip_tcp_flow **slot)
{
	struct sip_tcp_flow *f = *slot;

	*slot = f->hnext;
	flow_free(a, f);
}

/* A flow restored from a saved state (alg/sip_state.c): hashed, listed
 * and charged as flow_new() does (the caller checked the limits). */
void
sip_flow_insert(struct sip_alg *a, struct sip_tcp_flow *f)
{
	struct sip_tcp_flow **slot = flow_slot(a,
	    &(struct sip_pkt){ .src = f->a,
		.dst = f->b,
		.sport = f->ap,
		.dport = f->bp,
		.dir = SIP_DIR_ORIG });

	f->hnext = *slot;
	*slot = f;
	sip_quota_add(a, f->src, Q_FLOWS, 1);
	flow_link(a, f);
	a->nflows++;
}

void
sip_alg_flow_close(struct sip_alg *a, const struct sip_pkt *p)
{
	struct sip_tcp_flow **slot = flow_slot(a, p);

	if (*slot != NULL)
		flow_remove(a, slot);
}

/* ---- packets ---- */

#define CB_REASON_BASE 1000

static int
msg_cb(void *arg, const struct sip_msg *m, const uint8_t *raw)
{
	struct sip_ctx *cx = arg;
	int rc;

	cx->m = m;
	cx->alg->st.msgs_tcp++;
	if ((rc = sip_l7_check(cx, m, raw)) == 0 &&
	    (rc = sip_holddown(cx, m)) == 0)
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
		(void)sip_l7_check(cx, NULL, p->payload);
		verdict(a, v, SIP_DROP, SIP_R_PARSE);
		return v->action;
	}
	a->st.msgs_udp++;
	v->msgs = 1;
	cx->m = &m;
	if ((rc = sip_l7_check(cx, &m, p->payload)) == 0 &&
	    (rc = sip_holddown(cx, &m)) == 0)
		rc = sip_msg_process(cx);
	cx->m = NULL;
	if (rc < 0) {
		verdict(a, v, SIP_DROP, (enum sip_reason) - rc);
		return v->action;
	}
	verdict(a, v, SIP_PASS, SIP_R_OK);
	return v->action;
}

/*
 * SYN or SYN-ACK: the stream start of its direction.  A SYN never moves a
 * started stream (an ISN behind it would hold everything after it, one
 * ahead would pass real segments as retransmissions); only a client's new
 * ISN before the handshake and before any data replaces its first one.
 */
static int
tcp_syn(struct sip_ctx *cx, struct sip_tcp_flow *f, int dir)
{
	struct sip_framer *fr = &f->fr[dir];
	uint32_t isn = cx->pkt->seq;

	if (fr->started && fr->isn != isn && dir == 0 && !f->handshake &&
	    fr->next == fr->isn + 1 && fr->tail_len == 0 && fr->nooo == 0) {
		sip_framer_free(fr);
		sip_framer_init(fr);
	}
	if (sip_framer_syn(fr, isn) < 0) {
		cx->alg->st.tcp_syn_ignored++;
		return -1;
	}
	if (dir == 1)
		flow_handshake(cx->alg, f);
	return 0;
}

/*
 * RST: taken (the flow ends) when its sequence number is exactly the next
 * byte of its sender's stream, the RFC 5961 rule, or when that stream was
 * never started (an answer to the SYN); otherwise ignored and counted.
 */
static void
tcp_rst(struct sip_alg *a, struct sip_tcp_flow *f, int dir, uint32_t seq)
{
	const struct sip_framer *fr = &f->fr[dir];

	if (!fr->started || seq == fr->next) {
		a->st.tcp_rst++;
		flow_closed(f);
	} else
		a->st.tcp_rst_ignored++;
}

static void
tcp_verdict(struct sip_alg *a, struct sip_verdict *v,
    const struct framer_result *res)
{
	switch (res->status) {
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
	case FR_CONFLICT:
		a->st.tcp_conflict++;
		verdict(a, v, SIP_DROP, SIP_R_TCP_CONFLICT);
		break;
	case FR_CLOSED:
		a->st.tcp_after_close++;
		verdict(a, v, SIP_DROP, SIP_R_TCP_CLOSED);
		break;
	case FR_BAD:
		/* a parse error (sip_err) or a processing reason */
		if (res->err <= -CB_REASON_BASE)
			verdict(a, v, SIP_DROP,
			    (enum sip_reason)(-res->err - CB_REASON_BASE));
		else {
			v->parse_error = -res->err;
			if (-res->err < SIP_E_COUNT)
				a->st.parse_err[-res->err]++;
			verdict(a, v, SIP_DROP, SIP_R_PARSE);
		}
		break;
	}
}

static int
packet_tcp(struct sip_ctx *cx, struct sip_verdict *v)
{
	struct sip_alg *a = cx->alg;
	const struct sip_pkt *p = cx->pkt;
	struct sip_tcp_flow **slot, *f;
	struct framer_result res;
	struct sip_framer *fr;
	enum sip_reason why;
	int dir = p->dir == SIP_DIR_REPLY ? 1 : 0;
	bool syn = (p->tcp_flags & SIP_TCP_SYN) != 0;
	uint32_t seq = syn ? p->seq + 1 : p->seq;

	a->st.pkts_tcp++;
	slot = flow_slot(a, p);
	f = *slot;
	if (syn && f != NULL && f->closed) {
		flow_remove(a, slot); /* a new connection on the tuple */
		slot = flow_slot(a, p);
		f = NULL;
	}
	if (syn) {
		if (f == NULL && (f = flow_new(a, slot, p, &why)) == NULL) {
			verdict(a, v, SIP_DROP, why);
			return v->action;
		}
		f->last_ms = cx->now;
		if (tcp_syn(cx, f, dir) < 0) {
			verdict(a, v, SIP_DROP, SIP_R_TCP_SYN);
			return v->action;
		}
		if (p->len == 0) {
			verdict(a, v, SIP_PASS, SIP_R_OK);
			return v->action;
		}
	}
	if (f == NULL) {
		if (p->len > 0)
			a->st.tcp_midstream++;
		verdict(a, v, SIP_PASS,
		    p->len > 0 ? SIP_R_MIDSTREAM : SIP_R_OK);
		return v->action;
	}
	f->last_ms = cx->now;
	if (f->closed) {
		if (p->len == 0) {
			verdict(a, v, SIP_PASS, SIP_R_OK);
			return v->action;
		}
		a->st.tcp_after_close++;
		verdict(a, v, SIP_DROP, SIP_R_TCP_CLOSED);
		return v->action;
	}
	fr = &f->fr[dir];
	if (f->resumed[dir]) /* restored: resume only at its position */
		sip_state_resume(a, f, dir, seq, p->len);
	if (p->tcp_flags & SIP_TCP_RST) {
		tcp_rst(a, f, dir, seq);
		verdict(a, v, SIP_PASS, SIP_R_OK);
		return v->action;
	}
	sip_framer_segment(fr, seq, p->payload, p->len, a->par.tcp_buf_max,
	    msg_cb, cx, &res);
	v->msgs = res.msgs;
	a->st.keepalives += res.keepalives;
	if (res.status == FR_BAD && res.err > -CB_REASON_BASE)
		(void)sip_l7_check(cx, NULL, NULL); /* did not parse */
	tcp_verdict(a, v, &res);
	if ((p->tcp_flags & SIP_TCP_FIN) &&
	    (res.status == FR_OK || res.status == FR_RETRANS) &&
	    sip_framer_fin(fr, seq + (uint32_t)p->len) == 0) {
		a->st.tcp_fin++;
		if (f->fr[!dir].fin)
			flow_closed(f);
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
			sip_call_free(a, c); /* lingered already */
		else {
			a->st.calls_timeout++;
			sip_call_end(a, c, "timeout");
			c->expire_ms = now + a->par.linger_ms;
		}
	}
	sip_reg_expire(a, now);
	for (f = a->flows_syn; f != NULL; f = fn) {
		fn = f->next;
		/* no handshake: a SYN (or answer) without the rest */
		if (f->last_ms + SIP_SYN_IDLE_MS <= now)
			flow_remove(a,
			    flow_slot(a,
				&(struct sip_pkt){ .src = f->a,
				    .dst = f->b,
				    .sport = f->ap,
				    .dport = f->bp,
				    .dir = SIP_DIR_ORIG }));
	}
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
		[SIP_R_QUOTA] = "over the source's or zone-pair's quota",
		[SIP_R_TCP_SYN] = "TCP SYN on a started stream",
		[SIP_R_TCP_CONFLICT] = "TCP bytes differ from those seen",
		[SIP_R_TCP_CLOSED] = "TCP data after RST or FIN",
		[SIP_R_POLICY] = "Layer 7 policy",
		[SIP_R_HOLDDOWN] = "INVITE hold-down after a failure",
	};

	return r < SIP_R_COUNT ? n[r] : "unknown";
}
