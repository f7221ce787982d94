/*
 * INVITE hold-down (SRX's application-screen protect): after a 4xx-6xx
 * final answer to an INVITE, new INVITEs (no To tag) from the caller's
 * address to the answering address are dropped for hold_down_ms.  Answers
 * that ask for a retry (401, 407, 422, 423, 491, 494) do not count.  A
 * bounded table (HOLD_SLOTS, 4-way, keyed with the ALG's SipHash key; the
 * entry closest to expiry is replaced), made on first use.
 */
#include <stdlib.h>
#include <string.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"
#include "alg/sip_policy_int.h"

#define HOLD_SLOTS 4096
#define HOLD_WAYS 4

struct sip_hold_slot {
	struct sip_addr src, dst; /* the INVITE's */
	uint64_t until;		  /* 0: free */
};

static bool
retry_code(unsigned s)
{
	return s == 401 || s == 407 || s == 422 || s == 423 || s == 491 ||
	    s == 494;
}

static struct sip_hold_slot *
set_of(struct sip_alg *a, const struct sip_addr *src,
    const struct sip_addr *dst)
{
	struct sip_addr k[2];

	memset(k, 0, sizeof(k));
	k[0].family = src->family;
	k[1].family = dst->family;
	memcpy(&k[0].u, &src->u, src->family == AF_INET ? 4 : 16);
	memcpy(&k[1].u, &dst->u, dst->family == AF_INET ? 4 : 16);
	return &a->hold[(sip_hash(a, k, sizeof(k)) % (HOLD_SLOTS / HOLD_WAYS)) *
	    HOLD_WAYS];
}

static bool
same(const struct sip_hold_slot *s, const struct sip_addr *src,
    const struct sip_addr *dst)
{
	return s->until != 0 && sip_addr_eq(&s->src, src) &&
	    sip_addr_eq(&s->dst, dst);
}

int
sip_holddown(struct sip_ctx *cx, const struct sip_msg *m)
{
	struct sip_alg *a = cx->alg;
	const struct sip_pkt *p = cx->pkt;
	struct sip_hold_slot *set, *s, *old;
	size_t i;

	if (a->par.hold_down_ms == 0)
		return 0;
	if (!m->is_request && m->cseq_method == SIP_M_INVITE &&
	    m->status >= 400 && !retry_code(m->status)) {
		if (a->hold == NULL &&
		    (a->hold = calloc(HOLD_SLOTS, sizeof(*a->hold))) == NULL)
			return 0;
		/* the answer goes back: its destination sent the INVITE */
		set = set_of(a, &p->dst, &p->src);
		old = &set[0];
		for (i = 0; i < HOLD_WAYS; i++) {
			if (same(&set[i], &p->dst, &p->src) ||
			    set[i].until <= cx->now) {
				old = &set[i];
				break;
			}
			if (set[i].until < old->until)
				old = &set[i];
		}
		old->src = p->dst;
		old->dst = p->src;
		old->until = cx->now + a->par.hold_down_ms;
		return 0;
	}
	if (!m->is_request || m->method != SIP_M_INVITE || m->to_tag.len != 0 ||
	    a->hold == NULL)
		return 0;
	set = set_of(a, &p->src, &p->dst);
	for (i = 0; i < HOLD_WAYS; i++) {
		s = &set[i];
		if (same(s, &p->src, &p->dst) && cx->now < s->until) {
			sip_dbg(a, 0,
			    "drop: INVITE within the hold-down after "
			    "a failure");
			return -SIP_R_HOLDDOWN;
		}
	}
	return 0;
}
