/*
 * The cost of the Layer 7 SIP policy: whole calls (INVITE with SDP, 180,
 * 200 with SDP, ACK, BYE, 200) through sip_alg_packet() with a 20-class
 * policy (methods, regexes on From, To, Request-URI, User-Agent, Contact
 * and Via, header and body lengths, a header count, third-party
 * registration, protocol violations, an INVITE rate-limit that is not
 * reached) against the same calls without a policy, runs interleaved, the
 * best of each; the messages are made before the clock starts.  Every message must pass.  Usage: sip_l7_bench [ROUNDS]
 * [CALLS].
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alg/sip.h"
#include "alg/sip_policy.h"

static int
op_open(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	(void)p;
	return 0;
}

static void
op_close(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	(void)p;
}

static const struct sip_alg_ops ops = { .open_pinhole = op_open,
	.close_pinhole = op_close };

static struct sip_l7_ctr ctr[21];

static struct sip_regex *
re(const char *a, const char *b)
{
	struct sip_regex *r = sip_regex_new();
	char err[160];
	size_t off;

	if (r == NULL || sip_regex_add(r, a, err, sizeof(err), &off) != 0 ||
	    (b != NULL && sip_regex_add(r, b, err, sizeof(err), &off) != 0)) {
		fprintf(stderr, "bench: regex: %s\n", err);
		exit(1);
	}
	return r;
}

static void
cls(struct sip_policy *p, int *n, enum sip_l7_action act, struct sip_l7_match m)
{
	int k = sip_policy_add_class(p, "C", true, act, false, &ctr[*n]);

	if (k < 0 || sip_policy_add_match(p, k, &m) != 0)
		exit(1);
	(*n)++;
	sip_regex_unref(m.re);
}

static struct sip_policy *
policy20(void)
{
	static const char *const blocked[] = { "message", "publish",
		"subscribe", "notify", "refer", "info", "unknown" };
	struct sip_policy *p = sip_policy_new("BENCH");
	int n = 0, k;
	size_t i;

	for (i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++)
		cls(p, &n, SIP_L7_DROP,
		    (struct sip_l7_match){ .kind = SIP_L7_METHOD,
			.method = blocked[i] });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_REGEX,
		.header = "From",
		.re = re("sip:(666|999|1900[0-9]+)@", "^\"?(Spam|Robo)") });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_REGEX,
		.header = "To",
		.re = re("sip:(premium|0900[0-9]*)@", NULL) });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_RURI_REGEX,
		.re = re("^sips?:(00|\\+)882", NULL) });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_REGEX,
		.header = "User-Agent",
		.re = re("^(friendly-scanner|sipvicious|sundayddr)", NULL) });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_REGEX,
		.header = "m",
		.re = re("@10\\.66\\.", NULL) });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_REGEX,
		.header = "Via",
		.re = re("203\\.0\\.113\\.", NULL) });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_LEN,
		.header = "Subject",
		.n = 256 });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_LEN,
		.header = "User-Agent",
		.n = 256 });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_BODY_LEN, .n = 8192 });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_COUNT,
		.header = "Via",
		.n = 10 });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_THIRD_PARTY_REG });
	cls(p, &n, SIP_L7_DROP,
	    (struct sip_l7_match){ .kind = SIP_L7_VIOLATION });
	k = sip_policy_add_class(p, "INVITE", true, SIP_L7_ALLOW, false,
	    &ctr[n++]);
	if (sip_policy_add_match(p, k,
		&(struct sip_l7_match){ .kind = SIP_L7_METHOD,
		    .method = "invite" }) != 0 ||
	    sip_policy_class_rate(p, k, 100000) != 0)
		exit(1);
	sip_policy_set_default(p, SIP_L7_ALLOW, false, &ctr[n]);
	if (n != 20)
		exit(1);
	return p;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* One message of call i: k 0 INVITE, 1 180, 2 200, 3 ACK, 4 BYE, 5 200. */
static size_t
message(char *b, size_t sz, unsigned i, int k)
{
	static const char *const start[6] = {
		"INVITE sip:bob@198.51.100.20 SIP/2.0", "SIP/2.0 180 Ringing",
		"SIP/2.0 200 OK", "ACK sip:bob@198.51.100.20 SIP/2.0",
		"BYE sip:bob@198.51.100.20 SIP/2.0", "SIP/2.0 200 OK"
	};
	static const char *const meth[6] = { "INVITE", "INVITE", "INVITE",
		"ACK", "BYE", "BYE" };
	char sdp[256] = "";
	int n;

	if (k == 0 || k == 2)
		snprintf(sdp, sizeof(sdp),
		    "v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\n"
		    "c=IN IP4 %s\r\nt=0 0\r\nm=audio %u RTP/AVP 0\r\n",
		    k == 0 ? "192.0.2.10" : "198.51.100.20",
		    k == 0 ? "192.0.2.10" : "198.51.100.20",
		    20000 + 2 * (i % 20000));
	n = snprintf(b, sz,
	    "%s\r\n"
	    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK%u.%d\r\n"
	    "From: \"Alice\" <sip:alice@example.com>;tag=a%u\r\n"
	    "To: <sip:bob@example.net>%s\r\n"
	    "Call-ID: %u@192.0.2.10\r\n"
	    "CSeq: %d %s\r\n"
	    "Contact: <sip:%s@%s:5060>\r\n"
	    "Max-Forwards: 70\r\n"
	    "User-Agent: zbfw-bench/1.0\r\n"
	    "%s"
	    "Content-Length: %zu\r\n\r\n%s",
	    start[k], i, k == 4 || k == 5 ? 2 : 1, i, k == 0 ? "" : ";tag=b", i,
	    k >= 4 ? 2 : 1, meth[k],
	    k == 1 || k == 2 || k == 5 ? "bob" : "alice",
	    k == 1 || k == 2 || k == 5 ? "198.51.100.20" : "192.0.2.10",
	    sdp[0] ? "Content-Type: application/sdp\r\n" : "", strlen(sdp),
	    sdp);
	return (size_t)n;
}

/* The messages of every call, made once (not timed). */
static char *msgs;
static size_t *lens;
#define MSG_SZ 1024

static void
make_calls(unsigned calls)
{
	msgs = malloc((size_t)calls * 6 * MSG_SZ);
	lens = malloc((size_t)calls * 6 * sizeof(*lens));
	if (msgs == NULL || lens == NULL)
		exit(1);
	for (unsigned i = 0; i < calls; i++)
		for (int k = 0; k < 6; k++)
			lens[i * 6 + k] = message(
			    msgs + ((size_t)i * 6 + k) * MSG_SZ, MSG_SZ, i, k);
}

static double
run(const struct sip_policy *pol, unsigned calls)
{
	struct sip_alg *a = sip_alg_new(&ops, NULL);
	struct sip_pkt p;
	struct sip_verdict v;
	double t0 = now();

	memset(&p, 0, sizeof(p));
	p.src.family = p.dst.family = AF_INET;
	p.sport = p.dport = 5060;
	p.proto = IPPROTO_UDP;
	p.l7 = pol;
	for (unsigned i = 0; i < calls; i++) {
		for (int k = 0; k < 6; k++) {
			bool caller = k == 0 || k == 3 || k == 4;

			p.src.u.v4.s_addr = htonl(
			    caller ? 0xc000020a : 0xc6336414);
			p.dst.u.v4.s_addr = htonl(
			    caller ? 0xc6336414 : 0xc000020a);
			p.src_zone = caller ? 1 : 2;
			p.dst_zone = caller ? 2 : 1;
			p.payload = (const uint8_t *)msgs +
			    ((size_t)i * 6 + k) * MSG_SZ;
			p.len = lens[i * 6 + k];
			/* 1000 calls a simulated second from the caller */
			if (sip_alg_packet(a, &p, 1000 + i, &v) != SIP_PASS) {
				fprintf(stderr,
				    "bench: message %d dropped: "
				    "%s\n",
				    k, sip_reason_str(v.reason));
				exit(1);
			}
		}
	}
	t0 = now() - t0;
	sip_alg_free(a);
	return calls * 6 / t0;
}

int
main(int argc, char **argv)
{
	unsigned rounds = argc > 1 ? (unsigned)atoi(argv[1]) : 5;
	unsigned calls = argc > 2 ? (unsigned)atoi(argv[2]) : 20000;
	struct sip_policy *pol = policy20();
	double best0 = 0, best1 = 0, r;

	make_calls(calls);
	for (unsigned i = 0; i < rounds; i++) {
		if ((r = run(NULL, calls)) > best0)
			best0 = r;
		if ((r = run(pol, calls)) > best1)
			best1 = r;
	}
	if (ctr[19].matched != (uint64_t)rounds * calls ||
	    ctr[20].matched != (uint64_t)rounds * calls * 5) {
		fprintf(stderr,
		    "bench: the policy did not see every message\n");
		return 1;
	}
	printf("SIP messages/s through sip_alg_packet, %u calls x 6 messages, "
	       "best of %u:\n",
	    calls, rounds);
	printf("  without L7 policy      %10.0f\n", best0);
	printf("  20-class L7 policy     %10.0f\n", best1);
	printf("  ratio %.2f (goal >= 0.90)\n", best1 / best0);
	sip_policy_free(pol);
	free(msgs);
	free(lens);
	return best1 / best0 >= 0.9 ? 0 : 2;
}
