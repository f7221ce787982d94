/*
 * zone_classify: SEMANTICS.md's zone table, then the zone-pair's policy
 * (first matching class wins, class-default otherwise).
 */
#include <string.h>

#include "zones/compile_int.h"

static bool cmap_match(const struct zone_graph *, int idx,
    const struct zone_pkt *, int depth);

/* First matching entry decides; no entry matches: implicit deny. */
static bool
acl_match(const struct zone_graph *g, int idx, const struct zone_pkt *p)
{
	const struct zc_graph_acl *a;
	size_t i;

	if (idx < 0 || (size_t)idx >= g->nacls)
		return false; /* undefined list matches nothing */
	a = &g->acls[idx];
	if (a->family != p->family)
		return false;
	for (i = 0; i < a->n; i++)
		if (zc_ace_match(&a->ace[i], p)) {
			if (a->ace[i].ctr != NULL)
				a->ace[i].ctr->hits++;
			return a->ace[i].permit;
		}
	return false;
}

static bool
match_one(const struct zone_graph *g, const struct zc_graph_match *m,
    const struct zone_pkt *p, int depth)
{
	switch (m->kind) {
	case ZM_PROTO:
		if (m->l4 == IPPROTO_ICMP)
			return p->proto == IPPROTO_ICMP ||
			    p->proto == IPPROTO_ICMPV6;
		if (m->l4 != 0)
			return p->proto == m->l4;
		if (p->proto != IPPROTO_TCP && p->proto != IPPROTO_UDP)
			return false;
		if (m->fix_l4 != 0)
			return (m->fix_l4 &
				   (p->proto == IPPROTO_TCP ? 1 : 2)) &&
			    p->dport == m->fix_port;
		return zone_app_of(g, p->proto, p->dport) == m->app;
	case ZM_ACL_NUM:
	case ZM_ACL_NAME:
		return acl_match(g, m->idx, p);
	case ZM_CMAP:
		return cmap_match(g, m->idx, p, depth + 1);
	}
	return false;
}

static bool
cmap_match(const struct zone_graph *g, int idx, const struct zone_pkt *p,
    int depth)
{
	const struct zc_graph_cmap *c;
	size_t i;

	/* The model refuses loops; the depth bound protects anyway. */
	if (idx < 0 || (size_t)idx >= g->ncmaps || depth > ZC_NEST_MAX)
		return false;
	c = &g->cmaps[idx];
	if (c->n == 0)
		return false; /* an empty class-map matches nothing */
	for (i = 0; i < c->n; i++) {
		bool r = match_one(g, &c->m[i], p, depth);
		if (c->any && r)
			return true;
		if (!c->any && !r)
			return false;
	}
	return !c->any;
}

static void
verdict(struct zone_verdict *v, enum zone_action a, enum zone_reason r)
{
	v->action = a;
	v->reason = r;
}

static void
apply_class(const struct zc_graph_class *k, struct zone_verdict *v)
{
	switch (k->action) {
	case ZA_INSPECT:
		v->action = ZONE_INSPECT;
		v->params = k->params;
		break;
	case ZA_PASS:
		v->action = ZONE_PASS;
		break;
	case ZA_NONE:
	case ZA_DROP:
		v->action = ZONE_DROP;
		break;
	}
	v->log = k->log;
}

void
zone_classify(const struct zone_graph *g, const struct zone_pkt *p,
    struct zone_verdict *v)
{
	int in = p->in_zone, out = p->out_zone, zi;
	const struct zc_graph_zp *zp;
	const struct zc_graph_policy *pol;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->class_id = -1;
	v->app = ZONE_APP_NONE;
	if (p->proto == IPPROTO_TCP || p->proto == IPPROTO_UDP)
		v->app = zone_app_of(g, p->proto, p->dport);
	if (g == NULL || in < ZONE_ID_NONE || out < ZONE_ID_NONE ||
	    (in >= 0 && (size_t)in >= g->nzones) ||
	    (out >= 0 && (size_t)out >= g->nzones)) {
		/* no graph (yet) or stale zone ids: nothing is configured */
		verdict(v, in == out || g == NULL ? ZONE_PASS : ZONE_DROP,
		    g == NULL ? ZONE_R_NO_FIREWALL : ZONE_R_ZONE_MISMATCH);
		return;
	}
	if (in == ZONE_ID_NONE && out == ZONE_ID_NONE) {
		verdict(v, ZONE_PASS, ZONE_R_NO_FIREWALL);
		return;
	}
	/* The router itself talking to an interface outside every zone. */
	if ((in == ZONE_ID_SELF && out == ZONE_ID_NONE) ||
	    (in == ZONE_ID_NONE && out == ZONE_ID_SELF) ||
	    (in == ZONE_ID_SELF && out == ZONE_ID_SELF)) {
		verdict(v, ZONE_PASS, ZONE_R_NO_FIREWALL);
		return;
	}
	if (in == ZONE_ID_NONE || out == ZONE_ID_NONE) {
		verdict(v, ZONE_DROP, ZONE_R_ZONE_MISMATCH);
		return;
	}
	zi = g->pair[in * (int)g->nzones + out];
	zp = zi >= 0 ? &g->zp[zi] : NULL;
	if (zp == NULL) {
		if (in == ZONE_ID_SELF || out == ZONE_ID_SELF)
			verdict(v, ZONE_PASS, ZONE_R_SELF_DEFAULT);
		else if (in == out)
			verdict(v, ZONE_PASS, ZONE_R_INTRA_ZONE);
		else
			verdict(v, ZONE_DROP, ZONE_R_NO_ZONE_PAIR);
		return;
	}
	v->zp_id = zp->id;
	if (zp->policy < 0) {
		/* A zone-pair without service-policy drops, except inside
		 * one zone, where only a policy changes the default pass. */
		if (in == out)
			verdict(v, ZONE_PASS, ZONE_R_INTRA_ZONE);
		else
			verdict(v, ZONE_DROP, ZONE_R_NO_ZONE_PAIR);
		return;
	}
	pol = &g->policies[zp->policy];
	for (i = 0; i < pol->n; i++)
		if (cmap_match(g, pol->cls[i].cmap, p, 0)) {
			v->class_id = (int)i;
			v->reason = ZONE_R_CLASS;
			apply_class(&pol->cls[i], v);
			return;
		}
	v->reason = ZONE_R_CLASS_DEFAULT;
	apply_class(&pol->def, v);
}
