/*
 * Internal to mgmt/ (and its unit tests).
 * IOS password and secret formats (reference §6.1):
 *   type 0  clear text (never printed for `secret`)
 *   type 7  the reversible Vigenere-style obfuscation of
 *           `service password-encryption`
 *   type 5  MD5-crypt "$1$SALT$HASH" (libcrypt)
 *   type 8  "$8$" + 14-char salt + "$" + PBKDF2-HMAC-SHA256, 20000
 *           iterations, 32 bytes (OpenSSL)
 *   type 9  "$9$" + 14-char salt + "$" + scrypt N=16384 r=1 p=1, 32 bytes
 *           (OpenSSL)
 * Types 8 and 9 encode with base64 over the alphabet ./0-9A-Za-z, no
 * padding (43 characters).
 */
#ifndef ZB_MGMT_SECRET_H
#define ZB_MGMT_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define MGMT_SECRET_MAX 128 /* longest hashed form, with NUL */

/* Hash pw as type 5, 8 or 9 with a random salt (salt NULL) or the given
 * one.  Returns 0 or -errno. */
int mgmt_secret_hash(int type, const char *pw, const char *salt, char *out,
    size_t outlen);
/* Is s a well-formed hash of the given type (5, 8, 9)? */
bool mgmt_secret_valid(int type, const char *s);
/* The type of a stored hash ("$1$" = 5, "$8$", "$9$"), or -1. */
int mgmt_secret_type(const char *s);
/* Does pw match the stored hash (types 5, 8, 9)? */
bool mgmt_secret_verify(const char *stored, const char *pw);

/* Type 7 with the given offset (0..15; IOS picks one at random). */
int mgmt_secret_type7_encode(const char *pw, unsigned offset, char *out,
    size_t outlen);
/* Decode a type 7 string; returns 0 or -EINVAL. */
int mgmt_secret_type7_decode(const char *enc, char *out, size_t outlen);

/* Constant-time string comparison for clear-text passwords. */
bool mgmt_secret_equal(const char *a, const char *b);

#endif
