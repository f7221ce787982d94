/* The configuration model's containers, lookups and shared helpers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

int
zc_fail(struct zc_err *e, const char *fmt, ...)
{
	va_list ap;

	if (e != NULL) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static size_t
name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (uint8_t)*s++) * 1099511628211ULL;
	return (size_t)h;
}

static void
hidx_put(struct zc_vec *v, size_t i)
{
	size_t k;

	for (k = name_hash(v->v[i]) & (v->hcap - 1); v->hidx[k] != 0;
	     k = (k + 1) & (v->hcap - 1))
		;
	v->hidx[k] = i + 1;
}

static int
hidx_build(struct zc_vec *v)
{
	size_t cap = 16, i;

	while (cap < v->n * 2 + 8)
		cap *= 2;
	free(v->hidx);
	v->hcap = 0;
	if ((v->hidx = calloc(cap, sizeof(*v->hidx))) == NULL)
		return -ENOMEM;
	v->hcap = cap;
	for (i = 0; i < v->n; i++)
		hidx_put(v, i);
	return 0;
}

long
zc_vec_index(const struct zc_vec *cv, const char *name)
{
	/* the index is a cache: building it does not change the vector */
	struct zc_vec *v = (struct zc_vec *)cv;
	size_t k, i;

	if (name == NULL || v->n == 0)
		return -1;
	if (v->hidx == NULL && hidx_build(v) < 0) {
		for (i = 0; i < v->n; i++)
			if (strcmp((const char *)v->v[i], name) == 0)
				return (long)i;
		return -1;
	}
	for (k = name_hash(name) & (v->hcap - 1); v->hidx[k] != 0;
	     k = (k + 1) & (v->hcap - 1))
		if (strcmp((const char *)v->v[v->hidx[k] - 1], name) == 0)
			return (long)(v->hidx[k] - 1);
	return -1;
}

int
zc_vec_push(struct zc_vec *v, void *p)
{
	void **nv;
	size_t ncap;

	if (v->n == v->cap) {
		ncap = v->cap ? v->cap * 2 : 8;
		nv = realloc(v->v, ncap * sizeof(*nv));
		if (nv == NULL)
			return -ENOMEM;
		v->v = nv;
		v->cap = ncap;
	}
	v->v[v->n++] = p;
	if (v->hidx != NULL) {
		if (v->n * 2 + 8 > v->hcap) {
			if (hidx_build(v) < 0) {
				free(v->hidx);
				v->hidx = NULL;
			}
		} else
			hidx_put(v, v->n - 1);
	}
	return 0;
}

void
zc_vec_del(struct zc_vec *v, size_t i)
{
	if (i >= v->n)
		return;
	memmove(&v->v[i], &v->v[i + 1], (v->n - i - 1) * sizeof(v->v[0]));
	v->n--;
	free(v->hidx); /* rebuilt on the next lookup */
	v->hidx = NULL;
	v->hcap = 0;
}

void
zc_vec_free(struct zc_vec *v)
{
	free(v->v);
	free(v->hidx);
	memset(v, 0, sizeof(*v));
}

struct zc_ctr *
zc_ctr_new(void)
{
	struct zc_ctr *c;

	c = calloc(1, sizeof(*c));
	if (c != NULL)
		c->refs = 1;
	return c;
}

struct zc_ctr *
zc_ctr_ref(struct zc_ctr *c)
{
	if (c != NULL)
		c->refs++;
	return c;
}

void
zc_ctr_unref(struct zc_ctr *c)
{
	if (c != NULL && --c->refs == 0)
		free(c);
}

int
zc_name_ok(const char *s, struct zc_err *e)
{
	if (s == NULL || *s == '\0')
		return zc_fail(e, "Incomplete command.");
	if (strlen(s) >= ZC_NAME_MAX)
		return zc_fail(e,
		    "Name %.20s... is too long (at most %d "
		    "characters)",
		    s, ZC_NAME_MAX - 1);
	return 0;
}

int
zc_set_str(char **dst, const char *s)
{
	char *n = NULL;

	if (s != NULL && (n = strdup(s)) == NULL)
		return -ENOMEM;
	free(*dst);
	*dst = n;
	return 0;
}

struct zone_cfg *
zone_cfg_new(void)
{
	struct zone_cfg *c;

	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->next_cmap_id = 1;
	return c;
}

static void
pmap_free(struct zc_pmap *p)
{
	struct zc_class *k;
	size_t i;

	for (i = 0; i < p->cls.n; i++) {
		k = p->cls.v[i];
		free(k->descr);
		free(k);
	}
	zc_vec_free(&p->cls);
	free(p->def.descr);
	free(p->descr);
	free(p);
}

void
zone_cfg_free(struct zone_cfg *c)
{
	size_t i;

	if (c == NULL)
		return;
	zc_l7_free(c->l7);
	for (i = 0; i < c->cmaps.n; i++) {
		struct zc_cmap *m = c->cmaps.v[i];
		free(m->descr);
		free(m->m);
		free(m);
	}
	for (i = 0; i < c->pmaps.n; i++)
		pmap_free(c->pmaps.v[i]);
	for (i = 0; i < c->params.n; i++)
		free(c->params.v[i]);
	for (i = 0; i < c->zones.n; i++) {
		struct zc_zone *z = c->zones.v[i];
		free(z->descr);
		free(z);
	}
	for (i = 0; i < c->zpairs.n; i++) {
		struct zc_zpair *z = c->zpairs.v[i];
		free(z->descr);
		free(z);
	}
	for (i = 0; i < c->ifaces.n; i++) {
		struct zc_iface *f = c->ifaces.v[i];
		free(f->descr);
		free(f);
	}
	for (i = 0; i < c->acls.n; i++)
		zc_acl_free(c->acls.v[i]);
	zc_vec_free(&c->cmaps);
	zc_vec_free(&c->pmaps);
	zc_vec_free(&c->params);
	zc_vec_free(&c->zones);
	zc_vec_free(&c->zpairs);
	zc_vec_free(&c->ifaces);
	zc_vec_free(&c->acls);
	free(c->pam);
	free(c);
}

/* Every object type starts with its name[], so one finder serves all. */
static void *
vec_find(const struct zc_vec *v, const char *name)
{
	long i = zc_vec_index(v, name);

	return i < 0 ? NULL : v->v[i];
}

struct zc_cmap *
zc_cmap_find(const struct zone_cfg *c, const char *n)
{
	return vec_find(&c->cmaps, n);
}

struct zc_pmap *
zc_pmap_find(const struct zone_cfg *c, const char *n)
{
	return vec_find(&c->pmaps, n);
}

struct zc_param *
zc_param_find(const struct zone_cfg *c, const char *n)
{
	return vec_find(&c->params, n == NULL ? NULL : zc_param_canon(n));
}

struct zc_zone *
zc_zone_find(const struct zone_cfg *c, const char *n)
{
	return vec_find(&c->zones, n);
}

struct zc_zpair *
zc_zpair_find(const struct zone_cfg *c, const char *n)
{
	return vec_find(&c->zpairs, n);
}

struct zc_iface *
zc_iface_find(const struct zone_cfg *c, const char *n)
{
	return vec_find(&c->ifaces, n);
}

struct zc_acl *
zc_acl_find(const struct zone_cfg *c, const char *n)
{
	return vec_find(&c->acls, n);
}

struct zc_class *
zc_class_find(struct zc_pmap *p, const char *n)
{
	if (p == NULL || n == NULL)
		return NULL;
	if (strcmp(n, "class-default") == 0)
		return &p->def;
	return vec_find(&p->cls, n);
}

struct zone_cfg *
zc_cfg(struct cli_ctx *cx)
{
	return cli_module(cx);
}

int
zc_ret(struct cli_ctx *cx, int rc, const struct zc_err *e)
{
	/* informational lines are for a person typing, not for file loads */
	if (e->notice[0] != '\0' && !cli_loading(cx))
		cli_notice(cx, "%s", e->notice);
	if (rc < 0)
		return cli_error(cx, "%s",
		    e->msg[0] ? e->msg : "Out of memory");
	return CLI_OK;
}
