/* show zone security, show zone-pair security (ref §4.1, §4.2). */
#include <string.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

#define DEFAULT_ZONE_DESCR                                                     \
	"System level zone. Interface without zone "                           \
	"membership is in this zone automatically"

/*
 * A member interface: its configured name; with a statistics source,
 * " (down)" or " (not present)" after it when the link is not up (an up
 * interface, or no source, prints the plain IOS line).
 */
static void
show_member(const struct zone_cfg *c, const struct zc_iface *f, struct buf *b)
{
	const char *st = "";

	if (c->stats != NULL && c->stats->iface_state != NULL)
		switch (c->stats->iface_state(c->stats_arg, f->linux_name)) {
		case ZONE_IF_DOWN:
			st = " (down)";
			break;
		case ZONE_IF_ABSENT:
			st = " (not present)";
			break;
		case ZONE_IF_UP:
			break;
		}
	buf_printf(b, "    %s%s\n", f->conf, st);
}

static void
show_zone(const struct zone_cfg *c, const char *name, const char *descr,
    struct buf *b)
{
	size_t i, n = 0;

	buf_printf(b, "zone %s\n", name);
	if (descr != NULL)
		buf_printf(b, "  Description: %s\n", descr);
	for (i = 0; i < c->ifaces.n; i++) {
		const struct zc_iface *f = c->ifaces.v[i];
		bool member = strcmp(f->zone, name) == 0 ||
		    (f->zone[0] == '\0' && strcmp(name, "default") == 0);
		if (!member)
			continue;
		if (n++ == 0)
			buf_puts(b, "  Member Interfaces:\n");
		show_member(c, f, b);
	}
	buf_putc(b, '\n');
}

void
zc_show_zones(const struct zone_cfg *c, const char *name, struct buf *b)
{
	size_t i;

	if (name == NULL || strcmp(name, "self") == 0)
		show_zone(c, "self", "System defined zone", b);
	for (i = 0; i < c->zones.n; i++) {
		const struct zc_zone *z = c->zones.v[i];
		const char *d = z->descr;
		if (name != NULL && strcmp(name, z->name) != 0)
			continue;
		if (d == NULL && strcmp(z->name, "default") == 0)
			d = DEFAULT_ZONE_DESCR;
		show_zone(c, z->name, d, b);
	}
}

void
zc_show_zpairs(const struct zone_cfg *c, const char *src, const char *dst,
    struct buf *b)
{
	size_t i;

	for (i = 0; i < c->zpairs.n; i++) {
		const struct zc_zpair *p = c->zpairs.v[i];
		if ((src != NULL && strcmp(src, p->src) != 0) ||
		    (dst != NULL && strcmp(dst, p->dst) != 0))
			continue;
		buf_printf(b, "Zone-pair name %s %d\n", p->name, p->id);
		if (p->descr != NULL)
			buf_printf(b, "    Description: %s\n", p->descr);
		buf_printf(b, "    Source-Zone %s  Destination-Zone %s\n",
		    p->src, p->dst);
		if (p->policy[0] != '\0')
			buf_printf(b, "    service-policy %s\n", p->policy);
		else
			buf_puts(b, "    service-policy not configured\n");
	}
}

static int
cmd_show_zone(struct cli_ctx *cx, const struct cli_args *a)
{
	const struct zone_cfg *c = zc_cfg(cx);
	const char *name = cli_arg(a, "NAME");
	struct buf b;

	if (name != NULL && strcmp(name, "self") != 0 &&
	    zc_zone_find(c, name) == NULL)
		return cli_error(cx, "Zone %s does not exist", name);
	buf_init(&b);
	zc_show_zones(c, name, &b);
	if (b.len > 0)
		cli_puts(cx, b.p);
	buf_free(&b);
	return CLI_OK;
}

static int
cmd_show_zpair(struct cli_ctx *cx, const struct cli_args *a)
{
	struct buf b;

	buf_init(&b);
	zc_show_zpairs(zc_cfg(cx), cli_arg(a, "SRC"), cli_arg(a, "DST"), &b);
	if (b.len > 0)
		cli_puts(cx, b.p);
	buf_free(&b);
	return CLI_OK;
}

const struct cli_cmd zc_show_zone_rows[] = {
	{ CLI_MODE_EXEC, "show zone security [NAME]",
	    { "Show running system information", "Zone information",
		"Security zone", "Zone name" },
	    cmd_show_zone, 0 },
	{ CLI_MODE_EXEC,
	    "show zone-pair security [source SRC] [destination DST]",
	    { "Show running system information", "Zone pair information",
		"Security zone-pair", "Source zone", "Zone name",
		"Destination zone", "Zone name" },
	    cmd_show_zpair, 0 },
};
const size_t zc_show_zone_nrows = sizeof(zc_show_zone_rows) /
    sizeof(zc_show_zone_rows[0]);
