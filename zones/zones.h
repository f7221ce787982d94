/*
 * The configuration model of the zone-based firewall: zones, zone-pairs,
 * class-maps, policy-maps, parameter-maps, ACLs, interfaces, port-map.
 * Plain data owned by the daemon; the CLI rows registered by zone_cli_init()
 * with it as their context edit it; zone_compile() (policy.h) turns it into the
 * immutable policy graph.
 */
#ifndef ZB_ZONES_H
#define ZB_ZONES_H

#include <stdint.h>
#include <time.h>
#include <netinet/in.h>

#include "lib/buf.h"

struct cli;
struct zone_cfg;

struct zone_cfg *zone_cfg_new(void);
void zone_cfg_free(struct zone_cfg *);

/*
 * Statistics for the firewall shows and clears, from whoever counts them
 * (the dataplane implements these operations; the daemon plugs them in
 * with zone_cfg_set_stats()).  Plain data: zones/ prints it in IOS's
 * layouts.  Without a source (--no-dataplane) the shows print zero
 * counters and no sessions, `show zone security` the plain member lines,
 * and the clears have nothing to clear.
 */

/* Counters of one (zone-pair, class). */
struct zone_class_stats {
	uint64_t pkts, bytes;			/* pass/drop: packets matched */
	uint64_t tcp_pkts, udp_pkts, icmp_pkts; /* inspect */
	uint64_t sessions_created;
	uint32_t cur_estab, cur_halfopen, cur_terminating;
	uint32_t max_estab, max_halfopen, max_terminating;
	time_t last_created; /* wall clock; 0: never */
	time_t last_reset;   /* wall clock; 0: never */
	uint32_t last_rate;  /* sessions created, last minute */
	uint32_t last_halfopen_total;
};

enum zone_sess_state { ZONE_SESS_HALFOPEN, ZONE_SESS_ESTAB, ZONE_SESS_TERM };

/* One inspect session of a class; the tuple in the original direction. */
struct zone_sess {
	uint32_t id; /* the session id IOS prints */
	/* the session of the same class this one is a child of (SIP
	 * media of its signalling session); 0: none */
	uint32_t parent;
	uint8_t family; /* AF_INET, AF_INET6 */
	uint8_t proto;	/* IPPROTO_*; ICMP: sport is the type */
	uint8_t app;	/* enum zone_app; NONE: by proto */
	uint8_t state;	/* enum zone_sess_state */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} src, dst;
	uint16_t sport, dport;
	uint32_t age, idle; /* seconds: since created, heard */
	uint64_t bytes[2];  /* sent by initiator, responder */
};

enum zone_if_state { ZONE_IF_ABSENT = -1, ZONE_IF_DOWN, ZONE_IF_UP };

struct zone_stats_ops {
	/* Counters of (zp, cls); zeros when never counted.  0/-errno. */
	int (*class_stats)(void *arg, const char *zp, const char *cls,
	    struct zone_class_stats *out);
	/* fn() for each inspect session of (zp, cls), in any order;
	 * stops at fn's first non-zero return and returns it.  0/-errno. */
	int (*class_sessions)(void *arg, const char *zp, const char *cls,
	    int (*fn)(void *fnarg, const struct zone_sess *), void *fnarg);
	/* A member interface by its Linux name (or altname). */
	enum zone_if_state (*iface_state)(void *arg, const char *ifname);
	/* Reset the counters / end the inspect sessions of zone-pair zp
	 * (NULL: every zone-pair).  0 or -errno. */
	int (*clear_counters)(void *arg, const char *zp);
	int (*clear_sessions)(void *arg, const char *zp);
};

/* A session's protocol as IOS names it: tcp, udp, icmp (v4 and v6), ip. */
const char *zone_proto_name(unsigned proto);

/* The statistics source of the shows (ops NULL: none). */
void zone_cfg_set_stats(struct zone_cfg *, const struct zone_stats_ops *,
    void *arg);

/* Register the firewall configuration, show and clear commands in c; their
 * handlers edit and show cfg. */
void zone_cli_init(struct cli *c, struct zone_cfg *cfg);

/*
 * The one printer of the firewall configuration, in IOS running-config
 * order.  ZONE_PRINT_MAIN: ip port-map, parameter-maps, class-maps,
 * policy-maps, zones, zone-pairs, interfaces (with their `!` separators);
 * ZONE_PRINT_ACL: access lists.  The daemon puts hostname/secrets before
 * MAIN and banner/lines after ACL.
 */
enum zone_print_part { ZONE_PRINT_MAIN, ZONE_PRINT_ACL };
void zone_print(const struct zone_cfg *, enum zone_print_part, struct buf *);

/*
 * Interface names: IOS forms (`GigabitEthernet0/0/0`, `gigabitethernet
 * 0/0/0`, `gi0/0/0`) are canonicalised to `GigabitEthernet0/0/0` for
 * printing and map to the Linux name `gi0-0-0`; Linux names (`eth0`) stay
 * as they are.  Returns 0, or -EINVAL for a name that is neither.
 */
int zone_ifname_canon(const char *typed, char *conf, size_t conflen,
    char *linux_name, size_t linuxlen);

#endif
