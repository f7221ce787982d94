#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/zbfw.h"

static int commits;

int
zbfw_commit(struct zbfw *z)
{
	commits++;
	z->commits++;
	return 0;
}

START_TEST(t_dummy)
{
	ck_assert_int_eq(0, 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, t_dummy);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
