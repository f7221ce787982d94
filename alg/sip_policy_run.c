/*
 * The Layer 7 SIP policy in the ALG's message path: evaluate, count, log.
 * Log lines are rate limited per class (one a second, the next one says
 * how many were left out).
 */
#include <stdio.h>
#include <string.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"
#include "alg/sip_policy_int.h"
#include "lib/log.h"

#define L7_LOG_INTERVAL_MS 1000

static void
l7_log(struct sip_ctx *cx, const struct sip_msg *m,
    const struct sip_l7_result *r)
{
	const struct sip_pkt *p = cx->pkt;
	struct sip_l7_ctr *c = r->ctr;
	char src[64], what[48], more[80] = "";
	int cid_len = 0;
	const char *cid = "";

	if (c != NULL) {
		if (c->log_last_ms != 0 &&
		    cx->now < c->log_last_ms + L7_LOG_INTERVAL_MS) {
			c->log_suppressed++;
			return;
		}
		c->log_last_ms = cx->now ? cx->now : 1;
		if (c->log_suppressed > 0)
			snprintf(more, sizeof(more), ", %llu more since the "
			    "last message",
			    (unsigned long long)c->log_suppressed);
		c->log_suppressed = 0;
	}
	sip_addr_fmt(&p->src, src, sizeof(src));
	if (m == NULL)
		snprintf(what, sizeof(what), "malformed message");
	else if (m->is_request)
		snprintf(what, sizeof(what), "%.*s",
		    (int)(m->method_str.len < 32 ? m->method_str.len : 32),
		    m->method_str.p);
	else
		snprintf(what, sizeof(what), "response %u", m->status);
	if (m != NULL) {
		cid = m->call_id.p;
		cid_len = (int)(m->call_id.len < 128 ? m->call_id.len : 128);
	}
	log_ios("APPFW", r->action == SIP_L7_ALLOW ? 6 : 4,
	    r->action == SIP_L7_ALLOW ? "SIP_ALLOW" :
	    r->action == SIP_L7_DROP ? "SIP_DROP" : "SIP_RESET",
	    "%s %s from %s:%u Call-ID %.*s, class %s%s%s%s",
	    sip_l7_action_name(r->action), what, src, p->sport, cid_len,
	    cid != NULL ? cid : "", r->cls,
	    r->violation ? " (protocol violation)" : "",
	    r->over_rate ? " (over the rate limit)" : "", more);
}

int
sip_l7_check(struct sip_ctx *cx, const struct sip_msg *m, const uint8_t *raw)
{
	const struct sip_policy *pol = cx->pkt->l7;
	struct sip_l7_result r;

	if (pol == NULL)
		return 0;
	memset(&r, 0, sizeof(r));
	sip_policy_eval(pol, m, raw, &cx->pkt->src, cx->now, &r);
	if (r.log)
		l7_log(cx, m, &r);
	sip_dbg(cx->alg, 1, "L7 policy %s: class %s: %s",
	    sip_policy_name(pol), r.cls, sip_l7_action_name(r.action));
	if (r.action == SIP_L7_ALLOW)
		return 0;
	return -SIP_R_POLICY;
}
