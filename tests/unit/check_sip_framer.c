/*
 * TCP framing: many messages per segment, messages over several segments,
 * retransmission, out-of-order, gaps, and no slipstreaming.
 */
#include "alg/sip_parse.h"
#include "alg/tcp_framer.h"
#include "tests/unit/check_sip_fake.h"
#include "tests/unit/corpus.h"
#include "tests/unit/slurp.h"

#define CALLER "192.0.2.10"
#define CALLEE "198.51.100.20"
#define ISN 4000000000u /* wraps inside the tests */

static struct sip_alg *alg;

static void
setup(void)
{
	alg = fake_alg();
}

static void
teardown(void)
{
	sip_alg_free(alg);
	ck_assert_uint_eq(F.nopen, 0);
}

static struct sip_verdict
seg(uint8_t flags, uint32_t seq, const char *data, size_t len)
{
	struct sip_pkt p;
	struct sip_verdict v;
	uint8_t *copy = malloc(len ? len : 1);

	memcpy(copy, data, len);
	memset(&p, 0, sizeof(p));
	p.src = A(CALLER);
	p.dst = A(CALLEE);
	p.sport = 40123;
	p.dport = 5060;
	p.proto = IPPROTO_TCP;
	p.tcp_flags = flags;
	p.seq = seq;
	p.dir = SIP_DIR_ORIG;
	p.src_zone = ZONE_IN;
	p.dst_zone = ZONE_OUT;
	p.payload = copy;
	p.len = len;
	sip_alg_packet(alg, &p, 0, &v);
	free(copy);
	return v;
}

/* A segment of the reply direction (callee -> caller). */
static struct sip_verdict
rseg(uint8_t flags, uint32_t seq, const char *data, size_t len)
{
	struct sip_pkt p;
	struct sip_verdict v;
	uint8_t *copy = malloc(len ? len : 1);

	memcpy(copy, data, len);
	memset(&p, 0, sizeof(p));
	p.src = A(CALLEE);
	p.dst = A(CALLER);
	p.sport = 5060;
	p.dport = 40123;
	p.proto = IPPROTO_TCP;
	p.tcp_flags = flags;
	p.seq = seq;
	p.dir = SIP_DIR_REPLY;
	p.src_zone = ZONE_OUT;
	p.dst_zone = ZONE_IN;
	p.payload = copy;
	p.len = len;
	sip_alg_packet(alg, &p, 0, &v);
	free(copy);
	return v;
}

static void
syn(void)
{
	ck_assert_int_eq(seg(SIP_TCP_SYN, ISN - 1, "", 0).action, SIP_PASS);
}

static char *
invite(const char *id, unsigned port)
{
	return sipmsg("INVITE sip:bob@198.51.100.20 SIP/2.0", id, "a1", NULL, 1,
	    "INVITE", NULL, sdp4(CALLER, port, NULL));
}

/* Two whole INVITEs and half of a third, then the rest. */
START_TEST(t_two_and_a_half)
{
	char buf[16384];
	size_t n1, n2, n3, half;
	struct sip_verdict v;

	syn();
	n1 = (size_t)snprintf(buf, sizeof(buf), "%s", invite("m1", 40000));
	n2 = (size_t)snprintf(buf + n1, sizeof(buf) - n1, "%s",
	    invite("m2", 40002));
	n3 = (size_t)snprintf(buf + n1 + n2, sizeof(buf) - n1 - n2, "%s",
	    invite("m3", 40004));
	half = n1 + n2 + n3 / 2;
	v = seg(0, ISN, buf, half);
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert_uint_eq(v.msgs, 2);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 2);
	ck_assert_uint_eq(F.nopen, 4);
	v = seg(0, ISN + (uint32_t)half, buf + half, n1 + n2 + n3 - half);
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert_uint_eq(v.msgs, 1);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 3);
	ck_assert(has_ph("any:2", CALLER, 40004));
}
END_TEST

/* A whole call on one TCP connection, responses in the reply direction. */
START_TEST(t_call_both_directions)
{
	const char *inv = invite("tc", 40050);
	const char *ok = sipmsg("SIP/2.0 200 OK", "tc", "a1", "b1", 1, "INVITE",
	    "Record-Route: <sip:p.example.net;lr>\r\n",
	    sdp4(CALLEE, 50050, NULL));
	const char *bye = sipmsg("BYE sip:bob@198.51.100.20 SIP/2.0", "tc",
	    "a1", "b1", 2, "BYE", NULL, NULL);
	uint32_t risn = 77;

	syn();
	ck_assert_int_eq(rseg(SIP_TCP_SYN, risn, "", 0).action, SIP_PASS);
	ck_assert_uint_eq(seg(0, ISN, inv, strlen(inv)).msgs, 1);
	ck_assert_uint_eq(rseg(0, risn + 1, ok, strlen(ok)).msgs, 1);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert(has_ph(CALLER, CALLEE, 50050));
	ck_assert_uint_eq(
	    seg(0, ISN + (uint32_t)strlen(inv), bye, strlen(bye)).msgs, 1);
	ck_assert_uint_eq(F.nopen, 0);
}
END_TEST

/* Responses on a connection whose SYN-ACK was not seen are not parsed. */
START_TEST(t_reply_midstream)
{
	const char *inv = invite("tm", 40060);
	const char *ok = sipmsg("SIP/2.0 200 OK", "tm", "a1", "b1", 1, "INVITE",
	    NULL, sdp4(CALLEE, 50060, NULL));

	syn();
	seg(0, ISN, inv, strlen(inv));
	ck_assert_int_eq(rseg(0, 5000, ok, strlen(ok)).reason, SIP_R_MIDSTREAM);
	ck_assert(!has_ph(CALLER, CALLEE, 50060));
}
END_TEST

START_TEST(t_three_segments_retrans_ooo)
{
	const char *m = invite("s3", 40010);
	size_t n = strlen(m), a = n / 3, b = 2 * n / 3;
	struct sip_verdict v;

	syn();
	ck_assert_uint_eq(seg(0, ISN, m, a).msgs, 0);
	/* the third part arrives before the second: held */
	v = seg(0, ISN + (uint32_t)b, m + b, n - b);
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert_uint_eq(v.msgs, 0);
	/* retransmission of the first part: nothing new */
	v = seg(0, ISN, m, a);
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert_uint_eq(v.msgs, 0);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
	v = seg(0, ISN + (uint32_t)a, m + a, b - a);
	ck_assert_uint_eq(v.msgs, 1);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 1);
	ck_assert(has_ph("any:2", CALLER, 40010));
	/* retransmission of the whole message: not parsed twice */
	v = seg(0, ISN, m, n);
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert_uint_eq(v.msgs, 0);
	ck_assert_uint_eq(F.opened, 2);
}
END_TEST

START_TEST(t_gap_never_parsed)
{
	const char *m1 = invite("g1", 40020), *m2 = invite("g2", 40022);
	size_t n1 = strlen(m1);

	syn();
	/* first message lost before the firewall: the second is not parsed */
	ck_assert_uint_eq(seg(0, ISN + (uint32_t)n1, m2, strlen(m2)).msgs, 0);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
	ck_assert_uint_eq(F.nopen, 0);
}
END_TEST

START_TEST(t_midstream)
{
	const char *m = invite("ms", 40030);
	struct sip_verdict v;

	v = seg(0, 12345, m, strlen(m)); /* no SYN seen */
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert_int_eq(v.reason, SIP_R_MIDSTREAM);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
}
END_TEST

/* An INVITE/REGISTER in another message's body at a segment boundary. */
START_TEST(t_no_slipstream_body)
{
	char body[2048], outer[4096];
	const char *inner = sipmsg("REGISTER sip:example.net SIP/2.0", "evil",
	    "e1", NULL, 1, "REGISTER", "Contact: <sip:x@192.0.2.10:22>\r\n",
	    NULL);
	const char *inv = invite("evil2", 40040);
	size_t hl, n;

	snprintf(body, sizeof(body), "%s%s", inner, inv);
	n = (size_t)snprintf(outer, sizeof(outer),
	    "MESSAGE sip:bob@198.51.100.20 SIP/2.0\r\n"
	    "Via: SIP/2.0/TCP 192.0.2.10;branch=z9hG4bKm\r\n"
	    "From: <sip:a@x>;tag=a1\r\nTo: <sip:b@y>\r\nCall-ID: msg1\r\n"
	    "CSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n"
	    "Content-Length: %zu\r\n\r\n%s",
	    strlen(body), body);
	hl = n - strlen(body);
	syn();
	/* segment boundary exactly where the embedded REGISTER starts */
	ck_assert_uint_eq(seg(0, ISN, outer, hl).msgs, 0);
	ck_assert_uint_eq(seg(0, ISN + (uint32_t)hl, outer + hl, n - hl).msgs,
	    1);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 0);
	ck_assert_uint_eq(F.nopen, 0);
}
END_TEST

/* NAT slipstreaming: an HTTP POST to port 5060 with a REGISTER at a
 * segment boundary. */
START_TEST(t_no_slipstream_http)
{
	char post[4096];
	const char *reg = sipmsg("REGISTER sip:example.net SIP/2.0", "slip",
	    "s1", NULL, 1, "REGISTER", "Contact: <sip:x@192.0.2.10:22>\r\n",
	    NULL);
	size_t hl, n;
	struct sip_verdict v;

	hl = (size_t)snprintf(post, sizeof(post),
	    "POST /upload HTTP/1.1\r\n"
	    "Host: 198.51.100.20:5060\r\nContent-Length: %zu\r\n\r\n",
	    strlen(reg));
	n = hl + (size_t)snprintf(post + hl, sizeof(post) - hl, "%s", reg);
	syn();
	v = seg(0, ISN, post, hl);
	ck_assert_int_eq(v.action, SIP_DROP); /* not SIP */
	v = seg(0, ISN + (uint32_t)hl, post + hl, n - hl);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_STREAM_BROKEN);
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 0);
	ck_assert_uint_eq(F.nopen, 0);
}
END_TEST

START_TEST(t_bound_and_broken)
{
	struct sip_alg_params par;
	char big[4096];
	struct sip_verdict v;

	sip_alg_get_params(alg, &par);
	par.tcp_buf_max = 1024;
	sip_alg_set_params(alg, &par);
	memset(big, 'a', sizeof(big));
	memcpy(big, "OPTIONS sip:x@y SIP/2.0\r\nX: ", 28);
	syn();
	v = seg(0, ISN, big, sizeof(big));
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_TOO_BIG);
	v = seg(0, ISN + sizeof(big), "x", 1);
	ck_assert_int_eq(v.reason, SIP_R_STREAM_BROKEN);
}
END_TEST

/* Every RFC 4475 file, split at every offset, frames like a datagram. */
static int
count_cb(void *arg, const struct sip_msg *m, const uint8_t *raw)
{
	(void)m;
	(void)raw;
	(*(unsigned *)arg)++;
	return 0;
}

START_TEST(t_rfc4475_every_split)
{
	static const char *valid[] = { "wsinv.dat", "esc01.dat", "longreq.dat",
		"mpart01.dat", "unreason.dat", "sdp01.dat", "bcast.dat" };
	char path[1024], rel[256];

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		uint8_t *buf;
		size_t n;

		snprintf(rel, sizeof(rel), "%s/%s", RFC4475_DIR, valid[i]);
		corpus_path(path, sizeof(path), rel);
		ck_assert_msg((buf = slurp(path, &n)) != NULL, "%s unreadable",
		    path);
		ck_assert_uint_gt(n, 0);
		for (size_t cut = 0; cut <= n; cut++) {
			struct sip_framer fr;
			struct framer_result r;
			unsigned msgs = 0;

			sip_framer_init(&fr);
			sip_framer_syn(&fr, 99);
			sip_framer_segment(&fr, 100, buf, cut, 65536, count_cb,
			    &msgs, &r);
			ck_assert_int_eq(r.status, FR_OK);
			sip_framer_segment(&fr, 100 + (uint32_t)cut, buf + cut,
			    n - cut, 65536, count_cb, &msgs, &r);
			ck_assert_msg(msgs == 1, "%s cut %zu: %u", valid[i],
			    cut, msgs);
			ck_assert_uint_eq(fr.tail_len, 0);
			sip_framer_free(&fr);
		}
		free(buf);
	}
}
END_TEST

/* clerr.dat over TCP: waits (bounded) for bytes that never come. */
START_TEST(t_clerr_waits)
{
	struct sip_framer fr;
	struct framer_result r;
	unsigned msgs = 0;
	char path[1024];
	uint8_t *buf;
	size_t n;

	corpus_path(path, sizeof(path), RFC4475_DIR "/clerr.dat");
	ck_assert_msg((buf = slurp(path, &n)) != NULL, "%s unreadable", path);
	ck_assert_uint_gt(n, 0);
	sip_framer_init(&fr);
	sip_framer_syn(&fr, 0);
	sip_framer_segment(&fr, 1, buf, n, 65536, count_cb, &msgs, &r);
	ck_assert_int_eq(r.status, FR_OK);
	ck_assert_uint_eq(msgs, 0);
	ck_assert_uint_eq(fr.tail_len, n);
	ck_assert_uint_gt(fr.need, n);
	sip_framer_free(&fr);
	free(buf);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("sip_framer");
	TCase *tc = tcase_create("tcp");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_two_and_a_half);
	tcase_add_test(tc, t_call_both_directions);
	tcase_add_test(tc, t_reply_midstream);
	tcase_add_test(tc, t_three_segments_retrans_ooo);
	tcase_add_test(tc, t_gap_never_parsed);
	tcase_add_test(tc, t_midstream);
	tcase_add_test(tc, t_no_slipstream_body);
	tcase_add_test(tc, t_no_slipstream_http);
	tcase_add_test(tc, t_bound_and_broken);
	corpus_add_test(tc, "tcp", t_rfc4475_every_split,
	    RFC4475_DIR "/wsinv.dat");
	corpus_add_test(tc, "tcp", t_clerr_waits, RFC4475_DIR "/clerr.dat");
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}
