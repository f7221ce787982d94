/*
 * The TCP stream is the endpoint's stream: a SYN on a started stream never
 * moves it, overlapping segments with other bytes are refused (so the
 * receiver gets only what was parsed, whatever its overlap rule), and RST
 * and FIN end it.  Through sip_alg_packet() with the recording test double.
 */
#include "alg/sip_int.h"
#include "tests/unit/check_sip_fake.h"

#define CALLER "192.0.2.10"
#define CALLEE "198.51.100.20"
#define ISN 4000000000u /* wraps inside the tests */
#define RISN 123456u
#define INV "INVITE sip:bob@198.51.100.20 SIP/2.0"

static struct sip_alg *alg;
static uint16_t cport = 40123;
static const char *csrc = CALLER; /* the client's address */

static void
setup(void)
{
	alg = fake_alg();
	ck_assert_ptr_nonnull(alg);
	cport = 40123;
	csrc = CALLER;
}

static void
teardown(void)
{
	sip_alg_free(alg);
	ck_assert_uint_eq(F.nopen, 0);
}

/* One segment; reply: callee -> caller. */
static struct sip_verdict
seg(bool reply, uint8_t flags, uint32_t seq, const char *data, size_t len)
{
	struct sip_pkt p;
	struct sip_verdict v;
	uint8_t *copy = malloc(len ? len : 1);

	memcpy(copy, data, len);
	memset(&p, 0, sizeof(p));
	p.src = A(reply ? CALLEE : csrc);
	p.dst = A(reply ? csrc : CALLEE);
	p.sport = reply ? 5060 : cport;
	p.dport = reply ? cport : 5060;
	p.proto = IPPROTO_TCP;
	p.tcp_flags = flags;
	p.seq = seq;
	p.dir = reply ? SIP_DIR_REPLY : SIP_DIR_ORIG;
	p.src_zone = reply ? ZONE_OUT : ZONE_IN;
	p.dst_zone = reply ? ZONE_IN : ZONE_OUT;
	p.payload = copy;
	p.len = len;
	sip_alg_packet(alg, &p, 0, &v);
	free(copy);
	return v;
}

static void
handshake(void)
{
	ck_assert_int_eq(seg(false, SIP_TCP_SYN, ISN, "", 0).action, SIP_PASS);
	ck_assert_int_eq(seg(true, SIP_TCP_SYN, RISN, "", 0).action, SIP_PASS);
}

static const char *
invite(const char *id, unsigned port)
{
	return sipmsg(INV, id, "a1", NULL, 1, "INVITE", NULL,
	    sdp4(CALLER, port, NULL));
}

static const char *
bye(const char *id)
{
	return sipmsg("BYE sip:bob@198.51.100.20 SIP/2.0", id, "a1", "b1", 2,
	    "BYE", NULL, NULL);
}

static const char *
ok_invite(const char *id, unsigned port)
{
	return sipmsg("SIP/2.0 200 OK", id, "a1", "b1", 1, "INVITE", NULL,
	    sdp4(CALLEE, port, NULL));
}

/*
 * A SYN with an ISN behind or ahead of an established stream, sent with
 * nothing buffered (the case the old framer reset on), changes nothing:
 * the next real segment, a BYE, is parsed and closes the call's pinholes.
 */
START_TEST(t_syn_never_resets)
{
	const char *m = invite("s1", 40000), *a, *b;
	uint32_t next = ISN + 1 + (uint32_t)strlen(m);
	struct sip_verdict v;

	handshake();
	v = seg(false, 0, ISN + 1, m, strlen(m));
	ck_assert_uint_eq(v.msgs, 1);
	a = ok_invite("s1", 50000);
	ck_assert_uint_eq(seg(true, 0, RISN + 1, a, strlen(a)).msgs, 1);
	ck_assert_uint_eq(F.nopen, 4);
	/* spoofed SYNs, behind and ahead, both directions */
	v = seg(false, SIP_TCP_SYN, ISN - 100000, "", 0);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_TCP_SYN);
	ck_assert_int_eq(seg(false, SIP_TCP_SYN, next + 5000, "", 0).action,
	    SIP_DROP);
	ck_assert_int_eq(seg(true, SIP_TCP_SYN, RISN + 77777, "", 0).reason,
	    SIP_R_TCP_SYN);
	ck_assert_uint_eq(alg->st.tcp_syn_ignored, 3);
	/* positive control: a retransmitted SYN (same ISN) passes */
	ck_assert_int_eq(seg(false, SIP_TCP_SYN, ISN, "", 0).action, SIP_PASS);
	/* the stream did not move: the BYE is parsed, the pinholes close */
	b = bye("s1");
	v = seg(false, 0, next, b, strlen(b));
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert_uint_eq(v.msgs, 1);
	ck_assert_uint_eq(F.nopen, 0);
}
END_TEST

/* Before the handshake a client may retry with a new ISN; not after. */
START_TEST(t_syn_new_isn_before_handshake)
{
	const char *m = invite("s2", 40000);

	ck_assert_int_eq(seg(false, SIP_TCP_SYN, 1000, "", 0).action, SIP_PASS);
	ck_assert_int_eq(seg(false, SIP_TCP_SYN, 9000, "", 0).action, SIP_PASS);
	ck_assert_int_eq(seg(true, SIP_TCP_SYN, RISN, "", 0).action, SIP_PASS);
	ck_assert_uint_eq(seg(false, 0, 9001, m, strlen(m)).msgs, 1);
	ck_assert_uint_eq(F.nopen, 2);
	/* positive control: after the SYN-ACK the ISN is fixed */
	ck_assert_int_eq(seg(false, SIP_TCP_SYN, 20000, "", 0).reason,
	    SIP_R_TCP_SYN);
}
END_TEST

/* The INVITE in m and a copy in evil whose SDP port is 41000: its length,
 * and the offset of "m=audio" in both. */
static size_t
two_copies(const char *id, char *m, char *evil, size_t *mline)
{
	size_t n;
	char *p;

	snprintf(m, 4096, "%s", invite(id, 40000));
	n = strlen(m);
	memcpy(evil, m, n + 1);
	p = strstr(evil, "m=audio 40000");
	ck_assert_ptr_nonnull(p);
	memcpy(p, "m=audio 41000", 13);
	*mline = (size_t)(p - evil);
	return n;
}

/*
 * Two copies of the same bytes that differ (an SDP port): the second is
 * dropped whether it comes held, in order or as a retransmission of the
 * kept tail; the endpoint thus gets the copy the ALG parsed.
 */
START_TEST(t_overlap_conflict_held)
{
	char m[4096], evil[4096];
	size_t n, k;
	struct sip_verdict v;

	n = two_copies("o1", m, evil, &k);
	k -= 20; /* the split before the port */
	handshake();
	/* the tail of the INVITE first: held */
	v = seg(false, 0, ISN + 1 + (uint32_t)k, m + k, n - k);
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert_uint_eq(alg->st.tcp_held, 1);
	/* positive control: the same bytes again, and a longer identical
	 * copy, are fine */
	ck_assert_int_eq(
	    seg(false, 0, ISN + 1 + (uint32_t)k, m + k, n - k).action,
	    SIP_PASS);
	ck_assert_int_eq(
	    seg(false, 0, ISN + 1 + (uint32_t)k - 10, m + k - 10, n - k + 10)
		.action,
	    SIP_PASS);
	ck_assert_uint_eq(alg->st.tcp_conflict, 0);
	/* a later, longer copy with another port (Linux would keep it) */
	v = seg(false, 0, ISN + 1 + (uint32_t)k - 10, evil + k - 10,
	    n - k + 10);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_TCP_CONFLICT);
	/* the same range with another port */
	ck_assert_int_eq(
	    seg(false, 0, ISN + 1 + (uint32_t)k, evil + k, n - k).reason,
	    SIP_R_TCP_CONFLICT);
	/* an in-order segment running into the held bytes with another port */
	ck_assert_int_eq(seg(false, 0, ISN + 1, evil, n).reason,
	    SIP_R_TCP_CONFLICT);
	ck_assert_uint_eq(alg->st.tcp_conflict, 3);
	ck_assert_uint_eq(F.nopen, 0);
	/* the hole filled with the original bytes: the first copy is parsed */
	v = seg(false, 0, ISN + 1, m, k);
	ck_assert_uint_eq(v.msgs, 1);
	ck_assert(has_ph("any:2", CALLER, 40000));
	ck_assert(!has_ph("any:2", CALLER, 41000));
}
END_TEST

START_TEST(t_overlap_conflict_tail)
{
	char m[4096], evil[4096];
	size_t n, k;
	struct sip_verdict v;

	n = two_copies("o2", m, evil, &k);
	k += 16; /* the split after the port */
	handshake();
	/* the first part: kept as the partial message */
	ck_assert_uint_eq(seg(false, 0, ISN + 1, m, k).msgs, 0);
	/* positive control: an identical retransmission is fine */
	ck_assert_int_eq(seg(false, 0, ISN + 1, m, k).action, SIP_PASS);
	ck_assert_uint_eq(alg->st.tcp_retrans, 1);
	/* a retransmission with other bytes is refused */
	v = seg(false, 0, ISN + 1, evil, k);
	ck_assert_int_eq(v.reason, SIP_R_TCP_CONFLICT);
	/* and with other bytes plus the rest: refused too */
	ck_assert_int_eq(seg(false, 0, ISN + 1, evil, n).reason,
	    SIP_R_TCP_CONFLICT);
	ck_assert_uint_eq(F.nopen, 0);
	ck_assert_uint_eq(
	    seg(false, 0, ISN + 1 + (uint32_t)k, m + k, n - k).msgs, 1);
	ck_assert(has_ph("any:2", CALLER, 40000));
	ck_assert(!has_ph("any:2", CALLER, 41000));
}
END_TEST

/* RST: only at the exact next sequence number; then the stream is over. */
START_TEST(t_rst)
{
	const char *m = invite("r1", 40000), *b = bye("r1"), *m2;
	uint32_t next = ISN + 1 + (uint32_t)strlen(m);
	struct sip_verdict v;

	handshake();
	ck_assert_uint_eq(seg(false, 0, ISN + 1, m, strlen(m)).msgs, 1);
	/* a blind RST (not the next byte) is ignored: the stream lives */
	ck_assert_int_eq(seg(false, SIP_TCP_RST, next + 1000, "", 0).action,
	    SIP_PASS);
	ck_assert_int_eq(seg(true, SIP_TCP_RST, RISN + 5, "", 0).action,
	    SIP_PASS);
	ck_assert_uint_eq(alg->st.tcp_rst_ignored, 2);
	ck_assert_uint_eq(alg->st.tcp_rst, 0);
	/* positive control that the stream still parses */
	m2 = invite("r2", 40100);
	ck_assert_uint_eq(seg(false, 0, next, m2, strlen(m2)).msgs, 1);
	next += (uint32_t)strlen(m2);
	/* the RST at the next byte ends it: later data is not parsed */
	ck_assert_int_eq(seg(false, SIP_TCP_RST, next, "", 0).action, SIP_PASS);
	ck_assert_uint_eq(alg->st.tcp_rst, 1);
	v = seg(false, 0, next, b, strlen(b));
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_TCP_CLOSED);
	ck_assert_uint_eq(alg->st.tcp_after_close, 1);
	/* a new connection on the same tuple starts a new stream */
	ck_assert_int_eq(seg(false, SIP_TCP_SYN, 7000, "", 0).action, SIP_PASS);
	ck_assert_int_eq(seg(true, SIP_TCP_SYN, 8000, "", 0).action, SIP_PASS);
	v = seg(false, 0, 7001, b, strlen(b));
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert_uint_eq(v.msgs, 1);
	ck_assert_uint_eq(count_call("r1"), 0); /* the BYE closed r1 */
}
END_TEST

/* An RST answering the SYN (port closed) ends the flow at once. */
START_TEST(t_rst_answer_to_syn)
{
	ck_assert_int_eq(seg(false, SIP_TCP_SYN, ISN, "", 0).action, SIP_PASS);
	ck_assert_int_eq(seg(true, SIP_TCP_RST, 0, "", 0).action, SIP_PASS);
	ck_assert_uint_eq(alg->st.tcp_rst, 1);
	ck_assert_int_eq(seg(false, SIP_TCP_SYN, ISN + 99, "", 0).action,
	    SIP_PASS); /* the client's next attempt */
}
END_TEST

/* FIN: no new bytes after it in that direction; both FINs end the flow. */
START_TEST(t_fin)
{
	const char *m = invite("f1", 40000), *a = ok_invite("f1", 50000);
	const char *b = bye("f1");
	uint32_t next = ISN + 1 + (uint32_t)strlen(m);
	struct sip_verdict v;

	handshake();
	/* the INVITE with the FIN in the same segment */
	v = seg(false, SIP_TCP_FIN, ISN + 1, m, strlen(m));
	ck_assert_uint_eq(v.msgs, 1);
	ck_assert_uint_eq(alg->st.tcp_fin, 1);
	/* positive control: its retransmission passes (nothing new) */
	ck_assert_int_eq(seg(false, SIP_TCP_FIN, ISN + 1, m, strlen(m)).action,
	    SIP_PASS);
	/* bytes after the FIN are not the endpoint's: dropped */
	v = seg(false, 0, next + 1, b, strlen(b));
	ck_assert_int_eq(v.reason, SIP_R_TCP_CLOSED);
	v = seg(false, 0, next, b, strlen(b));
	ck_assert_int_eq(v.reason, SIP_R_TCP_CLOSED);
	/* the other direction is still parsed (half close) */
	ck_assert_uint_eq(seg(true, 0, RISN + 1, a, strlen(a)).msgs, 1);
	ck_assert_uint_eq(F.nopen, 4);
	/* its FIN closes the flow */
	ck_assert_int_eq(
	    seg(true, SIP_TCP_FIN, RISN + 1 + (uint32_t)strlen(a), "", 0)
		.action,
	    SIP_PASS);
	ck_assert_uint_eq(alg->st.tcp_fin, 2);
	ck_assert_int_eq(
	    seg(true, 0, RISN + 2 + (uint32_t)strlen(a), b, strlen(b)).reason,
	    SIP_R_TCP_CLOSED);
	/* an out-of-order FIN is not taken */
	cport = 40200;
	handshake();
	ck_assert_int_eq(seg(false, SIP_TCP_FIN, ISN + 500, "x", 1).action,
	    SIP_PASS);
	ck_assert_uint_eq(alg->st.tcp_fin, 2);
	ck_assert_uint_eq(seg(false, 0, ISN + 1, b, strlen(b)).msgs, 1);
}
END_TEST

static void
flow_limits(struct sip_alg_params *p)
{
	p->max_tcp_flows = 4;
	p->src_max_tcp_flows = 2;
}

/* TCP flows: a source's quota, and a full table takes a SYN-only flow. */
START_TEST(t_flow_quota_and_eviction)
{
	struct sip_alg_params par;
	struct sip_verdict v;
	const char *m = invite("q1", 40000);

	sip_alg_get_params(alg, &par);
	flow_limits(&par);
	sip_alg_set_params(alg, &par);
	/* one source: two flows, the third SYN is refused */
	cport = 41000;
	handshake();
	cport = 41001;
	handshake();
	cport = 41002;
	v = seg(false, SIP_TCP_SYN, ISN, "", 0);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_QUOTA);
	ck_assert_uint_eq(alg->st.quota[QE_FLOW_SRC], 1);
	/* positive control: another source may connect; a SYN-only flow */
	csrc = "192.0.2.11";
	ck_assert_int_eq(seg(false, SIP_TCP_SYN, ISN, "", 0).action, SIP_PASS);
	/* and one with its handshake: the table (4) is now full */
	csrc = "192.0.2.12";
	handshake();
	ck_assert_uint_eq(alg->nflows, 4);
	/* a new SYN takes the place of the SYN-only flow */
	csrc = "192.0.2.13";
	ck_assert_int_eq(seg(false, SIP_TCP_SYN, ISN, "", 0).action, SIP_PASS);
	ck_assert_uint_eq(alg->st.quota[QE_EVICT_FLOW], 1);
	ck_assert_uint_eq(alg->nflows, 4);
	/* the evicted flow's data is never parsed (start not seen) */
	csrc = "192.0.2.11";
	v = seg(false, 0, ISN + 1, m, strlen(m));
	ck_assert_int_eq(v.reason, SIP_R_MIDSTREAM);
	ck_assert_uint_eq(F.nopen, 0);
	/* finish 192.0.2.13's handshake: with every flow established a new
	 * SYN is refused (nothing is evicted that parsed or may parse) */
	csrc = "192.0.2.13";
	ck_assert_int_eq(seg(true, SIP_TCP_SYN, RISN, "", 0).action, SIP_PASS);
	csrc = "192.0.2.14";
	v = seg(false, SIP_TCP_SYN, ISN, "", 0);
	ck_assert_int_eq(v.reason, SIP_R_TABLE_FULL);
	ck_assert_uint_eq(alg->st.quota[QE_FLOW_FULL], 1);
	/* an established flow still parses */
	csrc = "192.0.2.12";
	ck_assert_uint_eq(seg(false, 0, ISN + 1, m, strlen(m)).msgs, 1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sip_stream");
	TCase *tc = tcase_create("stream");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_syn_never_resets);
	tcase_add_test(tc, t_syn_new_isn_before_handshake);
	tcase_add_test(tc, t_overlap_conflict_held);
	tcase_add_test(tc, t_overlap_conflict_tail);
	tcase_add_test(tc, t_rst);
	tcase_add_test(tc, t_rst_answer_to_syn);
	tcase_add_test(tc, t_fin);
	tcase_add_test(tc, t_flow_quota_and_eviction);
	suite_add_tcase(s, tc);
	return check_run(s);
}
