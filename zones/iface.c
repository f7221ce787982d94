/* Interfaces: IOS/Linux name canonicalisation, zone membership, rows. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

#define IFNAMSIZ_LINUX 16

static const struct {
	const char *full;
	const char *abbr; /* Linux prefix: gi0-0-0 */
	bool short_ok;	  /* `gi0` alone is IOS, not Linux */
} if_types[] = {
	{ "GigabitEthernet", "gi", true },
	{ "FastEthernet", "fa", true },
	{ "TenGigabitEthernet", "te", true },
	{ "FortyGigabitEthernet", "fo", true },
	{ "HundredGigE", "hu", true },
	{ "Ethernet", "et", false },
	{ "Loopback", "lo", false },
	{ "Tunnel", "tu", false },
	{ "Vlan", "vl", false },
	{ "Port-channel", "po", false },
	{ "Serial", "se", false },
};
#define NTYPES (sizeof(if_types) / sizeof(if_types[0]))

/* IOS interface number: 0, 0/0/0, 0/0/0.100, 1:2 */
static bool
ios_number_ok(const char *s)
{
	bool digit = false;

	if (*s == '\0' || !isdigit((unsigned char)*s))
		return false;
	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s)) {
			digit = true;
		} else if (*s == '/' || *s == '.' || *s == ':') {
			if (!digit)
				return false;
			digit = false;
		} else
			return false;
	}
	return digit;
}

static bool
linux_name_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n >= IFNAMSIZ_LINUX || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] == '/' || isspace((unsigned char)s[i]) ||
		    !isprint((unsigned char)s[i]))
			return false;
	return true;
}

int
zone_ifname_canon(const char *typed, char *conf, size_t conflen,
    char *linux_name, size_t linuxlen)
{
	char type[64], num[64];
	const char *p, *sp;
	size_t tl, i, hit = NTYPES, nhits = 0;
	bool spaced, full = false;
	int n;

	if (typed == NULL)
		return -EINVAL;
	while (isspace((unsigned char)*typed))
		typed++;
	sp = strchr(typed, ' ');
	spaced = sp != NULL;
	if (spaced) {
		tl = (size_t)(sp - typed);
		p = sp;
		while (*p == ' ')
			p++;
	} else {
		for (p = typed; *p != '\0' && !isdigit((unsigned char)*p); p++)
			;
		tl = (size_t)(p - typed);
	}
	if (tl > 0 && tl < sizeof(type) && strlen(p) < sizeof(num)) {
		memcpy(type, typed, tl);
		type[tl] = '\0';
		snprintf(num, sizeof(num), "%s", p);
		while ((n = (int)strlen(num)) > 0 && num[n - 1] == ' ')
			num[n - 1] = '\0';
		for (i = 0; i < NTYPES; i++)
			if (strncasecmp(if_types[i].full, type, tl) == 0) {
				if (strlen(if_types[i].full) == tl) {
					hit = i; /* exact beats prefix */
					nhits = 1;
					full = true;
					break;
				}
				hit = i;
				nhits++;
			}
		if (nhits == 1 && ios_number_ok(num) &&
		    (spaced || full || strchr(num, '/') != NULL ||
			if_types[hit].short_ok)) {
			n = snprintf(conf, conflen, "%s%s", if_types[hit].full,
			    num);
			if (n < 0 || (size_t)n >= conflen)
				return -EINVAL;
			n = snprintf(linux_name, linuxlen, "%s%s",
			    if_types[hit].abbr, num);
			if (n < 0 || (size_t)n >= linuxlen ||
			    n >= IFNAMSIZ_LINUX)
				return -EINVAL;
			for (i = 0; linux_name[i] != '\0'; i++)
				if (linux_name[i] == '/' ||
				    linux_name[i] == ':')
					linux_name[i] = '-';
			return 0;
		}
	}
	if (spaced || !linux_name_ok(typed) || strlen(typed) >= conflen ||
	    strlen(typed) >= linuxlen)
		return -EINVAL;
	strcpy(conf, typed);
	strcpy(linux_name, typed);
	return 0;
}

int
zc_iface_enter(struct zone_cfg *c, const char *typed, char *conf,
    size_t conflen, struct zc_err *e)
{
	char cn[ZC_NAME_MAX], ln[ZC_NAME_MAX];
	struct zc_iface *f;
	size_t i;

	if (zone_ifname_canon(typed, cn, sizeof(cn), ln, sizeof(ln)) < 0)
		return zc_fail(e, "Invalid interface name %s",
		    typed ? typed : "");

	snprintf(conf, conflen, "%s", cn);
	if (zc_iface_find(c, cn) != NULL)
		return 0;
	/* gi0-0-0 and GigabitEthernet0/0/0 are one Linux interface */
	for (i = 0; i < c->ifaces.n; i++) {
		f = c->ifaces.v[i];
		if (strcmp(f->linux_name, ln) == 0)
			return zc_fail(e,
			    "Interface %s is already configured "
			    "as %s",
			    cn, f->conf);
	}
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(f->conf, cn);
	strcpy(f->linux_name, ln);
	if (zc_vec_push(&c->ifaces, f) < 0) {
		free(f);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_iface_del(struct zone_cfg *c, const char *conf, struct zc_err *e)
{
	size_t i;

	for (i = 0; i < c->ifaces.n; i++) {
		struct zc_iface *f = c->ifaces.v[i];
		if (strcmp(f->conf, conf) == 0) {
			zc_vec_del(&c->ifaces, i);
			free(f->descr);
			free(f);
			return 0;
		}
	}
	return zc_fail(e, "Interface %s is not configured", conf);
}

int
zc_iface_zone(struct zone_cfg *c, const char *conf, const char *zone, bool no,
    struct zc_err *e)
{
	struct zc_iface *f;

	if ((f = zc_iface_find(c, conf)) == NULL)
		return zc_fail(e, "Interface %s is not configured", conf);
	if (no) {
		if (zone != NULL && f->zone[0] != '\0' &&
		    strcmp(zone, f->zone) != 0)
			return zc_fail(e,
			    "Interface %s is not a member of "
			    "zone %s",
			    conf, zone);
		f->zone[0] = '\0';
		return 0;
	}
	if (zc_name_ok(zone, e) < 0)
		return -1;
	if (strcmp(zone, "self") == 0)
		return zc_fail(e,
		    "Zone self is system defined; an interface "
		    "cannot be a member of it");
	if (strcmp(zone, "default") == 0)
		return zc_fail(e,
		    "Interfaces in no zone are in the default "
		    "zone; do not assign it");
	if (zc_zone_find(c, zone) == NULL)
		return zc_fail(e, "Zone %s does not exist", zone);
	if (f->zone[0] != '\0' && strcmp(f->zone, zone) != 0)
		return zc_fail(e,
		    "Interface %s is already a member of zone "
		    "%s; remove it first",
		    conf, f->zone);
	strcpy(f->zone, zone);
	return 0;
}

int
zc_iface_descr(struct zone_cfg *c, const char *conf, const char *d,
    struct zc_err *e)
{
	struct zc_iface *f;

	if ((f = zc_iface_find(c, conf)) == NULL)
		return zc_fail(e, "Interface %s is not configured", conf);
	if (zc_set_str(&f->descr, d) < 0)
		return zc_fail(e, "Out of memory");
	return 0;
}

void
zc_print_ifaces(const struct zone_cfg *c, struct buf *b)
{
	size_t i;

	for (i = 0; i < c->ifaces.n; i++) {
		const struct zc_iface *f = c->ifaces.v[i];
		buf_printf(b, "interface %s\n", f->conf);
		if (f->descr != NULL)
			buf_printf(b, " description %s\n", f->descr);
		if (f->zone[0] != '\0')
			buf_printf(b, " zone-member security %s\n", f->zone);
		buf_puts(b, "!\n");
	}
}

/* Commands. */

static int
cmd_iface(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };
	char typed[2 * ZC_NAME_MAX], conf[ZC_NAME_MAX];
	const char *t = cli_arg(a, "TYPE"), *n = cli_arg(a, "NUMBER");
	int rc;

	if (t == NULL)
		return cli_error(cx, "Incomplete command.");
	snprintf(typed, sizeof(typed), "%s%s%s", t, n ? " " : "", n ? n : "");
	if (cli_no(a)) {
		char ln[ZC_NAME_MAX];
		if (zone_ifname_canon(typed, conf, sizeof(conf), ln,
			sizeof(ln)) < 0)
			return cli_error(cx, "Invalid interface name %s",
			    typed);
		return zc_ret(cx, zc_iface_del(zc_cfg(cx), conf, &e), &e);
	}
	rc = zc_iface_enter(zc_cfg(cx), typed, conf, sizeof(conf), &e);
	if (rc == 0)
		cli_enter(cx, CLI_MODE_IF, conf, NULL);
	return zc_ret(cx, rc, &e);
}

static int
cmd_member(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_iface_zone(zc_cfg(cx), cli_obj(cx, 0), cli_arg(a, "ZONE"),
		cli_no(a), &e),
	    &e);
}

/*
 * `zone security NAME` typed in interface mode.  The seed document uses it
 * for zone-member security; IOS itself runs it as the global command (the
 * line is not an interface command).  Membership when that is what it can
 * mean (the zone exists; the interface is in no zone or in that one),
 * otherwise the global command, so flat files written either way load.
 */
static int
cmd_if_zone_security(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zone_cfg *c = zc_cfg(cx);
	struct zc_iface *f = zc_iface_find(c, cli_obj(cx, 0));
	const char *zone = cli_arg(a, "ZONE");
	struct zc_err e = { "", "" };
	int rc;

	if (f == NULL || zone == NULL)
		return cli_error(cx, "Incomplete command.");
	if (cli_no(a)) {
		if (strcmp(f->zone, zone) == 0)
			return cmd_member(cx, a);
		return zc_ret(cx, zc_zone_del(c, zone, &e), &e);
	}
	if (zc_zone_find(c, zone) != NULL || strcmp(zone, "self") == 0 ||
	    strcmp(zone, "default") == 0)
		return cmd_member(cx, a);
	rc = zc_zone_enter(c, zone, &e);
	if (rc == 0)
		cli_enter(cx, CLI_MODE_ZONE, zone, NULL);
	return zc_ret(cx, rc, &e);
}

static int
cmd_if_descr(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = { "", "" };

	return zc_ret(cx,
	    zc_iface_descr(zc_cfg(cx), cli_obj(cx, 0),
		cli_no(a) ? NULL : cli_arg(a, "TEXT"), &e),
	    &e);
}

const struct cli_cmd zc_iface_rows[] = {
	{ CLI_MODE_CONFIG, "interface TYPE [NUMBER]",
	    { "Select an interface to configure",
		"Interface type and number (GigabitEthernet0/0/0, gi0/0/0) or "
		"a Linux name (eth0)",
		"Interface number (0/0/0)" },
	    cmd_iface, 0 },
	{ CLI_MODE_IF, "zone-member security ZONE",
	    { "Apply zone name", "Security zone", "Zone name" }, cmd_member,
	    0 },
	/* The seed document writes `zone security NAME` under interface. */
	{ CLI_MODE_IF, "zone security ZONE",
	    { "Apply zone name (as zone-member security)", "Security zone",
		"Zone name" },
	    cmd_if_zone_security, CLI_F_HIDDEN },
	{ CLI_MODE_IF, "description TEXT:LINE",
	    { "Interface specific description",
		"Up to 240 characters "
		"describing this interface" },
	    cmd_if_descr, 0 },
};
const size_t zc_iface_nrows = sizeof(zc_iface_rows) / sizeof(zc_iface_rows[0]);
