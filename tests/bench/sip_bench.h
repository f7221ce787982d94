/* Shared by the two halves of the SIP parse benchmark. */
#ifndef SIP_BENCH_H
#define SIP_BENCH_H

#include <stddef.h>
#include <stdint.h>

double bench_now(void);
size_t bench_invite(char *, size_t, unsigned i);
size_t bench_ringing(char *, size_t, unsigned i);
size_t bench_ok(char *, size_t, unsigned i);
size_t bench_ack(char *, size_t, unsigned i);
size_t bench_bye(char *, size_t, unsigned i);
size_t bench_bye_ok(char *, size_t, unsigned i);

int zb_parse(const uint8_t *, size_t);
double zb_mem_per_call(unsigned n, unsigned *pinholes, size_t *total);
double zb_alg_rate(unsigned calls, double *secs);

void osip_init1(void);
int osip_parse1(const uint8_t *, size_t);
int sofia_parse1(const uint8_t *, size_t);

#endif
