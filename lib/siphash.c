/* SipHash-2-4: 2 compression rounds per 8-byte word, 4 finalisation rounds. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "lib/siphash.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	    (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

void
siphash_key_bytes(struct siphash_key *k, const uint8_t b[16])
{
	k->k0 = le64(b);
	k->k1 = le64(b + 8);
}

int
siphash_key_random(struct siphash_key *k)
{
	uint8_t b[16];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		got += (size_t)n;
	}
	siphash_key_bytes(k, b);
	return 0;
}

struct sh_state {
	uint64_t v0, v1, v2, v3;
};

/* Inlined: called 2 per 8 bytes plus 4, on every packet's Call-ID. */
static inline __attribute__((always_inline)) void
sipround(struct sh_state *s)
{
	s->v0 += s->v1;
	s->v1 = ROTL(s->v1, 13);
	s->v1 ^= s->v0;
	s->v0 = ROTL(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = ROTL(s->v3, 16);
	s->v3 ^= s->v2;
	s->v0 += s->v3;
	s->v3 = ROTL(s->v3, 21);
	s->v3 ^= s->v0;
	s->v2 += s->v1;
	s->v1 = ROTL(s->v1, 17);
	s->v1 ^= s->v2;
	s->v2 = ROTL(s->v2, 32);
}

static inline __attribute__((always_inline)) void
compress(struct sh_state *s, uint64_t m)
{
	s->v3 ^= m;
	sipround(s);
	sipround(s);
	s->v0 ^= m;
}

uint64_t
siphash24(const struct siphash_key *k, const void *p, size_t len)
{
	const uint8_t *b = p;
	struct sh_state s = {
		k->k0 ^ 0x736f6d6570736575ull,
		k->k1 ^ 0x646f72616e646f6dull,
		k->k0 ^ 0x6c7967656e657261ull,
		k->k1 ^ 0x7465646279746573ull,
	};
	uint8_t last[8] = { 0 };
	size_t i, rest = len & 7;

	for (i = 0; i + 8 <= len; i += 8)
		compress(&s, le64(b + i));
	if (rest > 0)
		memcpy(last, b + i, rest);
	last[7] = (uint8_t)len;
	compress(&s, le64(last));
	s.v2 ^= 0xff;
	sipround(&s);
	sipround(&s);
	sipround(&s);
	sipround(&s);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}
