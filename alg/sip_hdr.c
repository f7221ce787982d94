/*
 * Header value scanners: each takes one value slice (folding included, so
 * CR and LF inside it are LWS) and never reads past it.
 */
#include <string.h>

#include "alg/sip_parse.h"

#define T	SIP_CC_TOKEN
#define W	SIP_CC_WORD
#define U	SIP_CC_URIC
#define S	SIP_CC_SCHEME
#define H	SIP_CC_HOST
#define D	(SIP_CC_DIGIT | T | W | U | S | H)
#define A	(SIP_CC_ALPHA | T | W | U | S | H)

/* RFC 3261 25.1: token, word (Call-ID), URI characters. */
const uint8_t sip_cc[256] = {
	['\t'] = SIP_CC_WSP, ['\r'] = SIP_CC_WSP, ['\n'] = SIP_CC_WSP,
	[' '] = SIP_CC_WSP,
	['!'] = T | W | U, ['"'] = W, ['#'] = U, ['$'] = U,
	['%'] = T | W | U, ['&'] = U, ['\''] = T | W | U, ['('] = W | U,
	[')'] = W | U, ['*'] = T | W | U, ['+'] = T | W | U | S,
	[','] = U, ['-'] = T | W | U | S | H, ['.'] = T | W | U | S | H,
	['/'] = W | U,
	['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D, ['5'] = D,
	['6'] = D, ['7'] = D, ['8'] = D, ['9'] = D,
	[':'] = W | U, [';'] = U, ['<'] = W, ['='] = U, ['>'] = W,
	['?'] = W | U, ['@'] = U,
	['A'] = A, ['B'] = A, ['C'] = A, ['D'] = A, ['E'] = A, ['F'] = A,
	['G'] = A, ['H'] = A, ['I'] = A, ['J'] = A, ['K'] = A, ['L'] = A,
	['M'] = A, ['N'] = A, ['O'] = A, ['P'] = A, ['Q'] = A, ['R'] = A,
	['S'] = A, ['T'] = A, ['U'] = A, ['V'] = A, ['W'] = A, ['X'] = A,
	['Y'] = A, ['Z'] = A,
	['['] = W | U, ['\\'] = W, [']'] = W | U, ['_'] = T | W | U,
	['`'] = T | W, ['{'] = W, ['}'] = W, ['~'] = T | W | U,
	['a'] = A, ['b'] = A, ['c'] = A, ['d'] = A, ['e'] = A, ['f'] = A,
	['g'] = A, ['h'] = A, ['i'] = A, ['j'] = A, ['k'] = A, ['l'] = A,
	['m'] = A, ['n'] = A, ['o'] = A, ['p'] = A, ['q'] = A, ['r'] = A,
	['s'] = A, ['t'] = A, ['u'] = A, ['v'] = A, ['w'] = A, ['x'] = A,
	['y'] = A, ['z'] = A,
};

#undef T
#undef W
#undef U
#undef S
#undef H
#undef D
#undef A

static const char *const method_names[SIP_M_COUNT] = {
	[SIP_M_OTHER] = "other", [SIP_M_INVITE] = "INVITE",
	[SIP_M_ACK] = "ACK", [SIP_M_BYE] = "BYE", [SIP_M_CANCEL] = "CANCEL",
	[SIP_M_OPTIONS] = "OPTIONS", [SIP_M_REGISTER] = "REGISTER",
	[SIP_M_PRACK] = "PRACK", [SIP_M_UPDATE] = "UPDATE",
	[SIP_M_SUBSCRIBE] = "SUBSCRIBE", [SIP_M_NOTIFY] = "NOTIFY",
	[SIP_M_REFER] = "REFER", [SIP_M_MESSAGE] = "MESSAGE",
	[SIP_M_INFO] = "INFO", [SIP_M_PUBLISH] = "PUBLISH",
};

const char *
sip_method_name(enum sip_method m)
{
	return m < SIP_M_COUNT ? method_names[m] : "other";
}

/* Methods are case-sensitive (RFC 3261 7.1). */
enum sip_method
sip_method_of(const char *p, size_t len)
{
	int i;

	for (i = 1; i < SIP_M_COUNT; i++)
		if (strlen(method_names[i]) == len &&
		    memcmp(method_names[i], p, len) == 0)
			return i;
	return SIP_M_OTHER;
}

static const char *const hdr_names[SIP_H_COUNT] = {
	[SIP_H_VIA] = "Via", [SIP_H_FROM] = "From", [SIP_H_TO] = "To",
	[SIP_H_CALL_ID] = "Call-ID", [SIP_H_CSEQ] = "CSeq",
	[SIP_H_CONTACT] = "Contact", [SIP_H_RECORD_ROUTE] = "Record-Route",
	[SIP_H_ROUTE] = "Route", [SIP_H_CONTENT_TYPE] = "Content-Type",
	[SIP_H_CONTENT_LENGTH] = "Content-Length", [SIP_H_EXPIRES] = "Expires",
	[SIP_H_MAX_FORWARDS] = "Max-Forwards", [SIP_H_DATE] = "Date",
	[SIP_H_OTHER] = "other",
};

const char *
sip_hdr_name(enum sip_hdr h)
{
	return h < SIP_H_COUNT ? hdr_names[h] : "other";
}

static inline char
lc(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* lit is lowercase letters, digits and '-': OR-ing 0x20 folds the case
 * of a letter and leaves '-' and digits alone (p holds token chars). */
static bool
ieq(const char *p, size_t len, const char *lit, size_t litlen)
{
	size_t i;

	if (len != litlen)
		return false;
	for (i = 0; i < len; i++)
		if ((p[i] | 0x20) != lit[i])
			return false;
	return true;
}

bool
sip_str_ieq(struct sip_str a, const char *lit)
{
	return ieq(a.p, a.len, lit, strlen(lit));
}

#define IEQ(p, n, lit)	ieq((p), (n), lit, sizeof(lit) - 1)

/* Header names are case-insensitive; compact forms per RFC 3261 7.3.3. */
enum sip_hdr
sip_hdr_of(const char *p, size_t n)
{
	if (n == 1) {
		switch (lc(p[0])) {
		case 'v': return SIP_H_VIA;
		case 'f': return SIP_H_FROM;
		case 't': return SIP_H_TO;
		case 'i': return SIP_H_CALL_ID;
		case 'm': return SIP_H_CONTACT;
		case 'c': return SIP_H_CONTENT_TYPE;
		case 'l': return SIP_H_CONTENT_LENGTH;
		default: return SIP_H_OTHER;
		}
	}
	if (n != 2 && n != 3 && n != 4 && n != 5 && n != 7 && n != 12 &&
	    n != 14)
		return SIP_H_OTHER;
	switch (lc(p[0])) {
	case 'v':
		return IEQ(p, n, "via") ? SIP_H_VIA : SIP_H_OTHER;
	case 'f':
		return IEQ(p, n, "from") ? SIP_H_FROM : SIP_H_OTHER;
	case 't':
		return IEQ(p, n, "to") ? SIP_H_TO : SIP_H_OTHER;
	case 'c':
		if (IEQ(p, n, "call-id"))
			return SIP_H_CALL_ID;
		if (IEQ(p, n, "cseq"))
			return SIP_H_CSEQ;
		if (IEQ(p, n, "contact"))
			return SIP_H_CONTACT;
		if (IEQ(p, n, "content-type"))
			return SIP_H_CONTENT_TYPE;
		if (IEQ(p, n, "content-length"))
			return SIP_H_CONTENT_LENGTH;
		return SIP_H_OTHER;
	case 'r':
		if (IEQ(p, n, "route"))
			return SIP_H_ROUTE;
		if (IEQ(p, n, "record-route"))
			return SIP_H_RECORD_ROUTE;
		return SIP_H_OTHER;
	case 'e':
		return IEQ(p, n, "expires") ? SIP_H_EXPIRES : SIP_H_OTHER;
	case 'm':
		return IEQ(p, n, "max-forwards") ? SIP_H_MAX_FORWARDS :
		    SIP_H_OTHER;
	case 'd':
		return IEQ(p, n, "date") ? SIP_H_DATE : SIP_H_OTHER;
	default:
		return SIP_H_OTHER;
	}
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
	const char	*p, *end;
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
			return -1;	/* ";;" or ";=" */
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

	if (n == 0 || n > 5 || sip_parse_u32(s, n, &v, false) < 0 ||
	    v > 65535)
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
		if (scan_class(&c, SIP_CC_TOKEN) == 0)	/* "SIP" */
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
		c.p++;		/* ',' */
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
			return -1;	/* LWS, '<', '>', '"', controls */
		if (*hs == '@')
			at = hs;
	}
	if (!ieq(p, u->scheme.len, "sip", 3) && !ieq(p, u->scheme.len, "sips", 4))
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
		if (v != NULL && ieq(n, nl, "transport", 9)) {
			u->transport.p = v;
			u->transport.len = vl;
		} else if (v != NULL && ieq(n, nl, "maddr", 5)) {
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

		while (t.p < t.end && (SIP_IS(*t.p, SIP_CC_TOKEN) ||
		    SIP_IS(*t.p, SIP_CC_WSP)))
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
	c->p++;		/* '<' */
	s = c->p;
	if ((c->p = memchr(s, '>', (size_t)(c->end - s))) == NULL)
		return -1;
	uri->p = s;
	uri->len = (size_t)(c->p - s);
	c->p++;
	return uri->len > 0 ? 0 : -1;
}

struct tag_arg {
	struct sip_str	*tag;
	bool		 dup;
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
	struct sip_contact	*ct;
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
			return -1;	/* RFC 3261 20.10: must be in <> */
		if (scan_params(&c, contact_param, ct) < 0)
			return -1;
		if (ct != &tmp)
			m->ncontact++;
		if (c.p >= c.end)
			return 0;
		c.p++;		/* ',' */
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
