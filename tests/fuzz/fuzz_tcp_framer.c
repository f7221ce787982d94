/*
 * libFuzzer harness: the TCP framer through the ALG.  The first 8 bytes
 * steer how the rest is cut into segments and which are retransmitted,
 * sent out of order or dropped (a gap); the rest is the stream.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "alg/sip.h"
#include "alg/sip_parse.h"
#include "alg/tcp_framer.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
op_open(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	if (p->dport < 1024)
		__builtin_trap();
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

static int
count_cb(void *arg, const struct sip_msg *m, const uint8_t *raw)
{
	(void)raw;
	*(size_t *)arg += m->msg_len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct sip_alg *alg;
	struct sip_pkt p;
	struct sip_verdict v;
	struct sip_framer fr;
	struct framer_result r;
	const uint8_t *ctl = data, *s;
	size_t n, off = 0, prev_off = 0, prev_len = 0, parsed = 0;
	uint32_t isn;
	unsigned i = 0;

	if (len < 8)
		return 0;
	s = data + 8;
	n = len - 8;
	memcpy(&isn, ctl, 4);
	if (alg == NULL && (alg = sip_alg_new(&ops, NULL)) == NULL)
		return 0;
	sip_framer_init(&fr);
	sip_framer_syn(&fr, isn);
	memset(&p, 0, sizeof(p));
	p.src.family = p.dst.family = AF_INET;
	p.src.u.v4.s_addr = htonl(0xc000020a);
	p.dst.u.v4.s_addr = htonl(0xc6336414);
	p.sport = 40000;
	p.dport = 5060;
	p.proto = IPPROTO_TCP;
	p.src_zone = 1;
	p.dst_zone = 2;
	p.tcp_flags = SIP_TCP_SYN;
	p.seq = isn;
	sip_alg_packet(alg, &p, 0, &v);
	p.tcp_flags = 0;
	while (off < n) {
		uint8_t c = ctl[4 + i % 4] ^ (uint8_t)(i * 37);
		size_t seg = (size_t)(c % 61) * 23 + 1;
		size_t at = off;

		if (seg > n - off)
			seg = n - off;
		switch (c >> 6) {
		case 0: /* retransmit the previous segment first */
			if (prev_len > 0) {
				p.seq = isn + 1 + (uint32_t)prev_off;
				p.payload = s + prev_off;
				p.len = prev_len;
				sip_alg_packet(alg, &p, i, &v);
			}
			break;
		case 1: /* this one out of order: the next first */
			if (off + seg < n) {
				size_t l2 = n - off - seg < 100 ?
				    n - off - seg :
				    100;

				p.seq = isn + 1 + (uint32_t)(off + seg);
				p.payload = s + off + seg;
				p.len = l2;
				sip_alg_packet(alg, &p, i, &v);
			}
			break;
		default:
			break;
		}
		p.seq = isn + 1 + (uint32_t)at;
		p.payload = s + at;
		p.len = seg;
		sip_alg_packet(alg, &p, i, &v);
		sip_framer_segment(&fr, isn + 1 + (uint32_t)at, s + at, seg,
		    65536, count_cb, &parsed, &r);
		prev_off = at;
		prev_len = seg;
		off += seg;
		i++;
	}
	/* never more message bytes than the stream holds */
	if (parsed > n)
		__builtin_trap();
	sip_framer_free(&fr);
	sip_alg_flow_close(alg, &p);
	sip_alg_clear_calls(alg);
	sip_alg_expire(alg, UINT64_MAX / 2); /* registrations */
	return 0;
}
