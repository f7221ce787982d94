/*
 * libFuzzer harness: the SIP parser (datagram and stream modes), the SDP
 * of a parsed message, and the whole ALG on the message as a UDP datagram.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "alg/sdp.h"
#include "alg/sip.h"
#include "alg/sip_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
op_open(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	if (p->dport < 1024)
		__builtin_trap(); /* never below 1024 */
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct sip_alg *alg;
	static unsigned runs;
	struct sip_msg m;
	struct sdp_info si;
	struct sip_pkt p;
	struct sip_verdict v;
	size_t need;

	if (sip_parse(data, len, 0, &m, NULL) == 0) {
		if (m.msg_len > len ||
		    m.body.p + m.body.len > (const char *)data + len)
			__builtin_trap();
		if (m.body_is_sdp)
			(void)sdp_parse(m.body.p, m.body.len, &si);
	}
	if (sip_parse(data, len, SIP_PARSE_STREAM, &m, &need) == 0 &&
	    m.msg_len > len)
		__builtin_trap();

	if (alg == NULL || ++runs % 4096 == 0) {
		sip_alg_free(alg);
		alg = sip_alg_new(&ops, NULL);
	}
	memset(&p, 0, sizeof(p));
	p.src.family = p.dst.family = AF_INET;
	p.src.u.v4.s_addr = htonl(0xc000020a);
	p.dst.u.v4.s_addr = htonl(0xc6336414);
	p.sport = p.dport = 5060;
	p.proto = IPPROTO_UDP;
	p.src_zone = 1;
	p.dst_zone = 2;
	p.payload = data;
	p.len = len;
	sip_alg_packet(alg, &p, runs, &v);
	/* the same bytes as the answer, from the other side */
	p.src.u.v4.s_addr = htonl(0xc6336414);
	p.dst.u.v4.s_addr = htonl(0xc000020a);
	p.src_zone = 2;
	p.dst_zone = 1;
	sip_alg_packet(alg, &p, runs, &v);
	sip_alg_expire(alg, runs * 1000ull);
	return 0;
}
