/*
 * One sender must not starve the others (doc/SECURITY.md): INVITE floods,
 * INVITEs with many m= lines, REGISTER floods from one source, each against
 * a second source's call or registration; and Call-IDs chosen to collide
 * in the old unkeyed hash.  Every refusal has its positive control: the
 * flooder's own next request is refused while the other source's passes.
 */
#include "alg/sip_int.h"
#include "tests/unit/check_sip_fake.h"

#define FLOOD "192.0.2.66"
#define CALLER "192.0.2.10"
#define CALLEE "198.51.100.20"
#define REGR "198.51.100.5"
#define INV "INVITE sip:bob@198.51.100.20 SIP/2.0"
#define REG "REGISTER sip:example.net SIP/2.0"
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
params(void (*fn)(struct sip_alg_params *))
{
	struct sip_alg_params p;

	sip_alg_get_params(alg, &p);
	fn(&p);
	sip_alg_set_params(alg, &p);
}

static void
no_quotas(struct sip_alg_params *p)
{
	p->src_max_calls = p->src_max_unanswered = p->src_max_pinholes = 0;
	p->src_max_registrations = p->src_max_tcp_flows = 0;
	p->zp_max_calls = p->zp_max_unanswered = p->zp_max_pinholes = 0;
	p->zp_max_registrations = 0;
}

/* An SDP offer from ip with n audio streams from port up. */
static const char *
sdp_n(const char *ip, unsigned port, unsigned n)
{
	static char b[2048];
	int k = snprintf(b, sizeof(b),
	    "v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\n"
	    "c=IN IP4 %s\r\nt=0 0\r\n",
	    ip, ip);

	for (unsigned i = 0; i < n; i++)
		k += snprintf(b + k, sizeof(b) - (size_t)k,
		    "m=audio %u RTP/AVP 0\r\n", port + 2 * i);
	return b;
}

static struct sip_verdict
invite(const char *src, const char *id, const char *sdp, uint64_t now)
{
	struct sip_verdict v;

	udp(alg, src, CALLEE,
	    sipmsg(INV, id, "t1", NULL, 1, "INVITE", NULL, sdp), now, &v);
	return v;
}

static bool
lookup(const char *src, const char *dst, unsigned port, const char *id)
{
	struct sip_addr s = A(src), d = A(dst);
	struct sip_pinhole ph;

	return sip_alg_pinhole_lookup_zone(alg, IPPROTO_UDP, &s, 40000,
		   strncmp(src, "192.0.2.", 8) == 0 ? ZONE_IN : ZONE_OUT, &d,
		   (uint16_t)port, 0, &ph) == 0 &&
	    strcmp(ph.call_id, id) == 0;
}

/* 20,000 INVITEs from one 5-tuple: the source's unanswered quota. */
START_TEST(t_invite_flood_quota)
{
	struct sip_verdict v;
	unsigned passed = 0;
	char id[32];

	F.quiet = true;
	for (unsigned i = 0; i < 20000; i++) {
		snprintf(id, sizeof(id), "flood-%u", i);
		v = invite(FLOOD, id,
		    sdp4(FLOOD, 10000 + 2 * (i % 20000), NULL), 0);
		if (v.action == SIP_PASS)
			passed++;
		else
			ck_assert_int_eq(v.reason, SIP_R_QUOTA);
	}
	ck_assert_uint_eq(passed, 2000); /* src_max_unanswered */
	ck_assert_uint_eq(sip_alg_ncalls(alg), 2000);
	ck_assert_uint_eq(alg->st.quota[QE_UNANS_SRC], 18000);
	ck_assert_uint_eq(alg->st.drops[SIP_R_QUOTA], 18000);
	ck_assert_uint_eq(alg->st.quota_logs, 1); /* rate-limited */
	/* the second source's INVITE is tracked and its media admitted */
	v = invite(CALLER, "victim", sdp4(CALLER, 40000, NULL), 100);
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert(lookup(CALLEE, CALLER, 40000, "victim"));
	ck_assert(lookup(CALLEE, CALLER, 40001, "victim"));
	/* positive control: the flooder's next INVITE is refused */
	v = invite(FLOOD, "flood-extra", sdp4(FLOOD, 50000, NULL), 200);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_QUOTA);
	ck_assert(!has_ph("any:2", FLOOD, 50000));
	ck_assert(has_ph("any:2", FLOOD, 10000)); /* its first call */
	/* one log line per interval, however many refusals */
	ck_assert_uint_eq(alg->st.quota_logs, 1);
	invite(FLOOD, "flood-later", NULL, 10000);
	ck_assert_uint_eq(alg->st.quota_logs, 2);
	/* when its calls time out (Timer C) the source may call again */
	sip_alg_expire(alg, 180200);
	sip_alg_expire(alg, 180200 + 32000);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 0);
	v = invite(FLOOD, "flood-again", NULL, 212201);
	ck_assert_int_eq(v.action, SIP_PASS);
}
END_TEST

/* Quotas off: the flood fills the whole call table; fair eviction. */
START_TEST(t_invite_flood_full_table)
{
	struct sip_verdict v;
	char id[32];

	params(no_quotas);
	for (unsigned i = 0; i < 20000; i++) {
		snprintf(id, sizeof(id), "flood-%u", i);
		ck_assert_int_eq(invite(FLOOD, id, NULL, i).action, SIP_PASS);
	}
	ck_assert_uint_eq(sip_alg_ncalls(alg), 20000); /* max_calls */
	/* positive control: the table is full for the flooder itself */
	v = invite(FLOOD, "flood-extra", NULL, 20000);
	ck_assert_int_eq(v.action, SIP_DROP);
	ck_assert_int_eq(v.reason, SIP_R_TABLE_FULL);
	ck_assert_uint_eq(alg->st.quota[QE_CALL_FULL], 1);
	/* a second source's INVITE takes the flood's oldest unanswered call */
	v = invite(CALLER, "victim", sdp4(CALLER, 40000, NULL), 20001);
	ck_assert_int_eq(v.action, SIP_PASS);
	ck_assert(lookup(CALLEE, CALLER, 40000, "victim"));
	ck_assert_uint_eq(sip_alg_ncalls(alg), 20000);
	ck_assert_uint_eq(alg->st.quota[QE_EVICT_CALL], 1);
	/* and a third source's too; the flooder still gets nothing */
	ck_assert_int_eq(invite("192.0.2.11", "victim2", NULL, 20002).action,
	    SIP_PASS);
	ck_assert_int_eq(invite(FLOOD, "flood-extra2", NULL, 20003).action,
	    SIP_DROP);
	/* the evicted calls were the oldest: flood-0's answer is an orphan */
	udp(alg, CALLEE, FLOOD,
	    sipmsg("SIP/2.0 180 Ringing", "flood-0", "t1", "b1", 1, "INVITE",
		NULL, NULL),
	    20004, NULL);
	ck_assert_uint_eq(alg->st.orphans, 1);
	udp(alg, CALLEE, FLOOD,
	    sipmsg("SIP/2.0 180 Ringing", "flood-2", "t1", "b1", 1, "INVITE",
		NULL, NULL),
	    20005, NULL);
	ck_assert_uint_eq(alg->st.orphans, 1);
}
END_TEST

static void
small_pinholes(struct sip_alg_params *p)
{
	no_quotas(p);
	p->max_pinholes = 1000;
	p->src_max_pinholes = 400;
}

/* INVITEs with 8 m= lines (16 pinholes each): the source's quota. */
START_TEST(t_media_lines_quota)
{
	uint64_t before;
	char id[32];

	params(small_pinholes);
	for (unsigned i = 0; i < 100; i++) {
		snprintf(id, sizeof(id), "m8-%u", i);
		ck_assert_int_eq(
		    invite(FLOOD, id, sdp_n(FLOOD, 10000 + 32 * i, 8), i)
			.action,
		    SIP_PASS);
	}
	ck_assert_uint_eq(count_call("m8-0"), 16);
	ck_assert_uint_eq(alg->nph, 400); /* src quota */
	ck_assert_uint_eq(alg->st.noph[NOPH_QUOTA_SRC], 75 * 16);
	/* the other source's call gets its media */
	ck_assert_int_eq(
	    invite(CALLER, "victim", sdp4(CALLER, 40000, NULL), 200).action,
	    SIP_PASS);
	ck_assert(lookup(CALLEE, CALLER, 40000, "victim"));
	ck_assert(lookup(CALLEE, CALLER, 40001, "victim"));
	/* positive control: the flooder's next call gets none */
	before = alg->st.noph[NOPH_QUOTA_SRC];
	invite(FLOOD, "m8-extra", sdp_n(FLOOD, 60000, 8), 300);
	ck_assert_uint_eq(count_call("m8-extra"), 0);
	ck_assert_uint_eq(alg->st.noph[NOPH_QUOTA_SRC], before + 16);
}
END_TEST

static void
small_table(struct sip_alg_params *p)
{
	no_quotas(p);
	p->max_pinholes = 1000;
}

/* Quotas off: 8 m= lines fill the pinhole table; fair eviction. */
START_TEST(t_media_lines_full_table)
{
	uint64_t before;
	char id[32];

	params(small_table);
	for (unsigned i = 0; i < 100; i++) {
		snprintf(id, sizeof(id), "m8-%u", i);
		invite(FLOOD, id, sdp_n(FLOOD, 10000 + 32 * i, 8), i);
	}
	ck_assert_uint_eq(alg->nph, 1000); /* full */
	ck_assert_uint_gt(alg->st.noph[NOPH_TABLE_FULL], 0);
	/* positive control: full for the flooder */
	before = alg->st.noph[NOPH_TABLE_FULL];
	invite(FLOOD, "m8-extra", sdp_n(FLOOD, 60000, 8), 200);
	ck_assert_uint_eq(count_call("m8-extra"), 0);
	ck_assert_uint_eq(alg->st.noph[NOPH_TABLE_FULL], before + 16);
	/* the other source's call still gets its media */
	ck_assert_int_eq(
	    invite(CALLER, "victim", sdp4(CALLER, 40000, NULL), 300).action,
	    SIP_PASS);
	ck_assert(lookup(CALLEE, CALLER, 40000, "victim"));
	ck_assert(lookup(CALLEE, CALLER, 40001, "victim"));
	ck_assert_uint_eq(alg->st.quota[QE_EVICT_PH_CALL], 1);
	ck_assert_uint_eq(count_call("m8-0"), 0); /* the oldest went */
	ck_assert_uint_le(alg->nph, 1000);
}
END_TEST

static void
reg_from(const char *src, const char *id, unsigned port, uint64_t now,
    struct sip_verdict *v)
{
	char ct[96];

	snprintf(ct, sizeof(ct), "Contact: <sip:u@%s:%u>\r\nExpires: 3600\r\n",
	    src, port);
	udp(alg, src, REGR,
	    sipmsg(REG, id, "r1", NULL, 1, "REGISTER", ct, NULL), now, v);
}

/* The registrar's 200 OK for the victim: a binding and its pinhole. */
static void
victim_bound(uint64_t now)
{
	reg_from(CALLER, "victim-reg", 5062, now, NULL);
	udp(alg, REGR, CALLER,
	    sipmsg(OK200, "victim-reg", "r1", "x1", 1, "REGISTER",
		"Contact: <sip:u@192.0.2.10:5062>;expires=600\r\n", NULL),
	    now + 1, NULL);
	ck_assert(lookup(REGR, CALLER, 5062, "victim-reg"));
}

static void
small_regs(struct sip_alg_params *p)
{
	no_quotas(p);
	p->max_registrations = 100;
	p->src_max_registrations = 40;
}

START_TEST(t_register_flood_quota)
{
	char id[32];

	params(small_regs);
	for (unsigned i = 0; i < 200; i++) {
		snprintf(id, sizeof(id), "reg-%u", i);
		reg_from(FLOOD, id, 10000 + i, i, NULL);
	}
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 40);
	ck_assert_uint_eq(alg->st.quota[QE_REG_SRC], 160);
	victim_bound(300);
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 41);
	/* positive control: the flooder's next REGISTER is not kept */
	reg_from(FLOOD, "reg-extra", 20000, 400, NULL);
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 41);
	ck_assert_uint_eq(alg->st.quota[QE_REG_SRC], 161);
}
END_TEST

static void
small_reg_table(struct sip_alg_params *p)
{
	no_quotas(p);
	p->max_registrations = 100;
}

START_TEST(t_register_flood_full_table)
{
	char id[32];

	params(small_reg_table);
	for (unsigned i = 0; i < 200; i++) {
		snprintf(id, sizeof(id), "reg-%u", i);
		reg_from(FLOOD, id, 10000 + i, i, NULL);
	}
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 100);
	ck_assert_uint_eq(alg->st.quota[QE_REG_FULL], 100);
	/* the victim's pending REGISTER takes a flood entry's place */
	victim_bound(300);
	ck_assert_uint_eq(sip_alg_nregistrations(alg), 100);
	ck_assert_uint_eq(alg->st.quota[QE_EVICT_REG], 1);
	/* positive control: the table stays full for the flooder */
	reg_from(FLOOD, "reg-extra", 20000, 400, NULL);
	ck_assert_uint_eq(alg->st.quota[QE_REG_FULL], 101);
	ck_assert(lookup(REGR, CALLER, 5062, "victim-reg"));
}
END_TEST

/* Per zone-pair: inside->outside capped, outside->inside unaffected. */
static void
zp_calls(struct sip_alg_params *p)
{
	no_quotas(p);
	p->zp_max_calls = 50;
}

START_TEST(t_zone_pair_quota)
{
	char id[32], src[32];
	unsigned passed = 0;

	params(zp_calls);
	for (unsigned i = 0; i < 60; i++) {
		/* many sources, one zone-pair */
		snprintf(id, sizeof(id), "zp-%u", i);
		snprintf(src, sizeof(src), "192.0.2.%u", 100 + i);
		passed += invite(src, id, NULL, i).action == SIP_PASS;
	}
	ck_assert_uint_eq(passed, 50);
	ck_assert_uint_eq(alg->st.quota[QE_CALL_ZP], 10);
	/* the other zone-pair: an outside caller */
	ck_assert_int_eq(udp(alg, CALLEE, CALLER,
			     sipmsg("INVITE sip:a@"
				    "192.0.2.10 SIP/2.0",
				 "in-1", "o1", NULL, 1, "INVITE", NULL, NULL),
			     100, NULL),
	    SIP_PASS);
	ck_assert_uint_eq(sip_alg_ncalls(alg), 51);
}
END_TEST

/* The old call-table hash: FNV-1a over the Call-ID. */
static uint32_t
fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static unsigned
call_chain_max(void)
{
	unsigned m = 0;

	for (unsigned i = 0; i < alg->call_buckets; i++) {
		unsigned n = 0;

		for (struct sip_call *c = alg->call_hash[i]; c != NULL;
		     c = c->hnext)
			n++;
		if (n > m)
			m = n;
	}
	return m;
}

#define NCOLL 2000

/*
 * Call-IDs found offline that collide in the low bits of FNV-1a (all in
 * one bucket of the call table) spread over the buckets of the keyed one.
 */
START_TEST(t_keyed_call_hash)
{
	static char ids[NCOLL][32];
	uint32_t mask = alg->call_buckets - 1, target;
	unsigned n = 0;

	ck_assert_uint_eq(alg->call_buckets, 16384);
	target = fnv1a("x0.attacker") & mask;
	for (uint32_t k = 0; n < NCOLL; k++) {
		snprintf(ids[n], sizeof(ids[n]), "x%x.attacker", k);
		if ((fnv1a(ids[n]) & mask) == target)
			n++;
	}
	/* positive control: under FNV-1a they are all one chain */
	for (unsigned i = 0; i < NCOLL; i++)
		ck_assert_uint_eq(fnv1a(ids[i]) & mask, target);
	for (unsigned i = 0; i < NCOLL; i++) {
		struct sip_verdict v = invite(FLOOD, ids[i], NULL, i);

		ck_assert_msg(v.action == SIP_PASS, "%s: %s (%d)", ids[i],
		    sip_reason_str(v.reason), v.parse_error);
	}
	ck_assert_uint_eq(sip_alg_ncalls(alg), NCOLL);
	/* 2,000 keys over 16,384 buckets: a chain of more than 8 has a
	 * probability far below 1e-6 for a random hash */
	ck_assert_uint_le(call_chain_max(), 8);
	/* and each is found: a message of every call reaches its call */
	for (unsigned i = 0; i < NCOLL; i += 97)
		udp(alg, CALLEE, FLOOD,
		    sipmsg("SIP/2.0 180 Ringing", ids[i], "t1", "b1", 1,
			"INVITE", NULL, NULL),
		    NCOLL, NULL);
	ck_assert_uint_eq(alg->st.orphans, 0);
}
END_TEST

static unsigned
ph_chain_max(void)
{
	unsigned m = 0;

	for (unsigned i = 0; i < alg->ph_buckets; i++) {
		unsigned n = 0;

		for (struct sip_ph *h = alg->ph_hash[i]; h != NULL;
		     h = h->hnext)
			n++;
		if (n > m)
			m = n;
	}
	return m;
}

/* The old pinhole bucket: FNV-1a of the address, the port, the protocol. */
static uint32_t
old_ph_bucket(uint32_t addr_be, unsigned port, uint32_t mask)
{
	const uint8_t *b = (const uint8_t *)&addr_be;
	uint32_t h = 2166136261u;

	for (int i = 0; i < 4; i++)
		h = (h ^ b[i]) * 16777619u;
	return (h ^ (port * 2654435761u) ^ IPPROTO_UDP) & mask;
}

/*
 * A proxy may name any phone of its zone in SDP: (address, port) pairs of
 * 192.0.2.0/24 chosen to share one bucket of the old pinhole hash (the
 * first-packet lookup of every new connection walks that chain) spread
 * under the keyed one.
 */
START_TEST(t_keyed_pinhole_hash)
{
	uint32_t mask = alg->ph_buckets - 1, target, net = 0xc0000200;
	struct {
		unsigned host, port;
	} pick[400];
	unsigned n = 0, opened;
	char id[32], ip[32];

	F.zones = true;
	ck_assert_uint_eq(alg->ph_buckets, 65536);
	target = old_ph_bucket(htonl(net | 2), 10000, mask);
	for (unsigned host = 2; host < 255 && n < 400; host++)
		for (unsigned port = 1024; port < 65534 && n < 400; port += 2)
			if (old_ph_bucket(htonl(net | host), port, mask) ==
			    target) {
				pick[n].host = host;
				pick[n++].port = port;
			}
	ck_assert_uint_ge(n, 100);
	for (unsigned i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "ph-%u", i);
		snprintf(ip, sizeof(ip), "192.0.2.%u", pick[i].host);
		udp(alg, "192.0.2.1", CALLEE,
		    sipmsg(INV, id, "t1", NULL, 1, "INVITE", NULL,
			sdp4(ip, pick[i].port, NULL)),
		    i, NULL);
		/* positive control: the old hash puts every RTP one here */
		ck_assert_uint_eq(old_ph_bucket(htonl(net | pick[i].host),
				      pick[i].port, mask),
		    target);
	}
	opened = alg->nph;
	ck_assert_uint_ge(opened, n); /* RTP (and RTCP) of each */
	ck_assert_uint_ge(count_call("ph-0"), 1);
	ck_assert_uint_le(ph_chain_max(), 8);
}
END_TEST

/* Two ALG instances draw different keys. */
START_TEST(t_key_per_start)
{
	struct sip_alg *b = sip_alg_new(NULL, NULL);

	ck_assert_ptr_nonnull(b);
	ck_assert(sip_hash(alg, "call", 4) != sip_hash(b, "call", 4) ||
	    sip_hash(alg, "other", 5) != sip_hash(b, "other", 5));
	sip_alg_free(b);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sip_quota");
	TCase *tc = tcase_create("quota");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_invite_flood_quota);
	tcase_add_test(tc, t_invite_flood_full_table);
	tcase_add_test(tc, t_media_lines_quota);
	tcase_add_test(tc, t_media_lines_full_table);
	tcase_add_test(tc, t_register_flood_quota);
	tcase_add_test(tc, t_register_flood_full_table);
	tcase_add_test(tc, t_zone_pair_quota);
	tcase_add_test(tc, t_keyed_call_hash);
	tcase_add_test(tc, t_keyed_pinhole_hash);
	tcase_add_test(tc, t_key_per_start);
	suite_add_tcase(s, tc);
	return check_run(s);
}
