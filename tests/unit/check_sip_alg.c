/*
 * Dialog and pinhole scenarios end to end through sip_alg_packet(), with a
 * recording test double for the dataplane callbacks.
 */
#include "tests/unit/check_sip_fake.h"
#include "tests/unit/corpus.h"
#include "tests/unit/slurp.h"

#define CALLER "192.0.2.10"
#define CALLEE "198.51.100.20"
#define INV "INVITE sip:bob@198.51.100.20 SIP/2.0"
#define OK200 "SIP/2.0 200 OK"

static struct sip_alg *alg;

static void
setup(void)
{
	alg = fake_alg();
	ck_assert_ptr_nonnull(alg);
}

static void
teardown(void)
{
	sip_alg_free(alg);
	ck_assert_uint_eq(F.nopen, 0); /* free closes everything */
}

/* INVITE with offer, 200 with answer: both directions, RTP and RTCP. */
static void
basic_call(const char *id, unsigned cport, unsigned eport, uint64_t t)
{
	ck_assert_int_eq(udp(alg, CALLER, CALLEE,
			     sipmsg(INV, id, "a1", NULL, 1, "INVITE", NULL,
				 sdp4(CALLER, cport, NULL)),
			     t, NULL),
	    SIP_PASS);
	ck_assert_int_eq(udp(alg, CALLEE, CALLER,
			     sipmsg("SIP/2.0 180 Ringing", id, "a1", "b1", 1,
				 "INVITE", NULL, NULL),
			     t, NULL),
	    SIP_PASS);
	ck_assert_int_eq(udp(alg, CALLEE, CALLER,
			     sipmsg(OK200, id, "a1", "b1", 1, "INVITE",
				 "Contact: <sip:bob@198.51.100.20>\r\n"
				 "Record-Route: <sip:proxy.example.net;lr>\r\n",
				 sdp4(CALLEE, eport, NULL)),
			     t, NULL),
	    SIP_PASS);
	ck_assert_int_eq(udp(alg, CALLER, CALLEE,
			     sipmsg("ACK sip:bob@"
				    "198.51.100.20 SIP/2.0",
				 id, "a1", "b1", 1, "ACK", NULL, NULL),
			     t, NULL),
	    SIP_PASS);
}

START_TEST(t_basic_call)
{
	struct sip_pinhole ph;
	struct sip_addr s = A(CALLEE), d = A(CALLER), o = A("198.51.100.99");

	ck_assert_int_eq(udp(alg, CALLER, CALLEE,
			     sipmsg(INV, "c1", "a1", NULL, 1, "INVITE", NULL,
				 sdp4(CALLER, 40000, NULL)),
			     1000, NULL),
	    SIP_PASS);
	/* offer only: to the caller from any address of the callee's zone
	 * (its first RTP comes before the answer names its address) */
	ck_assert_uint_eq(F.nopen, 2);
	ck_assert(has_ph("any:2", CALLER, 40000));
	ck_assert(has_ph("any:2", CALLER, 40001));
	ck_assert_int_eq(udp(alg, CALLEE, CALLER,
			     sipmsg(OK200, "c1", "a1", "b1", 1, "INVITE", NULL,
				 sdp4(CALLEE, 50000, NULL)),
			     1100, NULL),
	    SIP_PASS);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert(has_ph(CALLER, CALLEE, 50000));
	ck_assert(has_ph(CALLER, CALLEE, 50001));
	ck_assert_int_eq(sip_alg_pinhole_lookup(alg, IPPROTO_UDP, &s, 31234, &d,
			     40000, 1200, &ph),
	    0);
	ck_assert_str_eq(ph.call_id, "c1");
	ck_assert_int_eq(ph.kind, SIP_PH_RTP);
	ck_assert_int_eq(sip_alg_pinhole_get(alg, ph.id, &ph), 0);
	ck_assert_int_eq(sip_alg_pinhole_lookup(alg, IPPROTO_UDP, &o, 31234, &d,
			     40000, 1200, &ph),
	    -ENOENT); /* other source */
	ck_assert_int_eq(sip_alg_pinhole_lookup(alg, IPPROTO_UDP, &s, 31234, &d,
			     40002, 1200, &ph),
	    -ENOENT); /* other port */
	ck_assert_int_eq(sip_alg_pinhole_lookup(alg, IPPROTO_TCP, &s, 31234, &d,
			     40000, 1200, &ph),
	    -ENOENT); /* other protocol */
	ck_assert_uint_eq(sip_alg_ncalls(alg), 1);
	/* a BYE with a dialog tag that is not the call's changes nothing */
	udp(alg, CALLEE, CALLER,
	    sipmsg("BYE sip:alice@192.0.2.10 SIP/2.0", "c1", "zz", "a1", 1,
		"BYE", NULL, NULL),
	    1900, NULL);
	ck_assert_uint_eq(F.nopen, 4);
	/* BYE from the callee closes everything */
	ck_assert_int_eq(udp(alg, CALLEE, CALLER,
			     sipmsg("BYE sip:alice@"
				    "192.0.2.10 SIP/2.0",
				 "c1", "b1", "a1", 1, "BYE", NULL, NULL),
			     2000, NULL),
	    SIP_PASS);
	ck_assert_uint_eq(F.nopen, 0);
	udp(alg, CALLER, CALLEE,
	    sipmsg(OK200, "c1", "b1", "a1", 1, "BYE", NULL, NULL), 2001, NULL);
	sip_alg_expire(alg, 2001 + 32000);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
}
END_TEST

START_TEST(t_early_media)
{
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "em", "a1", NULL, 1, "INVITE", NULL,
		sdp4(CALLER, 40000, NULL)),
	    0, NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 183 Session Progress", "em", "a1", "b1", 1,
		"INVITE", NULL, sdp4(CALLEE, 50000, NULL)),
	    10, NULL);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert(has_ph(CALLER, CALLEE, 50000));
	ck_assert(has_ph(CALLEE, CALLER, 40000));
	/* 200 without SDP keeps the early media */
	udp(alg, CALLEE, CALLER,
	    sipmsg(OK200, "em", "a1", "b1", 1, "INVITE", NULL, NULL), 20, NULL);
	ck_assert_uint_eq(F.nopen, 4);
	/* 200 with other ports (rtpengine#423): follows the answer */
	udp(alg, CALLEE, CALLER,
	    sipmsg(OK200, "em", "a1", "b1", 1, "INVITE", NULL,
		sdp4(CALLEE, 50100, NULL)),
	    30, NULL);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert(has_ph(CALLER, CALLEE, 50100));
	ck_assert(!has_ph(CALLER, CALLEE, 50000));
}
END_TEST

/* A 183 with SDP but no To tag (broken UAS): a dialog without a tag. */
START_TEST(t_answer_without_tag)
{
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "nt", "a1", NULL, 1, "INVITE", NULL,
		sdp4(CALLER, 40000, NULL)),
	    0, NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 183 Session Progress", "nt", "a1", NULL, 1,
		"INVITE", NULL, sdp4(CALLEE, 50000, NULL)),
	    10, NULL);
	ck_assert(has_ph(CALLER, CALLEE, 50000));
}
END_TEST

START_TEST(t_reinvite_hold)
{
	basic_call("h1", 40000, 50000, 0);
	ck_assert_uint_eq(F.nopen, 4);
	/* caller puts on hold: sendonly, the callee answers recvonly */
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "h1", "a1", "b1", 2, "INVITE", NULL,
		sdp4(CALLER, 40000, "a=sendonly\r\n")),
	    100, NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg(OK200, "h1", "a1", "b1", 2, "INVITE", NULL,
		sdp4(CALLEE, 50000, "a=recvonly\r\n")),
	    110, NULL);
	ck_assert(!has_ph(CALLEE, CALLER, 40000)); /* no RTP to holder */
	ck_assert(has_ph(CALLEE, CALLER, 40001));  /* RTCP still */
	ck_assert(has_ph(CALLER, CALLEE, 50000));
	ck_assert(has_ph(CALLER, CALLEE, 50001));
	/* resume */
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "h1", "a1", "b1", 3, "INVITE", NULL,
		sdp4(CALLER, 40000, NULL)),
	    200, NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg(OK200, "h1", "a1", "b1", 3, "INVITE", NULL,
		sdp4(CALLEE, 50000, NULL)),
	    210, NULL);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert(has_ph(CALLEE, CALLER, 40000));
	/* RFC 2543 hold: c=0.0.0.0 closes media towards the holder */
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "h1", "a1", "b1", 4, "INVITE", NULL,
		sdp4("0.0.0.0", 40000, NULL)),
	    300, NULL);
	ck_assert(!has_ph(CALLEE, CALLER, 40000));
	ck_assert(!has_ph(CALLER, CALLEE, 50000));
	/* a failed re-INVITE restores the previous media */
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 488 Not Acceptable Here", "h1", "a1", "b1", 4,
		"INVITE", NULL, NULL),
	    310, NULL);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert(has_ph(CALLEE, CALLER, 40000));
}
END_TEST

#define T38(ip, port)                                                          \
	"v=0\r\no=- 1 2 IN IP4 " ip "\r\ns=-\r\nc=IN IP4 " ip "\r\nt=0 0\r\n"  \
	"m=audio 0 RTP/AVP 0\r\nm=image " port " udptl t38\r\n"                \
	"a=T38FaxVersion:0\r\n"

static unsigned
kind_count(enum sip_ph_kind k)
{
	unsigned n = 0;

	for (unsigned i = 0; i < F.nopen; i++)
		n += F.open[i].kind == k;
	return n;
}

START_TEST(t_t38_from_caller)
{
	basic_call("f1", 40000, 50000, 0);
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "f1", "a1", "b1", 2, "INVITE", NULL,
		T38(CALLER, "40010")),
	    100, NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg(OK200, "f1", "a1", "b1", 2, "INVITE", NULL,
		T38(CALLEE, "50010")),
	    110, NULL);
	ck_assert_uint_eq(F.nopen, 2);
	ck_assert_uint_eq(kind_count(SIP_PH_UDPTL), 2);
	ck_assert(has_ph(CALLEE, CALLER, 40010));
	ck_assert(has_ph(CALLER, CALLEE, 50010));
}
END_TEST

START_TEST(t_t38_from_callee)
{
	basic_call("f2", 40000, 50000, 0);
	/* the callee re-INVITEs: From carries its tag, To the caller's */
	udp(alg, CALLEE, CALLER,
	    sipmsg("INVITE sip:alice@192.0.2.10 SIP/2.0", "f2", "b1", "a1", 1,
		"INVITE", NULL, T38(CALLEE, "50010")),
	    100, NULL);
	/* a new stream opens once the caller answers it */
	ck_assert(!has_ph(CALLER, CALLEE, 50010));
	udp(alg, CALLER, CALLEE,
	    sipmsg(OK200, "f2", "b1", "a1", 1, "INVITE", NULL,
		T38(CALLER, "40010")),
	    110, NULL);
	ck_assert_uint_eq(F.nopen, 2);
	ck_assert(has_ph(CALLEE, CALLER, 40010));
	ck_assert(has_ph(CALLER, CALLEE, 50010));
	/* and back to audio */
	udp(alg, CALLEE, CALLER,
	    sipmsg("INVITE sip:alice@192.0.2.10 SIP/2.0", "f2", "b1", "a1", 2,
		"INVITE", NULL, sdp4(CALLEE, 50020, NULL)),
	    200, NULL);
	udp(alg, CALLER, CALLEE,
	    sipmsg(OK200, "f2", "b1", "a1", 2, "INVITE", NULL,
		sdp4(CALLER, 40020, NULL)),
	    210, NULL);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert_uint_eq(kind_count(SIP_PH_UDPTL), 0);
	ck_assert(has_ph(CALLEE, CALLER, 40020));
}
END_TEST

START_TEST(t_cancel)
{
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "x1", "a1", NULL, 1, "INVITE", NULL,
		sdp4(CALLER, 40000, NULL)),
	    0, NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 180 Ringing", "x1", "a1", "b1", 1, "INVITE", NULL,
		NULL),
	    10, NULL);
	ck_assert_uint_eq(F.nopen, 2);
	udp(alg, CALLER, CALLEE,
	    sipmsg("CANCEL sip:bob@198.51.100.20 SIP/2.0", "x1", "a1", NULL, 1,
		"CANCEL", NULL, NULL),
	    20, NULL);
	ck_assert_uint_eq(F.nopen, 0);
	udp(alg, CALLEE, CALLER,
	    sipmsg(OK200, "x1", "a1", "b1", 1, "CANCEL", NULL, NULL), 30, NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 487 Request Terminated", "x1", "a1", "b1", 1,
		"INVITE", NULL, NULL),
	    40, NULL);
	ck_assert_uint_eq(F.nopen, 0);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 1); /* lingering */
	sip_alg_expire(alg, 40 + 32000);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
}
END_TEST

START_TEST(t_failure_and_timeout)
{
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "r1", "a1", NULL, 1, "INVITE", NULL,
		sdp4(CALLER, 40000, NULL)),
	    0, NULL);
	ck_assert_uint_eq(F.nopen, 2);
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 486 Busy Here", "r1", "a1", "b1", 1, "INVITE", NULL,
		NULL),
	    10, NULL);
	ck_assert_uint_eq(F.nopen, 0);
	/* no answer at all: Timer C */
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "r2", "a1", NULL, 1, "INVITE", NULL,
		sdp4(CALLER, 40100, NULL)),
	    1000, NULL);
	ck_assert_uint_eq(F.nopen, 2);
	sip_alg_expire(alg, 1000 + 179000);
	ck_assert_uint_eq(F.nopen, 2);
	sip_alg_expire(alg, 1000 + 180000);
	ck_assert_uint_eq(F.nopen, 0);
	/* an answered call idle for call_idle_ms; media keeps it alive */
	basic_call("r3", 40200, 50200, 500000);
	ck_assert_uint_eq(F.nopen, 4);
	fake_account(alg, F.open[0].id, 40000, 10, 1600, 0, 0, 1500000);
	sip_alg_expire(alg, 500000 + 1800000);
	ck_assert_uint_eq(F.nopen, 4);
	sip_alg_expire(alg, 1500000 + 1800000);
	ck_assert_uint_eq(F.nopen, 0);
	/* media_idle_ms: no media for that long ends the call */
	{
		struct sip_alg_params par;

		sip_alg_get_params(alg, &par);
		par.media_idle_ms = 120000;
		sip_alg_set_params(alg, &par);
	}
	basic_call("r4", 40300, 50300, 4000000);
	fake_account(alg, F.open[0].id, 40000, 10, 1600, 0, 0, 4100000);
	sip_alg_expire(alg, 4100000 + 119000);
	ck_assert_uint_eq(F.nopen, 4);
	sip_alg_expire(alg, 4100000 + 120000);
	ck_assert_uint_eq(F.nopen, 0);
}
END_TEST

/* sip-alg timeout call-duration: an answered call ends that long after
 * its answer even while its media flows; without it the call stays. */
START_TEST(t_call_duration)
{
	struct sip_alg_params par;

	basic_call("cd0", 40400, 50400, 1000);
	fake_account(alg, F.open[0].id, 40000, 10, 1600, 0, 0, 60000);
	sip_alg_expire(alg, 1000 + 120000);
	ck_assert_uint_eq(F.nopen, 4); /* control: no maximum */
	sip_alg_clear_calls(alg);
	sip_alg_get_params(alg, &par);
	par.max_call_ms = 120000;
	sip_alg_set_params(alg, &par);
	basic_call("cd1", 40500, 50500, 200000);
	ck_assert_uint_eq(F.nopen, 4);
	fake_account(alg, F.open[0].id, 40000, 10, 1600, 0, 0, 300000);
	sip_alg_expire(alg, 300000);
	ck_assert_uint_eq(F.nopen, 4);
	sip_alg_expire(alg, 200000 + 120000 + 100);
	ck_assert_uint_eq(F.nopen, 0);
}
END_TEST

/* sip-alg timeout invite-hold-down: after a 486, new INVITEs of that
 * caller to that callee are dropped for the hold-down; a 407 (retry with
 * credentials) does not count; another caller is not held. */
START_TEST(t_invite_hold_down)
{
	struct sip_alg_params par;
	struct sip_verdict v;

	sip_alg_get_params(alg, &par);
	par.hold_down_ms = 3000;
	sip_alg_set_params(alg, &par);
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "hd0", "a1", NULL, 1, "INVITE", NULL, NULL), 1000,
	    NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 407 Proxy Authentication "
		   "Required",
		"hd0", "a1", "b1", 1, "INVITE", NULL, NULL),
	    1010, NULL);
	ck_assert_int_eq(
	    udp(alg, CALLER, CALLEE,
		sipmsg(INV, "hd0", "a1", NULL, 2, "INVITE", NULL, NULL), 1020,
		NULL),
	    SIP_PASS);
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 486 Busy Here", "hd0", "a1", "b1", 2, "INVITE",
		NULL, NULL),
	    1030, NULL);
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "hd1", "a1", NULL, 1, "INVITE", NULL, NULL), 2000, &v);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_HOLDDOWN);
	ck_assert_int_eq(
	    udp(alg, "192.0.2.11", CALLEE,
		sipmsg(INV, "hd2", "a1", NULL, 1, "INVITE", NULL, NULL), 2000,
		NULL),
	    SIP_PASS);
	ck_assert_int_eq(
	    udp(alg, CALLER, CALLEE,
		sipmsg(INV, "hd3", "a1", NULL, 1, "INVITE", NULL, NULL),
		1030 + 3001, NULL),
	    SIP_PASS);
	sip_alg_clear_calls(alg);
}
END_TEST

START_TEST(t_forking)
{
	F.zones = true;
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "fk", "a1", NULL, 1, "INVITE", NULL,
		sdp4(CALLER, 40000, NULL)),
	    0, NULL);
	/* two forks answer 183 through the same proxy, media from each */
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 183 Session Progress", "fk", "a1", "fa", 1,
		"INVITE", NULL, sdp4("198.51.100.21", 50000, NULL)),
	    10, NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 183 Session Progress", "fk", "a1", "fb", 1,
		"INVITE", NULL, sdp4("198.51.100.22", 52000, NULL)),
	    20, NULL);
	ck_assert(has_ph("198.51.100.21", CALLER, 40000));
	ck_assert(has_ph("198.51.100.22", CALLER, 40000));
	ck_assert(has_ph(CALLER, "198.51.100.21", 50000));
	ck_assert(has_ph(CALLER, "198.51.100.22", 52000));
	ck_assert_uint_eq(F.nopen, 8);
	/* fork b answers: fork a's media goes */
	udp(alg, CALLEE, CALLER,
	    sipmsg(OK200, "fk", "a1", "fb", 1, "INVITE",
		"Record-Route: <sip:proxy.example.net;lr>\r\n", NULL),
	    30, NULL);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert(!has_ph("198.51.100.21", CALLER, 40000));
	ck_assert(has_ph("198.51.100.22", CALLER, 40000));
	ck_assert(has_ph(CALLER, "198.51.100.22", 52000));
}
END_TEST

START_TEST(t_late_offer_prack_update)
{
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "lo", "a1", NULL, 1, "INVITE", NULL, NULL), 0, NULL);
	ck_assert_uint_eq(F.nopen, 0);
	udp(alg, CALLEE, CALLER,
	    sipmsg(OK200, "lo", "a1", "b1", 1, "INVITE", NULL,
		sdp4(CALLEE, 50000, NULL)),
	    10, NULL);
	ck_assert_uint_eq(F.nopen, 2); /* offer in 200: to the callee */
	ck_assert(has_ph(CALLER, CALLEE, 50000));
	udp(alg, CALLER, CALLEE,
	    sipmsg("ACK sip:bob@198.51.100.20 SIP/2.0", "lo", "a1", "b1", 1,
		"ACK", NULL, sdp4(CALLER, 40000, NULL)),
	    20, NULL);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert(has_ph(CALLEE, CALLER, 40000));
	/* UPDATE from the callee moves its media; 200 from the caller */
	udp(alg, CALLEE, CALLER,
	    sipmsg("UPDATE sip:alice@192.0.2.10 SIP/2.0", "lo", "b1", "a1", 5,
		"UPDATE", NULL, sdp4(CALLEE, 50500, NULL)),
	    30, NULL);
	udp(alg, CALLER, CALLEE,
	    sipmsg(OK200, "lo", "b1", "a1", 5, "UPDATE", NULL,
		sdp4(CALLER, 40500, NULL)),
	    40, NULL);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert(has_ph(CALLER, CALLEE, 50500));
	ck_assert(has_ph(CALLEE, CALLER, 40500));
	/* PRACK with an offer from the caller in another call */
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "pr", "a1", NULL, 1, "INVITE", NULL, NULL), 100, NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg("SIP/2.0 183 Session Progress", "pr", "a1", "b1", 1,
		"INVITE", "Require: 100rel\r\nRSeq: 1\r\n",
		sdp4(CALLEE, 51000, NULL)),
	    110, NULL);
	udp(alg, CALLER, CALLEE,
	    sipmsg("PRACK sip:bob@198.51.100.20 SIP/2.0", "pr", "a1", "b1", 2,
		"PRACK", "RAck: 1 1 INVITE\r\n", sdp4(CALLER, 41000, NULL)),
	    120, NULL);
	ck_assert(has_ph(CALLER, CALLEE, 51000));
	ck_assert(has_ph(CALLEE, CALLER, 41000));
	ck_assert_uint_eq(count_call("pr"), 4);
}
END_TEST

START_TEST(t_register_binding)
{
	const char *reg = "REGISTER sip:example.net SIP/2.0";
	struct sip_pinhole ph;
	struct sip_addr r = A("198.51.100.5"), c = A(CALLER);

	udp(alg, CALLER, "198.51.100.5",
	    sipmsg(reg, "rg1", "a1", NULL, 1, "REGISTER",
		"Contact: <sip:alice@192.0.2.10:5062>\r\n"
		"Expires: 3600\r\n",
		NULL),
	    0, NULL);
	ck_assert_uint_eq(F.nopen, 0); /* nothing before the 2xx */
	udp(alg, "198.51.100.5", CALLER,
	    sipmsg(OK200, "rg1", "a1", "r1", 1, "REGISTER",
		"Contact: <sip:alice@192.0.2.10:5062>;expires=600, "
		"<sip:alice@198.51.100.77>;expires=900\r\n",
		NULL),
	    10, NULL);
	ck_assert_uint_eq(F.nopen, 1); /* only the contact it sent */
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 1);
	ck_assert_int_eq(sip_alg_pinhole_lookup(alg, IPPROTO_UDP, &r, 5060, &c,
			     5062, 20, &ph),
	    0);
	ck_assert_int_eq(ph.kind, SIP_PH_SIGNALLING);
	/* an inbound INVITE from the registrar is then inspected as SIP */
	ck_assert_int_eq(udp(alg, "198.51.100.5", CALLER,
			     sipmsg("INVITE sip:"
				    "alice@192.0.2.10:5062 SIP/2.0",
				 "in1", "z1", NULL, 1, "INVITE", NULL,
				 sdp4("198.51.100.5", 60000, NULL)),
			     30, NULL),
	    SIP_PASS);
	ck_assert(has_ph("any:1", "198.51.100.5", 60000));
	/* the binding ends with its lifetime */
	sip_alg_expire(alg, 10 + 600000 - 1);
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 1);
	sip_alg_expire(alg, 10 + 600000);
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 0);
	/* a third-party Contact is never registered */
	udp(alg, CALLER, "198.51.100.5",
	    sipmsg(reg, "rg2", "a1", NULL, 1, "REGISTER",
		"Contact: <sip:x@198.51.100.50:5060>\r\n", NULL),
	    700000, NULL);
	udp(alg, "198.51.100.5", CALLER,
	    sipmsg(OK200, "rg2", "a1", "r1", 1, "REGISTER",
		"Contact: <sip:x@198.51.100.50:5060>;expires=60\r\n", NULL),
	    700010, NULL);
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 0);
	/* Expires: 0 (de-registration) removes it */
	udp(alg, CALLER, "198.51.100.5",
	    sipmsg(reg, "rg3", "a1", NULL, 1, "REGISTER",
		"Contact: <sip:alice@192.0.2.10>\r\n", NULL),
	    800000, NULL);
	udp(alg, "198.51.100.5", CALLER,
	    sipmsg(OK200, "rg3", "a1", "r1", 1, "REGISTER",
		"Contact: <sip:alice@192.0.2.10>;expires=60\r\n", NULL),
	    800010, NULL);
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 1);
	udp(alg, CALLER, "198.51.100.5",
	    sipmsg(reg, "rg3", "a1", NULL, 2, "REGISTER",
		"Contact: <sip:alice@192.0.2.10>;expires=0\r\n", NULL),
	    800020, NULL);
	udp(alg, "198.51.100.5", CALLER,
	    sipmsg(OK200, "rg3", "a1", "r1", 2, "REGISTER", NULL, NULL), 800030,
	    NULL);
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 0);
}
END_TEST

START_TEST(t_trunk_1000_calls)
{
	char id[32];
	unsigned i, order[1000];

	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "trunk-%u", i);
		basic_call(id, 10000 + 2 * i, 30000 + 2 * i, i);
	}
	ck_assert_uint_eq(sip_alg_ncalls(alg), 1000);
	ck_assert_uint_eq(F.nopen, 4000);
	for (i = 0; i < 1000; i++)
		order[i] = (i * 617) % 1000; /* a permutation */
	for (i = 0; i < 1000; i++) {
		unsigned k = order[i], j = order[(i + 1) % 1000];
		char other[32];

		snprintf(id, sizeof(id), "trunk-%u", k);
		ck_assert_uint_eq(count_call(id), 4);
		udp(alg, CALLER, CALLEE,
		    sipmsg("BYE sip:bob@198.51.100.20 "
			   "SIP/2.0",
			id, "a1", "b1", 2, "BYE", NULL, NULL),
		    5000 + i, NULL);
		ck_assert_uint_eq(count_call(id), 0);
		ck_assert_uint_eq(F.nopen, 4000 - 4 * (i + 1));
		if (i + 1 < 1000) {
			snprintf(other, sizeof(other), "trunk-%u", j);
			ck_assert_uint_eq(count_call(other), 4);
		}
	}
}
END_TEST

START_TEST(t_third_party_and_low_ports)
{
	struct sip_verdict v;

	/* third-party address (no zone knowledge): nothing */
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "tp", "a1", NULL, 1, "INVITE", NULL,
		sdp4("203.0.113.99", 40000, NULL)),
	    0, NULL);
	ck_assert_uint_eq(F.nopen, 0);
	/* an address of the other side: nothing, even with zones */
	F.zones = true;
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "tp2", "a1", NULL, 1, "INVITE", NULL,
		sdp4("198.51.100.30", 40000, NULL)),
	    0, NULL);
	ck_assert_uint_eq(F.nopen, 0);
	/* another host on the caller's side: allowed with zone knowledge */
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "tp3", "a1", NULL, 1, "INVITE", NULL,
		sdp4("192.0.2.55", 40000, NULL)),
	    0, NULL);
	ck_assert_uint_eq(F.nopen, 2);
	ck_assert(has_ph("any:2", "192.0.2.55", 40000));
	/* port 22, 1023, broadcast, loopback, multicast: never */
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "p22", "a1", NULL, 1, "INVITE", NULL,
		sdp4(CALLER, 22, NULL)),
	    0, &v);
	ck_assert_int_eq(v.action, SIP_PASS);
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "p1023", "a1", NULL, 1, "INVITE", NULL,
		sdp4(CALLER, 1023, NULL)),
	    0, NULL);
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "bc", "a1", NULL, 1, "INVITE", NULL,
		sdp4("255.255.255.255", 40000, NULL)),
	    0, NULL);
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "lo", "a1", NULL, 1, "INVITE", NULL,
		sdp4("127.0.0.1", 40000, NULL)),
	    0, NULL);
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "mc", "a1", NULL, 1, "INVITE", NULL,
		sdp4("224.0.0.1", 40000, NULL)),
	    0, NULL);
	/* a=rtcp to port 22: RTP opens, RTCP does not */
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "rt", "a1", NULL, 1, "INVITE", NULL,
		sdp4(CALLER, 40100, "a=rtcp:22\r\n")),
	    0, NULL);
	ck_assert_uint_eq(F.nopen, 3);
	ck_assert(has_ph("any:2", CALLER, 40100));
	for (unsigned i = 0; i < F.nopen; i++)
		ck_assert_uint_ge(F.open[i].dport, 1024);
	/* a DNS name: no pinhole, counted */
	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "dn", "a1", NULL, 1, "INVITE", NULL,
		sdp4("media.example.com", 40200, NULL)),
	    0, &v);
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert_uint_eq(F.nopen, 3);
}
END_TEST

START_TEST(t_bad_sdp_and_parse)
{
	struct sip_verdict v;

	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "bs", "a1", NULL, 1, "INVITE", NULL,
		"v=0\r\nc=IN IP4 192.0.2.10\r\nm=audio 99999 RTP/AVP 0\r\n"),
	    0, &v);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_SDP);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
	udp(alg, CALLER, CALLEE, "INVITE sip:x SIP/2.0\r\n\r\n", 0, &v);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_PARSE);
	ck_assert_int_eq(v.parse_error, 10); /* SIP_E_MISSING */
	ck_assert_uint_eq(F.nopen, 0);
	/* keep-alive */
	ck_assert_int_eq(udp(alg, CALLER, CALLEE, "\r\n\r\n", 0, &v), SIP_PASS);
}
END_TEST

START_TEST(t_ipv6_media)
{
	const char *c6 = "2001:db8:1::10", *e6 = "2001:db8:2::20";
	char sdp[512];

	snprintf(sdp, sizeof(sdp),
	    "v=0\r\no=- 1 1 IN IP6 %s\r\ns=-\r\n"
	    "c=IN IP6 %s\r\nt=0 0\r\nm=audio 40000 RTP/SAVP 0\r\n",
	    c6, c6);
	udp(alg, c6, e6,
	    sipmsg("INVITE sip:bob@[2001:db8:2::20] SIP/2.0", "v6", "a1", NULL,
		1, "INVITE", NULL, sdp),
	    0, NULL);
	ck_assert_uint_eq(F.nopen, 2);
	ck_assert(has_ph("any:2", c6, 40000)); /* both ends "outside" */
	ck_assert(has_ph("any:2", c6, 40001));
}
END_TEST

START_TEST(t_tls_counted)
{
	struct sip_pkt p;
	struct sip_verdict v;

	memset(&p, 0, sizeof(p));
	p.src = A(CALLER);
	p.dst = A(CALLEE);
	p.sport = 40000;
	p.dport = 5061;
	p.proto = IPPROTO_TCP;
	p.tls = true;
	p.payload = (const uint8_t *)"\x16\x03\x01";
	p.len = 3;
	ck_assert_int_eq(sip_alg_packet(alg, &p, 0, &v), SIP_PASS);
	ck_assert_int_eq(v.reason, SIP_R_ENCRYPTED);
}
END_TEST

/* No Record-Route: in-dialog requests may go straight to the Contacts. */
START_TEST(t_dialog_contacts)
{
	struct sip_pinhole ph;
	struct sip_addr c = A(CALLER), e = A(CALLEE);

	udp(alg, CALLER, CALLEE,
	    sipmsg(INV, "dc", "a1", NULL, 1, "INVITE",
		"Contact: <sip:alice@192.0.2.10:5070>\r\n",
		sdp4(CALLER, 40000, NULL)),
	    0, NULL);
	udp(alg, CALLEE, CALLER,
	    sipmsg(OK200, "dc", "a1", "b1", 1, "INVITE",
		"Contact: <sip:bob@198.51.100.20:5080;transport=tcp>\r\n",
		sdp4(CALLEE, 50000, NULL)),
	    10, NULL);
	ck_assert_int_eq(
	    sip_alg_pinhole_lookup(alg, IPPROTO_TCP, &c, 1, &e, 5080, 20, &ph),
	    0);
	ck_assert_int_eq(ph.kind, SIP_PH_SIGNALLING);
	ck_assert_int_eq(
	    sip_alg_pinhole_lookup(alg, IPPROTO_UDP, &e, 1, &c, 5070, 20, &ph),
	    0);
	ck_assert_uint_eq(F.nopen, 6);
	udp(alg, CALLER, CALLEE,
	    sipmsg("BYE sip:bob@198.51.100.20 SIP/2.0", "dc", "a1", "b1", 2,
		"BYE", NULL, NULL),
	    30, NULL);
	ck_assert_uint_eq(F.nopen, 0);
}
END_TEST

START_TEST(t_clear_calls)
{
	basic_call("cl1", 40000, 50000, 0);
	basic_call("cl2", 40010, 50010, 0);
	ck_assert_uint_eq(F.nopen, 8);
	sip_alg_clear_calls(alg);
	ck_assert_uint_eq(F.nopen, 0);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
}
END_TEST

START_TEST(t_table_bound)
{
	struct sip_alg_params par;
	struct sip_verdict v;
	char id[32];

	sip_alg_get_params(alg, &par);
	par.max_calls = 10;
	sip_alg_set_params(alg, &par);
	for (int i = 0; i < 12; i++) {
		snprintf(id, sizeof(id), "b%d", i);
		udp(alg, CALLER, CALLEE,
		    sipmsg(INV, id, "a1", NULL, 1, "INVITE", NULL,
			sdp4(CALLER, 40000 + 2 * i, NULL)),
		    0, &v);
		ck_assert_int_eq(v.action, i < 10 ? SIP_PASS : SIP_DROP);
	}
	ck_assert_int_eq(v.reason, SIP_R_TABLE_FULL);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 10);
}
END_TEST

/*
 * RFC 4475 through the ALG as UDP datagrams, each from the address its SDP
 * names: a rejected message is dropped and leaves no call and no pinhole;
 * an accepted one opens only towards that address.  Every MANIFEST row is
 * a file and is checked.
 */
START_TEST(t_rfc4475_alg)
{
	char path[1024], line[4096];
	unsigned rows = 0, files = 0;
	FILE *mf;

	corpus_path(path, sizeof(path), RFC4475_MANIFEST);
	ck_assert_msg((mf = fopen(path, "r")) != NULL, "%s absent", path);
	while (fgets(line, sizeof(line), mf) != NULL) {
		char *file = strtok(line, "\t"), *cls, *media,
		     src[64] = "192.0.2.1", *sp, rel[256];
		struct sip_verdict v;
		struct sip_alg *b;
		uint8_t *msg;
		size_t n;

		strtok(NULL, "\t");
		cls = strtok(NULL, "\t");
		strtok(NULL, "\t");
		strtok(NULL, "\t");
		media = strtok(NULL, "\t");
		if (file == NULL || strcmp(file, "file") == 0)
			continue; /* the header row */
		rows++;
		ck_assert_msg(cls != NULL && media != NULL,
		    "MANIFEST row %u (%s): too few columns", rows, file);
		if (strncmp(media, "c=", 2) == 0) {
			snprintf(src, sizeof(src), "%s", media + 2);
			if ((sp = strchr(src, ' ')) != NULL)
				*sp = '\0';
		}
		snprintf(rel, sizeof(rel), "%s/%s", RFC4475_DIR, file);
		corpus_path(path, sizeof(path), rel);
		ck_assert_msg((msg = slurp(path, &n)) != NULL, "%s unreadable",
		    path);
		b = sip_alg_new(&fake_ops, NULL);
		F.nopen = 0;
		{
			struct sip_pkt p;

			memset(&p, 0, sizeof(p));
			p.src = A(src);
			p.dst = A("198.51.100.1");
			p.sport = p.dport = 5060;
			p.proto = IPPROTO_UDP;
			p.src_zone = ZONE_IN;
			p.dst_zone = ZONE_OUT;
			p.payload = msg;
			p.len = n;
			sip_alg_packet(b, &p, 0, &v);
		}
		if (strcmp(cls, "invalid") == 0) {
			ck_assert_msg(v.action == SIP_DROP, "%s passed", file);
			ck_assert_uint_eq(sip_alg_ncalls(b), 0);
		} else
			ck_assert_msg(v.action == SIP_PASS, "%s dropped", file);
		for (unsigned i = 0; i < F.nopen; i++) {
			struct sip_addr want = A(src);

			ck_assert_msg(
			    memcmp(&F.open[i].dst, &want, sizeof(want)) == 0,
			    "%s: pinhole elsewhere", file);
			ck_assert_uint_ge(F.open[i].dport, 1024);
		}
		if (strcmp(file, "dblreq.dat") == 0 ||
		    strcmp(file, "invut.dat") == 0 ||
		    strcmp(file, "bcast.dat") == 0 ||
		    strcmp(cls, "invalid") == 0)
			ck_assert_msg(F.nopen == 0, "%s opened %u", file,
			    F.nopen);
		/* initial INVITEs with an offer (wsinv has a To tag: a
		 * re-INVITE of a call never seen, so nothing) */
		if (strcmp(file, "esc01.dat") == 0 ||
		    strcmp(file, "longreq.dat") == 0 ||
		    strcmp(file, "sdp01.dat") == 0 ||
		    strcmp(file, "inv2543.dat") == 0)
			ck_assert_msg(F.nopen >= 2, "%s opened %u", file,
			    F.nopen);
		sip_alg_free(b);
		free(msg);
		files++;
	}
	fclose(mf);
	ck_assert_uint_eq(rows, RFC4475_FILES);
	ck_assert_uint_eq(files, rows);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("sip_alg");
	TCase *tc = tcase_create("dialogs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_basic_call);
	tcase_add_test(tc, t_early_media);
	tcase_add_test(tc, t_answer_without_tag);
	tcase_add_test(tc, t_reinvite_hold);
	tcase_add_test(tc, t_t38_from_caller);
	tcase_add_test(tc, t_t38_from_callee);
	tcase_add_test(tc, t_cancel);
	tcase_add_test(tc, t_failure_and_timeout);
	tcase_add_test(tc, t_call_duration);
	tcase_add_test(tc, t_invite_hold_down);
	tcase_add_test(tc, t_forking);
	tcase_add_test(tc, t_late_offer_prack_update);
	tcase_add_test(tc, t_register_binding);
	tcase_add_test(tc, t_trunk_1000_calls);
	tcase_add_test(tc, t_third_party_and_low_ports);
	tcase_add_test(tc, t_bad_sdp_and_parse);
	tcase_add_test(tc, t_ipv6_media);
	tcase_add_test(tc, t_tls_counted);
	tcase_add_test(tc, t_dialog_contacts);
	tcase_add_test(tc, t_clear_calls);
	tcase_add_test(tc, t_table_bound);
	corpus_add_test(tc, "dialogs", t_rfc4475_alg, RFC4475_MANIFEST);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}
