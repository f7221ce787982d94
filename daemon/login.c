/*
 * Login on a line (reference §6.2): `login local` asks Username:/Password:
 * and checks the local users, `login` + `password` asks Password: only,
 * `login` without a password refuses the session.  Used by the telnet vtys
 * (line vty N) and the interactive console (line con 0).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "mgmt/mgmt.h"

static void
banner(struct zbfw *z, struct buf *out)
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
	banner(z, out);
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

int
login_line(struct login *lg, struct zbfw *z, const struct mgmt_line *l,
    struct fe_sess *f, const char *line, struct buf *out)
{
	const struct mgmt_user *u;

	if (lg->st == LOGIN_USER) {
		if (line[0] == '\0')
			return CLI_OK;		/* Enter alone: ask again */
		snprintf(f->user, sizeof(f->user), "%s", line);
		lg->st = LOGIN_PASS;
		return CLI_OK;
	}
	if (lg->mode == MGMT_LOGIN_LOCAL) {
		u = mgmt_user_find(z->mgmt, f->user);
		if (u != NULL && mgmt_user_check(u, line)) {
			if (f->vty)
				vty_login_ok(f->user, f->host);
			lg->st = LOGIN_DONE;
			cli_session_set_priv(f->cs, u->priv);
			return CLI_OK;
		}
	} else if (mgmt_line_check(l, line)) {
		if (f->vty)
			vty_login_ok("", f->host);
		lg->st = LOGIN_DONE;
		cli_session_set_priv(f->cs, l->privilege);
		return CLI_OK;
	}
	if (f->vty)
		vty_login_failed(lg->mode == MGMT_LOGIN_LOCAL ? f->user : "",
		    f->host);
	lg->tries++;
	if (lg->mode == MGMT_LOGIN_LOCAL) {
		buf_puts(out, "% Login invalid\n\n");
		f->user[0] = '\0';
		lg->st = LOGIN_USER;
	} else if (lg->tries >= 3)
		buf_puts(out, "% Bad passwords\n\n");
	return lg->tries >= 3 ? CLI_CLOSE : CLI_OK;
}
