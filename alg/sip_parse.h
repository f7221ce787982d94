/*
 * SIP message parser (RFC 3261): zero-copy slices over the caller's bytes,
 * every scanner bounded by (ptr, len).  Internal to alg/.
 */
#ifndef ZB_SIP_PARSE_H
#define ZB_SIP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIP_MSG_MAX 65535 /* header section + body, bytes */
#define SIP_MAX_CONTACTS 8
#define SIP_CALLID_MAX 255

/* A slice of the message; never NUL-terminated. */
struct sip_str {
	const char *p;
	size_t len;
};

enum sip_method {
	SIP_M_OTHER,
	SIP_M_INVITE,
	SIP_M_ACK,
	SIP_M_BYE,
	SIP_M_CANCEL,
	SIP_M_OPTIONS,
	SIP_M_REGISTER,
	SIP_M_PRACK,
	SIP_M_UPDATE,
	SIP_M_SUBSCRIBE,
	SIP_M_NOTIFY,
	SIP_M_REFER,
	SIP_M_MESSAGE,
	SIP_M_INFO,
	SIP_M_PUBLISH,
	SIP_M_COUNT
};

/* Headers the ALG reads; everything else is SIP_H_OTHER. */
enum sip_hdr {
	SIP_H_VIA,
	SIP_H_FROM,
	SIP_H_TO,
	SIP_H_CALL_ID,
	SIP_H_CSEQ,
	SIP_H_CONTACT,
	SIP_H_RECORD_ROUTE,
	SIP_H_ROUTE,
	SIP_H_CONTENT_TYPE,
	SIP_H_CONTENT_LENGTH,
	SIP_H_EXPIRES,
	SIP_H_MAX_FORWARDS,
	SIP_H_DATE,
	SIP_H_OTHER,
	SIP_H_COUNT
};

/* Parse errors: sip_parse() returns -code; sip_parse_strerror(code). */
enum sip_err {
	SIP_E_OK,
	SIP_E_INCOMPLETE, /* stream: need more bytes */
	SIP_E_TOO_BIG,	  /* over SIP_MSG_MAX or a line/count bound */
	SIP_E_START_LINE,
	SIP_E_METHOD,
	SIP_E_RURI,
	SIP_E_VERSION,
	SIP_E_STATUS,
	SIP_E_HDR_SYNTAX, /* header line without name or ':' / bad byte */
	SIP_E_DUP,	  /* a single-valued header twice */
	SIP_E_MISSING,	  /* Via, From, To, Call-ID or CSeq absent */
	SIP_E_VIA,
	SIP_E_FROM,
	SIP_E_TO,
	SIP_E_CALL_ID,
	SIP_E_CSEQ,
	SIP_E_CSEQ_METHOD, /* request method differs from CSeq's */
	SIP_E_CONTACT,
	SIP_E_ROUTE, /* Route / Record-Route */
	SIP_E_CONTENT_TYPE,
	SIP_E_CONTENT_LENGTH, /* not a number, overflow, missing on TCP */
	SIP_E_BODY_SHORT,     /* Content-Length exceeds the bytes present */
	SIP_E_EXPIRES,
	SIP_E_MAX_FORWARDS,
	SIP_E_DATE,
	SIP_E_COUNT
};

struct sip_uri {
	struct sip_str scheme, user, host; /* host without [] */
	uint16_t port;			   /* 0: none given */
	struct sip_str transport;	   /* ;transport= value */
	struct sip_str maddr;
	bool has_headers; /* ?hname=... present */
	bool is_sip;	  /* sip: or sips: */
};

struct sip_contact {
	struct sip_uri uri;
	bool has_expires;
	uint32_t expires; /* saturated */
};

struct sip_via {
	struct sip_str transport; /* UDP, TCP, TLS, ... */
	struct sip_str host;
	uint16_t port;
	struct sip_str branch;
};

struct sip_msg {
	bool is_request;
	enum sip_method method; /* request method, or CSeq's */
	struct sip_str method_str;
	struct sip_str ruri_str;
	struct sip_uri ruri;
	unsigned status; /* response: 100..699 */
	struct sip_str reason;

	struct sip_str hdr[SIP_H_COUNT]; /* first value of each */
	uint16_t nhdr[SIP_H_COUNT];	 /* header lines of each */
	unsigned nhdrs;			 /* all header lines */

	struct sip_via via; /* topmost Via value */
	unsigned nvia;	    /* Via values */
	struct sip_str call_id;
	struct sip_str from_uri, from_tag, to_uri, to_tag;
	uint32_t cseq;
	enum sip_method cseq_method;
	struct sip_str cseq_method_str;
	struct sip_contact contact[SIP_MAX_CONTACTS];
	unsigned ncontact; /* stored (bounded) */
	bool contact_star;
	bool has_expires;
	uint32_t expires; /* saturated */
	int max_forwards; /* -1 absent */
	bool has_clen;
	size_t clen;
	bool body_is_sdp; /* Content-Type application/sdp */
	struct sip_str body;
	size_t hdr_len; /* start line .. empty line */
	size_t msg_len; /* hdr_len + body */
};

#define SIP_PARSE_STREAM                                                       \
	0x01 /* TCP: Content-Length required;
					 * short input is SIP_E_INCOMPLETE */

/*
 * Parse one message at p[0..len).  Returns 0, or -enum sip_err.  With
 * SIP_PARSE_STREAM, -SIP_E_INCOMPLETE means "valid so far, need more"; and
 * *need (when not NULL) is the total message size if known, else 0.
 * Datagrams: no Content-Length means the body is the rest; bytes after
 * Content-Length are not part of the message (msg_len says where it ends).
 */
int sip_parse(const uint8_t *p, size_t len, unsigned flags, struct sip_msg *m,
    size_t *need);

/* Header value scanners (sip_hdr.c), each on one value slice. */
int sip_parse_via(const char *p, size_t len, struct sip_via *top,
    unsigned *count);
int sip_parse_nameaddr(const char *p, size_t len, struct sip_str *uri,
    struct sip_str *tag);
int sip_parse_contacts(const char *p, size_t len, struct sip_msg *m);
int sip_parse_routes(const char *p, size_t len);
int sip_parse_uri(const char *p, size_t len, struct sip_uri *u);
int sip_parse_u32(const char *p, size_t len, uint32_t *out, bool saturate);
int sip_parse_size(const char *p, size_t len, size_t *out);
enum sip_method sip_method_of(const char *p, size_t len);
const char *sip_method_name(enum sip_method);
enum sip_hdr sip_hdr_of(const char *p, size_t len);

/* Character classes. */
#define SIP_CC_TOKEN 0x01
#define SIP_CC_WSP 0x02 /* SP HT CR LF: LWS inside a value */
#define SIP_CC_DIGIT 0x04
#define SIP_CC_ALPHA 0x08
#define SIP_CC_WORD 0x10   /* Call-ID word */
#define SIP_CC_URIC 0x20   /* may appear in a URI */
#define SIP_CC_SCHEME 0x40 /* ALPHA DIGIT + - . */
#define SIP_CC_HOST 0x80   /* ALPHA DIGIT - . (host names, IPv4) */
extern const uint8_t sip_cc[256];
#define SIP_IS(c, cls) ((sip_cc[(uint8_t)(c)] & (cls)) != 0)

static inline bool
sip_str_eq(struct sip_str a, struct sip_str b)
{
	return a.len == b.len &&
	    (a.len == 0 || __builtin_memcmp(a.p, b.p, a.len) == 0);
}
bool sip_str_ieq(struct sip_str a, const char *lit);
/* p[0..len) equals the lowercase literal, ignoring case (token chars). */
bool sip_ieq(const char *p, size_t len, const char *lit, size_t litlen);
struct sip_str sip_trim(const char *p, size_t len);

#endif
