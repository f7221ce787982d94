/*
 * Media: what each party's SDP allows (checked once, when it arrives), and
 * the pinholes a call needs now, reconciled with those it has.
 */
#include <stdlib.h>
#include <string.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"

#define PORT_MIN	1024

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
		if (s->udp && !s->t38 && (s->media == SDP_M_AUDIO ||
		    s->media == SDP_M_VIDEO || s->media == SDP_M_TEXT ||
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
		    !(s->rtcp_attr && !check(cx, &s->rtcp_conn, s->rtcp_port)) &&
		    s->rtcp_port >= PORT_MIN)
			x->flags |= SM_RTCP_OK;
	}
	*out = md;
	return 0;
}

/* ---- reconcile ---- */

static void
want(struct sip_alg *a, struct sip_call *c, enum sip_ph_kind kind,
    uint8_t proto, const struct sip_addr *src, int src_zone,
    const struct sip_addr *dst, uint16_t dport, int dst_zone)
{
	struct sip_pinhole p;
	struct sip_ph *h;

	for (h = c->ph; h != NULL; h = h->cnext)
		if (h->pub.kind == kind && h->pub.proto == proto &&
		    h->pub.dport == dport && sip_addr_eq(&h->pub.dst, dst) &&
		    sip_addr_eq(&h->pub.src, src)) {
			h->stale = false;
			return;
		}
	memset(&p, 0, sizeof(p));
	p.kind = kind;
	p.proto = proto;
	p.src = *src;
	p.dst = *dst;
	p.dport = dport;
	p.src_zone = src_zone;
	p.dst_zone = dst_zone;
	if ((h = sip_ph_open(a, c, c->src, c->zp, &p)) == NULL)
		return;
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
 * Pinholes towards party x (its stream) from the peer: peer's stream y
 * when it answered/offered, else (no SDP yet) the peer's signalling
 * address.
 */
static void
toward(struct sip_alg *a, struct sip_call *c, const struct sip_media *x,
    int x_zone, const struct sip_media *y, bool peer_has_sdp,
    const struct sip_addr *peer_sig, int peer_zone)
{
	const struct sip_addr *src;
	bool mux, rtp;

	if (!(x->flags & SM_OK))
		return;
	if (peer_has_sdp) {
		if (y == NULL || !(y->flags & SM_OK))
			return;		/* rejected, held or unusable */
		src = &y->addr;
	} else
		src = peer_sig;
	if (src->family != x->addr.family)
		return;
	if (x->flags & SM_T38) {
		want(a, c, SIP_PH_UDPTL, IPPROTO_UDP, src, peer_zone,
		    &x->addr, x->port, x_zone);
		return;
	}
	if (!(x->flags & SM_RTP)) {
		want(a, c, SIP_PH_MEDIA_OTHER, IPPROTO_UDP, src, peer_zone,
		    &x->addr, x->port, x_zone);
		return;
	}
	mux = (x->flags & SM_MUX) && y != NULL && (y->flags & SM_MUX);
	rtp = receives(x) && (y == NULL || sends(y));
	if (rtp || mux)
		want(a, c, SIP_PH_RTP, IPPROTO_UDP, src, peer_zone, &x->addr,
		    x->port, x_zone);
	if (!mux && (x->flags & SM_RTCP_OK) &&
	    x->rtcp_addr.family == src->family)
		want(a, c, SIP_PH_RTCP, IPPROTO_UDP, src, peer_zone,
		    &x->rtcp_addr, x->rtcp_port, x_zone);
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
		const struct sip_media *x = A != NULL && i < A->n ?
		    &A->m[i] : NULL;
		const struct sip_media *y = B != NULL && i < B->n ?
		    &B->m[i] : NULL;

		if (x != NULL)
			toward(a, c, x, c->caller_zone, y, B != NULL,
			    &c->callee_sig, c->callee_zone);
		if (y != NULL)
			toward(a, c, y, c->callee_zone, x, A != NULL,
			    &c->caller_sig, c->caller_zone);
	}
}

static void
dialog_contacts(struct sip_alg *a, struct sip_call *c,
    const struct sip_dialog *d)
{
	const struct sip_addr *csrc = c->has_caller_contact ?
	    &c->caller_contact : &c->caller_sig;

	if (c->record_route || !d->has_contact)
		return;
	if (d->contact.family == csrc->family)
		want(a, c, SIP_PH_SIGNALLING, d->contact_proto, csrc,
		    c->caller_zone, &d->contact, d->contact_port,
		    c->callee_zone);
	if (c->has_caller_contact &&
	    c->caller_contact.family == d->contact.family)
		want(a, c, SIP_PH_SIGNALLING, c->caller_contact_proto,
		    &d->contact, c->callee_zone, &c->caller_contact,
		    c->caller_contact_port, c->caller_zone);
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
		sip_ph_close(a, h);
	}
}
