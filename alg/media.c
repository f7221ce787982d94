/*
 * Media: what each party's SDP allows (checked once, when it arrives), and
 * the pinholes a call needs now, reconciled with those it has.
 */
#include <stdlib.h>
#include <string.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"

#define PORT_MIN 1024

/*
 * The "sender's side" rule: an address in SDP or a Contact is honoured only
 * when it is the packet's own source address, or — with a zone_of callback
 * and signalling that crosses zones — an address the dataplane places in
 * the sender's zone.  Everything else is a third party.
 */
enum sip_noph
sip_side_check(struct sip_ctx *cx, const struct sip_addr *addr)
{
	const struct sip_pkt *p = cx->pkt;
	struct sip_alg *a = cx->alg;
	int z;

	if (!sip_addr_usable(addr))
		return NOPH_BAD_ADDR;
	if (sip_addr_eq(addr, &p->src))
		return NOPH_COUNT;
	if (p->src_zone != p->dst_zone && a->ops.zone_of != NULL &&
	    a->ops.zone_of(a->arg, addr, &z) == 0 && z == p->src_zone)
		return NOPH_COUNT;
	return NOPH_THIRD_PARTY;
}

static bool
check(struct sip_ctx *cx, const struct sdp_conn *c, uint16_t port)
{
	struct sip_alg *a = cx->alg;
	enum sip_noph r;

	if (c->kind == SDP_C_FQDN) {
		a->st.noph[NOPH_FQDN]++;
		return false;
	}
	if (c->kind != SDP_C_IP)
		return false;
	if (port < PORT_MIN) {
		a->st.noph[NOPH_LOW_PORT]++;
		return false;
	}
	if ((r = sip_side_check(cx, &c->addr)) != NOPH_COUNT) {
		a->st.noph[r]++;
		return false;
	}
	return true;
}

int
sip_media_from_sdp(struct sip_ctx *cx, struct sip_mdesc **out)
{
	struct sip_alg *a = cx->alg;
	const struct sip_msg *m = cx->m;
	struct sdp_info si;
	struct sip_mdesc *md;
	int rc;

	*out = NULL;
	if ((rc = sdp_parse(m->body.p, m->body.len, &si)) < 0) {
		a->st.sdp_err[-rc]++;
		sip_dbg(a, 0, "drop: %s", sdp_strerror(rc));
		return -SIP_R_SDP;
	}
	if (si.nmedia > si.nstreams)
		a->st.noph[NOPH_TOO_MANY] += si.nmedia - si.nstreams;
	md = calloc(1, sizeof(*md) + si.nstreams * sizeof(md->m[0]));
	if (md == NULL)
		return -SIP_R_TABLE_FULL;
	md->n = (uint8_t)si.nstreams;
	for (unsigned i = 0; i < si.nstreams; i++) {
		const struct sdp_stream *s = &si.s[i];
		struct sip_media *x = &md->m[i];

		x->media = (uint8_t)s->media;
		x->dir = (uint8_t)s->dir;
		x->port = s->port;
		x->rtcp_port = s->rtcp_port;
		x->addr = s->conn.addr;
		x->rtcp_addr = s->rtcp_conn.addr;
		if (s->rtcp_mux)
			x->flags |= SM_MUX;
		if (s->t38)
			x->flags |= SM_T38;
		if (s->udp && !s->t38 &&
		    (s->media == SDP_M_AUDIO || s->media == SDP_M_VIDEO ||
			s->media == SDP_M_TEXT ||
			s->media == SDP_M_APPLICATION))
			x->flags |= SM_RTP;
		if (s->port == 0) {
			a->st.streams_disabled++;
			continue;
		}
		if (s->conn.kind == SDP_C_UNSPEC) {
			x->flags |= SM_HOLD;
			a->st.streams_hold++;
			continue;
		}
		if (!s->udp && s->conn.kind == SDP_C_IP) {
			a->st.noph[NOPH_NOT_UDP]++;
			continue;
		}
		if (!check(cx, &s->conn, s->port))
			continue;
		x->flags |= SM_OK;
		if ((x->flags & SM_RTP) && s->rtcp_port != 0 &&
		    !(s->rtcp_attr &&
			!check(cx, &s->rtcp_conn, s->rtcp_port)) &&
		    s->rtcp_port >= PORT_MIN)
			x->flags |= SM_RTCP_OK;
	}
	*out = md;
	return 0;
}

/* ---- reconcile ---- */

/* What a call wants open: one pinhole, and the stream it belongs to. */
struct want {
	enum sip_ph_kind kind;
	uint8_t proto;
	uint8_t stream; /* m= index */
	bool to_callee; /* dst is the callee's */
	bool src_any;	/* any source of src_zone */
	const struct sip_addr *src, *dst;
	uint16_t dport;
	int src_zone, dst_zone;
};

static bool
same_dst(const struct sip_ph *h, const struct want *w)
{
	return h->pub.kind == w->kind && h->pub.proto == w->proto &&
	    h->pub.dport == w->dport && sip_addr_eq(&h->pub.dst, w->dst);
}

/*
 * Keep (or open) the pinhole w.  An exact one the call still has open to
 * any source of the same zone (the offer's, before the answer) is
 * narrowed to w's source rather than replaced: what it admitted from
 * there goes on.
 */
static void
want(struct sip_alg *a, struct sip_call *c, const struct want *w)
{
	struct sip_pinhole p;
	struct sip_ph *h;

	for (h = c->ph; h != NULL; h = h->cnext)
		if (same_dst(h, w) && h->pub.src_any == w->src_any &&
		    (w->src_any ? h->pub.src_zone == w->src_zone :
				  sip_addr_eq(&h->pub.src, w->src))) {
			h->stale = false;
			return;
		}
	for (h = c->ph; !w->src_any && h != NULL; h = h->cnext)
		if (h->stale && h->pub.src_any && same_dst(h, w) &&
		    h->pub.src_zone == w->src_zone) {
			sip_ph_narrow(a, h, w->src, w->src_zone);
			h->stale = false;
			return;
		}
	memset(&p, 0, sizeof(p));
	p.kind = w->kind;
	p.proto = w->proto;
	p.src_any = w->src_any;
	p.src = *w->src;
	p.dst = *w->dst;
	p.dport = w->dport;
	p.src_zone = w->src_zone;
	p.dst_zone = w->dst_zone;
	if ((h = sip_ph_open(a, c, c->src, c->zp, &p)) == NULL)
		return;
	h->stream = w->stream;
	h->to_callee = w->to_callee;
	h->cnext = c->ph;
	c->ph = h;
	c->nph++;
}

static bool
receives(const struct sip_media *x)
{
	return x->dir == SDP_SENDRECV || x->dir == SDP_RECVONLY;
}

static bool
sends(const struct sip_media *x)
{
	return x->dir == SDP_SENDRECV || x->dir == SDP_SENDONLY;
}

/*
 * Pinholes towards party x (its stream i) from the peer: peer's stream y
 * when it answered/offered; else (no SDP yet) towards the caller's offer
 * from any address of the callee's zone while the call is unanswered (the
 * callee's first RTP comes before its answer, from an address only the
 * answer names), otherwise from the peer's signalling address.
 */
static void
toward(struct sip_alg *a, struct sip_call *c, unsigned i, bool x_callee,
    const struct sip_media *x, const struct sip_media *y, bool peer_has_sdp)
{
	struct sip_addr any;
	struct want w;
	bool mux, rtp;

	if (!(x->flags & SM_OK))
		return;
	memset(&w, 0, sizeof(w));
	w.proto = IPPROTO_UDP;
	w.stream = (uint8_t)i;
	w.to_callee = x_callee;
	w.dst = &x->addr;
	w.dport = x->port;
	w.dst_zone = x_callee ? c->callee_zone : c->caller_zone;
	w.src_zone = x_callee ? c->caller_zone : c->callee_zone;
	if (peer_has_sdp) {
		if (y == NULL || !(y->flags & SM_OK))
			return; /* rejected, held or unusable */
		w.src = &y->addr;
	} else if (!x_callee && c->state < CALL_ACTIVE) {
		memset(&any, 0, sizeof(any));
		any.family = x->addr.family;
		w.src = &any;
		w.src_any = true;
	} else
		w.src = x_callee ? &c->caller_sig : &c->callee_sig;
	if (w.src->family != x->addr.family)
		return;
	if (x->flags & SM_T38) {
		w.kind = SIP_PH_UDPTL;
		want(a, c, &w);
		return;
	}
	if (!(x->flags & SM_RTP)) {
		w.kind = SIP_PH_MEDIA_OTHER;
		want(a, c, &w);
		return;
	}
	mux = (x->flags & SM_MUX) && y != NULL && (y->flags & SM_MUX);
	rtp = receives(x) && (y == NULL || sends(y));
	if (rtp || mux) {
		w.kind = SIP_PH_RTP;
		want(a, c, &w);
	}
	if (!mux && (x->flags & SM_RTCP_OK) &&
	    x->rtcp_addr.family == w.src->family) {
		w.kind = SIP_PH_RTCP;
		w.dst = &x->rtcp_addr;
		w.dport = x->rtcp_port;
		want(a, c, &w);
	}
}

static void
dialog_media(struct sip_alg *a, struct sip_call *c, const struct sip_mdesc *B)
{
	const struct sip_mdesc *A = c->media;
	unsigned n = 0, i;

	if (A != NULL)
		n = A->n;
	if (B != NULL && B->n > n)
		n = B->n;
	for (i = 0; i < n; i++) {
		const struct sip_media *x = A != NULL && i < A->n ? &A->m[i] :
								    NULL;
		const struct sip_media *y = B != NULL && i < B->n ? &B->m[i] :
								    NULL;

		if (x != NULL)
			toward(a, c, i, false, x, y, B != NULL);
		if (y != NULL)
			toward(a, c, i, true, y, x, A != NULL);
	}
}

static void
dialog_contacts(struct sip_alg *a, struct sip_call *c,
    const struct sip_dialog *d)
{
	const struct sip_addr *csrc = c->has_caller_contact ?
	    &c->caller_contact :
	    &c->caller_sig;
	struct want w;

	if (c->record_route || !d->has_contact)
		return;
	memset(&w, 0, sizeof(w));
	w.kind = SIP_PH_SIGNALLING;
	if (d->contact.family == csrc->family) {
		w.proto = d->contact_proto;
		w.to_callee = true;
		w.src = csrc;
		w.src_zone = c->caller_zone;
		w.dst = &d->contact;
		w.dport = d->contact_port;
		w.dst_zone = c->callee_zone;
		want(a, c, &w);
	}
	if (c->has_caller_contact &&
	    c->caller_contact.family == d->contact.family) {
		w.proto = c->caller_contact_proto;
		w.to_callee = false;
		w.src = &d->contact;
		w.src_zone = c->callee_zone;
		w.dst = &c->caller_contact;
		w.dport = c->caller_contact_port;
		w.dst_zone = c->caller_zone;
		want(a, c, &w);
	}
}

void
sip_call_reconcile(struct sip_alg *a, struct sip_call *c)
{
	struct sip_ph *h, **pp;
	unsigned i;
	bool live = c->state <= CALL_ACTIVE;

	for (h = c->ph; h != NULL; h = h->cnext)
		h->stale = true;
	if (live && c->ndlg == 0)
		dialog_media(a, c, NULL);
	for (i = 0; live && i < c->ndlg; i++) {
		struct sip_dialog *d = c->dlg[i];

		if (c->state == CALL_ACTIVE && !d->confirmed)
			continue;
		dialog_media(a, c, d->media);
		if (d->confirmed)
			dialog_contacts(a, c, d);
	}
	for (pp = &c->ph; *pp != NULL;) {
		h = *pp;
		if (!h->stale) {
			pp = &h->cnext;
			continue;
		}
		*pp = h->cnext;
		c->nph--;
		sip_call_retire(a, c, h);
	}
}
