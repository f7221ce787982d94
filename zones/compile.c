/*
 * zone_compile: the configuration model -> the immutable policy graph.
 * Zones get dense ids (0 = self, then creation order); a zones x zones
 * matrix gives the zone-pair of a direction in O(1).  Names are resolved
 * to indexes here so classification never compares strings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "zones/compile_int.h"

static unsigned generation;

static char *
gstrdup(struct zone_graph *g, const char *s)
{
	char *p = strdup(s ? s : "");

	if (p == NULL)
		g->oom = true;
	return p;
}

static void *
zalloc(struct zone_graph *g, size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);

	if (p == NULL)
		g->oom = true;
	return p;
}

int
zc_graph_zone_id(const struct zone_graph *g, const char *name)
{
	long i;

	if (strcmp(name, "self") == 0)
		return ZONE_ID_SELF;
	i = zc_vec_index(&g->cfg->zones, name);
	return i < 0 ? ZONE_ID_NONE : (int)i + 1;
}

static int
cmap_idx(const struct zone_cfg *c, const char *name)
{
	return (int)zc_vec_index(&c->cmaps, name);
}

static int
acl_idx(const struct zone_cfg *c, const char *name)
{
	return (int)zc_vec_index(&c->acls, name);
}

static const struct zone_params *
params_of(const struct zone_graph *g, const char *name)
{
	size_t i;

	if (name == NULL || *name == '\0')
		return &g->global;
	for (i = 0; i < g->nparams; i++)
		if (strcmp(g->params[i].name, name) == 0)
			return &g->params[i];
	return &g->global;
}

void
zc_ace_set_unref(struct zc_ace_set *s)
{
	size_t i;

	if (s == NULL || --s->refs > 0)
		return;
	for (i = 0; i < s->n; i++)
		zc_ctr_unref(s->ace[i].ctr);
	free(s);
}

/* The list's entry set at its current generation: the cached one, or a
 * new one that becomes the cache.  NULL when out of memory. */
static struct zc_ace_set *
ace_set_of(struct zc_acl *l)
{
	struct zc_ace_set *s;
	size_t j;

	if (l->compiled != NULL && l->compiled_gen == l->gen) {
		l->compiled->refs++;
		return l->compiled;
	}
	s = malloc(sizeof(*s) + l->ace.n * sizeof(s->ace[0]));
	if (s == NULL)
		return NULL;
	s->n = 0;
	for (j = 0; j < l->ace.n; j++) {
		const struct zc_ace *x = l->ace.v[j];
		if (x->remark != NULL)
			continue; /* comments never match */
		s->ace[s->n] = *x;
		zc_ctr_ref(x->ctr);
		s->n++;
	}
	zc_ace_set_unref(l->compiled);
	l->compiled = s;
	l->compiled_gen = l->gen;
	s->refs = 2; /* the cache and the graph */
	return s;
}

static void
compile_acls(struct zone_graph *g, const struct zone_cfg *c)
{
	size_t i;

	g->nacls = c->acls.n;
	g->acls = zalloc(g, g->nacls, sizeof(*g->acls));
	if (g->acls == NULL)
		return;
	for (i = 0; i < g->nacls; i++) {
		/* the cache in the model is not configuration: writing it
		 * leaves the configuration as it was */
		struct zc_acl *l = c->acls.v[i];
		struct zc_graph_acl *a = &g->acls[i];
		a->name = gstrdup(g, l->name);
		a->family = l->type == ZACL_V6 ? AF_INET6 : AF_INET;
		if ((a->set = ace_set_of(l)) == NULL) {
			g->oom = true;
			return;
		}
		a->ace = a->set->ace;
		a->n = a->set->n;
	}
}

static void
compile_cmaps(struct zone_graph *g, const struct zone_cfg *c)
{
	size_t i, j;

	g->ncmaps = c->cmaps.n;
	g->cmaps = zalloc(g, g->ncmaps, sizeof(*g->cmaps));
	if (g->cmaps == NULL)
		return;
	for (i = 0; i < g->ncmaps; i++) {
		const struct zc_cmap *m = c->cmaps.v[i];
		struct zc_graph_cmap *k = &g->cmaps[i];
		k->name = gstrdup(g, m->name);
		k->any = m->match_any;
		k->m = zalloc(g, m->nm, sizeof(*k->m));
		if (k->m == NULL)
			return;
		k->n = m->nm;
		for (j = 0; j < m->nm; j++) {
			struct zc_graph_match *x = &k->m[j];
			x->kind = m->m[j].kind;
			x->idx = -1;
			switch (m->m[j].kind) {
			case ZM_PROTO:
				if (strcmp(m->m[j].arg, "tcp") == 0)
					x->l4 = IPPROTO_TCP;
				else if (strcmp(m->m[j].arg, "udp") == 0)
					x->l4 = IPPROTO_UDP;
				else if (strcmp(m->m[j].arg, "icmp") == 0)
					x->l4 = IPPROTO_ICMP;
				else if (zc_fixed_proto(m->m[j].arg, &x->fix_l4,
					     &x->fix_port) < 0)
					x->app = zc_app_by_name(m->m[j].arg);
				break;
			case ZM_ACL_NUM:
			case ZM_ACL_NAME:
				x->idx = acl_idx(c, m->m[j].arg);
				break;
			case ZM_CMAP:
				x->idx = cmap_idx(c, m->m[j].arg);
				break;
			}
		}
	}
}

static void
compile_class(struct zone_graph *g, const struct zone_cfg *c,
    const struct zc_class *k, struct zc_graph_class *o)
{
	o->name = gstrdup(g, k->name);
	o->cmap = cmap_idx(c, k->name);
	o->action = k->action;
	o->log = k->log;
	o->params = o->action == ZA_INSPECT ? params_of(g, k->param) : NULL;
}

static void
compile_policies(struct zone_graph *g, const struct zone_cfg *c)
{
	size_t i, j;

	g->npolicies = c->pmaps.n;
	g->policies = zalloc(g, g->npolicies, sizeof(*g->policies));
	if (g->policies == NULL)
		return;
	for (i = 0; i < g->npolicies; i++) {
		const struct zc_pmap *p = c->pmaps.v[i];
		struct zc_graph_policy *o = &g->policies[i];
		o->name = gstrdup(g, p->name);
		o->cls = zalloc(g, p->cls.n, sizeof(*o->cls));
		if (o->cls == NULL)
			return;
		o->n = p->cls.n;
		for (j = 0; j < p->cls.n; j++)
			compile_class(g, c, p->cls.v[j], &o->cls[j]);
		compile_class(g, c, &p->def, &o->def);
	}
}

static void
compile_params(struct zone_graph *g, const struct zone_cfg *c)
{
	size_t i;

	zc_param_defaults(&g->global);
	g->nparams = c->params.n;
	g->params = zalloc(g, g->nparams, sizeof(*g->params));
	if (g->params == NULL)
		return;
	for (i = 0; i < g->nparams; i++) {
		const struct zc_param *m = c->params.v[i];
		g->params[i] = m->p;
		g->params[i].name = gstrdup(g, m->name);
		if (m->global)
			g->global = g->params[i];
	}
}

static int
compile_zones(struct zone_graph *g, const struct zone_cfg *c)
{
	size_t i, n;

	g->nzones = c->zones.n + 1;
	g->zones = zalloc(g, g->nzones, sizeof(*g->zones));
	g->pair = zalloc(g, g->nzones * g->nzones, sizeof(*g->pair));
	if (g->zones == NULL || g->pair == NULL)
		return -ENOMEM;
	g->zones[ZONE_ID_SELF] = gstrdup(g, "self");
	g->default_zone = ZONE_ID_NONE;
	for (i = 0; i < c->zones.n; i++) {
		g->zones[i + 1] = gstrdup(g,
		    ((struct zc_zone *)c->zones.v[i])->name);
		if (g->zones[i + 1] != NULL &&
		    strcmp(g->zones[i + 1], "default") == 0)
			g->default_zone = (int)i + 1;
	}
	if (g->oom)
		return -ENOMEM;
	for (i = 0; i < g->nzones * g->nzones; i++)
		g->pair[i] = -1;

	g->nzp = c->zpairs.n;
	g->zp = zalloc(g, g->nzp, sizeof(*g->zp));
	if (g->zp == NULL)
		return -ENOMEM;
	g->max_zp_id = 0;
	for (i = 0; i < g->nzp; i++) {
		const struct zc_zpair *p = c->zpairs.v[i];
		struct zc_graph_zp *z = &g->zp[i];
		z->id = p->id;
		z->name = gstrdup(g, p->name);
		z->src = zc_graph_zone_id(g, p->src);
		z->dst = zc_graph_zone_id(g, p->dst);
		z->policy = (int)zc_vec_index(&c->pmaps, p->policy);
		if (z->src < 0 || z->dst < 0)
			return -EINVAL; /* the model refuses this */
		g->pair[z->src * g->nzones + z->dst] = (int)i;
		if (z->id > g->max_zp_id)
			g->max_zp_id = z->id;
	}
	g->zp_by_id = zalloc(g, (size_t)g->max_zp_id + 1, sizeof(int));
	if (g->zp_by_id == NULL)
		return -ENOMEM;
	for (n = 0; n <= (size_t)g->max_zp_id; n++)
		g->zp_by_id[n] = -1;
	for (i = 0; i < g->nzp; i++)
		g->zp_by_id[g->zp[i].id] = (int)i;
	return 0;
}

static void
compile_ifaces(struct zone_graph *g, const struct zone_cfg *c)
{
	size_t i;

	g->nifaces = c->ifaces.n;
	g->ifaces = zalloc(g, g->nifaces, sizeof(*g->ifaces));
	if (g->ifaces == NULL)
		return;
	for (i = 0; i < g->nifaces; i++) {
		const struct zc_iface *f = c->ifaces.v[i];
		g->ifaces[i].conf = gstrdup(g, f->conf);
		g->ifaces[i].linux_name = gstrdup(g, f->linux_name);
		g->ifaces[i].zone = f->zone[0] ? zc_graph_zone_id(g, f->zone) :
						 ZONE_ID_NONE;
	}
}

struct zone_graph *
zone_compile(const struct zone_cfg *c)
{
	struct zone_graph *g;
	int rc;

	if (c == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->gen = ++generation;
	g->cfg = c;
	compile_params(g, c);
	compile_acls(g, c);
	compile_cmaps(g, c);
	compile_policies(g, c);
	rc = compile_zones(g, c);
	compile_ifaces(g, c);
	if (rc == 0)
		rc = zc_compile_l7(g, c);
	if (c->npam > 0 && (g->pam = zalloc(g, c->npam, sizeof(*g->pam)))) {
		memcpy(g->pam, c->pam, c->npam * sizeof(*g->pam));
		g->npam = c->npam;
	}
	g->cfg = NULL; /* the graph outlives this model version */
	if (rc == 0 && g->oom)
		rc = -ENOMEM;
	if (rc < 0) {
		zone_graph_free(g);
		errno = -rc;
		return NULL;
	}
	return g;
}

void
zone_graph_free(struct zone_graph *g)
{
	size_t i, j;

	if (g == NULL)
		return;
	zc_graph_l7_free(g);
	for (i = 0; g->acls != NULL && i < g->nacls; i++) {
		zc_ace_set_unref(g->acls[i].set);
		free(g->acls[i].name);
	}
	free(g->acls);
	for (i = 0; g->cmaps != NULL && i < g->ncmaps; i++) {
		free(g->cmaps[i].name);
		free(g->cmaps[i].m);
	}
	free(g->cmaps);
	for (i = 0; g->policies != NULL && i < g->npolicies; i++) {
		for (j = 0; g->policies[i].cls != NULL && j < g->policies[i].n;
		     j++)
			free(g->policies[i].cls[j].name);
		free(g->policies[i].cls);
		free(g->policies[i].def.name);
		free(g->policies[i].name);
	}
	free(g->policies);
	for (i = 0; g->params != NULL && i < g->nparams; i++)
		free((char *)g->params[i].name);
	free(g->params);
	for (i = 0; g->zones != NULL && i < g->nzones; i++)
		free(g->zones[i]);
	free(g->zones);
	free(g->pair);
	for (i = 0; g->zp != NULL && i < g->nzp; i++)
		free(g->zp[i].name);
	free(g->zp);
	free(g->zp_by_id);
	for (i = 0; g->ifaces != NULL && i < g->nifaces; i++) {
		free(g->ifaces[i].conf);
		free(g->ifaces[i].linux_name);
	}
	free(g->ifaces);
	free(g->pam);
	free(g);
}

unsigned
zone_graph_generation(const struct zone_graph *g)
{
	return g ? g->gen : 0;
}

int
zone_id_of(const struct zone_graph *g, const char *ifname)
{
	size_t i;

	if (g == NULL || ifname == NULL)
		return ZONE_ID_NONE;
	for (i = 0; i < g->nifaces; i++)
		if (strcmp(g->ifaces[i].linux_name, ifname) == 0 ||
		    strcmp(g->ifaces[i].conf, ifname) == 0) {
			if (g->ifaces[i].zone != ZONE_ID_NONE)
				return g->ifaces[i].zone;
			break;
		}
	return g->default_zone;
}

unsigned
zone_nifaces(const struct zone_graph *g)
{
	return g ? (unsigned)g->nifaces : 0;
}

const char *
zone_iface_linux(const struct zone_graph *g, unsigned i)
{
	return g && i < g->nifaces ? g->ifaces[i].linux_name : NULL;
}

const char *
zone_iface_conf(const struct zone_graph *g, unsigned i)
{
	return g && i < g->nifaces ? g->ifaces[i].conf : NULL;
}

const char *
zone_id_name(const struct zone_graph *g, int id)
{
	if (g == NULL || id < 0 || (size_t)id >= g->nzones)
		return NULL;
	return g->zones[id];
}

unsigned
zone_npairs(const struct zone_graph *g)
{
	return g ? (unsigned)g->max_zp_id : 0;
}

const struct zc_graph_zp *
zc_graph_zp_by_id(const struct zone_graph *g, int id)
{
	if (g == NULL || id <= 0 || id > g->max_zp_id || g->zp_by_id[id] < 0)
		return NULL;
	return &g->zp[g->zp_by_id[id]];
}

const char *
zone_zp_name(const struct zone_graph *g, int id)
{
	const struct zc_graph_zp *z = zc_graph_zp_by_id(g, id);

	return z ? z->name : NULL;
}

const char *
zone_class_name(const struct zone_graph *g, int zp_id, int class_id)
{
	const struct zc_graph_zp *z = zc_graph_zp_by_id(g, zp_id);
	const struct zc_graph_policy *p;

	if (class_id < 0)
		return "class-default";
	if (z == NULL || z->policy < 0)
		return NULL;
	p = &g->policies[z->policy];
	return (size_t)class_id < p->n ? p->cls[class_id].name : NULL;
}

const struct zone_params *
zone_global_params(const struct zone_graph *g)
{
	static struct zone_params dflt;

	if (g != NULL)
		return &g->global;
	zc_param_defaults(&dflt);
	return &dflt;
}

enum zone_app
zone_app_of(const struct zone_graph *g, uint8_t proto, uint16_t port)
{
	size_t i;

	for (i = 0; g != NULL && i < g->npam; i++)
		if (g->pam[i].proto == proto && g->pam[i].port == port)
			return g->pam[i].app;
	return zc_app_default(proto, port);
}
