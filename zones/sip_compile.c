/*
 * The Layer 7 SIP policies of a graph: one alg/sip_policy.h policy per
 * (zone-pair, L4 class) with `inspect` and `service-policy sip`, its
 * regexes compiled once per pattern change (cached in the model), its
 * counters the model's (they survive commits); and their show lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zones/compile_int.h"
#include "zones/sip_l7_int.h"

struct zc_graph_l7 {
	int zp_id, class_id;
	struct sip_policy *pol;
	size_t nctr;
	struct zc_l7ctr **ctr;
};

/* The model's compiled regex (built now if stale). */
static struct sip_regex *
regex_compiled(struct zc_regex *r)
{
	char err[160];
	size_t i, off;

	if (r->compiled != NULL)
		return r->compiled;
	if ((r->compiled = sip_regex_new()) == NULL)
		return NULL;
	for (i = 0; i < r->n; i++)
		if (sip_regex_add(r->compiled, r->pat[i], err, sizeof(err),
			&off) < 0) {
			/* the pattern line compiled it already: only memory */
			sip_regex_unref(r->compiled);
			r->compiled = NULL;
			return NULL;
		}
	return r->compiled;
}

static int
add_ctr(struct zc_graph_l7 *x, struct zc_l7ctr *k)
{
	struct zc_l7ctr **n;

	if (k == NULL)
		return -ENOMEM;
	if ((n = realloc(x->ctr, (x->nctr + 1) * sizeof(*n))) == NULL)
		return -ENOMEM;
	x->ctr = n;
	k->refs++;
	x->ctr[x->nctr++] = k;
	return 0;
}

static int
build(struct zone_cfg *c, const char *zp, const char *l4,
    const struct zc_sippmap *p, struct zc_graph_l7 *x)
{
	struct zc_l7ctr *k;
	size_t i, j;
	int idx;

	if ((x->pol = sip_policy_new(p->name)) == NULL)
		return -ENOMEM;
	for (i = 0; i < p->cls.n; i++) {
		const struct zc_sipclass *sc = p->cls.v[i];
		const struct zc_sipcmap *m = zc_sipcmap_find(c, sc->name);

		if (m == NULL)
			continue;
		k = zc_l7ctr_get(c, zp, l4, p->name, sc->name);
		if (add_ctr(x, k) < 0)
			return -ENOMEM;
		idx = sip_policy_add_class(x->pol, sc->name, m->any,
		    sc->action < 0 ? SIP_L7_ALLOW : sc->action, sc->log, &k->c);
		if (idx < 0)
			return idx;
		if (sc->rate > 0 &&
		    sip_policy_class_rate(x->pol, idx, sc->rate) < 0)
			return -ENOMEM;
		if (sc->action == SIP_L7_RESPOND &&
		    sip_policy_class_respond(x->pol, idx, sc->code) < 0)
			return -EINVAL;
		for (j = 0; j < m->n; j++) {
			const struct zc_l7match *zm = &m->m[j];
			struct sip_l7_match spec = {
				.kind = zm->kind,
				.negate = zm->negate,
				.method = zm->method,
				.header = zm->header,
				.n = zm->n,
			};
			struct zc_regex *r = zc_regex_find(c, zm->regex);

			if (zm->regex[0] != '\0' &&
			    (r == NULL ||
				(spec.re = regex_compiled(r)) == NULL))
				return -ENOMEM;
			if (sip_policy_add_match(x->pol, idx, &spec) < 0)
				return -ENOMEM;
		}
	}
	k = zc_l7ctr_get(c, zp, l4, p->name, "class-default");
	if (add_ctr(x, k) < 0)
		return -ENOMEM;
	sip_policy_set_default(x->pol,
	    p->def.action < 0 ? SIP_L7_ALLOW : p->def.action, p->def.log,
	    &k->c);
	if (p->def.rate > 0 &&
	    sip_policy_class_rate(x->pol, SIP_L7_CLASS_DEFAULT, p->def.rate) <
		0)
		return -ENOMEM;
	if (p->def.action == SIP_L7_RESPOND &&
	    sip_policy_class_respond(x->pol, SIP_L7_CLASS_DEFAULT,
		p->def.code) < 0)
		return -EINVAL;
	return 0;
}

int
zc_compile_l7(struct zone_graph *g, const struct zone_cfg *cc)
{
	/* the regex cache and the counters are the model's: not const */
	struct zone_cfg *c = (struct zone_cfg *)cc;
	size_t i, j;
	int rc;

	if (c->l7 == NULL || c->l7->pmaps.n == 0)
		return 0;
	for (i = 0; i < c->zpairs.n; i++) {
		const struct zc_zpair *z = c->zpairs.v[i];
		const struct zc_pmap *p = zc_pmap_find(c, z->policy);

		for (j = 0; p != NULL && j < p->cls.n; j++) {
			const struct zc_class *k = p->cls.v[j];
			const struct zc_sippmap *sp = zc_sippmap_find(c,
			    k->sip_policy);
			struct zc_graph_l7 *n;

			if (k->action != ZA_INSPECT || sp == NULL)
				continue;
			n = realloc(g->l7, (g->nl7 + 1) * sizeof(*n));
			if (n == NULL)
				return -ENOMEM;
			g->l7 = n;
			memset(&n[g->nl7], 0, sizeof(n[0]));
			n[g->nl7].zp_id = z->id;
			n[g->nl7].class_id = (int)j;
			rc = build(c, z->name, k->name, sp, &n[g->nl7]);
			g->nl7++;
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

void
zc_graph_l7_free(struct zone_graph *g)
{
	size_t i, j;

	for (i = 0; i < g->nl7; i++) {
		sip_policy_free(g->l7[i].pol);
		for (j = 0; j < g->l7[i].nctr; j++)
			zc_l7ctr_unref(g->l7[i].ctr[j]);
		free(g->l7[i].ctr);
	}
	free(g->l7);
}

const struct sip_policy *
zone_sip_policy(const struct zone_graph *g, int zp_id, int class_id)
{
	size_t i;

	for (i = 0; g != NULL && i < g->nl7; i++)
		if (g->l7[i].zp_id == zp_id && g->l7[i].class_id == class_id)
			return g->l7[i].pol;
	return NULL;
}

/* ---- show policy-map type inspect zone-pair: under the L4 class ---- */

static void
show_ctr(const struct zone_cfg *c, const char *key, uint32_t rate,
    unsigned code, struct buf *b)
{
	long i = c->l7 ? zc_vec_index(&c->l7->ctrs, key) : -1;
	struct sip_l7_ctr z;

	memset(&z, 0, sizeof(z));
	if (i >= 0)
		z = ((struct zc_l7ctr *)c->l7->ctrs.v[i])->c;
	buf_printf(b,
	    "            %llu messages matched: %llu allowed, %llu dropped, "
	    "%llu reset, %llu logged\n",
	    (unsigned long long)z.matched, (unsigned long long)z.allowed,
	    (unsigned long long)z.dropped, (unsigned long long)z.reset,
	    (unsigned long long)z.logged);
	if (rate > 0)
		buf_printf(b,
		    "            rate-limit %u per second per "
		    "source: %llu dropped over it\n",
		    rate, (unsigned long long)z.rate_dropped);
	if (code > 0)
		buf_printf(b, "            %llu %u responses sent\n",
		    (unsigned long long)z.responded, code);
}

void
zc_show_l7(const struct zone_cfg *c, const char *zp, const struct zc_class *k,
    struct buf *b)
{
	const struct zc_sippmap *p;
	char key[4 * ZC_NAME_MAX];
	size_t i;

	if (k->action != ZA_INSPECT ||
	    (p = zc_sippmap_find(c, k->sip_policy)) == NULL)
		return;
	buf_printf(b, "        Service-policy sip : %s\n", p->name);
	for (i = 0; i <= p->cls.n; i++) {
		const struct zc_sipclass *sc = i < p->cls.n ? p->cls.v[i] :
							      &p->def;
		const struct zc_sipcmap *m = zc_sipcmap_find(c, sc->name);
		int act = sc->action < 0 ? SIP_L7_ALLOW : sc->action;

		if (i < p->cls.n)
			buf_printf(b,
			    "          Class type inspect sip %s "
			    "(%s): %s%s\n",
			    sc->name,
			    m == NULL || !m->any ? "match-all" : "match-any",
			    sip_l7_action_name(act), sc->log ? " log" : "");
		else
			buf_printf(b, "          Class class-default: %s%s\n",
			    sip_l7_action_name(act), sc->log ? " log" : "");
		snprintf(key, sizeof(key), "%s/%s/%s/%s", zp, k->name, p->name,
		    sc->name);
		show_ctr(c, key, sc->rate,
		    sc->action == SIP_L7_RESPOND ? sc->code : 0, b);
	}
}

void
zc_l7_clear(struct zone_cfg *c, const char *zp)
{
	size_t i, n = strlen(zp);

	for (i = 0; c->l7 != NULL && i < c->l7->ctrs.n; i++) {
		struct zc_l7ctr *k = c->l7->ctrs.v[i];
		uint64_t last = k->c.log_last_ms;

		if (strncmp(k->name, zp, n) == 0 && k->name[n] == '/') {
			memset(&k->c, 0, sizeof(k->c));
			k->c.log_last_ms = last;
		}
	}
}
