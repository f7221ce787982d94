/*
 * Test double for the dataplane side of alg/sip.h: records the pinholes the
 * ALG opens and closes, places addresses in zones, and builds packets.
 * Shared by the check_sip_*.c programs.
 */
#ifndef CHECK_SIP_FAKE_H
#define CHECK_SIP_FAKE_H

#include <arpa/inet.h>
#include <errno.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip.h"

#define ZONE_IN 1
#define ZONE_OUT 2
#define FAKE_MAX 8192

struct fake {
	struct sip_pinhole open[FAKE_MAX]; /* currently open */
	char callid[FAKE_MAX][64];
	unsigned nopen;
	unsigned opened, closed, narrowed;
	bool zones; /* zone_of answers */
	bool quiet;
};

static struct fake F;

static inline int
fake_open(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	ck_assert_uint_lt(F.nopen, FAKE_MAX);
	ck_assert_uint_ge(p->dport, 1024);
	ck_assert_uint_ne(p->id, 0);
	snprintf(F.callid[F.nopen], sizeof(F.callid[0]), "%s", p->call_id);
	F.open[F.nopen++] = *p;
	F.opened++;
	return 0;
}

static inline void
fake_close(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	for (unsigned i = 0; i < F.nopen; i++)
		if (F.open[i].id == p->id) {
			F.nopen--;
			F.open[i] = F.open[F.nopen];
			memcpy(F.callid[i], F.callid[F.nopen],
			    sizeof(F.callid[0]));
			F.closed++;
			return;
		}
	ck_abort_msg("close of unknown pinhole %llu",
	    (unsigned long long)p->id);
}

/* A src_any pinhole now admits only p->src: the record follows. */
static inline void
fake_narrow(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	for (unsigned i = 0; i < F.nopen; i++)
		if (F.open[i].id == p->id) {
			ck_assert(F.open[i].src_any);
			ck_assert(!p->src_any);
			F.open[i] = *p;
			F.narrowed++;
			return;
		}
	ck_abort_msg("narrow of unknown pinhole %llu",
	    (unsigned long long)p->id);
}

/* 192.0.2.0/24 and 2001:db8:1::/48 inside, 198.51.100.0/24 and
 * 2001:db8:2::/48 outside; anything else unknown. */
static inline int
fake_zone_of(void *arg, const struct sip_addr *a, int *zone)
{
	(void)arg;
	if (!F.zones)
		return -1;
	if (a->family == AF_INET) {
		uint32_t h = ntohl(a->u.v4.s_addr);

		if ((h >> 8) == 0xc00002) {
			*zone = ZONE_IN;
			return 0;
		}
		if ((h >> 8) == 0xc63364) {
			*zone = ZONE_OUT;
			return 0;
		}
	}
	return -1;
}

static inline void
fake_log(void *arg, int detail, const char *msg)
{
	(void)arg;
	(void)detail;
	(void)msg;
}

static const struct sip_alg_ops fake_ops = {
	.open_pinhole = fake_open,
	.close_pinhole = fake_close,
	.narrow_pinhole = fake_narrow,
	.zone_of = fake_zone_of,
	.log = fake_log,
};

static inline struct sip_alg *
fake_alg(void)
{
	memset(&F, 0, sizeof(F));
	return sip_alg_new(&fake_ops, NULL);
}

static inline struct sip_addr
A(const char *s) {
	struct sip_addr a;

	memset(&a, 0, sizeof(a));
	if (strchr(s, ':') != NULL) {
		a.family = AF_INET6;
		ck_assert_int_eq(inet_pton(AF_INET6, s, &a.u.v6), 1);
	} else {
		a.family = AF_INET;
		ck_assert_int_eq(inet_pton(AF_INET, s, &a.u.v4), 1);
	}
	return a;
}

/* Is there an open pinhole proto src -> dst:port?  src "any:ZONE": open
 * to any source of that zone. */
static inline bool
has_ph(const char *src, const char *dst, unsigned port)
{
	struct sip_addr d = A(dst), s;
	bool any = strncmp(src, "any:", 4) == 0;

	if (any) {
		memset(&s, 0, sizeof(s));
		s.family = d.family;
	} else
		s = A(src);
	for (unsigned i = 0; i < F.nopen; i++)
		if (F.open[i].dport == port && F.open[i].src_any == any &&
		    (!any || F.open[i].src_zone == atoi(src + 4)) &&
		    memcmp(&F.open[i].src, &s, sizeof(s)) == 0 &&
		    memcmp(&F.open[i].dst, &d, sizeof(d)) == 0)
			return true;
	return false;
}

static inline unsigned
count_call(const char *callid)
{
	unsigned n = 0;

	for (unsigned i = 0; i < F.nopen; i++)
		if (strcmp(F.callid[i], callid) == 0)
			n++;
	return n;
}

/* One UDP datagram from src to dst (zones by the fake's plan). */
static inline int
udp(struct sip_alg *alg, const char *src, const char *dst, const char *msg,
    uint64_t now, struct sip_verdict *vout)
{
	struct sip_pkt p;
	struct sip_verdict v;
	size_t n = strlen(msg);
	uint8_t *copy = malloc(n ? n : 1);
	int z;

	memcpy(copy, msg, n);
	memset(&p, 0, sizeof(p));
	p.src = A(src);
	p.dst = A(dst);
	p.sport = 5060;
	p.dport = 5060;
	p.proto = IPPROTO_UDP;
	p.src_zone = fake_zone_of(NULL, &p.src, &z) == 0 ? z : ZONE_IN;
	p.dst_zone = fake_zone_of(NULL, &p.dst, &z) == 0 ? z : ZONE_OUT;
	if (!F.zones) {
		p.src_zone = strncmp(src, "192.0.2.", 8) == 0 ? ZONE_IN :
								ZONE_OUT;
		p.dst_zone = strncmp(dst, "192.0.2.", 8) == 0 ? ZONE_IN :
								ZONE_OUT;
	}
	p.payload = copy;
	p.len = n;
	sip_alg_packet(alg, &p, now, &v);
	free(copy);
	if (vout != NULL)
		*vout = v;
	return v.action;
}

/* Conntrack counters of a connection admitted by pinhole id (its tuple as
 * the pinhole admitted it, source port sport): o packets of ob bytes in
 * the original direction, r of rb in reply, since the last report. */
static inline void
fake_account(struct sip_alg *alg, uint64_t id, uint16_t sport, uint64_t o,
    uint64_t ob, uint64_t r, uint64_t rb, uint64_t now)
{
	struct sip_conn_acct ac;
	struct sip_pinhole ph;

	memset(&ac, 0, sizeof(ac));
	ck_assert_int_eq(sip_alg_pinhole_get(alg, id, &ph), 0);
	ac.src = ph.src;
	ac.dst = ph.dst;
	ac.sport = sport;
	ac.dport = ph.dport;
	ac.pkts[SIP_DIR_ORIG] = o;
	ac.bytes[SIP_DIR_ORIG] = ob;
	ac.pkts[SIP_DIR_REPLY] = r;
	ac.bytes[SIP_DIR_REPLY] = rb;
	sip_alg_conn_account(alg, id, &ac, now);
}

/* Message builders (Content-Length computed). */
static inline char *
sipmsg(const char *start, const char *callid, const char *from_tag,
    const char *to_tag, unsigned cseq, const char *method, const char *extra,
    const char *sdp)
{
	static char buf[8][8192];
	static int k;
	char *b = buf[k++ & 7];
	char to[128] = "", body[4096] = "";

	if (to_tag != NULL)
		snprintf(to, sizeof(to), ";tag=%s", to_tag);
	if (sdp != NULL)
		snprintf(body, sizeof(body), "%s", sdp);
	snprintf(b, 8192,
	    "%s\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK%s%u%s\r\n"
	    "From: <sip:alice@example.com>;tag=%s\r\n"
	    "To: <sip:bob@example.net>%s\r\n"
	    "Call-ID: %s\r\n"
	    "CSeq: %u %s\r\n"
	    "Max-Forwards: 70\r\n"
	    "%s"
	    "%s"
	    "Content-Length: %zu\r\n\r\n%s",
	    start, callid, cseq, method, from_tag, to, callid, cseq, method,
	    extra != NULL ? extra : "",
	    sdp != NULL ? "Content-Type: application/sdp\r\n" : "",
	    strlen(body), body);
	return b;
}

static inline char *
sdp4(const char *ip, unsigned port, const char *extra)
{
	static char buf[8][1024];
	static int k;
	char *b = buf[k++ & 7];

	snprintf(b, 1024,
	    "v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\n"
	    "t=0 0\r\nm=audio %u RTP/AVP 0 8\r\n%s",
	    ip, ip, port, extra != NULL ? extra : "");
	return b;
}

/* The main() of every check_sip program. */
static inline int
check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}

#endif
