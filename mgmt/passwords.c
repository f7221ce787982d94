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

/* service password-encryption: existing clear passwords become type 7. */

static void
encrypt_one(int *type, char **pw)
{
	char *v;

	if (*type != 0 || *pw == NULL || (v = mgmt_t7_encode(*pw)) == NULL)
		return;
	explicit_bzero(*pw, strlen(*pw));
	free(*pw);
	*pw = v;
	*type = 7;
}

static int
cmd_service_pwenc(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = mgmt_of(cx);
	size_t i;

	m->pw_encryption = !cli_no(a);
	if (!m->pw_encryption)
		return CLI_OK;
	encrypt_one(&m->enable_pw_type, &m->enable_password);
	for (i = 0; i < m->nusers; i++)
		if (!m->users[i].secret)
			encrypt_one(&m->users[i].type, &m->users[i].value);
	encrypt_one(&m->con.pw_type, &m->con.password);
	for (i = 0; i < MGMT_VTY_MAX; i++)
		encrypt_one(&m->vty[i].pw_type, &m->vty[i].password);
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
