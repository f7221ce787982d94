/* Management configuration through a CLI session, and the printer's round
 * trip (print, load the text into a fresh daemon state, print again). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "mgmt/mgmt.h"
#include "mgmt/secret.h"
#include "zones/policy.h"
#include "zones/zones.h"

static struct zbfw *
new_zbfw(void)
{
	struct zbfw *z = calloc(1, sizeof(*z));

	ck_assert_ptr_nonnull(z);
	z->cfg = zone_cfg_new();
	z->mgmt = mgmt_cfg_new();
	z->startup_path = "/nonexistent/startup-config";
	ck_assert_ptr_nonnull(z->cfg);
	ck_assert_ptr_nonnull(z->mgmt);
	ck_assert_ptr_nonnull(z->cli = cli_new());
	daemon_cli_init(z);
	return z;
}

/* Everything new_zbfw() and the commits made (LeakSanitizer checks). */
static void
free_zbfw(struct zbfw *z)
{
	zone_graph_free((struct zone_graph *)z->graph);
	zone_cfg_free(z->cfg);
	mgmt_cfg_free(z->mgmt);
	cli_free(z->cli);
	free(z);
}

static struct cli_session *
config_session(struct zbfw *z)
{
	struct cli_session *s = cli_session_new(z->cli, CLI_ORIGIN_CONSOLE,
	    &zbfw_hooks, z);
	struct buf out;

	ck_assert_ptr_nonnull(s);
	cli_session_set_priv(s, 15);
	buf_init(&out);
	ck_assert_int_eq(cli_session_line(s, "configure terminal", &out),
	    CLI_OK);
	buf_free(&out);
	return s;
}

/* Run a line, expect rc; return the output (static buffer). */
static const char *
run(struct cli_session *s, const char *line, int rc)
{
	static struct buf out;

	buf_free(&out);
	buf_init(&out);
	ck_assert_msg(cli_session_line(s, line, &out) == rc,
	    "line \"%s\": output \"%s\"", line, out.p ? out.p : "");
	return out.p ? out.p : "";
}

START_TEST(hostname_and_enable_secret)
{
	struct zbfw *z = new_zbfw();
	struct cli_session *s = config_session(z);

	run(s, "hostname R9", CLI_OK);
	ck_assert_str_eq(cli_session_hostname(s), "R9");
	ck_assert_str_eq(z->mgmt->hostname, "R9");
	run(s, "hostname 9bad", CLI_ERR);
	run(s, "enable secret cisco", CLI_OK);
	ck_assert_int_eq(mgmt_secret_type(z->mgmt->enable_secret), 9);
	ck_assert(mgmt_enable_check(z->mgmt, "cisco"));
	ck_assert(!mgmt_enable_check(z->mgmt, "cisco2"));
	run(s, "enable secret 5 $1$nTc1$Z28sUTcWfXlvVe2x.3XAa.", CLI_OK);
	ck_assert(mgmt_enable_check(z->mgmt, "cisco"));
	run(s, "enable secret 9 notahash", CLI_ERR);
	run(s, "enable algorithm-type sha256 secret hashcat", CLI_OK);
	ck_assert_int_eq(mgmt_secret_type(z->mgmt->enable_secret), 8);
	ck_assert(mgmt_enable_check(z->mgmt, "hashcat"));
	run(s, "no enable secret", CLI_OK);
	ck_assert_ptr_null(z->mgmt->enable_secret);
	ck_assert(!mgmt_enable_set(z->mgmt));
	cli_session_free(s);
	free_zbfw(z);
}
END_TEST

START_TEST(users_and_password_encryption)
{
	struct zbfw *z = new_zbfw();
	struct cli_session *s = config_session(z);
	const struct mgmt_user *u;
	struct buf p;

	run(s, "username admin privilege 15 secret hashcat", CLI_OK);
	u = mgmt_user_find(z->mgmt, "admin");
	ck_assert_ptr_nonnull(u);
	ck_assert_int_eq(u->priv, 15);
	ck_assert(u->secret);
	ck_assert_int_eq(u->type, 9);
	ck_assert(mgmt_user_check(u, "hashcat"));
	ck_assert(!mgmt_user_check(u, "hashcaT"));
	run(s, "username bob password 0 pw1", CLI_OK);
	u = mgmt_user_find(z->mgmt, "bob");
	ck_assert_int_eq(u->type, 0);
	ck_assert(mgmt_user_check(u, "pw1"));
	run(s, "enable password 0 enpw", CLI_OK);
	run(s, "line vty 0 4", CLI_OK);
	run(s, "password 0 vtypw", CLI_OK);
	run(s, "exit", CLI_OK);
	ck_assert_int_eq(z->mgmt->vty[2].pw_type, 0);
	run(s, "service password-encryption", CLI_OK);
	u = mgmt_user_find(z->mgmt, "bob");
	ck_assert_int_eq(u->type, 7);
	ck_assert(mgmt_user_check(u, "pw1"));
	ck_assert_int_eq(z->mgmt->enable_pw_type, 7);
	ck_assert(mgmt_enable_check(z->mgmt, "enpw"));
	ck_assert_int_eq(z->mgmt->vty[2].pw_type, 7);
	ck_assert(mgmt_line_check(&z->mgmt->vty[2], "vtypw"));
	ck_assert(!mgmt_line_check(&z->mgmt->vty[2], "vtypW"));
	ck_assert_int_eq(mgmt_user_find(z->mgmt, "admin")->type, 9);
	ck_assert_int_eq(z->mgmt->con.pw_type, -1); /* none: stays none */
	run(s, "username carol algorithm-type md5 secret x", CLI_OK);
	ck_assert_int_eq(mgmt_user_find(z->mgmt, "carol")->type, 5);
	/* No secret is printed in clear. */
	buf_init(&p);
	mgmt_print(z->mgmt, MGMT_PRINT_HEAD, &p);
	ck_assert_ptr_null(strstr(p.p, "hashcat"));
	ck_assert_ptr_null(strstr(p.p, "pw1"));
	ck_assert_ptr_nonnull(strstr(p.p,
	    "username admin privilege 15 "
	    "secret 9 $9$"));
	ck_assert_ptr_nonnull(strstr(p.p, "username bob password 7 "));
	ck_assert_ptr_nonnull(strstr(p.p, "service password-encryption\n"));
	buf_free(&p);
	run(s, "no username bob", CLI_OK);
	ck_assert_ptr_null(mgmt_user_find(z->mgmt, "bob"));
	cli_session_free(s);
	free_zbfw(z);
}
END_TEST

START_TEST(lines)
{
	struct zbfw *z = new_zbfw();
	struct cli_session *s = config_session(z);
	struct buf p;

	ck_assert(z->mgmt->vty[4].exists);
	ck_assert(!z->mgmt->vty[5].exists);
	ck_assert_int_eq(z->mgmt->vty[0].login, MGMT_LOGIN_LINE);
	run(s, "line vty 0 99", CLI_OK);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_LINE);
	run(s, "login local", CLI_OK);
	run(s, "exec-timeout 5 30", CLI_OK);
	run(s, "transport input telnet", CLI_OK);
	run(s, "exit", CLI_OK);
	ck_assert(z->mgmt->vty[99].exists);
	ck_assert_int_eq(z->mgmt->vty[99].login, MGMT_LOGIN_LOCAL);
	ck_assert_uint_eq(z->mgmt->vty[50].exec_min, 5);
	ck_assert_uint_eq(z->mgmt->vty[50].exec_sec, 30);
	ck_assert_uint_eq(z->mgmt->vty[0].transport, MGMT_TR_TELNET);
	run(s, "line con 0", CLI_OK);
	run(s, "password cisco", CLI_OK);
	run(s, "login", CLI_OK);
	ck_assert(mgmt_line_check(&z->mgmt->con, "cisco"));
	ck_assert(!mgmt_line_check(&z->mgmt->vty[0], "cisco"));
	run(s, "exec-timeout 99999999", CLI_ERR);
	buf_init(&p);
	mgmt_print(z->mgmt, MGMT_PRINT_TAIL, &p);
	ck_assert_str_eq(p.p,
	    "line con 0\n"
	    " password cisco\n"
	    " login\n"
	    "line vty 0 4\n"
	    " exec-timeout 5 30\n"
	    " login local\n"
	    " transport input telnet\n"
	    "line vty 5 99\n"
	    " exec-timeout 5 30\n"
	    " login local\n"
	    " transport input telnet\n"
	    "!\n");
	buf_free(&p);
	cli_session_free(s);
	free_zbfw(z);
}
END_TEST

START_TEST(enable_asks_secret)
{
	struct zbfw *z = new_zbfw();
	struct cli_session *s = config_session(z), *u;
	struct buf pr;

	run(s, "enable secret en", CLI_OK);
	u = cli_session_new(z->cli, CLI_ORIGIN_VTY, &zbfw_hooks, z);
	cli_session_set_priv(u, 1);
	run(u, "enable", CLI_OK);
	ck_assert(!cli_session_echo(u));
	buf_init(&pr);
	cli_session_prompt(u, &pr);
	ck_assert_str_eq(pr.p, "Password: ");
	buf_free(&pr);
	run(u, "wrong", CLI_OK);
	run(u, "wrong", CLI_OK);
	ck_assert_str_eq(run(u, "wrong", CLI_ERR), "% Bad secrets\n\n");
	ck_assert_int_eq(cli_session_priv(u), 1);
	ck_assert(cli_session_echo(u));
	run(u, "enable", CLI_OK);
	run(u, "en", CLI_OK);
	ck_assert_int_eq(cli_session_priv(u), 15);
	run(u, "disable", CLI_OK);
	ck_assert_int_eq(cli_session_priv(u), 1);
	cli_session_free(u);
	cli_session_free(s);
	free_zbfw(z);
}
END_TEST

START_TEST(banner_block_for_logging)
{
	struct zbfw *z = new_zbfw();
	struct cli_session *s = config_session(z);

	run(s, "banner motd #Authorised access only#", CLI_OK);
	ck_assert_str_eq(z->mgmt->motd, "Authorised access only");
	run(s, "banner motd %", CLI_OK);
	run(s, "line one", CLI_OK);
	run(s, "line two%", CLI_OK);
	ck_assert_str_eq(z->mgmt->motd, "line one\nline two");
	run(s, "login block-for 60 attempts 3 within 30", CLI_OK);
	ck_assert_uint_eq(z->mgmt->block_for, 60);
	ck_assert_uint_eq(z->mgmt->block_attempts, 3);
	ck_assert_uint_eq(z->mgmt->block_within, 30);
	run(s, "logging buffered 8192 informational", CLI_OK);
	ck_assert_uint_eq(z->mgmt->log_size, 8192);
	ck_assert_int_eq(z->mgmt->log_level, 6);
	cli_session_free(s);
	free_zbfw(z);
}
END_TEST

/* Two sessions type multi-line banners and enable passwords at once:
 * each keeps its own pending input (it once lived in file-scope
 * variables, and the first session never got its prompt back). */
START_TEST(pending_input_per_session)
{
	struct zbfw *z = new_zbfw();
	struct cli_session *a = config_session(z), *b = config_session(z);
	struct cli_session *c;
	struct buf pr;

	run(a, "banner motd ^", CLI_OK);
	run(b, "banner motd #", CLI_OK);
	ck_assert(cli_session_pending(a) && cli_session_pending(b));
	run(a, "alpha # one", CLI_OK); /* b's delimiter is text for a */
	ck_assert(cli_session_pending(a));
	run(b, "bravo^ one#", CLI_OK); /* a's delimiter is text for b */
	ck_assert(!cli_session_pending(b));
	ck_assert_str_eq(z->mgmt->motd, "bravo^ one");
	ck_assert_int_eq(z->mgmt->motd_delim, '#');
	run(a, "alpha two^", CLI_OK);
	ck_assert(!cli_session_pending(a));
	ck_assert_str_eq(z->mgmt->motd, "alpha # one\nalpha two");
	ck_assert_int_eq(z->mgmt->motd_delim, '^');
	buf_init(&pr);
	cli_session_prompt(a, &pr);
	ck_assert_str_eq(pr.p, "Router(config)#");
	buf_free(&pr);
	/* an unfinished banner dies with its session, the banner stays */
	run(b, "banner motd %", CLI_OK);
	run(b, "never ended", CLI_OK);
	cli_session_free(b);
	ck_assert_str_eq(z->mgmt->motd, "alpha # one\nalpha two");

	run(a, "enable secret en", CLI_OK);
	b = cli_session_new(z->cli, CLI_ORIGIN_VTY, &zbfw_hooks, z);
	c = cli_session_new(z->cli, CLI_ORIGIN_VTY, &zbfw_hooks, z);
	ck_assert(b != NULL && c != NULL);
	run(b, "enable", CLI_OK);
	run(c, "enable", CLI_OK);
	run(b, "wrong", CLI_OK);
	run(b, "wrong", CLI_OK);
	run(c, "en", CLI_OK); /* c's first try: its own count */
	ck_assert_int_eq(cli_session_priv(c), 15);
	ck_assert_str_eq(run(b, "wrong", CLI_ERR), "% Bad secrets\n\n");
	ck_assert_int_eq(cli_session_priv(b), 1);
	run(b, "enable", CLI_OK);
	run(b, "en", CLI_OK);
	ck_assert_int_eq(cli_session_priv(b), 15);
	/* a session closed at the Password: prompt frees what it held */
	run(c, "disable", CLI_OK);
	run(c, "enable", CLI_OK);
	ck_assert(cli_session_pending(c));
	cli_session_free(c);
	cli_session_free(b);
	cli_session_free(a);
	free_zbfw(z);
}
END_TEST

/* A new secret for a known user keeps the user (name, privilege). */
START_TEST(username_new_secret)
{
	struct zbfw *z = new_zbfw();
	struct cli_session *s = config_session(z);
	const struct mgmt_user *u;

	run(s, "username ops privilege 15 password 0 first", CLI_OK);
	run(s, "username ops secret second", CLI_OK);
	ck_assert_uint_eq(z->mgmt->nusers, 1);
	ck_assert_ptr_nonnull(u = mgmt_user_find(z->mgmt, "ops"));
	ck_assert_int_eq(u->priv, 15);
	ck_assert(u->secret);
	ck_assert(mgmt_user_check(u, "second"));
	ck_assert(!mgmt_user_check(u, "first"));
	/* a refused value changes nothing, and creates no user */
	run(s, "username ops secret 9 notahash", CLI_ERR);
	ck_assert(mgmt_user_check(u, "second"));
	run(s, "username newbie password 7 zz", CLI_ERR);
	ck_assert_ptr_null(mgmt_user_find(z->mgmt, "newbie"));
	ck_assert_uint_eq(z->mgmt->nusers, 1);
	cli_session_free(s);
	free_zbfw(z);
}
END_TEST

static const char round_cfg[] =
    "service password-encryption\n"
    "hostname edge-fw\n"
    "logging buffered 16384 warnings\n"
    "enable secret 9 $9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBym"
    "kryvOdfo6\n"
    "username admin privilege 15 secret 8 $8$TnGX/fE4KGHOVU$pEhnEvxrvaynpi8"
    "j4f.EMHr6M.FzU8xnZnBr/tJdFWk\n"
    "username ops password 0 opspw\n"
    "login block-for 120 attempts 3 within 60\n"
    "banner motd ^\nFirst line\nSecond line\n^\n"
    "line con 0\n"
    " exec-timeout 0 0\n"
    "line vty 0 4\n"
    " password letmein\n"
    " login\n"
    "line vty 5 15\n"
    " privilege level 15\n"
    " login local\n"
    " transport input none\n";

START_TEST(printer_round_trip)
{
	struct zbfw *a = new_zbfw(), *b = new_zbfw();
	struct buf e1, e2, p1, p2;

	buf_init(&e1);
	buf_init(&e2);
	buf_init(&p1);
	buf_init(&p2);
	ck_assert_int_eq(
	    config_load_mem(a, "t1", round_cfg, strlen(round_cfg), &e1), 0);
	ck_assert_uint_eq(e1.len, 0);
	config_running(a, &p1);
	ck_assert_ptr_nonnull(strstr(p1.p, "hostname edge-fw\n"));
	ck_assert_ptr_nonnull(strstr(p1.p, "username ops password 7 "));
	ck_assert_ptr_null(strstr(p1.p, "opspw"));
	ck_assert_ptr_null(strstr(p1.p, "letmein"));
	ck_assert_ptr_nonnull(strstr(p1.p,
	    "banner motd ^\nFirst line\n"
	    "Second line\n^\n"));
	ck_assert_ptr_nonnull(strstr(p1.p,
	    "line vty 5 15\n privilege level "
	    "15\n login local\n transport input none\n"));
	ck_assert_int_eq(config_load_mem(b, "t2", p1.p, p1.len, &e2), 0);
	ck_assert_uint_eq(e2.len, 0);
	config_running(b, &p2);
	ck_assert_str_eq(p1.p, p2.p);
	ck_assert(mgmt_line_check(&b->mgmt->vty[2], "letmein"));
	ck_assert(mgmt_user_check(mgmt_user_find(b->mgmt, "ops"), "opspw"));
	buf_free(&e1);
	buf_free(&e2);
	buf_free(&p1);
	buf_free(&p2);
	free_zbfw(a);
	free_zbfw(b);
}
END_TEST

START_TEST(file_errors_have_line_numbers)
{
	static const char cfg[] = "hostname ok\nenable secret 9 junk\n"
				  "line vty 0 4\n login local\n";
	struct zbfw *z = new_zbfw();
	struct buf e;

	buf_init(&e);
	ck_assert_int_eq(config_load_mem(z, "f.cfg", cfg, strlen(cfg), &e), 1);
	ck_assert_ptr_nonnull(strstr(e.p, "f.cfg:2: % "));
	ck_assert_int_eq(z->mgmt->vty[3].login, MGMT_LOGIN_LOCAL);
	buf_free(&e);
	free_zbfw(z);
}
END_TEST

/* A multi-line banner in a file: ended, it loads; not ended before the end
 * of the file, the line that began it is reported and nothing is set. */
START_TEST(file_banner_not_ended)
{
	static const char good[] = "hostname a\nbanner motd ^\nline one\n"
				   "line two^\nhostname b\n";
	static const char bad[] = "hostname c\nbanner motd ^\nline one\n"
				  "hostname d\n";
	struct zbfw *z = new_zbfw();
	struct buf e;

	buf_init(&e);
	ck_assert_int_eq(config_load_mem(z, "g.cfg", good, strlen(good), &e),
	    0);
	ck_assert_uint_eq(e.len, 0);
	ck_assert_str_eq(z->mgmt->motd, "line one\nline two");
	ck_assert_str_eq(z->mgmt->hostname, "b");
	ck_assert_int_eq(config_load_mem(z, "b.cfg", bad, strlen(bad), &e), 1);
	ck_assert_str_eq(e.p,
	    "b.cfg:2: % Not ended before the end of the "
	    "file\n");
	ck_assert_str_eq(z->mgmt->motd, "line one\nline two");
	ck_assert_str_eq(z->mgmt->hostname, "c");
	buf_free(&e);
	free_zbfw(z);
}
END_TEST

static Suite *
mgmt_suite(void)
{
	Suite *s = suite_create("mgmt");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, hostname_and_enable_secret);
	tcase_add_test(tc, users_and_password_encryption);
	tcase_add_test(tc, lines);
	tcase_add_test(tc, enable_asks_secret);
	tcase_add_test(tc, banner_block_for_logging);
	tcase_add_test(tc, pending_input_per_session);
	tcase_add_test(tc, username_new_secret);
	tcase_add_test(tc, printer_round_trip);
	tcase_add_test(tc, file_errors_have_line_numbers);
	tcase_add_test(tc, file_banner_not_ended);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(mgmt_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
