/*
 * The SIP ALG commands through a CLI session: show sip-alg calls [detail],
 * registrations, statistics, clear, debug.
 */
#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "tests/unit/check_sip_fake.h"

static int names_arg;

/* The zone names of the policy in force, as the daemon gives them. */
static const char *
zone_name(void *arg, int id)
{
	ck_assert_ptr_eq(arg, &names_arg);
	return id == ZONE_IN ? "inside" : id == ZONE_OUT ? "outside" : NULL;
}

static struct cli *reg;
static struct sip_cli_ctx ctx;
static struct cli_session *sess;
static struct buf out;

static const char *
run(const char *line)
{
	buf_free(&out);
	buf_init(&out);
	cli_session_line(sess, line, &out);
	return out.p != NULL ? out.p : "";
}

static void
setup(void)
{
	const char *inv = sipmsg("INVITE sip:bob@198.51.100.20 SIP/2.0",
	    "cli-1", "a1", NULL, 1, "INVITE", NULL,
	    sdp4("192.0.2.10", 40000, NULL));
	const char *ok = sipmsg("SIP/2.0 200 OK", "cli-1", "a1", "b1", 1,
	    "INVITE", "Record-Route: <sip:p.example.net;lr>\r\n",
	    sdp4("198.51.100.20", 50000, NULL));

	ck_assert_ptr_nonnull(reg = cli_new());
	cli_builtin_init(reg);
	memset(&ctx, 0, sizeof(ctx));
	ctx.alg = fake_alg();
	ctx.zone_name = zone_name;
	ctx.arg = &names_arg;
	sip_cli_config_init(reg, &ctx);
	sip_cli_init(reg, &ctx);
	udp(ctx.alg, "192.0.2.10", "198.51.100.20", inv, 1000, NULL);
	udp(ctx.alg, "198.51.100.20", "192.0.2.10", ok, 1000, NULL);
	udp(ctx.alg, "192.0.2.10", "198.51.100.5",
	    sipmsg("REGISTER "
		   "sip:example.net SIP/2.0",
		"reg-1", "a1", NULL, 1, "REGISTER",
		"Contact: <sip:alice@192.0.2.10>\r\n", NULL),
	    1000, NULL);
	udp(ctx.alg, "198.51.100.5", "192.0.2.10",
	    sipmsg("SIP/2.0 200 OK", "reg-1", "a1", "r1", 1, "REGISTER",
		"Contact: <sip:alice@192.0.2.10>;expires=600\r\n", NULL),
	    1000, NULL);
	sess = cli_session_new(reg, CLI_ORIGIN_CONSOLE, NULL, NULL);
	cli_session_set_priv(sess, 15);
	cli_session_set_mode(sess, CLI_MODE_PRIV);
	buf_init(&out);
}

static void
teardown(void)
{
	cli_session_free(sess);
	buf_free(&out);
	sip_alg_free(ctx.alg);
	cli_free(reg);
	log_debug_flags = 0;
}

START_TEST(t_show_calls)
{
	const char *o = run("show sip-alg calls");

	ck_assert_ptr_nonnull(
	    strstr(o, "1 call (0 ended), 5 pinholes, 1 registration"));
	ck_assert_ptr_nonnull(strstr(o, "cli-1"));
	ck_assert_ptr_nonnull(strstr(o, "active"));
	ck_assert_ptr_nonnull(
	    strstr(o, "alice@example.com -> bob@example.net"));
	o = run("show sip-alg calls detail");
	ck_assert_ptr_nonnull(strstr(o, "Call-ID cli-1"));
	ck_assert_ptr_nonnull(strstr(o, "zone inside"));
	ck_assert_ptr_nonnull(strstr(o, "zone outside"));
	ck_assert_ptr_nonnull(strstr(o, "192.0.2.10:40000"));
	ck_assert_ptr_nonnull(strstr(o, "198.51.100.20:50001"));
	ck_assert_ptr_nonnull(strstr(o, "rtcp"));
}
END_TEST

START_TEST(t_show_regs_stats)
{
	const char *o = run("show sip-alg registrations");

	ck_assert_ptr_nonnull(strstr(o, "udp 192.0.2.10:5060"));
	ck_assert_ptr_nonnull(strstr(o, "198.51.100.5"));
	ck_assert_ptr_nonnull(strstr(o, "active"));
	o = run("show sip-alg statistics");
	ck_assert_ptr_nonnull(strstr(o, "INVITE"));
	ck_assert_ptr_nonnull(strstr(o, "2xx"));
	ck_assert_ptr_nonnull(strstr(o, "malformed SIP"));
}
END_TEST

START_TEST(t_clear_debug)
{
	run("clear sip-alg calls");
	ck_assert_uint_eq(sip_alg_ncalls(ctx.alg), 0);
	ck_assert_uint_eq(F.nopen, 1); /* the registration's */
	ck_assert_ptr_nonnull(
	    strstr(run("debug sip-alg"), "SIP ALG events debugging is on"));
	ck_assert(log_debug_flags & DBG_SIP);
	ck_assert(log_debug_flags & DBG_SIP_DETAIL);
	run("no debug sip-alg detail");
	ck_assert(!(log_debug_flags & DBG_SIP_DETAIL));
	run("undebug sip-alg");
	ck_assert(!(log_debug_flags & DBG_SIP));
	run("clear sip-alg statistics");
	ck_assert_ptr_null(strstr(run("show sip-alg statistics"),
	    "    INVITE                                              1"));
}
END_TEST

START_TEST(t_no_alg)
{
	struct sip_alg *a = ctx.alg;

	ctx.alg = NULL;
	ck_assert_ptr_nonnull(strstr(run("show sip-alg calls"), "not running"));
	ctx.alg = a;
}
END_TEST

/* sip-alg ... limits reach the ALG at once, and their no form restores. */
START_TEST(t_config_limits)
{
	struct sip_alg_params p;
	struct sip_verdict v;
	const char *inv = "INVITE sip:bob@198.51.100.20 SIP/2.0";
	char want[80];

	run("configure terminal");
	ck_assert_str_eq(run("sip-alg per-source maximum unanswered 1"), "");
	sip_alg_get_params(ctx.alg, &p);
	ck_assert_uint_eq(p.src_max_unanswered, 1);
	udp(ctx.alg, "192.0.2.10", "198.51.100.20",
	    sipmsg(inv, "cli-2", "a1", NULL, 1, "INVITE", NULL, NULL), 2000,
	    &v);
	ck_assert_int_eq(v.action, SIP_PASS); /* the one allowed */
	udp(ctx.alg, "192.0.2.10", "198.51.100.20",
	    sipmsg(inv, "cli-3", "a1", NULL, 1, "INVITE", NULL, NULL), 2000,
	    &v);
	ck_assert_int_eq(v.reason, SIP_R_QUOTA);
	snprintf(want, sizeof(want), "    %-40s %12u\n",
	    "unanswered INVITEs over source quota", 1);
	ck_assert_ptr_nonnull(strstr(run("do show sip-alg statistics"), want));
	run("no sip-alg per-source maximum unanswered");
	sip_alg_get_params(ctx.alg, &p);
	ck_assert_uint_eq(p.src_max_unanswered, 2000);
	udp(ctx.alg, "192.0.2.10", "198.51.100.20",
	    sipmsg(inv, "cli-3", "a1", NULL, 1, "INVITE", NULL, NULL), 2000,
	    &v);
	ck_assert_int_eq(v.action, SIP_PASS);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("sip_cli");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_show_calls);
	tcase_add_test(tc, t_show_regs_stats);
	tcase_add_test(tc, t_clear_debug);
	tcase_add_test(tc, t_no_alg);
	tcase_add_test(tc, t_config_limits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}
