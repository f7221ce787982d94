/*
 * Who may log in and who may enable: `username`, `enable secret`,
 * `enable password`, the EXEC `enable` (its Password: prompt is the
 * session's pending input) and `disable`, and the checks the front ends
 * make at login.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/buf.h"
#include "mgmt/mgmt.h"
#include "mgmt/mgmt_int.h"
#include "mgmt/secret.h"

void
mgmt_user_free(struct mgmt_user *u)
{
	free(u->name);
	mgmt_pw_drop(u->value);
}

/* A `secret [0|5|8|9] X` or `algorithm-type ALG secret X`. */
static int
make_secret(struct cli_ctx *cx, const struct cli_args *a, const char *val,
    char **out, int *typeout)
{
	char h[MGMT_SECRET_MAX];
	int type = 0, htype = 9, rc;

	if (cli_has(a, "5"))
		type = 5;
	else if (cli_has(a, "8"))
		type = 8;
	else if (cli_has(a, "9"))
		type = 9;
	if (cli_has(a, "algorithm-type")) {
		if (cli_has(a, "md5"))
			htype = 5;
		else if (cli_has(a, "sha256"))
			htype = 8;
		else
			htype = 9;
	}
	if (type != 0) {
		if (!mgmt_secret_valid(type, val))
			return cli_error(cx,
			    "Invalid secret: not a valid "
			    "type %d hash",
			    type);
		if ((*out = strdup(val)) == NULL)
			return cli_error(cx, "Out of memory");
		*typeout = type;
		return CLI_OK;
	}
	if ((rc = mgmt_secret_hash(htype, val, NULL, h, sizeof(h))) < 0)
		return cli_error(cx, "Cannot hash the secret: %s",
		    strerror(-rc));
	if ((*out = strdup(h)) == NULL)
		return cli_error(cx, "Out of memory");
	*typeout = htype;
	return CLI_OK;
}

/* enable secret / password */

static int
cmd_enable_secret(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = mgmt_of(cx);
	const char *v = cli_arg(a, "SECRET");
	char *h;
	int t, rc;

	if (cli_no(a)) {
		free(m->enable_secret);
		m->enable_secret = NULL;
		return CLI_OK;
	}
	if ((rc = make_secret(cx, a, v, &h, &t)) != CLI_OK)
		return rc;
	free(m->enable_secret);
	m->enable_secret = h;
	return CLI_OK;
}

static int
cmd_enable_password(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = mgmt_of(cx);

	if (cli_no(a)) {
		free(m->enable_password);
		m->enable_password = NULL;
		m->enable_pw_type = -1;
		return CLI_OK;
	}
	return mgmt_password_set(cx, a, cli_arg(a, "PASSWORD"),
	    &m->enable_pw_type, &m->enable_password);
}

/* username */

static struct mgmt_user *
user_get(struct mgmt_cfg *m, const char *name, bool create)
{
	struct mgmt_user *u, *nu;

	if ((u = (struct mgmt_user *)mgmt_user_find(m, name)) != NULL ||
	    !create)
		return u;
	if ((nu = reallocarray(m->users, m->nusers + 1, sizeof(*nu))) == NULL)
		return NULL;
	m->users = nu;
	u = &m->users[m->nusers];
	memset(u, 0, sizeof(*u));
	if ((u->name = strdup(name)) == NULL)
		return NULL;
	u->priv = 1;
	u->type = -1;
	m->nusers++;
	return u;
}

static int
cmd_username(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = mgmt_of(cx);
	const char *name = cli_arg(a, "NAME");
	struct mgmt_user *u;
	char *h = NULL;
	int t = -1, rc;
	size_t i;

	if (name == NULL)
		return cli_error(cx, "Incomplete command.");
	if (strlen(name) >= MGMT_NAME_MAX)
		return cli_error(cx,
		    "Username too long (maximum %d "
		    "characters)",
		    MGMT_NAME_MAX - 1);
	if (cli_no(a)) {
		for (i = 0; i < m->nusers; i++)
			if (strcmp(m->users[i].name, name) == 0) {
				mgmt_user_free(&m->users[i]);
				memmove(&m->users[i], &m->users[i + 1],
				    (m->nusers - i - 1) * sizeof(m->users[0]));
				m->nusers--;
				return CLI_OK;
			}
		return CLI_OK;
	}
	/* The new value first: a failure leaves the user as it was. */
	if (cli_has(a, "secret"))
		rc = make_secret(cx, a, cli_arg(a, "SECRET"), &h, &t);
	else if (cli_has(a, "password"))
		rc = mgmt_password_set(cx, a, cli_arg(a, "PASSWORD"), &t, &h);
	else
		rc = CLI_OK;
	if (rc != CLI_OK)
		return rc;
	if ((u = user_get(m, name, true)) == NULL) {
		mgmt_pw_drop(h);
		return cli_error(cx, "Out of memory");
	}
	if (cli_arg(a, "LEVEL") != NULL)
		u->priv = (int)cli_num(a, "LEVEL", 1);
	if (h != NULL) {
		mgmt_pw_drop(u->value);
		u->value = h;
		u->secret = cli_has(a, "secret");
		u->type = t;
	}
	return CLI_OK;
}

/* EXEC enable / disable */

/* A session's pending `enable` password: that session's pending input
 * owns it. */
struct enable_input {
	const struct mgmt_cfg *m;
	unsigned tries;
};

static int
enable_try(struct cli_session *s, const char *line, struct buf *out, void *arg)
{
	struct enable_input *ei = arg;

	if (mgmt_enable_check(ei->m, line)) {
		free(ei);
		cli_session_set_priv(s, 15);
		return CLI_OK;
	}
	if (++ei->tries < 3) {
		cli_session_expect(s, "Password: ", false, enable_try, ei,
		    free);
		return CLI_OK;
	}
	free(ei);
	buf_puts(out, "% Bad secrets\n\n");
	return CLI_ERR;
}

static int
cmd_enable(struct cli_ctx *cx, const struct cli_args *a)
{
	struct cli_session *s = cli_session(cx);
	struct mgmt_cfg *m = mgmt_of(cx);
	struct enable_input *ei;

	if (cli_session_priv(s) >= 15)
		return CLI_OK;
	if (m == NULL || !mgmt_enable_set(m)) {
		cli_session_set_priv(s, 15);
		return CLI_OK;
	}
	if ((ei = calloc(1, sizeof(*ei))) == NULL)
		return cli_error(cx, "Out of memory");
	ei->m = m;
	cli_session_expect(s, "Password: ", false, enable_try, ei, free);
	return CLI_OK;
}

static int
cmd_disable(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_session_set_priv(cli_session(cx), 1);
	return CLI_OK;
}

/* Login checks */

const struct mgmt_user *
mgmt_user_find(const struct mgmt_cfg *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nusers; i++)
		if (strcmp(m->users[i].name, name) == 0)
			return &m->users[i];
	return NULL;
}

bool
mgmt_user_check(const struct mgmt_user *u, const char *pw)
{
	if (u->value == NULL)
		return false;
	if (u->secret)
		return mgmt_secret_verify(u->value, pw);
	return mgmt_password_check(u->type, u->value, pw);
}

bool
mgmt_enable_set(const struct mgmt_cfg *m)
{
	return m->enable_secret != NULL || m->enable_password != NULL;
}

bool
mgmt_enable_check(const struct mgmt_cfg *m, const char *pw)
{
	/* The secret, when set, takes precedence over the password. */
	if (m->enable_secret != NULL)
		return mgmt_secret_verify(m->enable_secret, pw);
	return mgmt_password_check(m->enable_pw_type, m->enable_password, pw);
}

#define SECRET_HELP                                                            \
	"Specifies an UNENCRYPTED password will follow",                       \
	    "Specifies a MD5 HASHED secret will follow",                       \
	    "Specifies a PBKDF2 HASHED secret will follow",                    \
	    "Specifies a SCRYPT HASHED secret will follow"
#define ALG_HELP                                                               \
	"Algorithm to use for hashing the plaintext secret",                   \
	    "Encode the password using the MD5 algorithm",                     \
	    "Encode the password using the PBKDF2 algorithm",                  \
	    "Encode the password using the SCRYPT algorithm"

static const struct cli_cmd user_cmds[] = {
	{ CLI_MODE_CONFIG, "enable secret [{0|5|8|9}] SECRET:LINE",
	    { "Modify enable password parameters",
		"Assign the privileged level secret (MAX of 25 characters)",
		SECRET_HELP, "The UNENCRYPTED (cleartext) 'enable' secret" },
	    cmd_enable_secret, CLI_F_SECRET },
	{ CLI_MODE_CONFIG,
	    "enable algorithm-type {md5|sha256|scrypt} secret SECRET:LINE",
	    { "Modify enable password parameters", ALG_HELP,
		"Assign the privileged level secret (MAX of 25 characters)",
		"The UNENCRYPTED (cleartext) 'enable' secret" },
	    cmd_enable_secret, CLI_F_SECRET },
	{ CLI_MODE_CONFIG, "enable password [{0|7}] PASSWORD:LINE",
	    { "Modify enable password parameters",
		"Assign the privileged level password (MAX of 25 characters)",
		"Specifies an UNENCRYPTED password will follow",
		"Specifies a HIDDEN password will follow",
		"The UNENCRYPTED (cleartext) 'enable' password" },
	    cmd_enable_password, CLI_F_SECRET },
	{ CLI_MODE_CONFIG,
	    "username NAME [privilege LEVEL:<0-15>] secret [{0|5|8|9}] "
	    "SECRET:LINE",
	    { "Establish User Name Authentication", "User name",
		"Set user privilege level", "User privilege level",
		"Specify the secret for the user", SECRET_HELP,
		"The UNENCRYPTED (cleartext) user secret" },
	    cmd_username, CLI_F_SECRET },
	{ CLI_MODE_CONFIG,
	    "username NAME [privilege LEVEL:<0-15>] algorithm-type "
	    "{md5|sha256|scrypt} secret SECRET:LINE",
	    { "Establish User Name Authentication", "User name",
		"Set user privilege level", "User privilege level", ALG_HELP,
		"Specify the secret for the user",
		"The UNENCRYPTED (cleartext) user secret" },
	    cmd_username, CLI_F_SECRET },
	{ CLI_MODE_CONFIG,
	    "username NAME [privilege LEVEL:<0-15>] password [{0|7}] "
	    "PASSWORD:LINE",
	    { "Establish User Name Authentication", "User name",
		"Set user privilege level", "User privilege level",
		"Specify the password for the user",
		"Specifies an UNENCRYPTED password will follow",
		"Specifies a HIDDEN password will follow",
		"The UNENCRYPTED (cleartext) user password" },
	    cmd_username, CLI_F_SECRET },
	{ CLI_MODE_CONFIG, "username NAME privilege LEVEL:<0-15>",
	    { "Establish User Name Authentication", "User name",
		"Set user privilege level", "User privilege level" },
	    cmd_username, 0 },
	{ CLI_MODE_EXEC, "enable", { "Turn on privileged commands" },
	    cmd_enable, CLI_F_NONO },
	{ CLI_MODE_EXEC, "disable", { "Turn off privileged commands" },
	    cmd_disable, CLI_F_NONO },
};

void
mgmt_users_cli_init(struct cli *c, struct mgmt_cfg *m)
{
	cli_register(c, user_cmds, MGMT_NROWS(user_cmds), m);
}
