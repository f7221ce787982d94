/* zone security and zone-pair security: model, rows, printer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

int
zc_zone_enter(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	struct zc_zone *z;

	if (zc_name_ok(name, e) < 0)
		return -1;
	if (strcmp(name, "self") == 0)
		return zc_fail(e,
		    "Zone self is system defined and cannot be "
		    "configured");
	if (zc_zone_find(c, name) != NULL)
		return 0;
	if ((z = calloc(1, sizeof(*z))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(z->name, name);
	if (zc_vec_push(&c->zones, z) < 0) {
		free(z);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_zone_del(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	size_t i;

	if (strcmp(name, "self") == 0)
		return zc_fail(e,
		    "Zone self is system defined and cannot be "
		    "removed");
	if (zc_zone_find(c, name) == NULL)
		return zc_fail(e, "Zone %s does not exist", name);
	for (i = 0; i < c->zpairs.n; i++) {
		struct zc_zpair *p = c->zpairs.v[i];
		if (strcmp(p->src, name) == 0 || strcmp(p->dst, name) == 0)
			return zc_fail(e,
			    "Zone %s is in use by zone-pair %s; "
			    "remove the zone-pair first",
			    name, p->name);
	}
	for (i = 0; i < c->ifaces.n; i++) {
		struct zc_iface *f = c->ifaces.v[i];
		if (strcmp(f->zone, name) == 0)
			return zc_fail(e,
			    "Zone %s is in use by interface %s; "
			    "remove its zone-member security first",
			    name, f->conf);
	}
	for (i = 0; i < c->zones.n; i++) {
		struct zc_zone *z = c->zones.v[i];
		if (strcmp(z->name, name) == 0) {
			zc_vec_del(&c->zones, i);
			free(z->descr);
			free(z);
			break;
		}
	}
	return 0;
}

int
zc_zone_descr(struct zone_cfg *c, const char *name, const char *d,
    struct zc_err *e)
{
	struct zc_zone *z;

	if ((z = zc_zone_find(c, name)) == NULL)
		return zc_fail(e, "Zone %s does not exist", name);
	if (zc_set_str(&z->descr, d) < 0)
		return zc_fail(e, "Out of memory");
	return 0;
}

static int
zone_ref_ok(const struct zone_cfg *c, const char *z, struct zc_err *e)
{
	if (strcmp(z, "self") == 0 || zc_zone_find(c, z) != NULL)
		return 0;
	if (strcmp(z, "default") == 0)
		return zc_fail(e,
		    "Zone default does not exist; configure "
		    "'zone security default' first");
	return zc_fail(e, "Zone %s does not exist", z);
}

/*
 * Ids are small and stable: one more than the largest in use, so a
 * removed zone-pair's id is not handed out again while newer ones exist
 * (sessions may still carry it).  Past ZC_ZP_ID_MAX (the dataplane keeps
 * ids in a packet mark) the lowest free id is reused.
 */
static int
zpair_new_id(const struct zone_cfg *c)
{
	int max = 0, id;
	size_t i;

	for (i = 0; i < c->zpairs.n; i++)
		if (((struct zc_zpair *)c->zpairs.v[i])->id > max)
			max = ((struct zc_zpair *)c->zpairs.v[i])->id;
	if (max < ZC_ZP_ID_MAX)
		return max + 1;
	for (id = 1;; id++) {
		for (i = 0; i < c->zpairs.n; i++)
			if (((struct zc_zpair *)c->zpairs.v[i])->id == id)
				break;
		if (i == c->zpairs.n)
			return id;
	}
}

int
zc_zpair_enter(struct zone_cfg *c, const char *name, const char *src,
    const char *dst, struct zc_err *e)
{
	struct zc_zpair *p;
	size_t i;

	if (zc_name_ok(name, e) < 0)
		return -1;
	if ((p = zc_zpair_find(c, name)) != NULL) {
		if (src == NULL && dst == NULL)
			return 0;
		if (src != NULL && dst != NULL && strcmp(p->src, src) == 0 &&
		    strcmp(p->dst, dst) == 0)
			return 0;
		return zc_fail(e,
		    "Zone-pair %s already exists with source %s "
		    "destination %s; remove it first",
		    name, p->src, p->dst);
	}
	if (src == NULL || dst == NULL)
		return zc_fail(e,
		    "Zone-pair %s does not exist; give source "
		    "and destination to create it",
		    name);
	if (zone_ref_ok(c, src, e) < 0 || zone_ref_ok(c, dst, e) < 0)
		return -1;
	if (strcmp(src, "self") == 0 && strcmp(dst, "self") == 0)
		return zc_fail(e,
		    "Source and destination cannot both be "
		    "self");
	for (i = 0; i < c->zpairs.n; i++) {
		p = c->zpairs.v[i];
		if (strcmp(p->src, src) == 0 && strcmp(p->dst, dst) == 0)
			return zc_fail(e,
			    "Zone-pair %s already exists for "
			    "source %s destination %s",
			    p->name, src, dst);
	}
	if (c->zpairs.n >= ZC_ZP_ID_MAX)
		return zc_fail(e, "Too many zone-pairs (at most %d)",
		    ZC_ZP_ID_MAX);
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(p->name, name);
	snprintf(p->src, sizeof(p->src), "%s", src);
	snprintf(p->dst, sizeof(p->dst), "%s", dst);
	p->id = zpair_new_id(c);
	if (zc_vec_push(&c->zpairs, p) < 0) {
		free(p);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_zpair_del(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	size_t i;

	for (i = 0; i < c->zpairs.n; i++) {
		struct zc_zpair *p = c->zpairs.v[i];
		if (strcmp(p->name, name) == 0) {
			zc_vec_del(&c->zpairs, i);
			free(p->descr);
			free(p);
			return 0;
		}
	}
	return zc_fail(e, "Zone-pair %s does not exist", name);
}

int
zc_zpair_descr(struct zone_cfg *c, const char *name, const char *d,
    struct zc_err *e)
{
	struct zc_zpair *p;

	if ((p = zc_zpair_find(c, name)) == NULL)
		return zc_fail(e, "Zone-pair %s does not exist", name);
	if (zc_set_str(&p->descr, d) < 0)
		return zc_fail(e, "Out of memory");
	return 0;
}

int
zc_zpair_policy(struct zone_cfg *c, const char *name, const char *pmap, bool no,
    struct zc_err *e)
{
	struct zc_zpair *p;

	if ((p = zc_zpair_find(c, name)) == NULL)
		return zc_fail(e, "Zone-pair %s does not exist", name);
	if (no) {
		if (pmap != NULL && p->policy[0] != '\0' &&
		    strcmp(pmap, p->policy) != 0)
			return zc_fail(e,
			    "Policy-map %s is not attached to "
			    "zone-pair %s",
			    pmap, name);
		p->policy[0] = '\0';
		return 0;
	}
	if (zc_name_ok(pmap, e) < 0)
		return -1;
	if (zc_pmap_find(c, pmap) == NULL)
		return zc_fail(e, "policy-map type inspect %s not configured",
		    pmap);
	strcpy(p->policy, pmap);
	return 0;
}

void
zc_print_zones(const struct zone_cfg *c, struct buf *b)
{
	size_t i;

	for (i = 0; i < c->zones.n; i++) {
		const struct zc_zone *z = c->zones.v[i];
		buf_printf(b, "zone security %s\n", z->name);
		if (z->descr != NULL)
			buf_printf(b, " description %s\n", z->descr);
	}
	for (i = 0; i < c->zpairs.n; i++) {
		const struct zc_zpair *p = c->zpairs.v[i];
		buf_printf(b,
		    "zone-pair security %s source %s destination "
		    "%s\n",
		    p->name, p->src, p->dst);
		if (p->descr != NULL)
			buf_printf(b, " description %s\n", p->descr);
		if (p->policy[0] != '\0')
			buf_printf(b, " service-policy type inspect %s\n",
			    p->policy);
	}
}

/* Commands. */

static int
cmd_zone(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *name = cli_arg(a, "NAME");
	int rc;

	if (cli_no(a))
		return zc_ret(cx, zc_zone_del(zc_cfg(cx), name, &e), &e);
	rc = zc_zone_enter(zc_cfg(cx), name, &e);
	if (rc == 0)
		cli_enter(cx, CLI_MODE_ZONE, name, NULL);
	return zc_ret(cx, rc, &e);
}

static int
cmd_zone_descr(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_zone_descr(zc_cfg(cx), cli_obj(cx, 0),
		cli_no(a) ? NULL : cli_arg(a, "TEXT"), &e),
	    &e);
}

static int
cmd_zpair(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	const char *name = cli_arg(a, "NAME");
	int rc;

	if (cli_no(a))
		return zc_ret(cx, zc_zpair_del(zc_cfg(cx), name, &e), &e);
	rc = zc_zpair_enter(zc_cfg(cx), name, cli_arg(a, "SRC"),
	    cli_arg(a, "DST"), &e);
	if (rc == 0)
		cli_enter(cx, CLI_MODE_ZPAIR, name, NULL);
	return zc_ret(cx, rc, &e);
}

static int
cmd_zpair_descr(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_zpair_descr(zc_cfg(cx), cli_obj(cx, 0),
		cli_no(a) ? NULL : cli_arg(a, "TEXT"), &e),
	    &e);
}

static int
cmd_zpair_policy(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_zpair_policy(zc_cfg(cx), cli_obj(cx, 0), cli_arg(a, "PMAP"),
		cli_no(a), &e),
	    &e);
}

const struct cli_cmd zc_zone_rows[] = {
	{ CLI_MODE_CONFIG, "zone security {NAME|default}",
	    { "FW with zoning", "Security zone", "Zone name",
		"Default zone for interfaces in no zone" },
	    cmd_zone, 0 },
	{ CLI_MODE_ZONE, "description TEXT:LINE",
	    { "Zone description",
		"Description of this security zone (up to "
		"200 characters)" },
	    cmd_zone_descr, 0 },
	{ CLI_MODE_CONFIG,
	    "zone-pair security NAME [source {SRC|self|default} destination "
	    "{DST|self|default}]",
	    { "Zone pair command", "Zone-pair security",
		"Name of the zone-pair", "Source zone", "Zone name",
		"System defined self zone", "Default zone", "Destination zone",
		"Zone name", "System defined self zone", "Default zone" },
	    cmd_zpair, 0 },
	{ CLI_MODE_ZPAIR, "description TEXT:LINE",
	    { "Zone-pair description",
		"Description of this zone-pair (up to "
		"200 characters)" },
	    cmd_zpair_descr, 0 },
	{ CLI_MODE_ZPAIR, "service-policy type inspect PMAP",
	    { "Configure Firewall policy", "Configure service-policy type",
		"Firewall policy", "policy-map name" },
	    cmd_zpair_policy, 0 },
};
const size_t zc_zone_nrows = sizeof(zc_zone_rows) / sizeof(zc_zone_rows[0]);
