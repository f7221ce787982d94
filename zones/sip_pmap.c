/*
 * policy-map type inspect sip: model, (config-pmap)/(config-pmap-c) rows of
 * the SIP policy-map modes, printer; `service-policy sip NAME` in a class
 * of a policy-map type inspect.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "zones/sip_l7_int.h"

struct zc_sippmap *
zc_sippmap_find(const struct zone_cfg *c, const char *name)
{
	long i;

	if (c->l7 == NULL || name == NULL)
		return NULL;
	i = zc_vec_index(&c->l7->pmaps, name);
	return i < 0 ? NULL : c->l7->pmaps.v[i];
}

static void
class_reset(struct zc_sipclass *k)
{
	k->action = -1;
	k->log = false;
	k->rate = 0;
}

int
zc_sippmap_enter(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	struct zc_sippmap *p;
	struct zc_l7 *l;

	if (zc_name_ok(name, e) < 0)
		return -1;
	if (zc_sippmap_find(c, name) != NULL)
		return 0;
	if ((l = zc_l7_get(c)) == NULL || (p = calloc(1, sizeof(*p))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(p->name, name);
	strcpy(p->def.name, "class-default");
	class_reset(&p->def);
	if (zc_vec_push(&l->pmaps, p) < 0) {
		free(p);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_sippmap_del(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	struct zc_sippmap *p = zc_sippmap_find(c, name);
	size_t i, j;

	if (p == NULL)
		return zc_fail(e, "policy-map %s not configured", name);
	for (i = 0; i < c->pmaps.n; i++) {
		struct zc_pmap *l4 = c->pmaps.v[i];
		for (j = 0; j < l4->cls.n; j++) {
			struct zc_class *k = l4->cls.v[j];
			if (strcmp(k->sip_policy, name) == 0)
				return zc_fail(e,
				    "policy-map %s is in use by policy-map %s "
				    "class %s; remove the service-policy "
				    "there first",
				    name, l4->name, k->name);
		}
	}
	for (i = 0; i < c->l7->pmaps.n; i++)
		if (c->l7->pmaps.v[i] == p) {
			zc_vec_del(&c->l7->pmaps, i);
			break;
		}
	for (j = 0; j < p->cls.n; j++)
		free(p->cls.v[j]);
	zc_vec_free(&p->cls);
	free(p);
	return 0;
}

static struct zc_sipclass *
class_find(struct zc_sippmap *p, const char *cls)
{
	long i;

	if (p == NULL)
		return NULL;
	if (strcmp(cls, "class-default") == 0)
		return &p->def;
	i = zc_vec_index(&p->cls, cls);
	return i < 0 ? NULL : p->cls.v[i];
}

int
zc_sipclass_enter(struct zone_cfg *c, const char *pmap, const char *cls,
    struct zc_err *e)
{
	struct zc_sippmap *p = zc_sippmap_find(c, pmap);
	struct zc_sipclass *k;

	if (p == NULL)
		return zc_fail(e, "policy-map %s not configured", pmap);
	if (strcmp(cls, "class-default") == 0) {
		p->def_seen = true;
		return 0;
	}
	if (class_find(p, cls) != NULL)
		return 0;
	if (zc_sipcmap_find(c, cls) == NULL)
		return zc_fail(e,
		    "class-map type inspect sip %s not "
		    "configured",
		    cls);
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(k->name, cls);
	class_reset(k);
	if (zc_vec_push(&p->cls, k) < 0) {
		free(k);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_sipclass_del(struct zone_cfg *c, const char *pmap, const char *cls,
    struct zc_err *e)
{
	struct zc_sippmap *p = zc_sippmap_find(c, pmap);
	size_t i;

	if (p == NULL)
		return zc_fail(e, "policy-map %s not configured", pmap);
	if (strcmp(cls, "class-default") == 0) {
		class_reset(&p->def);
		p->def_seen = false;
		return 0;
	}
	for (i = 0; i < p->cls.n; i++)
		if (strcmp(((struct zc_sipclass *)p->cls.v[i])->name, cls) ==
		    0) {
			free(p->cls.v[i]);
			zc_vec_del(&p->cls, i);
			return 0;
		}
	return zc_fail(e, "class %s not configured in policy-map %s", cls,
	    pmap);
}

int
zc_sipclass_action(struct zone_cfg *c, const char *pmap, const char *cls,
    int action, unsigned code, bool log, bool no, struct zc_err *e)
{
	struct zc_sipclass *k = class_find(zc_sippmap_find(c, pmap), cls);

	if (k == NULL)
		return zc_fail(e, "class %s not configured in policy-map %s",
		    cls, pmap);
	if (no) {
		if (action < 0) { /* no log */
			k->log = false;
			return 0;
		}
		if (k->action != action ||
		    (action == SIP_L7_RESPOND && code != 0 && code != k->code))
			return 0;
		if (log && k->log) { /* no drop log: keep drop */
			k->log = false;
			return 0;
		}
		class_reset(k);
		return 0;
	}
	if (action < 0) {
		k->log = true;
		return 0;
	}
	k->action = action;
	k->code = code;
	k->log = log;
	return 0;
}

int
zc_sipclass_rate(struct zone_cfg *c, const char *pmap, const char *cls,
    uint32_t n, struct zc_err *e)
{
	struct zc_sipclass *k = class_find(zc_sippmap_find(c, pmap), cls);

	if (k == NULL)
		return zc_fail(e, "class %s not configured in policy-map %s",
		    cls, pmap);
	k->rate = n;
	return 0;
}

/* Does L4 class-map name match SIP (match protocol sip, maybe nested)? */
static bool
cmap_is_sip(const struct zone_cfg *c, const char *name, int depth)
{
	const struct zc_cmap *m = zc_cmap_find(c, name);
	size_t i;

	if (m == NULL || depth > ZC_NEST_MAX)
		return false;
	for (i = 0; i < m->nm; i++)
		if ((m->m[i].kind == ZM_PROTO &&
			strcmp(m->m[i].arg, "sip") == 0) ||
		    (m->m[i].kind == ZM_CMAP &&
			cmap_is_sip(c, m->m[i].arg, depth + 1)))
			return true;
	return false;
}

int
zc_class_sip_policy(struct zone_cfg *c, const char *pmap, const char *cls,
    const char *name, struct zc_err *e)
{
	struct zc_class *k = zc_class_find(zc_pmap_find(c, pmap), cls);

	if (k == NULL || strcmp(cls, "class-default") == 0)
		return zc_fail(e,
		    "service-policy sip needs a class type "
		    "inspect that matches protocol sip");
	if (name == NULL) {
		k->sip_policy[0] = '\0';
		return 0;
	}
	if (zc_sippmap_find(c, name) == NULL)
		return zc_fail(e,
		    "policy-map type inspect sip %s not "
		    "configured",
		    name);
	if (!cmap_is_sip(c, cls, 0))
		return zc_fail(e, "class-map %s does not match protocol sip",
		    cls);
	if (k->action != ZA_INSPECT)
		return zc_fail(e,
		    "service-policy sip needs the inspect "
		    "action in class %s",
		    cls);
	strcpy(k->sip_policy, name);
	return 0;
}

static void
print_class(const struct zc_sipclass *k, bool dflt, struct buf *b)
{
	if (dflt)
		buf_puts(b, " class class-default\n");
	else
		buf_printf(b, " class type inspect sip %s\n", k->name);
	if (k->action == SIP_L7_RESPOND)
		buf_printf(b, "  respond %u%s\n", k->code,
		    k->log ? " log" : "");
	else if (k->action >= 0)
		buf_printf(b, "  %s%s\n", sip_l7_action_name(k->action),
		    k->log ? " log" : "");
	else if (k->log)
		buf_puts(b, "  log\n");
	if (k->rate > 0)
		buf_printf(b, "  rate-limit %u\n", k->rate);
}

void
zc_print_sippmaps(const struct zone_cfg *c, struct buf *b)
{
	size_t i, j;

	if (c->l7 == NULL)
		return;
	for (i = 0; i < c->l7->pmaps.n; i++) {
		const struct zc_sippmap *p = c->l7->pmaps.v[i];
		buf_printf(b, "policy-map type inspect sip %s\n", p->name);
		for (j = 0; j < p->cls.n; j++)
			print_class(p->cls.v[j], false, b);
		if (p->def_seen || p->def.action >= 0 || p->def.log ||
		    p->def.rate > 0)
			print_class(&p->def, true, b);
	}
}

/* Commands. */

static int
cmd_sippmap(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *name = cli_arg(a, "NAME");
	int rc;

	if (cli_no(a))
		return zc_ret(cx, zc_sippmap_del(zc_cfg(cx), name, &e), &e);
	rc = zc_sippmap_enter(zc_cfg(cx), name, &e);
	if (rc == 0)
		return cli_enter(cx, CLI_MODE_SIP_PMAP, name, NULL);
	return zc_ret(cx, rc, &e);
}

static int
cmd_sipclass(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *pm = cli_obj(cx, 0);
	const char *cls = cli_has(a, "class-default") ? "class-default" :
							cli_arg(a, "CMAP");
	int rc;

	if (cls == NULL)
		return cli_error(cx, "Incomplete command.");
	if (cli_no(a))
		return zc_ret(cx, zc_sipclass_del(zc_cfg(cx), pm, cls, &e), &e);
	rc = zc_sipclass_enter(zc_cfg(cx), pm, cls, &e);
	if (rc == 0)
		return cli_enter(cx, CLI_MODE_SIP_PMAPC, pm, cls);
	return zc_ret(cx, rc, &e);
}

static int
cmd_action(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	int act = cli_has(a, "allow") ? SIP_L7_ALLOW :
	    cli_has(a, "drop")	      ? SIP_L7_DROP :
	    cli_has(a, "reset")	      ? SIP_L7_RESET :
	    cli_has(a, "respond")     ? SIP_L7_RESPOND :
					-1;

	return zc_ret(cx,
	    zc_sipclass_action(zc_cfg(cx), cli_obj(cx, 0), cli_obj(cx, 1), act,
		(unsigned)cli_num(a, "CODE", 0), cli_has(a, "log"), cli_no(a),
		&e),
	    &e);
}

static int
cmd_rate_limit(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_sipclass_rate(zc_cfg(cx), cli_obj(cx, 0), cli_obj(cx, 1),
		cli_no(a) ? 0 : (uint32_t)cli_num(a, "N", 0), &e),
	    &e);
}

static int
cmd_service_policy(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_class_sip_policy(zc_cfg(cx), cli_obj(cx, 0), cli_obj(cx, 1),
		cli_no(a) ? NULL : cli_arg(a, "NAME"), &e),
	    &e);
}

const struct cli_cmd zc_sippmap_rows[] = {
	{ CLI_MODE_CONFIG, "policy-map type inspect sip NAME",
	    { "Configure Policy Map", "specify policy-map type",
		"Configure Firewall Policy Map",
		"Layer 7 SIP policy-map (policy-map type inspect sip)",
		"policy-map name" },
	    cmd_sippmap, 0 },
	{ CLI_MODE_SIP_PMAP, "class type inspect sip CMAP",
	    { "policy criteria", "Configure Class type",
		"Configure Firewall class type", "SIP class-map",
		"class-map name" },
	    cmd_sipclass, 0 },
	{ CLI_MODE_SIP_PMAP, "class class-default",
	    { "policy criteria",
		"System default class matching otherwise "
		"unclassified messages (allowed by default)" },
	    cmd_sipclass, 0 },
	{ CLI_MODE_SIP_PMAPC, "allow [log]",
	    { "Allow the message", "Log the allowed message" }, cmd_action, 0 },
	{ CLI_MODE_SIP_PMAPC, "drop [log]",
	    { "Drop the message", "Log the dropped message" }, cmd_action, 0 },
	{ CLI_MODE_SIP_PMAPC, "reset [log]",
	    { "Drop the message; over TCP drop the rest of the connection too",
		"Log the reset" },
	    cmd_action, 0 },
	{ CLI_MODE_SIP_PMAPC, "respond CODE:<400-699> [log]",
	    { "Drop a request and answer it with a final response (UDP; at most "
	      "50 a second per class)",
		"SIP status code (403 Forbidden, 486 Busy Here, 603 Decline, ...)",
		"Log the response" },
	    cmd_action, 0 },
	{ CLI_MODE_SIP_PMAPC, "log",
	    { "Log every message of the class (rate limited)" }, cmd_action,
	    0 },
	{ CLI_MODE_SIP_PMAPC, "rate-limit N:<1-100000>",
	    { "Limit the class's messages from each source address (the excess "
	      "is dropped)",
		"Messages per second per source address" },
	    cmd_rate_limit, 0 },
	{ CLI_MODE_PMAPC, "service-policy sip NAME",
	    { "Configure Layer 7 policy",
		"SIP policy-map (policy-map type "
		"inspect sip)",
		"policy-map name" },
	    cmd_service_policy, 0 },
};
const size_t zc_sippmap_nrows = sizeof(zc_sippmap_rows) /
    sizeof(zc_sippmap_rows[0]);
