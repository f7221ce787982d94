/* policy-map type inspect: model, (config-pmap)/(config-pmap-c) rows,
 * printer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

int
zc_pmap_enter(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	struct zc_pmap *p;

	if (zc_name_ok(name, e) < 0)
		return -1;
	if (zc_pmap_find(c, name) != NULL)
		return 0;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(p->name, name);
	strcpy(p->def.name, "class-default");
	if (zc_vec_push(&c->pmaps, p) < 0) {
		free(p);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_pmap_del(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	struct zc_pmap *p;
	size_t i;

	if ((p = zc_pmap_find(c, name)) == NULL)
		return zc_fail(e, "policy-map %s not configured", name);
	for (i = 0; i < c->zpairs.n; i++) {
		struct zc_zpair *z = c->zpairs.v[i];
		if (strcmp(z->policy, name) == 0)
			return zc_fail(e,
			    "policy-map %s is in use by "
			    "zone-pair %s; remove the service-policy there "
			    "first",
			    name, z->name);
	}
	for (i = 0; i < c->pmaps.n; i++)
		if (c->pmaps.v[i] == p)
			zc_vec_del(&c->pmaps, i);
	while (p->cls.n > 0) {
		struct zc_class *k = p->cls.v[p->cls.n - 1];
		free(k->descr);
		free(k);
		p->cls.n--;
	}
	zc_vec_free(&p->cls);
	free(p->def.descr);
	free(p->descr);
	free(p);
	return 0;
}

int
zc_pmap_descr(struct zone_cfg *c, const char *name, const char *d,
    struct zc_err *e)
{
	struct zc_pmap *p;

	if ((p = zc_pmap_find(c, name)) == NULL)
		return zc_fail(e, "policy-map %s not configured", name);
	if (zc_set_str(&p->descr, d) < 0)
		return zc_fail(e, "Out of memory");
	return 0;
}

int
zc_class_enter(struct zone_cfg *c, const char *pmap, const char *cls,
    struct zc_err *e)
{
	struct zc_pmap *p;
	struct zc_class *k;

	if ((p = zc_pmap_find(c, pmap)) == NULL)
		return zc_fail(e, "policy-map %s not configured", pmap);
	if (strcmp(cls, "class-default") == 0) {
		p->def_seen = true;
		return 0;
	}
	if (zc_class_find(p, cls) != NULL)
		return 0;
	if (zc_cmap_find(c, cls) == NULL)
		return zc_fail(e, "class-map %s not configured", cls);
	if (p->cls.n >= ZC_CLASS_MAX)
		return zc_fail(e,
		    "Too many classes in policy-map %s (at most "
		    "%d)",
		    pmap, ZC_CLASS_MAX);
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(k->name, cls);
	if (zc_vec_push(&p->cls, k) < 0) {
		free(k);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_class_del(struct zone_cfg *c, const char *pmap, const char *cls,
    struct zc_err *e)
{
	struct zc_pmap *p;
	struct zc_class *k;
	size_t i;

	if ((p = zc_pmap_find(c, pmap)) == NULL)
		return zc_fail(e, "policy-map %s not configured", pmap);
	if (strcmp(cls, "class-default") == 0) {
		/* class-default cannot go away: back to its default drop. */
		p->def.action = ZA_NONE;
		p->def.log = false;
		p->def.param[0] = '\0';
		zc_set_str(&p->def.descr, NULL);
		p->def_seen = false;
		return 0;
	}
	for (i = 0; i < p->cls.n; i++) {
		k = p->cls.v[i];
		if (strcmp(k->name, cls) == 0) {
			zc_vec_del(&p->cls, i);
			free(k->descr);
			free(k);
			return 0;
		}
	}
	return zc_fail(e, "class %s not configured in policy-map %s", cls,
	    pmap);
}

static bool
cmap_has_protocol(const struct zone_cfg *c, const char *name)
{
	const struct zc_cmap *m = zc_cmap_find(c, name);
	size_t i;

	for (i = 0; m != NULL && i < m->nm; i++)
		if (m->m[i].kind == ZM_PROTO)
			return true;
	return false;
}

int
zc_class_action(struct zone_cfg *c, const char *pmap, const char *cls,
    enum zc_action act, bool log, const char *param, bool no, struct zc_err *e)
{
	struct zc_class *k;

	if ((k = zc_class_find(zc_pmap_find(c, pmap), cls)) == NULL)
		return zc_fail(e, "class %s not configured in policy-map %s",
		    cls, pmap);
	if (no) {
		if (k->action != act)
			return 0;
		if (log && k->log && act != ZA_INSPECT) {
			k->log = false; /* `no drop log`: keep drop */
			return 0;
		}
		k->action = ZA_NONE;
		k->log = false;
		k->param[0] = '\0';
		return 0;
	}
	if (act == ZA_INSPECT && param != NULL) {
		if (zc_name_ok(param, e) < 0)
			return -1;
		if (zc_param_find(c, param) == NULL)
			return zc_fail(e,
			    "parameter-map type inspect %s not "
			    "configured",
			    param);
	}
	k->action = act;
	k->log = log;
	strcpy(k->param,
	    act == ZA_INSPECT && param != NULL ? zc_param_canon(param) : "");
	if (act == ZA_INSPECT && strcmp(cls, "class-default") != 0 &&
	    !cmap_has_protocol(c, cls))
		snprintf(e->notice, sizeof(e->notice),
		    "%%No specific "
		    "protocol configured in class %s for inspection. All "
		    "protocols will be inspected.",
		    cls);
	return 0;
}

int
zc_class_descr(struct zone_cfg *c, const char *pmap, const char *cls,
    const char *d, struct zc_err *e)
{
	struct zc_class *k;

	if ((k = zc_class_find(zc_pmap_find(c, pmap), cls)) == NULL)
		return zc_fail(e, "class %s not configured in policy-map %s",
		    cls, pmap);
	if (zc_set_str(&k->descr, d) < 0)
		return zc_fail(e, "Out of memory");
	return 0;
}

static void
print_class(const struct zc_class *k, bool dflt, struct buf *b)
{
	if (dflt)
		buf_puts(b, " class class-default\n");
	else
		buf_printf(b, " class type inspect %s\n", k->name);
	if (k->descr != NULL)
		buf_printf(b, "  description %s\n", k->descr);
	switch (k->action) {
	case ZA_INSPECT:
		/* IOS prints "inspect " + map name, so a trailing space. */
		buf_printf(b, "  inspect %s\n", k->param);
		if (k->sip_policy[0] != '\0')
			buf_printf(b, "  service-policy sip %s\n",
			    k->sip_policy);
		break;
	case ZA_PASS:
		buf_puts(b, k->log ? "  pass log\n" : "  pass\n");
		break;
	case ZA_DROP:
		buf_puts(b, k->log ? "  drop log\n" : "  drop\n");
		break;
	case ZA_NONE:
		if (dflt)
			buf_puts(b, "  drop\n");
		break;
	}
}

void
zc_print_pmaps(const struct zone_cfg *c, struct buf *b)
{
	size_t i, j;

	for (i = 0; i < c->pmaps.n; i++) {
		const struct zc_pmap *p = c->pmaps.v[i];
		buf_printf(b, "policy-map type inspect %s\n", p->name);
		if (p->descr != NULL)
			buf_printf(b, " description %s\n", p->descr);
		for (j = 0; j < p->cls.n; j++)
			print_class(p->cls.v[j], false, b);
		print_class(&p->def, true, b);
	}
}

/* Commands. */

static int
cmd_pmap(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *name = cli_arg(a, "NAME");
	int rc;

	if (cli_no(a))
		return zc_ret(cx, zc_pmap_del(zc_cfg(cx), name, &e), &e);
	rc = zc_pmap_enter(zc_cfg(cx), name, &e);
	if (rc == 0)
		cli_enter(cx, CLI_MODE_PMAP, name, NULL);
	return zc_ret(cx, rc, &e);
}

static int
cmd_pmap_descr(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_pmap_descr(zc_cfg(cx), cli_obj(cx, 0),
		cli_no(a) ? NULL : cli_arg(a, "TEXT"), &e),
	    &e);
}

static int
cmd_class(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *pm = cli_obj(cx, 0);
	const char *cls = cli_has(a, "class-default") ? "class-default" :
							cli_arg(a, "CMAP");
	int rc;

	if (cls == NULL)
		return cli_error(cx, "Incomplete command.");
	if (cli_no(a))
		return zc_ret(cx, zc_class_del(zc_cfg(cx), pm, cls, &e), &e);
	rc = zc_class_enter(zc_cfg(cx), pm, cls, &e);
	if (rc == 0)
		cli_enter(cx, CLI_MODE_PMAPC, pm, cls);
	return zc_ret(cx, rc, &e);
}

static int
cmd_action(struct cli_ctx *cx, const struct cli_args *a, enum zc_action act)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_class_action(zc_cfg(cx), cli_obj(cx, 0), cli_obj(cx, 1), act,
		cli_has(a, "log"), cli_arg(a, "PARAM"), cli_no(a), &e),
	    &e);
}

static int
cmd_inspect(struct cli_ctx *cx, const struct cli_args *a)
{
	return cmd_action(cx, a, ZA_INSPECT);
}

static int
cmd_pass(struct cli_ctx *cx, const struct cli_args *a)
{
	return cmd_action(cx, a, ZA_PASS);
}

static int
cmd_drop(struct cli_ctx *cx, const struct cli_args *a)
{
	return cmd_action(cx, a, ZA_DROP);
}

static int
cmd_class_descr(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_class_descr(zc_cfg(cx), cli_obj(cx, 0), cli_obj(cx, 1),
		cli_no(a) ? NULL : cli_arg(a, "TEXT"), &e),
	    &e);
}

const struct cli_cmd zc_pmap_rows[] = {
	{ CLI_MODE_CONFIG, "policy-map type inspect NAME",
	    { "Configure Policy Map", "specify policy-map type",
		"Configure Firewall Policy Map", "policy-map name" },
	    cmd_pmap, 0 },
	{ CLI_MODE_PMAP, "class type inspect CMAP",
	    { "policy criteria", "Configure Class type",
		"Configure Firewall class type", "class-map name" },
	    cmd_class, 0 },
	{ CLI_MODE_PMAP, "class class-default",
	    { "policy criteria",
		"System default class matching otherwise "
		"unclassified packets" },
	    cmd_class, 0 },
	{ CLI_MODE_PMAP, "description TEXT:LINE",
	    { "Policy-Map description",
		"Description of this policy-map (up to "
		"200 characters)" },
	    cmd_pmap_descr, 0 },
	{ CLI_MODE_PMAPC, "inspect [PARAM]",
	    { "Context-based Access Control Engine",
		"inspect parameter-map name" },
	    cmd_inspect, 0 },
	{ CLI_MODE_PMAPC, "pass [log]",
	    { "Pass the packet", "Log the passed packet" }, cmd_pass, 0 },
	{ CLI_MODE_PMAPC, "drop [log]",
	    { "Drop the packet", "Log the dropped packet" }, cmd_drop, 0 },
	{ CLI_MODE_PMAPC, "description TEXT:LINE",
	    { "Class description",
		"Description of this class (up to 200 "
		"characters)" },
	    cmd_class_descr, 0 },
};
const size_t zc_pmap_nrows = sizeof(zc_pmap_rows) / sizeof(zc_pmap_rows[0]);
