/*
 * SIP parser and SDP parser: fields, errors, RFC 4475 torture messages
 * (read from the shared test data at run time, see tests/unit/corpus.h).
 */
#include <arpa/inet.h>
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sdp.h"
#include "alg/sip_addr.h"
#include "alg/sip_parse.h"
#include "tests/unit/check_sip_fake.h"
#include "tests/unit/corpus.h"
#include "tests/unit/slurp.h"

/* Parse a string from a heap copy of exactly its length (ASan sees
 * any read past the end). */
static int
parse(const char *s, unsigned flags, struct sip_msg *m, size_t *need)
{
	static uint8_t *copy;
	size_t n = strlen(s);

	free(copy);
	copy = malloc(n ? n : 1);
	memcpy(copy, s, n);
	return sip_parse(copy, n, flags, m, need);
}

static bool
eq(struct sip_str s, const char *lit)
{
	return s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0;
}

#define INVITE_HDRS                                                            \
	"INVITE sip:bob@192.0.2.20 SIP/2.0\r\n"                                \
	"Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n"         \
	"Max-Forwards: 70\r\n"                                                 \
	"To: Bob <sip:bob@192.0.2.20>\r\n"                                     \
	"From: \"Alice A\" <sip:alice@192.0.2.10>;tag=1928301774\r\n"          \
	"Call-ID: a84b4c76e66710@pc33.example.com\r\n"                         \
	"CSeq: 314159 INVITE\r\n"                                              \
	"Contact: <sip:alice@192.0.2.10:5062;transport=tcp>\r\n"               \
	"Content-Type: application/sdp\r\n"

#define SDP_BODY                                                               \
	"v=0\r\no=a 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\n"   \
	"t=0 0\r\nm=audio 49170 RTP/AVP 0\r\n"

START_TEST(t_invite_fields)
{
	struct sip_msg m;
	char buf[2048];

	snprintf(buf, sizeof(buf), INVITE_HDRS "Content-Length: %zu\r\n\r\n%s",
	    strlen(SDP_BODY), SDP_BODY);
	ck_assert_int_eq(parse(buf, 0, &m, NULL), 0);
	ck_assert(m.is_request);
	ck_assert_int_eq(m.method, SIP_M_INVITE);
	ck_assert(eq(m.ruri.user, "bob"));
	ck_assert(eq(m.ruri.host, "192.0.2.20"));
	ck_assert(eq(m.call_id, "a84b4c76e66710@pc33.example.com"));
	ck_assert(eq(m.from_tag, "1928301774"));
	ck_assert_ptr_null(m.to_tag.p);
	ck_assert_uint_eq(m.cseq, 314159);
	ck_assert_int_eq(m.cseq_method, SIP_M_INVITE);
	ck_assert(eq(m.via.branch, "z9hG4bK776asdhds"));
	ck_assert(eq(m.via.transport, "UDP"));
	ck_assert(eq(m.via.host, "192.0.2.10"));
	ck_assert_uint_eq(m.via.port, 5060);
	ck_assert_uint_eq(m.ncontact, 1);
	ck_assert_uint_eq(m.contact[0].uri.port, 5062);
	ck_assert(eq(m.contact[0].uri.transport, "tcp"));
	ck_assert_int_eq(m.max_forwards, 70);
	ck_assert(m.body_is_sdp);
	ck_assert_uint_eq(m.body.len, strlen(SDP_BODY));
	ck_assert_uint_eq(m.msg_len, strlen(buf));
}
END_TEST

START_TEST(t_compact_folding_lists)
{
	struct sip_msg m;
	const char *s =
	    "BYE sip:bob@192.0.2.20 SIP/2.0\r\n"
	    "v: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKa ,\r\n"
	    "   SIP / 2.0 / TCP [2001:db8::1]:5070 ; branch = z9hG4bKb\r\n"
	    "V: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKc;rport\r\n"
	    "t: <sip:bob@192.0.2.20>;tag=b1\r\n"
	    "f: sip:alice@192.0.2.10\r\n"
	    "   ;tag=a1\r\n"
	    "i: abc@host\r\n"
	    "CSEQ: 2\r\n\tBYE\r\n"
	    "m: <sip:a@192.0.2.10>, \"X\" <sip:b@192.0.2.11>;expires=60\r\n"
	    "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
	    "l: 0\r\n\r\n";

	ck_assert_int_eq(parse(s, 0, &m, NULL), 0);
	ck_assert_int_eq(m.method, SIP_M_BYE);
	ck_assert_uint_eq(m.nvia, 3);
	ck_assert(eq(m.via.branch, "z9hG4bKa"));
	ck_assert(eq(m.to_tag, "b1"));
	ck_assert(eq(m.from_tag, "a1"));
	ck_assert(eq(m.call_id, "abc@host"));
	ck_assert_uint_eq(m.cseq, 2);
	ck_assert_uint_eq(m.ncontact, 2);
	ck_assert(m.contact[1].has_expires);
	ck_assert_uint_eq(m.contact[1].expires, 60);
	ck_assert_uint_eq(m.nhdr[SIP_H_RECORD_ROUTE], 1);
	ck_assert(m.has_clen);
	ck_assert_uint_eq(m.clen, 0);
}
END_TEST

/* Every known header by its name in any case and by its compact form;
 * near misses and unknown names are SIP_H_OTHER. */
START_TEST(t_hdr_names)
{
	static const struct {
		const char *name;
		enum sip_hdr id;
	} known[] = {
		{ "Via", SIP_H_VIA },
		{ "VIA", SIP_H_VIA },
		{ "v", SIP_H_VIA },
		{ "V", SIP_H_VIA },
		{ "From", SIP_H_FROM },
		{ "f", SIP_H_FROM },
		{ "To", SIP_H_TO },
		{ "tO", SIP_H_TO },
		{ "t", SIP_H_TO },
		{ "Call-ID", SIP_H_CALL_ID },
		{ "call-id", SIP_H_CALL_ID },
		{ "i", SIP_H_CALL_ID },
		{ "CSeq", SIP_H_CSEQ },
		{ "cseq", SIP_H_CSEQ },
		{ "Contact", SIP_H_CONTACT },
		{ "m", SIP_H_CONTACT },
		{ "Record-Route", SIP_H_RECORD_ROUTE },
		{ "RECORD-ROUTE", SIP_H_RECORD_ROUTE },
		{ "Route", SIP_H_ROUTE },
		{ "Content-Type", SIP_H_CONTENT_TYPE },
		{ "c", SIP_H_CONTENT_TYPE },
		{ "Content-Length", SIP_H_CONTENT_LENGTH },
		{ "content-LENGTH", SIP_H_CONTENT_LENGTH },
		{ "l", SIP_H_CONTENT_LENGTH },
		{ "L", SIP_H_CONTENT_LENGTH },
		{ "Expires", SIP_H_EXPIRES },
		{ "Max-Forwards", SIP_H_MAX_FORWARDS },
		{ "Date", SIP_H_DATE },
	};
	static const char *const other[] = {
		"Vias",
		"Vi",
		"Call-I",
		"Call_ID",
		"CallID",
		"Content-Lengths",
		"Content-Lengt",
		"Routes",
		"Record-Routf",
		"Expire",
		"x",
		"e",
		"s",
		"k",
		"Subject",
		"Max-Forward",
		"Date-",
		"Cseq2",
		"T0",
	};
	size_t i;
	unsigned seen = 0;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		ck_assert_msg(sip_hdr_of(known[i].name,
				  strlen(known[i].name)) == known[i].id,
		    "%s", known[i].name);
		seen |= 1u << known[i].id;
	}
	/* every id but SIP_H_OTHER was looked up */
	ck_assert_uint_eq(seen, (1u << SIP_H_OTHER) - 1);
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		ck_assert_msg(sip_hdr_of(other[i], strlen(other[i])) ==
			SIP_H_OTHER,
		    "%s", other[i]);
	/* the length is the caller's: a prefix of a name is that prefix */
	ck_assert(sip_hdr_of("Viaduct", 3) == SIP_H_VIA);
	ck_assert(sip_hdr_of("Viaduct", 7) == SIP_H_OTHER);
}
END_TEST

START_TEST(t_response)
{
	struct sip_msg m;
	const char *s =
	    "SIP/2.0 183 Session Progress\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKa\r\n"
	    "To: <sip:bob@192.0.2.20>;tag=b1\r\nFrom: <sip:a@x>;tag=a1\r\n"
	    "Call-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

	ck_assert_int_eq(parse(s, 0, &m, NULL), 0);
	ck_assert(!m.is_request);
	ck_assert_uint_eq(m.status, 183);
	ck_assert_int_eq(m.method, SIP_M_INVITE);
	ck_assert(eq(m.reason, "Session Progress"));
}
END_TEST

#define MIN_HDRS                                                               \
	"OPTIONS sip:b@192.0.2.20 SIP/2.0\r\n"                                 \
	"Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKa\r\n"                      \
	"To: <sip:b@192.0.2.20>\r\nFrom: <sip:a@x>;tag=a1\r\n"                 \
	"Call-ID: c1\r\nCSeq: 1 OPTIONS\r\n"

START_TEST(t_errors)
{
	struct sip_msg m;
	static const struct {
		const char *msg;
		int err;
	} t[] = {
		{ MIN_HDRS "Content-Length: 0\r\nContent-Length: 0\r\n\r\n",
		    SIP_E_DUP },
		{ MIN_HDRS "Call-ID: c2\r\nContent-Length: 0\r\n\r\n",
		    SIP_E_DUP },
		{ MIN_HDRS "Content-Length: -1\r\n\r\n", SIP_E_CONTENT_LENGTH },
		{ MIN_HDRS "Content-Length: 1x\r\n\r\n", SIP_E_CONTENT_LENGTH },
		{ MIN_HDRS "Content-Length: 5\r\n\r\nabc", SIP_E_BODY_SHORT },
		{ MIN_HDRS "Max-Forwards: 256\r\n\r\n", SIP_E_MAX_FORWARDS },
		{ MIN_HDRS "Via: SIP/2.0/UDP h;;x\r\n\r\n", SIP_E_VIA },
		{ MIN_HDRS "Via: SIP/2.0/UDP h,\r\n\r\n", SIP_E_VIA },
		{ MIN_HDRS "Contact: <sip:a@h>;;\r\n\r\n", SIP_E_CONTACT },
		{ MIN_HDRS "Contact: <sip:a@h>,,<sip:b@h>\r\n\r\n",
		    SIP_E_CONTACT },
		{ MIN_HDRS "Bad Header: x\r\n\r\n", SIP_E_HDR_SYNTAX },
		{ "OPTIONS sip:b@h SIP/2.0\r\n folded\r\n\r\n",
		    SIP_E_HDR_SYNTAX },
		{ MIN_HDRS "\r\n", 0 },
		{ MIN_HDRS, SIP_E_HDR_SYNTAX }, /* no empty line */
		{ "OPTIONS sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n"
		  "To: <sip:b@h>\r\nFrom: <sip:a@h>\r\nCSeq: 1 OPTIONS\r\n\r\n",
		    SIP_E_MISSING },
		{ "OPTIONS sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n"
		  "To: <sip:b@h>\r\nFrom: <sip:a@h>\r\nCall-ID: x\r\n"
		  "CSeq: 1 INVITE\r\n\r\n",
		    SIP_E_CSEQ_METHOD },
		{ "OPTIONS sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n"
		  "To: <sip:b@h>\r\nFrom: <sip:a@h>\r\nCall-ID: x\r\n"
		  "CSeq: 4294967296 OPTIONS\r\n\r\n",
		    SIP_E_CSEQ },
		{ "OPTIONS <sip:b@h> SIP/2.0\r\n\r\n", SIP_E_RURI },
		{ "OPTIONS sip:b@h SIP/3.0\r\n\r\n", SIP_E_VERSION },
		{ "SIP/2.0 1000 Big\r\n\r\n", SIP_E_STATUS },
		{ "SIP/2.0 099 Low\r\n\r\n", SIP_E_STATUS },
		{ "SIP/1.0 200 OK\r\n\r\n", SIP_E_VERSION },
		{ "GET / HTTP/1.1\r\nHost: x\r\n\r\n", SIP_E_RURI },
		{ "", SIP_E_START_LINE },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int rc = parse(t[i].msg, 0, &m, NULL);

		ck_assert_msg(rc == -t[i].err, "case %zu: got %d (%s) want %d",
		    i, rc, sip_parse_strerror(rc), t[i].err);
	}
}
END_TEST

/* CVE-2026-23457: 2^32+32 must not be read as 32. */
START_TEST(t_wide_content_length)
{
	struct sip_msg m;
	size_t need;
	char buf[1024];

	snprintf(buf, sizeof(buf),
	    MIN_HDRS "Content-Length: 4294967328\r\n"
		     "\r\n%s",
	    "0123456789abcdef0123456789abcdef");
	ck_assert_int_eq(parse(buf, 0, &m, NULL), -SIP_E_TOO_BIG);
	ck_assert_int_eq(parse(buf, SIP_PARSE_STREAM, &m, &need),
	    -SIP_E_TOO_BIG);
	snprintf(buf, sizeof(buf),
	    MIN_HDRS "Content-Length: 184467440737095516160\r\n\r\n");
	ck_assert_int_eq(parse(buf, 0, &m, NULL), -SIP_E_CONTENT_LENGTH);
	snprintf(buf, sizeof(buf),
	    MIN_HDRS "Content-Length: 000032\r\n\r\n"
		     "%s",
	    "0123456789abcdef0123456789abcdef");
	ck_assert_int_eq(parse(buf, 0, &m, NULL), 0);
	ck_assert_uint_eq(m.clen, 32);
}
END_TEST

START_TEST(t_stream_incomplete)
{
	struct sip_msg m;
	size_t need;
	char buf[1024];
	int n;

	n = snprintf(buf, sizeof(buf),
	    MIN_HDRS "Content-Length: 10\r\n\r\n"
		     "0123456789");
	buf[n - 4] = '\0'; /* body cut */
	ck_assert_int_eq(parse(buf, SIP_PARSE_STREAM, &m, &need),
	    -SIP_E_INCOMPLETE);
	ck_assert_uint_eq(need, (size_t)n);
	buf[40] = '\0'; /* inside the headers */
	ck_assert_int_eq(parse(buf, SIP_PARSE_STREAM, &m, &need),
	    -SIP_E_INCOMPLETE);
	ck_assert_uint_eq(need, 0);
	/* no Content-Length on a stream: framing unknown */
	ck_assert_int_eq(parse(MIN_HDRS "\r\n", SIP_PARSE_STREAM, &m, NULL),
	    -SIP_E_CONTENT_LENGTH);
}
END_TEST

/* ---- RFC 4475 ---- */

/* Lenient handling allowed for these invalid files (MANIFEST says so);
 * zbfw rejects them anyway, so none is listed. */
START_TEST(t_rfc4475)
{
	char path[1024], line[4096], rel[256];
	FILE *mf;
	unsigned files = 0;

	corpus_path(path, sizeof(path), RFC4475_MANIFEST);
	ck_assert_msg((mf = fopen(path, "r")) != NULL, "%s absent", path);
	while (fgets(line, sizeof(line), mf) != NULL) {
		char *file = strtok(line, "\t"), *cls, *media;
		struct sip_msg m;
		uint8_t *b;
		size_t len;
		int rc;

		strtok(NULL, "\t"); /* section */
		cls = strtok(NULL, "\t");
		strtok(NULL, "\t"); /* category */
		strtok(NULL, "\t"); /* title */
		media = strtok(NULL, "\t");
		if (file == NULL || strcmp(file, "file") == 0)
			continue; /* the header row */
		ck_assert_msg(cls != NULL && media != NULL,
		    "MANIFEST row %s: too few columns", file);
		snprintf(rel, sizeof(rel), "%s/%s", RFC4475_DIR, file);
		corpus_path(path, sizeof(path), rel);
		b = slurp(path, &len);
		ck_assert_msg(b != NULL, "%s unreadable", path);
		rc = sip_parse(b, len, 0, &m, NULL);
		if (strcmp(cls, "valid") == 0)
			ck_assert_msg(rc == 0, "%s: valid but %s", file,
			    sip_parse_strerror(rc));
		else
			ck_assert_msg(rc < 0, "%s: invalid but accepted", file);
		/* Valid messages with SDP: c= and the m= ports as listed */
		if (rc == 0 && strncmp(media, "c=", 2) == 0) {
			struct sdp_info si;
			struct sip_addr a;
			char want[256], got[256], ab[64];
			int off;

			ck_assert_msg(m.body_is_sdp, "%s: no SDP", file);
			ck_assert_int_eq(sdp_parse(m.body.p, m.body.len, &si),
			    0);
			ck_assert_uint_ge(si.nstreams, 1);
			a = si.s[0].conn.addr;
			off = snprintf(got, sizeof(got), "c=%s",
			    sip_addr_fmt(&a, ab, sizeof(ab)));
			for (unsigned k = 0; k < si.nstreams; k++)
				off += snprintf(got + off, sizeof(got) - off,
				    " %s %u", sdp_media_name(si.s[k].media),
				    si.s[k].port);
			snprintf(want, sizeof(want), "%s", media);
			ck_assert_str_eq(got, want);
		}
		if (strcmp(file, "dblreq.dat") == 0) {
			ck_assert_uint_eq(m.msg_len + 450, len);
			ck_assert_uint_eq(m.body.len, 0);
		}
		if (strcmp(file, "mpart01.dat") == 0)
			ck_assert_uint_eq(m.body.len, 553);
		if (strcmp(file, "invut.dat") == 0)
			ck_assert(!m.body_is_sdp);
		if (strcmp(file, "inv2543.dat") == 0)
			ck_assert_uint_eq(m.msg_len, len);
		if (strcmp(file, "esc02.dat") == 0) {
			ck_assert_int_eq(m.method, SIP_M_OTHER);
			ck_assert_uint_eq(m.ncontact, 2);
		}
		if (strcmp(file, "bigcode.dat") == 0)
			ck_assert_int_eq(rc, -SIP_E_STATUS);
		if (strcmp(file, "ncl.dat") == 0)
			ck_assert_int_eq(rc, -SIP_E_CONTENT_LENGTH);
		if (strcmp(file, "clerr.dat") == 0) {
			size_t need;

			ck_assert_int_eq(rc, -SIP_E_BODY_SHORT);
			ck_assert_int_eq(
			    sip_parse(b, len, SIP_PARSE_STREAM, &m, &need),
			    -SIP_E_INCOMPLETE);
		}
		/* every file split at every offset never reads past it */
		for (size_t cut = 0; cut < len; cut += 7) {
			uint8_t *c = malloc(cut ? cut : 1);

			memcpy(c, b, cut);
			(void)sip_parse(c, cut, SIP_PARSE_STREAM, &m, NULL);
			(void)sip_parse(c, cut, 0, &m, NULL);
			free(c);
		}
		free(b);
		files++;
	}
	fclose(mf);
	ck_assert_uint_eq(files, RFC4475_FILES);
}
END_TEST

/* ---- SDP ---- */

static int
sdp(const char *s, struct sdp_info *si)
{
	static char *copy;
	size_t n = strlen(s);

	free(copy);
	copy = malloc(n ? n : 1);
	memcpy(copy, s, n);
	return sdp_parse(copy, n, si);
}

START_TEST(t_sdp_streams)
{
	struct sdp_info si;
	char ab[64];

	ck_assert_int_eq(
	    sdp("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n"
		"c=IN IP4 192.0.2.1\r\nt=0 0\r\na=sendonly\r\n"
		"m=audio 40000 RTP/SAVP 0\r\na=rtcp:40011\r\n"
		"m=video 0 RTP/AVP 31\r\n"
		"m=image 40002 udptl t38\r\nc=IN IP4 192.0.2.2\r\na=recvonly\r\n"
		"m=application 40004 RTP/AVP 100\r\na=rtcp-mux\r\n"
		"m=audio 65535 RTP/AVP 0\r\n",
		&si),
	    0);
	ck_assert_uint_eq(si.nstreams, 5);
	ck_assert_int_eq(si.s[0].media, SDP_M_AUDIO);
	ck_assert(si.s[0].secure);
	ck_assert_uint_eq(si.s[0].rtcp_port, 40011);
	ck_assert_int_eq(si.s[0].dir, SDP_SENDONLY);
	ck_assert_uint_eq(si.s[1].port, 0);
	ck_assert_uint_eq(si.s[1].rtcp_port, 0);
	ck_assert(si.s[2].t38);
	ck_assert_int_eq(si.s[2].dir, SDP_RECVONLY);
	ck_assert_str_eq(sip_addr_fmt(&si.s[2].conn.addr, ab, sizeof(ab)),
	    "192.0.2.2");
	ck_assert_uint_eq(si.s[2].rtcp_port, 40003);
	ck_assert(si.s[3].rtcp_mux);
	ck_assert_int_eq(si.s[3].media, SDP_M_APPLICATION);
	ck_assert_uint_eq(si.s[4].rtcp_port, 0); /* never wraps to 0+ */
}
END_TEST

START_TEST(t_sdp_ipv6_fqdn_hold)
{
	struct sdp_info si;
	char ab[64];

	ck_assert_int_eq(sdp("v=0\nc=IN IP6 2001:db8::5\nm=audio 5004 RTP/AVP "
			     "0\n",
			     &si),
	    0);
	ck_assert_int_eq(si.s[0].conn.addr.family, AF_INET6);
	ck_assert_str_eq(sip_addr_fmt(&si.s[0].conn.addr, ab, sizeof(ab)),
	    "2001:db8::5");
	ck_assert_int_eq(sdp("v=0\r\nc=IN IP4 media.example.com\r\n"
			     "m=audio 5004 RTP/AVP 0\r\n",
			     &si),
	    0);
	ck_assert_int_eq(si.s[0].conn.kind, SDP_C_FQDN);
	ck_assert_int_eq(sdp("v=0\r\nc=IN IP4 0.0.0.0\r\n"
			     "m=audio 5004 RTP/AVP 0\r\n",
			     &si),
	    0);
	ck_assert_int_eq(si.s[0].conn.kind, SDP_C_UNSPEC);
}
END_TEST

START_TEST(t_sdp_errors)
{
	struct sdp_info si;
	static const struct {
		const char *s;
		int err;
	} t[] = {
		{ "", SDP_E_VERSION },
		{ "v=1\r\n", SDP_E_VERSION },
		{ "o=x\r\nv=0\r\n", SDP_E_VERSION },
		{ "v=0\r\nc=IN IP4 192.0.2.300\r\n", SDP_E_CONN },
		{ "v=0\r\nc=IN IP6 192.0.2.1\r\n", SDP_E_CONN },
		{ "v=0\r\nc=IN IP4 \r\n", SDP_E_CONN },
		{ "v=0\r\nc=IN IP4 %s%s%s\r\n", SDP_E_CONN },
		{ "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio -1 RTP/AVP 0\r\n",
		    SDP_E_PORT },
		{ "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 65536 RTP/AVP 0\r\n",
		    SDP_E_PORT },
		{ "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000\r\n", SDP_E_MEDIA },
		{ "v=0\r\nm=audio 4000 RTP/AVP 0\r\n", SDP_E_NO_CONN },
		{ "v=0\r\nbogus\r\n", SDP_E_SYNTAX },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(sdp(t[i].s, &si) == -t[i].err, "case %zu", i);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("sip_parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, t_invite_fields);
	tcase_add_test(tc, t_compact_folding_lists);
	tcase_add_test(tc, t_hdr_names);
	tcase_add_test(tc, t_response);
	tcase_add_test(tc, t_errors);
	tcase_add_test(tc, t_wide_content_length);
	tcase_add_test(tc, t_stream_incomplete);
	corpus_add_test(tc, "parse", t_rfc4475, RFC4475_MANIFEST);
	tcase_add_test(tc, t_sdp_streams);
	tcase_add_test(tc, t_sdp_ipv6_fqdn_hold);
	tcase_add_test(tc, t_sdp_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}
