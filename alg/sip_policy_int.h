/* Internal to alg/: evaluating a Layer 7 SIP policy on one message. */
#ifndef ZB_SIP_POLICY_INT_H
#define ZB_SIP_POLICY_INT_H

#include "alg/sip_parse.h"
#include "alg/sip_policy.h"

struct sip_l7_result {
	enum sip_l7_action action;
	bool log;
	bool violation;		/* a protocol violation */
	bool over_rate;		/* dropped by its rate-limit */
	unsigned code;		/* RESPOND: the status code */
	char why[96];		/* the match that decided */
	const char *cls;	/* class that decided */
	struct sip_l7_ctr *ctr; /* its counters, or NULL */
};

/*
 * Which class of pol takes message m (raw: its first byte; m->hdr_len
 * bytes of start line and headers follow).  m NULL: a message that did
 * not parse (parse_err, a sip_err): only `match protocol-violation` can
 * match it.  Counts the class's counters; *res says what to do.
 */
struct sip_addr;
void sip_policy_eval(const struct sip_policy *, const struct sip_msg *m,
    const uint8_t *raw, const struct sip_addr *src, uint64_t now_ms,
    struct sip_l7_result *res);
/* The header's value slices, in order: fn for each; header by long or
 * compact name, case-insensitive.  Returns how many. */
unsigned sip_hdr_each(const struct sip_msg *m, const uint8_t *raw,
    const char *name, bool (*fn)(void *arg, const char *v, size_t n),
    void *arg);

/*
 * The ALG's side (sip_policy_run.c): apply the flow's policy
 * (cx->pkt->l7) to message m (NULL: it did not parse), count, log (rate
 * limited).  0: the message goes on; -SIP_R_POLICY: drop it (over TCP the
 * stream is then broken, as for a malformed message).
 */
struct sip_ctx;
int sip_l7_check(struct sip_ctx *, const struct sip_msg *m, const uint8_t *raw);
/* sip_holddown.c: remember a 4xx-6xx answer to an INVITE; an initial
 * INVITE of the same source to the same destination within hold_down_ms
 * returns -SIP_R_HOLDDOWN (dropped).  0 otherwise. */
int sip_holddown(struct sip_ctx *, const struct sip_msg *m);

#endif
