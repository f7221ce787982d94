/*
 * Dataplane internals shared by the dataplane/ files only.
 *
 * Connection mark layout (conntrack mark, and the packet mark of verdicts).
 * zbfw owns bits 8-31 (DPM_OWN) and no other: bits 0-7 of both marks
 * belong to other software (multi-WAN, policy routing) and zbfw's rules
 * and verdicts never change them (masked CONNMARK, verdict marks that keep
 * them, masked ctnetlink updates).
 *
 *   bit 31      DPM_ZB     decided by zbfw (0: never seen by the daemon)
 *   bit 30      DPM_FWD    original direction accepted in the kernel
 *   bit 29      DPM_REV    reply direction accepted in the kernel
 *   bit 28      DPM_L7     every packet goes to the daemon (SIP inspection)
 *   bit 27      DPM_CHILD  media connection admitted by a SIP pinhole
 *   bits 24-26  packet mark only, never saved (DPM_I_MASK): on a queued
 *               packet the queue info set by the chain (DPM_I_REPLY ctdir
 *               REPLY, DPM_I_NEW ctstate NEW, DPM_I_REL ctstate RELATED);
 *               on a verdict to be saved, the per-start tag (dp_ipt.c)
 *   bit 23      DPM_PASS   a `pass` connection (stateless, not a session)
 *   bits 15-22  zone-pair id (0: no zone-pair: no firewall, intra-zone,
 *               self default); at most DPM_MAX_ZP
 *   bits 8-14   class id + 1 (0: class-default); with zone-pair id 0 the
 *               zone_reason that let it through; at most DPM_MAX_CL
 *   bits 0-7    not zbfw's
 *
 * inspect = ZB|FWD|REV, pass = ZB|PASS|FWD (+REV once the reply direction
 * was classified as passed), SIP = ZB|FWD|REV|L7.
 */
#ifndef ZB_DP_INT_H
#define ZB_DP_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <netinet/in.h>

#include "dataplane/dp.h"
#include "lib/buf.h"
#include "lib/siphash.h"
#include "zones/policy.h"
#include "zones/zones.h"

#define DPM_ZB 0x80000000u
#define DPM_FWD 0x40000000u
#define DPM_REV 0x20000000u
#define DPM_L7 0x10000000u
#define DPM_CHILD 0x08000000u
#define DPM_I_REPLY 0x04000000u
#define DPM_I_NEW 0x02000000u
#define DPM_I_REL 0x01000000u
#define DPM_I_MASK 0x07000000u
#define DPM_PASS 0x00800000u
#define DPM_ZP_SHIFT 15
#define DPM_ZP_MASK 0x007f8000u
#define DPM_CL_SHIFT 8
#define DPM_CL_MASK 0x00007f00u
#define DPM_ZP(m) (((m)&DPM_ZP_MASK) >> DPM_ZP_SHIFT)
#define DPM_CL(m) ((int)(((m)&DPM_CL_MASK) >> DPM_CL_SHIFT) - 1)
#define DPM_MAX_ZP 255
#define DPM_MAX_CL 126
#define DPM_OWN 0xffffff00u		 /* the bits zbfw owns */
#define DPM_SAVE (DPM_OWN & ~DPM_I_MASK) /* saved in the connmark */

/* Drop reasons: the rows of `show platform hardware qfp active feature
 * firewall drop`, IOS wording. */
enum dp_drop {
	DPD_L4HDR,	   /* Invalid L4 header */
	DPD_TCP_INIT,	   /* Invalid TCP initiator */
	DPD_TCP_HALFOPEN,  /* TCP - Half-open session limit exceed */
	DPD_UDP_HALFOPEN,  /* UDP - Half-open session limit exceed */
	DPD_SESS_LIMIT,	   /* Exceed session limit */
	DPD_ZP_NOPOLICY,   /* Zone-pair without policy */
	DPD_CLASSIFY,	   /* Policy drop:classify result */
	DPD_ICMP_CLASSIFY, /* ICMP policy drop:classify result */
	DPD_L7,		   /* L7 inspection returns drop */
	DPD_CREATE_FAIL,   /* Firewall Create Session fail */
	DPD_NOT_INIT,	   /* Not a session initiator */
	DPD_INVALID_ZONE,  /* Firewall invalid zone */
	DPD_QUEUE,	   /* Firewall punt queue overflow (zbfw) */
	DPD_NO_NEW,	   /* Firewall No new session allow */
	DPD_BLACKOUT,	   /* Synflood blackout drop (host blocked) */
	DPD_COUNT
};

const char *dp_drop_name(enum dp_drop);

/* Per (zone-pair, class) counters, by name: survives graph swaps. */
struct dp_cstats {
	struct dp_cstats *next;
	char *zp, *cls;
	struct zone_class_stats s;
	uint64_t proc_tcp, proc_udp, proc_icmp; /* userspace */
	uint32_t minute_created;
	uint32_t pending;      /* verdicts not yet confirmed */
	uint32_t minute[60];   /* sessions created per second */
	uint32_t minute_total; /* created in the last minute */
	bool rate_alert;       /* one-minute high reached */
	bool rate_log;
	uint32_t rate_low;
	uint32_t max_logged; /* SESSIONS_MAXIMUM said for
						 * this limit; 0: not */
};

enum dp_sess_kind { DPS_INSPECT, DPS_PASS, DPS_CHILD };
enum dp_sess_state { DPS_HALFOPEN, DPS_ESTAB, DPS_TERM };

union dp_addr {
	struct in_addr v4;
	struct in6_addr v6;
};

/* A connection's tuple in its original direction. */
struct dp_tuple {
	uint8_t family, proto;
	uint16_t sport, dport;
	union dp_addr src, dst;
};

struct dp_sess {
	struct dp_sess *hnext; /* by ct id */
	uint32_t ct_id;
	uint32_t mark;
	uint8_t family, proto, kind, state;
	uint8_t app;
	bool audit, seen;
	union dp_addr src, dst; /* original direction */
	uint16_t sport, dport;	/* ICMP: type, id */
	uint16_t icmp_id;
	uint8_t icmp_code;
	unsigned gen; /* last sweep that saw it */
	struct dp_cstats *cs;
	uint32_t idle, synwait, finwait; /* seconds */
	uint32_t udp_halfopen;
	time_t created, heard, state_since; /* monotonic */
	uint64_t pkts[2], bytes[2];	    /* last seen acct */
	uint64_t pinhole;		    /* SIP child: pinhole id */
};

/* Parameters of a (zone-pair, class) learnt at verdict time. */
struct dp_pcache {
	struct dp_pcache *next;
	uint32_t key;
	uint32_t idle[3]; /* tcp, udp, icmp */
	uint32_t synwait, finwait, sessions_max;
	uint32_t inc_low, inc_high;
	uint32_t udp_halfopen, dns_timeout; /* seconds */
	uint32_t min_low, min_high;	    /* one-minute */
	uint32_t host_max, block_min;	    /* tcp max-incomplete host */
	bool audit, alert, valid;
	struct dp_cstats *cs; /* counters of this (zone-pair, class) */
};

/* Half-open TCP sessions per destination host (tcp max-incomplete host). */
struct dp_host {
	struct dp_host *next;
	uint8_t family;
	union dp_addr a;
	uint32_t halfopen;
	time_t blocked_until; /* monotonic; 0: not blocked */
};

struct nfct_handle;
struct nf_conntrack;
struct mnl_socket;
struct event;
struct event_base;
struct sip_alg;

struct dp_iface {
	int ifindex;
	char name[16];
	char alt[4][128];
	int nalt;
	int zone;	/* for the current graph */
	unsigned flags; /* IFF_UP, IFF_RUNNING... */
	bool used;
};

struct dp {
	struct event_base *evb;
	const struct zone_graph *graph; /* current (dp_graph_changed) */
	struct sip_alg *sip;		/* sip_glue.c creates it */
	unsigned queue;

	/* NFQUEUE */
	struct mnl_socket *nfq;
	unsigned nfq_portid;
	struct event *ev_nfq;
	char *rxbuf; /* batch receive buffers */
	char *txbuf;
	size_t txlen;

	/* ctnetlink */
	struct nfct_handle *ct_ev; /* events */
	struct nfct_handle *ct_q;  /* queries */
	struct event *ev_ct;
	char *ct_rxbuf;				/* batch receive buffers */
	struct nf_conntrack *ct_obj, *ct_empty; /* parse scratch */
	bool ct_resync;
	bool ct_updates; /* UPDATE events subscribed */

	/* rtnetlink */
	struct mnl_socket *rt;
	struct mnl_socket *rtq; /* route lookups */
	unsigned rtq_seq;
	struct event *ev_rt;
	struct dp_iface *ifs;
	size_t nifs;

	struct event *ev_tick;
	void *sipg;

	/* iptables (dp_ipt.c) */
	uint32_t mark_tag;     /* bits 24-26 of a verdict to save */
	struct buf ipt_ref[2]; /* chains as installed, v4, v6 */
	unsigned ipt_tick;     /* seconds to the next check */
	uint64_t ipt_restored; /* times restored */ /* sip_glue.c state */

	/* sessions */
	struct dp_sess **htab;
	size_t hsize;
	uint32_t nsess;
	uint32_t max_sess; /* memory bound */
	uint32_t halfopen; /* all classes */
	uint32_t pending;  /* inspect verdicts, this second */
	bool alert_on;
	uint32_t alert_low;  /* calm down below this */
	bool alert_log;	     /* `alert on` when it began */
	unsigned minute_pos; /* of every dp_cstats.minute */
	unsigned secs;	     /* ticks, for the minute rate */
#define DP_HOST_HSIZE 1024
	struct dp_host *hosts[DP_HOST_HSIZE];
	struct siphash_key host_key; /* hash of hosts[] */
	unsigned gen;		     /* sweep generation */
	double sweep_next;	     /* monotonic seconds */
	double sweep_cost;	     /* last sweep's duration */
	struct dp_cstats *stats;
#define DP_PC_HSIZE 256
	struct dp_pcache *pcache[DP_PC_HSIZE];

	uint64_t drops[DPD_COUNT];
	uint64_t nfq_seen, nfq_batches;
	uint32_t log_budget; /* DROP_PKT lines this second */
	uint64_t log_suppressed;
	uint32_t dbg_budget; /* per-packet debug, this second */
	uint64_t dbg_suppressed;
	uint64_t queue_drops_base;
	uint64_t sweep_nomem; /* timer actions put off (ENOMEM) */
};

/* dp.c */
struct mmsghdr;
struct iovec;
time_t dp_now(void);
int dp_recv_batch(int fd, char *buf, size_t bufsz, unsigned vec,
    struct mmsghdr *, struct iovec *);

/* dp_sess.c */
struct dp_sess *dp_sess_find(struct dp *, uint32_t ct_id);
struct dp_sess *dp_sess_new(struct dp *, uint32_t ct_id);
void dp_sess_set_state(struct dp *, struct dp_sess *, int state);
/* Add delta to the counts of the session's current state. */
void dp_sess_count(struct dp *, struct dp_sess *, int delta);
void dp_sess_free(struct dp *, struct dp_sess *, bool audit);
void dp_sess_free_all(struct dp *);
void dp_sess_audit_start(struct dp *, struct dp_sess *);
void dp_fmt_addr(int family, const union dp_addr *, char *, size_t);
struct dp_host *dp_host_get(struct dp *, int family, const union dp_addr *,
    bool create);
/* Unblock hosts whose block-time is over, forget idle ones (all: every
 * one). */
void dp_hosts_gc(struct dp *, bool all);

/* dp_class.c */
struct dp_cstats *dp_cstats_find(struct dp *, const char *zp, const char *cls);
/* Found or created (NULL: out of memory). */
struct dp_cstats *dp_cstats_get(struct dp *, const char *zp, const char *cls);
void dp_cstats_free_all(struct dp *);
void dp_class_tick(struct dp *);
const struct dp_pcache *dp_pcache_get(struct dp *, unsigned zp, int cl);
void dp_pcache_set(struct dp *, unsigned zp, int cl,
    const struct zone_params *);
void dp_pcache_clear(struct dp *);

/* dp_ipt.c */
/* Install the chains with a new tag; watch them (dp_ipt_check). */
int dp_ipt_install(struct dp *);
void dp_ipt_check(struct dp *);
void dp_ipt_fini(struct dp *);

/* dp_nfq.c */
int dp_nfq_open(struct dp *);
void dp_nfq_close(struct dp *);
void dp_nfq_tick(struct dp *);

/* dp_ct.c */
int dp_ct_open(struct dp *);
void dp_ct_close(struct dp *);
int dp_ct_sweep(struct dp *);
int dp_ct_delete(struct dp *, struct dp_sess *);
void dp_ct_want_updates(struct dp *);

/* dp_link.c */
int dp_link_open(struct dp *);
void dp_link_close(struct dp *);
void dp_link_rezone(struct dp *);
int dp_link_zone(struct dp *, int ifindex);
int dp_link_route_zone(struct dp *, int family, const void *addr, int *zone);
/* An interface by Linux name or altname. */
enum zone_if_state dp_link_state(struct dp *, const char *ifname);

#endif
