#include <string.h>
#include <strings.h>

#include "alg/sdp.h"
#include "alg/sip_addr.h"
#include "alg/sip_parse.h"

static const char *const sdp_errs[SDP_E_COUNT] = {
	"ok",
	"bad SDP line",
	"bad SDP version",
	"bad c= line",
	"bad m= line",
	"bad media port",
	"media without c=",
	"bad a= line",
};

const char *
sdp_strerror(int code)
{
	if (code < 0)
		code = -code;
	return code < SDP_E_COUNT ? sdp_errs[code] : "unknown";
}

static const char *const media_names[] = {
	"audio",
	"video",
	"image",
	"application",
	"text",
	"message",
	"other",
};

const char *
sdp_media_name(enum sdp_media m)
{
	return media_names[m <= SDP_M_OTHER ? m : SDP_M_OTHER];
}

/* Split the next SP-separated field of [*p, end). */
static bool
field(const char **p, const char *end, struct sip_str *f)
{
	const char *s = *p;

	while (s < end && *s == ' ')
		s++;
	f->p = s;
	while (s < end && *s != ' ')
		s++;
	f->len = (size_t)(s - f->p);
	*p = s;
	return f->len > 0;
}

static bool
is_lit(struct sip_str f, const char *lit)
{
	return f.len == strlen(lit) && memcmp(f.p, lit, f.len) == 0;
}

static int
port_of(struct sip_str f, uint16_t *port)
{
	uint32_t v;
	const char *slash = memchr(f.p, '/', f.len);
	size_t n = slash != NULL ? (size_t)(slash - f.p) : f.len;

	if (n == 0 || n > 5 || sip_parse_u32(f.p, n, &v, false) < 0 ||
	    v > 65535)
		return -1;
	if (slash != NULL) { /* m=<media> <port>/<number of ports> */
		uint32_t cnt;

		if (sip_parse_u32(slash + 1, f.len - n - 1, &cnt, false) < 0 ||
		    cnt == 0)
			return -1;
	}
	*port = (uint16_t)v;
	return 0;
}

/* "IN IP4 addr[/ttl[/n]]" or "IN IP6 addr[/n]" */
static int
conn_of(const char *p, const char *end, struct sdp_conn *c)
{
	struct sip_str nt, at, a;
	const char *slash;
	int fam;

	if (!field(&p, end, &nt) || !field(&p, end, &at) ||
	    !field(&p, end, &a) || !is_lit(nt, "IN"))
		return -1;
	while (p < end && *p == ' ')
		p++;
	if (p != end)
		return -1;
	if (is_lit(at, "IP4"))
		fam = AF_INET;
	else if (is_lit(at, "IP6"))
		fam = AF_INET6;
	else
		return -1;
	if ((slash = memchr(a.p, '/', a.len)) != NULL)
		a.len = (size_t)(slash - a.p);
	if (sip_addr_parse(a.p, a.len, &c->addr) == 0) {
		if (c->addr.family != fam)
			return -1;
		c->kind = sip_addr_unspec(&c->addr) ? SDP_C_UNSPEC : SDP_C_IP;
		return 0;
	}
	if (sip_is_hostname(a.p, a.len)) {
		c->kind = SDP_C_FQDN;
		return 0;
	}
	return -1;
}

static enum sdp_media
media_of(struct sip_str f)
{
	static const struct {
		const char *n;
		enum sdp_media m;
	} t[] = {
		{ "audio", SDP_M_AUDIO },
		{ "video", SDP_M_VIDEO },
		{ "image", SDP_M_IMAGE },
		{ "application", SDP_M_APPLICATION },
		{ "text", SDP_M_TEXT },
		{ "message", SDP_M_MESSAGE },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (is_lit(f, t[i].n))
			return t[i].m;
	return SDP_M_OTHER;
}

static int
media_line(const char *p, const char *end, struct sdp_stream *s)
{
	struct sip_str mf, pf, tf, fmt;

	if (!field(&p, end, &mf) || !field(&p, end, &pf) ||
	    !field(&p, end, &tf))
		return -SDP_E_MEDIA;
	for (size_t i = 0; i < mf.len; i++)
		if (!SIP_IS(mf.p[i], SIP_CC_TOKEN))
			return -SDP_E_MEDIA;
	if (port_of(pf, &s->port) < 0)
		return -SDP_E_PORT;
	s->media = media_of(mf);
	s->udp = (tf.len >= 4 && strncasecmp(tf.p, "RTP/", 4) == 0) ||
	    (tf.len >= 4 && strncasecmp(tf.p, "UDP", 3) == 0) ||
	    (tf.len == 5 && strncasecmp(tf.p, "udptl", 5) == 0);
	s->secure = (tf.len >= 8 && strncasecmp(tf.p, "RTP/SAVP", 8) == 0) ||
	    (tf.len >= 8 && strncasecmp(tf.p, "UDP/TLS/", 8) == 0);
	if (!field(&p, end, &fmt))
		return -SDP_E_MEDIA; /* at least one format */
	s->t38 = s->media == SDP_M_IMAGE && tf.len == 5 &&
	    strncasecmp(tf.p, "udptl", 5) == 0 && fmt.len == 3 &&
	    strncasecmp(fmt.p, "t38", 3) == 0;
	return 0;
}

/* a=rtcp:<port> [IN IP4 <addr>] (RFC 3605) */
static int
rtcp_attr(const char *p, const char *end, struct sdp_stream *s)
{
	struct sip_str pf;

	if (!field(&p, end, &pf) || port_of(pf, &s->rtcp_port) < 0)
		return -SDP_E_ATTR;
	s->rtcp_attr = true;
	while (p < end && *p == ' ')
		p++;
	if (p < end && conn_of(p, end, &s->rtcp_conn) < 0)
		return -SDP_E_ATTR;
	return 0;
}

/* Returns 1 when it was a direction attribute, 0 otherwise, or -error. */
static int
attribute(const char *p, const char *end, enum sdp_dir *dir,
    struct sdp_stream *s)
{
	size_t n = (size_t)(end - p);

#define ATTR(lit) (n == sizeof(lit) - 1 && memcmp(p, lit, n) == 0)
	if (ATTR("sendrecv"))
		*dir = SDP_SENDRECV;
	else if (ATTR("sendonly"))
		*dir = SDP_SENDONLY;
	else if (ATTR("recvonly"))
		*dir = SDP_RECVONLY;
	else if (ATTR("inactive"))
		*dir = SDP_INACTIVE;
	else {
		if (s != NULL && ATTR("rtcp-mux"))
			s->rtcp_mux = true;
		else if (s != NULL && n > 5 && memcmp(p, "rtcp:", 5) == 0)
			return rtcp_attr(p + 5, end, s);
		return 0;
	}
#undef ATTR
	return 1;
}

int
sdp_parse(const char *p, size_t len, struct sdp_info *si)
{
	const char *end = p + len, *lf, *le;
	struct sdp_stream *s = NULL, spare;
	bool first = true;
	int rc;

	memset(si, 0, sizeof(*si));
	while (p < end) {
		lf = memchr(p, '\n', (size_t)(end - p));
		le = lf != NULL ? lf : end;
		if (le > p && le[-1] == '\r')
			le--;
		if (le == p) { /* empty line: tolerated */
			p = lf != NULL ? lf + 1 : end;
			continue;
		}
		if (le - p < 2 || p[1] != '=' || p[0] < 'a' || p[0] > 'z')
			return -SDP_E_SYNTAX;
		if (first) {
			if (p[0] != 'v' || le - p != 3 || p[2] != '0')
				return -SDP_E_VERSION;
			first = false;
		}
		switch (p[0]) {
		case 'c':
			if (conn_of(p + 2, le,
				s != NULL ? &s->conn : &si->session_conn) < 0)
				return -SDP_E_CONN;
			break;
		case 'm':
			si->nmedia++;
			s = si->nstreams < SDP_MAX_STREAMS ?
			    &si->s[si->nstreams++] :
			    &spare;
			memset(s, 0, sizeof(*s));
			if ((rc = media_line(p + 2, le, s)) < 0)
				return rc;
			break;
		case 'a':
			if (s == NULL)
				rc = attribute(p + 2, le, &si->session_dir,
				    NULL);
			else if ((rc = attribute(p + 2, le, &s->dir, s)) == 1)
				s->dir_set = true;
			if (rc < 0)
				return rc;
			break;
		default:
			break;
		}
		p = lf != NULL ? lf + 1 : end;
	}
	if (first)
		return -SDP_E_VERSION;
	for (unsigned i = 0; i < si->nstreams; i++) {
		s = &si->s[i];
		if (s->conn.kind == SDP_C_NONE)
			s->conn = si->session_conn;
		if (!s->dir_set)
			s->dir = si->session_dir;
		if (s->port != 0 && s->conn.kind == SDP_C_NONE)
			return -SDP_E_NO_CONN;
		if (!s->rtcp_attr)
			s->rtcp_port = (s->port != 0 && s->port < 65535) ?
			    (uint16_t)(s->port + 1) :
			    0;
		if (s->rtcp_conn.kind == SDP_C_NONE)
			s->rtcp_conn = s->conn;
	}
	return 0;
}
