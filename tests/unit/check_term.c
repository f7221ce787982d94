/* The vty line editor (daemon/term.c) against a scripted CLI: line ends,
 * typeahead, echo, editing keys, `?`, Tab, history, --More--, limits. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/term.h"

static struct buf screen;
static char lines[32][128];
static int nlines;
static bool echo_on = true;
static unsigned length;

static void
f_write(void *arg, const char *p, size_t n)
{
	buf_append(&screen, p, n);
}

static int
f_line(void *arg, const char *line, struct buf *out)
{
	if (nlines < 32)
		snprintf(lines[nlines++], sizeof(lines[0]), "%s", line);
	if (strcmp(line, "exit") == 0)
		return CLI_CLOSE;
	if (strcmp(line, "five") == 0)
		buf_puts(out, "1\n2\n3\n4\n5\n");
	if (strcmp(line, "pw") == 0)
		echo_on = false;
	else
		echo_on = true;
	return CLI_OK;
}

static void
f_prompt(void *arg, struct buf *out)
{
	buf_puts(out, echo_on ? "R>" : "Password: ");
}

static bool
f_echo(void *arg)
{
	return echo_on;
}

static bool
f_special(void *arg)
{
	return echo_on;
}

static void
f_help(void *arg, const char *partial, struct buf *out)
{
	buf_printf(out, "  help-for[%s]\n\n", partial);
}

static bool
f_complete(void *arg, const char *partial, struct buf *line, struct buf *out)
{
	if (strcmp(partial, "sh") == 0) {
		buf_puts(line, "show ");
		return true;
	}
	if (strcmp(partial, "show c") == 0)
		buf_puts(out, "clock  class-map\n");
	return false;
}

static unsigned
f_length(void *arg)
{
	return length;
}

static const struct term_ops ops = {
	.write = f_write,
	.line = f_line,
	.prompt = f_prompt,
	.echo = f_echo,
	.special = f_special,
	.help = f_help,
	.complete = f_complete,
	.length = f_length,
};

static struct term *
start(bool crlf)
{
	struct term *t;

	buf_free(&screen);
	buf_init(&screen);
	nlines = 0;
	echo_on = true;
	length = 0;
	t = term_new(&ops, NULL, crlf);
	ck_assert_ptr_nonnull(t);
	term_start(t);
	return t;
}

static const char *
scr(void)
{
	return screen.p != NULL ? screen.p : "";
}

START_TEST(line_endings)
{
	struct term *t = start(true);

	term_input(t, "a\r\nb\r\0c\rd\ne", 12);
	ck_assert_int_eq(nlines, 4);
	ck_assert_str_eq(lines[0], "a");
	ck_assert_str_eq(lines[1], "b");
	ck_assert_str_eq(lines[2], "c");
	ck_assert_str_eq(lines[3], "d");
	/* CR now, LF in the next segment: one line */
	term_input(t, "\r", 1);
	term_input(t, "\n", 1);
	term_input(t, "f\r", 2);
	term_input(t, "", 1); /* the NUL of CR NUL */
	ck_assert_int_eq(nlines, 6);
	ck_assert_str_eq(lines[4], "e");
	ck_assert_str_eq(lines[5], "f");
	ck_assert_str_eq(scr(), "R>a\r\nR>b\r\nR>c\r\nR>d\r\nR>e\r\nR>f\r\nR>");
	term_free(t);
}
END_TEST

START_TEST(editing_keys)
{
	struct term *t = start(false);

	term_input(t, "abx\x7fz\b\r", 7);
	ck_assert_str_eq(lines[0], "ab");
	term_input(t, "junk\x15ok\r", 8);
	ck_assert_str_eq(lines[1], "ok");
	term_input(t, "drop\x03", 5);
	ck_assert_int_eq(nlines, 2);
	term_input(t, "one two\x17three\r", 15);
	ck_assert_str_eq(lines[2], "one three");
	term_input(t, "x\x1a", 2);
	ck_assert_str_eq(lines[3], "\x1a");
	ck_assert_ptr_nonnull(strstr(scr(), "R>drop^C\nR>"));
	ck_assert_ptr_nonnull(strstr(scr(), "R>x^Z\nR>"));
	term_free(t);
}
END_TEST

START_TEST(secret_not_echoed)
{
	struct term *t = start(true);

	term_input(t, "pw\rs3cret\r", 10);
	ck_assert_str_eq(lines[1], "s3cret");
	ck_assert_ptr_null(strstr(scr(), "s3cret"));
	ck_assert_str_eq(scr(), "R>pw\r\nPassword: \r\nR>");
	term_free(t);
}
END_TEST

START_TEST(help_and_tab)
{
	struct term *t = start(false);

	term_input(t, "ab ?cd\r", 7);
	ck_assert_str_eq(scr(), "R>ab ?\n  help-for[ab ]\n\nR>ab cd\nR>");
	ck_assert_str_eq(lines[0], "ab cd");
	buf_reset(&screen);
	term_input(t, "sh\tc\t\r", 6);
	ck_assert_str_eq(lines[1], "show c");
	ck_assert_str_eq(scr(), "show c\nclock  class-map\nR>show c\nR>");
	term_free(t);
}
END_TEST

START_TEST(history)
{
	static const char keys[] = "first\rsecond\r\x1b[A\x1b[A\r";
	struct term *t = start(false);

	term_input(t, keys, sizeof(keys) - 1);
	ck_assert_int_eq(nlines, 3);
	ck_assert_str_eq(lines[2], "first");
	term_free(t);
}
END_TEST

START_TEST(more_paging)
{
	struct term *t = start(false);

	length = 3;
	term_input(t, "five\r", 5);
	ck_assert_str_eq(scr(), "R>five\n1\n2\n --More-- ");
	buf_reset(&screen);
	term_input(t, "\r", 1); /* one line */
	ck_assert_ptr_nonnull(strstr(scr(), "3\n --More-- "));
	buf_reset(&screen);
	term_input(t, "q", 1);
	ck_assert_ptr_null(strstr(scr(), "4"));
	ck_assert_ptr_nonnull(strstr(scr(), "R>"));
	buf_reset(&screen);
	term_input(t, "five\r ", 6); /* space: a whole page */
	ck_assert_ptr_nonnull(strstr(scr(), "3\n4\n --More-- "));
	buf_reset(&screen);
	term_input(t, " ", 1);
	ck_assert_ptr_nonnull(strstr(scr(), "5\nR>"));
	length = 0;
	buf_reset(&screen);
	term_input(t, "five\r", 5);
	ck_assert_str_eq(scr(), "five\n1\n2\n3\n4\n5\nR>");
	term_free(t);
}
END_TEST

START_TEST(limits_and_close)
{
	struct term *t = start(false);
	char *big = malloc(CLI_LINE_MAX + 10);

	memset(big, 'x', CLI_LINE_MAX + 9);
	big[CLI_LINE_MAX + 9] = '\r';
	term_input(t, big, CLI_LINE_MAX + 10);
	ck_assert_int_eq(nlines, 0);
	ck_assert_ptr_nonnull(strstr(scr(), "% Input line too long"));
	memset(big, 'y', CLI_LINE_MAX);
	big[CLI_LINE_MAX] = '\r';
	term_input(t, big, CLI_LINE_MAX + 1);
	ck_assert_int_eq(nlines, 1);
	ck_assert_uint_eq(strlen(lines[0]), sizeof(lines[0]) - 1);
	ck_assert_int_eq(term_input(t, "exit\rafter\r", 11), TERM_CLOSED);
	ck_assert_int_eq(nlines, 2);
	ck_assert(term_closed(t));
	free(big);
	term_free(t);
}
END_TEST

START_TEST(async_redraws)
{
	struct term *t = start(false);

	term_input(t, "partial", 7);
	term_async(t, "%SYS-5-CONFIG_I: x");
	ck_assert_str_eq(scr(), "R>partial\n%SYS-5-CONFIG_I: x\nR>partial");
	term_free(t);
}
END_TEST

static Suite *
term_suite(void)
{
	Suite *s = suite_create("term");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, line_endings);
	tcase_add_test(tc, editing_keys);
	tcase_add_test(tc, secret_not_echoed);
	tcase_add_test(tc, help_and_tab);
	tcase_add_test(tc, history);
	tcase_add_test(tc, more_paging);
	tcase_add_test(tc, limits_and_close);
	tcase_add_test(tc, async_redraws);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(term_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
