/*
 * How passwords are kept: clear text or type 7 (`password [0|7] X`, and
 * every clear one turned into type 7 by `service password-encryption`),
 * and how a typed password is checked against them.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mgmt/mgmt.h"
#include "mgmt/mgmt_int.h"
#include "mgmt/secret.h"

void
mgmt_pw_drop(char *pw)
{
	if (pw != NULL)
		explicit_bzero(pw, strlen(pw));
	free(pw);
}

/* Deterministic type 7 offset, so that a saved file prints the same. */
static unsigned
t7_offset(const char *pw)
{
	unsigned sum = 0;

	while (*pw != '\0')
		sum += (unsigned char)*pw++;
	return sum % 16;
}

char *
mgmt_t7_encode(const char *pw)
{
	size_t n = 2 * strlen(pw) + 3;
	char *out;

	if ((out = malloc(n)) == NULL)
		return NULL;
	if (mgmt_secret_type7_encode(pw, t7_offset(pw), out, n) < 0) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * A `password [0|7] X`: store clear text (type 0) or type 7; with
 * service password-encryption a clear one is stored as type 7.
 */
int
mgmt_password_set(struct cli_ctx *cx, const struct cli_args *a, const char *val,
    int *type, char **store)
{
	struct mgmt_cfg *m = mgmt_of(cx);
	char dec[256];
	char *v;
	int t = cli_has(a, "7") ? 7 : 0;

	if (t == 7 && mgmt_secret_type7_decode(val, dec, sizeof(dec)) < 0)
		return cli_error(cx, "Invalid encrypted password: %s", val);
	explicit_bzero(dec, sizeof(dec));
	if (t == 0 && m->pw_encryption) {
		v = mgmt_t7_encode(val);
		t = 7;
	} else
		v = strdup(val);
	if (v == NULL)
		return cli_error(cx, "Out of memory");
	if (*store != NULL)
		explicit_bzero(*store, strlen(*store));
	free(*store);
	*store = v;
	*type = t;
	return CLI_OK;
}

bool
mgmt_password_check(int type, const char *stored, const char *pw)
{
	char dec[256];
	bool ok;

	if (stored == NULL)
		return false;
	if (type == 7) {
		if (mgmt_secret_type7_decode(stored, dec, sizeof(dec)) < 0)
			return false;
		ok = mgmt_secret_equal(dec, pw);
		explicit_bzero(dec, sizeof(dec));
		return ok;
	}
	return mgmt_secret_equal(stored, pw);
}

/* service password-encryption: existing clear passwords become type 7,
 * all of them or (out of memory) none. */

struct pwenc {
	char **enc; /* the type 7 forms, in visiting order */
	size_t n, i;
	bool nomem;
};

/* fn on every password kept clear (type 0); not on the hashed secrets. */
static void
each_clear(struct mgmt_cfg *m, void (*fn)(int *, char **, struct pwenc *),
    struct pwenc *e)
{
	size_t i;

	e->i = 0;
	if (m->enable_pw_type == 0 && m->enable_password != NULL)
		fn(&m->enable_pw_type, &m->enable_password, e);
	for (i = 0; i < m->nusers; i++)
		if (!m->users[i].secret && m->users[i].type == 0 &&
		    m->users[i].value != NULL)
			fn(&m->users[i].type, &m->users[i].value, e);
	if (m->con.pw_type == 0 && m->con.password != NULL)
		fn(&m->con.pw_type, &m->con.password, e);
	for (i = 0; i < MGMT_VTY_MAX; i++)
		if (m->vty[i].pw_type == 0 && m->vty[i].password != NULL)
			fn(&m->vty[i].pw_type, &m->vty[i].password, e);
}

static void
count_one(int *type, char **pw, struct pwenc *e)
{
	e->n++;
}

static void
encode_one(int *type, char **pw, struct pwenc *e)
{
	if (!e->nomem && (e->enc[e->i] = mgmt_t7_encode(*pw)) == NULL)
		e->nomem = true;
	e->i++;
}

static void
swap_one(int *type, char **pw, struct pwenc *e)
{
	mgmt_pw_drop(*pw);
	*pw = e->enc[e->i++];
	*type = 7;
}

static int
cmd_service_pwenc(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = mgmt_of(cx);
	struct pwenc e = { NULL, 0, 0, false };
	size_t i;

	if (cli_no(a)) {
		m->pw_encryption = false;
		return CLI_OK;
	}
	each_clear(m, count_one, &e);
	if (e.n > 0) {
		if ((e.enc = calloc(e.n, sizeof(*e.enc))) == NULL)
			e.nomem = true;
		else
			each_clear(m, encode_one, &e);
		if (e.nomem) {
			for (i = 0; e.enc != NULL && i < e.n; i++)
				mgmt_pw_drop(e.enc[i]);
			free(e.enc);
			return cli_error(cx,
			    "Out of memory: passwords not "
			    "encrypted");
		}
		each_clear(m, swap_one, &e);
		free(e.enc);
	}
	m->pw_encryption = true;
	return CLI_OK;
}

static const struct cli_cmd pwenc_cmds[] = {
	{ CLI_MODE_CONFIG, "service password-encryption",
	    { "Modify use of network based services",
		"Encrypt system passwords" },
	    cmd_service_pwenc, 0 },
};

void
mgmt_passwords_cli_init(struct cli *c, struct mgmt_cfg *m)
{
	cli_register(c, pwenc_cmds, MGMT_NROWS(pwenc_cmds), m);
}
