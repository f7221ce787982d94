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
	    lg->st == LOGIN_PASS ? "Password: " : NULL;
}

bool
login_echo(const struct login *lg)
{
	return lg->st != LOGIN_PASS;
}

/*
 * Check a password against the line's login rule (telnet's Password: and
 * SSH's password or keyboard-interactive authentication): the privilege
 * level on success, -EACCES on failure (counted for login block-for).
 */
int
login_check(struct zbfw *z, const struct mgmt_line *l, struct fe_sess *f,
    const char *user, const char *pw)
{
	const struct mgmt_user *u;

	if (l->login == MGMT_LOGIN_NONE)
		return l->privilege;
	if (l->login == MGMT_LOGIN_LOCAL) {
		u = mgmt_user_find(z->mgmt, user);
		if (u != NULL && mgmt_user_check(u, pw)) {
			if (f->vty)
				vty_login_ok(user, f->host);
			return u->priv;
		}
	} else if (mgmt_line_check(l, pw)) {
		if (f->vty)
			vty_login_ok("", f->host);
		return l->privilege;
	}
	if (f->vty)
		vty_login_failed(l->login == MGMT_LOGIN_LOCAL ? user : "",
		    f->host);
	return -EACCES;
}

int
login_line(struct login *lg, struct zbfw *z, const struct mgmt_line *l,
    struct fe_sess *f, const char *line, struct buf *out)
{
	int priv;

	if (lg->st == LOGIN_USER) {
		if (line[0] == '\0')
			return CLI_OK;		/* Enter alone: ask again */
		snprintf(f->user, sizeof(f->user), "%s", line);
		lg->st = LOGIN_PASS;
		return CLI_OK;
	}
	if ((priv = login_check(z, l, f, f->user, line)) >= 0) {
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
