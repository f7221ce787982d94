/*
 * SIP inspection (the ALG): the only header other modules include.
 *
 * The library follows SIP over UDP and TCP message by message, keeps calls
 * (Call-ID + tags), transactions and registrations, and decides media and
 * signalling pinholes.  It never touches netfilter, never starts threads and
 * never reads a clock: the caller passes the time (now_ms, any monotonic
 * milliseconds) with every call.  The dataplane owns the packets and the
 * kernel state; it learns about pinholes through the ops callbacks.
 *
 * Calls the dataplane makes:
 *   sip_alg_new()            once, with its callbacks
 *   sip_alg_packet()         every packet of a flow classified as SIP (UDP,
 *                            and for TCP every segment including the SYN and
 *                            SYN-ACK so the stream start is known)
 *   sip_alg_pinhole_lookup_zone() first packet of a connection that no
 *                            policy class passes: is it a pinhole of a call?
 *   sip_alg_conn_account()   media packet/byte counts of an admitted
 *                            connection, each way, for show and for the
 *                            media inactivity timer (optional)
 *   sip_alg_flow_close()     a SIP TCP connection ended (FIN/RST/timeout)
 *   sip_alg_expire()         about once a second: timers
 *   sip_alg_free()           at exit (closes every pinhole through ops)
 * The daemon registers the SIP commands with sip_cli_init() and a
 * struct sip_cli_ctx that names the ALG.
 */
#ifndef ZB_SIP_H
#define ZB_SIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

struct sip_alg;
struct sip_policy;

/* An IP address; family AF_INET or AF_INET6, network byte order. */
struct sip_addr {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} u;
};

#define SIP_DIR_ORIG 0 /* packet in the connection's original dir. */
#define SIP_DIR_REPLY 1

/* TCP flag bits as in the TCP header (only these matter to the ALG). */
#define SIP_TCP_FIN 0x01
#define SIP_TCP_SYN 0x02
#define SIP_TCP_RST 0x04

/* One packet of a SIP flow, as the dataplane sees it. */
struct sip_pkt {
	struct sip_addr src, dst; /* this packet's addresses */
	uint16_t sport, dport;	  /* host order */
	uint8_t proto;		  /* IPPROTO_UDP or IPPROTO_TCP */
	uint8_t tcp_flags;	  /* SIP_TCP_* of this segment */
	int dir;		  /* SIP_DIR_ORIG / SIP_DIR_REPLY */
	uint32_t seq;		  /* TCP: sequence number of the segment
					 * (with SYN: the ISN) */
	int src_zone;		  /* zone ids (zones/policy.h), for the */
	int dst_zone;		  /* "sender's side" rule */
	bool tls;		  /* SIP over TLS (5061): counted only */
	const uint8_t *payload;	  /* L4 payload; not NUL-terminated */
	size_t len;
	/* the Layer 7 policy of the flow's class (alg/sip_policy.h), valid
	 * during the call; NULL: none */
	const struct sip_policy *l7;
};

enum sip_action {
	SIP_PASS,
	SIP_DROP,
};

/* Why: the verdict reason, also the drop counters of `show sip-alg stat`. */
enum sip_reason {
	SIP_R_OK,	     /* inspected (or nothing to inspect yet) */
	SIP_R_PARSE,	     /* malformed SIP: parse_error tells which */
	SIP_R_SDP,	     /* malformed SDP body */
	SIP_R_MIDSTREAM,     /* TCP stream whose start was not seen: passed,
				 * never parsed, never opens anything */
	SIP_R_STREAM_BROKEN, /* TCP stream lost framing earlier: dropped */
	SIP_R_TOO_BIG,	     /* message larger than the framer's bound */
	SIP_R_OOO_FULL,	     /* out-of-order queue full: dropped, sender
				 * retransmits */
	SIP_R_TABLE_FULL,    /* call/registration/flow table full */
	SIP_R_ENCRYPTED,     /* TLS: passed, not inspected */
	SIP_R_QUOTA,	     /* the sender's source or zone-pair quota */
	SIP_R_TCP_SYN,	     /* SYN with a new ISN on a started stream */
	SIP_R_TCP_CONFLICT,  /* bytes differing from those already seen
				 * for the same sequence numbers */
	SIP_R_TCP_CLOSED,    /* data after an accepted RST or the FIN */
	SIP_R_POLICY,	     /* the Layer 7 policy (service-policy sip)
				 * dropped or reset it */
	SIP_R_HOLDDOWN,	     /* an INVITE from a source to a destination
				 * that failed it within the hold-down */
	SIP_R_COUNT
};

struct sip_verdict {
	enum sip_action action;
	enum sip_reason reason;
	int parse_error; /* SIP_R_PARSE: sip_parse_strerror() code */
	unsigned msgs;	 /* complete messages parsed from it */
};

enum sip_ph_kind {
	SIP_PH_RTP,
	SIP_PH_RTCP,
	SIP_PH_UDPTL,	    /* T.38 fax (m=image udptl t38) */
	SIP_PH_MEDIA_OTHER, /* m=video/application/... RTP-like port */
	SIP_PH_SIGNALLING,  /* to a registered Contact or a dialog's
				 * Contact: the new flow is SIP (inspect it) */
};

/*
 * A pinhole: a new connection proto from src (any source port) to
 * dst:dport may be admitted as a child of the call.  Exact on destination.
 * With src_any, from any address of src's family that comes from zone
 * src_zone: the offer's pinholes towards the caller until the answer names
 * the callee's media address (the callee's first RTP), then narrowed to it.
 */
struct sip_pinhole {
	uint64_t id; /* unique for the ALG's life, never 0 */
	enum sip_ph_kind kind;
	uint8_t proto;	     /* IPPROTO_UDP, IPPROTO_TCP (signalling) */
	bool src_any;	     /* any source in src_zone (src: ::/0) */
	struct sip_addr src; /* the other party's (media) address */
	struct sip_addr dst; /* the advertising party's address */
	uint16_t dport;	     /* >= 1024 always */
	int src_zone;	     /* zone ids of both ends (as the */
	int dst_zone;	     /* signalling packets showed them) */
	const char *call_id; /* valid during the callback only */
};

struct sip_alg_ops {
	/* A pinhole is needed.  Return 0, or -errno to refuse (counted). */
	int (*open_pinhole)(void *arg, const struct sip_pinhole *);
	/* The pinhole is gone: delete the conntrack entries it admitted. */
	void (*close_pinhole)(void *arg, const struct sip_pinhole *);
	/*
	 * Optional: the zone an address lives in (route lookup).  Return 0
	 * and set *zone, or -1 when unknown.  Without it an SDP or Contact
	 * address is honoured only when it is the sender's own address.
	 */
	int (*zone_of)(void *arg, const struct sip_addr *, int *zone);
	/* Optional: event text for `debug sip-alg`; NULL: lib/log.h. */
	void (*log)(void *arg, int detail, const char *msg);
	/* Optional: a src_any pinhole (same id) now admits only from p->src:
	 * delete the conntrack entries it admitted from other sources. */
	void (*narrow_pinhole)(void *arg, const struct sip_pinhole *);
	/* Optional: send msg[0..len) over UDP from req's destination address
	 * and port to its source (a SIP response the Layer 7 policy gives in
	 * place of the request, `respond CODE`).  0 or -errno. */
	int (*respond)(void *arg, const struct sip_pkt *req, const uint8_t *msg,
	    size_t len);
};

/* Bounds and timers; sip_alg_new() starts with the defaults shown. */
struct sip_alg_params {
	uint32_t max_calls;	    /* 20000 */
	uint32_t max_pinholes;	    /* 100000 */
	uint32_t max_registrations; /* 10000 */
	uint32_t max_tcp_flows;	    /* 10000 */
	uint32_t tcp_buf_max;	    /* 65536: partial tail + ooo */
	uint32_t invite_timeout_ms; /* 180000: Timer C, no final */
	uint32_t call_idle_ms;	    /* 1800000: no signalling */
	uint32_t media_idle_ms;	    /* 0: off; >0 needs accounting */
	uint32_t linger_ms;	    /* 32000: 64*T1 after the end */
	uint32_t max_reg_expires;   /* 86400 s: binding cap */
	/*
	 * Quotas per source address and per zone-pair (0: none).  When a
	 * table is full, a new entry takes the place of one of the heaviest
	 * source's (unanswered before established); see doc/SECURITY.md.
	 */
	uint32_t src_max_calls;		/* 10000 */
	uint32_t src_max_unanswered;	/* 2000: INVITEs, no final */
	uint32_t src_max_pinholes;	/* 50000 */
	uint32_t src_max_registrations; /* 5000 */
	uint32_t src_max_tcp_flows;	/* 1000 */
	uint32_t zp_max_calls;		/* 15000 */
	uint32_t zp_max_unanswered;	/* 10000 */
	uint32_t zp_max_pinholes;	/* 75000 */
	uint32_t zp_max_registrations;	/* 7500 */
	uint32_t log_interval_ms;	/* 10000: one line per event */
	uint32_t max_call_ms;		/* 0: off; an answered call
						 * ends this long after its
						 * answer (SRX: 720 min) */
	uint32_t hold_down_ms;		/* 0: off; after a 4xx-6xx
						 * answer to an INVITE, new
						 * INVITEs from that source to
						 * that destination are dropped
						 * this long (SRX: 3 s) */
};

/* The defaults above (what sip_alg_new() starts with). */
void sip_alg_default_params(struct sip_alg_params *);
struct sip_alg *sip_alg_new(const struct sip_alg_ops *, void *arg);
void sip_alg_free(struct sip_alg *);
void sip_alg_get_params(const struct sip_alg *, struct sip_alg_params *);
void sip_alg_set_params(struct sip_alg *, const struct sip_alg_params *);

/*
 * Inspect one packet.  Fills *v and returns v->action (SIP_PASS or
 * SIP_DROP).  Pinholes are opened and closed through ops before it
 * returns.  UDP: one message per datagram.  TCP: every complete message in
 * stream order; a partial last message is kept (bounded) and the segment
 * passes; the segment that completes a bad message is dropped and the
 * stream marked broken.
 */
int sip_alg_packet(struct sip_alg *, const struct sip_pkt *, uint64_t now_ms,
    struct sip_verdict *v);

/*
 * First packet of a connection proto src:sport -> dst:dport: 0 and *out
 * (call_id valid until the next ALG call) when a pinhole admits it,
 * -ENOENT otherwise.  A SIP_PH_SIGNALLING pinhole admits a SIP connection
 * (an inbound INVITE to a registered phone): hand this first packet (for
 * TCP the SYN) and every later one to sip_alg_packet() as well.
 */
int sip_alg_pinhole_lookup_zone(struct sip_alg *, uint8_t proto,
    const struct sip_addr *src, uint16_t sport, int src_zone,
    const struct sip_addr *dst, uint16_t dport, uint64_t now_ms,
    struct sip_pinhole *out);
/* The same for a caller that does not know the zone the packet came from:
 * a src_any pinhole never admits it. */
int sip_alg_pinhole_lookup(struct sip_alg *, uint8_t proto,
    const struct sip_addr *src, uint16_t sport, const struct sip_addr *dst,
    uint16_t dport, uint64_t now_ms, struct sip_pinhole *out);
/* Pinhole by id (for session listings): 0 or -ENOENT. */
int sip_alg_pinhole_get(struct sip_alg *, uint64_t id, struct sip_pinhole *out);
/*
 * Media traffic of one connection admitted by pinhole id since the last
 * report (its conntrack counters), each way: [SIP_DIR_ORIG] from src:sport
 * to dst:dport (the connection's original tuple: the direction the pinhole
 * admitted), [SIP_DIR_REPLY] back.  Counted per stream of the call by the
 * packets' real direction (`show sip-alg calls detail`).
 */
struct sip_conn_acct {
	struct sip_addr src, dst; /* original direction */
	uint16_t sport, dport;
	uint64_t pkts[2], bytes[2]; /* by SIP_DIR_* */
};
void sip_alg_conn_account(struct sip_alg *, uint64_t id,
    const struct sip_conn_acct *, uint64_t now_ms);

/* The TCP connection of this packet's tuple ended: free its framer. */
void sip_alg_flow_close(struct sip_alg *, const struct sip_pkt *);

/* Run timers: ends calls, bindings and idle TCP framers that expired. */
void sip_alg_expire(struct sip_alg *, uint64_t now_ms);

/* `clear sip-alg calls`: end every call (pinholes closed). */
void sip_alg_clear_calls(struct sip_alg *);
void sip_alg_clear_stats(struct sip_alg *);

/* Sizes for `show` and tests. */
unsigned sip_alg_ncalls(const struct sip_alg *);
unsigned sip_alg_nregistrations(const struct sip_alg *);

const char *sip_reason_str(enum sip_reason);
const char *sip_parse_strerror(int code);

/*
 * What the SIP commands work on: the ALG (NULL without a dataplane; the
 * shows say so) and, for zone names in `show sip-alg calls`, the policy in
 * force (zone_name may be NULL: ids are printed).
 */
struct sip_cli_ctx {
	struct sip_alg *alg;
	const char *(*zone_name)(void *arg, int zone);
	void *arg;
	/* `sip-alg ...` configuration (sip_cli_config_init), given to the ALG
	 * when it is set and at every change */
	struct sip_alg_params par;
	bool configured;
};

struct cli;
/* Register `show sip-alg ...`, `clear sip-alg ...`, `debug sip-alg ...` in
 * c; ctx is kept by pointer (its owner may set alg later). */
void sip_cli_init(struct cli *c, const struct sip_cli_ctx *ctx);
/*
 * Register the configuration rows (`sip-alg maximum ...`, `sip-alg
 * per-source maximum ...`, `sip-alg per-zone-pair maximum ...`, `sip-alg
 * log-interval`) before a startup-config is loaded; ctx->par starts with
 * the defaults.  sip_cli_print() adds the lines that differ from them to
 * the running configuration.
 */
struct buf;
void sip_cli_config_init(struct cli *c, struct sip_cli_ctx *ctx);
void sip_cli_print(const struct sip_cli_ctx *ctx, struct buf *out);

#endif
