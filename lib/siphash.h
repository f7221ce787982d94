/*
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit hash for
 * tables whose keys come from packets, so that a sender who does not know
 * the key cannot choose keys that collide.  Each table owner draws its own
 * key at start (siphash_key_random()).
 */
#ifndef ZB_SIPHASH_H
#define ZB_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

struct siphash_key {
	uint64_t k0, k1;
};

/* The key from 16 bytes, little-endian as in the paper's test vectors. */
void siphash_key_bytes(struct siphash_key *, const uint8_t k[16]);
/* A fresh key from getrandom(2): 0, or -errno (the key is then unusable). */
int siphash_key_random(struct siphash_key *);
uint64_t siphash24(const struct siphash_key *, const void *p, size_t len);

#endif
