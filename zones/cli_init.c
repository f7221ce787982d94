/* zone_cli_init: register every firewall configuration, show and clear
 * row (the tables live next to the model code they drive). */
#include "cli/cli.h"
#include "zones/zones_int.h"

void
zone_cli_init(void)
{
	cli_register(zc_pam_rows, zc_pam_nrows);
	cli_register(zc_param_rows, zc_param_nrows);
	cli_register(zc_cmap_rows, zc_cmap_nrows);
	cli_register(zc_pmap_rows, zc_pmap_nrows);
	cli_register(zc_zone_rows, zc_zone_nrows);
	cli_register(zc_iface_rows, zc_iface_nrows);
	cli_register(zc_acl_rows, zc_acl_nrows);
	cli_register(zc_show_zone_rows, zc_show_zone_nrows);
	cli_register(zc_show_pmap_rows, zc_show_pmap_nrows);
}
