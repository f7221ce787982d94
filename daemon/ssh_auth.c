/*
 * SSH authentication by the rules of `line vty` (login.c, as telnet's
 * prompts): `login local` checks the username and its secret, `login` +
 * `password` checks the line password whatever the username, `login`
 * without a password refuses everyone (telnet prints "Password required,
 * but none set"), no `login` lets anyone in.  Password and
 * keyboard-interactive ("Password: ", not echoed) are offered.  Failures
 * count for `login block-for`; after `ip ssh authentication-retries` of
 * them the connection is closed.
 *
 * The secret is checked off the loop (authq.c), so the answer comes
 * later: until then libssh queues the messages (no server or message
 * callbacks yet) and sshc_auth_poll() takes them with ssh_message_get(),
 * keeping the password request until its answer.  Once in, the server
 * callbacks take over and one session channel is accepted.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/ssh.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"

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

static void
auth_failed(struct sshc *c)
{
	if (++c->fails >= (int)c->srv->retries) {
		log_info("ssh vty%d from %s: %d authentication failures, "
			 "closing",
		    c->line, c->ft.fe.host, c->fails);
		c->closing = true;
		c->dead = true;
	}
}

/* The answer for c->auth_msg (in the loop). */
static void
auth_answer(void *arg, bool ok)
{
	struct sshc *c = arg;
	const struct mgmt_line *l = fe_term_cfg(&c->ft);
	int priv;

	c->job = NULL;
	snprintf(c->ft.fe.user, sizeof(c->ft.fe.user), "%s", c->auth_user);
	priv = login_finish(c->srv->z, l, &c->ft.fe, c->auth_user, ok);
	if (priv >= 0 && !c->dead) {
		c->authed = true;
		cli_session_set_priv(c->ft.fe.cs, priv);
		memset(&c->scb, 0, sizeof(c->scb));
		c->scb.userdata = c;
		c->scb.channel_open_request_session_function = channel_open;
		ssh_callbacks_init(&c->scb);
		ssh_set_server_callbacks(c->s, &c->scb);
		ssh_message_auth_reply_success(c->auth_msg, 0);
	} else {
		c->ft.fe.user[0] = '\0';
		auth_failed(c);
		ssh_message_auth_set_methods(c->auth_msg, SSH_METHODS);
		ssh_message_reply_default(c->auth_msg);
	}
	ssh_message_free(c->auth_msg);
	c->auth_msg = NULL;
	sshc_kick(c);
}

/* Check user/pw for m (kept until the answer); false: answered now. */
static bool
auth_start(struct sshc *c, ssh_message m, const char *user, const char *pw)
{
	const struct mgmt_line *l = fe_term_cfg(&c->ft);

	snprintf(c->auth_user, sizeof(c->auth_user), "%s",
	    user != NULL ? user : "");
	c->auth_msg = m;
	if (user == NULL || pw == NULL) {
		auth_answer(c, false);
		return true;
	}
	if (l->login == MGMT_LOGIN_LINE && l->pw_type < 0)
		log_info("ssh vty%d from %s: login without a line password "
			 "(Password required, but none set)",
		    c->line, c->ft.fe.host);
	if (l->login == MGMT_LOGIN_NONE) {
		auth_answer(c, true);
		return true;
	}
	if (c->srv->z->authq == NULL) {
		auth_answer(c,
		    login_check(c->srv->z, l, &c->ft.fe, user, pw) >= 0);
		return true;
	}
	if (login_check_async(c->srv->z, l, user, pw, auth_answer, c, &c->job) <
	    0) {
		auth_answer(c, false);
		return true;
	}
	return false;
}

/* libssh has no non-deprecated way to read a queued password request. */
static const char *
auth_password(ssh_message m)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	return ssh_message_auth_password(m);
#pragma GCC diagnostic pop
}

/* libssh's message API for public keys is deprecated as a whole. */
static ssh_key
auth_pubkey(ssh_message m, int *state)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	*state = ssh_message_auth_publickey_state(m);
	return ssh_message_auth_pubkey(m);
#pragma GCC diagnostic pop
}

/*
 * publickey: a key in ip ssh pubkey-chain for that username, on a line
 * with `login local`, whose user has a `username` entry (its privilege
 * level).  The probe (no signature) gets PK_OK; the signed request, which
 * libssh has verified, logs in.  Unknown keys are not failures: clients
 * try each key they hold.  True when answered (m freed or kept).
 */
static bool
auth_publickey(struct sshc *c, ssh_message m, const char *user)
{
	const struct mgmt_line *l = fe_term_cfg(&c->ft);
	ssh_key key;
	int state;

	key = auth_pubkey(m, &state);
	if (user == NULL || key == NULL || l->login != MGMT_LOGIN_LOCAL ||
	    mgmt_user_find(c->srv->z->mgmt, user) == NULL ||
	    !ssh_pubkey_known(c->srv, user, key))
		return false;
	if (state == SSH_PUBLICKEY_STATE_NONE) {
		ssh_message_auth_reply_pk_ok_simple(m);
		ssh_message_free(m);
		return true;
	}
	if (state != SSH_PUBLICKEY_STATE_VALID)
		return false;
	snprintf(c->auth_user, sizeof(c->auth_user), "%s", user);
	c->auth_msg = m;
	auth_answer(c, true);
	return true;
}

/* One queued message before the login; true when it waits for a check. */
static bool
auth_message(struct sshc *c, ssh_message m)
{
	const char *prompts[1] = { "Password: " };
	const char *user;
	char echo[1] = { 0 };

	if (ssh_message_type(m) != SSH_REQUEST_AUTH) {
		ssh_message_reply_default(m); /* ssh-userauth: accepted */
		ssh_message_free(m);
		return false;
	}
	user = ssh_message_auth_user(m);
	switch (ssh_message_subtype(m)) {
	case SSH_AUTH_METHOD_PASSWORD:
		return !auth_start(c, m, user, auth_password(m));
	case SSH_AUTH_METHOD_INTERACTIVE:
		if (ssh_message_auth_kbdint_is_response(m))
			return !auth_start(c, m, c->kbd_user,
			    ssh_userauth_kbdint_getnanswers(c->s) == 1 ?
				ssh_userauth_kbdint_getanswer(c->s, 0) :
				NULL);
		snprintf(c->kbd_user, sizeof(c->kbd_user), "%s",
		    user != NULL ? user : "");
		ssh_message_auth_interactive_request(m, "", "", 1, prompts,
		    echo);
		break;
	case SSH_AUTH_METHOD_PUBLICKEY:
		if (auth_publickey(c, m, user))
			return false;
		ssh_message_auth_set_methods(m, SSH_METHODS);
		ssh_message_reply_default(m);
		break;
	case SSH_AUTH_METHOD_NONE:
		/* Only a line without `login` lets "none" in; else the
		 * client learns the methods (not a failure). */
		if (fe_term_cfg(&c->ft)->login == MGMT_LOGIN_NONE)
			return !auth_start(c, m, user, "");
		/* FALLTHROUGH */
	default:
		ssh_message_auth_set_methods(m, SSH_METHODS);
		ssh_message_reply_default(m);
		break;
	}
	ssh_message_free(m);
	return false;
}

void
sshc_auth_poll(struct sshc *c)
{
	ssh_message m;

	while (!c->authed && !c->dead && c->job == NULL &&
	    (m = ssh_message_get(c->s)) != NULL)
		if (auth_message(c, m))
			break;
}

void
sshc_auth_cancel(struct sshc *c)
{
	authq_cancel(c->job);
	c->job = NULL;
	if (c->auth_msg != NULL)
		ssh_message_free(c->auth_msg);
	c->auth_msg = NULL;
}
