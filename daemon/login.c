/*
 * Login on a line (reference §6.2): `login local` asks Username:/Password:
 * and checks the local users, `login` + `password` asks Password: only,
 * `login` without a password refuses the session.  Used by the telnet vtys
 * (line vty N), the SSH vtys (login_check) and the interactive console
 * (line con 0).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "daemon/term.h"
#include "mgmt/mgmt.h"

void
login_banner(struct zbfw *z, struct buf *out)
{
	if (z->mgmt->motd != NULL) {
		buf_puts(out, z->mgmt->motd);
		buf_putc(out, '\n');
	}
}

int
login_begin(struct login *lg, struct zbfw *z, const struct mgmt_line *l,
    struct fe_sess *f, struct buf *out)
{
	lg->mode = l->login;
	lg->tries = 0;
	if (lg->mode == MGMT_LOGIN_LINE && l->pw_type < 0) {
		buf_puts(out, "\nPassword required, but none set\n");
		return -1;
	}
	login_banner(z, out);
	if (lg->mode == MGMT_LOGIN_NONE) {
		lg->st = LOGIN_DONE;
		cli_session_set_priv(f->cs, l->privilege);
		return 0;
	}
	buf_puts(out, "\n\nUser Access Verification\n\n");
	lg->st = lg->mode == MGMT_LOGIN_LOCAL ? LOGIN_USER : LOGIN_PASS;
	return 1;
}

const char *
login_prompt(const struct login *lg)
{
	return lg->st == LOGIN_USER ? "Username: " :
	    lg->st == LOGIN_PASS    ? "Password: " :
				      NULL;
}

bool
login_echo(const struct login *lg)
{
	return lg->st != LOGIN_PASS;
}

/*
 * The answer to a password for user on line l (the check itself:
 * login_check() in place, login_check_async() off the loop): the
 * privilege level, or -EACCES (a failure, counted for login block-for).
 */
int
login_finish(struct zbfw *z, const struct mgmt_line *l, struct fe_sess *f,
    const char *user, bool ok)
{
	const struct mgmt_user *u = NULL;
	bool local = l->login == MGMT_LOGIN_LOCAL;

	if (l->login == MGMT_LOGIN_NONE)
		return l->privilege;
	/* The user may have gone while its secret was checked. */
	if (ok && local && (u = mgmt_user_find(z->mgmt, user)) == NULL)
		ok = false;
	if (ok) {
		if (f->vty)
			vty_login_ok(z, local ? user : "", f->host,
			    f->localport);
		return local ? u->priv : l->privilege;
	}
	if (f->vty)
		vty_login_failed(z, local ? user : "", f->host, f->localport);
	return -EACCES;
}

int
login_check(struct zbfw *z, const struct mgmt_line *l, struct fe_sess *f,
    const char *user, const char *pw)
{
	const struct mgmt_user *u;
	bool ok;

	if (l->login == MGMT_LOGIN_LOCAL)
		ok = (u = mgmt_user_find(z->mgmt, user)) != NULL &&
		    mgmt_user_check(u, pw);
	else
		ok = l->login == MGMT_LOGIN_NONE || mgmt_line_check(l, pw);
	return login_finish(z, l, f, user, ok);
}

int
login_check_async(struct zbfw *z, const struct mgmt_line *l, const char *user,
    const char *pw, void (*done)(void *, bool), void *arg,
    struct authq_job **jobp)
{
	/* An unknown user: the worker says no, by the same path. */
	static const struct mgmt_user nobody = { .secret = true };
	const struct mgmt_user *u;

	if (l->login != MGMT_LOGIN_LOCAL)
		return authq_check(z->authq, NULL, l, pw, done, arg, jobp);
	if ((u = mgmt_user_find(z->mgmt, user)) == NULL)
		u = &nobody;
	return authq_check(z->authq, u, NULL, pw, done, arg, jobp);
}

/* After a password: CLI_OK (in, or asked again) or CLI_CLOSE. */
static int
login_after(struct login *lg, struct fe_sess *f, int priv, struct buf *out)
{
	if (priv >= 0) {
		lg->st = LOGIN_DONE;
		cli_session_set_priv(f->cs, priv);
		return CLI_OK;
	}
	lg->tries++;
	if (lg->mode == MGMT_LOGIN_LOCAL) {
		buf_puts(out, "% Login invalid\n\n");
		f->user[0] = '\0';
		lg->st = LOGIN_USER;
	} else if (lg->tries >= 3)
		buf_puts(out, "% Bad passwords\n\n");
	return lg->tries >= 3 ? CLI_CLOSE : CLI_OK;
}

static void
login_answer(void *arg, bool ok)
{
	struct login *lg = arg;
	struct buf out;
	int rc;

	lg->job = NULL;
	buf_init(&out);
	rc = login_after(lg, lg->f,
	    login_finish(lg->z, lg->l, lg->f, lg->f->user, ok), &out);
	lg->answer(lg->answer_arg, rc, &out);
	buf_free(&out);
}

int
login_line(struct login *lg, struct zbfw *z, const struct mgmt_line *l,
    struct fe_sess *f, const char *line, struct buf *out)
{
	if (lg->st == LOGIN_USER) {
		if (line[0] == '\0')
			return CLI_OK; /* Enter alone: ask again */
		snprintf(f->user, sizeof(f->user), "%s", line);
		lg->st = LOGIN_PASS;
		return CLI_OK;
	}
	if (lg->answer != NULL && z->authq != NULL &&
	    l->login != MGMT_LOGIN_NONE) {
		lg->z = z;
		lg->l = l;
		lg->f = f;
		if (login_check_async(z, l, f->user, line, login_answer, lg,
			&lg->job) == 0)
			return TERM_LINE_WAIT;
	}
	return login_after(lg, f, login_check(z, l, f, f->user, line), out);
}

void
login_cancel(struct login *lg)
{
	authq_cancel(lg->job);
	lg->job = NULL;
}
