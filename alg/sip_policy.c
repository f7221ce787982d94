/*
 * Layer 7 SIP policy: build (the configuration compiler) and evaluate (the
 * ALG, once per message).  The first class whose matches hold takes the
 * message; class-default takes the rest.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip.h"
#include "alg/sip_policy_int.h"
#include "lib/siphash.h"

const char *const sip_l7_methods[] = {
	"ack",
	"bye",
	"cancel",
	"info",
	"invite",
	"message",
	"notify",
	"options",
	"prack",
	"publish",
	"refer",
	"register",
	"subscribe",
	"update",
	"unknown",
	NULL,
};

struct l7_match {
	enum sip_l7_kind kind;
	bool negate;
	enum sip_method method;
	char header[64]; /* long name */
	size_t hlen;
	uint32_t hkey; /* name_key() */
	uint32_t n;
	struct sip_regex *re;
};

/* One source of a rate-limited class: messages in its current second. */
struct rate_slot {
	struct sip_addr src;
	uint64_t sec; /* now_ms / 1000 + 1; 0: free */
	uint32_t n;
};
#define RATE_WAYS 4

struct l7_class {
	char name[64];
	uint32_t rate;		 /* 0: no rate-limit */
	unsigned code;		 /* respond CODE */
	struct rate_slot *slots; /* SIP_L7_RATE_SLOTS */
	struct siphash_key key;
	bool any;
	enum sip_l7_action action;
	bool log;
	struct sip_l7_ctr *ctr;
	size_t n;
	struct l7_match *m;
};

static void long_name(const char *, size_t, const char **, size_t *);
static uint32_t name_key(const char *, size_t);

struct sip_policy {
	char name[64];
	size_t n;
	struct l7_class *cls;
	struct l7_class def;
};

static void
copy_name(char *dst, size_t cap, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s != NULL ? s : "", n);
	dst[n] = '\0';
}

struct sip_policy *
sip_policy_new(const char *name)
{
	struct sip_policy *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	copy_name(p->name, sizeof(p->name), name);
	copy_name(p->def.name, sizeof(p->def.name), "class-default");
	p->def.action = SIP_L7_ALLOW;
	return p;
}

static void
class_free(struct l7_class *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		sip_regex_unref(k->m[i].re);
	free(k->m);
	free(k->slots);
}

void
sip_policy_free(struct sip_policy *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		class_free(&p->cls[i]);
	free(p->cls);
	free(p->def.slots);
	free(p);
}

int
sip_policy_add_class(struct sip_policy *p, const char *name, bool match_any,
    enum sip_l7_action act, bool log, struct sip_l7_ctr *ctr)
{
	struct l7_class *nc = realloc(p->cls, (p->n + 1) * sizeof(*nc));

	if (nc == NULL)
		return -ENOMEM;
	p->cls = nc;
	memset(&nc[p->n], 0, sizeof(nc[p->n]));
	copy_name(nc[p->n].name, sizeof(nc[p->n].name), name);
	nc[p->n].any = match_any;
	nc[p->n].action = act;
	nc[p->n].log = log;
	nc[p->n].ctr = ctr;
	return (int)p->n++;
}

int
sip_policy_add_match(struct sip_policy *p, int cls,
    const struct sip_l7_match *spec)
{
	struct l7_class *k;
	struct l7_match *nm, *m;
	char up[16];
	size_t i;

	if (cls < 0 || (size_t)cls >= p->n)
		return -EINVAL;
	k = &p->cls[cls];
	if ((nm = realloc(k->m, (k->n + 1) * sizeof(*nm))) == NULL)
		return -ENOMEM;
	k->m = nm;
	m = &nm[k->n];
	memset(m, 0, sizeof(*m));
	m->kind = spec->kind;
	m->negate = spec->negate;
	m->n = spec->n;
	if (spec->kind == SIP_L7_METHOD) {
		const char *s = spec->method != NULL ? spec->method : "";

		for (i = 0; s[i] != '\0' && i < sizeof(up) - 1; i++)
			up[i] = (char)toupper((unsigned char)s[i]);
		up[i] = '\0';
		/* the parser's method names are the uppercase tokens */
		m->method = sip_method_of(up, i);
		if (m->method == SIP_M_OTHER && strcmp(s, "unknown") != 0)
			return -EINVAL;
	}
	if (spec->header != NULL) {
		const char *ln;
		size_t lnl;

		long_name(spec->header, strlen(spec->header), &ln, &lnl);
		if (lnl >= sizeof(m->header))
			return -EINVAL;
		memcpy(m->header, ln, lnl);
		m->header[lnl] = '\0';
		m->hlen = lnl;
		m->hkey = name_key(m->header, lnl);
	}
	m->re = sip_regex_ref(spec->re);
	k->n++;
	return 0;
}

int
sip_policy_class_rate(struct sip_policy *p, int cls, uint32_t n)
{
	struct l7_class *k;

	if (cls < -1 || (cls >= 0 && (size_t)cls >= p->n))
		return -EINVAL;
	k = cls == -1 ? &p->def : &p->cls[cls];
	if (k->slots == NULL &&
	    (k->slots = calloc(SIP_L7_RATE_SLOTS, sizeof(*k->slots))) == NULL)
		return -ENOMEM;
	if (siphash_key_random(&k->key) < 0)
		return -EIO;
	k->rate = n;
	return 0;
}

/* Over the class's rate for this source in this second? (counts it) */
static bool
over_rate(struct l7_class *k, const struct sip_addr *src, uint64_t now_ms)
{
	uint64_t sec = now_ms / 1000 + 1;
	struct sip_addr a;
	struct rate_slot *set, *s, *old;
	size_t i;

	memset(&a, 0, sizeof(a));
	a.family = src->family;
	memcpy(&a.u, &src->u, src->family == AF_INET ? 4 : 16);
	set = &k->slots[(siphash24(&k->key, &a, sizeof(a)) %
			    (SIP_L7_RATE_SLOTS / RATE_WAYS)) *
	    RATE_WAYS];
	old = &set[0];
	for (i = 0; i < RATE_WAYS; i++) {
		s = &set[i];
		if (s->sec != 0 && memcmp(&s->src, &a, sizeof(a)) == 0)
			break;
		if (s->sec < old->sec)
			old = s;
	}
	if (i == RATE_WAYS) { /* new source: the stalest slot */
		s = old;
		s->src = a;
		s->sec = 0;
	}
	if (s->sec != sec) {
		s->sec = sec;
		s->n = 0;
	}
	return ++s->n > k->rate;
}

void
sip_policy_set_default(struct sip_policy *p, enum sip_l7_action act, bool log,
    struct sip_l7_ctr *ctr)
{
	p->def.action = act;
	p->def.log = log;
	p->def.ctr = ctr;
}

const char *
sip_policy_name(const struct sip_policy *p)
{
	return p->name;
}

const char *
sip_l7_action_name(enum sip_l7_action a)
{
	switch (a) {
	case SIP_L7_ALLOW:
		return "allow";
	case SIP_L7_DROP:
		return "drop";
	case SIP_L7_RESET:
		return "reset";
	case SIP_L7_RESPOND:
		return "respond";
	}
	return "?";
}

const char *
sip_l7_reason(unsigned code)
{
	switch (code) {
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 406:
		return "Not Acceptable";
	case 415:
		return "Unsupported Media Type";
	case 420:
		return "Bad Extension";
	case 480:
		return "Temporarily Unavailable";
	case 486:
		return "Busy Here";
	case 488:
		return "Not Acceptable Here";
	case 500:
		return "Server Internal Error";
	case 503:
		return "Service Unavailable";
	case 603:
		return "Decline";
	case 604:
		return "Does Not Exist Anywhere";
	}
	return "Rejected";
}

int
sip_policy_class_respond(struct sip_policy *p, int cls, unsigned code)
{
	if (cls < -1 || (cls >= 0 && (size_t)cls >= p->n) || code < 400 ||
	    code > 699)
		return -EINVAL;
	(cls == -1 ? &p->def : &p->cls[cls])->code = code;
	return 0;
}

/* ---- header access ---- */

/* RFC 3261 7.3.3 and the IANA compact forms: long name <-> letter. */
static const struct {
	const char *name;
	char c;
} compact[] = {
	{ "accept-contact", 'a' },
	{ "allow-events", 'u' },
	{ "call-id", 'i' },
	{ "contact", 'm' },
	{ "content-encoding", 'e' },
	{ "content-length", 'l' },
	{ "content-type", 'c' },
	{ "event", 'o' },
	{ "from", 'f' },
	{ "identity", 'y' },
	{ "refer-to", 'r' },
	{ "referred-by", 'b' },
	{ "reject-contact", 'j' },
	{ "request-disposition", 'd' },
	{ "session-expires", 'x' },
	{ "subject", 's' },
	{ "supported", 'k' },
	{ "to", 't' },
	{ "via", 'v' },
};

static bool
ieq(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i;

	if (an != bn)
		return false;
	for (i = 0; i < an; i++)
		if (tolower((unsigned char)a[i]) !=
		    tolower((unsigned char)b[i]))
			return false;
	return true;
}

/* The long name of a header name (itself when it has no compact form). */
static void
long_name(const char *p, size_t n, const char **out, size_t *outn)
{
	size_t i;

	*out = p;
	*outn = n;
	if (n != 1)
		return;
	for (i = 0; i < sizeof(compact) / sizeof(compact[0]); i++)
		if (tolower((unsigned char)p[0]) == compact[i].c) {
			*out = compact[i].name;
			*outn = strlen(compact[i].name);
			return;
		}
}

/* One header line: its long name (compact forms resolved) and value,
 * trimmed, folds included. */
struct hline {
	const char *n, *v;
	size_t nl, vl;
	uint32_t key; /* name_key() */
};
#define HLINES_MAX 256 /* the parser's bound on header lines */

/* A cheap filter before the case-insensitive compare: length, first and
 * last letter. */
static uint32_t
name_key(const char *n, size_t len)
{
	if (len == 0)
		return 0;
	return (uint32_t)len << 16 |
	    (uint32_t)(tolower((unsigned char)n[0]) << 8) |
	    (uint32_t)tolower((unsigned char)n[len - 1]);
}

/* Every header line of m, in order; returns how many (at most max). */
static unsigned
hdr_index(const struct sip_msg *m, const uint8_t *raw, struct hline *l,
    unsigned max)
{
	const char *p = (const char *)raw, *end = p + m->hdr_len;
	const char *line, *nl, *colon, *v, *ve;
	unsigned n = 0;

	/* skip the start line */
	if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
		return 0;
	p = nl + 1;
	while (p < end && n < max) {
		line = p;
		if (*line == '\r' || *line == '\n')
			break; /* the empty line */
		/* the header's value runs over folded continuation lines */
		ve = line;
		for (;;) {
			nl = memchr(ve, '\n', (size_t)(end - ve));
			if (nl == NULL) {
				ve = end;
				break;
			}
			ve = nl + 1;
			if (ve >= end || (*ve != ' ' && *ve != '\t'))
				break;
		}
		p = ve;
		colon = memchr(line, ':', (size_t)(ve - line));
		if (colon == NULL)
			continue;
		v = colon;
		while (v > line && (v[-1] == ' ' || v[-1] == '\t'))
			v--;
		long_name(line, (size_t)(v - line), &l[n].n, &l[n].nl);
		l[n].key = name_key(l[n].n, l[n].nl);
		v = colon + 1;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v &&
		    (ve[-1] == '\r' || ve[-1] == '\n' || ve[-1] == ' ' ||
			ve[-1] == '\t'))
			ve--;
		l[n].v = v;
		l[n].vl = (size_t)(ve - v);
		n++;
	}
	return n;
}

unsigned
sip_hdr_each(const struct sip_msg *m, const uint8_t *raw, const char *name,
    bool (*fn)(void *, const char *, size_t), void *arg)
{
	struct hline l[HLINES_MAX];
	const char *ln;
	size_t lnl;
	unsigned i, n = hdr_index(m, raw, l, HLINES_MAX), count = 0;

	long_name(name, strlen(name), &ln, &lnl);
	for (i = 0; i < n; i++) {
		if (!ieq(l[i].n, l[i].nl, ln, lnl))
			continue;
		count++;
		if (fn != NULL && fn(arg, l[i].v, l[i].vl))
			break;
	}
	return count;
}

const char *
sip_l7_header_long(const char *name)
{
	const char *ln;
	size_t lnl;

	long_name(name, strlen(name), &ln, &lnl);
	return ln;
}

/* ---- evaluation ---- */

/* The message being evaluated; its header lines indexed on first use. */
struct view {
	const struct sip_msg *m;
	const uint8_t *raw;
	bool indexed;
	unsigned n;
	struct hline l[HLINES_MAX];
};

static void
view_index(struct view *w)
{
	if (!w->indexed) {
		w->n = hdr_index(w->m, w->raw, w->l, HLINES_MAX);
		w->indexed = true;
	}
}

static bool
value_regex(const struct l7_match *x, const char *v, size_t n,
    struct sip_l7_ctr *ctr)
{
	char buf[SIP_REGEX_SUBJECT_MAX];
	size_t i, o = 0;

	if (memchr(v, '\n', n) == NULL) /* not folded: in place */
		return sip_regex_match(x->re, v, n,
			   ctr != NULL ? &ctr->regex_limit : NULL) == 1;
	/* a folded value is matched with each fold as one space */
	for (i = 0; i < n && o < sizeof(buf); i++) {
		if (v[i] == '\r' || v[i] == '\n')
			continue;
		buf[o++] = v[i] == '\t' ? ' ' : v[i];
	}
	return sip_regex_match(x->re, buf, o,
		   ctr != NULL ? &ctr->regex_limit : NULL) == 1;
}

/* HDR_REGEX / HDR_LEN: does a line of the header hold; HDR_COUNT: lines */
static bool
hdr_match(const struct l7_match *x, struct view *w, struct sip_l7_ctr *ctr)
{
	unsigned i, count = 0;

	view_index(w);
	for (i = 0; i < w->n; i++) {
		if (w->l[i].key != x->hkey ||
		    !ieq(w->l[i].n, w->l[i].nl, x->header, x->hlen))
			continue;
		count++;
		if (x->kind == SIP_L7_HDR_REGEX &&
		    value_regex(x, w->l[i].v, w->l[i].vl, ctr))
			return true;
		if (x->kind == SIP_L7_HDR_LEN && w->l[i].vl > x->n)
			return true;
	}
	return x->kind == SIP_L7_HDR_COUNT && count > x->n;
}

static bool
uri_eq(struct sip_str a, struct sip_str b)
{
	struct sip_uri ua, ub;

	if (sip_parse_uri(a.p, a.len, &ua) < 0 ||
	    sip_parse_uri(b.p, b.len, &ub) < 0)
		return sip_str_eq(a, b);
	/* the address of record: user exact, scheme and host any case */
	return sip_str_eq(ua.user, ub.user) &&
	    ieq(ua.host.p, ua.host.len, ub.host.p, ub.host.len) &&
	    ieq(ua.scheme.p, ua.scheme.len, ub.scheme.p, ub.scheme.len);
}

/* Protocol conformance beyond what the parser rejects (doc/SIP.md). */
static bool
violates(const struct sip_msg *m)
{
	return m->is_request && m->method != SIP_M_ACK &&
	    m->method != SIP_M_CANCEL && m->max_forwards == 0;
}

/* The status line after "SIP/2.0 ": "403 Forbidden". */
static bool
status_match(const struct l7_match *x, const struct sip_msg *m,
    struct sip_l7_ctr *ctr)
{
	char s[SIP_REGEX_SUBJECT_MAX];
	int n = snprintf(s, sizeof(s), "%03u %.*s", m->status,
	    (int)(m->reason.len < sizeof(s) - 8 ? m->reason.len :
						  sizeof(s) - 8),
	    m->reason.p != NULL ? m->reason.p : "");

	return n > 0 &&
	    sip_regex_match(x->re, s, (size_t)n,
		ctr != NULL ? &ctr->regex_limit : NULL) == 1;
}

/* A URI of the scheme (sip also sips) longer than n: the Request-URI,
 * From, To. */
static bool
uri_long(const struct l7_match *x, const struct sip_msg *m)
{
	const struct sip_str *u[3] = { &m->ruri_str, &m->from_uri, &m->to_uri };
	bool tel = strcmp(x->header, "tel") == 0;
	size_t i;

	for (i = 0; i < 3; i++) {
		const char *p = u[i]->p;
		size_t n = u[i]->len;
		bool is;

		if (p == NULL || n <= x->n)
			continue;
		is = tel ? n >= 4 && ieq(p, 4, "tel:", 4) :
			   (n >= 4 && ieq(p, 4, "sip:", 4)) ||
			(n >= 5 && ieq(p, 5, "sips:", 5));
		if (is)
			return true;
	}
	return false;
}

/* A body without Content-Type, or one said to be SDP that is not. */
static bool
ctype_mismatch(const struct sip_msg *m)
{
	if (m->body.len == 0)
		return false;
	if (m->hdr[SIP_H_CONTENT_TYPE].p == NULL)
		return true;
	return m->body_is_sdp &&
	    (m->body.len < 3 || memcmp(m->body.p, "v=0", 3) != 0);
}

static bool
match_one(const struct l7_match *x, struct view *w, struct sip_l7_ctr *ctr)
{
	const struct sip_msg *m = w->m;
	bool r = false;

	if (m == NULL) /* did not parse */
		r = x->kind == SIP_L7_VIOLATION;
	else
		switch (x->kind) {
		case SIP_L7_METHOD:
			r = m->is_request && m->method == x->method;
			break;
		case SIP_L7_RURI_REGEX:
			r = m->is_request &&
			    sip_regex_match(x->re, m->ruri_str.p,
				m->ruri_str.len,
				ctr != NULL ? &ctr->regex_limit : NULL) == 1;
			break;
		case SIP_L7_HDR_REGEX:
		case SIP_L7_HDR_LEN:
		case SIP_L7_HDR_COUNT:
			r = hdr_match(x, w, ctr);
			break;
		case SIP_L7_BODY_LEN:
			r = m->body.len > x->n;
			break;
		case SIP_L7_THIRD_PARTY_REG:
			r = m->is_request && m->method == SIP_M_REGISTER &&
			    !uri_eq(m->from_uri, m->to_uri);
			break;
		case SIP_L7_VIOLATION:
			r = violates(m);
			break;
		case SIP_L7_STATUS_REGEX:
			r = !m->is_request && status_match(x, m, ctr);
			break;
		case SIP_L7_URI_LEN:
			r = uri_long(x, m);
			break;
		case SIP_L7_CTYPE_REGEX:
			r = m->hdr[SIP_H_CONTENT_TYPE].p != NULL &&
			    sip_regex_match(x->re, m->hdr[SIP_H_CONTENT_TYPE].p,
				m->hdr[SIP_H_CONTENT_TYPE].len,
				ctr != NULL ? &ctr->regex_limit : NULL) == 1;
			break;
		case SIP_L7_CTYPE_MISMATCH:
			r = ctype_mismatch(m);
			break;
		}
	return x->negate ? !r : r;
}

static const char *const kind_names[] = {
	[SIP_L7_METHOD] = "request method",
	[SIP_L7_RURI_REGEX] = "request uri regex",
	[SIP_L7_HDR_REGEX] = "req-resp header regex",
	[SIP_L7_HDR_LEN] = "req-resp header length",
	[SIP_L7_BODY_LEN] = "req-resp body length",
	[SIP_L7_THIRD_PARTY_REG] = "third-party-registration",
	[SIP_L7_VIOLATION] = "protocol-violation",
	[SIP_L7_STATUS_REGEX] = "response status regex",
	[SIP_L7_HDR_COUNT] = "req-resp header count",
	[SIP_L7_URI_LEN] = "uri length",
	[SIP_L7_CTYPE_REGEX] = "req-resp content-type regex",
	[SIP_L7_CTYPE_MISMATCH] = "req-resp content-type mismatch",
};

/* For debug: which match line decided (match-any: the one that held). */
static void
why(const struct l7_class *k, const struct l7_match *x, char *b, size_t n)
{
	if (x == NULL) {
		snprintf(b, n, "%s",
		    k->n > 0 ? "all its matches" : "no class matched");
		return;
	}
	snprintf(b, n, "match %s%s%s%s", x->negate ? "not " : "",
	    kind_names[x->kind], x->header[0] ? " " : "", x->header);
}

static bool
class_matches(const struct l7_class *k, struct view *w,
    const struct l7_match **by)
{
	size_t i;

	*by = NULL;
	if (k->n == 0)
		return false; /* as an L4 class-map: no match line, no match */
	for (i = 0; i < k->n; i++) {
		bool r = match_one(&k->m[i], w, k->ctr);

		if (k->any && r) {
			*by = &k->m[i];
			return true;
		}
		if (!k->any && !r)
			return false;
	}
	return !k->any;
}

static void
count(struct sip_l7_ctr *c, enum sip_l7_action a)
{
	if (c == NULL)
		return;
	c->matched++;
	if (a == SIP_L7_ALLOW)
		c->allowed++;
	else if (a == SIP_L7_DROP || a == SIP_L7_RESPOND)
		c->dropped++;
	else
		c->reset++;
}

void
sip_policy_eval(const struct sip_policy *p, const struct sip_msg *m,
    const uint8_t *raw, const struct sip_addr *src, uint64_t now_ms,
    struct sip_l7_result *res)
{
	struct l7_class *k = (struct l7_class *)&p->def;
	const struct l7_match *by = NULL;
	struct view w;
	size_t i;

	w.m = m;
	w.raw = raw;
	w.indexed = false;
	for (i = 0; i < p->n; i++)
		if (class_matches(&p->cls[i], &w, &by)) {
			k = &p->cls[i];
			break;
		}
	if (k == &p->def)
		by = NULL;
	why(k == &p->def ? &(struct l7_class){ 0 } : k, by, res->why,
	    sizeof(res->why));
	res->action = k->action;
	res->code = k->code;
	/* only a request other than ACK gets an answer */
	if (res->action == SIP_L7_RESPOND &&
	    (m == NULL || !m->is_request || m->method == SIP_M_ACK))
		res->action = SIP_L7_DROP;
	res->over_rate = false;
	/* the rate is the policy's mutable state (one thread: the ALG's) */
	if (k->rate > 0 && m != NULL && src != NULL &&
	    over_rate(k, src, now_ms)) {
		res->over_rate = true;
		res->action = SIP_L7_DROP;
		if (k->ctr != NULL)
			k->ctr->rate_dropped++;
	}
	res->log = k->log;
	res->cls = k->name;
	res->ctr = k->ctr;
	res->violation = m == NULL || violates(m);
	/* a message that did not parse is never passed, whatever the class */
	if (m == NULL && res->action == SIP_L7_ALLOW)
		res->action = SIP_L7_DROP;
	count(k->ctr, res->action);
	if (k->log && k->ctr != NULL)
		k->ctr->logged++;
}
