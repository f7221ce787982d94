/*
 * zbfw side of the SIP benchmark: parse one message (SIP + SDP), run
 * messages through the ALG, and memory per active call.  Compiled with
 * the ALG sources and -Dsdp_parse=zb_sdp_parse (sofia-sip exports the
 * same name).
 */
#include <arpa/inet.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "alg/sdp.h"
#include "alg/sip.h"
#include "alg/sip_parse.h"
#include "tests/bench/sip_bench.h"

int
zb_parse(const uint8_t *p, size_t len)
{
	struct sip_msg m;
	struct sdp_info si;

	if (sip_parse(p, len, 0, &m, NULL) < 0)
		return -1;
	if (m.body_is_sdp && sdp_parse(m.body.p, m.body.len, &si) < 0)
		return -1;
	return 0;
}

static unsigned nph;

static int
op_open(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	(void)p;
	nph++;
	return 0;
}

static void
op_close(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	(void)p;
	nph--;
}

static const struct sip_alg_ops ops = { .open_pinhole = op_open,
	.close_pinhole = op_close };

static void
udp(struct sip_alg *a, const char *msg, size_t len, int from_caller)
{
	struct sip_pkt p;
	struct sip_verdict v;

	memset(&p, 0, sizeof(p));
	p.src.family = p.dst.family = AF_INET;
	p.src.u.v4.s_addr = htonl(from_caller ? 0xc000020a : 0xc6336414);
	p.dst.u.v4.s_addr = htonl(from_caller ? 0xc6336414 : 0xc000020a);
	p.sport = p.dport = 5060;
	p.proto = IPPROTO_UDP;
	p.src_zone = from_caller ? 1 : 2;
	p.dst_zone = from_caller ? 2 : 1;
	p.payload = (const uint8_t *)msg;
	p.len = len;
	if (sip_alg_packet(a, &p, 1000, &v) != SIP_PASS) {
		fprintf(stderr, "bench: message dropped: %s\n",
		    sip_reason_str(v.reason));
	}
}

/* n answered calls on one signalling flow; heap bytes per call. */
double
zb_mem_per_call(unsigned n, unsigned *pinholes, size_t *total)
{
	struct mallinfo2 before, after;
	struct sip_alg *a;
	char buf[4096];
	size_t len;

	malloc_trim(0);
	before = mallinfo2();
	a = sip_alg_new(&ops, NULL);
	for (unsigned i = 0; i < n; i++) {
		len = bench_invite(buf, sizeof(buf), i);
		udp(a, buf, len, 1);
		len = bench_ok(buf, sizeof(buf), i);
		udp(a, buf, len, 0);
	}
	after = mallinfo2();
	*pinholes = nph;
	*total = after.uordblks - before.uordblks;
	if (sip_alg_ncalls(a) != n)
		fprintf(stderr, "bench: %u calls, expected %u\n",
		    sip_alg_ncalls(a), n);
	sip_alg_free(a);
	return (double)*total / n;
}

/* Whole calls (INVITE, 180, 200, ACK, BYE, 200) through the ALG. */
double
zb_alg_rate(unsigned calls, double *secs)
{
	struct sip_alg *a = sip_alg_new(&ops, NULL);
	char m[6][4096];
	size_t l[6];
	double t0 = bench_now();

	for (unsigned i = 0; i < calls; i++) {
		l[0] = bench_invite(m[0], sizeof(m[0]), i);
		l[1] = bench_ringing(m[1], sizeof(m[1]), i);
		l[2] = bench_ok(m[2], sizeof(m[2]), i);
		l[3] = bench_ack(m[3], sizeof(m[3]), i);
		l[4] = bench_bye(m[4], sizeof(m[4]), i);
		l[5] = bench_bye_ok(m[5], sizeof(m[5]), i);
		for (int k = 0; k < 6; k++)
			udp(a, m[k], l[k], k == 0 || k == 3 || k == 4);
	}
	*secs = bench_now() - t0;
	sip_alg_free(a);
	return calls * 6 / *secs;
}
