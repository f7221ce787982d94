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
#define L7_RESPONSE_MAX 4096

struct resp {
	char *p;
	size_t len;
	bool over;
	const char *name;
};

static void
put(struct resp *r, const char *s, size_t n)
{
	if (r->over || r->len + n >= L7_RESPONSE_MAX) {
		r->over = true;
		return;
	}
	memcpy(r->p + r->len, s, n);
	r->len += n;
}

static bool
copy_hdr(void *arg, const char *v, size_t n)
{
	struct resp *r = arg;

	put(r, r->name, strlen(r->name));
	put(r, ": ", 2);
	put(r, v, n);
	put(r, "\r\n", 2);
	return false;
}

/*
 * RFC 3261 8.2.6: the final response a UAS would send, built from the
 * request: every Via in order, From, To (with a To tag when it has none),
 * Call-ID, CSeq.  Returns its length, 0 when it does not fit.
 */
static size_t
build_response(const struct sip_msg *m, const uint8_t *raw, unsigned code,
    char *buf)
{
	static const char *const copied[] = { "Via", "From", "To", "Call-ID",
		"CSeq" };
	struct resp r = { buf, 0, false, NULL };
	char line[96];
	size_t i;
	int n;

	n = snprintf(line, sizeof(line), "SIP/2.0 %u %s\r\n", code,
	    sip_l7_reason(code));
	put(&r, line, (size_t)n);
	for (i = 0; i < sizeof(copied) / sizeof(copied[0]); i++) {
		r.name = copied[i];
		if (strcmp(copied[i], "To") == 0 && m->to_tag.len == 0) {
			/* our tag: any value unique enough for one answer */
			put(&r, "To: ", 4);
			put(&r, m->hdr[SIP_H_TO].p, m->hdr[SIP_H_TO].len);
			n = snprintf(line, sizeof(line), ";tag=zbfw%08x\r\n",
			    (unsigned)(m->cseq * 2654435761u ^ m->call_id.len));
			put(&r, line, (size_t)n);
			continue;
		}
		sip_hdr_each(m, raw, copied[i], copy_hdr, &r);
	}
	put(&r, "Content-Length: 0\r\n\r\n", 21);
	return r.over ? 0 : r.len;
}

/* respond CODE: answer the request (UDP), rate limited per class. */
static void
l7_respond(struct sip_ctx *cx, const struct sip_msg *m, const uint8_t *raw,
    struct sip_l7_result *r)
{
	struct sip_alg *a = cx->alg;
	struct sip_l7_ctr *c = r->ctr;
	uint64_t sec = cx->now / 1000 + 1;
	char buf[L7_RESPONSE_MAX];
	size_t n;

	if (a->ops.respond == NULL || cx->pkt->proto != IPPROTO_UDP)
		return;
	if (c != NULL) {
		if (c->respond_last_sec != sec) {
			c->respond_last_sec = sec;
			c->respond_in_sec = 0;
		}
		if (++c->respond_in_sec > SIP_L7_RESPOND_RATE)
			return;
	}
	if ((n = build_response(m, raw, r->code, buf)) == 0)
		return;
	if (a->ops.respond(a->arg, cx->pkt, (const uint8_t *)buf, n) == 0 &&
	    c != NULL)
		c->responded++;
}

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
			snprintf(more, sizeof(more),
			    ", %llu more since the "
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
	    r->action == SIP_L7_ALLOW	    ? "SIP_ALLOW" :
		r->action == SIP_L7_DROP    ? "SIP_DROP" :
		r->action == SIP_L7_RESPOND ? "SIP_RESPOND" :
					      "SIP_RESET",
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
	sip_dbg(cx->alg, 1, "L7 policy %s: %s: class %s (%s): %s%s",
	    sip_policy_name(pol),
	    m == NULL	      ? "malformed message" :
		m->is_request ? sip_method_name(m->method) :
				"response",
	    r.cls, r.why, sip_l7_action_name(r.action),
	    r.over_rate ? " (over the rate limit)" : "");
	if (r.action == SIP_L7_ALLOW)
		return 0;
	if (r.action == SIP_L7_RESPOND)
		l7_respond(cx, m, raw, &r);
	return -SIP_R_POLICY;
}
