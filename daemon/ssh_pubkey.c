/*
 * ip ssh pubkey-chain: users' public keys for SSH public-key login.
 *
 *   ip ssh pubkey-chain
 *     username NAME
 *      key-string          the key's base64 on the following lines
 *      key-hash TYPE HEX [COMMENT]
 *
 * As IOS, the key is kept (and printed) as the MD5 hash of its blob, so
 * a pasted key-string becomes a `key-hash` line once the lines typed
 * since `key-string` decode to a whole key.  The typed text lives in the
 * user's entry until then.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/ssh.h"

static struct ssh_srv *
SRV(struct cli_ctx *cx)
{
	return cli_module(cx);
}

static struct ssh_pkuser *
pk_find(const struct ssh_srv *srv, const char *name)
{
	size_t i;

	for (i = 0; i < srv->npk; i++)
		if (strcmp(srv->pk[i].name, name) == 0)
			return &srv->pk[i];
	return NULL;
}

static int
cmd_chain(struct cli_ctx *cx, const struct cli_args *a)
{
	struct ssh_srv *srv = SRV(cx);

	if (cli_no(a)) {
		ssh_pubkey_free(srv);
		return CLI_OK;
	}
	srv->pk_chain = true;
	return cli_enter(cx, CLI_MODE_SSH_PK, NULL, NULL);
}

static int
cmd_user(struct cli_ctx *cx, const struct cli_args *a)
{
	struct ssh_srv *srv = SRV(cx);
	const char *name = cli_arg(a, "NAME");
	struct ssh_pkuser *u = pk_find(srv, name), *n;

	if (cli_no(a)) {
		if (u != NULL) {
			buf_free(&u->partial);
			*u = srv->pk[--srv->npk];
		}
		return CLI_OK;
	}
	if (strlen(name) >= sizeof(u->name))
		return cli_error(cx, "Username too long");
	if (u == NULL) {
		if ((n = realloc(srv->pk, (srv->npk + 1) * sizeof(*n))) == NULL)
			return cli_error(cx, "Out of memory");
		srv->pk = n;
		u = &srv->pk[srv->npk++];
		memset(u, 0, sizeof(*u));
		snprintf(u->name, sizeof(u->name), "%s", name);
		buf_init(&u->partial);
	}
	return cli_enter(cx, CLI_MODE_SSH_PKUSER, name, NULL);
}

static int
add_hash(struct cli_ctx *cx, struct ssh_pkuser *u, const char *type,
    const char *hash, const char *comment)
{
	struct ssh_pkkey *k;
	int i;

	for (i = 0; i < u->nkeys; i++)
		if (strcmp(u->keys[i].hash, hash) == 0)
			return CLI_OK;
	if (u->nkeys == SSH_PK_MAX)
		return cli_error(cx, "No more than %d keys per user",
		    SSH_PK_MAX);
	k = &u->keys[u->nkeys++];
	snprintf(k->type, sizeof(k->type), "%s", type);
	snprintf(k->hash, sizeof(k->hash), "%s", hash);
	snprintf(k->comment, sizeof(k->comment), "%s",
	    comment != NULL ? comment : "");
	return CLI_OK;
}

/* The MD5 of the key's blob in upper-case hex (what IOS prints). */
static int
key_md5(ssh_key key, char hex[33])
{
	unsigned char *h = NULL;
	size_t n = 0, i;

	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_MD5, &h, &n) < 0 ||
	    n != 16) {
		ssh_clean_pubkey_hash(&h);
		return -1;
	}
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02X", h[i]);
	ssh_clean_pubkey_hash(&h);
	return 0;
}

static int
cmd_key_hash(struct cli_ctx *cx, const struct cli_args *a)
{
	struct ssh_pkuser *u = pk_find(SRV(cx), cli_obj(cx, 0));
	const char *hash = cli_arg(a, "HEX");
	char up[33];
	int i, j;

	if (u == NULL)
		return cli_error(cx, "No such user");
	if (cli_no(a)) {
		for (i = 0; i < u->nkeys; i++)
			if (hash == NULL ||
			    strcasecmp(u->keys[i].hash, hash) == 0) {
				for (j = i; j + 1 < u->nkeys; j++)
					u->keys[j] = u->keys[j + 1];
				u->nkeys--;
				i--;
			}
		return CLI_OK;
	}
	for (i = 0; hash[i] != '\0' && i < 32; i++) {
		if (!isxdigit((unsigned char)hash[i]))
			break;
		up[i] = (char)toupper((unsigned char)hash[i]);
	}
	if (i != 32 || hash[i] != '\0')
		return cli_error(cx,
		    "Invalid key hash: 32 hexadecimal digits "
		    "(MD5) expected");
	up[32] = '\0';
	return add_hash(cx, u, cli_arg(a, "TYPE"), up, cli_arg(a, "COMMENT"));
}

static int
cmd_key_string(struct cli_ctx *cx, const struct cli_args *a)
{
	struct ssh_pkuser *u = pk_find(SRV(cx), cli_obj(cx, 0));

	if (u == NULL)
		return cli_error(cx, "No such user");
	buf_reset(&u->partial);
	return cli_enter(cx, CLI_MODE_SSH_PKDATA, u->name, NULL);
}

/*
 * A line of key data: its base64 is added to what came before; once the
 * whole decodes to a key, that key's hash is the user's.  A leading key
 * type (pasting "ssh-rsa AAAA... comment") is taken as the type, a
 * trailing word as the comment.
 */
static int
cmd_key_data(struct cli_ctx *cx, const struct cli_args *a)
{
	struct ssh_pkuser *u = pk_find(SRV(cx), cli_obj(cx, 0));
	const char *p = cli_arg(a, "DATA");
	const char *comment = NULL;
	ssh_key key = NULL;
	char hex[33], type[32];
	int rc;

	if (u == NULL)
		return cli_error(cx, "No such user");
	while (*p != '\0') {
		size_t n = strcspn(p, " \t");

		if (n > 0 &&
		    (strncmp(p, "ssh-", 4) == 0 ||
			strncmp(p, "ecdsa-", 6) == 0))
			; /* the type: from the blob */
		else if (n > 0 && u->partial.len > 0 && p[n] == '\0' &&
		    strchr(p, '@') != NULL)
			comment = p;
		else if (buf_append(&u->partial, p, n) < 0)
			return cli_error(cx, "Out of memory");
		p += n;
		p += strspn(p, " \t");
	}
	if (u->partial.len == 0 || u->partial.len % 4 != 0)
		return CLI_OK;
	/* The type is the blob's first string; try each family. */
	if (ssh_pki_import_pubkey_base64(u->partial.p, SSH_KEYTYPE_RSA, &key) !=
		SSH_OK &&
	    ssh_pki_import_pubkey_base64(u->partial.p, SSH_KEYTYPE_ED25519,
		&key) != SSH_OK &&
	    ssh_pki_import_pubkey_base64(u->partial.p, SSH_KEYTYPE_ECDSA_P256,
		&key) != SSH_OK &&
	    ssh_pki_import_pubkey_base64(u->partial.p, SSH_KEYTYPE_ECDSA_P384,
		&key) != SSH_OK &&
	    ssh_pki_import_pubkey_base64(u->partial.p, SSH_KEYTYPE_ECDSA_P521,
		&key) != SSH_OK)
		return CLI_OK; /* more lines to come */
	snprintf(type, sizeof(type), "%s",
	    ssh_key_type_to_char(ssh_key_type(key)));
	rc = key_md5(key, hex);
	ssh_key_free(key);
	buf_reset(&u->partial);
	if (rc < 0)
		return cli_error(cx, "Invalid key");
	return add_hash(cx, u, type, hex, comment);
}

bool
ssh_pubkey_known(const struct ssh_srv *srv, const char *user, ssh_key key)
{
	const struct ssh_pkuser *u = pk_find(srv, user);
	char hex[33];
	int i;

	if (u == NULL || key_md5(key, hex) < 0)
		return false;
	for (i = 0; i < u->nkeys; i++)
		if (strcmp(u->keys[i].hash, hex) == 0)
			return true;
	return false;
}

void
ssh_pubkey_print(const struct ssh_srv *srv, struct buf *out)
{
	size_t i;
	int k;

	if (!srv->pk_chain)
		return;
	buf_puts(out, "ip ssh pubkey-chain\n");
	for (i = 0; i < srv->npk; i++) {
		buf_printf(out, "  username %s\n", srv->pk[i].name);
		for (k = 0; k < srv->pk[i].nkeys; k++)
			buf_printf(out, "   key-hash %s %s%s%s\n",
			    srv->pk[i].keys[k].type, srv->pk[i].keys[k].hash,
			    srv->pk[i].keys[k].comment[0] != '\0' ? " " : "",
			    srv->pk[i].keys[k].comment);
	}
}

void
ssh_pubkey_free(struct ssh_srv *srv)
{
	size_t i;

	for (i = 0; i < srv->npk; i++)
		buf_free(&srv->pk[i].partial);
	free(srv->pk);
	srv->pk = NULL;
	srv->npk = 0;
	srv->pk_chain = false;
}

static const struct cli_cmd pk_cmds[] = {
	{ CLI_MODE_CONFIG, "ip ssh pubkey-chain",
	    { "Global IP configuration subcommands", "Configure ssh options",
		"pubkey-chain" },
	    cmd_chain, 0 },
	{ CLI_MODE_SSH_PK, "username NAME",
	    { "Configure a user's public key", "SSH user name" }, cmd_user, 0 },
	{ CLI_MODE_SSH_PKUSER, "key-string", { "Enter a public key string" },
	    cmd_key_string, CLI_F_NONO },
	{ CLI_MODE_SSH_PKUSER,
	    "key-hash TYPE:{ssh-rsa|ssh-ed25519|"
	    "ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521} "
	    "HEX [COMMENT]",
	    { "Enter a public key hash", "An SSH RSA key", "An SSH Ed25519 key",
		"An SSH ECDSA P-256 key", "An SSH ECDSA P-384 key",
		"An SSH ECDSA P-521 key", "MD5 hash of the key (32 hex digits)",
		"Key name" },
	    cmd_key_hash, 0 },
	{ CLI_MODE_SSH_PKDATA, "DATA:LINE",
	    { "Key data (base64), ended by exit" }, cmd_key_data, CLI_F_NONO },
};

void
ssh_pubkey_cli_init(struct cli *cli, struct ssh_srv *srv)
{
	cli_register(cli, pk_cmds, sizeof(pk_cmds) / sizeof(pk_cmds[0]), srv);
}
