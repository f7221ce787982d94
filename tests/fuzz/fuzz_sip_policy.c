/*
 * libFuzzer harness: the Layer 7 SIP policy.  One policy with every match
 * type (methods, Request-URI, From, To, compact and unknown headers by
 * regex, header and body lengths, third-party registration, protocol
 * violations, `not` forms, match-all and match-any, a pathological
 * pattern, rate-limit, respond 486) evaluates each input as a UDP message through sip_alg_packet()
 * (pkt.l7), then the input itself as a regex subject.  Oracle: no crash,
 * no undefined behaviour, no leak, counters that add up (every message is
 * counted in exactly one class), no pinhole left after the calls clear,
 * every response zbfw builds parses as a 486.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip.h"
#include "alg/sip_parse.h"
#include "alg/sip_policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static long nopen;

static int
op_open(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	(void)p;
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

/* respond CODE: what zbfw sends must be a response that parses */
static int
op_respond(void *arg, const struct sip_pkt *req, const uint8_t *msg, size_t len)
{
	struct sip_msg m;

	(void)arg;
	(void)req;
	if (sip_parse(msg, len, 0, &m, NULL) != 0 || m.is_request ||
	    m.status != 486)
		__builtin_trap();
	return 0;
}

static const struct sip_alg_ops ops = { .open_pinhole = op_open,
	.close_pinhole = op_close,
	.respond = op_respond };

#define NCLS 7
static struct sip_alg *alg;
static struct sip_policy *pol;
static struct sip_l7_ctr ctr[NCLS + 1];
static struct sip_regex *bad, *path;

static struct sip_regex *
re(const char *p)
{
	struct sip_regex *r = sip_regex_new();
	char err[160];
	size_t off;

	if (r == NULL || sip_regex_add(r, p, err, sizeof(err), &off) != 0)
		__builtin_trap();
	return r;
}

static void
add(int k, struct sip_l7_match m)
{
	if (sip_policy_add_match(pol, k, &m) != 0)
		__builtin_trap();
}

static void
build(void)
{
	int k;

	bad = re("sip:(666|999)@|^\"?Spam");
	path = re("(a+)+$|(x|xx)+y");
	pol = sip_policy_new("FUZZ");
	k = sip_policy_add_class(pol, "A", false, SIP_L7_DROP, true, &ctr[0]);
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_METHOD, .method = "invite" });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_REGEX,
		.header = "From",
		.re = bad });
	k = sip_policy_add_class(pol, "B", true, SIP_L7_RESET, false, &ctr[1]);
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_METHOD,
		.method = "message" });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_METHOD,
		.method = "unknown" });
	add(k, (struct sip_l7_match){ .kind = SIP_L7_RURI_REGEX, .re = bad });
	k = sip_policy_add_class(pol, "C", true, SIP_L7_DROP, true, &ctr[2]);
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_REGEX,
		.header = "t",
		.re = path });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_REGEX,
		.header = "User-Agent",
		.re = path });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_LEN,
		.header = "Subject",
		.n = 64 });
	k = sip_policy_add_class(pol, "D", true, SIP_L7_ALLOW, true, &ctr[3]);
	add(k, (struct sip_l7_match){ .kind = SIP_L7_THIRD_PARTY_REG });
	add(k, (struct sip_l7_match){ .kind = SIP_L7_BODY_LEN, .n = 1000 });
	k = sip_policy_add_class(pol, "E", false, SIP_L7_DROP, false, &ctr[4]);
	add(k, (struct sip_l7_match){ .kind = SIP_L7_VIOLATION });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_METHOD,
		.negate = true,
		.method = "ack" });
	k = sip_policy_add_class(pol, "G", true, SIP_L7_RESPOND, true, &ctr[6]);
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_METHOD,
		.method = "subscribe" });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_METHOD,
		.method = "options" });
	if (sip_policy_class_respond(pol, k, 486) != 0 ||
	    sip_policy_class_rate(pol, k, 1000) != 0)
		__builtin_trap();
	k = sip_policy_add_class(pol, "F", true, SIP_L7_DROP, false, &ctr[5]);
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_REGEX,
		.negate = true,
		.header = "v",
		.re = bad });
	add(k, (struct sip_l7_match){ .kind = SIP_L7_METHOD, .method = "bye" });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_STATUS_REGEX, .re = path });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_HDR_COUNT,
		.header = "Record-Route",
		.n = 3 });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_URI_LEN,
		.header = "tel",
		.n = 20 });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_URI_LEN,
		.header = "sip",
		.n = 80 });
	add(k,
	    (struct sip_l7_match){ .kind = SIP_L7_CTYPE_REGEX,
		.negate = true,
		.re = bad });
	add(k, (struct sip_l7_match){ .kind = SIP_L7_CTYPE_MISMATCH });
	sip_policy_set_default(pol, SIP_L7_ALLOW, false, &ctr[NCLS]);
	alg = sip_alg_new(&ops, NULL);
	if (alg == NULL)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sip_pkt p;
	struct sip_verdict v;
	uint64_t before = 0, after = 0;
	int i;

	if (pol == NULL)
		build();
	for (i = 0; i <= NCLS; i++)
		before += ctr[i].matched;
	memset(&p, 0, sizeof(p));
	p.src.family = p.dst.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.10", &p.src.u.v4);
	inet_pton(AF_INET, "198.51.100.20", &p.dst.u.v4);
	p.sport = p.dport = 5060;
	p.proto = IPPROTO_UDP;
	p.src_zone = 1;
	p.dst_zone = 2;
	p.payload = data;
	p.len = size;
	p.l7 = pol;
	sip_alg_packet(alg, &p, 1000, &v);
	for (i = 0; i <= NCLS; i++)
		after += ctr[i].matched;
	/* a non-empty, non-keepalive datagram is one message, in one class */
	if (after - before > 1)
		__builtin_trap();
	if (v.action == SIP_DROP && v.reason == SIP_R_POLICY &&
	    after != before + 1)
		__builtin_trap();
	(void)sip_regex_match(path, (const char *)data, size, NULL);
	(void)sip_regex_match(bad, (const char *)data, size, NULL);
	sip_alg_clear_calls(alg);
	sip_alg_expire(alg, 1000 + 3600 * 1000);
	if (nopen != 0)
		__builtin_trap();
	return 0;
}
