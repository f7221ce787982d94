/*
 * The compiled policy graph: what the dataplane consults for the first
 * packet of every connection.  Built by zone_compile() from the
 * configuration model, immutable afterwards, freed with zone_graph_free() once
 * no packet can see it.  Lookups are O(1) by zone id.
 */
#ifndef ZB_POLICY_H
#define ZB_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

struct zone_cfg;
struct zone_graph;

#define ZONE_ID_NONE (-1) /* interface in no zone (and no default zone) */
#define ZONE_ID_SELF 0	  /* the router itself */

enum zone_action {
	ZONE_DROP,    /* silently, or %FW-6-DROP_PKT when log */
	ZONE_PASS,    /* this direction only, stateless */
	ZONE_INSPECT, /* stateful session; ALG for known apps */
};

/* Why a verdict was reached; also the drop-reason counters. */
enum zone_reason {
	ZONE_R_NO_FIREWALL,   /* both sides outside every zone */
	ZONE_R_INTRA_ZONE,    /* same zone, no zone-pair for it */
	ZONE_R_SELF_DEFAULT,  /* to/from self with no self zone-pair */
	ZONE_R_ZONE_MISMATCH, /* member <-> non-member */
	ZONE_R_NO_ZONE_PAIR,  /* zones differ, no zone-pair/policy */
	ZONE_R_CLASS,	      /* a class matched (class_id) */
	ZONE_R_CLASS_DEFAULT, /* nothing matched: class-default */
	ZONE_R_COUNT
};

/* Applications known to the port map (match protocol). */
enum zone_app {
	ZONE_APP_NONE = 0,
	ZONE_APP_SIP,
	ZONE_APP_HTTP,
	ZONE_APP_HTTPS,
	ZONE_APP_DNS,
	ZONE_APP_FTP,
	ZONE_APP_TELNET,
	ZONE_APP_SSH,
	ZONE_APP_SMTP,
	ZONE_APP_TFTP,
	ZONE_APP_NTP,
	ZONE_APP_SNMP,
	ZONE_APP_H323,
	ZONE_APP_RTSP,
	ZONE_APP_SKINNY,
	ZONE_APP_POP3,
	ZONE_APP_IMAP,
	ZONE_APP_LDAP,
	ZONE_APP_COUNT
};

/* Inspect parameters in force for a session (parameter-map type inspect). */
struct zone_params {
	const char *name;			/* "global" or the map's name */
	uint32_t tcp_idle, udp_idle, icmp_idle; /* seconds */
	uint32_t tcp_synwait, tcp_finwait, dns_timeout;
	uint32_t udp_halfopen_ms;
	uint32_t sessions_max;	      /* 0 = unlimited */
	uint32_t max_incomplete_low;  /* 0 = unlimited */
	uint32_t max_incomplete_high; /* 0 = unlimited */
	uint32_t one_minute_low, one_minute_high;
	uint32_t tcp_max_incomplete_host, tcp_block_time;
	bool audit_trail, alert, log_dropped;
};

/* What the dataplane knows of a packet that starts a connection. */
struct zone_pkt {
	int family;    /* AF_INET or AF_INET6 */
	uint8_t proto; /* IPPROTO_TCP, _UDP, _ICMP, _ICMPV6... */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} src, dst;
	uint16_t sport, dport; /* host order; ICMP: type, code */
	int in_zone;	       /* zone ids from zone_id_of() */
	int out_zone;
};

struct zone_verdict {
	enum zone_action action;
	enum zone_reason reason;
	bool log;			  /* drop log / pass log */
	int zp_id;			  /* 1.., 0 when no zone-pair */
	int class_id;			  /* 0.. in the policy; -1 none */
	enum zone_app app;		  /* by port map (ALG) */
	const struct zone_params *params; /* inspect only */
};

/* Build / free.  zone_compile returns NULL and sets errno on failure. */
struct zone_graph *zone_compile(const struct zone_cfg *);
void zone_graph_free(struct zone_graph *);
unsigned zone_graph_generation(const struct zone_graph *);

/* Interface name (Linux name or altname) -> zone id; ZONE_ID_NONE if none
 * (or the default zone's id when `zone security default` exists). */
int zone_id_of(const struct zone_graph *, const char *ifname);
/* Every configured interface name as the kernel knows it (gi0-0-0 form),
 * for the dataplane's rtnetlink matching: i in [0, n). */
unsigned zone_nifaces(const struct zone_graph *);
const char *zone_iface_linux(const struct zone_graph *, unsigned i);
const char *zone_iface_conf(const struct zone_graph *, unsigned i);

/* Classify the first packet of a connection. */
void zone_classify(const struct zone_graph *, const struct zone_pkt *,
    struct zone_verdict *);

/* Names for logs and show commands.  zone_id_name: NULL for an id
 * that is no zone.  Zone-pair ids are small and stable across commits:
 * a new zone-pair gets one more than the largest id in use (at most 2047;
 * beyond that the lowest free id), so a removed zone-pair can leave a gap:
 * zone_npairs() is the largest id, and zone_zp_name() is NULL for
 * an id in [1, n] that has no zone-pair. */
const char *zone_id_name(const struct zone_graph *, int zone_id);
unsigned zone_npairs(const struct zone_graph *);
const char *zone_zp_name(const struct zone_graph *, int zp_id);
const char *zone_class_name(const struct zone_graph *, int zp_id,
    int class_id); /* class_id -1: "class-default" */
/* App name for a session listing ("sip", "telnet", else proto name). */
const char *zone_app_name(enum zone_app);
/* The Layer 7 SIP policy (alg/sip_policy.h) of a class with `inspect` and
 * `service-policy sip`, NULL: none. */
struct sip_policy;
const struct sip_policy *zone_sip_policy(const struct zone_graph *, int zp_id,
    int class_id);
/* The default/global inspect parameters. */
const struct zone_params *zone_global_params(const struct zone_graph *);
/* Is port (host order) on protocol proto mapped to app?  (port-map aware) */
enum zone_app zone_app_of(const struct zone_graph *, uint8_t proto,
    uint16_t port);

#endif
