/*
 * Calls, dialogs and transactions: keyed by Call-ID and tags, never by the
 * signalling flow, so every call on a trunk keeps its own media.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip_addr.h"
#include "alg/sip_int.h"

static const char *const state_names[] = {
	[CALL_CALLING] = "calling",
	[CALL_PROCEEDING] = "proceeding",
	[CALL_EARLY] = "early",
	[CALL_ACTIVE] = "active",
	[CALL_CANCELLING] = "cancelling",
	[CALL_CLOSING] = "closing",
	[CALL_ENDED] = "ended",
};

const char *
sip_call_state_name(enum sip_call_state s)
{
	return s <= CALL_ENDED ? state_names[s] : "?";
}

static bool
tag_eq(const char *t, size_t tl, struct sip_str s)
{
	return tl == s.len && (tl == 0 || memcmp(t, s.p, tl) == 0);
}

static struct sip_call *
call_find(struct sip_alg *a, struct sip_str id, uint32_t h)
{
	struct sip_call *c;

	for (c = a->call_hash[h & (a->call_buckets - 1)]; c != NULL;
	     c = c->hnext)
		if (c->hash == h && c->callid_len == id.len &&
		    memcmp(c->callid, id.p, id.len) == 0)
			return c;
	return NULL;
}

/* "user@host" of a URI slice, truncated for show. */
static size_t
disp(char *dst, struct sip_str uri)
{
	size_t n = uri.len;

	if (n > 4 && strncasecmp(uri.p, "sip:", 4) == 0) {
		uri.p += 4;
		n -= 4;
	}
	if (n > SIP_DISP_MAX)
		n = SIP_DISP_MAX;
	for (size_t i = 0; i < n; i++)
		dst[i] = (uri.p[i] >= 0x20 && uri.p[i] < 0x7f) ? uri.p[i] : '?';
	dst[n] = '\0';
	return n + 1;
}

/*
 * May src (and its zone-pair) start one more call?  0, or the reason to
 * drop the INVITE.  A full table makes room by sip_evict_call().
 */
static int
call_admit(struct sip_alg *a, struct sip_owner *src, struct sip_owner *zp)
{
	if (sip_quota_check(a, src, zp, Q_UNANSWERED) < 0 ||
	    sip_quota_check(a, src, zp, Q_CALLS) < 0)
		return -SIP_R_QUOTA;
	if (a->ncalls >= a->par.max_calls && sip_evict_call(a, src) < 0) {
		sip_quota_event(a, QE_CALL_FULL, src, a->par.max_calls);
		return -SIP_R_TABLE_FULL;
	}
	return 0;
}

static struct sip_call *
call_new(struct sip_ctx *cx, uint32_t h, int *why)
{
	struct sip_alg *a = cx->alg;
	const struct sip_msg *m = cx->m;
	const struct sip_pkt *p = cx->pkt;
	struct sip_call *c = NULL, **b;
	struct sip_owner *src, *zp;
	size_t fl = m->from_uri.len > SIP_DISP_MAX ? SIP_DISP_MAX :
						     m->from_uri.len;
	size_t tl = m->to_uri.len > SIP_DISP_MAX ? SIP_DISP_MAX : m->to_uri.len;
	char *s;

	*why = -SIP_R_TABLE_FULL;
	src = sip_owner_src(a, &p->src);
	zp = sip_owner_zp(a, p->src_zone, p->dst_zone);
	if (src == NULL || zp == NULL || (*why = call_admit(a, src, zp)) < 0 ||
	    (c = calloc(1,
		 sizeof(*c) + m->call_id.len + 1 + m->from_tag.len + 1 + fl +
		     1 + tl + 1)) == NULL) {
		if (*why == 0)
			*why = -SIP_R_TABLE_FULL;
		a->st.calls_refused++;
		sip_owner_put(a, src);
		sip_owner_put(a, zp);
		return NULL;
	}
	c->src = src;
	c->zp = zp;
	s = c->callid;
	memcpy(s, m->call_id.p, m->call_id.len);
	c->callid_len = (uint16_t)m->call_id.len;
	s += m->call_id.len + 1;
	c->tag = s;
	if (m->from_tag.len > 0)
		memcpy(s, m->from_tag.p, m->from_tag.len);
	c->tag_len = (uint16_t)m->from_tag.len;
	s += m->from_tag.len + 1;
	c->from = s;
	s += disp(s, m->from_uri);
	c->to = s;
	disp(s, m->to_uri);
	c->hash = h;
	c->created_ms = c->last_ms = cx->now;
	c->state = CALL_CALLING;
	c->caller_sig = p->src;
	c->callee_sig = p->dst;
	c->caller_port = p->sport;
	c->callee_port = p->dport;
	c->proto = p->proto;
	c->caller_zone = p->src_zone;
	c->callee_zone = p->dst_zone;
	b = &a->call_hash[h & (a->call_buckets - 1)];
	c->hnext = *b;
	*b = c;
	c->lnext = a->calls;
	if (a->calls != NULL)
		a->calls->lprev = c;
	a->calls = c;
	a->ncalls++;
	a->st.calls++;
	sip_quota_call(a, c);
	sip_dbg(a, 0, "call %s: new, %s -> %s", c->callid, c->from, c->to);
	return c;
}

static void
dialog_free(struct sip_dialog *d)
{
	free(d->media);
	free(d->prev);
	free(d);
}

static void
call_free_media(struct sip_call *c)
{
	free(c->media);
	free(c->prev);
	c->media = c->prev = NULL;
	for (unsigned i = 0; i < c->ndlg; i++)
		dialog_free(c->dlg[i]);
	c->ndlg = 0;
}

void
sip_call_end(struct sip_alg *a, struct sip_call *c, const char *why)
{
	if (c->state == CALL_ENDED)
		return;
	c->state = CALL_ENDED;
	c->end_reason = why;
	sip_quota_call(a, c);
	sip_call_reconcile(a, c); /* closes every pinhole */
	call_free_media(c);
	c->expire_ms = a->now_ms + a->par.linger_ms;
	a->st.calls_ended++;
	sip_dbg(a, 0, "call %s: ended (%s)", c->callid, why);
}

void
sip_call_free(struct sip_alg *a, struct sip_call *c)
{
	struct sip_call **pp;

	if (c->state != CALL_ENDED)
		sip_call_end(a, c, "freed");
	pp = &a->call_hash[c->hash & (a->call_buckets - 1)];
	for (; *pp != NULL; pp = &(*pp)->hnext)
		if (*pp == c) {
			*pp = c->hnext;
			break;
		}
	if (c->lprev != NULL)
		c->lprev->lnext = c->lnext;
	else
		a->calls = c->lnext;
	if (c->lnext != NULL)
		c->lnext->lprev = c->lprev;
	a->ncalls--;
	sip_quota_call_drop(a, c);
	sip_owner_put(a, c->src);
	sip_owner_put(a, c->zp);
	sip_call_forget_retired(a, c);
	free(c->mf);
	free(c);
}

static int
dialog_find(struct sip_call *c, struct sip_str tag)
{
	for (unsigned i = 0; i < c->ndlg; i++)
		if (tag_eq(c->dlg[i]->tag, c->dlg[i]->tag_len, tag))
			return (int)i;
	return -1;
}

static struct sip_dialog *
dialog_get(struct sip_alg *a, struct sip_call *c, struct sip_str tag)
{
	struct sip_dialog *d;
	int i;

	if ((i = dialog_find(c, tag)) >= 0)
		return c->dlg[i];
	if (c->ndlg >= SIP_MAX_DIALOGS || tag.len > 1024 ||
	    (d = calloc(1, sizeof(*d) + tag.len + 1)) == NULL) {
		a->st.dialogs_refused++;
		return NULL;
	}
	if (tag.len > 0)
		memcpy(d->tag, tag.p, tag.len);
	d->tag_len = (uint16_t)tag.len;
	c->dlg[c->ndlg++] = d;
	return d;
}

static void
dialog_remove(struct sip_call *c, unsigned i)
{
	dialog_free(c->dlg[i]);
	c->dlg[i] = c->dlg[--c->ndlg];
	c->dlg[c->ndlg] = NULL;
}

/* A Contact we may open a signalling pinhole to (IP literal, own side). */
static bool
contact_of(struct sip_ctx *cx, struct sip_addr *addr, uint16_t *port,
    uint8_t *proto)
{
	const struct sip_msg *m = cx->m;
	const struct sip_uri *u;

	if (m->ncontact != 1 || !m->contact[0].uri.is_sip)
		return false;
	u = &m->contact[0].uri;
	if (sip_addr_parse(u->host.p, u->host.len, addr) < 0) {
		if (sip_is_hostname(u->host.p, u->host.len))
			cx->alg->st.noph[NOPH_FQDN]++;
		return false;
	}
	*port = u->port != 0 ? u->port : 5060;
	*proto = (u->transport.len == 3 &&
		     strncasecmp(u->transport.p, "tcp", 3) == 0) ?
	    IPPROTO_TCP :
	    IPPROTO_UDP;
	if (u->scheme.len == 4 ||
	    (u->transport.len > 0 && *proto == IPPROTO_UDP &&
		!(u->transport.len == 3 &&
		    strncasecmp(u->transport.p, "udp", 3) == 0)))
		return false; /* sips / TLS / SCTP: not inspected */
	if (*port < 1024) {
		cx->alg->st.noph[NOPH_LOW_PORT]++;
		return false;
	}
	if (sip_side_check(cx, addr) != NOPH_COUNT) {
		cx->alg->st.noph[NOPH_THIRD_PARTY]++;
		return false;
	}
	return true;
}

/* Replace a party's media; keep the old one when a re-offer may fail. */
static void
set_media(struct sip_mdesc **cur, struct sip_mdesc **prev, struct sip_mdesc *nw,
    bool keep_prev)
{
	if (nw == NULL)
		return;
	if (keep_prev) {
		free(*prev);
		*prev = *cur;
	} else
		free(*cur);
	*cur = nw;
}

/*
 * When the call times out in its state: Timer C before the answer; after
 * it, call_idle without signalling or media, and media_idle (when set)
 * without media.
 */
void
sip_call_deadline(struct sip_alg *a, struct sip_call *c)
{
	uint64_t t;

	switch (c->state) {
	case CALL_CALLING:
	case CALL_PROCEEDING:
	case CALL_EARLY:
		c->expire_ms = c->last_ms + a->par.invite_timeout_ms;
		break;
	case CALL_ACTIVE:
		t = c->media_ms > c->answered_ms ? c->media_ms : c->answered_ms;
		c->expire_ms = (c->last_ms > t ? c->last_ms : t) +
		    a->par.call_idle_ms;
		if (a->par.media_idle_ms > 0 &&
		    t + a->par.media_idle_ms < c->expire_ms)
			c->expire_ms = t + a->par.media_idle_ms;
		if (a->par.max_call_ms > 0 &&
		    c->answered_ms + a->par.max_call_ms < c->expire_ms)
			c->expire_ms = c->answered_ms + a->par.max_call_ms;
		break;
	default:
		break;
	}
}

static void
refresh(struct sip_alg *a, struct sip_call *c, uint64_t now)
{
	if (now > c->last_ms)
		c->last_ms = now;
	sip_call_deadline(a, c);
}

static void
request(struct sip_ctx *cx, struct sip_call *c, struct sip_mdesc *md)
{
	struct sip_alg *a = cx->alg;
	const struct sip_msg *m = cx->m;
	bool by_caller = tag_eq(c->tag, c->tag_len, m->from_tag);
	struct sip_str dtag = by_caller ? m->to_tag : m->from_tag;
	int di = dtag.len > 0 ? dialog_find(c, dtag) : -1;
	struct sip_dialog *d = di >= 0 ? c->dlg[di] : NULL;
	bool in_dialog = m->to_tag.p != NULL;

	switch (m->method) {
	case SIP_M_INVITE:
		if (!in_dialog) {
			/* initial INVITE (or its retransmission / auth retry) */
			if (!by_caller) {
				free(md);
				return;
			}
			if (c->state == CALL_ENDED ||
			    c->state == CALL_CANCELLING)
				c->state = CALL_CALLING;
			set_media(&c->media, &c->prev, md, false);
			c->invite_cseq = m->cseq;
			c->invite_pending = true;
			c->invite_by_caller = true;
			c->reinvite = false;
			c->has_caller_contact = contact_of(cx,
			    &c->caller_contact, &c->caller_contact_port,
			    &c->caller_contact_proto);
			return;
		}
		if (d == NULL) {
			free(md);
			return; /* not a dialog we saw confirmed */
		}
		if (md != NULL) {
			if (by_caller)
				set_media(&c->media, &c->prev, md, true);
			else
				set_media(&d->media, &d->prev, md, true);
		}
		c->invite_cseq = m->cseq;
		c->invite_pending = true;
		c->invite_by_caller = by_caller;
		c->reinvite = true;
		c->reinvite_dialog = di;
		return;
	case SIP_M_ACK:
	case SIP_M_PRACK:
	case SIP_M_UPDATE:
		if (md == NULL)
			return;
		if (by_caller)
			set_media(&c->media, &c->prev, md, false);
		else if (d != NULL)
			set_media(&d->media, &d->prev, md, false);
		else
			free(md);
		return;
	case SIP_M_CANCEL:
		free(md);
		if (c->state <= CALL_EARLY && by_caller) {
			c->state = CALL_CANCELLING;
			c->expire_ms = cx->now + a->par.linger_ms;
			a->st.calls_cancelled++;
			sip_dbg(a, 0, "call %s: cancelled", c->callid);
		}
		return;
	case SIP_M_BYE:
		free(md);
		if (c->state == CALL_ENDED)
			return;
		if (d == NULL && c->ndlg > 0)
			return; /* no such dialog: the UA answers 481 */
		if (d != NULL && c->ndlg > 1) {
			dialog_remove(c, (unsigned)di); /* one fork only */
			for (unsigned i = 0; i < c->ndlg; i++)
				if (c->dlg[i]->confirmed)
					return;
		}
		c->state = CALL_CLOSING;
		c->expire_ms = cx->now + a->par.linger_ms;
		sip_dbg(a, 0, "call %s: BYE", c->callid);
		return;
	default:
		free(md);
		return;
	}
}

static void
invite_response(struct sip_ctx *cx, struct sip_call *c, struct sip_mdesc *md,
    bool by_caller)
{
	struct sip_alg *a = cx->alg;
	const struct sip_msg *m = cx->m;
	struct sip_dialog *d = NULL;
	unsigned st = m->status;
	bool current = c->invite_pending && m->cseq == c->invite_cseq;

	if (c->reinvite && current) {
		struct sip_dialog *rd = c->reinvite_dialog >= 0 &&
			(unsigned)c->reinvite_dialog < c->ndlg ?
		    c->dlg[c->reinvite_dialog] :
		    NULL;

		if (st >= 300) { /* the re-offer failed: old media */
			if (c->invite_by_caller && c->prev != NULL) {
				free(c->media);
				c->media = c->prev;
				c->prev = NULL;
			} else if (!c->invite_by_caller && rd != NULL &&
			    rd->prev != NULL) {
				free(rd->media);
				rd->media = rd->prev;
				rd->prev = NULL;
			}
			free(md);
		} else if (md != NULL) {
			if (by_caller)
				set_media(&c->media, &c->prev, md, false);
			else if (rd != NULL)
				set_media(&rd->media, &rd->prev, md, false);
			else
				free(md);
		}
		if (st >= 200)
			c->invite_pending = false;
		return;
	}
	if (by_caller || c->state == CALL_ENDED) {
		free(md);
		return;
	}
	/* responses to the initial INVITE (callee side) */
	if (st >= 300) {
		free(md);
		if (!current)
			return;
		c->invite_pending = false;
		for (unsigned i = 0; i < c->ndlg; i++)
			if (c->dlg[i]->confirmed)
				return;
		if (c->state == CALL_CANCELLING)
			sip_call_end(a, c, "cancelled");
		else {
			a->st.calls_failed++;
			sip_call_end(a, c, "failed");
		}
		return;
	}
	if (m->to_tag.len > 0 || md != NULL)
		d = dialog_get(a, c, m->to_tag);
	if (d != NULL && md != NULL) {
		set_media(&d->media, &d->prev, md, false);
		md = NULL;
	}
	free(md);
	if (st < 200) {
		if (c->state == CALL_CALLING)
			c->state = CALL_PROCEEDING;
		if (d != NULL && c->state == CALL_PROCEEDING)
			c->state = CALL_EARLY;
		return;
	}
	/* 2xx: this dialog is confirmed, unanswered forks are gone */
	if (d == NULL)
		return;
	if (c->state != CALL_ACTIVE) {
		a->st.calls_answered++;
		c->answered_ms = c->media_ms = cx->now;
	}
	d->confirmed = true;
	c->state = CALL_ACTIVE;
	c->invite_pending = false;
	c->record_route = cx->m->nhdr[SIP_H_RECORD_ROUTE] > 0;
	d->has_contact = contact_of(cx, &d->contact, &d->contact_port,
	    &d->contact_proto);
	for (unsigned i = 0; i < c->ndlg;)
		if (!c->dlg[i]->confirmed)
			dialog_remove(c, i);
		else
			i++;
	sip_dbg(a, 0, "call %s: answered", c->callid);
}

static void
response(struct sip_ctx *cx, struct sip_call *c, struct sip_mdesc *md)
{
	const struct sip_msg *m = cx->m;
	/* the responder: callee when the request came from the caller */
	bool req_by_caller = tag_eq(c->tag, c->tag_len, m->from_tag);
	bool by_caller = !req_by_caller;
	struct sip_str dtag = req_by_caller ? m->to_tag : m->from_tag;
	int di = dialog_find(c, dtag);

	switch (m->cseq_method) {
	case SIP_M_INVITE:
		if (m->status == 100) {
			free(md);
			return;
		}
		invite_response(cx, c, md, by_caller);
		return;
	case SIP_M_PRACK:
	case SIP_M_UPDATE:
		if (md == NULL || m->status >= 300) {
			free(md);
			return;
		}
		if (by_caller)
			set_media(&c->media, &c->prev, md, false);
		else if (di >= 0)
			set_media(&c->dlg[di]->media, &c->dlg[di]->prev, md,
			    false);
		else
			free(md);
		return;
	case SIP_M_BYE:
		free(md);
		if (c->state == CALL_CLOSING && m->status >= 200)
			sip_call_end(cx->alg, c, "BYE");
		return;
	default:
		free(md);
		return;
	}
}

/* Which messages carry an offer or answer (RFC 3261, 3262, 3311). */
static bool
may_carry_sdp(const struct sip_msg *m)
{
	switch (m->method) {
	case SIP_M_INVITE:
		return m->is_request || m->status < 300;
	case SIP_M_ACK:
		return m->is_request;
	case SIP_M_PRACK:
	case SIP_M_UPDATE:
		return m->is_request || (m->status >= 200 && m->status < 300);
	default:
		return false;
	}
}

int
sip_msg_process(struct sip_ctx *cx)
{
	struct sip_alg *a = cx->alg;
	const struct sip_msg *m = cx->m;
	struct sip_mdesc *md = NULL;
	struct sip_call *c;
	enum sip_call_state before;
	uint32_t h;
	int rc;

	if (m->is_request)
		a->st.req[m->method]++;
	else
		a->st.resp[m->status / 100]++;
	if (m->is_request)
		sip_dbg(a, 1, "%s %.*s call %.*s", sip_method_name(m->method),
		    (int)(m->ruri_str.len > 80 ? 80 : m->ruri_str.len),
		    m->ruri_str.p, (int)m->call_id.len, m->call_id.p);
	else
		sip_dbg(a, 1, "%u %s call %.*s", m->status,
		    sip_method_name(m->method), (int)m->call_id.len,
		    m->call_id.p);
	if (m->method == SIP_M_REGISTER) {
		if (m->is_request)
			sip_reg_request(cx);
		else
			sip_reg_response(cx);
		return 0;
	}
	/* SDP first: a bad body changes no state */
	if (m->body_is_sdp && m->body.len > 0 && may_carry_sdp(m) &&
	    (rc = sip_media_from_sdp(cx, &md)) < 0)
		return rc;
	h = sip_hash(a, m->call_id.p, m->call_id.len);
	c = call_find(a, m->call_id, h);
	if (c == NULL) {
		if (!m->is_request || m->method != SIP_M_INVITE ||
		    m->to_tag.p != NULL) {
			if (m->method != SIP_M_OPTIONS &&
			    m->method != SIP_M_OTHER)
				a->st.orphans++;
			free(md);
			return 0; /* not a call we follow */
		}
		if ((c = call_new(cx, h, &rc)) == NULL) {
			free(md);
			return rc;
		}
	} else if (c->qclass == QC_ENDING && m->is_request &&
	    m->method == SIP_M_INVITE && m->to_tag.p == NULL &&
	    tag_eq(c->tag, c->tag_len, m->from_tag) &&
	    sip_quota_check(a, c->src, c->zp, Q_UNANSWERED) < 0) {
		free(md); /* a retry would be one more unanswered */
		return -SIP_R_QUOTA;
	}
	before = c->state;
	if (m->is_request)
		request(cx, c, md);
	else
		response(cx, c, md);
	sip_quota_call(a, c);
	if (c->state != CALL_ENDED) {
		if (c->state != before || c->state <= CALL_ACTIVE)
			refresh(a, c, cx->now);
		sip_call_reconcile(a, c);
	}
	return 0;
}
