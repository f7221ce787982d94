/*
 * Media accounting per stream and direction: the dataplane reports the
 * conntrack counters of each connection a pinhole admitted, both ways; the
 * packets are counted under the stream and the party that really sent
 * them, whichever side opened the connection and whichever pinhole
 * admitted it (a symmetric RTP stream is one connection: its reply
 * direction is the other party's media).
 */
#include <stdlib.h>
#include <string.h>

#include "alg/sip_int.h"

static struct sip_mflow *
mflow_get(struct sip_call *c, uint8_t stream, uint8_t kind, bool from_callee)
{
	struct sip_mflow *f;

	for (unsigned i = 0; i < c->nmf; i++) {
		f = &c->mf[i];
		if (f->stream == stream && f->kind == kind &&
		    f->from_callee == from_callee)
			return f;
	}
	if (c->nmf >= SIP_MFLOW_MAX)
		return NULL;
	if (c->mf == NULL &&
	    (c->mf = calloc(SIP_MFLOW_MAX, sizeof(*c->mf))) == NULL)
		return NULL;
	f = &c->mf[c->nmf++];
	memset(f, 0, sizeof(*f));
	f->stream = stream;
	f->kind = kind;
	f->from_callee = from_callee;
	return f;
}

/* Keep the table in display order: stream, kind, caller before callee. */
static int
mflow_cmp(const void *x, const void *y)
{
	const struct sip_mflow *a = x, *b = y;

	if (a->stream != b->stream)
		return a->stream < b->stream ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return (int)a->from_callee - (int)b->from_callee;
}

static void
count(struct sip_call *c, const struct sip_ph *h, bool from_callee,
    const struct sip_addr *src, uint16_t sport, const struct sip_addr *dst,
    uint16_t dport, uint64_t pkts, uint64_t bytes, uint64_t now)
{
	struct sip_mflow *f;
	unsigned n = c->nmf;

	if (pkts == 0)
		return;
	if ((f = mflow_get(c, h->stream, (uint8_t)h->pub.kind, from_callee)) ==
	    NULL)
		return;
	if (f->pkts == 0)
		f->first_ms = now;
	f->last_ms = now;
	f->pkts += pkts;
	f->bytes += bytes;
	f->src = *src;
	f->sport = sport;
	f->dst = *dst;
	f->dport = dport;
	if (c->nmf != n)
		qsort(c->mf, c->nmf, sizeof(*c->mf), mflow_cmp);
}

/*
 * The original direction of a connection is the one its pinhole admitted:
 * from the peer towards the party the pinhole points at (the callee for a
 * pinhole to_callee).  The reply direction is sent by that party.
 */
void
sip_mflow_add(struct sip_alg *a, struct sip_call *c, const struct sip_ph *h,
    const struct sip_conn_acct *ac, uint64_t now)
{
	(void)a;
	if (h->pub.kind == SIP_PH_SIGNALLING)
		return;
	count(c, h, !h->to_callee, &ac->src, ac->sport, &ac->dst, ac->dport,
	    ac->pkts[SIP_DIR_ORIG], ac->bytes[SIP_DIR_ORIG], now);
	count(c, h, h->to_callee, &ac->dst, ac->dport, &ac->src, ac->sport,
	    ac->pkts[SIP_DIR_REPLY], ac->bytes[SIP_DIR_REPLY], now);
}

uint64_t
sip_call_media_pkts(const struct sip_call *c)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < c->nmf; i++)
		n += c->mf[i].pkts;
	return n;
}

/* A pinhole the call no longer wants: closed, its id kept (the newest
 * SIP_RETIRED_MAX) so that its connections' last counters, reported when
 * the dataplane deletes them, still count. */
void
sip_call_retire(struct sip_alg *a, struct sip_call *c, struct sip_ph *h)
{
	struct sip_ph **pp;

	sip_ph_retire(a, h);
	h->cnext = c->retired;
	c->retired = h;
	if (++c->nretired <= SIP_RETIRED_MAX)
		return;
	for (pp = &c->retired; (*pp)->cnext != NULL; pp = &(*pp)->cnext)
		;
	sip_ph_forget(a, *pp);
	*pp = NULL;
	c->nretired--;
}

void
sip_call_forget_retired(struct sip_alg *a, struct sip_call *c)
{
	struct sip_ph *h;

	while ((h = c->retired) != NULL) {
		c->retired = h->cnext;
		sip_ph_forget(a, h);
	}
	c->nretired = 0;
}
