/*
 * The Layer 7 SIP policy: parameter-map type regex (PCRE2 with limits) and
 * every match type of class-map type inspect sip, each positive and
 * negative, evaluated through sip_alg_packet() as the dataplane calls it
 * (struct sip_pkt.l7), so a drop is the ALG's verdict and a dropped INVITE
 * opens nothing.
 */
#include <time.h>

#include "alg/sip_parse.h"
#include "alg/sip_policy.h"
#include "tests/unit/check_sip_fake.h"

#define CALLER "192.0.2.10"
#define CALLEE "198.51.100.20"
#define INV "INVITE sip:bob@198.51.100.20 SIP/2.0"

static struct sip_alg *alg;
static struct sip_policy *pol;
static struct sip_l7_ctr ctr, dctr;

static void
setup(void)
{
	alg = fake_alg();
	ck_assert_ptr_nonnull(alg);
	memset(&ctr, 0, sizeof(ctr));
	memset(&dctr, 0, sizeof(dctr));
	pol = sip_policy_new("L7");
	ck_assert_ptr_nonnull(pol);
	sip_policy_set_default(pol, SIP_L7_ALLOW, false, &dctr);
}

static void
teardown(void)
{
	sip_policy_free(pol);
	sip_alg_free(alg);
	ck_assert_uint_eq(F.nopen, 0);
}

static struct sip_regex *
re(const char *pat)
{
	struct sip_regex *r = sip_regex_new();
	char err[160];
	size_t off;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(sip_regex_add(r, pat, err, sizeof(err), &off), 0);
	return r;
}

/* One class dropping what spec matches. */
static void
drop_class(bool any, const struct sip_l7_match *spec, size_t n)
{
	int k = sip_policy_add_class(pol, "C", any, SIP_L7_DROP, false, &ctr);

	ck_assert_int_ge(k, 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(sip_policy_add_match(pol, k, &spec[i]), 0);
}

static struct sip_verdict
send_proto_from(const char *src, const char *msg, uint8_t proto, uint8_t flags,
    uint32_t seq, uint64_t now)
{
	struct sip_pkt p;
	struct sip_verdict v;

	memset(&p, 0, sizeof(p));
	p.src = A(src);
	p.dst = A(CALLEE);
	p.sport = 5060;
	p.dport = 5060;
	p.proto = proto;
	p.tcp_flags = flags;
	p.seq = seq;
	p.src_zone = ZONE_IN;
	p.dst_zone = ZONE_OUT;
	p.payload = (const uint8_t *)msg;
	p.len = strlen(msg);
	p.l7 = pol;
	sip_alg_packet(alg, &p, now, &v);
	return v;
}

static struct sip_verdict
send_proto(const char *msg, uint8_t proto, uint8_t flags, uint32_t seq,
    uint64_t now)
{
	return send_proto_from(CALLER, msg, proto, flags, seq, now);
}

static struct sip_verdict
send_from(const char *src, const char *msg, uint64_t now)
{
	return send_proto_from(src, msg, IPPROTO_UDP, 0, 0, now);
}

static struct sip_verdict
send_udp(const char *msg)
{
	return send_proto(msg, IPPROTO_UDP, 0, 0, 1000);
}

static bool
dropped(const char *msg)
{
	struct sip_verdict v = send_udp(msg);

	if (v.action == SIP_DROP)
		ck_assert_int_eq(v.reason, SIP_R_POLICY);
	return v.action == SIP_DROP;
}

static const char *
req(const char *method, const char *id, const char *extra)
{
	char start[128];

	snprintf(start, sizeof(start), "%s sip:bob@198.51.100.20 SIP/2.0",
	    method);
	return sipmsg(start, id, "t1", NULL, 1, method, extra, NULL);
}

START_TEST(t_regex_compile_error)
{
	struct sip_regex *r = sip_regex_new();
	char err[160] = "";
	size_t off = 0;

	ck_assert_int_eq(sip_regex_add(r, "ab(c", err, sizeof(err), &off),
	    -EINVAL);
	ck_assert_uint_eq(off, 4);
	ck_assert_ptr_nonnull(strstr(err, "parenthesis"));
	/* positive control: a good pattern compiles in the same map */
	ck_assert_int_eq(sip_regex_add(r, "ab(c)", err, sizeof(err), &off), 0);
	ck_assert_int_eq(sip_regex_match(r, "xxabcx", 6, NULL), 1);
	sip_regex_unref(r);
}
END_TEST

START_TEST(t_regex_match_any_pattern)
{
	struct sip_regex *r = re("^sip:666@");
	char err[160];
	size_t off;
	char big[SIP_REGEX_SUBJECT_MAX + 16];

	ck_assert_int_eq(sip_regex_add(r, "spam$", err, sizeof(err), &off), 0);
	ck_assert_int_eq(sip_regex_match(r, "sip:666@x", 9, NULL), 1);
	ck_assert_int_eq(sip_regex_match(r, "sip:777@x", 9, NULL), 0);
	ck_assert_int_eq(sip_regex_match(r, "no spam", 7, NULL), 1);
	/* the subject is bounded: bytes past SIP_REGEX_SUBJECT_MAX unseen */
	memset(big, 'x', sizeof(big));
	memcpy(big + SIP_REGEX_SUBJECT_MAX - 4, "spam", 4);
	ck_assert_int_eq(sip_regex_match(r, big, SIP_REGEX_SUBJECT_MAX, NULL),
	    1);
	memcpy(big + SIP_REGEX_SUBJECT_MAX + 8, "spam", 4);
	memset(big + SIP_REGEX_SUBJECT_MAX - 4, 'x', 4);
	ck_assert_int_eq(sip_regex_match(r, big, sizeof(big) - 4, NULL), 0);
	sip_regex_unref(r);
}
END_TEST

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1e3 +
	    (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

START_TEST(t_regex_pathological)
{
	struct sip_regex *r = re("(a+)+$");
	struct sip_regex *ok = re("^a+$");
	struct timespec t0;
	char subj[1500];
	uint64_t hits = 0;
	double ms;

	/* 1499 'a' then '!': exponential backtracking without limits */
	memset(subj, 'a', sizeof(subj));
	subj[sizeof(subj) - 1] = '!';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(sip_regex_match(r, subj, sizeof(subj), &hits), 1);
	ms = ms_since(&t0);
	ck_assert_uint_eq(hits, 1); /* the limit ended it */
	ck_assert_msg(ms < 200, "pathological match took %.1f ms", ms);
	/* positive control: a plain non-match is a non-match, no limit */
	hits = 0;
	ck_assert_int_eq(sip_regex_match(ok, subj, sizeof(subj), &hits), 0);
	ck_assert_uint_eq(hits, 0);
	sip_regex_unref(r);
	sip_regex_unref(ok);
}
END_TEST

START_TEST(t_pathological_header_message)
{
	struct sip_l7_match m = { .kind = SIP_L7_HDR_REGEX,
		.header = "Subject",
		.re = re("(a+)+$") };
	char extra[1200] = "Subject: ";
	struct timespec t0;
	double ms;

	drop_class(true, &m, 1);
	sip_regex_unref(m.re);
	memset(extra + 9, 'a', 1000);
	strcpy(extra + 1009, "!\r\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* the limit counts as a match: the class's action (drop) applies */
	ck_assert(dropped(req("OPTIONS", "path1", extra)));
	ms = ms_since(&t0);
	ck_assert_msg(ms < 200, "message took %.1f ms", ms);
	ck_assert_uint_eq(ctr.regex_limit, 1);
	ck_assert(!dropped(req("OPTIONS", "path2", "Subject: hello\r\n")));
}
END_TEST

START_TEST(t_method)
{
	struct sip_l7_match m = { .kind = SIP_L7_METHOD, .method = "message" };

	drop_class(true, &m, 1);
	ck_assert(dropped(req("MESSAGE", "m1", NULL)));
	ck_assert(!dropped(req("INVITE", "m2", NULL)));
	ck_assert(!dropped(req("OPTIONS", "m3", NULL)));
	ck_assert_uint_eq(ctr.matched, 1);
	ck_assert_uint_eq(ctr.dropped, 1);
	ck_assert_uint_eq(dctr.matched, 2);
	ck_assert_uint_eq(dctr.allowed, 2);
	sip_alg_clear_calls(alg);
}
END_TEST

START_TEST(t_method_unknown)
{
	struct sip_l7_match m = { .kind = SIP_L7_METHOD, .method = "unknown" };
	struct sip_l7_match bad = { .kind = SIP_L7_METHOD, .method = "foo" };

	drop_class(true, &m, 1);
	ck_assert_int_eq(sip_policy_add_match(pol, 0, &bad), -EINVAL);
	ck_assert(dropped(req("FOO", "u1", NULL)));
	ck_assert(!dropped(req("OPTIONS", "u2", NULL)));
}
END_TEST

START_TEST(t_invite_dropped_opens_nothing)
{
	struct sip_l7_match m = { .kind = SIP_L7_HDR_REGEX,
		.header = "From",
		.re = re("sip:alice@") };

	drop_class(true, &m, 1);
	sip_regex_unref(m.re);
	ck_assert(dropped(sipmsg(INV, "inv1", "t1", NULL, 1, "INVITE", NULL,
	    sdp4(CALLER, 20000, NULL))));
	ck_assert_uint_eq(F.nopen, 0);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
	/* positive control: with no policy the same INVITE opens media */
	sip_policy_free(pol);
	pol = NULL;
	ck_assert(!dropped(sipmsg(INV, "inv2", "t1", NULL, 1, "INVITE", NULL,
	    sdp4(CALLER, 20000, NULL))));
	ck_assert_uint_gt(F.nopen, 0);
	sip_alg_clear_calls(alg);
}
END_TEST

START_TEST(t_ruri_regex)
{
	struct sip_l7_match m = { .kind = SIP_L7_RURI_REGEX,
		.re = re("^sip:bob@") };

	drop_class(true, &m, 1);
	sip_regex_unref(m.re);
	ck_assert(dropped(req("OPTIONS", "r1", NULL)));
	ck_assert(!dropped(sipmsg("OPTIONS sip:carol@198.51.100.20 SIP/2.0",
	    "r2", "t1", NULL, 1, "OPTIONS", NULL, NULL)));
	/* a response has no Request-URI */
	ck_assert(!dropped(sipmsg("SIP/2.0 200 OK", "r3", "t1", "t2", 1,
	    "OPTIONS", NULL, NULL)));
}
END_TEST

START_TEST(t_header_regex_names)
{
	struct sip_l7_match m = { .kind = SIP_L7_HDR_REGEX,
		.header = "FROM",
		.re = re("evil@") };
	struct sip_l7_match ua = { .kind = SIP_L7_HDR_REGEX,
		.header = "f",
		.re = re("^\"Spam") };
	const char *compact =
	    "OPTIONS sip:bob@198.51.100.20 SIP/2.0\r\n"
	    "v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc1\r\n"
	    "f: <sip:evil@example.com>;tag=1\r\n"
	    "t: <sip:bob@example.net>\r\n"
	    "i: c1\r\n"
	    "CSeq: 1 OPTIONS\r\n"
	    "l: 0\r\n\r\n";
	const char *folded =
	    "OPTIONS sip:bob@198.51.100.20 SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc2\r\n"
	    "From: \"Spam\r\n"
	    " Bot\" <sip:x@example.com>;tag=1\r\n"
	    "To: <sip:bob@example.net>\r\n"
	    "Call-ID: c2\r\n"
	    "CSeq: 1 OPTIONS\r\n"
	    "Content-Length: 0\r\n\r\n";

	drop_class(true, &m, 1);
	ck_assert_int_eq(sip_policy_add_match(pol, 0, &ua), 0);
	sip_regex_unref(m.re);
	sip_regex_unref(ua.re);
	/* "FROM" in the policy, "f:" in the message */
	ck_assert(dropped(compact));
	ck_assert(dropped(folded));
	/* alice is neither evil nor "Spam */
	ck_assert(!dropped(req("OPTIONS", "c3", NULL)));
}
END_TEST

START_TEST(t_header_any_header)
{
	struct sip_l7_match m = { .kind = SIP_L7_HDR_REGEX,
		.header = "user-agent",
		.re = re("^friendly-scanner") };

	drop_class(true, &m, 1);
	sip_regex_unref(m.re);
	ck_assert(dropped(
	    req("OPTIONS", "a1", "User-Agent: friendly-scanner 1.0\r\n")));
	ck_assert(!dropped(req("OPTIONS", "a2", "User-Agent: Linphone\r\n")));
	ck_assert(!dropped(req("OPTIONS", "a3", NULL))); /* absent */
}
END_TEST

START_TEST(t_header_length)
{
	struct sip_l7_match m = { .kind = SIP_L7_HDR_LEN,
		.header = "Subject",
		.n = 10 };

	drop_class(true, &m, 1);
	ck_assert(dropped(req("MESSAGE", "l1", "Subject: 01234567890\r\n")));
	ck_assert(!dropped(req("MESSAGE", "l2", "Subject: 0123456789\r\n")));
	/* the second line of the header counts too */
	ck_assert(dropped(
	    req("MESSAGE", "l3", "Subject: ok\r\nSubject: 01234567890\r\n")));
}
END_TEST

START_TEST(t_body_length)
{
	struct sip_l7_match m = { .kind = SIP_L7_BODY_LEN, .n = 100 };

	drop_class(true, &m, 1);
	ck_assert(dropped(sipmsg(INV, "b1", "t1", NULL, 1, "INVITE", NULL,
	    sdp4(CALLER, 20000, "a=x-pad:0123456789\r\n"))));
	ck_assert(!dropped(sipmsg("MESSAGE sip:bob@198.51.100.20 SIP/2.0", "b2",
	    "t1", NULL, 1, "MESSAGE", "Content-Type: text/plain\r\n", NULL)));
	sip_alg_clear_calls(alg);
}
END_TEST

START_TEST(t_third_party_registration)
{
	struct sip_l7_match m = { .kind = SIP_L7_THIRD_PARTY_REG };
	const char *own =
	    "REGISTER sip:example.com SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKr1\r\n"
	    "From: <sip:alice@EXAMPLE.com>;tag=1\r\n"
	    "To: <sip:alice@example.com>\r\n"
	    "Call-ID: reg1\r\n"
	    "CSeq: 1 REGISTER\r\n"
	    "Contact: <sip:alice@192.0.2.10:5060>\r\n"
	    "Content-Length: 0\r\n\r\n";
	const char *third =
	    "REGISTER sip:example.com SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKr2\r\n"
	    "From: <sip:mallory@example.com>;tag=1\r\n"
	    "To: <sip:alice@example.com>\r\n"
	    "Call-ID: reg2\r\n"
	    "CSeq: 1 REGISTER\r\n"
	    "Contact: <sip:alice@192.0.2.10:5060>\r\n"
	    "Content-Length: 0\r\n\r\n";

	drop_class(true, &m, 1);
	ck_assert(dropped(third));
	ck_assert(!dropped(own));
	/* an INVITE with From != To is no registration */
	ck_assert(!dropped(req("OPTIONS", "reg3", NULL)));
}
END_TEST

START_TEST(t_protocol_violation)
{
	struct sip_l7_match m = { .kind = SIP_L7_VIOLATION };
	const char *mf0 =
	    "OPTIONS sip:bob@198.51.100.20 SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKv1\r\n"
	    "From: <sip:alice@example.com>;tag=1\r\n"
	    "To: <sip:bob@example.net>\r\n"
	    "Call-ID: v1\r\n"
	    "CSeq: 1 OPTIONS\r\n"
	    "Max-Forwards: 0\r\n"
	    "Content-Length: 0\r\n\r\n";
	struct sip_verdict v;

	drop_class(true, &m, 1);
	ck_assert(dropped(mf0));
	ck_assert_uint_eq(ctr.matched, 1);
	/* a message that does not parse: dropped by the parser, counted in
	 * the class */
	v = send_udp("INVITE sip:bob@x SIP/2.0\r\nVia: garbage\r\n\r\n");
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_PARSE);
	ck_assert_uint_eq(ctr.matched, 2);
	ck_assert(!dropped(req("OPTIONS", "v2", NULL)));
	ck_assert_uint_eq(ctr.matched, 2);
}
END_TEST

START_TEST(t_not_and_match_all)
{
	/* drop INVITEs whose From is not ours: match-all + not */
	struct sip_l7_match m[2] = {
		{ .kind = SIP_L7_METHOD, .method = "invite" },
		{ .kind = SIP_L7_HDR_REGEX,
		    .negate = true,
		    .header = "From",
		    .re = re("@example\\.com>") },
	};
	const char *foreign =
	    "INVITE sip:bob@198.51.100.20 SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKn1\r\n"
	    "From: <sip:eve@example.org>;tag=1\r\n"
	    "To: <sip:bob@example.net>\r\n"
	    "Call-ID: n1\r\n"
	    "CSeq: 1 INVITE\r\n"
	    "Content-Length: 0\r\n\r\n";

	drop_class(false, m, 2);
	sip_regex_unref(m[1].re);
	ck_assert(dropped(foreign));
	ck_assert(!dropped(req("INVITE", "n2", NULL)));	 /* ours */
	ck_assert(!dropped(req("OPTIONS", "n3", NULL))); /* not INVITE */
	sip_alg_clear_calls(alg);
}
END_TEST

START_TEST(t_class_default_and_order)
{
	struct sip_l7_match inv = { .kind = SIP_L7_METHOD, .method = "invite" };
	struct sip_l7_ctr actr;
	int k;

	memset(&actr, 0, sizeof(actr));
	k = sip_policy_add_class(pol, "A", true, SIP_L7_ALLOW, true, &actr);
	ck_assert_int_eq(sip_policy_add_match(pol, k, &inv), 0);
	drop_class(true, &inv, 1); /* never reached: A comes first */
	sip_policy_set_default(pol, SIP_L7_DROP, false, &dctr);
	ck_assert(!dropped(req("INVITE", "d1", NULL)));
	ck_assert(dropped(req("OPTIONS", "d2", NULL)));
	ck_assert_uint_eq(actr.matched, 1);
	ck_assert_uint_eq(actr.logged, 1);
	ck_assert_uint_eq(ctr.matched, 0);
	ck_assert_uint_eq(dctr.dropped, 1);
	sip_alg_clear_calls(alg);
}
END_TEST

START_TEST(t_tcp_drop_breaks_stream)
{
	struct sip_l7_match m = { .kind = SIP_L7_METHOD, .method = "message" };
	const char *opt = req("OPTIONS", "t1", NULL);
	const char *msg = req("MESSAGE", "t2", NULL);
	uint32_t seq = 1000;
	struct sip_verdict v;

	drop_class(true, &m, 1);
	v = send_proto("", IPPROTO_TCP, SIP_TCP_SYN, seq, 1000);
	ck_assert_int_eq(v.action, SIP_PASS);
	seq++;
	v = send_proto(opt, IPPROTO_TCP, 0, seq, 1001);
	ck_assert_int_eq(v.action, SIP_PASS);
	seq += (uint32_t)strlen(opt);
	v = send_proto(msg, IPPROTO_TCP, 0, seq, 1002);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_POLICY);
	seq += (uint32_t)strlen(msg);
	/* the rest of the connection is dropped (reset: no way back in) */
	v = send_proto(req("OPTIONS", "t3", NULL), IPPROTO_TCP, 0, seq, 1003);
	ck_assert_int_eq(v.action, SIP_DROP);
	sip_alg_flow_close(alg,
	    &(struct sip_pkt){ .src = A(CALLER),
		.dst = A(CALLEE),
		.sport = 5060,
		.dport = 5060,
		.proto = IPPROTO_TCP });
}
END_TEST

START_TEST(t_response_status)
{
	struct sip_l7_match m = { .kind = SIP_L7_STATUS_REGEX,
		.re = re("^403 ") };

	drop_class(true, &m, 1);
	sip_regex_unref(m.re);
	ck_assert(dropped(sipmsg("SIP/2.0 403 Forbidden", "s1", "t1", "t2", 1,
	    "OPTIONS", NULL, NULL)));
	ck_assert(!dropped(sipmsg("SIP/2.0 404 Not Found", "s2", "t1", "t2", 1,
	    "OPTIONS", NULL, NULL)));
	ck_assert(!dropped(req("OPTIONS", "s3", NULL))); /* a request */
}
END_TEST

START_TEST(t_header_count)
{
	struct sip_l7_match m = { .kind = SIP_L7_HDR_COUNT,
		.header = "v",
		.n = 2 };
	const char *vias =
	    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bKb\r\n";

	drop_class(true, &m, 1);
	/* sipmsg's Via plus two: three lines of Via (named "v" here) */
	ck_assert(dropped(req("OPTIONS", "h1", vias)));
	ck_assert(!dropped(req("OPTIONS", "h2", vias + 49)));
}
END_TEST

START_TEST(t_uri_length)
{
	struct sip_l7_match m = { .kind = SIP_L7_URI_LEN,
		.header = "sip",
		.n = 40 };
	struct sip_l7_match t = { .kind = SIP_L7_URI_LEN,
		.header = "tel",
		.n = 16 };

	drop_class(true, &m, 1);
	ck_assert_int_eq(sip_policy_add_match(pol, 0, &t), 0);
	ck_assert(dropped(sipmsg("OPTIONS sip:bob-with-a-very-long-user-part"
				 "@198.51.100.20 SIP/2.0",
	    "u1", "t1", NULL, 1, "OPTIONS", NULL, NULL)));
	ck_assert(dropped(sipmsg("OPTIONS tel:+1-555-0100-0199 SIP/2.0", "u2",
	    "t1", NULL, 1, "OPTIONS", NULL, NULL)));
	ck_assert(!dropped(sipmsg("OPTIONS tel:+15550100 SIP/2.0", "u3", "t1",
	    NULL, 1, "OPTIONS", NULL, NULL)));
	ck_assert(!dropped(req("OPTIONS", "u4", NULL)));
}
END_TEST

START_TEST(t_content_type)
{
	struct sip_l7_match m = { .kind = SIP_L7_CTYPE_REGEX,
		.negate = true,
		.re = re("^application/sdp$") };
	struct sip_l7_match mm = { .kind = SIP_L7_CTYPE_MISMATCH };
	struct sip_l7_match inv = { .kind = SIP_L7_METHOD, .method = "invite" };
	struct sip_l7_ctr c2;
	int k;

	/* class C: INVITE whose Content-Type is not SDP (match-all + not) */
	k = sip_policy_add_class(pol, "C", false, SIP_L7_DROP, false, &ctr);
	ck_assert_int_eq(sip_policy_add_match(pol, k, &inv), 0);
	ck_assert_int_eq(sip_policy_add_match(pol, k, &m), 0);
	sip_regex_unref(m.re);
	memset(&c2, 0, sizeof(c2));
	k = sip_policy_add_class(pol, "M", true, SIP_L7_DROP, false, &c2);
	ck_assert_int_eq(sip_policy_add_match(pol, k, &mm), 0);
	ck_assert(dropped(sipmsg(INV, "ct1", "t1", NULL, 1, "INVITE",
	    "Content-Type: text/html\r\n", NULL)));
	ck_assert_uint_eq(ctr.matched, 1);
	ck_assert(!dropped(sipmsg(INV, "ct2", "t1", NULL, 1, "INVITE", NULL,
	    sdp4(CALLER, 20000, NULL))));
	/* mismatch: said to be SDP, is not */
	ck_assert(dropped(sipmsg("MESSAGE sip:bob@198.51.100.20 SIP/2.0", "ct3",
	    "t1", NULL, 1, "MESSAGE", NULL, "hello there")));
	ck_assert_uint_eq(c2.matched, 1);
	sip_alg_clear_calls(alg);
}
END_TEST

START_TEST(t_rate_limit)
{
	struct sip_l7_match m = { .kind = SIP_L7_METHOD, .method = "options" };
	char ip[32];
	int k, i, passed = 0;

	k = sip_policy_add_class(pol, "R", true, SIP_L7_ALLOW, false, &ctr);
	ck_assert_int_eq(sip_policy_add_match(pol, k, &m), 0);
	ck_assert_int_eq(sip_policy_class_rate(pol, k, 3), 0);
	/* a flood of 5 from one source in one second: 3 pass */
	for (i = 0; i < 5; i++)
		if (send_from("192.0.2.66", req("OPTIONS", "rl", NULL),
			5000 + (uint64_t)i)
			.action == SIP_PASS)
			passed++;
	ck_assert_int_eq(passed, 3);
	ck_assert_uint_eq(ctr.rate_dropped, 2);
	/* another source in the same second is not limited */
	ck_assert_int_eq(
	    send_from("192.0.2.10", req("OPTIONS", "rl2", NULL), 5010).action,
	    SIP_PASS);
	/* the flooder again in the next second */
	ck_assert_int_eq(
	    send_from("192.0.2.66", req("OPTIONS", "rl3", NULL), 6001).action,
	    SIP_PASS);
	/* other classes are not limited: INVITE is class-default */
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(
		    send_from("192.0.2.66", req("MESSAGE", "rl4", NULL), 6002)
			.action,
		    SIP_PASS);
	/* many sources: the table is bounded, each source is still held to
	 * its own rate */
	for (i = 0; i < 3 * SIP_L7_RATE_SLOTS; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.%d", i >> 16 & 255,
		    i >> 8 & 255, i & 255);
		ck_assert_int_eq(
		    send_from(ip, req("OPTIONS", "rl5", NULL), 7000).action,
		    SIP_PASS);
	}
	ck_assert_uint_eq(ctr.rate_dropped, 2);
}
END_TEST

static char resp_buf[4096];
static size_t resp_len;
static unsigned nresp;
static struct sip_pkt resp_req;

static int
fake_respond(void *arg, const struct sip_pkt *req, const uint8_t *msg,
    size_t len)
{
	(void)arg;
	ck_assert_uint_lt(len, sizeof(resp_buf));
	memcpy(resp_buf, msg, len);
	resp_buf[len] = '\0';
	resp_len = len;
	resp_req = *req;
	nresp++;
	return 0;
}

START_TEST(t_respond)
{
	struct sip_alg_ops ops = fake_ops;
	struct sip_l7_match m = { .kind = SIP_L7_METHOD, .method = "invite" };
	struct sip_msg parsed;
	struct sip_verdict v;
	int k, i;

	sip_alg_free(alg);
	ops.respond = fake_respond;
	alg = sip_alg_new(&ops, NULL);
	nresp = 0;
	k = sip_policy_add_class(pol, "R", true, SIP_L7_RESPOND, false, &ctr);
	ck_assert_int_eq(sip_policy_add_match(pol, k, &m), 0);
	ck_assert_int_eq(sip_policy_class_respond(pol, k, 99), -EINVAL);
	ck_assert_int_eq(sip_policy_class_respond(pol, k, 403), 0);
	ck_assert(dropped(sipmsg(INV, "rs1", "t1", NULL, 7, "INVITE",
	    "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKup\r\n",
	    sdp4(CALLER, 20000, NULL))));
	ck_assert_uint_eq(F.nopen, 0);
	ck_assert_uint_eq(nresp, 1);
	ck_assert_uint_eq(ctr.responded, 1);
	ck_assert_uint_eq(ctr.dropped, 1);
	/* from the request's destination back to its source */
	ck_assert_int_eq(resp_req.src.u.v4.s_addr, A(CALLER).u.v4.s_addr);
	/* a well-formed response: both Vias in order, a To tag, the CSeq */
	ck_assert_int_eq(
	    sip_parse((const uint8_t *)resp_buf, resp_len, 0, &parsed, NULL),
	    0);
	ck_assert(!parsed.is_request);
	ck_assert_uint_eq(parsed.status, 403);
	ck_assert_uint_eq(parsed.nvia, 2);
	ck_assert_ptr_nonnull(strstr(resp_buf,
	    "SIP/2.0 403 Forbidden\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKrs17INVITE\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKup\r\n"));
	ck_assert_uint_gt(parsed.to_tag.len, 0);
	ck_assert_uint_eq(parsed.cseq, 7);
	ck_assert_int_eq(parsed.cseq_method, SIP_M_INVITE);
	ck_assert(
	    parsed.call_id.len == 3 && memcmp(parsed.call_id.p, "rs1", 3) == 0);
	/* an ACK and a response are never answered (dropped instead) */
	m.method = "ack";
	ck_assert_int_eq(sip_policy_add_match(pol, k, &m), 0);
	ck_assert(dropped(sipmsg("ACK sip:bob@198.51.100.20 SIP/2.0", "rs2",
	    "t1", "t2", 1, "ACK", NULL, NULL)));
	ck_assert_uint_eq(nresp, 1);
	/* over TCP: dropped, no answer */
	v = send_proto("", IPPROTO_TCP, SIP_TCP_SYN, 100, 1000);
	v = send_proto(sipmsg(INV, "rs3", "t1", NULL, 1, "INVITE", NULL, NULL),
	    IPPROTO_TCP, 0, 101, 1000);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_uint_eq(nresp, 1);
	sip_alg_flow_close(alg,
	    &(struct sip_pkt){ .src = A(CALLER),
		.dst = A(CALLEE),
		.sport = 5060,
		.dport = 5060,
		.proto = IPPROTO_TCP });
	/* at most SIP_L7_RESPOND_RATE answers a second for the class */
	for (i = 0; i < 2 * SIP_L7_RESPOND_RATE; i++)
		ck_assert(dropped(sipmsg(INV, "rs4", "t1", NULL,
		    (unsigned)i + 1, "INVITE", NULL, NULL)));
	ck_assert_uint_eq(nresp, SIP_L7_RESPOND_RATE);
	v = send_proto_from(CALLER,
	    sipmsg(INV, "rs5", "t1", NULL, 1, "INVITE", NULL, NULL),
	    IPPROTO_UDP, 0, 0, 2500);
	ck_assert_int_eq(v.action, SIP_DROP); /* the next second */
	ck_assert_uint_eq(nresp, SIP_L7_RESPOND_RATE + 1);
}
END_TEST

static char dbg_last[512];

static void
capture_log(void *arg, int detail, const char *msg)
{
	(void)arg;
	if (detail && strncmp(msg, "L7 policy", 9) == 0)
		snprintf(dbg_last, sizeof(dbg_last), "%s", msg);
}

/* debug sip-alg detail says which class and which match decided. */
START_TEST(t_debug_why)
{
	struct sip_alg_ops ops = fake_ops;
	struct sip_l7_match m[2] = {
		{ .kind = SIP_L7_METHOD, .method = "message" },
		{ .kind = SIP_L7_HDR_REGEX, .header = "f", .re = re("evil@") },
	};

	sip_alg_free(alg);
	ops.log = capture_log;
	alg = sip_alg_new(&ops, NULL);
	drop_class(true, m, 2);
	sip_regex_unref(m[1].re);
	ck_assert(dropped(req("MESSAGE", "w1", NULL)));
	ck_assert_str_eq(dbg_last,
	    "L7 policy L7: MESSAGE: class C (match "
	    "request method): drop");
	ck_assert(
	    dropped("OPTIONS sip:bob@198.51.100.20 SIP/2.0\r\n"
		    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKw2\r\n"
		    "From: <sip:evil@example.com>;tag=1\r\n"
		    "To: <sip:bob@example.net>\r\n"
		    "Call-ID: w2\r\nCSeq: 1 OPTIONS\r\n"
		    "Content-Length: 0\r\n\r\n"));
	ck_assert_str_eq(dbg_last,
	    "L7 policy L7: OPTIONS: class C (match "
	    "req-resp header regex from): drop");
	ck_assert(!dropped(req("OPTIONS", "w3", NULL)));
	ck_assert_str_eq(dbg_last,
	    "L7 policy L7: OPTIONS: class "
	    "class-default (no class matched): allow");
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("sip_policy");
	TCase *tc = tcase_create("policy");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_regex_compile_error);
	tcase_add_test(tc, t_regex_match_any_pattern);
	tcase_add_test(tc, t_regex_pathological);
	tcase_add_test(tc, t_pathological_header_message);
	tcase_add_test(tc, t_method);
	tcase_add_test(tc, t_method_unknown);
	tcase_add_test(tc, t_invite_dropped_opens_nothing);
	tcase_add_test(tc, t_ruri_regex);
	tcase_add_test(tc, t_header_regex_names);
	tcase_add_test(tc, t_header_any_header);
	tcase_add_test(tc, t_header_length);
	tcase_add_test(tc, t_body_length);
	tcase_add_test(tc, t_third_party_registration);
	tcase_add_test(tc, t_protocol_violation);
	tcase_add_test(tc, t_not_and_match_all);
	tcase_add_test(tc, t_class_default_and_order);
	tcase_add_test(tc, t_tcp_drop_breaks_stream);
	tcase_add_test(tc, t_response_status);
	tcase_add_test(tc, t_header_count);
	tcase_add_test(tc, t_uri_length);
	tcase_add_test(tc, t_content_type);
	tcase_add_test(tc, t_rate_limit);
	tcase_add_test(tc, t_respond);
	tcase_add_test(tc, t_debug_why);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *r = srunner_create(suite());
	int nf;

	srunner_run_all(r, CK_NORMAL);
	nf = srunner_ntests_failed(r);
	srunner_free(r);
	return nf == 0 ? 0 : 1;
}
