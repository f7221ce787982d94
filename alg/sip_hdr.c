/*
 * Header value scanners: each takes one value slice (folding included, so
 * CR and LF inside it are LWS) and never reads past it.
 */
#include <string.h>

#include "alg/sip_parse.h"

static inline char
lc(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

struct sip_str
sip_trim(const char *p, size_t len)
{
	struct sip_str s;

	while (len > 0 && SIP_IS(*p, SIP_CC_WSP)) {
		p++;
		len--;
	}
	while (len > 0 && SIP_IS(p[len - 1], SIP_CC_WSP))
		len--;
	s.p = p;
	s.len = len;
	return s;
}

/* Decimal digits only (LWS trimmed by the caller). */
int
sip_parse_u32(const char *p, size_t len, uint32_t *out, bool saturate)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (!SIP_IS(p[i], SIP_CC_DIGIT))
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
		if (v > UINT32_MAX) {
			if (!saturate)
				return -1;
			v = UINT32_MAX;
			/* keep checking the remaining characters */
			for (i++; i < len; i++)
				if (!SIP_IS(p[i], SIP_CC_DIGIT))
					return -1;
			break;
		}
	}
	*out = (uint32_t)v;
	return 0;
}

/* Content-Length: wide, overflow-checked (never a narrow or signed int). */
int
sip_parse_size(const char *p, size_t len, size_t *out)
{
	size_t v = 0, i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (!SIP_IS(p[i], SIP_CC_DIGIT))
			return -1;
		if (v > (SIZE_MAX - 9) / 10)
			return -1;
		v = v * 10 + (size_t)(p[i] - '0');
	}
	*out = v;
	return 0;
}

/* A cursor over one value slice. */
struct cur {
	const char *p, *end;
};

static inline void
skip_lws(struct cur *c)
{
	while (c->p < c->end && SIP_IS(*c->p, SIP_CC_WSP))
		c->p++;
}

static inline bool
peek(const struct cur *c, char ch)
{
	return c->p < c->end && *c->p == ch;
}

static size_t
scan_class(struct cur *c, uint8_t cls)
{
	const char *s = c->p;

	while (c->p < c->end && SIP_IS(*c->p, cls))
		c->p++;
	return (size_t)(c->p - s);
}

/* quoted-string: c->p at '"'; leaves c->p after the closing quote. */
static int
scan_quoted(struct cur *c)
{
	c->p++;
	while (c->p < c->end) {
		if (*c->p == '\\') {
			if (c->p + 1 >= c->end || c->p[1] == '\r' ||
			    c->p[1] == '\n')
				return -1;
			c->p += 2;
			continue;
		}
		if (*c->p == '"') {
			c->p++;
			return 0;
		}
		c->p++;
	}
	return -1;
}

/* IPv6 reference "[...]": hex digits, ':' and '.' only. */
static int
scan_v6ref(struct cur *c)
{
	const char *s = ++c->p;

	while (c->p < c->end && *c->p != ']') {
		char ch = *c->p;

		if (!(SIP_IS(ch, SIP_CC_DIGIT) || ch == ':' || ch == '.' ||
			(lc(ch) >= 'a' && lc(ch) <= 'f')))
			return -1;
		c->p++;
	}
	if (c->p >= c->end || c->p == s)
		return -1;
	c->p++;
	return 0;
}

/*
 * Generic parameters: *( LWS ";" LWS name [ LWS "=" LWS value ] ).  Stops at
 * ',' or the end.  Calls back with each name/value (value.p NULL if none).
 */
typedef void (*param_fn)(void *arg, struct sip_str name, struct sip_str val);

static int
scan_params(struct cur *c, param_fn fn, void *arg)
{
	struct sip_str name, val;

	for (;;) {
		skip_lws(c);
		if (c->p >= c->end || *c->p == ',')
			return 0;
		if (*c->p != ';')
			return -1;
		c->p++;
		skip_lws(c);
		name.p = c->p;
		name.len = scan_class(c, SIP_CC_TOKEN);
		if (name.len == 0)
			return -1; /* ";;" or ";=" */
		skip_lws(c);
		val.p = NULL;
		val.len = 0;
		if (peek(c, '=')) {
			c->p++;
			skip_lws(c);
			val.p = c->p;
			if (peek(c, '"')) {
				if (scan_quoted(c) < 0)
					return -1;
			} else if (peek(c, '[')) {
				if (scan_v6ref(c) < 0)
					return -1;
			} else if (scan_class(c, SIP_CC_TOKEN) == 0)
				return -1;
			val.len = (size_t)(c->p - val.p);
		}
		if (fn != NULL)
			fn(arg, name, val);
	}
}

static void
via_param(void *arg, struct sip_str name, struct sip_str val)
{
	struct sip_via *v = arg;

	if (v != NULL && sip_str_ieq(name, "branch") && val.p != NULL)
		v->branch = val;
}

static int
scan_port(struct cur *c, uint16_t *port)
{
	uint32_t v;
	const char *s = c->p;
	size_t n = scan_class(c, SIP_CC_DIGIT);

	if (n == 0 || n > 5 || sip_parse_u32(s, n, &v, false) < 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* host = hostname / IPv4address / IPv6reference */
static int
scan_host(struct cur *c, struct sip_str *host)
{
	const char *s = c->p;

	if (peek(c, '[')) {
		if (scan_v6ref(c) < 0)
			return -1;
		host->p = s + 1;
		host->len = (size_t)(c->p - s) - 2;
		return 0;
	}
	while (c->p < c->end && SIP_IS(*c->p, SIP_CC_HOST))
		c->p++;
	host->p = s;
	host->len = (size_t)(c->p - s);
	return host->len > 0 ? 0 : -1;
}

/* Via: via-parm *(COMMA via-parm); LWS allowed around '/' and ':'. */
int
sip_parse_via(const char *p, size_t len, struct sip_via *top, unsigned *count)
{
	struct cur c = { p, p + len };
	struct sip_via v;
	unsigned n = 0;

	for (;;) {
		memset(&v, 0, sizeof(v));
		skip_lws(&c);
		if (scan_class(&c, SIP_CC_TOKEN) == 0) /* "SIP" */
			return -1;
		skip_lws(&c);
		if (!peek(&c, '/'))
			return -1;
		c.p++;
		skip_lws(&c);
		if (c.end - c.p < 3 || memcmp(c.p, "2.0", 3) != 0)
			return -1;
		c.p += 3;
		skip_lws(&c);
		if (!peek(&c, '/'))
			return -1;
		c.p++;
		skip_lws(&c);
		v.transport.p = c.p;
		if ((v.transport.len = scan_class(&c, SIP_CC_TOKEN)) == 0)
			return -1;
		if (c.p >= c.end || !SIP_IS(*c.p, SIP_CC_WSP))
			return -1;
		skip_lws(&c);
		if (scan_host(&c, &v.host) < 0)
			return -1;
		skip_lws(&c);
		if (peek(&c, ':')) {
			c.p++;
			skip_lws(&c);
			if (scan_port(&c, &v.port) < 0)
				return -1;
		}
		if (scan_params(&c, via_param, &v) < 0)
			return -1;
		if (n == 0 && top != NULL)
			*top = v;
		n++;
		if (c.p >= c.end)
			break;
		c.p++; /* ',' */
	}
	*count += n;
	return 0;
}

/*
 * URI: scheme ":" rest.  For sip/sips the user@host:port;params?headers
 * parts are found; the user part may hold ';' '?' '/' (RFC 3261 25.1
 * user-unreserved), so the host starts after the last '@'.
 */
int
sip_parse_uri(const char *p, size_t len, struct sip_uri *u)
{
	const char *end = p + len, *q, *at = NULL, *hs;
	struct cur c;

	memset(u, 0, sizeof(*u));
	if (len == 0 || !SIP_IS(*p, SIP_CC_ALPHA))
		return -1;
	for (q = p; q < end && SIP_IS(*q, SIP_CC_SCHEME); q++)
		;
	if (q >= end || *q != ':' || q + 1 >= end)
		return -1;
	u->scheme.p = p;
	u->scheme.len = (size_t)(q - p);
	for (hs = q + 1; hs < end; hs++) {
		if (!SIP_IS(*hs, SIP_CC_URIC))
			return -1; /* LWS, '<', '>', '"', controls */
		if (*hs == '@')
			at = hs;
	}
	if (!sip_ieq(p, u->scheme.len, "sip", 3) &&
	    !sip_ieq(p, u->scheme.len, "sips", 4))
		return 0;
	u->is_sip = true;
	q++;
	if (at != NULL) {
		u->user.p = q;
		u->user.len = (size_t)(at - q);
		q = at + 1;
	}
	c.p = q;
	c.end = end;
	if (scan_host(&c, &u->host) < 0)
		return -1;
	if (peek(&c, ':')) {
		c.p++;
		if (scan_port(&c, &u->port) < 0)
			return -1;
	}
	while (peek(&c, ';')) {
		const char *n = ++c.p, *v = NULL;
		size_t nl, vl = 0;

		while (c.p < c.end && *c.p != ';' && *c.p != '?' && *c.p != '=')
			c.p++;
		nl = (size_t)(c.p - n);
		if (nl == 0)
			return -1;
		if (peek(&c, '=')) {
			v = ++c.p;
			while (c.p < c.end && *c.p != ';' && *c.p != '?')
				c.p++;
			vl = (size_t)(c.p - v);
		}
		if (v != NULL && sip_ieq(n, nl, "transport", 9)) {
			u->transport.p = v;
			u->transport.len = vl;
		} else if (v != NULL && sip_ieq(n, nl, "maddr", 5)) {
			u->maddr.p = v;
			u->maddr.len = vl;
		}
	}
	if (peek(&c, '?')) {
		u->has_headers = true;
		return 0;
	}
	return c.p == c.end ? 0 : -1;
}

/*
 * name-addr / addr-spec at c: the URI slice goes to *uri.  in_list: a bare
 * addr-spec also ends at ','.  bare is set when there was no <>.
 */
static int
scan_addr(struct cur *c, struct sip_str *uri, bool in_list, bool *bare)
{
	const char *s;

	skip_lws(c);
	*bare = false;
	if (peek(c, '"')) {
		if (scan_quoted(c) < 0)
			return -1;
		skip_lws(c);
		if (!peek(c, '<'))
			return -1;
	} else if (!peek(c, '<')) {
		/* display-name tokens then '<', or a bare addr-spec */
		struct cur t = *c;

		while (t.p < t.end &&
		    (SIP_IS(*t.p, SIP_CC_TOKEN) || SIP_IS(*t.p, SIP_CC_WSP)))
			t.p++;
		if (peek(&t, '<')) {
			*c = t;
		} else {
			*bare = true;
			s = c->p;
			while (c->p < c->end && *c->p != ';' &&
			    !(in_list && *c->p == ',') &&
			    !SIP_IS(*c->p, SIP_CC_WSP))
				c->p++;
			uri->p = s;
			uri->len = (size_t)(c->p - s);
			return uri->len > 0 ? 0 : -1;
		}
	}
	c->p++; /* '<' */
	s = c->p;
	if ((c->p = memchr(s, '>', (size_t)(c->end - s))) == NULL)
		return -1;
	uri->p = s;
	uri->len = (size_t)(c->p - s);
	c->p++;
	return uri->len > 0 ? 0 : -1;
}

struct tag_arg {
	struct sip_str *tag;
	bool dup;
};

static void
tag_param(void *arg, struct sip_str name, struct sip_str val)
{
	struct tag_arg *t = arg;

	if (!sip_str_ieq(name, "tag"))
		return;
	if (t->tag->p != NULL || val.p == NULL)
		t->dup = true;
	*t->tag = val;
}

/* From / To: one name-addr or addr-spec with parameters (tag). */
int
sip_parse_nameaddr(const char *p, size_t len, struct sip_str *uri,
    struct sip_str *tag)
{
	struct cur c = { p, p + len };
	struct tag_arg ta = { tag, false };
	struct sip_uri u;
	bool bare;

	tag->p = NULL;
	tag->len = 0;
	if (scan_addr(&c, uri, false, &bare) < 0)
		return -1;
	if (sip_parse_uri(uri->p, uri->len, &u) < 0)
		return -1;
	if (bare && u.has_headers)
		return -1;
	if (scan_params(&c, tag_param, &ta) < 0 || c.p != c.end || ta.dup)
		return -1;
	return 0;
}

struct ct_arg {
	struct sip_contact *ct;
};

static void
contact_param(void *arg, struct sip_str name, struct sip_str val)
{
	struct sip_contact *ct = arg;

	if (ct != NULL && sip_str_ieq(name, "expires") && val.p != NULL &&
	    sip_parse_u32(val.p, val.len, &ct->expires, true) == 0)
		ct->has_expires = true;
}

/* Contact: "*" / contact-param *(COMMA contact-param). */
int
sip_parse_contacts(const char *p, size_t len, struct sip_msg *m)
{
	struct cur c = { p, p + len };
	struct sip_contact tmp, *ct;
	struct sip_str uri;
	bool bare;

	skip_lws(&c);
	if (peek(&c, '*')) {
		c.p++;
		skip_lws(&c);
		if (c.p != c.end)
			return -1;
		m->contact_star = true;
		return 0;
	}
	for (;;) {
		ct = m->ncontact < SIP_MAX_CONTACTS ? &m->contact[m->ncontact] :
						      &tmp;
		memset(ct, 0, sizeof(*ct));
		if (scan_addr(&c, &uri, true, &bare) < 0)
			return -1;
		if (sip_parse_uri(uri.p, uri.len, &ct->uri) < 0)
			return -1;
		if (bare && ct->uri.has_headers)
			return -1; /* RFC 3261 20.10: must be in <> */
		if (scan_params(&c, contact_param, ct) < 0)
			return -1;
		if (ct != &tmp)
			m->ncontact++;
		if (c.p >= c.end)
			return 0;
		c.p++; /* ',' */
	}
}

/* Route / Record-Route: name-addr *(COMMA name-addr), always in <>. */
int
sip_parse_routes(const char *p, size_t len)
{
	struct cur c = { p, p + len };
	struct sip_str uri;
	struct sip_uri u;
	bool bare;

	for (;;) {
		if (scan_addr(&c, &uri, true, &bare) < 0 || bare)
			return -1;
		if (sip_parse_uri(uri.p, uri.len, &u) < 0)
			return -1;
		if (scan_params(&c, NULL, NULL) < 0)
			return -1;
		if (c.p >= c.end)
			return 0;
		c.p++;
	}
}
