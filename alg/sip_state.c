/*
 * The ALG's state as a byte stream (alg/sip_state.h): the writer, and a
 * loader that reads the whole stream twice, first to check every field
 * (nothing changes), then to build.  Little-endian fixed-size fields;
 * strings and byte runs with a length in front.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"
#include "alg/sip_state.h"
#include "lib/buf.h"

#define MAGIC "ZBFWSIPS"
#define HDR_LEN 48
#define MAC_LEN 8
#define TAG_MAX 1024 /* as dialog_get() bounds a to-tag */
#define ZONE_MAX (1 << 20)
#define BYTES_MAX (SIP_MSG_MAX + 1024u) /* a framer's tail + held */

/* The checksum key when the caller gives none: "zbfw sip state 1". */
static const uint8_t default_key[16] = "zbfw sip state 1";

/* ---- writer ---- */

struct wr {
	struct buf *b;
	int err;
	uint64_t base; /* mono_base */
};

static void
put(struct wr *w, const void *p, size_t n)
{
	if (w->err == 0 && buf_append(w->b, p, n) < 0)
		w->err = -ENOMEM;
}

static void
put_u8(struct wr *w, unsigned v)
{
	uint8_t b = (uint8_t)v;

	put(w, &b, 1);
}

static void
put_le(struct wr *w, uint64_t v, unsigned n)
{
	uint8_t b[8];

	for (unsigned i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	put(w, b, n);
}

#define put_u16(w, v) put_le(w, (uint16_t)(v), 2)
#define put_u32(w, v) put_le(w, (uint32_t)(v), 4)
#define put_u64(w, v) put_le(w, (uint64_t)(v), 8)
#define put_i32(w, v) put_le(w, (uint32_t)(int32_t)(v), 4)

/* A time of the ALG's clock, relative to the clock base (signed). */
static void
put_time(struct wr *w, uint64_t t)
{
	put_u64(w, (uint64_t)((int64_t)t - (int64_t)w->base));
}

static void
put_str(struct wr *w, const char *s, size_t n)
{
	put_u16(w, n);
	put(w, s, n);
}

static void
put_addr(struct wr *w, const struct sip_addr *a)
{
	uint8_t z[16] = { 0 };

	if (a->family == AF_INET) {
		put_u8(w, 4);
		put(w, &a->u.v4, 4);
		put(w, z, 12);
	} else if (a->family == AF_INET6) {
		put_u8(w, 6);
		put(w, &a->u.v6, 16);
	} else {
		put_u8(w, 0);
		put(w, z, 16);
	}
}

static void
put_mdesc(struct wr *w, const struct sip_mdesc *md)
{
	if (md == NULL) {
		put_u8(w, 0xff);
		return;
	}
	put_u8(w, md->n);
	for (unsigned i = 0; i < md->n; i++) {
		const struct sip_media *x = &md->m[i];

		put_addr(w, &x->addr);
		put_addr(w, &x->rtcp_addr);
		put_u16(w, x->port);
		put_u16(w, x->rtcp_port);
		put_u8(w, x->media);
		put_u8(w, x->dir);
		put_u8(w, x->flags);
	}
}

static void
put_ph(struct wr *w, const struct sip_state_ops *ops, const struct sip_ph *h)
{
	uint8_t blob[SIP_STATE_BLOB_MAX];
	int n = 0;

	put_u64(w, h->pub.id);
	put_u8(w, h->pub.kind);
	put_u8(w, h->pub.proto);
	put_u8(w, h->pub.src_any);
	put_addr(w, &h->pub.src);
	put_addr(w, &h->pub.dst);
	put_u16(w, h->pub.dport);
	put_i32(w, h->pub.src_zone);
	put_i32(w, h->pub.dst_zone);
	put_u64(w, h->conns);
	put_time(w, h->created_ms);
	put_u8(w, h->stream);
	put_u8(w, h->to_callee);
	if (ops != NULL && ops->ph_save != NULL &&
	    (n = ops->ph_save(ops->arg, &h->pub, blob, sizeof(blob))) < 0)
		n = 0;
	if (n > (int)sizeof(blob))
		n = 0;
	put_u16(w, n);
	put(w, blob, (size_t)n);
}

static void
put_call(struct wr *w, const struct sip_state_ops *ops,
    const struct sip_call *c)
{
	const struct sip_ph *h;
	unsigned n;

	put_str(w, c->callid, c->callid_len);
	put_str(w, c->tag, c->tag_len);
	put_str(w, c->from, strlen(c->from));
	put_str(w, c->to, strlen(c->to));
	put_addr(w, &c->src->addr);
	put_u8(w, c->state);
	put_time(w, c->created_ms);
	put_time(w, c->last_ms);
	put_time(w, c->expire_ms);
	put_time(w, c->answered_ms);
	put_time(w, c->media_ms);
	put_addr(w, &c->caller_sig);
	put_addr(w, &c->callee_sig);
	put_u16(w, c->caller_port);
	put_u16(w, c->callee_port);
	put_u8(w, c->proto);
	put_i32(w, c->caller_zone);
	put_i32(w, c->callee_zone);
	put_addr(w, &c->caller_contact);
	put_u16(w, c->caller_contact_port);
	put_u8(w, c->caller_contact_proto);
	put_u8(w,
	    (c->has_caller_contact ? 1 : 0) | (c->record_route ? 2 : 0) |
		(c->invite_pending ? 4 : 0) | (c->invite_by_caller ? 8 : 0) |
		(c->reinvite ? 16 : 0));
	put_u32(w, c->invite_cseq);
	put_i32(w, c->reinvite_dialog);
	put_mdesc(w, c->media);
	put_mdesc(w, c->prev);
	put_u8(w, c->ndlg);
	for (unsigned i = 0; i < c->ndlg; i++) {
		const struct sip_dialog *d = c->dlg[i];

		put_str(w, d->tag, d->tag_len);
		put_u8(w, (d->confirmed ? 1 : 0) | (d->has_contact ? 2 : 0));
		put_addr(w, &d->contact);
		put_u16(w, d->contact_port);
		put_u8(w, d->contact_proto);
		put_mdesc(w, d->media);
		put_mdesc(w, d->prev);
	}
	for (n = 0, h = c->ph; h != NULL; h = h->cnext)
		n++;
	put_u16(w, n);
	for (h = c->ph; h != NULL; h = h->cnext)
		put_ph(w, ops, h);
	put_u16(w, c->nmf);
	for (unsigned i = 0; i < c->nmf; i++) {
		const struct sip_mflow *f = &c->mf[i];

		put_u8(w, f->stream);
		put_u8(w, f->kind);
		put_u8(w, f->from_callee);
		put_addr(w, &f->src);
		put_addr(w, &f->dst);
		put_u16(w, f->sport);
		put_u16(w, f->dport);
		put_u64(w, f->pkts);
		put_u64(w, f->bytes);
		put_time(w, f->first_ms);
		put_time(w, f->last_ms);
	}
}

static void
put_reg(struct wr *w, const struct sip_state_ops *ops, const struct sip_reg *r)
{
	put_str(w, r->callid, strlen(r->callid));
	put_str(w, r->aor, strlen(r->aor));
	put_addr(w, &r->src->addr);
	put_time(w, r->created_ms);
	put_time(w, r->expire_ms);
	put_u8(w, r->active);
	put_u32(w, r->cseq);
	put_addr(w, &r->contact);
	put_u16(w, r->contact_port);
	put_u8(w, r->proto);
	put_addr(w, &r->registrar);
	put_i32(w, r->contact_zone);
	put_i32(w, r->registrar_zone);
	put_u32(w, r->expires);
	put_u8(w, r->ph != NULL);
	if (r->ph != NULL)
		put_ph(w, ops, r->ph);
}

static void
put_framer(struct wr *w, const struct sip_framer *fr)
{
	put_u8(w,
	    (fr->started ? 1 : 0) | (fr->broken ? 2 : 0) | (fr->fin ? 4 : 0));
	put_u32(w, fr->isn);
	put_u32(w, fr->next);
	put_u32(w, fr->need);
	put_u32(w, fr->tail_len);
	put(w, fr->tail, fr->tail_len);
	put_u8(w, fr->nooo);
	for (unsigned i = 0; i < fr->nooo; i++) {
		put_u32(w, fr->ooo[i].seq);
		put_u32(w, fr->ooo[i].len);
		put(w, fr->ooo[i].data, fr->ooo[i].len);
	}
}

static void
put_flow(struct wr *w, const struct sip_state_ops *ops,
    const struct sip_tcp_flow *f)
{
	uint32_t id = 0;
	bool has = ops != NULL && ops->conn_id != NULL &&
	    ops->conn_id(ops->arg, IPPROTO_TCP, &f->a, f->ap, &f->b, f->bp,
		&id) == 0;

	put_addr(w, &f->a);
	put_addr(w, &f->b);
	put_u16(w, f->ap);
	put_u16(w, f->bp);
	put_addr(w, &f->src->addr);
	put_u8(w, (f->handshake ? 1 : 0) | (f->closed ? 2 : 0) | (has ? 4 : 0));
	put_time(w, f->last_ms);
	put_u32(w, id);
	put_framer(w, &f->fr[0]);
	put_framer(w, &f->fr[1]);
}

static void
hdr_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int
sip_state_save(struct sip_alg *a, const struct sip_state_ops *ops,
    uint64_t mono_base, uint64_t wall_base, const struct siphash_key *key,
    struct buf *out)
{
	struct wr w = { out, 0, mono_base };
	struct siphash_key dk;
	const struct sip_call *c;
	const struct sip_reg *r;
	const struct sip_tcp_flow *f;
	uint32_t nc = 0, nr = 0, nf = 0;
	size_t start = out->len;
	uint8_t *h;

	if (key == NULL) {
		siphash_key_bytes(&dk, default_key);
		key = &dk;
	}
	put(&w, (uint8_t[HDR_LEN]){ 0 }, HDR_LEN);
	/* registrations first: a call that came in through a binding is
	 * kept with it (get_call) */
	for (r = a->regs; r != NULL; r = r->next, nr++)
		put_reg(&w, ops, r);
	/* ended calls only linger for retransmissions: not kept */
	for (c = a->calls; c != NULL; c = c->lnext)
		if (c->state != CALL_ENDED) {
			put_call(&w, ops, c);
			nc++;
		}
	for (f = a->flows; f != NULL; f = f->next, nf++)
		put_flow(&w, ops, f);
	for (f = a->flows_syn; f != NULL; f = f->next, nf++)
		put_flow(&w, ops, f);
	if (w.err < 0) {
		out->len = start;
		return w.err;
	}
	h = (uint8_t *)out->p + start;
	memcpy(h, MAGIC, 8);
	hdr_le(h + 8, SIP_STATE_VERSION, 4);
	hdr_le(h + 12, 0, 4); /* flags */
	hdr_le(h + 16, wall_base, 8);
	hdr_le(h + 24, a->next_ph_id, 8);
	hdr_le(h + 32, nc, 4);
	hdr_le(h + 36, nr, 4);
	hdr_le(h + 40, nf, 4);
	hdr_le(h + 44, out->len - start - HDR_LEN, 4);
	put_u64(&w,
	    siphash24(key, (uint8_t *)out->p + start, out->len - start));
	if (w.err < 0)
		out->len = start;
	return w.err;
}

/* ---- reader ---- */

struct rd {
	const uint8_t *p;
	size_t n, off;
	bool bad;
	int64_t shift; /* saved clock -> this ALG's clock */
};

static const uint8_t *
get(struct rd *r, size_t n)
{
	const uint8_t *p;

	if (r->bad || n > r->n - r->off) {
		r->bad = true;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

static uint64_t
get_le(struct rd *r, unsigned n)
{
	const uint8_t *p = get(r, n);
	uint64_t v = 0;

	for (unsigned i = 0; p != NULL && i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

#define get_u8(r) ((uint8_t)get_le(r, 1))
#define get_u16(r) ((uint16_t)get_le(r, 2))
#define get_u32(r) ((uint32_t)get_le(r, 4))
#define get_u64(r) get_le(r, 8)

/* Fail the read unless cond holds. */
static void
want(struct rd *r, bool cond)
{
	if (!cond)
		r->bad = true;
}

static int
get_zone(struct rd *r)
{
	int32_t z = (int32_t)get_u32(r);

	want(r, z >= -1 && z < ZONE_MAX);
	return z;
}

static uint64_t
get_time(struct rd *r)
{
	int64_t t = (int64_t)get_u64(r);

	/* within some 35,000 years of the save */
	want(r, t > -((int64_t)1 << 50) && t < (int64_t)1 << 50);
	if (r->bad)
		return 0;
	t += r->shift;
	return t < 0 ? 0 : (uint64_t)t;
}

static bool
flag(struct rd *r, unsigned valid_bits, uint8_t *v)
{
	*v = get_u8(r);
	want(r, (*v & ~valid_bits) == 0);
	return !r->bad;
}

/* A string of at most max bytes, printable for display ones. */
static const char *
get_str(struct rd *r, size_t max, size_t *len)
{
	size_t n = get_u16(r);
	const char *s;

	want(r, n <= max);
	s = (const char *)get(r, r->bad ? 0 : n);
	*len = r->bad ? 0 : n;
	return r->bad ? "" : s;
}

static void
get_addr(struct rd *r, struct sip_addr *a, bool may_be_none)
{
	uint8_t f = get_u8(r);
	const uint8_t *p = get(r, 16);

	memset(a, 0, sizeof(*a));
	if (p == NULL)
		return;
	if (f == 4) {
		a->family = AF_INET;
		memcpy(&a->u.v4, p, 4);
	} else if (f == 6) {
		a->family = AF_INET6;
		memcpy(&a->u.v6, p, 16);
	} else
		want(r, f == 0 && may_be_none);
}

static uint8_t
get_proto(struct rd *r)
{
	uint8_t p = get_u8(r);

	want(r, p == IPPROTO_UDP || p == IPPROTO_TCP);
	return p;
}

/* NULL when absent or on error (r->bad tells). */
static struct sip_mdesc *
get_mdesc(struct rd *r, bool build)
{
	struct sip_mdesc *md = NULL;
	uint8_t n = get_u8(r);

	if (r->bad || n == 0xff)
		return NULL;
	want(r, n <= SDP_MAX_STREAMS);
	if (!r->bad && build &&
	    (md = calloc(1, sizeof(*md) + n * sizeof(md->m[0]))) == NULL)
		r->bad = true;
	for (unsigned i = 0; i < n && !r->bad; i++) {
		struct sip_media x;

		memset(&x, 0, sizeof(x));
		get_addr(r, &x.addr, true);
		get_addr(r, &x.rtcp_addr, true);
		x.port = get_u16(r);
		x.rtcp_port = get_u16(r);
		x.media = get_u8(r);
		x.dir = get_u8(r);
		flag(r, 0x3f, &x.flags);
		want(r, x.media <= SDP_M_OTHER && x.dir <= SDP_INACTIVE);
		if ((x.flags & SM_OK) != 0)
			want(r, x.port >= 1024 && x.addr.family != 0);
		if ((x.flags & SM_RTCP_OK) != 0)
			want(r, x.rtcp_port >= 1024);
		if (md != NULL)
			md->m[i] = x;
	}
	if (md != NULL)
		md->n = n;
	if (r->bad) {
		free(md);
		return NULL;
	}
	return md;
}

/* Loader context: the ALG, the callbacks, what happened. */
struct ld {
	struct sip_alg *a;
	const struct sip_state_ops *ops;
	struct sip_state_result *res;
	bool build;
	uint64_t next_id;
	uint32_t nph; /* pinholes read */
	struct sip_call *call_tail;
	struct sip_reg *reg_tail;
};

/* A pinhole's fields (and attachment) into h; pub.call_id left NULL. */
static void
get_ph(struct rd *r, struct ld *l, struct sip_ph *h, const uint8_t **blob,
    size_t *blen)
{
	memset(h, 0, sizeof(*h));
	h->pub.id = get_u64(r);
	want(r, h->pub.id != 0 && h->pub.id < l->next_id);
	h->pub.kind = get_u8(r);
	want(r, h->pub.kind <= SIP_PH_SIGNALLING);
	h->pub.proto = get_proto(r);
	h->pub.src_any = get_u8(r) != 0;
	get_addr(r, &h->pub.src, h->pub.src_any);
	get_addr(r, &h->pub.dst, false);
	h->pub.dport = get_u16(r);
	want(r, h->pub.dport >= 1024);
	if (!h->pub.src_any)
		want(r, h->pub.src.family == h->pub.dst.family);
	h->pub.src_zone = get_zone(r);
	h->pub.dst_zone = get_zone(r);
	h->conns = get_u64(r);
	h->created_ms = get_time(r);
	h->stream = get_u8(r);
	want(r, h->stream < SDP_MAX_STREAMS);
	h->to_callee = get_u8(r) != 0;
	*blen = get_u16(r);
	want(r, *blen <= SIP_STATE_BLOB_MAX);
	*blob = get(r, r->bad ? 0 : *blen);
	l->nph++;
}

/*
 * Attach a restored pinhole (charged to src/zp) or refuse it: over the
 * table or a quota, or refused by the dataplane.  A refused one is
 * attached and closed at once, so that the connections it admitted end.
 */
static struct sip_ph *
ph_restore(struct ld *l, struct sip_ph *tmp, const uint8_t *blob, size_t blen,
    struct sip_owner *src, struct sip_owner *zp, bool drop)
{
	struct sip_alg *a = l->a;
	const struct sip_state_ops *ops = l->ops;
	struct sip_ph *h;
	bool ok = !drop && a->nph < a->par.max_pinholes &&
	    sip_quota_check(a, src, zp, Q_PINHOLES) == 0;

	if (ops != NULL && ops->ph_restore != NULL &&
	    ops->ph_restore(ops->arg, &tmp->pub, blob, blen) < 0)
		ok = false;
	else if (!ok && a->ops.close_pinhole != NULL)
		a->ops.close_pinhole(a->arg, &tmp->pub);
	if (ok && (h = malloc(sizeof(*h))) != NULL) {
		*h = *tmp;
		h->src = src;
		h->zp = zp;
		sip_ph_insert(a, h);
		l->res->pinholes++;
		return h;
	}
	if (ok && a->ops.close_pinhole != NULL)
		a->ops.close_pinhole(a->arg, &tmp->pub);
	l->res->pinholes_dropped++;
	return NULL;
}

struct call_hdr {
	const char *id, *tag, *from, *to;
	size_t idl, tagl, froml, tol;
	struct sip_addr owner;
};

static struct sip_call *
call_alloc(struct ld *l, const struct call_hdr *ch)
{
	struct sip_call *c;
	char *s;

	if (!l->build)
		return NULL;
	c = calloc(1,
	    sizeof(*c) + ch->idl + 1 + ch->tagl + 1 + ch->froml + 1 + ch->tol +
		1);
	if (c == NULL)
		return NULL;
	s = c->callid;
	memcpy(s, ch->id, ch->idl);
	c->callid_len = (uint16_t)ch->idl;
	s += ch->idl + 1;
	c->tag = s;
	memcpy(s, ch->tag, ch->tagl);
	c->tag_len = (uint16_t)ch->tagl;
	s += ch->tagl + 1;
	c->from = s;
	memcpy(s, ch->from, ch->froml);
	s += ch->froml + 1;
	c->to = s;
	memcpy(s, ch->to, ch->tol);
	return c;
}

/* Display strings come back printable, as disp() made them. */
static bool
printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

/* Appended: the lists keep the order they were saved in. */
static void
call_link(struct ld *l, struct sip_call *c)
{
	struct sip_alg *a = l->a;
	struct sip_call **b;

	c->hash = sip_hash(a, c->callid, c->callid_len);
	b = &a->call_hash[c->hash & (a->call_buckets - 1)];
	c->hnext = *b;
	*b = c;
	c->lprev = l->call_tail;
	if (l->call_tail != NULL)
		l->call_tail->lnext = c;
	else
		a->calls = c;
	l->call_tail = c;
	a->ncalls++;
	sip_quota_call(a, c);
}

static bool
inspected(const struct ld *l, uint8_t proto, const struct sip_addr *x,
    uint16_t xp, int xz, const struct sip_addr *y, uint16_t yp, int yz)
{
	const struct sip_state_ops *o = l->ops;

	if (o == NULL || o->inspects == NULL)
		return true;
	/* either way: an inbound call came through a signalling pinhole */
	return o->inspects(o->arg, proto, x, xp, xz, y, yp, yz) ||
	    o->inspects(o->arg, proto, y, yp, yz, x, xp, xz);
}

static void
free_dialogs(struct sip_dialog **dl)
{
	for (unsigned i = 0; i < SIP_MAX_DIALOGS; i++) {
		if (dl[i] == NULL)
			continue;
		free(dl[i]->media);
		free(dl[i]->prev);
		free(dl[i]);
	}
}

static void
get_call(struct rd *r, struct ld *l)
{
	struct sip_alg *a = l->a;
	struct call_hdr ch;
	struct sip_call cc, *c = NULL;
	struct sip_dialog *dl[SIP_MAX_DIALOGS] = { NULL };
	struct sip_owner *src = NULL, *zp = NULL;
	unsigned ndlg, nph, nmf, i;
	uint8_t fl;
	bool keep;

	memset(&cc, 0, sizeof(cc));
	ch.id = get_str(r, SIP_CALLID_MAX, &ch.idl);
	want(r, ch.idl > 0);
	ch.tag = get_str(r, TAG_MAX, &ch.tagl);
	ch.from = get_str(r, SIP_DISP_MAX, &ch.froml);
	ch.to = get_str(r, SIP_DISP_MAX, &ch.tol);
	want(r, printable(ch.from, ch.froml) && printable(ch.to, ch.tol));
	get_addr(r, &ch.owner, false);
	cc.state = get_u8(r);
	want(r, cc.state < CALL_ENDED);
	cc.created_ms = get_time(r);
	cc.last_ms = get_time(r);
	cc.expire_ms = get_time(r);
	cc.answered_ms = get_time(r);
	cc.media_ms = get_time(r);
	get_addr(r, &cc.caller_sig, false);
	get_addr(r, &cc.callee_sig, false);
	cc.caller_port = get_u16(r);
	cc.callee_port = get_u16(r);
	cc.proto = get_proto(r);
	cc.caller_zone = get_zone(r);
	cc.callee_zone = get_zone(r);
	get_addr(r, &cc.caller_contact, true);
	cc.caller_contact_port = get_u16(r);
	cc.caller_contact_proto = get_u8(r);
	flag(r, 0x1f, &fl);
	cc.has_caller_contact = fl & 1;
	cc.record_route = (fl & 2) != 0;
	cc.invite_pending = (fl & 4) != 0;
	cc.invite_by_caller = (fl & 8) != 0;
	cc.reinvite = (fl & 16) != 0;
	if (cc.has_caller_contact)
		want(r,
		    cc.caller_contact.family != 0 &&
			(cc.caller_contact_proto == IPPROTO_UDP ||
			    cc.caller_contact_proto == IPPROTO_TCP));
	cc.invite_cseq = get_u32(r);
	cc.reinvite_dialog = (int32_t)get_u32(r);
	want(r,
	    cc.reinvite_dialog >= -1 && cc.reinvite_dialog < SIP_MAX_DIALOGS);
	cc.media = get_mdesc(r, l->build);
	cc.prev = get_mdesc(r, l->build);
	ndlg = get_u8(r);
	want(r, ndlg <= SIP_MAX_DIALOGS);
	for (i = 0; i < ndlg && !r->bad; i++) {
		struct sip_dialog d, *dp;
		const char *tag;
		size_t tl;

		memset(&d, 0, sizeof(d));
		tag = get_str(r, TAG_MAX, &tl);
		flag(r, 3, &fl);
		d.confirmed = fl & 1;
		d.has_contact = (fl & 2) != 0;
		get_addr(r, &d.contact, !d.has_contact);
		d.contact_port = get_u16(r);
		d.contact_proto = get_u8(r);
		if (d.has_contact)
			want(r,
			    d.contact_proto == IPPROTO_UDP ||
				d.contact_proto == IPPROTO_TCP);
		d.media = get_mdesc(r, l->build);
		d.prev = get_mdesc(r, l->build);
		if (!l->build || r->bad ||
		    (dp = calloc(1, sizeof(*dp) + tl + 1)) == NULL) {
			free(d.media);
			free(d.prev);
			if (l->build)
				r->bad = true;
			continue;
		}
		*dp = d;
		memcpy(dp->tag, tag, tl);
		dp->tag_len = (uint16_t)tl;
		dl[i] = dp;
	}
	/* the call itself: dropped when the configuration no longer
	 * inspects its signalling, or over the table or a quota */
	keep = l->build && !r->bad &&
	    (inspected(l, cc.proto, &cc.caller_sig, cc.caller_port,
		 cc.caller_zone, &cc.callee_sig, cc.callee_port,
		 cc.callee_zone) ||
		sip_ph_find_binding(a, cc.proto, &cc.caller_sig, &cc.callee_sig,
		    cc.callee_port) != NULL);
	if (l->build && !r->bad) {
		src = sip_owner_src(a, &ch.owner);
		zp = sip_owner_zp(a, cc.caller_zone, cc.callee_zone);
		if (src == NULL || zp == NULL ||
		    a->ncalls >= a->par.max_calls ||
		    sip_quota_check(a, src, zp, Q_CALLS) < 0 ||
		    (cc.state < CALL_ACTIVE &&
			sip_quota_check(a, src, zp, Q_UNANSWERED) < 0))
			keep = false;
		if ((c = call_alloc(l, &ch)) == NULL)
			r->bad = true;
	}
	if (c != NULL) {
		char *s[4] = { c->tag, c->from, c->to, NULL };

		cc.lprev = cc.lnext = cc.hnext = cc.qprev = cc.qnext = NULL;
		memcpy((char *)c, &cc, offsetof(struct sip_call, callid));
		c->tag = s[0];
		c->from = s[1];
		c->to = s[2];
		c->callid_len = (uint16_t)ch.idl;
		c->tag_len = (uint16_t)ch.tagl;
		c->src = src;
		c->zp = zp;
		c->qclass = QC_NONE;
		c->ph = NULL;
		c->nph = 0;
		c->mf = NULL;
		c->nmf = 0;
		c->retired = NULL;
		c->nretired = 0;
		memcpy(c->dlg, dl, sizeof(dl));
		c->ndlg = ndlg;
		memset(dl, 0, sizeof(dl));
		src = zp = NULL;
		call_link(l, c);
	} else {
		free(cc.media);
		free(cc.prev);
		free_dialogs(dl);
		sip_owner_put(a, src);
		sip_owner_put(a, zp);
	}
	nph = get_u16(r);
	want(r,
	    nph <= (unsigned)SDP_MAX_STREAMS * 4 * SIP_MAX_DIALOGS +
		    2 * SIP_MAX_DIALOGS);
	for (i = 0; i < nph && !r->bad; i++) {
		struct sip_ph tmp, *h, **pp;
		const uint8_t *blob;
		size_t blen;

		get_ph(r, l, &tmp, &blob, &blen);
		if (r->bad || c == NULL)
			continue;
		tmp.call = c;
		tmp.pub.call_id = c->callid;
		if ((h = ph_restore(l, &tmp, blob, blen, c->src, c->zp,
			 !keep)) == NULL)
			continue;
		for (pp = &c->ph; *pp != NULL; pp = &(*pp)->cnext)
			;
		*pp = h;
		c->nph++;
	}
	nmf = get_u16(r);
	want(r, nmf <= SIP_MFLOW_MAX);
	if (c != NULL && nmf > 0 && !r->bad &&
	    (c->mf = calloc(nmf, sizeof(*c->mf))) == NULL)
		r->bad = true;
	for (i = 0; i < nmf && !r->bad; i++) {
		struct sip_mflow f;

		memset(&f, 0, sizeof(f));
		f.stream = get_u8(r);
		f.kind = get_u8(r);
		f.from_callee = get_u8(r) != 0;
		want(r,
		    f.stream < SDP_MAX_STREAMS && f.kind < SIP_PH_SIGNALLING);
		get_addr(r, &f.src, false);
		get_addr(r, &f.dst, false);
		f.sport = get_u16(r);
		f.dport = get_u16(r);
		f.pkts = get_u64(r);
		f.bytes = get_u64(r);
		f.first_ms = get_time(r);
		f.last_ms = get_time(r);
		if (c != NULL && c->mf != NULL && !r->bad)
			c->mf[c->nmf++] = f;
	}
	if (c == NULL)
		return;
	if (keep) {
		l->res->calls++;
		return;
	}
	/* ended at once: its pinholes closed, their connections deleted */
	l->res->calls_dropped++;
	l->call_tail = c->lprev;
	sip_call_end(a, c, "not restored");
	sip_call_free(a, c);
}

static void
get_reg(struct rd *r, struct ld *l)
{
	struct sip_alg *a = l->a;
	struct sip_reg rr, *g = NULL;
	struct sip_addr owner;
	struct sip_owner *src = NULL, *zp = NULL;
	const char *id, *aor;
	size_t idl, aorl;
	bool keep = false;

	memset(&rr, 0, sizeof(rr));
	id = get_str(r, SIP_CALLID_MAX, &idl);
	want(r, idl > 0 && memchr(id, '\0', idl) == NULL);
	aor = get_str(r, SIP_DISP_MAX, &aorl);
	want(r, printable(aor, aorl));
	get_addr(r, &owner, false);
	rr.created_ms = get_time(r);
	rr.expire_ms = get_time(r);
	rr.active = get_u8(r) != 0;
	rr.cseq = get_u32(r);
	get_addr(r, &rr.contact, false);
	rr.contact_port = get_u16(r);
	want(r, rr.contact_port >= 1024);
	rr.proto = get_proto(r);
	get_addr(r, &rr.registrar, false);
	rr.contact_zone = get_zone(r);
	rr.registrar_zone = get_zone(r);
	rr.expires = get_u32(r);
	if (l->build && !r->bad) {
		keep = inspected(l, rr.proto, &rr.contact, rr.contact_port,
		    rr.contact_zone, &rr.registrar, 5060, rr.registrar_zone);
		src = sip_owner_src(a, &owner);
		zp = sip_owner_zp(a, rr.contact_zone, rr.registrar_zone);
		if (src == NULL || zp == NULL ||
		    a->nregs >= a->par.max_registrations ||
		    sip_quota_check(a, src, zp, Q_REGS) < 0)
			keep = false;
		if (src != NULL && zp != NULL &&
		    (g = calloc(1, sizeof(*g))) != NULL) {
			*g = rr;
			memcpy(g->callid, id, idl);
			memcpy(g->aor, aor, aorl);
			g->src = src;
			g->zp = zp;
			g->hash = sip_hash(a, g->callid, idl);
			g->hnext = a->reg_hash[g->hash & (a->reg_buckets - 1)];
			a->reg_hash[g->hash & (a->reg_buckets - 1)] = g;
			g->prev = l->reg_tail;
			if (l->reg_tail != NULL)
				l->reg_tail->next = g;
			else
				a->regs = g;
			l->reg_tail = g;
			a->nregs++;
			sip_quota_reg_link(a, g);
		} else {
			sip_owner_put(a, src);
			sip_owner_put(a, zp);
			r->bad = true;
		}
	}
	if (get_u8(r) != 0) {
		struct sip_ph tmp;
		const uint8_t *blob;
		size_t blen;

		get_ph(r, l, &tmp, &blob, &blen);
		want(r, tmp.pub.kind == SIP_PH_SIGNALLING);
		if (g != NULL && !r->bad) {
			tmp.pub.call_id = g->callid;
			g->ph = ph_restore(l, &tmp, blob, blen, g->src, g->zp,
			    !keep);
		}
	}
	if (g == NULL)
		return;
	if (keep && !r->bad) {
		l->res->registrations++;
		return;
	}
	l->res->registrations_dropped++;
	l->reg_tail = g->prev;
	sip_reg_free(a, g);
}

static void
get_framer(struct rd *r, struct sip_framer *fr, bool build)
{
	uint8_t fl;
	uint32_t total;

	memset(fr, 0, sizeof(*fr));
	flag(r, 7, &fl);
	fr->started = fl & 1;
	fr->broken = (fl & 2) != 0;
	fr->fin = (fl & 4) != 0;
	fr->isn = get_u32(r);
	fr->next = get_u32(r);
	fr->need = get_u32(r);
	fr->tail_len = get_u32(r);
	want(r, fr->tail_len <= BYTES_MAX && fr->need <= BYTES_MAX);
	if (!fr->started || fr->broken)
		want(r, fr->tail_len == 0);
	total = fr->tail_len;
	if (!r->bad && fr->tail_len > 0) {
		const uint8_t *p = get(r, fr->tail_len);

		if (p != NULL && build) {
			if ((fr->tail = malloc(fr->tail_len)) == NULL)
				r->bad = true;
			else {
				memcpy(fr->tail, p, fr->tail_len);
				fr->tail_cap = fr->tail_len;
			}
		}
	}
	fr->nooo = get_u8(r);
	want(r, fr->nooo <= FRAMER_OOO_MAX);
	if (!fr->started || fr->broken)
		want(r, fr->nooo == 0);
	for (unsigned i = 0; i < fr->nooo && !r->bad; i++) {
		struct framer_ooo *o = &fr->ooo[i];
		const uint8_t *p;

		o->seq = get_u32(r);
		o->len = get_u32(r);
		/* held segments lie after next, within the bound */
		want(r,
		    o->len > 0 && o->len <= BYTES_MAX - total &&
			(int32_t)(o->seq - fr->next) > 0);
		total += o->len;
		p = get(r, r->bad ? 0 : o->len);
		if (p != NULL && build) {
			if ((o->data = malloc(o->len)) == NULL)
				r->bad = true;
			else
				memcpy(o->data, p, o->len);
		}
		fr->ooo_bytes += o->len;
	}
	if (r->bad || !build) {
		if (!build)
			memset(fr, 0, sizeof(*fr));
		sip_framer_free(fr);
		fr->nooo = 0;
	}
}

static void
get_flow(struct rd *r, struct ld *l)
{
	struct sip_alg *a = l->a;
	struct sip_tcp_flow ff, *f;
	struct sip_addr owner;
	struct sip_owner *src;
	uint32_t id, now_id;
	uint8_t fl;
	bool keep;

	memset(&ff, 0, sizeof(ff));
	get_addr(r, &ff.a, false);
	get_addr(r, &ff.b, false);
	want(r, ff.a.family == ff.b.family);
	ff.ap = get_u16(r);
	ff.bp = get_u16(r);
	get_addr(r, &owner, false);
	flag(r, 7, &fl);
	ff.handshake = fl & 1;
	ff.closed = (fl & 2) != 0;
	ff.last_ms = get_time(r);
	id = get_u32(r);
	get_framer(r, &ff.fr[0], l->build);
	get_framer(r, &ff.fr[1], l->build);
	if (!l->build || r->bad) {
		sip_framer_free(&ff.fr[0]);
		sip_framer_free(&ff.fr[1]);
		return;
	}
	/* the same connection, or the stream is not resumed */
	keep = (fl & 4) != 0 && l->ops != NULL && l->ops->conn_id != NULL &&
	    l->ops->conn_id(l->ops->arg, IPPROTO_TCP, &ff.a, ff.ap, &ff.b,
		ff.bp, &now_id) == 0 &&
	    now_id == id && a->nflows < a->par.max_tcp_flows;
	src = keep ? sip_owner_src(a, &owner) : NULL;
	if (src != NULL && sip_quota_check(a, src, NULL, Q_FLOWS) < 0) {
		sip_owner_put(a, src);
		src = NULL;
	}
	if (src == NULL || (f = malloc(sizeof(*f))) == NULL) {
		sip_owner_put(a, src);
		sip_framer_free(&ff.fr[0]);
		sip_framer_free(&ff.fr[1]);
		l->res->tcp_streams_dropped++;
		return;
	}
	*f = ff;
	f->src = src;
	f->hnext = f->prev = f->next = NULL;
	for (int d = 0; d < 2; d++)
		f->resumed[d] = f->fr[d].started && !f->fr[d].broken &&
		    !f->fr[d].fin && !f->closed;
	sip_flow_insert(a, f);
	l->res->tcp_streams++;
}

static int
parse(struct ld *l, const uint8_t *p, size_t len, uint64_t now_ms,
    uint64_t wall_ms)
{
	struct rd r = { p, len - MAC_LEN, HDR_LEN, false, 0 };
	uint64_t wall_base = 0;
	uint32_t nc, nr, nf;
	int64_t elapsed;

	for (unsigned i = 0; i < 8; i++)
		wall_base |= (uint64_t)p[16 + i] << (8 * i);
	nc = (uint32_t)(p[32] | p[33] << 8 | p[34] << 16 |
	    (uint32_t)p[35] << 24);
	nr = (uint32_t)(p[36] | p[37] << 8 | p[38] << 16 |
	    (uint32_t)p[39] << 24);
	nf = (uint32_t)(p[40] | p[41] << 8 | p[42] << 16 |
	    (uint32_t)p[43] << 24);
	if (nc > l->a->par.max_calls || nr > l->a->par.max_registrations ||
	    nf > l->a->par.max_tcp_flows)
		return -E2BIG;
	/* a saved time t (relative to the base) is now + t - elapsed */
	elapsed = wall_ms > wall_base ? (int64_t)(wall_ms - wall_base) : 0;
	if (elapsed > (int64_t)1 << 50)
		elapsed = (int64_t)1 << 50;
	r.shift = (int64_t)now_ms - elapsed;
	for (uint32_t i = 0; i < nr && !r.bad; i++)
		get_reg(&r, l);
	for (uint32_t i = 0; i < nc && !r.bad; i++)
		get_call(&r, l);
	for (uint32_t i = 0; i < nf && !r.bad; i++)
		get_flow(&r, l);
	if (r.bad || r.off != r.n)
		return -EINVAL;
	if (l->nph > l->a->par.max_pinholes)
		return -E2BIG;
	return 0;
}

int
sip_state_load(struct sip_alg *a, const struct sip_state_ops *ops,
    const uint8_t *p, size_t len, uint64_t now_ms, uint64_t wall_ms,
    const struct siphash_key *key, struct sip_state_result *res)
{
	struct sip_state_result dry;
	struct siphash_key dk;
	struct ld l = { a, ops, &dry, false, 0, 0, NULL, NULL };
	uint64_t mac = 0, body;
	int rc;

	memset(res, 0, sizeof(*res));
	if (a->ncalls > 0 || a->nregs > 0 || a->nflows > 0 || a->nph > 0)
		return -EBUSY;
	if (now_ms > a->now_ms)
		a->now_ms = now_ms;
	if (key == NULL) {
		siphash_key_bytes(&dk, default_key);
		key = &dk;
	}
	if (len < HDR_LEN + MAC_LEN || memcmp(p, MAGIC, 8) != 0)
		goto refused;
	for (unsigned i = 0; i < 8; i++)
		mac |= (uint64_t)p[len - MAC_LEN + i] << (8 * i);
	body = (uint64_t)(p[44] | p[45] << 8 | p[46] << 16) |
	    (uint64_t)p[47] << 24;
	if (body != len - HDR_LEN - MAC_LEN ||
	    siphash24(key, p, len - MAC_LEN) != mac)
		goto refused;
	if ((p[8] | p[9] << 8 | p[10] << 16 | (uint32_t)p[11] << 24) !=
	    SIP_STATE_VERSION) {
		a->st.rs_refused++;
		return -EPROTONOSUPPORT;
	}
	for (unsigned i = 0; i < 8; i++)
		l.next_id |= (uint64_t)p[24 + i] << (8 * i);
	if (l.next_id == 0 || (p[12] | p[13] | p[14] | p[15]) != 0)
		goto refused;
	/* first every field, then build: all or nothing */
	memset(&dry, 0, sizeof(dry));
	if ((rc = parse(&l, p, len, now_ms, wall_ms)) < 0) {
		a->st.rs_refused++;
		return rc;
	}
	l.build = true;
	l.res = res;
	l.nph = 0;
	if (parse(&l, p, len, now_ms, wall_ms) < 0) {
		/* only an allocation fails here: drop what was built */
		sip_alg_clear_calls(a);
		sip_reg_free_all(a);
		while (a->flows != NULL || a->flows_syn != NULL) {
			struct sip_tcp_flow *f = a->flows != NULL ?
			    a->flows :
			    a->flows_syn;

			sip_alg_flow_close(a,
			    &(struct sip_pkt){ .src = f->a,
				.dst = f->b,
				.sport = f->ap,
				.dport = f->bp,
				.dir = SIP_DIR_ORIG });
		}
		a->st.rs_refused++;
		return -ENOMEM;
	}
	if (a->next_ph_id < l.next_id)
		a->next_ph_id = l.next_id;
	a->st.rs_loads++;
	a->st.rs_calls += res->calls;
	a->st.rs_ph += res->pinholes;
	a->st.rs_regs += res->registrations;
	a->st.rs_flows += res->tcp_streams;
	a->st.rs_calls_dropped += res->calls_dropped;
	a->st.rs_ph_dropped += res->pinholes_dropped;
	a->st.rs_regs_dropped += res->registrations_dropped;
	a->st.rs_flows_dropped += res->tcp_streams_dropped;
	return 0;
refused:
	a->st.rs_refused++;
	return -EINVAL;
}

/*
 * A segment of a restored stream direction: the saved position is a
 * proven boundary only if no byte after it passed while no one framed
 * (after a SIGKILL, up to a second of the stream did).  A segment that
 * starts after it cannot tell a reordering from a lost stretch: the
 * direction is then not parsed any more, never parsed from a guess.
 */
void
sip_state_resume(struct sip_alg *a, struct sip_tcp_flow *f, int dir,
    uint32_t seq, size_t len)
{
	struct sip_framer *fr = &f->fr[dir];

	if (len == 0)
		return;
	if ((int32_t)(seq - fr->next) > 0) {
		sip_framer_free(fr);
		sip_framer_init(fr); /* not started: midstream */
		a->st.rs_resume_lost++;
		f->resumed[dir] = false;
	} else if ((int32_t)(seq + (uint32_t)len - fr->next) > 0)
		f->resumed[dir] = false; /* covers next: resumed */
}
