/*
 * Quotas and fair eviction: one sender must not be able to starve the
 * others.  Every call, pinhole, registration and TCP flow is charged to an
 * owner for its source address and (except flows) one for its zone-pair;
 * each has a limit.  When a table is full, a new entry takes the place of
 * an entry of the heaviest source (max-heaps by counter), unanswered calls
 * and pending registrations before established ones, and never of a
 * source that is not heavier than the one asking.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"
#include "lib/log.h"

#define EVICT_SCAN 64 /* calls looked at for one with pinholes */

/* ---- owners ---- */

/* The hashed key: kind and family, then the address or the two zones. */
struct owner_key {
	uint8_t b[2 + 16];
	size_t len;
};

int
sip_quota_init(struct sip_alg *a)
{
	unsigned n = 64;

	while (n < a->par.max_calls && n < (1u << 20))
		n <<= 1;
	a->owner_buckets = n;
	a->owner_hash = calloc(n, sizeof(*a->owner_hash));
	return a->owner_hash == NULL ? -1 : 0;
}

void
sip_quota_fini(struct sip_alg *a)
{
	for (unsigned i = 0; i < a->owner_buckets; i++)
		while (a->owner_hash[i] != NULL) {
			struct sip_owner *o = a->owner_hash[i];

			a->owner_hash[i] = o->hnext;
			free(o);
		}
	for (unsigned q = 0; q < Q_COUNT; q++)
		free(a->heap[q].v);
	free(a->owner_hash);
}

static struct sip_owner *
owner_get(struct sip_alg *a, const struct owner_key *k, bool zp,
    const struct sip_addr *addr, int sz, int dz)
{
	uint32_t h = sip_hash(a, k->b, k->len);
	struct sip_owner *o, **b = &a->owner_hash[h & (a->owner_buckets - 1)];

	for (o = *b; o != NULL; o = o->hnext)
		if (o->hash == h && o->zone_pair == zp &&
		    (zp ? o->src_zone == sz && o->dst_zone == dz :
			  sip_addr_eq(&o->addr, addr))) {
			o->refs++;
			return o;
		}
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return NULL;
	o->hash = h;
	o->zone_pair = zp;
	if (addr != NULL)
		o->addr = *addr;
	o->src_zone = sz;
	o->dst_zone = dz;
	o->refs = 1;
	o->hnext = *b;
	*b = o;
	a->nowners++;
	return o;
}

/* The owner of a source address, with a reference (sip_owner_put). */
struct sip_owner *
sip_owner_src(struct sip_alg *a, const struct sip_addr *addr)
{
	struct owner_key k;
	size_t al = addr->family == AF_INET ? 4 : 16;

	k.b[0] = 0;
	k.b[1] = (uint8_t)addr->family;
	memcpy(k.b + 2, &addr->u, al);
	k.len = 2 + al;
	return owner_get(a, &k, false, addr, 0, 0);
}

struct sip_owner *
sip_owner_zp(struct sip_alg *a, int src_zone, int dst_zone)
{
	struct owner_key k;
	int32_t z[2] = { src_zone, dst_zone };

	k.b[0] = 1;
	k.b[1] = 0;
	memcpy(k.b + 2, z, sizeof(z));
	k.len = 2 + sizeof(z);
	return owner_get(a, &k, true, NULL, src_zone, dst_zone);
}

void
sip_owner_put(struct sip_alg *a, struct sip_owner *o)
{
	struct sip_owner **pp;

	if (o == NULL || --o->refs > 0)
		return;
	pp = &a->owner_hash[o->hash & (a->owner_buckets - 1)];
	for (; *pp != NULL; pp = &(*pp)->hnext)
		if (*pp == o) {
			*pp = o->hnext;
			break;
		}
	a->nowners--;
	free(o);
}

/* ---- heaps of sources, heaviest first ---- */

static void
h_set(struct sip_heap *h, unsigned i, struct sip_owner *o, enum sip_q q)
{
	h->v[i] = o;
	o->heap[q] = i + 1;
}

static void
h_up(struct sip_heap *h, unsigned i, enum sip_q q)
{
	struct sip_owner *o = h->v[i];

	while (i > 0 && h->v[(i - 1) / 2]->n[q] < o->n[q]) {
		h_set(h, i, h->v[(i - 1) / 2], q);
		i = (i - 1) / 2;
	}
	h_set(h, i, o, q);
}

static void
h_down(struct sip_heap *h, unsigned i, enum sip_q q)
{
	struct sip_owner *o = h->v[i];

	for (;;) {
		unsigned c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1]->n[q] > h->v[c]->n[q])
			c++;
		if (h->v[c]->n[q] <= o->n[q])
			break;
		h_set(h, i, h->v[c], q);
		i = c;
	}
	h_set(h, i, o, q);
}

static void
h_remove(struct sip_heap *h, struct sip_owner *o, enum sip_q q)
{
	unsigned i = o->heap[q] - 1;
	struct sip_owner *m;

	o->heap[q] = 0;
	if (--h->n == i)
		return;
	m = h->v[h->n];
	h_set(h, i, m, q);
	h_up(h, i, q);
	h_down(h, m->heap[q] - 1, q);
}

static void
h_update(struct sip_alg *a, struct sip_owner *o, enum sip_q q)
{
	struct sip_heap *h = &a->heap[q];

	if (o->n[q] == 0) {
		if (o->heap[q] != 0)
			h_remove(h, o, q);
		return;
	}
	if (o->heap[q] == 0) {
		if (h->n == h->cap) {
			unsigned cap = h->cap ? 2 * h->cap : 64;
			struct sip_owner **v = realloc(h->v, cap * sizeof(*v));

			if (v == NULL)
				return; /* not a candidate for eviction */
			h->v = v;
			h->cap = cap;
		}
		h_set(h, h->n++, o, q);
		h_up(h, h->n - 1, q);
		return;
	}
	h_up(h, o->heap[q] - 1, q);
	h_down(h, o->heap[q] - 1, q);
}

static struct sip_owner *
heaviest(const struct sip_alg *a, enum sip_q q)
{
	return a->heap[q].n > 0 ? a->heap[q].v[0] : NULL;
}

void
sip_quota_add(struct sip_alg *a, struct sip_owner *o, enum sip_q q, int delta)
{
	if (o == NULL)
		return;
	if (delta < 0 && o->n[q] < (uint32_t)-delta)
		o->n[q] = 0;
	else
		o->n[q] += (uint32_t)delta;
	if (!o->zone_pair && q != Q_FLOWS)
		h_update(a, o, q);
}

/* ---- limits ---- */

static uint32_t
limit(const struct sip_alg *a, bool zp, enum sip_q q)
{
	const struct sip_alg_params *p = &a->par;

	switch (q) {
	case Q_CALLS:
		return zp ? p->zp_max_calls : p->src_max_calls;
	case Q_UNANSWERED:
		return zp ? p->zp_max_unanswered : p->src_max_unanswered;
	case Q_PINHOLES:
		return zp ? p->zp_max_pinholes : p->src_max_pinholes;
	case Q_REGS:
		return zp ? p->zp_max_registrations : p->src_max_registrations;
	case Q_FLOWS:
		return zp ? 0 : p->src_max_tcp_flows;
	default:
		return 0;
	}
}

static const enum sip_qev qev_src[Q_COUNT] = {
	[Q_CALLS] = QE_CALL_SRC,
	[Q_UNANSWERED] = QE_UNANS_SRC,
	[Q_PINHOLES] = QE_PH_SRC,
	[Q_REGS] = QE_REG_SRC,
	[Q_FLOWS] = QE_FLOW_SRC,
};
static const enum sip_qev qev_zp[Q_COUNT] = {
	[Q_CALLS] = QE_CALL_ZP,
	[Q_UNANSWERED] = QE_UNANS_ZP,
	[Q_PINHOLES] = QE_PH_ZP,
	[Q_REGS] = QE_REG_ZP,
	[Q_FLOWS] = QE_COUNT,
};

int
sip_quota_check(struct sip_alg *a, struct sip_owner *src, struct sip_owner *zp,
    enum sip_q q)
{
	uint32_t l;

	if (src != NULL && (l = limit(a, false, q)) != 0 && src->n[q] >= l) {
		sip_quota_event(a, qev_src[q], src, l);
		return -1;
	}
	if (zp != NULL && (l = limit(a, true, q)) != 0 && zp->n[q] >= l) {
		sip_quota_event(a, qev_zp[q], zp, l);
		return -2;
	}
	return 0;
}

/* ---- calls in their owners' lists ---- */

static struct sip_qlist *
call_list(struct sip_alg *a, struct sip_call *c, enum sip_qclass k)
{
	switch (k) {
	case QC_UNANSWERED:
		return &c->src->unans;
	case QC_ANSWERED:
		return &c->src->ans;
	case QC_ENDING:
		return &a->ending;
	default:
		return NULL;
	}
}

static void
charge(struct sip_alg *a, struct sip_call *c, enum sip_qclass k, int d)
{
	if (k != QC_UNANSWERED && k != QC_ANSWERED)
		return;
	sip_quota_add(a, c->src, Q_CALLS, d);
	sip_quota_add(a, c->zp, Q_CALLS, d);
	if (k == QC_UNANSWERED) {
		sip_quota_add(a, c->src, Q_UNANSWERED, d);
		sip_quota_add(a, c->zp, Q_UNANSWERED, d);
	}
}

static void
call_move(struct sip_alg *a, struct sip_call *c, enum sip_qclass k)
{
	struct sip_qlist *l;

	if (c->qclass == k)
		return;
	if ((l = call_list(a, c, c->qclass)) != NULL) {
		if (c->qprev != NULL)
			c->qprev->qnext = c->qnext;
		else
			l->head = c->qnext;
		if (c->qnext != NULL)
			c->qnext->qprev = c->qprev;
		else
			l->tail = c->qprev;
		c->qprev = c->qnext = NULL;
	}
	charge(a, c, c->qclass, -1);
	c->qclass = k;
	charge(a, c, k, 1);
	if ((l = call_list(a, c, k)) != NULL) {
		c->qprev = l->tail;
		if (l->tail != NULL)
			l->tail->qnext = c;
		else
			l->head = c;
		l->tail = c;
	}
}

void
sip_quota_call(struct sip_alg *a, struct sip_call *c)
{
	call_move(a, c,
	    c->state <= CALL_EARLY	? QC_UNANSWERED :
		c->state == CALL_ACTIVE ? QC_ANSWERED :
					  QC_ENDING);
}

void
sip_quota_call_drop(struct sip_alg *a, struct sip_call *c)
{
	call_move(a, c, QC_NONE);
}

/* ---- registrations in their source's list ---- */

void
sip_quota_reg_link(struct sip_alg *a, struct sip_reg *r)
{
	struct sip_owner *o = r->src;

	r->qprev = o->regs_tail;
	r->qnext = NULL;
	if (o->regs_tail != NULL)
		o->regs_tail->qnext = r;
	else
		o->regs_head = r;
	o->regs_tail = r;
	sip_quota_add(a, r->src, Q_REGS, 1);
	sip_quota_add(a, r->zp, Q_REGS, 1);
}

void
sip_quota_reg_unlink(struct sip_alg *a, struct sip_reg *r)
{
	struct sip_owner *o = r->src;

	if (r->qprev != NULL)
		r->qprev->qnext = r->qnext;
	else
		o->regs_head = r->qnext;
	if (r->qnext != NULL)
		r->qnext->qprev = r->qprev;
	else
		o->regs_tail = r->qprev;
	sip_quota_add(a, r->src, Q_REGS, -1);
	sip_quota_add(a, r->zp, Q_REGS, -1);
}

/* ---- eviction ---- */

static uint32_t
count(const struct sip_owner *o, enum sip_q q)
{
	return o != NULL ? o->n[q] : 0;
}

/*
 * A new call of src and a full table: free the oldest ended call; else end
 * the oldest unanswered call of the source with most unanswered calls, or
 * the oldest call of the source with most calls, if that source has more
 * calls than src.
 */
int
sip_evict_call(struct sip_alg *a, struct sip_owner *src)
{
	struct sip_owner *h;
	struct sip_call *v = NULL;

	if (a->ending.head != NULL) {
		v = a->ending.head;
		sip_quota_event(a, QE_EVICT_ENDED, v->src, 0);
		sip_call_free(a, v);
		return 0;
	}
	h = heaviest(a, Q_UNANSWERED);
	if (h != NULL && h->n[Q_CALLS] > count(src, Q_CALLS))
		v = h->unans.head;
	if (v == NULL && (h = heaviest(a, Q_CALLS)) != NULL &&
	    h->n[Q_CALLS] > count(src, Q_CALLS))
		v = h->unans.head != NULL ? h->unans.head : h->ans.head;
	if (v == NULL)
		return -1;
	sip_quota_event(a, QE_EVICT_CALL, v->src, 0);
	sip_call_end(a, v, "evicted");
	sip_call_free(a, v);
	return 0;
}

static struct sip_call *
with_pinholes(struct sip_call *c)
{
	for (unsigned i = 0; c != NULL && i < EVICT_SCAN; c = c->qnext, i++)
		if (c->nph > 0)
			return c;
	return NULL;
}

/*
 * A pinhole of src and a full table: end a call of the source with most
 * pinholes, if it has more than src (unanswered calls first).  Bindings are
 * not evicted for pinholes (their own table is fair already).
 */
int
sip_evict_pinholes(struct sip_alg *a, struct sip_owner *src)
{
	struct sip_owner *h = heaviest(a, Q_PINHOLES);
	struct sip_call *v;

	if (h == NULL || h == src || h->n[Q_PINHOLES] <= count(src, Q_PINHOLES))
		return -1;
	if ((v = with_pinholes(h->unans.head)) == NULL &&
	    (v = with_pinholes(h->ans.head)) == NULL)
		return -1;
	sip_quota_event(a, QE_EVICT_PH_CALL, h, 0);
	sip_call_end(a, v, "evicted");
	return 0;
}

/* A registration of src and a full table: the heaviest source's oldest
 * pending registration, else its oldest binding. */
int
sip_evict_reg(struct sip_alg *a, struct sip_owner *src)
{
	struct sip_owner *h = heaviest(a, Q_REGS);
	struct sip_reg *r, *v = NULL;
	unsigned i = 0;

	if (h == NULL || h == src || h->n[Q_REGS] <= count(src, Q_REGS))
		return -1;
	for (r = h->regs_head; r != NULL && i < EVICT_SCAN; r = r->qnext, i++)
		if (!r->active) {
			v = r;
			break;
		}
	if (v == NULL)
		v = h->regs_head;
	if (v == NULL)
		return -1;
	sip_quota_event(a, QE_EVICT_REG, h, 0);
	sip_reg_free(a, v);
	return 0;
}

/* ---- counters and log lines ---- */

const char *
sip_qev_name(enum sip_qev e)
{
	static const char *const n[QE_COUNT] = {
		[QE_CALL_SRC] = "calls over the source's quota",
		[QE_UNANS_SRC] = "unanswered INVITEs over source quota",
		[QE_PH_SRC] = "pinholes over the source's quota",
		[QE_REG_SRC] = "registrations over the source's quota",
		[QE_FLOW_SRC] = "TCP flows over the source's quota",
		[QE_CALL_ZP] = "calls over the zone-pair's quota",
		[QE_UNANS_ZP] = "unanswered INVITEs over zone-pair quota",
		[QE_PH_ZP] = "pinholes over the zone-pair's quota",
		[QE_REG_ZP] = "registrations over the zone-pair's quota",
		[QE_CALL_FULL] = "calls refused (table full)",
		[QE_PH_FULL] = "pinholes refused (table full)",
		[QE_REG_FULL] = "registrations refused (table full)",
		[QE_FLOW_FULL] = "TCP flows refused (table full)",
		[QE_EVICT_ENDED] = "ended calls freed early",
		[QE_EVICT_CALL] = "calls evicted for another source",
		[QE_EVICT_PH_CALL] = "calls evicted for pinholes",
		[QE_EVICT_REG] = "registrations evicted",
		[QE_EVICT_FLOW] = "TCP flows evicted (no handshake)",
	};

	return e < QE_COUNT ? n[e] : "unknown";
}

static const char *
who(const struct sip_owner *o, char *buf, size_t len)
{
	char s[SIP_ADDRSTRLEN];

	if (o == NULL)
		snprintf(buf, len, "-");
	else if (o->zone_pair)
		snprintf(buf, len, "zone-pair %d->%d", o->src_zone,
		    o->dst_zone);
	else
		snprintf(buf, len, "source %s",
		    sip_addr_fmt(&o->addr, s, sizeof(s)));
	return buf;
}

void
sip_quota_event(struct sip_alg *a, enum sip_qev e, const struct sip_owner *o,
    uint32_t lim)
{
	char w[SIP_ADDRSTRLEN + 32], l[32] = "";
	uint64_t quiet;

	a->st.quota[e]++;
	if (a->now_ms < a->qlog_next[e]) {
		a->qlog_quiet[e]++;
		return;
	}
	quiet = a->qlog_quiet[e];
	a->qlog_next[e] = a->now_ms + a->par.log_interval_ms;
	a->qlog_quiet[e] = 0;
	a->st.quota_logs++;
	if (lim != 0)
		snprintf(l, sizeof(l), " (limit %u)", lim);
	log_ios("SIP", 4,
	    e >= QE_EVICT_ENDED	  ? "EVICT" :
		e >= QE_CALL_FULL ? "TABLE_FULL" :
				    "QUOTA",
	    "%s: %s%s, %llu more since the last "
	    "message",
	    who(o, w, sizeof(w)), sip_qev_name(e), l,
	    (unsigned long long)quiet);
	sip_dbg(a, 0, "%s: %s%s", who(o, w, sizeof(w)), sip_qev_name(e), l);
}
