/*
 * The configuration model of the zone-based firewall: zones, zone-pairs,
 * class-maps, policy-maps, parameter-maps, ACLs, interfaces, port-map.
 * Plain data owned by the daemon (struct zbfw.cfg); the CLI rows registered
 * by zone_cli_init() edit it; zone_compile() (policy.h) turns it into the
 * immutable policy graph.
 */
#ifndef ZB_ZONES_H
#define ZB_ZONES_H

#include "lib/buf.h"

struct zone_cfg;

struct zone_cfg	*zone_cfg_new(void);
void		 zone_cfg_free(struct zone_cfg *);

/* Register the firewall configuration, show and clear commands. */
void	zone_cli_init(void);

/*
 * The one printer of the firewall configuration, in IOS running-config
 * order.  ZONE_PRINT_MAIN: ip port-map, parameter-maps, class-maps,
 * policy-maps, zones, zone-pairs, interfaces (with their `!` separators);
 * ZONE_PRINT_ACL: access lists.  The daemon puts hostname/secrets before
 * MAIN and banner/lines after ACL.
 */
enum zone_print_part { ZONE_PRINT_MAIN, ZONE_PRINT_ACL };
void	zone_print(const struct zone_cfg *, enum zone_print_part, struct buf *);

/*
 * Interface names: IOS forms (`GigabitEthernet0/0/0`, `gigabitethernet
 * 0/0/0`, `gi0/0/0`) are canonicalised to `GigabitEthernet0/0/0` for
 * printing and map to the Linux name `gi0-0-0`; Linux names (`eth0`) stay
 * as they are.  Returns 0, or -EINVAL for a name that is neither.
 */
int	zone_ifname_canon(const char *typed, char *conf, size_t conflen,
	    char *linux_name, size_t linuxlen);

#endif
