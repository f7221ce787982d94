/*
 * parameter-map type regex: model, (config-profile) rows, printer; and the
 * Layer 7 part of the model (c->l7) its siblings sip_cmap.c, sip_pmap.c
 * and sip_compile.c share.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "zones/sip_l7_int.h"

struct zc_l7 *
zc_l7_get(struct zone_cfg *c)
{
	if (c->l7 == NULL)
		c->l7 = calloc(1, sizeof(*c->l7));
	return c->l7;
}

static void
regex_free(struct zc_regex *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->pat[i]);
	free(r->pat);
	sip_regex_unref(r->compiled);
	free(r);
}

void
zc_l7ctr_unref(struct zc_l7ctr *k)
{
	if (k != NULL && --k->refs == 0)
		free(k);
}

void
zc_l7_free(struct zc_l7 *l)
{
	size_t i, j;

	if (l == NULL)
		return;
	for (i = 0; i < l->regexes.n; i++)
		regex_free(l->regexes.v[i]);
	for (i = 0; i < l->cmaps.n; i++) {
		struct zc_sipcmap *m = l->cmaps.v[i];
		free(m->m);
		free(m);
	}
	for (i = 0; i < l->pmaps.n; i++) {
		struct zc_sippmap *p = l->pmaps.v[i];
		for (j = 0; j < p->cls.n; j++)
			free(p->cls.v[j]);
		zc_vec_free(&p->cls);
		free(p);
	}
	for (i = 0; i < l->ctrs.n; i++)
		zc_l7ctr_unref(l->ctrs.v[i]);
	zc_vec_free(&l->regexes);
	zc_vec_free(&l->cmaps);
	zc_vec_free(&l->pmaps);
	zc_vec_free(&l->ctrs);
	free(l);
}

static void *
find(const struct zc_vec *v, const char *name)
{
	long i = zc_vec_index(v, name);

	return i < 0 ? NULL : v->v[i];
}

struct zc_regex *
zc_regex_find(const struct zone_cfg *c, const char *name)
{
	return c->l7 == NULL || name == NULL ? NULL :
					       find(&c->l7->regexes, name);
}

struct zc_l7ctr *
zc_l7ctr_get(struct zone_cfg *c, const char *zp, const char *l4,
    const char *pol, const char *cls)
{
	struct zc_l7 *l = zc_l7_get(c);
	struct zc_l7ctr *k;
	char key[sizeof(k->name)];

	if (l == NULL)
		return NULL;
	snprintf(key, sizeof(key), "%s/%s/%s/%s", zp, l4, pol, cls);
	if ((k = find(&l->ctrs, key)) != NULL)
		return k;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return NULL;
	strcpy(k->name, key);
	k->refs = 1;
	if (zc_vec_push(&l->ctrs, k) < 0) {
		free(k);
		return NULL;
	}
	return k;
}

int
zc_regex_enter(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	struct zc_l7 *l;
	struct zc_regex *r;

	if (zc_name_ok(name, e) < 0)
		return -1;
	if (zc_regex_find(c, name) != NULL)
		return 0;
	if ((l = zc_l7_get(c)) == NULL || (r = calloc(1, sizeof(*r))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(r->name, name);
	if (zc_vec_push(&l->regexes, r) < 0) {
		free(r);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_regex_del(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	struct zc_l7 *l = c->l7;
	size_t i, j;

	if (zc_regex_find(c, name) == NULL)
		return zc_fail(e, "parameter-map type regex %s not configured",
		    name);
	for (i = 0; i < l->cmaps.n; i++) {
		const struct zc_sipcmap *m = l->cmaps.v[i];
		for (j = 0; j < m->n; j++)
			if (strcmp(m->m[j].regex, name) == 0)
				return zc_fail(e,
				    "parameter-map type regex %s is in use by "
				    "class-map %s",
				    name, m->name);
	}
	for (i = 0; i < l->regexes.n; i++)
		if (strcmp(((struct zc_regex *)l->regexes.v[i])->name, name) ==
		    0) {
			regex_free(l->regexes.v[i]);
			zc_vec_del(&l->regexes, i);
			break;
		}
	return 0;
}

/* "…" typed around the pattern are not part of it. */
static void
unquote(const char *in, char *out, size_t cap)
{
	size_t n = strlen(in);

	if (n >= 2 && in[0] == '"' && in[n - 1] == '"') {
		in++;
		n -= 2;
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(out, in, n);
	out[n] = '\0';
}

int
zc_regex_pattern(struct zone_cfg *c, const char *map, const char *typed,
    bool no, struct zc_err *e)
{
	struct zc_regex *r = zc_regex_find(c, map);
	char pat[SIP_REGEX_PATTERN_MAX + 2], err[160];
	struct sip_regex *t;
	size_t i, off = 0;
	char **np;
	int rc;

	if (r == NULL)
		return zc_fail(e, "parameter-map type regex %s not configured",
		    map);
	if (strlen(typed) > SIP_REGEX_PATTERN_MAX + 2)
		return zc_fail(e, "Pattern longer than %d characters",
		    SIP_REGEX_PATTERN_MAX);
	unquote(typed, pat, sizeof(pat));
	for (i = 0; i < r->n; i++)
		if (strcmp(r->pat[i], pat) == 0)
			break;
	if (no) {
		if (i == r->n)
			return zc_fail(e,
			    "Pattern not found in parameter-map "
			    "%s",
			    map);
		free(r->pat[i]);
		memmove(&r->pat[i], &r->pat[i + 1],
		    (r->n - i - 1) * sizeof(r->pat[0]));
		r->n--;
		sip_regex_unref(r->compiled);
		r->compiled = NULL;
		return 0;
	}
	if (i < r->n)
		return 0;
	if (pat[0] == '\0')
		return zc_fail(e, "Empty pattern");
	/* compile it now: a bad pattern is this line's error */
	if ((t = sip_regex_new()) == NULL)
		return zc_fail(e, "Out of memory");
	rc = sip_regex_add(t, pat, err, sizeof(err), &off);
	sip_regex_unref(t);
	if (rc == -EINVAL)
		return zc_fail(e,
		    "Invalid regular expression \"%s\": %s at "
		    "offset %zu",
		    pat, err, off);
	if (rc < 0)
		return zc_fail(e, "Out of memory");
	if ((np = realloc(r->pat, (r->n + 1) * sizeof(*np))) == NULL)
		return zc_fail(e, "Out of memory");
	r->pat = np;
	if ((r->pat[r->n] = strdup(pat)) == NULL)
		return zc_fail(e, "Out of memory");
	r->n++;
	sip_regex_unref(r->compiled);
	r->compiled = NULL;
	return 0;
}

void
zc_print_regexes(const struct zone_cfg *c, struct buf *b)
{
	size_t i, j;

	if (c->l7 == NULL)
		return;
	for (i = 0; i < c->l7->regexes.n; i++) {
		const struct zc_regex *r = c->l7->regexes.v[i];
		buf_printf(b, "parameter-map type regex %s\n", r->name);
		for (j = 0; j < r->n; j++)
			buf_printf(b, " pattern \"%s\"\n", r->pat[j]);
	}
}

static int
cmd_regex(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *name = cli_arg(a, "NAME");
	int rc;

	if (cli_no(a))
		return zc_ret(cx, zc_regex_del(zc_cfg(cx), name, &e), &e);
	rc = zc_regex_enter(zc_cfg(cx), name, &e);
	if (rc == 0)
		return cli_enter(cx, CLI_MODE_REGEX, name, NULL);
	return zc_ret(cx, rc, &e);
}

static int
cmd_pattern(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *p = cli_arg(a, "TEXT");

	if (p == NULL)
		return cli_error(cx, "Incomplete command.");
	return zc_ret(cx,
	    zc_regex_pattern(zc_cfg(cx), cli_obj(cx, 0), p, cli_no(a), &e), &e);
}

const struct cli_cmd zc_regex_rows[] = {
	{ CLI_MODE_CONFIG, "parameter-map type regex NAME",
	    { "parameter-map configuration", "parameter-map type",
		"regular expression parameter-map (patterns for class-map type "
		"inspect sip)",
		"parameter-map name" },
	    cmd_regex, 0 },
	{ CLI_MODE_REGEX, "pattern TEXT:LINE",
	    { "Enter a regular expression",
		"a PCRE2 regular expression, in double quotes or not" },
	    cmd_pattern, 0 },
};
const size_t zc_regex_nrows = sizeof(zc_regex_rows) / sizeof(zc_regex_rows[0]);
