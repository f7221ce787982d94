/*
 * libFuzzer harness: the loader of the ALG's saved state
 * (alg/sip_state.h).  Input byte 0, bit 0 clear: the input is a whole
 * state stream (header, body, checksum as they are: nearly always refused
 * at the checksum).  Bit 0 set: bytes 1-3 are the numbers of calls,
 * registrations and TCP streams (mod 8), the rest is the body; the harness
 * writes the header and the checksum, so every field check is reached.
 * A stream that loads must save again and load again into a fresh ALG,
 * and its TCP streams get a segment.  Oracle: no crash, no undefined
 * behaviour, no leak, no pinhole below 1024, every pinhole closed once.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip.h"
#include "alg/sip_state.h"
#include "lib/buf.h"
#include "lib/siphash.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static long nopen;

static int
op_open(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	if (p->dport < 1024)
		__builtin_trap();
	nopen++;
	return 0;
}

static void
op_close(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	(void)p;
	if (--nopen < 0)
		__builtin_trap();
}

static const struct sip_alg_ops ops = { op_open, op_close, NULL, NULL, NULL };

static int
st_restore(void *arg, const struct sip_pinhole *p, const uint8_t *b, size_t len)
{
	(void)arg;
	(void)b;
	if (p->dport < 1024 || len > SIP_STATE_BLOB_MAX)
		__builtin_trap();
	nopen++; /* attached again: closed once later */
	return 0;
}

static int
st_save(void *arg, const struct sip_pinhole *p, uint8_t *b, size_t cap)
{
	(void)arg;
	if (cap < 8)
		__builtin_trap();
	memcpy(b, &p->id, 8);
	return 8;
}

static int
st_conn(void *arg, uint8_t proto, const struct sip_addr *a, uint16_t ap,
    const struct sip_addr *b, uint16_t bp, uint32_t *id)
{
	(void)arg;
	(void)proto;
	(void)a;
	(void)b;
	*id = (uint32_t)ap << 16 | bp; /* "the same connection" */
	return 0;
}

static bool
st_inspects(void *arg, uint8_t proto, const struct sip_addr *src,
    uint16_t sport, int sz, const struct sip_addr *dst, uint16_t dport, int dz)
{
	(void)arg;
	(void)proto;
	(void)src;
	(void)dst;
	(void)dport;
	(void)sz;
	(void)dz;
	return (sport & 1) == 0; /* some dropped, some kept */
}

static const struct sip_state_ops sops = { NULL, st_save, st_restore, st_conn,
	st_inspects };

static struct sip_alg *
small_alg(void)
{
	struct sip_alg_params par;
	struct sip_alg *alg;

	if ((alg = sip_alg_new(&ops, NULL)) == NULL)
		return NULL;
	sip_alg_get_params(alg, &par);
	par.max_calls = 6;
	par.max_pinholes = 24;
	par.max_registrations = 4;
	par.max_tcp_flows = 4;
	par.src_max_calls = 4;
	par.src_max_pinholes = 16;
	sip_alg_set_params(alg, &par);
	return alg;
}

static void
le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A segment at a few sequence numbers to every TCP stream's tuple. */
static void
poke(struct sip_alg *alg, const uint8_t *d, size_t n)
{
	struct sip_pkt p;
	struct sip_verdict v;

	memset(&p, 0, sizeof(p));
	p.src.family = AF_INET;
	p.dst.family = AF_INET;
	p.proto = IPPROTO_TCP;
	p.payload = d;
	p.len = n > 200 ? 200 : n;
	for (uint32_t s = 0; s < 3; s++) {
		p.seq = s * 0x40000000u;
		sip_alg_packet(alg, &p, 1000, &v);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sip_state_result res;
	struct siphash_key k;
	struct sip_alg *a, *b;
	struct buf st;
	uint8_t *p;
	size_t len;

	if (size < 4)
		return 0;
	if (data[0] & 1) {
		len = 48 + (size - 4) + 8;
		if ((p = malloc(len)) == NULL)
			return 0;
		memcpy(p, "ZBFWSIPS", 8);
		le(p + 8, SIP_STATE_VERSION, 4);
		le(p + 12, 0, 4);
		le(p + 16, 1000000, 8);
		le(p + 24, 1000, 8); /* next pinhole id */
		le(p + 32, data[1] & 7, 4);
		le(p + 36, data[2] & 7, 4);
		le(p + 40, data[3] & 7, 4);
		le(p + 44, size - 4, 4);
		memcpy(p + 48, data + 4, size - 4);
		siphash_key_bytes(&k, (const uint8_t *)"zbfw sip state 1");
		le(p + len - 8, siphash24(&k, p, len - 8), 8);
	} else {
		len = size;
		if ((p = malloc(len)) == NULL)
			return 0;
		memcpy(p, data, size);
	}
	if ((a = small_alg()) == NULL) {
		free(p);
		return 0;
	}
	if (sip_state_load(a, &sops, p, len, 5000, 1000500, NULL, &res) == 0) {
		buf_init(&st);
		if (sip_state_save(a, &sops, 5000, 1000500, NULL, &st) < 0)
			__builtin_trap();
		if ((b = small_alg()) != NULL) {
			if (sip_state_load(b, &sops, (uint8_t *)st.p, st.len,
				5000, 1000500, NULL, &res) != 0)
				__builtin_trap();
			poke(b, data, size);
			sip_alg_expire(b, 1ull << 40);
			sip_alg_free(b);
		}
		buf_free(&st);
		poke(a, data, size);
	}
	sip_alg_free(a);
	free(p);
	return 0;
}
