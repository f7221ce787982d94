/*
 * SIP + SDP parse rate of zbfw's ALG parser against libosip2 and
 * sofia-sip on the same corpus in the same run, plus ALG throughput and
 * memory per active call.  Built and run by tests/bench/sip_parse.sh.
 *
 * The corpus is a realistic call mix: per call INVITE with SDP, 100, 180,
 * 200 with SDP, ACK, BYE, 200; plus REGISTER, 401 and OPTIONS, with the
 * headers a phone or trunk sends (Via, Max-Forwards, From/To with tags,
 * Call-ID, CSeq, Contact, Allow, Supported, User-Agent, Record-Route).
 * Every parser must accept every message; "parse" means the SIP message
 * and, when there is one, its SDP body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/bench/sip_bench.h"

#define NVAR 64 /* copies of each message, other Call-IDs */

double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char sdp_a[] =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.10\r\n"
    "t=0 0\r\n"
    "m=audio %u RTP/AVP 0 8 18 101\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:18 G729/8000\r\n"
    "a=fmtp:18 annexb=no\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

static const char sdp_b[] =
    "v=0\r\n"
    "o=bob 2808844564 2808844564 IN IP4 198.51.100.20\r\n"
    "s=-\r\n"
    "c=IN IP4 198.51.100.20\r\n"
    "t=0 0\r\n"
    "m=audio %u RTP/AVP 0 101\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

static size_t
msg(char *b, size_t sz, const char *start, const char *via_extra,
    const char *to_tag, unsigned i, unsigned cseq, const char *method,
    const char *extra, const char *sdp_fmt, unsigned port)
{
	char body[1024] = "";
	int n;

	if (sdp_fmt != NULL)
		snprintf(body, sizeof(body), sdp_fmt, port);
	n = snprintf(b, sz,
	    "%s\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK%08x%s;rport\r\n"
	    "%s"
	    "Max-Forwards: 70\r\n"
	    "From: \"Alice\" <sip:alice@example.com>;tag=%08x1a\r\n"
	    "To: \"Bob\" <sip:bob@example.net>%s%s\r\n"
	    "Call-ID: %08x-3c3b-4f7e-9b7e-1e2d3c4b5a69@192.0.2.10\r\n"
	    "CSeq: %u %s\r\n"
	    "Contact: <sip:alice@192.0.2.10:5060;transport=udp>\r\n"
	    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE, "
	    "REFER, NOTIFY, INFO\r\n"
	    "Supported: replaces, timer, 100rel\r\n"
	    "User-Agent: ExamplePhone/7.2.1\r\n"
	    "%s"
	    "%s"
	    "Content-Length: %zu\r\n\r\n%s",
	    start, i * 7 + cseq, method, via_extra, i,
	    to_tag != NULL ? ";tag=" : "", to_tag != NULL ? to_tag : "", i,
	    cseq, method, extra,
	    sdp_fmt != NULL ? "Content-Type: application/sdp\r\n" : "",
	    strlen(body), body);
	return (size_t)n;
}

#define PROXY_VIA "Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKpx1\r\n"
#define RR "Record-Route: <sip:198.51.100.1;lr>\r\n"

size_t
bench_invite(char *b, size_t sz, unsigned i)
{
	return msg(b, sz, "INVITE sip:bob@example.net SIP/2.0", "", NULL, i, 1,
	    "INVITE", "Session-Expires: 1800\r\n", sdp_a,
	    10000 + 2 * (i % 20000));
}

size_t
bench_ringing(char *b, size_t sz, unsigned i)
{
	return msg(b, sz, "SIP/2.0 180 Ringing", PROXY_VIA, "b7c2", i, 1,
	    "INVITE", RR, NULL, 0);
}

size_t
bench_ok(char *b, size_t sz, unsigned i)
{
	return msg(b, sz, "SIP/2.0 200 OK", PROXY_VIA, "b7c2", i, 1, "INVITE",
	    RR, sdp_b, 30000 + 2 * (i % 15000));
}

size_t
bench_ack(char *b, size_t sz, unsigned i)
{
	return msg(b, sz, "ACK sip:bob@198.51.100.20:5060 SIP/2.0", "", "b7c2",
	    i, 1, "ACK", "Route: <sip:198.51.100.1;lr>\r\n", NULL, 0);
}

size_t
bench_bye(char *b, size_t sz, unsigned i)
{
	return msg(b, sz, "BYE sip:bob@198.51.100.20:5060 SIP/2.0", "", "b7c2",
	    i, 2, "BYE", "Route: <sip:198.51.100.1;lr>\r\n", NULL, 0);
}

size_t
bench_bye_ok(char *b, size_t sz, unsigned i)
{
	return msg(b, sz, "SIP/2.0 200 OK", PROXY_VIA, "b7c2", i, 2, "BYE", "",
	    NULL, 0);
}

static size_t
bench_trying(char *b, size_t sz, unsigned i)
{
	return msg(b, sz, "SIP/2.0 100 Trying", PROXY_VIA, NULL, i, 1, "INVITE",
	    "", NULL, 0);
}

static size_t
bench_register(char *b, size_t sz, unsigned i)
{
	return msg(b, sz, "REGISTER sip:example.com SIP/2.0", "", NULL, i, 3,
	    "REGISTER", "Expires: 3600\r\n", NULL, 0);
}

static size_t
bench_401(char *b, size_t sz, unsigned i)
{
	return msg(b, sz, "SIP/2.0 401 Unauthorized", "", "r9", i, 3,
	    "REGISTER",
	    "WWW-Authenticate: Digest realm=\"example.com\", "
	    "nonce=\"4a5b6c7d8e9f\", algorithm=MD5, qop=\"auth\"\r\n",
	    NULL, 0);
}

static size_t
bench_options(char *b, size_t sz, unsigned i)
{
	return msg(b, sz, "OPTIONS sip:198.51.100.1 SIP/2.0", "", NULL, i, 9,
	    "OPTIONS", "Accept: application/sdp\r\n", NULL, 0);
}

struct corpus {
	char *m[NVAR * 10];
	size_t len[NVAR * 10];
	unsigned n, nsdp;
	size_t bytes;
};

static void
build(struct corpus *c)
{
	size_t (*gen[])(char *, size_t, unsigned) = { bench_invite,
		bench_trying, bench_ringing, bench_ok, bench_ack, bench_bye,
		bench_bye_ok, bench_register, bench_401, bench_options };
	char buf[4096];

	memset(c, 0, sizeof(*c));
	for (unsigned v = 0; v < NVAR; v++)
		for (unsigned g = 0; g < 10; g++) {
			size_t n = gen[g](buf, sizeof(buf), v);

			c->m[c->n] = malloc(n + 1);
			memcpy(c->m[c->n], buf, n + 1);
			c->len[c->n] = n;
			c->bytes += n;
			c->nsdp += g == 0 || g == 3;
			c->n++;
		}
}

static void
check_all(const char *name, int (*fn)(const uint8_t *, size_t),
    const struct corpus *c)
{
	for (unsigned i = 0; i < c->n; i++)
		if (fn((const uint8_t *)c->m[i], c->len[i]) != 0) {
			fprintf(stderr, "%s rejects corpus message %u:\n%s\n",
			    name, i, c->m[i]);
			exit(1);
		}
}

/* One timed round: whole corpus passes for at least secs. */
static double
round1(int (*fn)(const uint8_t *, size_t), const struct corpus *c, double secs)
{
	unsigned long n = 0;
	double t0 = bench_now(), t;

	do {
		for (unsigned i = 0; i < c->n; i++)
			fn((const uint8_t *)c->m[i], c->len[i]);
		n += c->n;
		t = bench_now() - t0;
	} while (t < secs);
	return n / t;
}

#define ROUNDS 5

/*
 * The parsers take turns (ROUNDS rounds each) and the best round counts,
 * so a busy machine slows every parser alike instead of whichever ran
 * when the load came.
 */
static void
rates(int (*fn[3])(const uint8_t *, size_t), const struct corpus *c,
    double secs, double best[3])
{
	for (int k = 0; k < 3; k++)
		best[k] = 0;
	for (int r = 0; r < ROUNDS; r++)
		for (int k = 0; k < 3; k++) {
			double x = round1(fn[k], c, secs / ROUNDS);

			if (x > best[k])
				best[k] = x;
		}
}

int
main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2.0;
	unsigned ncalls = argc > 2 ? (unsigned)atoi(argv[2]) : 10000;
	struct corpus c;
	double zb, os, so, alg, asecs, per;
	unsigned nph;
	size_t total;

	osip_init1();
	build(&c);
	printf("SIP+SDP parse benchmark: %u messages (%u with SDP), "
	       "%.0f bytes average, %.1f s per parser\n",
	    c.n, c.nsdp, (double)c.bytes / c.n, secs);
	{
		int (*fn[3])(const uint8_t *, size_t) = { zb_parse, osip_parse1,
			sofia_parse1 };
		const char *name[3] = { "zbfw", "libosip2", "sofia-sip" };
		double best[3];

		for (int k = 0; k < 3; k++)
			check_all(name[k], fn[k], &c);
		rates(fn, &c, secs, best);
		for (int k = 0; k < 3; k++)
			printf("  %-10s %12.0f msg/s  %6.0f MB/s  (best of %d "
			       "rounds)\n",
			    name[k], best[k], best[k] * c.bytes / c.n / 1e6,
			    ROUNDS);
		zb = best[0];
		os = best[1];
		so = best[2];
	}
	printf("  ratio zbfw/sofia-sip %.1fx (goal >= 3x), "
	       "zbfw/libosip2 %.1fx\n",
	    zb / so, zb / os);
	alg = zb_alg_rate(20000, &asecs);
	printf("ALG: %.0f messages/s through sip_alg_packet "
	       "(20000 calls x 6 messages, pinholes opened and closed)\n",
	    alg);
	per = zb_mem_per_call(ncalls, &nph, &total);
	printf("Memory: %u active calls, %u pinholes: %zu bytes heap, "
	       "%.0f bytes per call (goal <= 2048)\n",
	    ncalls, nph, total, per);
	return zb / so >= 3.0 && per <= 2048 ? 0 : 1;
}
