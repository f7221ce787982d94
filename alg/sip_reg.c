/*
 * Registrations through the firewall: a 2xx to a REGISTER opens a
 * signalling pinhole from the registrar to the registered Contact for the
 * binding's lifetime (inbound calls to registered phones).
 */
#include <stdlib.h>
#include <string.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"

/* Registrations hashed by Call-ID (keyed), the chain of one REGISTER. */
static struct sip_reg **
reg_bucket(struct sip_alg *a, uint32_t h)
{
	return &a->reg_hash[h & (a->reg_buckets - 1)];
}

void
sip_reg_free(struct sip_alg *a, struct sip_reg *r)
{
	struct sip_reg **pp;

	if (r->ph != NULL)
		sip_ph_close(a, r->ph);
	for (pp = reg_bucket(a, r->hash); *pp != NULL; pp = &(*pp)->hnext)
		if (*pp == r) {
			*pp = r->hnext;
			break;
		}
	if (r->prev != NULL)
		r->prev->next = r->next;
	else
		a->regs = r->next;
	if (r->next != NULL)
		r->next->prev = r->prev;
	sip_quota_reg_unlink(a, r);
	sip_owner_put(a, r->src);
	sip_owner_put(a, r->zp);
	a->nregs--;
	free(r);
}

void
sip_reg_free_all(struct sip_alg *a)
{
	while (a->regs != NULL)
		sip_reg_free(a, a->regs);
}

/* A new pending registration of the packet's source, or NULL (counted). */
static struct sip_reg *
reg_new(struct sip_ctx *cx, uint32_t h)
{
	struct sip_alg *a = cx->alg;
	const struct sip_pkt *p = cx->pkt;
	struct sip_owner *src = sip_owner_src(a, &p->src);
	struct sip_owner *zp = sip_owner_zp(a, p->src_zone, p->dst_zone);
	struct sip_reg *r = NULL, **b;

	if (src == NULL || zp == NULL ||
	    sip_quota_check(a, src, zp, Q_REGS) < 0)
		goto refuse;
	if (a->nregs >= a->par.max_registrations && sip_evict_reg(a, src) < 0) {
		sip_quota_event(a, QE_REG_FULL, src, a->par.max_registrations);
		goto refuse;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL)
		goto refuse;
	r->src = src;
	r->zp = zp;
	r->hash = h;
	b = reg_bucket(a, h);
	r->hnext = *b;
	*b = r;
	r->next = a->regs;
	if (a->regs != NULL)
		a->regs->prev = r;
	a->regs = r;
	a->nregs++;
	sip_quota_reg_link(a, r);
	return r;
refuse:
	a->st.regs_refused++;
	sip_owner_put(a, src);
	sip_owner_put(a, zp);
	return NULL;
}

static bool
same_callid(const struct sip_reg *r, struct sip_str id)
{
	return strlen(r->callid) == id.len &&
	    memcmp(r->callid, id.p, id.len) == 0;
}

/* A Contact usable as a binding: IP literal, UDP/TCP, port >= 1024. */
static bool
binding_of(const struct sip_contact *ct, struct sip_addr *addr, uint16_t *port,
    uint8_t *proto)
{
	const struct sip_uri *u = &ct->uri;

	if (!u->is_sip || u->scheme.len != 3 ||
	    sip_addr_parse(u->host.p, u->host.len, addr) < 0)
		return false;
	*port = u->port != 0 ? u->port : 5060;
	if (u->transport.len == 0 || sip_str_ieq(u->transport, "udp"))
		*proto = IPPROTO_UDP;
	else if (sip_str_ieq(u->transport, "tcp"))
		*proto = IPPROTO_TCP;
	else
		return false;
	return true;
}

void
sip_reg_request(struct sip_ctx *cx)
{
	struct sip_alg *a = cx->alg;
	const struct sip_msg *m = cx->m;
	struct sip_reg *r;
	struct sip_addr addr;
	uint16_t port;
	uint8_t proto;
	uint32_t hh = sip_hash(a, m->call_id.p, m->call_id.len);

	if (m->contact_star) {
		for (r = *reg_bucket(a, hh); r != NULL; r = r->hnext)
			if (same_callid(r, m->call_id))
				r->cseq = m->cseq;
		return;
	}
	for (unsigned i = 0; i < m->ncontact; i++) {
		enum sip_noph why;

		if (!binding_of(&m->contact[i], &addr, &port, &proto)) {
			const struct sip_str *h = &m->contact[i].uri.host;

			if (m->contact[i].uri.is_sip &&
			    sip_addr_parse(h->p, h->len, &addr) < 0 &&
			    sip_is_hostname(h->p, h->len))
				a->st.noph[NOPH_FQDN]++;
			continue;
		}
		if (port < 1024) {
			a->st.noph[NOPH_LOW_PORT]++;
			continue;
		}
		if ((why = sip_side_check(cx, &addr)) != NOPH_COUNT) {
			a->st.noph[why]++;
			continue;
		}
		for (r = *reg_bucket(a, hh); r != NULL; r = r->hnext)
			if (r->contact_port == port && r->proto == proto &&
			    sip_addr_eq(&r->contact, &addr) &&
			    same_callid(r, m->call_id))
				break;
		if (r == NULL) {
			if ((r = reg_new(cx, hh)) == NULL)
				continue;
			memcpy(r->callid, m->call_id.p, m->call_id.len);
			r->contact = addr;
			r->contact_port = port;
			r->proto = proto;
			r->created_ms = cx->now;
			r->expire_ms = cx->now + SIP_REG_PENDING_MS;
			{
				struct sip_str u = m->to_uri;
				size_t n = u.len > SIP_DISP_MAX ? SIP_DISP_MAX :
								  u.len;

				for (size_t k = 0; k < n; k++)
					r->aor[k] = (u.p[k] >= 0x20 &&
							u.p[k] < 0x7f) ?
					    u.p[k] :
					    '?';
			}
		}
		r->cseq = m->cseq;
		r->registrar = cx->pkt->dst;
		r->registrar_zone = cx->pkt->dst_zone;
		r->contact_zone = cx->pkt->src_zone;
	}
}

/* The lifetime the registrar granted this binding, or 0 (removed). */
static uint32_t
granted(const struct sip_msg *m, const struct sip_reg *r)
{
	struct sip_addr addr;
	uint16_t port;
	uint8_t proto;

	for (unsigned i = 0; i < m->ncontact; i++) {
		const struct sip_contact *ct = &m->contact[i];

		if (!binding_of(ct, &addr, &port, &proto) ||
		    port != r->contact_port || proto != r->proto ||
		    !sip_addr_eq(&addr, &r->contact))
			continue;
		if (ct->has_expires)
			return ct->expires;
		return m->has_expires ? m->expires : 3600;
	}
	return 0;
}

void
sip_reg_response(struct sip_ctx *cx)
{
	struct sip_alg *a = cx->alg;
	const struct sip_msg *m = cx->m;
	struct sip_reg *r, *n;
	struct sip_pinhole p;
	uint32_t exp;

	if (m->status < 200)
		return;
	for (r = *reg_bucket(a, sip_hash(a, m->call_id.p, m->call_id.len));
	     r != NULL; r = n) {
		n = r->hnext;
		if (r->cseq != m->cseq || !same_callid(r, m->call_id) ||
		    !sip_addr_eq(&cx->pkt->src, &r->registrar))
			continue;
		if (m->status >= 300) {
			if (!r->active)
				sip_reg_free(a, r);
			continue;
		}
		if ((exp = granted(m, r)) == 0) {
			if (r->active)
				a->st.regs_removed++;
			sip_reg_free(a, r);
			continue;
		}
		if (exp > a->par.max_reg_expires)
			exp = a->par.max_reg_expires;
		r->expires = exp;
		r->expire_ms = cx->now + (uint64_t)exp * 1000;
		if (!r->active)
			a->st.regs++;
		r->active = true;
		if (r->ph == NULL) {
			memset(&p, 0, sizeof(p));
			p.kind = SIP_PH_SIGNALLING;
			p.proto = r->proto;
			p.src = r->registrar;
			p.src_zone = r->registrar_zone;
			p.dst = r->contact;
			p.dport = r->contact_port;
			p.dst_zone = r->contact_zone;
			if ((r->ph = sip_ph_open(a, NULL, r->src, r->zp, &p)) !=
			    NULL)
				r->ph->pub.call_id = r->callid;
		}
	}
}

void
sip_reg_expire(struct sip_alg *a, uint64_t now)
{
	struct sip_reg *r, *n;

	for (r = a->regs; r != NULL; r = n) {
		n = r->next;
		if (r->expire_ms <= now) {
			if (r->active)
				a->st.regs_expired++;
			sip_reg_free(a, r);
		}
	}
}
