/*
 * The pinhole table: hashed by (proto, destination, port) for the
 * dataplane's first-packet lookup, and by id for listings.  Every open and
 * close goes through the dataplane's callbacks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"

/* Two tables in one allocation: [0, n) by destination, [n, 2n) by id. */
int
sip_ph_init(struct sip_alg *a)
{
	unsigned n = 64;

	while (n < a->par.max_pinholes / 2 && n < (1u << 22))
		n <<= 1;
	a->ph_buckets = n;
	a->ph_hash = calloc(2 * (size_t)n, sizeof(*a->ph_hash));
	return a->ph_hash == NULL ? -1 : 0;
}

/* Keyed: the first-packet lookup of every new connection walks a chain. */
static unsigned
dst_bucket(const struct sip_alg *a, uint8_t proto, const struct sip_addr *d,
    uint16_t port)
{
	return sip_hash_tuple(a, proto, d, port, NULL, 0) & (a->ph_buckets - 1);
}

static struct sip_ph **
id_bucket(const struct sip_alg *a, uint64_t id)
{
	return &a->ph_hash[a->ph_buckets +
	    ((id * 11400714819323198485ull) >> 40) % a->ph_buckets];
}

/*
 * A pinhole charged to src and zp (the call's or the binding's owners):
 * within their quotas, and in a full table only in place of a call of a
 * source with more pinholes.
 */
struct sip_ph *
sip_ph_open(struct sip_alg *a, struct sip_call *c, struct sip_owner *src,
    struct sip_owner *zp, const struct sip_pinhole *p)
{
	struct sip_ph *h, **b;
	char s[SIP_ADDRSTRLEN], d[SIP_ADDRSTRLEN];
	int rc;

	if ((rc = sip_quota_check(a, src, zp, Q_PINHOLES)) < 0) {
		a->st.noph[rc == -2 ? NOPH_QUOTA_ZP : NOPH_QUOTA_SRC]++;
		return NULL;
	}
	while (a->nph >= a->par.max_pinholes)
		if (sip_evict_pinholes(a, src) < 0) {
			a->st.noph[NOPH_TABLE_FULL]++;
			sip_quota_event(a, QE_PH_FULL, src,
			    a->par.max_pinholes);
			return NULL;
		}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		a->st.noph[NOPH_TABLE_FULL]++;
		return NULL;
	}
	h->pub = *p;
	h->pub.id = a->next_ph_id++;
	h->pub.call_id = c != NULL ? c->callid : "registration";
	h->call = c;
	h->created_ms = a->now_ms;
	if (a->ops.open_pinhole != NULL &&
	    a->ops.open_pinhole(a->arg, &h->pub) < 0) {
		a->st.noph[NOPH_REFUSED]++;
		free(h);
		return NULL;
	}
	h->hash = dst_bucket(a, p->proto, &p->dst, p->dport);
	b = &a->ph_hash[h->hash];
	h->hnext = *b;
	*b = h;
	b = id_bucket(a, h->pub.id);
	h->inext = *b;
	*b = h;
	h->src = src;
	h->zp = zp;
	sip_quota_add(a, src, Q_PINHOLES, 1);
	sip_quota_add(a, zp, Q_PINHOLES, 1);
	a->nph++;
	a->st.ph_opened++;
	sip_dbg(a, 0, "pinhole %llu open: %s %s -> %s:%u (%s) call %s",
	    (unsigned long long)h->pub.id,
	    p->proto == IPPROTO_TCP ? "tcp" : "udp",
	    p->src_any ? "any" : sip_addr_fmt(&p->src, s, sizeof(s)),
	    sip_addr_fmt(&p->dst, d, sizeof(d)), p->dport,
	    p->kind == SIP_PH_RTP	     ? "rtp" :
		p->kind == SIP_PH_RTCP	     ? "rtcp" :
		p->kind == SIP_PH_UDPTL	     ? "t38" :
		p->kind == SIP_PH_SIGNALLING ? "sip" :
					       "media",
	    h->pub.call_id);
	return h;
}

/* A pinhole restored from a saved state (alg/sip_state.c): hashed and
 * charged as sip_ph_open() does, with its id and without open_pinhole. */
void
sip_ph_insert(struct sip_alg *a, struct sip_ph *h)
{
	struct sip_ph **b;

	h->hash = dst_bucket(a, h->pub.proto, &h->pub.dst, h->pub.dport);
	b = &a->ph_hash[h->hash];
	h->hnext = *b;
	*b = h;
	b = id_bucket(a, h->pub.id);
	h->inext = *b;
	*b = h;
	sip_quota_add(a, h->src, Q_PINHOLES, 1);
	sip_quota_add(a, h->zp, Q_PINHOLES, 1);
	a->nph++;
	if (h->pub.id >= a->next_ph_id)
		a->next_ph_id = h->pub.id + 1;
}

/* A registration's signalling pinhole from src to dst:dport, or NULL
 * (no side effect: not a connection admitted). */
struct sip_ph *
sip_ph_find_binding(struct sip_alg *a, uint8_t proto,
    const struct sip_addr *src, const struct sip_addr *dst, uint16_t dport)
{
	struct sip_ph *h;

	for (h = a->ph_hash[dst_bucket(a, proto, dst, dport)]; h != NULL;
	     h = h->hnext)
		if (h->call == NULL && h->pub.kind == SIP_PH_SIGNALLING &&
		    h->pub.proto == proto && h->pub.dport == dport &&
		    sip_addr_eq(&h->pub.dst, dst) &&
		    sip_addr_eq(&h->pub.src, src))
			return h;
	return NULL;
}

static void
unhash_dst(struct sip_alg *a, struct sip_ph *h)
{
	struct sip_ph **pp;

	for (pp = &a->ph_hash[h->hash]; *pp != NULL; pp = &(*pp)->hnext)
		if (*pp == h) {
			*pp = h->hnext;
			break;
		}
}

static void
unhash_id(struct sip_alg *a, struct sip_ph *h)
{
	struct sip_ph **pp;

	for (pp = id_bucket(a, h->pub.id); *pp != NULL; pp = &(*pp)->inext)
		if (*pp == h) {
			*pp = h->inext;
			break;
		}
}

/* Remove from both hash chains (not from the owner's list). */
void
sip_ph_unhash(struct sip_alg *a, struct sip_ph *h)
{
	unhash_dst(a, h);
	unhash_id(a, h);
}

static void release(struct sip_alg *, struct sip_ph *);

/* Tell the dataplane, unhash and free (the owner unlinks it first). */
void
sip_ph_close(struct sip_alg *a, struct sip_ph *h)
{
	sip_ph_unhash(a, h);
	release(a, h);
	free(h);
}

/*
 * Closed for new connections, and the dataplane deletes what it admitted,
 * but the id stays known (sip_ph_forget() when the call is freed): the
 * last counters of those connections come with their deletion.
 */
void
sip_ph_retire(struct sip_alg *a, struct sip_ph *h)
{
	unhash_dst(a, h);
	release(a, h);
	h->retired = true;
}

void
sip_ph_forget(struct sip_alg *a, struct sip_ph *h)
{
	unhash_id(a, h);
	free(h);
}

/* Out of the tables' counts and quotas; the dataplane closes it. */
static void
release(struct sip_alg *a, struct sip_ph *h)
{
	if (a->ops.close_pinhole != NULL)
		a->ops.close_pinhole(a->arg, &h->pub);
	sip_dbg(a, 0, "pinhole %llu closed (%llu connections)",
	    (unsigned long long)h->pub.id, (unsigned long long)h->conns);
	sip_quota_add(a, h->src, Q_PINHOLES, -1);
	sip_quota_add(a, h->zp, Q_PINHOLES, -1);
	a->nph--;
	a->st.ph_closed++;
}

/* Does h admit a connection from src (from zone *src_zone, NULL: not
 * known)? */
static bool
src_ok(const struct sip_ph *h, const struct sip_addr *src, const int *src_zone)
{
	if (!h->pub.src_any)
		return sip_addr_eq(&h->pub.src, src);
	return src_zone != NULL && *src_zone == h->pub.src_zone &&
	    src->family == h->pub.dst.family && sip_addr_usable(src);
}

/* An exact pinhole before a src_any one of the same destination. */
static int
lookup(struct sip_alg *a, uint8_t proto, const struct sip_addr *src,
    const int *src_zone, const struct sip_addr *dst, uint16_t dport,
    uint64_t now_ms, struct sip_pinhole *out)
{
	struct sip_ph *h, *any = NULL;

	if (now_ms > a->now_ms)
		a->now_ms = now_ms;
	for (h = a->ph_hash[dst_bucket(a, proto, dst, dport)]; h != NULL;
	     h = h->hnext)
		if (h->pub.proto == proto && h->pub.dport == dport &&
		    sip_addr_eq(&h->pub.dst, dst) && src_ok(h, src, src_zone)) {
			if (!h->pub.src_any)
				break;
			if (any == NULL)
				any = h;
		}
	if (h == NULL && (h = any) == NULL)
		return -ENOENT;
	a->st.ph_hits++;
	h->conns++;
	if (h->call != NULL && now_ms > h->call->media_ms) {
		h->call->media_ms = now_ms;
		sip_call_deadline(a, h->call);
	}
	*out = h->pub;
	return 0;
}

/*
 * The answer named the source of a src_any pinhole: from now on it admits
 * only that address (same id: what it admitted from there goes on), and
 * the dataplane drops what it admitted from others.
 */
void
sip_ph_narrow(struct sip_alg *a, struct sip_ph *h, const struct sip_addr *src,
    int src_zone)
{
	char s[SIP_ADDRSTRLEN];

	h->pub.src_any = false;
	h->pub.src = *src;
	h->pub.src_zone = src_zone;
	sip_dbg(a, 0, "pinhole %llu narrowed to source %s",
	    (unsigned long long)h->pub.id, sip_addr_fmt(src, s, sizeof(s)));
	if (a->ops.narrow_pinhole != NULL)
		a->ops.narrow_pinhole(a->arg, &h->pub);
}

int
sip_alg_pinhole_lookup_zone(struct sip_alg *a, uint8_t proto,
    const struct sip_addr *src, uint16_t sport, int src_zone,
    const struct sip_addr *dst, uint16_t dport, uint64_t now_ms,
    struct sip_pinhole *out)
{
	(void)sport; /* any source port: RTP ports are not known */
	return lookup(a, proto, src, &src_zone, dst, dport, now_ms, out);
}

int
sip_alg_pinhole_lookup(struct sip_alg *a, uint8_t proto,
    const struct sip_addr *src, uint16_t sport, const struct sip_addr *dst,
    uint16_t dport, uint64_t now_ms, struct sip_pinhole *out)
{
	(void)sport;
	return lookup(a, proto, src, NULL, dst, dport, now_ms, out);
}

static struct sip_ph *
by_id(struct sip_alg *a, uint64_t id)
{
	struct sip_ph *h;

	for (h = *id_bucket(a, id); h != NULL; h = h->inext)
		if (h->pub.id == id)
			return h;
	return NULL;
}

int
sip_alg_pinhole_get(struct sip_alg *a, uint64_t id, struct sip_pinhole *out)
{
	struct sip_ph *h = by_id(a, id);

	if (h == NULL || h->retired)
		return -ENOENT;
	*out = h->pub;
	return 0;
}

void
sip_alg_conn_account(struct sip_alg *a, uint64_t id,
    const struct sip_conn_acct *ac, uint64_t now_ms)
{
	struct sip_ph *h = by_id(a, id);

	if (now_ms > a->now_ms)
		a->now_ms = now_ms;
	if (h == NULL || h->call == NULL)
		return;
	sip_mflow_add(a, h->call, h, ac, now_ms);
	if (ac->pkts[0] + ac->pkts[1] > 0) {
		if (now_ms > h->call->media_ms)
			h->call->media_ms = now_ms;
		sip_call_deadline(a, h->call);
	}
}
