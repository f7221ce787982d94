/* The list of interactive sessions (console and vty), for `show users`. */
#include <time.h>

#include "daemon/daemon.h"
#include "lib/log.h"

struct fe_list fe_sessions = TAILQ_HEAD_INITIALIZER(fe_sessions);

double
fe_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void
fe_add(struct fe_sess *f)
{
	f->last_input = fe_now();
	TAILQ_INSERT_TAIL(&fe_sessions, f, entry);
}

void
fe_del(struct fe_sess *f)
{
	if (f->job != NULL && f->cancel != NULL)
		f->cancel(f->job);
	f->job = NULL;
	TAILQ_REMOVE(&fe_sessions, f, entry);
}

struct fe_sess *
fe_waitable(struct cli_session *cs)
{
	struct fe_sess *f;

	TAILQ_FOREACH(f, &fe_sessions, entry)
		if (f->cs == cs)
			return f->answer != NULL && f->job == NULL ? f : NULL;
	return NULL;
}

void
fe_wait(struct fe_sess *f, void (*cancel)(void *job), void *job)
{
	f->cancel = cancel;
	f->job = job;
}

void
fe_done(struct fe_sess *f, int rc, struct buf *out)
{
	f->job = NULL;
	f->cancel = NULL;
	f->answer(f->answer_arg, rc, out);
}

/*
 * Run one line of an interactive session; log %SYS-5-CONFIG_I when it
 * leaves configuration mode, as IOS does after `end`.
 */
int
fe_line(struct fe_sess *f, const char *line, struct buf *out)
{
	enum cli_mode before = cli_session_mode(f->cs);
	int rc;

	f->last_input = fe_now();
	rc = cli_session_line(f->cs, line, out);
	if (before >= CLI_MODE_CONFIG && rc != CLI_CLOSE &&
	    cli_session_mode(f->cs) < CLI_MODE_CONFIG) {
		if (!f->vty)
			log_ios("SYS", 5, "CONFIG_I",
			    "Configured from console by console");
		else if (f->user[0] != '\0')
			log_ios("SYS", 5, "CONFIG_I",
			    "Configured from console by %s on vty%d (%s)",
			    f->user, f->lineno, f->host);
		else
			log_ios("SYS", 5, "CONFIG_I",
			    "Configured from console by vty%d (%s)", f->lineno,
			    f->host);
	}
	return rc;
}

/* No pending input (password, confirmation, banner text): `?` and Tab
 * are commands only then. */
bool
fe_cli_ready(struct cli_session *cs)
{
	return !cli_session_pending(cs);
}
