/*
 * The SSH host keys: one OpenSSH private key file per type in the key
 * directory (beside the startup-config, or zbfwd -K DIR), mode 0600,
 * written to a temporary file and renamed into place.  RSA and Ed25519
 * keys are made on the first start; `crypto key generate` replaces one.
 * The private keys are never printed; `show ip ssh` shows the public RSA
 * key as IOS does.  The generation runs in the loop: milliseconds for EC
 * keys and RSA 2048, seconds for RSA 4096 (as on IOS, a deliberate act).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "daemon/ssh.h"
#include "lib/log.h"

static const char *const hk_file[SSH_HK_N] = {
	[SSH_HK_ED25519] = "ssh_host_ed25519_key",
	[SSH_HK_ECDSA] = "ssh_host_ecdsa_key",
	[SSH_HK_RSA] = "ssh_host_rsa_key",
};

static int
hk_path(const struct ssh_srv *srv, enum ssh_hk t, char *dst, size_t len)
{
	if (snprintf(dst, len, "%s/%s", srv->keydir, hk_file[t]) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

static int
hk_write(const struct ssh_srv *srv, enum ssh_hk t, ssh_key key)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	char *pem = NULL;
	size_t n;
	int fd, rc = 0;

	if ((rc = hk_path(srv, t, path, sizeof(path))) < 0)
		return rc;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if (ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &pem) !=
	    SSH_OK)
		return -EINVAL;
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) <
	    0) {
		rc = -errno;
		goto out;
	}
	n = strlen(pem);
	if (write(fd, pem, n) != (ssize_t)n || fsync(fd) < 0)
		rc = errno != 0 ? -errno : -EIO;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -errno;
	if (rc < 0)
		(void)unlink(tmp);
out:
	explicit_bzero(pem, strlen(pem));
	ssh_string_free_char(pem);
	return rc;
}

static enum ssh_keytypes_e
hk_type(enum ssh_hk t, int bits)
{
	if (t == SSH_HK_RSA)
		return SSH_KEYTYPE_RSA;
	if (t == SSH_HK_ED25519)
		return SSH_KEYTYPE_ED25519;
	return bits == 521 ? SSH_KEYTYPE_ECDSA_P521 :
	    bits == 384	   ? SSH_KEYTYPE_ECDSA_P384 :
			     SSH_KEYTYPE_ECDSA_P256;
}

/* The size of a key from its public blob (RFC 4253 6.6: string type,
 * then for RSA mpint e, mpint n; ECDSA names the curve). */
static int
hk_bits(enum ssh_hk t, const char *b64)
{
	unsigned char blob[2048];
	size_t off = 0, i, len = strlen(b64), n;
	uint32_t f;
	int k;

	if (t == SSH_HK_ED25519)
		return 256;
	if (t == SSH_HK_ECDSA)
		return strstr(b64, "AAAAE2VjZHNhLXNoYTItbmlzdHA1MjE") ? 521 :
		    strstr(b64, "AAAAE2VjZHNhLXNoYTItbmlzdHAzODQ")    ? 384 :
									256;
	if (len > 4 * (sizeof(blob) / 3) ||
	    (k = EVP_DecodeBlock(blob, (const unsigned char *)b64, (int)len)) <
		0)
		return 0;
	n = (size_t)k;
	for (i = 0; i < 3; i++) { /* type, e, n */
		if (off + 4 > n)
			return 0;
		f = (uint32_t)blob[off] << 24 | (uint32_t)blob[off + 1] << 16 |
		    (uint32_t)blob[off + 2] << 8 | blob[off + 3];
		off += 4;
		if (f > n - off)
			return 0;
		if (i == 2) {
			while (f > 0 && blob[off] == 0) {
				off++;
				f--;
			}
			return (int)f * 8;
		}
		off += f;
	}
	return 0;
}

/* Remember the public half for `show ip ssh`. */
static void
hk_note(struct ssh_srv *srv, enum ssh_hk t, ssh_key key)
{
	char *b64 = NULL;

	free(srv->pub[t]);
	srv->pub[t] = NULL;
	srv->bits[t] = 0;
	if (ssh_pki_export_pubkey_base64(key, &b64) == SSH_OK) {
		srv->bits[t] = hk_bits(t, b64);
		if (asprintf(&srv->pub[t], "%s %s",
			ssh_key_type_to_char(ssh_key_type(key)), b64) < 0)
			srv->pub[t] = NULL;
		ssh_string_free_char(b64);
	}
}

int
ssh_keys_load(struct ssh_srv *srv)
{
	static const bool no = false;
	char path[PATH_MAX];
	ssh_bind b;
	ssh_key key;
	int t, rc;

	if ((b = ssh_bind_new()) == NULL)
		return -ENOMEM;
	ssh_bind_options_set(b, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no);
	if (ssh_bind_options_set(b, SSH_BIND_OPTIONS_CIPHERS_C_S, SSH_CIPHERS) <
		0 ||
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_CIPHERS_S_C, SSH_CIPHERS) <
		0 ||
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_HMAC_C_S, SSH_MACS) < 0 ||
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_HMAC_S_C, SSH_MACS) < 0 ||
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_KEY_EXCHANGE, SSH_KEX) <
		0 ||
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_PUBKEY_ACCEPTED_KEY_TYPES,
		SSH_PUBKEY_ALGS) < 0) {
		ssh_bind_free(b);
		return -EINVAL;
	}
	for (t = 0; t < SSH_HK_N; t++) {
		if ((rc = hk_path(srv, t, path, sizeof(path))) < 0)
			goto fail;
		key = NULL;
		if (access(path, F_OK) == 0) {
			if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL,
				&key) != SSH_OK) {
				log_warnx("%s: not a private key", path);
				rc = -EINVAL;
				goto fail;
			}
		} else if (t == SSH_HK_ECDSA)
			continue; /* only from crypto key generate */
		else {
			if (ssh_pki_generate(hk_type(t, 0),
				t == SSH_HK_RSA ? SSH_RSA_DEFAULT : 0,
				&key) != SSH_OK) {
				rc = -ENOMEM;
				goto fail;
			}
			if ((rc = hk_write(srv, t, key)) < 0) {
				ssh_key_free(key);
				goto fail;
			}
			log_info("zbfwd: made the SSH host key %s", path);
		}
		hk_note(srv, t, key);
		/* The bind owns the key from here. */
		if (ssh_bind_options_set(b, SSH_BIND_OPTIONS_IMPORT_KEY, key) <
		    0) {
			ssh_key_free(key);
			rc = -EINVAL;
			goto fail;
		}
	}
	if (srv->bind != NULL)
		ssh_bind_free(srv->bind); /* sessions hold copies */
	srv->bind = b;
	return 0;
fail:
	ssh_bind_free(b);
	return rc;
}

int
ssh_key_generate(struct ssh_srv *srv, enum ssh_hk t, int bits)
{
	ssh_key key = NULL;
	int rc;

	if (srv->keydir[0] == '\0')
		return -ENOTCONN;
	if (ssh_pki_generate(hk_type(t, bits), bits, &key) != SSH_OK)
		return -EINVAL;
	rc = hk_write(srv, t, key);
	ssh_key_free(key);
	if (rc < 0)
		return rc;
	return ssh_keys_load(srv);
}
