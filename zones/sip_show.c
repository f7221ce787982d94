/* show class-map type inspect sip / show policy-map type inspect sip: the
 * Layer 7 maps in the layout of their L4 counterparts (show_pmap.c). */
#include <string.h>

#include "cli/cli.h"
#include "zones/sip_l7_int.h"

static void
show_cmaps(const struct zone_cfg *c, const char *name, struct buf *b)
{
	size_t i, j;

	for (i = 0; c->l7 != NULL && i < c->l7->cmaps.n; i++) {
		const struct zc_sipcmap *m = c->l7->cmaps.v[i];
		if (name != NULL && strcmp(name, m->name) != 0)
			continue;
		buf_printf(b, " Class Map type inspect sip %s %s\n",
		    m->any ? "match-any" : "match-all", m->name);
		for (j = 0; j < m->n; j++) {
			buf_puts(b, "   Match ");
			zc_l7match_text(&m->m[j], b);
			buf_putc(b, '\n');
		}
	}
}

static void
show_class(const struct zc_sipclass *k, struct buf *b)
{
	const char *a = k->action < 0 ? "Allow" :
	    k->action == SIP_L7_ALLOW ? "Allow" :
	    k->action == SIP_L7_DROP  ? "Drop" :
	    k->action == SIP_L7_RESET ? "Reset" :
					"Respond";

	buf_printf(b, "    Class %s\n", k->name);
	if (k->action == SIP_L7_RESPOND)
		buf_printf(b, "      Respond %u%s\n", k->code,
		    k->log ? " log" : "");
	else
		buf_printf(b, "      %s%s\n", a, k->log ? " log" : "");
	if (k->rate > 0)
		buf_printf(b, "      Rate-limit %u\n", k->rate);
}

static void
show_pmaps(const struct zone_cfg *c, const char *name, struct buf *b)
{
	size_t i, j;

	for (i = 0; c->l7 != NULL && i < c->l7->pmaps.n; i++) {
		const struct zc_sippmap *p = c->l7->pmaps.v[i];
		if (name != NULL && strcmp(name, p->name) != 0)
			continue;
		buf_printf(b, "  Policy Map type inspect sip %s\n", p->name);
		for (j = 0; j < p->cls.n; j++)
			show_class(p->cls.v[j], b);
		show_class(&p->def, b);
	}
}

static int
cmd_show(struct cli_ctx *cx, const struct cli_args *a)
{
	const struct zone_cfg *c = zc_cfg(cx);
	const char *name = cli_arg(a, "NAME");
	bool cmap = cli_has(a, "class-map");
	struct buf b;

	if (name != NULL &&
	    (cmap ? zc_sipcmap_find(c, name) == NULL :
		    zc_sippmap_find(c, name) == NULL))
		return cli_error(cx, "%s %s not found",
		    cmap ? "Class-map" : "Policy-map", name);
	buf_init(&b);
	if (cmap)
		show_cmaps(c, name, &b);
	else
		show_pmaps(c, name, &b);
	if (b.len > 0)
		cli_puts(cx, b.p);
	buf_free(&b);
	return CLI_OK;
}

#define SH "Show running system information"
const struct cli_cmd zc_sip_show_rows[] = {
	{ CLI_MODE_EXEC, "show class-map type inspect sip [NAME]",
	    { SH, "Show QoS Class Map", "type of the class-map",
		"Inspect class-maps", "Layer 7 SIP class-maps",
		"class-map name" },
	    cmd_show, 0 },
	{ CLI_MODE_EXEC, "show policy-map type inspect sip [NAME]",
	    { SH, "Show QoS Policy Map", "type of the policy-map",
		"Inspect policy-maps", "Layer 7 SIP policy-maps",
		"policy-map name" },
	    cmd_show, 0 },
};
const size_t zc_sip_show_nrows = sizeof(zc_sip_show_rows) /
    sizeof(zc_sip_show_rows[0]);
