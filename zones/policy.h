/*
 * The compiled policy graph: what the dataplane consults for the first
 * packet of every connection.  Built by zone_compile() from the
 * configuration model, immutable afterwards, freed with policy_free() once
 * no packet can see it.  Lookups are O(1) by zone id.
 */
#ifndef ZB_POLICY_H
#define ZB_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

struct zone_cfg;
struct policy_graph;

#define ZONE_ID_NONE	(-1)	/* interface in no zone (and no default zone) */
#define ZONE_ID_SELF	0	/* the router itself */

enum policy_action {
	POLICY_DROP,		/* silently, or with %FW-6-DROP_PKT when log */
	POLICY_PASS,		/* this direction only, stateless */
	POLICY_INSPECT,		/* stateful session; ALG for known apps */
};

/* Why a verdict was reached; also the drop-reason counters. */
enum policy_reason {
	POLICY_R_NO_FIREWALL,	/* both sides outside every zone */
	POLICY_R_INTRA_ZONE,	/* same zone, no zone-pair for it */
	POLICY_R_SELF_DEFAULT,	/* to/from self with no self zone-pair */
	POLICY_R_ZONE_MISMATCH,	/* member <-> non-member */
	POLICY_R_NO_ZONE_PAIR,	/* zones differ, no zone-pair/policy */
	POLICY_R_CLASS,		/* a class matched (class_id) */
	POLICY_R_CLASS_DEFAULT,	/* nothing matched: class-default */
	POLICY_R_COUNT
};

/* Applications known to the port map (match protocol). */
enum policy_app {
	APP_NONE = 0, APP_SIP, APP_HTTP, APP_HTTPS, APP_DNS, APP_FTP,
	APP_TELNET, APP_SSH, APP_SMTP, APP_TFTP, APP_NTP, APP_SNMP,
	APP_H323, APP_RTSP, APP_SKINNY, APP_POP3, APP_IMAP, APP_LDAP,
	APP_COUNT
};

/* Inspect parameters in force for a session (parameter-map type inspect). */
struct policy_params {
	const char	*name;		/* "global" or the map's name */
	uint32_t	 tcp_idle, udp_idle, icmp_idle;	/* seconds */
	uint32_t	 tcp_synwait, tcp_finwait, dns_timeout;
	uint32_t	 udp_halfopen_ms;
	uint32_t	 sessions_max;		/* 0 = unlimited */
	uint32_t	 max_incomplete_low;	/* 0 = unlimited */
	uint32_t	 max_incomplete_high;	/* 0 = unlimited */
	uint32_t	 one_minute_low, one_minute_high;
	uint32_t	 tcp_max_incomplete_host, tcp_block_time;
	bool		 audit_trail, alert, log_dropped;
};

/* What the dataplane knows of a packet that starts a connection. */
struct policy_pkt {
	int		 family;	/* AF_INET or AF_INET6 */
	uint8_t		 proto;		/* IPPROTO_TCP, _UDP, _ICMP, _ICMPV6... */
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
	}		 src, dst;
	uint16_t	 sport, dport;	/* host order; ICMP: type, code */
	int		 in_zone;	/* zone ids from policy_zone_of() */
	int		 out_zone;
};

struct policy_verdict {
	enum policy_action	 action;
	enum policy_reason	 reason;
	bool			 log;		/* drop log / pass log */
	int			 zp_id;		/* 1.., 0 when no zone-pair */
	int			 class_id;	/* 0.. in the policy; -1 none */
	enum policy_app		 app;		/* by port map, for the ALG */
	const struct policy_params *params;	/* inspect only */
};

/* Build / free.  zone_compile returns NULL and sets errno on failure. */
struct policy_graph	*zone_compile(const struct zone_cfg *);
void			 policy_free(struct policy_graph *);
unsigned		 policy_generation(const struct policy_graph *);

/* Interface name (Linux name or altname) -> zone id; ZONE_ID_NONE if none
 * (or the default zone's id when `zone security default` exists). */
int	policy_zone_of(const struct policy_graph *, const char *ifname);
/* Every configured interface name as the kernel knows it (gi0-0-0 form),
 * for the dataplane's rtnetlink matching: i in [0, n). */
unsigned	 policy_nifaces(const struct policy_graph *);
const char	*policy_iface_linux(const struct policy_graph *, unsigned i);
const char	*policy_iface_conf(const struct policy_graph *, unsigned i);

/* Classify the first packet of a connection. */
void	policy_classify(const struct policy_graph *, const struct policy_pkt *,
	    struct policy_verdict *);

/* Names for logs and show commands.  policy_zone_name: NULL for an id
 * that is no zone.  Zone-pair ids are small and stable across commits:
 * a new zone-pair gets one more than the largest id in use (at most 2047;
 * beyond that the lowest free id), so a removed zone-pair can leave a gap:
 * policy_nzone_pairs() is the largest id, and policy_zp_name() is NULL for
 * an id in [1, n] that has no zone-pair. */
const char	*policy_zone_name(const struct policy_graph *, int zone_id);
unsigned	 policy_nzone_pairs(const struct policy_graph *);
const char	*policy_zp_name(const struct policy_graph *, int zp_id);
const char	*policy_class_name(const struct policy_graph *, int zp_id,
		    int class_id);	/* class_id -1: "class-default" */
/* App name for a session listing ("sip", "telnet", else proto name). */
const char	*policy_app_name(enum policy_app);
/* The default/global inspect parameters. */
const struct policy_params *policy_global_params(const struct policy_graph *);
/* Is port (host order) on protocol proto mapped to app?  (port-map aware) */
enum policy_app	 policy_app_of(const struct policy_graph *, uint8_t proto,
		    uint16_t port);

#endif
