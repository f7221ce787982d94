/*
 * SSH authentication by the rules of `line vty` (login.c's login_check,
 * as telnet's prompts): `login local` checks the username and its secret,
 * `login` + `password` checks the line password whatever the username,
 * `login` without a password refuses everyone (telnet prints "Password
 * required, but none set"), no `login` lets anyone in.  Password and
 * keyboard-interactive ("Password: ", not echoed) are offered.  Failures
 * count for `login block-for`; after `ip ssh authentication-retries` of
 * them the connection is closed.  Then one session channel is accepted.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/ssh.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"

/* SSH_AUTH_SUCCESS or SSH_AUTH_DENIED for user/pw on c's line. */
static int
auth_check(struct sshc *c, const char *user, const char *pw)
{
	const struct mgmt_line *l = fe_term_cfg(&c->ft);
	int priv = -1;

	if (c->authed || c->dead || user == NULL || pw == NULL)
		goto fail;
	if (l->login == MGMT_LOGIN_LINE && l->pw_type < 0) {
		log_info("ssh vty%d from %s: login without a line password "
		    "(Password required, but none set)", c->line,
		    c->ft.fe.host);
		goto fail;
	}
	snprintf(c->ft.fe.user, sizeof(c->ft.fe.user), "%s", user);
	if ((priv = login_check(c->srv->z, l, &c->ft.fe, user, pw)) >= 0) {
		c->authed = true;
		cli_session_set_priv(c->ft.fe.cs, priv);
		return SSH_AUTH_SUCCESS;
	}
	c->ft.fe.user[0] = '\0';
fail:
	if (!c->authed && ++c->fails >= (int)c->srv->retries) {
		log_info("ssh vty%d from %s: %d authentication failures, "
		    "closing", c->line, c->ft.fe.host, c->fails);
		c->closing = true;
		c->dead = true;
	}
	return SSH_AUTH_DENIED;
}

static int
auth_password(ssh_session s, const char *user, const char *pw, void *arg)
{
	return auth_check(arg, user, pw);
}

/* "none": only a line without `login` lets it in; else the client learns
 * the methods (not a failure). */
static int
auth_none(ssh_session s, const char *user, void *arg)
{
	struct sshc *c = arg;

	if (fe_term_cfg(&c->ft)->login == MGMT_LOGIN_NONE)
		return auth_check(c, user, "");
	return SSH_AUTH_DENIED;
}

/* keyboard-interactive: one "Password: " prompt, not echoed. */
static int
auth_message(ssh_session s, ssh_message m, void *arg)
{
	struct sshc *c = arg;
	const char *prompts[1] = { "Password: " };
	const char *user;
	char echo[1] = { 0 };
	int rc;

	if (ssh_message_type(m) != SSH_REQUEST_AUTH ||
	    ssh_message_subtype(m) != SSH_AUTH_METHOD_INTERACTIVE)
		return 1;	/* refused (port forwarding, subsystems, ...) */
	if (!ssh_message_auth_kbdint_is_response(m)) {
		user = ssh_message_auth_user(m);
		snprintf(c->kbd_user, sizeof(c->kbd_user), "%s",
		    user != NULL ? user : "");
		ssh_message_auth_interactive_request(m, "", "", 1, prompts,
		    echo);
		return 0;
	}
	rc = ssh_userauth_kbdint_getnanswers(s) == 1 ?
	    auth_check(c, c->kbd_user, ssh_userauth_kbdint_getanswer(s, 0)) :
	    auth_check(c, c->kbd_user, NULL);
	if (rc == SSH_AUTH_SUCCESS) {
		ssh_message_auth_reply_success(m, 0);
		return 0;
	}
	ssh_message_auth_set_methods(m, SSH_METHODS);
	ssh_message_reply_default(m);
	return 0;
}

/* One session channel per connection, as an IOS vty. */
static ssh_channel
channel_open(ssh_session s, void *arg)
{
	struct sshc *c = arg;

	if (!c->authed || c->ch != NULL || c->closing ||
	    (c->ch = ssh_channel_new(s)) == NULL)
		return NULL;
	sshc_channel_init(c);
	return c->ch;
}

void
sshc_auth_init(struct sshc *c)
{
	memset(&c->scb, 0, sizeof(c->scb));
	c->scb.userdata = c;
	c->scb.auth_password_function = auth_password;
	c->scb.auth_none_function = auth_none;
	c->scb.channel_open_request_session_function = channel_open;
	ssh_callbacks_init(&c->scb);
	ssh_set_server_callbacks(c->s, &c->scb);
	ssh_set_message_callback(c->s, auth_message, c);
}
