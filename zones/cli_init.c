/* zone_cli_init: register every firewall configuration, show and clear
 * row (the tables live next to the model code they drive), each with the
 * model as its context. */
#include "cli/cli.h"
#include "zones/zones_int.h"

void
zone_cli_init(struct cli *c, struct zone_cfg *cfg)
{
	cli_register(c, zc_pam_rows, zc_pam_nrows, cfg);
	cli_register(c, zc_param_rows, zc_param_nrows, cfg);
	cli_register(c, zc_cmap_rows, zc_cmap_nrows, cfg);
	cli_register(c, zc_pmap_rows, zc_pmap_nrows, cfg);
	cli_register(c, zc_regex_rows, zc_regex_nrows, cfg);
	cli_register(c, zc_sipcmap_rows, zc_sipcmap_nrows, cfg);
	cli_register(c, zc_sippmap_rows, zc_sippmap_nrows, cfg);
	cli_register(c, zc_sip_show_rows, zc_sip_show_nrows, cfg);
	cli_register(c, zc_zone_rows, zc_zone_nrows, cfg);
	cli_register(c, zc_iface_rows, zc_iface_nrows, cfg);
	zc_acl_types_register(c);
	cli_register(c, zc_acl_rows, zc_acl_nrows, cfg);
	cli_register(c, zc_show_zone_rows, zc_show_zone_nrows, cfg);
	cli_register(c, zc_show_pmap_rows, zc_show_pmap_nrows, cfg);
}
