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

#define SIP_MAX_DIALOGS		4	/* forks per call */
#define SIP_DISP_MAX		63	/* From/To kept for show */
#define SIP_REG_PENDING_MS	32000	/* Timer F: REGISTER without answer */

/* Why a stream, Contact or binding got no pinhole (counted). */
enum sip_noph {
	NOPH_FQDN,		/* a DNS name (SEMANTICS "beyond") */
	NOPH_THIRD_PARTY,	/* not on the advertising party's side */
	NOPH_LOW_PORT,		/* port below 1024 */
	NOPH_BAD_ADDR,		/* loopback, multicast, broadcast, 0/8 */
	NOPH_NOT_UDP,		/* media over TCP or unknown transport */
	NOPH_TABLE_FULL,	/* max_pinholes */
	NOPH_REFUSED,		/* the dataplane's open_pinhole failed */
	NOPH_TOO_MANY,		/* more m= lines than SDP_MAX_STREAMS */
	NOPH_COUNT
};

/* One m= line as kept for a party. */
#define SM_OK		0x01	/* address/port may get a pinhole */
#define SM_RTCP_OK	0x02
#define SM_MUX		0x04
#define SM_T38		0x08
#define SM_HOLD		0x10	/* c=0.0.0.0 */
#define SM_RTP		0x20	/* RTP/... profile */

struct sip_media {
	struct sip_addr	 addr, rtcp_addr;
	uint16_t	 port, rtcp_port;
	uint8_t		 media;		/* enum sdp_media */
	uint8_t		 dir;		/* enum sdp_dir */
	uint8_t		 flags;		/* SM_* */
};

struct sip_mdesc {
	uint8_t		 n;
	struct sip_media m[];
};

struct sip_ph {
	struct sip_ph	*hnext;		/* hash chain by destination */
	struct sip_ph	*inext;		/* hash chain by id */
	struct sip_ph	*cnext;		/* the call's (or binding's) list */
	struct sip_call	*call;		/* NULL: a registration's */
	struct sip_pinhole pub;
	uint64_t	 pkts, bytes, created_ms;
	bool		 stale;
};

struct sip_dialog {
	struct sip_mdesc *media, *prev;	/* callee's SDP for this fork */
	bool		 confirmed;
	bool		 has_contact;
	struct sip_addr	 contact;	/* callee Contact host (IP) */
	uint16_t	 contact_port;
	uint8_t		 contact_proto;
	uint16_t	 tag_len;
	char		 tag[];
};

enum sip_call_state {
	CALL_CALLING,		/* INVITE, no response yet */
	CALL_PROCEEDING,	/* 1xx */
	CALL_EARLY,		/* 1xx with a to-tag (early dialog) */
	CALL_ACTIVE,		/* 2xx: confirmed */
	CALL_CANCELLING,	/* CANCEL seen */
	CALL_CLOSING,		/* BYE seen */
	CALL_ENDED,		/* lingering for retransmissions */
};

struct sip_call {
	struct sip_call	*hnext;
	struct sip_call	*lprev, *lnext;	/* all calls */
	enum sip_call_state state;
	uint64_t	 created_ms, last_ms, expire_ms, answered_ms;
	uint64_t	 media_ms;		/* last media accounting */
	struct sip_addr	 caller_sig, callee_sig;	/* INVITE src/dst */
	uint16_t	 caller_port, callee_port;
	uint8_t		 proto;
	int		 caller_zone, callee_zone;
	struct sip_addr	 caller_contact;
	uint16_t	 caller_contact_port;
	uint8_t		 caller_contact_proto;
	bool		 has_caller_contact;
	bool		 record_route;
	uint32_t	 invite_cseq;		/* of the pending INVITE */
	bool		 invite_pending;
	bool		 invite_by_caller;
	bool		 reinvite;		/* pending INVITE is a re-INVITE */
	int		 reinvite_dialog;
	const char	*end_reason;
	struct sip_mdesc *media, *prev;		/* caller's SDP */
	struct sip_dialog *dlg[SIP_MAX_DIALOGS];
	unsigned	 ndlg;
	struct sip_ph	*ph;			/* pinholes of the call */
	unsigned	 nph;
	uint32_t	 hash;
	uint16_t	 callid_len, tag_len;
	char		*tag;			/* caller's From tag */
	char		*from, *to;		/* display (truncated) */
	char		 callid[];		/* + tag + from + to */
};

struct sip_reg {
	struct sip_reg	*prev, *next;
	uint64_t	 created_ms, expire_ms;
	bool		 active;		/* 2xx seen */
	uint32_t	 cseq;
	struct sip_addr	 contact;
	uint16_t	 contact_port;
	uint8_t		 proto;
	struct sip_addr	 registrar;
	int		 contact_zone, registrar_zone;
	struct sip_ph	*ph;
	uint32_t	 expires;		/* s, as granted */
	char		 callid[SIP_CALLID_MAX + 1];
	char		 aor[SIP_DISP_MAX + 1];
};

struct sip_tcp_flow {
	struct sip_tcp_flow *hnext;
	struct sip_tcp_flow *prev, *next;
	struct sip_addr	 a, b;		/* original direction a -> b */
	uint16_t	 ap, bp;
	uint64_t	 last_ms;
	struct sip_framer fr[2];	/* by SIP_DIR_* */
};

struct sip_stats {
	uint64_t	 req[SIP_M_COUNT];
	uint64_t	 resp[7];		/* by class 1..6 */
	uint64_t	 parse_err[SIP_E_COUNT];
	uint64_t	 sdp_err[SDP_E_COUNT];
	uint64_t	 drops[SIP_R_COUNT];
	uint64_t	 noph[NOPH_COUNT];
	uint64_t	 pkts_udp, pkts_tcp, msgs_udp, msgs_tcp;
	uint64_t	 keepalives, tls_pkts, not_sip;
	uint64_t	 tcp_retrans, tcp_held, tcp_midstream;
	uint64_t	 tcp_flows, tcp_flows_refused;
	uint64_t	 calls, calls_refused, calls_answered, calls_ended;
	uint64_t	 calls_timeout, calls_cancelled, calls_failed;
	uint64_t	 dialogs_refused, orphans;
	uint64_t	 ph_opened, ph_closed, ph_hits;
	uint64_t	 regs, regs_refused, regs_removed, regs_expired;
	uint64_t	 streams_hold, streams_disabled;
};

struct sip_alg {
	struct sip_alg_ops ops;
	void		*arg;
	struct sip_alg_params par;
	uint64_t	 now_ms;	/* latest time the caller gave */
	uint64_t	 next_ph_id;

	struct sip_call	**call_hash;
	unsigned	 call_buckets;
	struct sip_call	*calls;		/* list head */
	unsigned	 ncalls;

	struct sip_ph	**ph_hash;
	unsigned	 ph_buckets;
	unsigned	 nph;

	struct sip_reg	*regs;
	unsigned	 nregs;

	struct sip_tcp_flow **flow_hash;
	unsigned	 flow_buckets;
	struct sip_tcp_flow *flows;
	unsigned	 nflows;

	struct sip_stats st;
};

/* The message being handled, with the packet it came in. */
struct sip_ctx {
	struct sip_alg		*alg;
	const struct sip_pkt	*pkt;
	const struct sip_msg	*m;
	uint64_t		 now;
};

/* dialog.c */
int	sip_msg_process(struct sip_ctx *);
void	sip_call_end(struct sip_alg *, struct sip_call *, const char *why);
void	sip_call_free(struct sip_alg *, struct sip_call *);
void	sip_call_deadline(struct sip_alg *, struct sip_call *);
const char *sip_call_state_name(enum sip_call_state);

/* media.c: SDP to kept media, and media to pinholes */
int	sip_media_from_sdp(struct sip_ctx *, struct sip_mdesc **out);
void	sip_call_reconcile(struct sip_alg *, struct sip_call *);
/* NOPH_COUNT when addr may be honoured as the sender's (see doc/SIP.md) */
enum sip_noph sip_side_check(struct sip_ctx *, const struct sip_addr *);

/* pinhole.c */
int	sip_ph_init(struct sip_alg *);
struct sip_ph *sip_ph_open(struct sip_alg *, struct sip_call *,
	    const struct sip_pinhole *);
void	sip_ph_close(struct sip_alg *, struct sip_ph *);
void	sip_ph_unhash(struct sip_alg *, struct sip_ph *);

/* sip_reg.c */
void	sip_reg_request(struct sip_ctx *);
void	sip_reg_response(struct sip_ctx *);
void	sip_reg_expire(struct sip_alg *, uint64_t now);
void	sip_reg_free_all(struct sip_alg *);

/* sip_stats.c */
const char *sip_noph_name(enum sip_noph);
void	sip_dbg(struct sip_alg *, int detail, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

uint32_t	sip_hash_bytes(const void *, size_t);

#endif
