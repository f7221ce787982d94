/* zone_print: the firewall part of the running-config, IOS order. */
#include "zones/zones_int.h"

static void
section(const struct zone_cfg *c, struct buf *b,
    void (*fn)(const struct zone_cfg *, struct buf *))
{
	size_t before = b->len;

	fn(c, b);
	if (b->len > before)
		buf_puts(b, "!\n");
}

void
zone_print(const struct zone_cfg *c, enum zone_print_part part, struct buf *b)
{
	if (c == NULL)
		return;
	if (part == ZONE_PRINT_ACL) {
		zc_print_acls(c, b);
		return;
	}
	section(c, b, zc_print_pam);
	section(c, b, zc_print_params);
	section(c, b, zc_print_regexes);
	section(c, b, zc_print_cmaps);
	section(c, b, zc_print_sipcmaps);
	section(c, b, zc_print_sippmaps);
	section(c, b, zc_print_pmaps);
	section(c, b, zc_print_zones);
	zc_print_ifaces(c, b); /* each block ends with its own `!` */
}
