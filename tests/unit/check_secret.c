/* IOS secret formats: vectors from the reference §6.1 (hashcat example
 * hashes for types 8 and 9, whose password is "hashcat"). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt/secret.h"

#define T5 "$1$nTc1$Z28sUTcWfXlvVe2x.3XAa."
#define T8 "$8$TnGX/fE4KGHOVU$pEhnEvxrvaynpi8j4f.EMHr6M.FzU8xnZnBr/tJdFWk"
#define T9 "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6"

START_TEST(type5_vector)
{
	char out[MGMT_SECRET_MAX];

	ck_assert(mgmt_secret_verify(T5, "cisco"));
	ck_assert(!mgmt_secret_verify(T5, "Cisco"));
	ck_assert_int_eq(mgmt_secret_hash(5, "cisco", "nTc1", out, sizeof(out)),
	    0);
	ck_assert_str_eq(out, T5);
	ck_assert_int_eq(mgmt_secret_type(T5), 5);
	ck_assert(mgmt_secret_valid(5, T5));
}
END_TEST

START_TEST(type8_vector)
{
	char out[MGMT_SECRET_MAX];

	ck_assert(mgmt_secret_verify(T8, "hashcat"));
	ck_assert(!mgmt_secret_verify(T8, "hashcaT"));
	ck_assert_int_eq(
	    mgmt_secret_hash(8, "hashcat", "TnGX/fE4KGHOVU", out, sizeof(out)),
	    0);
	ck_assert_str_eq(out, T8);
	ck_assert(mgmt_secret_valid(8, T8));
}
END_TEST

START_TEST(type9_vector)
{
	char out[MGMT_SECRET_MAX];

	ck_assert(mgmt_secret_verify(T9, "hashcat"));
	ck_assert(!mgmt_secret_verify(T9, "cisco"));
	ck_assert_int_eq(
	    mgmt_secret_hash(9, "hashcat", "2MJBozw/9R3UsU", out, sizeof(out)),
	    0);
	ck_assert_str_eq(out, T9);
	ck_assert(mgmt_secret_valid(9, T9));
}
END_TEST

START_TEST(new_type9_random_salt)
{
	char a[MGMT_SECRET_MAX], b[MGMT_SECRET_MAX];

	ck_assert_int_eq(mgmt_secret_hash(9, "s3cret", NULL, a, sizeof(a)), 0);
	ck_assert_int_eq(mgmt_secret_hash(9, "s3cret", NULL, b, sizeof(b)), 0);
	ck_assert_str_ne(a, b); /* fresh salts */
	ck_assert_uint_eq(strlen(a), 3 + 14 + 1 + 43);
	ck_assert(mgmt_secret_valid(9, a));
	ck_assert(mgmt_secret_verify(a, "s3cret"));
	ck_assert(mgmt_secret_verify(b, "s3cret"));
	ck_assert(!mgmt_secret_verify(a, "s3cre"));
}
END_TEST

START_TEST(malformed)
{
	ck_assert(!mgmt_secret_valid(9, "$9$short$x"));
	ck_assert(!mgmt_secret_valid(8, T9));
	ck_assert(!mgmt_secret_valid(9,
	    "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZa"
	    "agyUOGBymkryvOdfo!"));
	ck_assert(!mgmt_secret_verify("cisco", "cisco")); /* not a hash */
	ck_assert(!mgmt_secret_verify("", ""));
	ck_assert_int_eq(mgmt_secret_type("$4$x"), -1);
}
END_TEST

START_TEST(type7)
{
	char out[64];

	ck_assert_int_eq(
	    mgmt_secret_type7_encode("cisco", 11, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "110A1016141D");
	ck_assert_int_eq(
	    mgmt_secret_type7_decode("121A0C041104", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "cisco");
	ck_assert_int_eq(
	    mgmt_secret_type7_decode("110A1016141D", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "cisco");
	ck_assert_int_lt(mgmt_secret_type7_decode("1", out, sizeof(out)), 0);
	ck_assert_int_lt(mgmt_secret_type7_decode("99AA", out, sizeof(out)), 0);
	ck_assert_int_lt(mgmt_secret_type7_decode("12ZZ", out, sizeof(out)), 0);
	ck_assert_int_lt(mgmt_secret_type7_encode("x", 16, out, sizeof(out)),
	    0);
}
END_TEST

static Suite *
secret_suite(void)
{
	Suite *s = suite_create("secret");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, type5_vector);
	tcase_add_test(tc, type8_vector);
	tcase_add_test(tc, type9_vector);
	tcase_add_test(tc, new_type9_random_salt);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, type7);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(secret_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
