/*
 * Media per direction and the callee's first RTP (issue 14), through
 * sip_alg_packet() and the dataplane's calls with the recording test
 * double, and `show sip-alg calls [detail]` through a CLI session.
 */
#include <time.h>

#include "alg/sip_int.h"
#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "tests/unit/check_sip_fake.h"

#define CALLER "192.0.2.10"
#define CALLEE "198.51.100.20"
#define GW "198.51.100.77" /* another host of the callee's zone */
#define ZONE_DMZ 3
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
	ck_assert_uint_eq(F.nopen, 0);
}

static void
invite(const char *id, unsigned port, uint64_t t)
{
	ck_assert_int_eq(udp(alg, CALLER, CALLEE,
			     sipmsg(INV, id, "a1", NULL, 1, "INVITE", NULL,
				 sdp4(CALLER, port, NULL)),
			     t, NULL),
	    SIP_PASS);
}

static void
answer(const char *start, const char *id, const char *ip, unsigned port,
    uint64_t t)
{
	ck_assert_int_eq(udp(alg, CALLEE, CALLER,
			     sipmsg(start, id, "a1", "b1", 1, "INVITE", NULL,
				 ip != NULL ? sdp4(ip, port, NULL) : NULL),
			     t, NULL),
	    SIP_PASS);
}

/* A new UDP connection from src (arriving from zone) to dst:port: the id
 * of the pinhole that admits it, 0 if none. */
static uint64_t
admit(const char *src, int zone, const char *dst, unsigned port)
{
	struct sip_addr s = A(src), d = A(dst);
	struct sip_pinhole ph;

	if (sip_alg_pinhole_lookup_zone(alg, IPPROTO_UDP, &s, 31000, zone, &d,
		(uint16_t)port, 0, &ph) != 0)
		return 0;
	return ph.id;
}

/* The offer alone: the pinholes towards the caller's RTP and RTCP admit
 * any source of the callee's zone, and nothing from another zone. */
START_TEST(t_early_rtp_zone)
{
	struct sip_addr s = A(CALLEE), d = A(CALLER);
	struct sip_pinhole ph;
	uint64_t id;

	invite("e1", 40000, 0);
	ck_assert_uint_eq(F.nopen, 2);
	ck_assert(has_ph("any:2", CALLER, 40000));
	ck_assert(has_ph("any:2", CALLER, 40001));
	/* positive: the callee, and a media gateway of its zone */
	ck_assert_uint_ne(id = admit(CALLEE, ZONE_OUT, CALLER, 40000), 0);
	ck_assert_uint_eq(admit(GW, ZONE_OUT, CALLER, 40000), id);
	ck_assert_uint_ne(admit(GW, ZONE_OUT, CALLER, 40001), 0);
	/* negative: the same address arriving from another zone, a host of
	 * the caller's zone, another port, an IPv6 source */
	ck_assert_uint_eq(admit(CALLEE, ZONE_DMZ, CALLER, 40000), 0);
	ck_assert_uint_eq(admit("192.0.2.99", ZONE_IN, CALLER, 40000), 0);
	ck_assert_uint_eq(admit(CALLEE, ZONE_OUT, CALLER, 40002), 0);
	ck_assert_uint_eq(admit("2001:db8:2::20", ZONE_OUT, CALLER, 40000), 0);
	/* a caller that does not know the zone: never a zone-wide pinhole */
	ck_assert_int_eq(sip_alg_pinhole_lookup(alg, IPPROTO_UDP, &s, 31000, &d,
			     40000, 0, &ph),
	    -ENOENT);
	/* nothing towards the callee yet (its SDP is not known) */
	ck_assert_uint_eq(admit(CALLER, ZONE_IN, CALLEE, 50000), 0);
}
END_TEST

/* The answer narrows the zone-wide pinholes to its address (same ids:
 * what they admitted from there goes on); others are refused from then. */
START_TEST(t_answer_narrows)
{
	uint64_t rtp, rtcp;

	invite("n1", 40000, 0);
	rtp = admit(CALLEE, ZONE_OUT, CALLER, 40000);
	rtcp = admit(CALLEE, ZONE_OUT, CALLER, 40001);
	ck_assert_uint_ne(rtp, 0);
	ck_assert_uint_ne(rtcp, 0);
	answer("SIP/2.0 183 Session Progress", "n1", CALLEE, 50000, 10);
	ck_assert_uint_eq(F.narrowed, 2);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert(!has_ph("any:2", CALLER, 40000));
	ck_assert(has_ph(CALLEE, CALLER, 40000));
	ck_assert(has_ph(CALLEE, CALLER, 40001));
	ck_assert(has_ph(CALLER, CALLEE, 50000));
	ck_assert_uint_eq(admit(CALLEE, ZONE_OUT, CALLER, 40000), rtp);
	ck_assert_uint_eq(admit(CALLEE, ZONE_OUT, CALLER, 40001), rtcp);
	ck_assert_uint_eq(admit(GW, ZONE_OUT, CALLER, 40000), 0);
	ck_assert_uint_ne(admit(CALLER, ZONE_IN, CALLEE, 50000), 0);
	/* the 200 with the same SDP changes nothing */
	answer(OK200, "n1", CALLEE, 50000, 20);
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert_uint_eq(F.opened, 4);
	ck_assert_uint_eq(admit(CALLEE, ZONE_OUT, CALLER, 40000), rtp);
}
END_TEST

/* An answer from a gateway of the callee's zone narrows to the gateway. */
START_TEST(t_answer_other_host)
{
	F.zones = true; /* the gateway is on the callee's side */
	invite("g1", 40000, 0);
	ck_assert_int_eq(udp(alg, CALLEE, CALLER,
			     sipmsg(OK200, "g1", "a1", "b1", 1, "INVITE", NULL,
				 sdp4(GW, 50000, NULL)),
			     10, NULL),
	    SIP_PASS);
	ck_assert(has_ph(GW, CALLER, 40000));
	ck_assert(has_ph(CALLER, GW, 50000));
	ck_assert_uint_eq(admit(CALLEE, ZONE_OUT, CALLER, 40000), 0);
	ck_assert_uint_ne(admit(GW, ZONE_OUT, CALLER, 40000), 0);
}
END_TEST

/* CANCEL, a failure and Timer C close the zone-wide pinholes. */
START_TEST(t_early_closes)
{
	invite("c1", 40000, 0);
	ck_assert_uint_eq(F.nopen, 2);
	ck_assert_int_eq(udp(alg, CALLER, CALLEE,
			     sipmsg("CANCEL sip:bob@"
				    "198.51.100.20 SIP/2.0",
				 "c1", "a1", NULL, 1, "CANCEL", NULL, NULL),
			     10, NULL),
	    SIP_PASS);
	ck_assert_uint_eq(F.nopen, 0);
	ck_assert_uint_eq(admit(CALLEE, ZONE_OUT, CALLER, 40000), 0);
	invite("f1", 40100, 100);
	ck_assert_uint_eq(F.nopen, 2);
	answer("SIP/2.0 486 Busy Here", "f1", NULL, 0, 110);
	ck_assert_uint_eq(F.nopen, 0);
	invite("t1", 40200, 1000);
	ck_assert_uint_eq(F.nopen, 2);
	sip_alg_expire(alg, 1000 + 179999);
	ck_assert_uint_ne(admit(GW, ZONE_OUT, CALLER, 40200), 0);
	sip_alg_expire(alg, 1000 + 180000);
	ck_assert_uint_eq(F.nopen, 0);
	ck_assert_uint_eq(admit(GW, ZONE_OUT, CALLER, 40200), 0);
}
END_TEST

/* Only until the answer: a 200 without SDP leaves the pinhole to the
 * caller open from the callee's signalling address, not zone-wide; a port
 * below 1024 still opens nothing. */
START_TEST(t_answered_without_sdp)
{
	invite("w1", 40000, 0);
	answer(OK200, "w1", NULL, 0, 10);
	ck_assert_uint_eq(F.nopen, 2);
	ck_assert(has_ph(CALLEE, CALLER, 40000));
	ck_assert(!has_ph("any:2", CALLER, 40000));
	ck_assert_uint_eq(admit(GW, ZONE_OUT, CALLER, 40000), 0);
	ck_assert_uint_ne(admit(CALLEE, ZONE_OUT, CALLER, 40000), 0);
	invite("lp", 1000, 20);
	ck_assert_uint_eq(F.nopen, 2);
}
END_TEST

static bool
addr_is(const struct sip_addr *a, const char *s)
{
	struct sip_addr b = A(s);

	return memcmp(a, &b, sizeof(b)) == 0;
}

static const struct sip_call *
call_of(const char *id)
{
	for (const struct sip_call *c = alg->calls; c != NULL; c = c->lnext)
		if (strcmp(c->callid, id) == 0)
			return c;
	ck_abort_msg("no call %s", id);
	return NULL;
}

static const struct sip_mflow *
flow(const char *id, unsigned stream, enum sip_ph_kind kind, bool callee)
{
	const struct sip_call *c = call_of(id);

	for (unsigned i = 0; i < c->nmf; i++)
		if (c->mf[i].stream == stream && c->mf[i].kind == kind &&
		    c->mf[i].from_callee == callee)
			return &c->mf[i];
	return NULL;
}

/* The pinhole towards dst:port (its id), by the fake's record. */
static uint64_t
ph_to(const char *dst, unsigned port)
{
	struct sip_addr d = A(dst);

	for (unsigned i = 0; i < F.nopen; i++)
		if (F.open[i].dport == port &&
		    memcmp(&F.open[i].dst, &d, sizeof(d)) == 0)
			return F.open[i].id;
	ck_abort_msg("no pinhole to %s:%u", dst, port);
	return 0;
}

static void
call(const char *id, uint64_t t)
{
	invite(id, 40000, t);
	answer(OK200, id, CALLEE, 50000, t);
}

/*
 * One symmetric RTP connection carries both ways: opened by the caller
 * (admitted by the pinhole towards the callee), its reply direction is the
 * callee's media.  Each way is counted under its real sender.
 */
START_TEST(t_acct_symmetric)
{
	const struct sip_mflow *a, *b;

	call("s1", 0);
	fake_account(alg, ph_to(CALLEE, 50000), 40000, 420, 72240, 0, 0, 100);
	fake_account(alg, ph_to(CALLEE, 50000), 40000, 0, 0, 380, 65360, 200);
	fake_account(alg, ph_to(CALLEE, 50000), 40000, 10, 1720, 12, 2064, 300);
	ck_assert_ptr_nonnull(a = flow("s1", 0, SIP_PH_RTP, false));
	ck_assert_ptr_nonnull(b = flow("s1", 0, SIP_PH_RTP, true));
	ck_assert_uint_eq(a->pkts, 430);
	ck_assert_uint_eq(a->bytes, 73960);
	ck_assert_uint_eq(a->first_ms, 100);
	ck_assert_uint_eq(a->last_ms, 300);
	ck_assert_uint_eq(b->pkts, 392);
	ck_assert_uint_eq(b->bytes, 67424);
	ck_assert_uint_eq(b->first_ms, 200);
	ck_assert_uint_eq(b->last_ms, 300);
	/* the real addresses each way */
	ck_assert(addr_is(&a->src, CALLER) && a->sport == 40000);
	ck_assert(addr_is(&a->dst, CALLEE) && a->dport == 50000);
	ck_assert(addr_is(&b->src, CALLEE) && b->sport == 50000);
	ck_assert(addr_is(&b->dst, CALLER) && b->dport == 40000);
	ck_assert_uint_eq(call_of("s1")->nmf, 2);
}
END_TEST

/*
 * The same call opened by the callee instead (its pinhole towards the
 * caller admitted it): the counts land under the same senders; RTCP is
 * its own row; a second connection (another source port) adds up.
 */
START_TEST(t_acct_other_opener)
{
	const struct sip_mflow *f;

	call("o1", 0);
	fake_account(alg, ph_to(CALLER, 40000), 50000, 380, 65360, 420, 72240,
	    100);
	fake_account(alg, ph_to(CALLER, 40000), 50002, 5, 860, 0, 0, 150);
	fake_account(alg, ph_to(CALLER, 40001), 50001, 3, 300, 2, 200, 200);
	ck_assert_ptr_nonnull(f = flow("o1", 0, SIP_PH_RTP, false));
	ck_assert_uint_eq(f->pkts, 420);
	ck_assert_ptr_nonnull(f = flow("o1", 0, SIP_PH_RTP, true));
	ck_assert_uint_eq(f->pkts, 385);
	ck_assert_uint_eq(f->bytes, 66220);
	ck_assert_uint_eq(f->sport, 50002); /* the latest connection */
	ck_assert_ptr_nonnull(f = flow("o1", 0, SIP_PH_RTCP, true));
	ck_assert_uint_eq(f->pkts, 3);
	ck_assert_ptr_nonnull(f = flow("o1", 0, SIP_PH_RTCP, false));
	ck_assert_uint_eq(f->pkts, 2);
	/* one-way media shows as such, whoever opened the connection: only
	 * the callee sends on a connection the caller opened */
	invite("w1", 40100, 1000);
	answer(OK200, "w1", CALLEE, 50100, 1000);
	fake_account(alg, ph_to(CALLEE, 50100), 40100, 0, 0, 50, 8600, 1100);
	ck_assert_ptr_null(flow("w1", 0, SIP_PH_RTP, false));
	ck_assert_ptr_nonnull(f = flow("w1", 0, SIP_PH_RTP, true));
	ck_assert_uint_eq(f->pkts, 50);
}
END_TEST

/* Zero counts, unknown pinholes and signalling pinholes count nothing;
 * media keeps the call alive (call_idle_ms) and the summary adds both
 * ways. */
START_TEST(t_acct_edges)
{
	struct sip_conn_acct ac;

	call("x1", 0);
	fake_account(alg, ph_to(CALLEE, 50000), 40000, 0, 0, 0, 0, 100);
	ck_assert_uint_eq(call_of("x1")->nmf, 0);
	memset(&ac, 0, sizeof(ac));
	ac.pkts[0] = 5;
	sip_alg_conn_account(alg, 9999, &ac, 100);
	ck_assert_uint_eq(call_of("x1")->nmf, 0);
	fake_account(alg, ph_to(CALLEE, 50000), 40000, 7, 700, 9, 900, 1700000);
	ck_assert_uint_eq(sip_call_media_pkts(call_of("x1")), 16);
	sip_alg_expire(alg, 1800001);
	ck_assert_uint_eq(F.nopen, 4); /* kept by the media */
	sip_alg_expire(alg, 1700000 + 1800000);
	ck_assert_uint_eq(F.nopen, 0);
}
END_TEST

/* Counters reported for connection src:sport -> dst:dport of pinhole id
 * (without asking the ALG for the pinhole: it may be closed). */
static void
acct_raw(uint64_t id, const char *src, uint16_t sport, const char *dst,
    uint16_t dport, uint64_t o, uint64_t r, uint64_t now)
{
	struct sip_conn_acct ac;

	memset(&ac, 0, sizeof(ac));
	ac.src = A(src);
	ac.dst = A(dst);
	ac.sport = sport;
	ac.dport = dport;
	ac.pkts[SIP_DIR_ORIG] = o;
	ac.bytes[SIP_DIR_ORIG] = o * 200;
	ac.pkts[SIP_DIR_REPLY] = r;
	ac.bytes[SIP_DIR_REPLY] = r * 200;
	sip_alg_conn_account(alg, id, &ac, now);
}

/*
 * The last counters of a connection come when the dataplane deletes it,
 * after its pinhole closed (BYE, re-INVITE to other ports): they still
 * count while the call is kept; a closed pinhole is not listed, admits
 * nothing, and a call keeps at most SIP_RETIRED_MAX of them.
 */
START_TEST(t_acct_after_close)
{
	struct sip_pinhole ph;
	const struct sip_mflow *f;
	uint64_t id, first;

	call("z1", 0);
	id = ph_to(CALLEE, 50000);
	acct_raw(id, CALLER, 40000, CALLEE, 50000, 100, 90, 100);
	ck_assert_int_eq(udp(alg, CALLEE, CALLER,
			     sipmsg("BYE sip:alice@"
				    "192.0.2.10 SIP/2.0",
				 "z1", "b1", "a1", 1, "BYE", NULL, NULL),
			     200, NULL),
	    SIP_PASS);
	ck_assert_uint_eq(F.nopen, 0);
	ck_assert_int_eq(sip_alg_pinhole_get(alg, id, &ph), -ENOENT);
	ck_assert_uint_eq(admit(CALLER, ZONE_IN, CALLEE, 50000), 0);
	acct_raw(id, CALLER, 40000, CALLEE, 50000, 7, 3, 210);
	ck_assert_ptr_nonnull(f = flow("z1", 0, SIP_PH_RTP, false));
	ck_assert_uint_eq(f->pkts, 107);
	ck_assert_uint_eq(f->bytes, 107 * 200);
	ck_assert_ptr_nonnull(f = flow("z1", 0, SIP_PH_RTP, true));
	ck_assert_uint_eq(f->pkts, 93);
	ck_assert_uint_eq(call_of("z1")->nretired, 4);
	/* once the call is freed the id is unknown: nothing happens */
	sip_alg_expire(alg, 200 + 32000);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
	acct_raw(id, CALLER, 40000, CALLEE, 50000, 7, 3, 40000);
	/* re-INVITEs to new ports: the newest closed ones are kept */
	call("z2", 50000);
	first = ph_to(CALLEE, 50000);
	for (unsigned i = 1; i <= 5; i++) {
		char cseq[8];

		snprintf(cseq, sizeof(cseq), "%u", i + 1);
		udp(alg, CALLEE, CALLER,
		    sipmsg("INVITE sip:alice@192.0.2.10 "
			   "SIP/2.0",
			"z2", "b1", "a1", i + 1, "INVITE", NULL,
			sdp4(CALLEE, 50000 + 10 * i, NULL)),
		    50000 + i, NULL);
		udp(alg, CALLER, CALLEE,
		    sipmsg(OK200, "z2", "b1", "a1", i + 1, "INVITE", NULL,
			sdp4(CALLER, 40000 + 10 * i, NULL)),
		    50000 + i, NULL);
	}
	ck_assert_uint_eq(F.nopen, 4);
	ck_assert_uint_eq(call_of("z2")->nretired, SIP_RETIRED_MAX);
	acct_raw(first, CALLER, 40000, CALLEE, 50000, 5, 0, 60000);
	ck_assert_ptr_null(flow("z2", 0, SIP_PH_RTP, false));
	acct_raw(ph_to(CALLEE, 50050), CALLER, 40050, CALLEE, 50050, 5, 0,
	    60000);
	ck_assert_ptr_nonnull(flow("z2", 0, SIP_PH_RTP, false));
}
END_TEST

/* ---- the show, through a CLI session ---- */

static int names_arg;

static const char *
zone_name(void *arg, int id)
{
	ck_assert_ptr_eq(arg, &names_arg);
	return id == ZONE_IN ? "inside" : id == ZONE_OUT ? "outside" : NULL;
}

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static const char *
show(struct cli *reg, struct buf *out, const char *line)
{
	struct cli_session *s = cli_session_new(reg, CLI_ORIGIN_CONSOLE, NULL,
	    NULL);

	cli_session_set_priv(s, 15);
	cli_session_set_mode(s, CLI_MODE_PRIV);
	buf_free(out);
	buf_init(out);
	cli_session_line(s, line, out);
	cli_session_free(s);
	return out->p != NULL ? out->p : "";
}

/* The SIP rows in reg, on the test's ALG. */
static void
cli_with_alg(struct cli *reg, struct sip_cli_ctx *ctx)
{
	ck_assert_ptr_nonnull(reg);
	cli_builtin_init(reg);
	memset(ctx, 0, sizeof(*ctx));
	ctx->alg = alg;
	ctx->zone_name = zone_name;
	ctx->arg = &names_arg;
	sip_cli_init(reg, ctx);
}

/* Before the answer: the zone-wide pinholes; after media both ways: one
 * row per stream, kind and sender, exactly these lines. */
START_TEST(t_show_detail)
{
	struct cli *reg = cli_new();
	struct sip_cli_ctx ctx;
	struct buf out;
	const char *o;
	uint64_t now = mono_ms();

	cli_with_alg(reg, &ctx);
	buf_init(&out);
	invite("d1", 40000, now - 9000);
	o = show(reg, &out, "show sip-alg calls detail");
	ck_assert_ptr_nonnull(strstr(o,
	    "    Id     Kind  Proto Source (any port)        Destination"
	    "                     Conns\n"));
	ck_assert_ptr_nonnull(strstr(o,
	    " rtp   udp   any (zone outside)"
	    "       192.0.2.10:40000                    0\n"));
	ck_assert_ptr_nonnull(strstr(o, "\n  Media each way, by sender\n"));
	ck_assert_ptr_nonnull(strstr(o,
	    "    1      rtp   callee -"
	    "                      -                               0"
	    "            0 never    never\n"));
	answer(OK200, "d1", CALLEE, 50000, now - 8000);
	fake_account(alg, ph_to(CALLEE, 50000), 40000, 420, 72240, 380, 65360,
	    now - 7000);
	fake_account(alg, ph_to(CALLEE, 50000), 40000, 5, 860, 5, 860,
	    now - 2000);
	fake_account(alg, ph_to(CALLER, 40001), 50001, 4, 400, 0, 0,
	    now - 3000);
	o = show(reg, &out, "show sip-alg calls detail");
	ck_assert_ptr_nonnull(strstr(o,
	    "  Media each way, by sender\n"
	    "    Stream Kind  Sender Source                 Destination    "
	    "           Packets        Bytes First    Last\n"
	    "    1      rtp   caller 192.0.2.10:40000       198.51.100.20:5"
	    "0000           425        73100 00:00:07 00:00:02\n"
	    "    1      rtp   callee 198.51.100.20:50000    192.0.2.10:4000"
	    "0              385        66220 00:00:07 00:00:02\n"
	    "    1      rtcp  caller -                      -              "
	    "                 0            0 never    never\n"
	    "    1      rtcp  callee 198.51.100.20:50001    192.0.2.10:4000"
	    "1                4          400 00:00:03 00:00:03\n\n"));
	/* the summary counts both ways */
	o = show(reg, &out, "show sip-alg calls");
	ck_assert_ptr_nonnull(strstr(o, "        4        814  alice@"));
	buf_free(&out);
	cli_free(reg);
}
END_TEST

/* IPv6: the zone-wide pinhole, then both ways, addresses in brackets. */
START_TEST(t_show_ipv6)
{
	const char *c6 = "2001:db8:1::10", *e6 = "2001:db8:2::20";
	char sdp[512], inv[256];
	struct cli *reg = cli_new();
	struct sip_cli_ctx ctx;
	struct buf out;
	const char *o;
	uint64_t now = mono_ms();

	cli_with_alg(reg, &ctx);
	buf_init(&out);
	F.zones = true; /* the IPv6 caller is inside, the callee out */
	snprintf(inv, sizeof(inv), "INVITE sip:bob@[%s] SIP/2.0", e6);
	snprintf(sdp, sizeof(sdp),
	    "v=0\r\no=- 1 1 IN IP6 %s\r\ns=-\r\n"
	    "c=IN IP6 %s\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n",
	    c6, c6);
	udp(alg, c6, e6, sipmsg(inv, "v6", "a1", NULL, 1, "INVITE", NULL, sdp),
	    now - 4000, NULL);
	ck_assert(has_ph("any:2", c6, 40000));
	o = show(reg, &out, "show sip-alg calls detail");
	ck_assert_ptr_nonnull(strstr(o,
	    " rtp   udp   any (zone outside)"
	    "       [2001:db8:1::10]:40000              0\n"));
	snprintf(sdp, sizeof(sdp),
	    "v=0\r\no=- 1 1 IN IP6 %s\r\ns=-\r\n"
	    "c=IN IP6 %s\r\nt=0 0\r\nm=audio 50000 RTP/AVP 0\r\n",
	    e6, e6);
	udp(alg, e6, c6,
	    sipmsg(OK200, "v6", "a1", "b1", 1, "INVITE", NULL, sdp), now - 3000,
	    NULL);
	ck_assert(has_ph(e6, c6, 40000));
	ck_assert_uint_eq(F.narrowed, 2);
	acct_raw(ph_to(e6, 50000), c6, 40000, e6, 50000, 3, 2, now - 2000);
	o = show(reg, &out, "show sip-alg calls detail");
	ck_assert_ptr_nonnull(strstr(o,
	    "    1      rtp   caller "
	    "[2001:db8:1::10]:40000 [2001:db8:2::20]:50000          3"
	    "          600 00:00:02 00:00:02\n"));
	ck_assert_ptr_nonnull(strstr(o,
	    "    1      rtp   callee "
	    "[2001:db8:2::20]:50000 [2001:db8:1::10]:40000          2"
	    "          400 00:00:02 00:00:02\n"));
	buf_free(&out);
	cli_free(reg);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("sip_media");
	TCase *tc = tcase_create("early");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_early_rtp_zone);
	tcase_add_test(tc, t_answer_narrows);
	tcase_add_test(tc, t_answer_other_host);
	tcase_add_test(tc, t_early_closes);
	tcase_add_test(tc, t_answered_without_sdp);
	suite_add_tcase(s, tc);
	tc = tcase_create("acct");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_acct_symmetric);
	tcase_add_test(tc, t_acct_other_opener);
	tcase_add_test(tc, t_acct_edges);
	tcase_add_test(tc, t_acct_after_close);
	tcase_add_test(tc, t_show_detail);
	tcase_add_test(tc, t_show_ipv6);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}
