/* authq: login secrets are checked by the worker thread, off the loop:
 * right and wrong answers, the loop stays free while a type 9 check runs,
 * a cancelled check never calls back. */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "mgmt/mgmt.h"

/* zbfw-admin, type 9 (tests/interop/netmiko_ours.py). */
#define HASH9 "$9$Zb6fwTestSaltA$19pXhc2P5.LYazLglZSdNwpqWU.DypvRK7fZyjB7L.M"

struct seen {
	struct event_base *evb;
	int n, ok, order[8];
	pthread_t thread;
	bool other_thread;
	int tick_at; /* answers seen when the timer fired */
};

static struct seen S;

static void
done(void *arg, bool ok)
{
	int id = (int)(intptr_t)arg;

	if (!pthread_equal(pthread_self(), S.thread))
		S.other_thread = true;
	S.order[S.n++] = ok ? id : -id;
	if (ok)
		S.ok++;
}

static void
tick(evutil_socket_t fd, short what, void *arg)
{
	S.tick_at = S.n;
}

static void
run_until(int n)
{
	int i;

	for (i = 0; i < 5000 && S.n < n; i++)
		event_base_loop(S.evb, EVLOOP_ONCE);
}

static struct authq *
setup(void)
{
	struct authq *q;

	memset(&S, 0, sizeof(S));
	S.thread = pthread_self();
	S.tick_at = -1;
	ck_assert_ptr_nonnull(S.evb = event_base_new());
	ck_assert_int_eq(authq_start(S.evb, &q), 0);
	return q;
}

static void
teardown(struct authq *q)
{
	authq_stop(q);
	event_base_free(S.evb);
}

START_TEST(t_answers)
{
	struct authq *q = setup();
	struct mgmt_user u = { .name = "admin",
		.priv = 15,
		.secret = true,
		.type = 9,
		.value = HASH9 };
	struct mgmt_line l = { .pw_type = 0, .password = "line-pw" };
	struct authq_job *j;

	ck_assert_int_eq(
	    authq_check(q, &u, NULL, "zbfw-admin", done, (void *)1, &j), 0);
	ck_assert_int_eq(authq_check(q, &u, NULL, "wrong", done, (void *)2, &j),
	    0);
	ck_assert_int_eq(
	    authq_check(q, NULL, &l, "line-pw", done, (void *)3, &j), 0);
	ck_assert_int_eq(
	    authq_check(q, NULL, &l, "zbfw-admin", done, (void *)4, &j), 0);
	run_until(4);
	ck_assert_int_eq(S.n, 4);
	/* In order, right ones yes, wrong ones no, in the loop's thread. */
	ck_assert_int_eq(S.order[0], 1);
	ck_assert_int_eq(S.order[1], -2);
	ck_assert_int_eq(S.order[2], 3);
	ck_assert_int_eq(S.order[3], -4);
	ck_assert(!S.other_thread);
	teardown(q);
}
END_TEST

/* A 1 ms timer armed after the check was handed over fires before the
 * answer (the check costs about 6 ms): the loop was not the one busy. */
START_TEST(t_loop_free)
{
	struct authq *q = setup();
	struct mgmt_user u = { .secret = true, .type = 9, .value = HASH9 };
	struct timeval ms = { 0, 1000 };
	struct event *ev = evtimer_new(S.evb, tick, NULL);
	struct authq_job *j;

	ck_assert_int_eq(
	    authq_check(q, &u, NULL, "zbfw-admin", done, (void *)1, &j), 0);
	evtimer_add(ev, &ms);
	run_until(1);
	ck_assert_int_eq(S.order[0], 1);
	ck_assert_int_eq(S.tick_at, 0);
	event_free(ev);
	teardown(q);
}
END_TEST

START_TEST(t_cancel)
{
	struct authq *q = setup();
	struct mgmt_user u = { .secret = true, .type = 9, .value = HASH9 };
	struct authq_job *j1, *j2;

	ck_assert_int_eq(
	    authq_check(q, &u, NULL, "zbfw-admin", done, (void *)1, &j1), 0);
	ck_assert_int_eq(
	    authq_check(q, &u, NULL, "zbfw-admin", done, (void *)2, &j2), 0);
	authq_cancel(j1);
	run_until(1);
	/* The worker answers in order: 1 came first and was dropped. */
	ck_assert_int_eq(S.n, 1);
	ck_assert_int_eq(S.order[0], 2);
	teardown(q);
}
END_TEST

/* Stopped with checks still queued: nothing leaks, nothing calls back. */
START_TEST(t_stop_pending)
{
	struct authq *q = setup();
	struct mgmt_user u = { .secret = true, .type = 9, .value = HASH9 };
	struct authq_job *j;
	int i;

	for (i = 0; i < 5; i++)
		ck_assert_int_eq(
		    authq_check(q, &u, NULL, "x", done, (void *)1, &j), 0);
	teardown(q);
	ck_assert_int_eq(S.n, 0);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("authq");
	TCase *tc = tcase_create("authq");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_answers);
	tcase_add_test(tc, t_loop_free);
	tcase_add_test(tc, t_cancel);
	tcase_add_test(tc, t_stop_pending);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
