/*
 * The SSH server's rows: `ip ssh version 2`, `ip ssh time-out`, `ip ssh
 * authentication-retries`, `crypto key generate {rsa|ec|ecdsa}`, `show ip
 * ssh`, `show ssh` (IOS XE's layout; doc/DESIGN.md "SSH vtys").  Their
 * context is the server (struct ssh_srv), made before the configuration
 * is loaded.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "daemon/ssh.h"

static struct ssh_srv *
SRV(struct cli_ctx *cx)
{
	return cli_module(cx);
}

void
ssh_print(const struct ssh_srv *srv, struct buf *out)
{
	if (srv == NULL)
		return;
	if (srv->version == 2)
		buf_puts(out, "ip ssh version 2\n");
	if (srv->timeout != SSH_TIMEOUT_DEFAULT)
		buf_printf(out, "ip ssh time-out %u\n", srv->timeout);
	if (srv->retries != SSH_RETRIES_DEFAULT)
		buf_printf(out, "ip ssh authentication-retries %u\n",
		    srv->retries);
	ssh_pubkey_print(srv, out);
}

static int
cmd_version(struct cli_ctx *cx, const struct cli_args *a)
{
	if (cli_no(a)) {
		SRV(cx)->version = 0;
		return CLI_OK;
	}
	if (cli_num(a, "V", 2) != 2)
		return cli_error(cx,
		    "SSH version 1 is not supported: zbfw "
		    "speaks SSH version 2 only");
	SRV(cx)->version = 2;
	return CLI_OK;
}

static int
cmd_timeout(struct cli_ctx *cx, const struct cli_args *a)
{
	SRV(cx)->timeout = cli_no(a) ?
	    SSH_TIMEOUT_DEFAULT :
	    (unsigned)cli_num(a, "SECS", SSH_TIMEOUT_DEFAULT);
	return CLI_OK;
}

static int
cmd_retries(struct cli_ctx *cx, const struct cli_args *a)
{
	SRV(cx)->retries = cli_no(a) ?
	    SSH_RETRIES_DEFAULT :
	    (unsigned)cli_num(a, "N", SSH_RETRIES_DEFAULT);
	return CLI_OK;
}

static int
generate(struct cli_ctx *cx, enum ssh_hk t, int bits, const char *what)
{
	struct ssh_srv *srv = SRV(cx);
	time_t t0 = time(NULL);
	int rc;

	if (srv->keydir[0] == '\0')
		return cli_error(cx,
		    "SSH is not enabled: start zbfwd with "
		    "--ssh [ADDR:]PORT");
	cli_printf(cx, "The name for the keys will be: %s\n\n",
	    cli_session_hostname(cli_session(cx)));
	if (t == SSH_HK_RSA)
		cli_printf(cx, "%% The key modulus size is %d bits\n", bits);
	cli_printf(cx,
	    "%% Generating %d bit %s keys, keys will be "
	    "non-exportable...\n",
	    bits, what);
	if ((rc = ssh_key_generate(srv, t, bits)) < 0)
		return cli_error(cx, "Key generation failed: %s",
		    strerror(-rc));
	cli_printf(cx, "[OK] (elapsed time was %ld seconds)\n",
	    (long)(time(NULL) - t0));
	return CLI_OK;
}

static int
cmd_gen_rsa(struct cli_ctx *cx, const struct cli_args *a)
{
	return generate(cx, SSH_HK_RSA,
	    (int)cli_num(a, "BITS", SSH_RSA_DEFAULT), "RSA");
}

static int
cmd_gen_ec(struct cli_ctx *cx, const struct cli_args *a)
{
	return generate(cx, SSH_HK_ECDSA,
	    cli_has(a, "521")	  ? 521 :
		cli_has(a, "384") ? 384 :
				    256,
	    "EC");
}

static void
print_algs(struct cli_ctx *cx, const char *name, const char *list)
{
	cli_printf(cx, "%s:%s\n", name, list);
}

static int
cmd_show_ip_ssh(struct cli_ctx *cx, const struct cli_args *a)
{
	struct ssh_srv *srv = SRV(cx);
	struct buf hk;
	const char *p;
	size_t n;

	if (srv->bind == NULL) {
		cli_puts(cx,
		    "SSH Disabled - version 2.0\n"
		    "%No SSH server: zbfwd was started without --ssh\n");
		print_algs(cx, "Authentication methods",
		    "publickey,keyboard-interactive,password");
		cli_printf(cx,
		    "Authentication timeout: %u secs; "
		    "Authentication retries: %u\n",
		    srv->timeout, srv->retries);
		return CLI_OK;
	}
	buf_init(&hk);
	if (srv->pub[SSH_HK_ED25519] != NULL)
		buf_puts(&hk, "ssh-ed25519,");
	if (srv->pub[SSH_HK_ECDSA] != NULL)
		buf_printf(&hk, "ecdsa-sha2-nistp%d,", srv->bits[SSH_HK_ECDSA]);
	if (srv->pub[SSH_HK_RSA] != NULL)
		buf_puts(&hk, "rsa-sha2-512,rsa-sha2-256,ssh-rsa,");
	if (hk.len > 0)
		hk.p[--hk.len] = '\0';
	cli_puts(cx, "SSH Enabled - version 2.0\n");
	print_algs(cx, "Authentication methods",
	    "publickey,keyboard-interactive,password");
	print_algs(cx, "Authentication Publickey Algorithms", SSH_PUBKEY_ALGS);
	print_algs(cx, "Hostkey Algorithms", hk.len > 0 ? hk.p : "");
	print_algs(cx, "Encryption Algorithms", SSH_CIPHERS);
	print_algs(cx, "MAC Algorithms", SSH_MACS);
	print_algs(cx, "KEX Algorithms", SSH_KEX);
	cli_printf(cx,
	    "Authentication timeout: %u secs; Authentication "
	    "retries: %u\n",
	    srv->timeout, srv->retries);
	cli_puts(cx, "Minimum expected Diffie Hellman key size : 2048 bits\n");
	if (srv->pub[SSH_HK_RSA] != NULL) {
		cli_printf(cx,
		    "IOS Keys in SECSH format(ssh-rsa, base64 "
		    "encoded): %s\n",
		    cli_session_hostname(cli_session(cx)));
		/* In lines of 80 characters, as IOS prints it. */
		for (p = srv->pub[SSH_HK_RSA]; *p != '\0'; p += n) {
			n = strnlen(p, 80);
			cli_printf(cx, "%.*s\n", (int)n, p);
		}
	}
	buf_free(&hk);
	return CLI_OK;
}

static const char *
conn_state(const struct sshc *c)
{
	return !c->kex_done		? "Negotiating" :
	    !c->authed			? "Authenticating" :
	    c->shell || c->exec != NULL ? "Session started" :
					  "Authenticated";
}

static int
cmd_show_ssh(struct cli_ctx *cx, const struct cli_args *a)
{
	struct ssh_srv *srv = SRV(cx);
	const struct sshc *c;
	const char *enc, *mac;
	int dir, n = 0;

	TAILQ_FOREACH(c, &srv->conns, entry) {
		if (c->closed)
			continue;
		if (n++ == 0)
			cli_puts(cx,
			    "Connection Version Mode Encryption  Hmac"
			    "\t State\t\t       Username\n");
		for (dir = 0; dir < 2; dir++) {
			enc = c->kex_done ?
			    (dir == 0 ? ssh_get_cipher_in(c->s) :
					ssh_get_cipher_out(c->s)) :
			    NULL;
			mac = c->kex_done ?
			    (dir == 0 ? ssh_get_hmac_in(c->s) :
					ssh_get_hmac_out(c->s)) :
			    NULL;
			cli_printf(cx, "%-10d %-7s %-4s %-11s %-13s %-21s %s\n",
			    c->line, "2.0", dir == 0 ? "IN" : "OUT",
			    enc != NULL ? enc : "-", mac != NULL ? mac : "-",
			    conn_state(c), c->authed ? c->ft.fe.user : "");
		}
	}
	if (n == 0)
		cli_puts(cx, "%No SSHv2 server connections running.\n");
	cli_puts(cx, "%No SSHv1 server connections running.\n");
	return CLI_OK;
}

static const struct cli_cmd ssh_cmds[] = {
	{ CLI_MODE_CONFIG, "ip ssh version V:<1-2>",
	    { "Global IP configuration subcommands", "Configure ssh options",
		"Specify protocol version to be "
		"supported",
		"Protocol version" },
	    cmd_version, 0 },
	{ CLI_MODE_CONFIG, "ip ssh time-out SECS:<1-120>",
	    { "Global IP configuration subcommands", "Configure ssh options",
		"Specify SSH time-out interval",
		"SSH time-out interval (secs)" },
	    cmd_timeout, 0 },
	{ CLI_MODE_CONFIG, "ip ssh authentication-retries N:<0-5>",
	    { "Global IP configuration subcommands", "Configure ssh options",
		"Specify number of authentication "
		"retries",
		"Number of authentication retries" },
	    cmd_retries, 0 },
	{ CLI_MODE_CONFIG,
	    "crypto key generate rsa [general-keys] "
	    "[modulus BITS:<1024-4096>]",
	    { "Encryption module", "Long term key operations",
		"Generate new keys", "Generate RSA keys",
		"Generate a general purpose RSA key pair for signing and "
		"encryption",
		"Provide number of modulus bits on the command "
		"line",
		"size of the key modulus [1024-4096]" },
	    cmd_gen_rsa, CLI_F_NONO },
	{ CLI_MODE_CONFIG,
	    "crypto key generate {ec|ecdsa} "
	    "[keysize {256|384|521}]",
	    { "Encryption module", "Long term key operations",
		"Generate new keys", "Generate EC keys for ECDSA",
		"Generate EC keys for ECDSA (zbfw's alias of ec)",
		"Number of bits in the EC key", "P256 Elliptic Curve",
		"P384 Elliptic Curve", "P521 Elliptic Curve" },
	    cmd_gen_ec, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show ip ssh",
	    { "Show running system information", "IP information",
		"Information on SSH" },
	    cmd_show_ip_ssh, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show ssh",
	    { "Show running system information",
		"Status of SSH server connections" },
	    cmd_show_ssh, CLI_F_NONO },
};

void
ssh_cli_init(struct cli *cli, struct ssh_srv *srv)
{
	ssh_pubkey_cli_init(cli, srv);
	cli_register(cli, ssh_cmds, sizeof(ssh_cmds) / sizeof(ssh_cmds[0]),
	    srv);
}
