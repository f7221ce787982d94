/*
 * SIP message framing: start line, header lines (folding, compact names),
 * the empty line and a Content-Length checked against the bytes present.
 */
#include <string.h>

#include "alg/sip.h"
#include "alg/sip_parse.h"

#define SIP_MAX_HDR_LINES 256

static const char *const err_names[SIP_E_COUNT] = {
	[SIP_E_OK] = "ok",
	[SIP_E_INCOMPLETE] = "incomplete message",
	[SIP_E_TOO_BIG] = "message too big",
	[SIP_E_START_LINE] = "bad start line",
	[SIP_E_METHOD] = "bad method",
	[SIP_E_RURI] = "bad Request-URI",
	[SIP_E_VERSION] = "unsupported SIP version",
	[SIP_E_STATUS] = "bad status code",
	[SIP_E_HDR_SYNTAX] = "bad header line",
	[SIP_E_DUP] = "repeated single-value header",
	[SIP_E_MISSING] = "missing mandatory header",
	[SIP_E_VIA] = "bad Via",
	[SIP_E_FROM] = "bad From",
	[SIP_E_TO] = "bad To",
	[SIP_E_CALL_ID] = "bad Call-ID",
	[SIP_E_CSEQ] = "bad CSeq",
	[SIP_E_CSEQ_METHOD] = "CSeq method mismatch",
	[SIP_E_CONTACT] = "bad Contact",
	[SIP_E_ROUTE] = "bad Route/Record-Route",
	[SIP_E_CONTENT_TYPE] = "bad Content-Type",
	[SIP_E_CONTENT_LENGTH] = "bad Content-Length",
	[SIP_E_BODY_SHORT] = "Content-Length beyond data",
	[SIP_E_EXPIRES] = "bad Expires",
	[SIP_E_MAX_FORWARDS] = "bad Max-Forwards",
	[SIP_E_DATE] = "bad Date",
};

const char *
sip_parse_strerror(int code)
{
	if (code < 0)
		code = -code;
	return code < SIP_E_COUNT ? err_names[code] : "unknown";
}

static int
parse_request_line(const char *p, size_t len, struct sip_msg *m)
{
	const char *end = p + len, *sp1, *sp2;

	sp1 = memchr(p, ' ', len);
	if (sp1 == NULL || sp1 == p)
		return -SIP_E_START_LINE;
	for (const char *q = p; q < sp1; q++)
		if (!SIP_IS(*q, SIP_CC_TOKEN))
			return -SIP_E_METHOD;
	m->method_str.p = p;
	m->method_str.len = (size_t)(sp1 - p);
	m->method = sip_method_of(p, m->method_str.len);
	sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1));
	if (sp2 == NULL)
		return -SIP_E_START_LINE; /* no SIP-Version */
	m->ruri_str.p = sp1 + 1;
	m->ruri_str.len = (size_t)(sp2 - sp1 - 1);
	if (sip_parse_uri(m->ruri_str.p, m->ruri_str.len, &m->ruri) < 0 ||
	    (m->ruri.is_sip && m->ruri.has_headers))
		return -SIP_E_RURI;
	if ((size_t)(end - sp2 - 1) != 7 ||
	    strncasecmp(sp2 + 1, "SIP/2.0", 7) != 0) {
		if (memchr(sp2 + 1, ' ', (size_t)(end - sp2 - 1)) != NULL)
			return -SIP_E_RURI; /* LWS inside the URI */
		return -SIP_E_VERSION;
	}
	m->is_request = true;
	return 0;
}

static int
parse_status_line(const char *p, size_t len, struct sip_msg *m)
{
	if (len < 12 || p[7] != ' ' || p[11] != ' ')
		return -SIP_E_STATUS;
	for (int i = 8; i < 11; i++)
		if (!SIP_IS(p[i], SIP_CC_DIGIT))
			return -SIP_E_STATUS;
	m->status = (unsigned)((p[8] - '0') * 100 + (p[9] - '0') * 10 +
	    (p[10] - '0'));
	if (m->status < 100 || m->status > 699)
		return -SIP_E_STATUS;
	m->reason.p = p + 12;
	m->reason.len = len - 12;
	for (size_t i = 0; i < m->reason.len; i++)
		if (m->reason.p[i] == '\0' || m->reason.p[i] == '\r')
			return -SIP_E_STATUS;
	m->is_request = false;
	return 0;
}

static int
parse_cseq(struct sip_str v, struct sip_msg *m)
{
	const char *p = v.p, *end = v.p + v.len, *s = p;

	while (p < end && SIP_IS(*p, SIP_CC_DIGIT))
		p++;
	if (p == s || p >= end || !SIP_IS(*p, SIP_CC_WSP) ||
	    sip_parse_u32(s, (size_t)(p - s), &m->cseq, false) < 0)
		return -1;
	while (p < end && SIP_IS(*p, SIP_CC_WSP))
		p++;
	s = p;
	while (p < end && SIP_IS(*p, SIP_CC_TOKEN))
		p++;
	if (p == s || p != end)
		return -1;
	m->cseq_method_str.p = s;
	m->cseq_method_str.len = (size_t)(p - s);
	m->cseq_method = sip_method_of(s, m->cseq_method_str.len);
	return 0;
}

static int
parse_call_id(struct sip_str v)
{
	size_t i, at = 0;

	if (v.len == 0 || v.len > SIP_CALLID_MAX)
		return -1;
	for (i = 0; i < v.len; i++) {
		if (v.p[i] == '@') {
			if (++at > 1 || i == 0 || i + 1 == v.len)
				return -1;
		} else if (!SIP_IS(v.p[i], SIP_CC_WORD))
			return -1;
	}
	return 0;
}

static int
parse_content_type(struct sip_str v, struct sip_msg *m)
{
	const char *p = v.p, *end = v.p + v.len, *t, *st;
	size_t tl, stl;

	t = p;
	while (p < end && SIP_IS(*p, SIP_CC_TOKEN))
		p++;
	tl = (size_t)(p - t);
	while (p < end && SIP_IS(*p, SIP_CC_WSP))
		p++;
	if (tl == 0 || p >= end || *p != '/')
		return -1;
	p++;
	while (p < end && SIP_IS(*p, SIP_CC_WSP))
		p++;
	st = p;
	while (p < end && SIP_IS(*p, SIP_CC_TOKEN))
		p++;
	stl = (size_t)(p - st);
	if (stl == 0)
		return -1;
	m->body_is_sdp = tl == 11 && strncasecmp(t, "application", 11) == 0 &&
	    stl == 3 && strncasecmp(st, "sdp", 3) == 0;
	return 0;
}

/* One header line: dispatch on its name; v is trimmed. */
static int
header(struct sip_msg *m, enum sip_hdr h, struct sip_str v)
{
	uint32_t u;

	if (m->nhdr[h]++ == 0)
		m->hdr[h] = v;
	else {
		switch (h) {
		case SIP_H_FROM:
		case SIP_H_TO:
		case SIP_H_CALL_ID:
		case SIP_H_CSEQ:
		case SIP_H_CONTENT_TYPE:
		case SIP_H_CONTENT_LENGTH:
		case SIP_H_EXPIRES:
		case SIP_H_MAX_FORWARDS:
		case SIP_H_DATE:
			return -SIP_E_DUP;
		default:
			break;
		}
	}
	switch (h) {
	case SIP_H_VIA:
		if (sip_parse_via(v.p, v.len, m->nvia == 0 ? &m->via : NULL,
			&m->nvia) < 0)
			return -SIP_E_VIA;
		break;
	case SIP_H_FROM:
		if (sip_parse_nameaddr(v.p, v.len, &m->from_uri, &m->from_tag) <
		    0)
			return -SIP_E_FROM;
		break;
	case SIP_H_TO:
		if (sip_parse_nameaddr(v.p, v.len, &m->to_uri, &m->to_tag) < 0)
			return -SIP_E_TO;
		break;
	case SIP_H_CALL_ID:
		if (parse_call_id(v) < 0)
			return -SIP_E_CALL_ID;
		m->call_id = v;
		break;
	case SIP_H_CSEQ:
		if (parse_cseq(v, m) < 0)
			return -SIP_E_CSEQ;
		break;
	case SIP_H_CONTACT:
		if (sip_parse_contacts(v.p, v.len, m) < 0)
			return -SIP_E_CONTACT;
		break;
	case SIP_H_ROUTE:
	case SIP_H_RECORD_ROUTE:
		if (sip_parse_routes(v.p, v.len) < 0)
			return -SIP_E_ROUTE;
		break;
	case SIP_H_CONTENT_TYPE:
		if (parse_content_type(v, m) < 0)
			return -SIP_E_CONTENT_TYPE;
		break;
	case SIP_H_CONTENT_LENGTH:
		if (sip_parse_size(v.p, v.len, &m->clen) < 0)
			return -SIP_E_CONTENT_LENGTH;
		m->has_clen = true;
		break;
	case SIP_H_EXPIRES:
		if (sip_parse_u32(v.p, v.len, &m->expires, true) < 0)
			return -SIP_E_EXPIRES;
		m->has_expires = true;
		break;
	case SIP_H_MAX_FORWARDS:
		if (sip_parse_u32(v.p, v.len, &u, false) < 0 || u > 255)
			return -SIP_E_MAX_FORWARDS;
		m->max_forwards = (int)u;
		break;
	case SIP_H_DATE:
		/* RFC 3261 20.17: rfc1123-date, always GMT */
		if (v.len < 3 || memcmp(v.p + v.len - 3, "GMT", 3) != 0)
			return -SIP_E_DATE;
		break;
	default:
		break;
	}
	return 0;
}

/* End of the line starting at p: the LF, or NULL. */
static inline const char *
line_end(const char *p, const char *end)
{
	return memchr(p, '\n', (size_t)(end - p));
}

static inline const char *
strip_cr(const char *s, const char *lf)
{
	return (lf > s && lf[-1] == '\r') ? lf - 1 : lf;
}

int
sip_parse(const uint8_t *buf, size_t len, unsigned flags, struct sip_msg *m,
    size_t *need)
{
	const char *p = (const char *)buf, *end = p + len, *lf, *le, *n, *v;
	bool stream = (flags & SIP_PARSE_STREAM) != 0;
	size_t avail;
	enum sip_hdr h;
	int rc;

	memset(m, 0, offsetof(struct sip_msg, contact));
	m->ncontact = 0;
	m->contact_star = false;
	memset(&m->has_expires, 0,
	    sizeof(*m) - offsetof(struct sip_msg, has_expires));
	m->max_forwards = -1;
	if (need != NULL)
		*need = 0;
	if (len > SIP_MSG_MAX && !stream)
		return -SIP_E_TOO_BIG;
	if (len > SIP_MSG_MAX)
		end = p + SIP_MSG_MAX;

#define MORE()                                                                 \
	(stream ? (len >= SIP_MSG_MAX ? -SIP_E_TOO_BIG : -SIP_E_INCOMPLETE) :  \
		  -SIP_E_START_LINE)

	if ((lf = line_end(p, end)) == NULL)
		return MORE();
	le = strip_cr(p, lf);
	if ((size_t)(le - p) >= 8 && strncasecmp(p, "SIP/2.0 ", 8) == 0)
		rc = parse_status_line(p, (size_t)(le - p), m);
	else if ((size_t)(le - p) >= 4 && strncasecmp(p, "SIP/", 4) == 0)
		rc = -SIP_E_VERSION;
	else
		rc = parse_request_line(p, (size_t)(le - p), m);
	if (rc < 0)
		return rc;

	p = lf + 1;
	for (;;) {
		if (p >= end)
			return stream ? MORE() : -SIP_E_HDR_SYNTAX;
		if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
			p += (*p == '\n') ? 1 : 2;
			break; /* the empty line */
		}
		if (*p == '\r' && p + 1 >= end)
			return stream ? MORE() : -SIP_E_HDR_SYNTAX;
		if (++m->nhdrs > SIP_MAX_HDR_LINES)
			return -SIP_E_TOO_BIG;
		n = p;
		while (p < end && SIP_IS(*p, SIP_CC_TOKEN))
			p++;
		if (p == n)
			return -SIP_E_HDR_SYNTAX;
		h = sip_hdr_of(n, (size_t)(p - n));
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end)
			return stream ? MORE() : -SIP_E_HDR_SYNTAX;
		if (*p != ':')
			return -SIP_E_HDR_SYNTAX;
		v = ++p;
		/* the value runs to the LF not followed by SP/HT */
		for (;;) {
			if ((lf = line_end(p, end)) == NULL)
				return stream ? MORE() : -SIP_E_HDR_SYNTAX;
			p = lf + 1;
			if (p >= end)
				return stream ? MORE() : -SIP_E_HDR_SYNTAX;
			if (*p != ' ' && *p != '\t')
				break;
		}
		if ((rc = header(m, h, sip_trim(v, (size_t)(lf - v)))) < 0)
			return rc;
	}
	m->hdr_len = (size_t)(p - (const char *)buf);

	if (m->nhdr[SIP_H_VIA] == 0 || m->nhdr[SIP_H_FROM] == 0 ||
	    m->nhdr[SIP_H_TO] == 0 || m->nhdr[SIP_H_CALL_ID] == 0 ||
	    m->nhdr[SIP_H_CSEQ] == 0)
		return -SIP_E_MISSING;
	if (m->is_request) {
		if (!sip_str_eq(m->method_str, m->cseq_method_str))
			return -SIP_E_CSEQ_METHOD;
	} else
		m->method = m->cseq_method;

	avail = len - m->hdr_len;
	if (!m->has_clen) {
		if (stream)
			return -SIP_E_CONTENT_LENGTH;
		m->clen = avail; /* RFC 2543 style: rest of datagram */
	}
	if (m->clen > SIP_MSG_MAX - m->hdr_len)
		return -SIP_E_TOO_BIG;
	if (m->clen > avail) {
		if (!stream)
			return -SIP_E_BODY_SHORT;
		if (need != NULL)
			*need = m->hdr_len + m->clen;
		return -SIP_E_INCOMPLETE;
	}
	m->body.p = (const char *)buf + m->hdr_len;
	m->body.len = m->clen;
	m->msg_len = m->hdr_len + m->clen;
	return 0;
#undef MORE
}
