/*
 * Internal state of the SIP ALG, shared by the files of alg/ only.
 */
#ifndef ZB_SIP_INT_H
#define ZB_SIP_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "alg/sdp.h"
#include "alg/sip.h"
#include "alg/sip_parse.h"
#include "alg/tcp_framer.h"
#include "lib/siphash.h"

#define SIP_MAX_DIALOGS 4	 /* forks per call */
#define SIP_DISP_MAX 63		 /* From/To kept for show */
#define SIP_REG_PENDING_MS 32000 /* Timer F: REGISTER without answer */
#define SIP_SYN_IDLE_MS 120000	 /* TCP flow with a SYN, no handshake */

/* Why a stream, Contact or binding got no pinhole (counted). */
enum sip_noph {
	NOPH_FQDN,	  /* a DNS name (SEMANTICS "beyond") */
	NOPH_THIRD_PARTY, /* not on the advertising party's side */
	NOPH_LOW_PORT,	  /* port below 1024 */
	NOPH_BAD_ADDR,	  /* loopback, multicast, broadcast, 0/8 */
	NOPH_NOT_UDP,	  /* media over TCP or unknown transport */
	NOPH_TABLE_FULL,  /* max_pinholes */
	NOPH_REFUSED,	  /* the dataplane's open_pinhole failed */
	NOPH_TOO_MANY,	  /* more m= lines than SDP_MAX_STREAMS */
	NOPH_QUOTA_SRC,	  /* the source's pinhole quota */
	NOPH_QUOTA_ZP,	  /* the zone-pair's pinhole quota */
	NOPH_COUNT
};

/* One m= line as kept for a party. */
#define SM_OK 0x01 /* address/port may get a pinhole */
#define SM_RTCP_OK 0x02
#define SM_MUX 0x04
#define SM_T38 0x08
#define SM_HOLD 0x10 /* c=0.0.0.0 */
#define SM_RTP 0x20  /* RTP/... profile */

struct sip_media {
	struct sip_addr addr, rtcp_addr;
	uint16_t port, rtcp_port;
	uint8_t media; /* enum sdp_media */
	uint8_t dir;   /* enum sdp_dir */
	uint8_t flags; /* SM_* */
};

struct sip_mdesc {
	uint8_t n;
	struct sip_media m[];
};

/*
 * Quotas (alg/quota.c).  An owner is one source address or one zone-pair;
 * every call, pinhole, registration and TCP flow is charged to the owner
 * of the packet that created it (a source and a zone-pair).
 */
enum sip_q {
	Q_CALLS,      /* calls in progress (not ending) */
	Q_UNANSWERED, /* of which without a final answer */
	Q_PINHOLES,
	Q_REGS,	 /* registrations, pending or bound */
	Q_FLOWS, /* TCP flows (sources only) */
	Q_COUNT
};

/* Where a call is in its owner's lists (what eviction takes first). */
enum sip_qclass {
	QC_NONE,       /* not charged */
	QC_UNANSWERED, /* calling, proceeding, early */
	QC_ANSWERED,   /* active */
	QC_ENDING,     /* cancelling, closing, ended: a->ending */
};

struct sip_call;
struct sip_reg;

struct sip_qlist {
	struct sip_call *head, *tail; /* oldest first */
};

struct sip_owner {
	struct sip_owner *hnext;
	uint32_t hash;
	unsigned refs;	/* objects charged to it */
	bool zone_pair; /* else a source address */
	struct sip_addr addr;
	int src_zone, dst_zone;
	uint32_t n[Q_COUNT];
	unsigned heap[Q_COUNT];	     /* index + 1 in a->heap[q], 0: none */
	struct sip_qlist unans, ans; /* its calls (sources only) */
	struct sip_reg *regs_head, *regs_tail; /* its registrations */
};

/* A max-heap of source owners by one counter: the heaviest first. */
struct sip_heap {
	struct sip_owner **v;
	unsigned n, cap;
};

/* Quota refusals and evictions, each counted and logged (rate-limited). */
enum sip_qev {
	QE_CALL_SRC,  /* calls per source */
	QE_UNANS_SRC, /* unanswered INVITEs per source */
	QE_PH_SRC,    /* pinholes per source */
	QE_REG_SRC,   /* registrations per source */
	QE_FLOW_SRC,  /* TCP flows per source */
	QE_CALL_ZP,
	QE_UNANS_ZP,
	QE_PH_ZP,
	QE_REG_ZP,
	QE_CALL_FULL, /* call table full, nothing to evict */
	QE_PH_FULL,
	QE_REG_FULL,
	QE_FLOW_FULL,
	QE_EVICT_ENDED,	  /* an ended call freed for a new one */
	QE_EVICT_CALL,	  /* a heavier source's call ended */
	QE_EVICT_PH_CALL, /* ... to free pinholes */
	QE_EVICT_REG,	  /* a heavier source's registration */
	QE_EVICT_FLOW,	  /* a TCP flow without a handshake */
	QE_COUNT
};

struct sip_ph {
	struct sip_ph *hnext;	    /* hash chain by destination */
	struct sip_ph *inext;	    /* hash chain by id */
	struct sip_ph *cnext;	    /* the call's (or binding's) list */
	struct sip_call *call;	    /* NULL: a registration's */
	struct sip_owner *src, *zp; /* charged to */
	uint32_t hash;		    /* its bucket by destination */
	struct sip_pinhole pub;
	uint64_t conns, created_ms; /* connections admitted */
	uint8_t stream;		    /* m= index of its media */
	bool to_callee;		    /* towards the callee's media */
	bool stale;
	bool retired; /* closed, id kept for late counts */
};

/*
 * Media of a call, per stream, kind and sender (alg/media_acct.c): the
 * admitted connections' counters by the packets' real direction.  At most
 * SDP_MAX_STREAMS x 4 media kinds x 2 senders per call.
 */
#define SIP_MFLOW_MAX (SDP_MAX_STREAMS * 4 * 2)
/* Closed pinholes of a call whose ids stay known for the last counters of
 * their connections (deleted with them); the oldest are forgotten. */
#define SIP_RETIRED_MAX 8
struct sip_mflow {
	uint8_t stream;		  /* m= index */
	uint8_t kind;		  /* enum sip_ph_kind (not signalling) */
	bool from_callee;	  /* sender: the callee, else the caller */
	struct sip_addr src, dst; /* the latest connection, this way */
	uint16_t sport, dport;
	uint64_t pkts, bytes, first_ms, last_ms;
};

struct sip_dialog {
	struct sip_mdesc *media, *prev; /* callee's SDP for this fork */
	bool confirmed;
	bool has_contact;
	struct sip_addr contact; /* callee Contact host (IP) */
	uint16_t contact_port;
	uint8_t contact_proto;
	uint16_t tag_len;
	char tag[];
};

enum sip_call_state {
	CALL_CALLING,	 /* INVITE, no response yet */
	CALL_PROCEEDING, /* 1xx */
	CALL_EARLY,	 /* 1xx with a to-tag (early dialog) */
	CALL_ACTIVE,	 /* 2xx: confirmed */
	CALL_CANCELLING, /* CANCEL seen */
	CALL_CLOSING,	 /* BYE seen */
	CALL_ENDED,	 /* lingering for retransmissions */
};

struct sip_call {
	struct sip_call *hnext;
	struct sip_call *lprev, *lnext; /* all calls */
	struct sip_call *qprev, *qnext; /* owner's list or a->ending */
	struct sip_owner *src, *zp;	/* charged to (caller's source) */
	enum sip_qclass qclass;
	enum sip_call_state state;
	uint64_t created_ms, last_ms, expire_ms, answered_ms;
	uint64_t media_ms;			/* last media accounting */
	struct sip_addr caller_sig, callee_sig; /* INVITE src/dst */
	uint16_t caller_port, callee_port;
	uint8_t proto;
	int caller_zone, callee_zone;
	struct sip_addr caller_contact;
	uint16_t caller_contact_port;
	uint8_t caller_contact_proto;
	bool has_caller_contact;
	bool record_route;
	uint32_t invite_cseq; /* of the pending INVITE */
	bool invite_pending;
	bool invite_by_caller;
	bool reinvite; /* pending INVITE is a re-INVITE */
	int reinvite_dialog;
	const char *end_reason;
	struct sip_mdesc *media, *prev; /* caller's SDP */
	struct sip_dialog *dlg[SIP_MAX_DIALOGS];
	unsigned ndlg;
	struct sip_ph *ph; /* pinholes of the call */
	unsigned nph;
	struct sip_mflow *mf; /* media counted, each way */
	unsigned nmf;
	struct sip_ph *retired; /* closed pinholes, newest first */
	unsigned nretired;	/* at most SIP_RETIRED_MAX */
	uint32_t hash;
	uint16_t callid_len, tag_len;
	char *tag;	 /* caller's From tag */
	char *from, *to; /* display (truncated) */
	char callid[];	 /* + tag + from + to */
};

struct sip_reg {
	struct sip_reg *prev, *next;
	struct sip_reg *hnext;	       /* hash chain by Call-ID */
	struct sip_reg *qprev, *qnext; /* its source's list */
	struct sip_owner *src, *zp;    /* charged to (REGISTER's source) */
	uint32_t hash;
	uint64_t created_ms, expire_ms;
	bool active; /* 2xx seen */
	uint32_t cseq;
	struct sip_addr contact;
	uint16_t contact_port;
	uint8_t proto;
	struct sip_addr registrar;
	int contact_zone, registrar_zone;
	struct sip_ph *ph;
	uint32_t expires; /* s, as granted */
	char callid[SIP_CALLID_MAX + 1];
	char aor[SIP_DISP_MAX + 1];
};

struct sip_tcp_flow {
	struct sip_tcp_flow *hnext;
	struct sip_tcp_flow *prev, *next; /* a->flows or a->flows_syn */
	struct sip_owner *src;		  /* charged to (the SYN's source) */
	struct sip_addr a, b;		  /* original direction a -> b */
	uint16_t ap, bp;
	bool handshake;	 /* the SYN-ACK was seen */
	bool closed;	 /* RST accepted, or FIN both ways */
	bool resumed[2]; /* restored, no segment at next yet */
	uint64_t last_ms;
	struct sip_framer fr[2]; /* by SIP_DIR_* */
};

struct sip_stats {
	uint64_t req[SIP_M_COUNT];
	uint64_t resp[7]; /* by class 1..6 */
	uint64_t parse_err[SIP_E_COUNT];
	uint64_t sdp_err[SDP_E_COUNT];
	uint64_t drops[SIP_R_COUNT];
	uint64_t noph[NOPH_COUNT];
	uint64_t pkts_udp, pkts_tcp, msgs_udp, msgs_tcp;
	uint64_t keepalives, tls_pkts, not_sip;
	uint64_t tcp_retrans, tcp_held, tcp_midstream;
	uint64_t tcp_syn_ignored, tcp_conflict, tcp_rst, tcp_rst_ignored;
	uint64_t tcp_fin, tcp_after_close;
	uint64_t quota[QE_COUNT];
	uint64_t quota_logs; /* lines logged for those */
	uint64_t tcp_flows, tcp_flows_refused;
	uint64_t calls, calls_refused, calls_answered, calls_ended;
	uint64_t calls_timeout, calls_cancelled, calls_failed;
	uint64_t dialogs_refused, orphans;
	uint64_t ph_opened, ph_closed, ph_hits;
	uint64_t regs, regs_refused, regs_removed, regs_expired;
	uint64_t streams_hold, streams_disabled;
	/* saved state loaded at start (alg/sip_state.c) */
	uint64_t rs_loads, rs_refused; /* files loaded / refused */
	uint64_t rs_calls, rs_ph, rs_regs, rs_flows;
	uint64_t rs_calls_dropped, rs_ph_dropped, rs_regs_dropped;
	uint64_t rs_flows_dropped, rs_resume_lost;
};

struct sip_alg {
	struct sip_alg_ops ops;
	void *arg;
	struct sip_alg_params par;
	struct siphash_key key; /* per start: tables fed by packets */
	uint64_t now_ms;	/* latest time the caller gave */
	uint64_t next_ph_id;

	struct sip_call **call_hash;
	unsigned call_buckets;
	struct sip_call *calls; /* list head */
	unsigned ncalls;

	struct sip_ph **ph_hash;
	unsigned ph_buckets;
	unsigned nph;

	struct sip_qlist ending; /* ended calls, oldest first */

	struct sip_reg *regs;
	struct sip_reg **reg_hash;
	unsigned reg_buckets;
	unsigned nregs;

	struct sip_tcp_flow **flow_hash;
	unsigned flow_buckets;
	struct sip_tcp_flow *flows;	/* handshake seen */
	struct sip_tcp_flow *flows_syn; /* SYN only (evicted first) */
	struct sip_tcp_flow *flows_syn_tail;
	unsigned nflows;

	struct sip_owner **owner_hash;
	unsigned owner_buckets;
	unsigned nowners;
	struct sip_heap heap[Q_COUNT];
	uint64_t qlog_next[QE_COUNT];  /* next log line allowed */
	uint64_t qlog_quiet[QE_COUNT]; /* events since, not logged */

	struct sip_hold_slot *hold; /* sip_holddown.c, NULL: none yet */

	struct sip_stats st;
};

/* The message being handled, with the packet it came in. */
struct sip_ctx {
	struct sip_alg *alg;
	const struct sip_pkt *pkt;
	const struct sip_msg *m;
	uint64_t now;
};

/* dialog.c */
int sip_msg_process(struct sip_ctx *);
void sip_call_end(struct sip_alg *, struct sip_call *, const char *why);
void sip_call_free(struct sip_alg *, struct sip_call *);
void sip_call_deadline(struct sip_alg *, struct sip_call *);
const char *sip_call_state_name(enum sip_call_state);

/* media.c: SDP to kept media, and media to pinholes */
int sip_media_from_sdp(struct sip_ctx *, struct sip_mdesc **out);
void sip_call_reconcile(struct sip_alg *, struct sip_call *);
/* NOPH_COUNT when addr may be honoured as the sender's (see doc/SIP.md) */
enum sip_noph sip_side_check(struct sip_ctx *, const struct sip_addr *);

/* media_acct.c */
void sip_mflow_add(struct sip_alg *, struct sip_call *, const struct sip_ph *,
    const struct sip_conn_acct *, uint64_t now);
uint64_t sip_call_media_pkts(const struct sip_call *);
void sip_call_retire(struct sip_alg *, struct sip_call *, struct sip_ph *);
void sip_call_forget_retired(struct sip_alg *, struct sip_call *);

/* pinhole.c */
int sip_ph_init(struct sip_alg *);
struct sip_ph *sip_ph_open(struct sip_alg *, struct sip_call *,
    struct sip_owner *src, struct sip_owner *zp, const struct sip_pinhole *);
void sip_ph_close(struct sip_alg *, struct sip_ph *);
void sip_ph_retire(struct sip_alg *, struct sip_ph *);
void sip_ph_forget(struct sip_alg *, struct sip_ph *);
/* A src_any pinhole admits only from src (zone src_zone) from now on. */
void sip_ph_narrow(struct sip_alg *, struct sip_ph *,
    const struct sip_addr *src, int src_zone);
void sip_ph_unhash(struct sip_alg *, struct sip_ph *);
void sip_ph_insert(struct sip_alg *, struct sip_ph *);
struct sip_ph *sip_ph_find_binding(struct sip_alg *, uint8_t proto,
    const struct sip_addr *src, const struct sip_addr *dst, uint16_t dport);

/* sip_reg.c */
void sip_reg_request(struct sip_ctx *);
void sip_reg_response(struct sip_ctx *);
void sip_reg_expire(struct sip_alg *, uint64_t now);
void sip_reg_free_all(struct sip_alg *);
void sip_reg_free(struct sip_alg *, struct sip_reg *);

/* sip_stats.c */
const char *sip_noph_name(enum sip_noph);
void sip_dbg(struct sip_alg *, int detail, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* alg.c: keyed hashes (SipHash-2-4 with the ALG's key) */
uint32_t sip_hash(const struct sip_alg *, const void *, size_t);
uint32_t sip_hash_tuple(const struct sip_alg *, uint8_t proto,
    const struct sip_addr *x, uint16_t xp, const struct sip_addr *y,
    uint16_t yp);

/* alg.c: a restored TCP flow */
void sip_flow_insert(struct sip_alg *, struct sip_tcp_flow *);
/* sip_state.c: the first segments of a restored stream direction */
void sip_state_resume(struct sip_alg *, struct sip_tcp_flow *, int dir,
    uint32_t seq, size_t len);

/* quota.c */
int sip_quota_init(struct sip_alg *);
void sip_quota_fini(struct sip_alg *);
struct sip_owner *sip_owner_src(struct sip_alg *, const struct sip_addr *);
struct sip_owner *sip_owner_zp(struct sip_alg *, int src_zone, int dst_zone);
void sip_owner_put(struct sip_alg *, struct sip_owner *);
void sip_quota_add(struct sip_alg *, struct sip_owner *, enum sip_q, int delta);
/* 0 under both owners' quotas; -1 (source) or -2 (zone-pair) over one
 * of them, the refusal counted and logged. */
int sip_quota_check(struct sip_alg *, struct sip_owner *src,
    struct sip_owner *zp, enum sip_q);
/* Move a call to the list of its state; charges and releases quotas. */
void sip_quota_call(struct sip_alg *, struct sip_call *);
void sip_quota_call_drop(struct sip_alg *, struct sip_call *);
void sip_quota_reg_link(struct sip_alg *, struct sip_reg *);
void sip_quota_reg_unlink(struct sip_alg *, struct sip_reg *);
/* Free a slot for a new call/pinhole/registration of src: 0 or -1. */
int sip_evict_call(struct sip_alg *, struct sip_owner *src);
int sip_evict_pinholes(struct sip_alg *, struct sip_owner *src);
int sip_evict_reg(struct sip_alg *, struct sip_owner *src);
/* Count and log (at most once per log interval) a refusal or eviction. */
void sip_quota_event(struct sip_alg *, enum sip_qev, const struct sip_owner *,
    uint32_t limit);
const char *sip_qev_name(enum sip_qev);

#endif
