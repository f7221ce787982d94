/* IOS secrets: types 5, 7, 8 and 9 (see secret.h). */
#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "mgmt/secret.h"

static const char b64[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

#define CISCO_SALT 14
#define CISCO_HASH 43 /* 32 bytes in unpadded base64 */

/* Standard base64 bit order, Cisco alphabet, no padding. */
static void
enc64(const unsigned char *in, size_t n, char *out)
{
	size_t i;
	unsigned v;
	char *o = out;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 |
		    in[i + 2];
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = b64[v >> 6 & 63];
		*o++ = b64[v & 63];
	}
	if (n - i == 1) {
		v = (unsigned)in[i] << 16;
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
	} else if (n - i == 2) {
		v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = b64[v >> 6 & 63];
	}
	*o = '\0';
}

static bool
in_alphabet(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(b64, s[i]) == NULL)
			return false;
	return true;
}

static int
random_salt(char *salt, size_t n)
{
	unsigned char r[32];
	size_t i;

	if (n > sizeof(r) || RAND_bytes(r, (int)n) != 1)
		return -EIO;
	for (i = 0; i < n; i++)
		salt[i] = b64[r[i] & 63];
	salt[n] = '\0';
	return 0;
}

static int
cisco_derive(int type, const char *pw, const char *salt, unsigned char *key)
{
	size_t plen = strlen(pw);

	if (type == 8)
		return PKCS5_PBKDF2_HMAC(pw, (int)plen,
			   (const unsigned char *)salt, CISCO_SALT, 20000,
			   EVP_sha256(), 32, key) == 1 ?
		    0 :
		    -EIO;
	return EVP_PBE_scrypt(pw, plen, (const unsigned char *)salt, CISCO_SALT,
		   16384, 1, 1, 64u * 1024 * 1024, key, 32) == 1 ?
	    0 :
	    -EIO;
}

int
mgmt_secret_hash(int type, const char *pw, const char *salt, char *out,
    size_t outlen)
{
	char s[CISCO_SALT + 1], setting[32], hash[CISCO_HASH + 1];
	unsigned char key[32];
	struct crypt_data *cd;
	const char *r;
	int rc;

	if (type == 5) {
		if (salt == NULL) {
			if ((rc = random_salt(s, 4)) < 0)
				return rc;
			salt = s;
		}
		if (strlen(salt) > 8 || !in_alphabet(salt, strlen(salt)))
			return -EINVAL;
		snprintf(setting, sizeof(setting), "$1$%s$", salt);
		if ((cd = calloc(1, sizeof(*cd))) == NULL)
			return -ENOMEM;
		r = crypt_r(pw, setting, cd);
		if (r == NULL || r[0] != '$') {
			free(cd);
			return -EIO;
		}
		rc = snprintf(out, outlen, "%s", r) >= (int)outlen ? -ENOSPC :
								     0;
		free(cd);
		return rc;
	}
	if (type != 8 && type != 9)
		return -EINVAL;
	if (salt == NULL) {
		if ((rc = random_salt(s, CISCO_SALT)) < 0)
			return rc;
		salt = s;
	}
	if (strlen(salt) != CISCO_SALT || !in_alphabet(salt, CISCO_SALT))
		return -EINVAL;
	if ((rc = cisco_derive(type, pw, salt, key)) < 0)
		return rc;
	enc64(key, sizeof(key), hash);
	OPENSSL_cleanse(key, sizeof(key));
	if (snprintf(out, outlen, "$%d$%s$%s", type, salt, hash) >= (int)outlen)
		return -ENOSPC;
	return 0;
}

int
mgmt_secret_type(const char *s)
{
	if (strncmp(s, "$1$", 3) == 0)
		return 5;
	if (strncmp(s, "$8$", 3) == 0)
		return 8;
	if (strncmp(s, "$9$", 3) == 0)
		return 9;
	return -1;
}

bool
mgmt_secret_valid(int type, const char *s)
{
	const char *d;
	size_t n = strlen(s);

	if (mgmt_secret_type(s) != type)
		return false;
	if (type == 5) {
		/* $1$SALT$HASH: salt up to 8, hash 22 characters */
		if ((d = strchr(s + 3, '$')) == NULL || d - (s + 3) > 8 ||
		    !in_alphabet(s + 3, (size_t)(d - (s + 3))))
			return false;
		return strlen(d + 1) == 22 && in_alphabet(d + 1, 22);
	}
	return n == 3 + CISCO_SALT + 1 + CISCO_HASH &&
	    in_alphabet(s + 3, CISCO_SALT) && s[3 + CISCO_SALT] == '$' &&
	    in_alphabet(s + 4 + CISCO_SALT, CISCO_HASH);
}

bool
mgmt_secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return false;
	return CRYPTO_memcmp(a, b, la) == 0;
}

bool
mgmt_secret_verify(const char *stored, const char *pw)
{
	char salt[CISCO_SALT + 1], out[MGMT_SECRET_MAX];
	int type = mgmt_secret_type(stored);
	bool ok;

	if (type < 0 || !mgmt_secret_valid(type, stored))
		return false;
	if (type == 5) {
		const char *d = strchr(stored + 3, '$');
		size_t n = (size_t)(d - (stored + 3));

		memcpy(salt, stored + 3, n);
		salt[n] = '\0';
	} else {
		memcpy(salt, stored + 3, CISCO_SALT);
		salt[CISCO_SALT] = '\0';
	}
	if (mgmt_secret_hash(type, pw, salt, out, sizeof(out)) < 0)
		return false;
	ok = mgmt_secret_equal(out, stored);
	OPENSSL_cleanse(out, sizeof(out));
	return ok;
}

/* The type 7 key (reference §6.1, as netutils and every IOS tool use). */
static const char xlat[] =
    "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

int
mgmt_secret_type7_encode(const char *pw, unsigned offset, char *out,
    size_t outlen)
{
	size_t i, n = strlen(pw);
	const size_t klen = sizeof(xlat) - 1;

	if (offset > 15)
		return -EINVAL;
	if (outlen < 2 + 2 * n + 1)
		return -ENOSPC;
	snprintf(out, outlen, "%02u", offset);
	for (i = 0; i < n; i++)
		snprintf(out + 2 + 2 * i, 3, "%02X",
		    (unsigned char)pw[i] ^
			(unsigned char)xlat[(offset + i) % klen]);
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
mgmt_secret_type7_decode(const char *enc, char *out, size_t outlen)
{
	size_t i, n = strlen(enc), klen = sizeof(xlat) - 1;
	unsigned offset;
	int hi, lo;

	if (n < 2 || n % 2 != 0 || enc[0] < '0' || enc[0] > '9' ||
	    enc[1] < '0' || enc[1] > '9')
		return -EINVAL;
	offset = (unsigned)(enc[0] - '0') * 10 + (unsigned)(enc[1] - '0');
	if (offset >= klen || outlen < (n - 2) / 2 + 1)
		return -EINVAL;
	for (i = 0; 2 + 2 * i < n; i++) {
		if ((hi = hexval(enc[2 + 2 * i])) < 0 ||
		    (lo = hexval(enc[3 + 2 * i])) < 0)
			return -EINVAL;
		out[i] = (char)((hi << 4 | lo) ^
		    (unsigned char)xlat[(offset + i) % klen]);
		if (out[i] == '\0')
			return -EINVAL;
	}
	out[i] = '\0';
	return 0;
}
