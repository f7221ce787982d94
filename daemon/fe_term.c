/*
 * The line editor's callbacks for an interactive session (fe_term.h),
 * shared by the console's script mode and the telnet vty.
 */
#include "cli/cli.h"
#include "daemon/fe_term.h"
#include "mgmt/mgmt.h"

const struct mgmt_line *
fe_term_cfg(const struct fe_term *t)
{
	return t->fe.vty ? &t->z->mgmt->vty[t->fe.lineno] : &t->z->mgmt->con;
}

int
fe_term_begin(struct fe_term *t, struct buf *out)
{
	return login_begin(&t->lg, t->z, fe_term_cfg(t), &t->fe, out);
}

int
fe_term_line(struct fe_term *t, const char *line, struct buf *out)
{
	int rc;

	t->fe.last_input = fe_now();
	if (t->lg.st != LOGIN_DONE)
		return login_line(&t->lg, t->z, fe_term_cfg(t), &t->fe, line,
		    out);
	rc = fe_line(&t->fe, line, out);
	return rc == CLI_WAIT ? TERM_LINE_WAIT : rc;
}

void
fe_term_prompt(struct fe_term *t, struct buf *out)
{
	if (login_prompt(&t->lg) != NULL)
		buf_puts(out, login_prompt(&t->lg));
	else
		cli_session_prompt(t->fe.cs, out);
}

void
fe_term_async(struct fe_term *t, struct term *term)
{
	struct buf b;

	if (t->lg.st != LOGIN_DONE || !cli_session_monitor(t->fe.cs))
		return;
	buf_init(&b);
	cli_session_take_async(t->fe.cs, &b);
	if (b.len > 0) {
		/* One call per batch; term_async redraws prompt and line. */
		if (b.p[b.len - 1] == '\n')
			b.p[--b.len] = '\0';
		term_async(term, b.p);
	}
	buf_free(&b);
}

bool
fe_term_idle_tv(struct fe_term *t, const struct term *term, struct timeval *tv)
{
	const struct mgmt_line *l = fe_term_cfg(t);
	double limit = l->exec_min * 60.0 + l->exec_sec, left;

	if (limit <= 0)
		return false;
	left = limit - (fe_now() - term_idle_since(term));
	if (left < 0.01)
		left = 0.01;
	tv->tv_sec = (time_t)left;
	tv->tv_usec = (suseconds_t)((left - (double)tv->tv_sec) * 1e6);
	return true;
}

bool
fe_term_echo(struct fe_term *t)
{
	if (t->lg.st != LOGIN_DONE)
		return login_echo(&t->lg);
	return cli_session_echo(t->fe.cs);
}

/* term_ops: arg is the struct fe_term. */

static void
t_write(void *arg, const char *p, size_t n)
{
	struct fe_term *t = arg;

	t->write(t, p, n);
}

static int
t_line(void *arg, const char *line, struct buf *out)
{
	return fe_term_line(arg, line, out);
}

static void
t_prompt(void *arg, struct buf *out)
{
	fe_term_prompt(arg, out);
}

static bool
t_echo(void *arg)
{
	return fe_term_echo(arg);
}

/* `?` and Tab are commands only at a command prompt. */
static bool
t_special(void *arg)
{
	struct fe_term *t = arg;

	return t->lg.st == LOGIN_DONE && fe_cli_ready(t->fe.cs);
}

static void
t_help(void *arg, const char *partial, struct buf *out)
{
	struct fe_term *t = arg;

	cli_session_help(t->fe.cs, partial, out);
}

static bool
t_complete(void *arg, const char *partial, struct buf *line, struct buf *out)
{
	struct fe_term *t = arg;

	return cli_session_complete(t->fe.cs, partial, line, out);
}

/* No paging at the login prompts. */
static unsigned
t_length(void *arg)
{
	struct fe_term *t = arg;

	return t->lg.st == LOGIN_DONE ? cli_session_length(t->fe.cs) : 0;
}

const struct term_ops fe_term_ops = {
	.write = t_write,
	.line = t_line,
	.prompt = t_prompt,
	.echo = t_echo,
	.special = t_special,
	.help = t_help,
	.complete = t_complete,
	.length = t_length,
};
