/*
 * libFuzzer harness: TCP streams and UDP messages through one small ALG
 * (tables of a few entries, small quotas), so that SYN/RST/FIN handling,
 * conflicting overlaps, quotas and every eviction path run.  The input is
 * records: a control byte, a length byte, then that many payload bytes.
 * Control: bit 0 direction, bits 1-3 SYN/FIN/RST, bits 4-5 which of four
 * connections (UDP when both set and bit 6), bit 6-7 the sequence number
 * (next, 16 back, 64 ahead, the ISN).  One ALG serves every input (a new
 * one per input spends the time in ASan's calloc); each input ends with
 * its calls cleared and every timer run out.  Oracle: no crash, no
 * undefined behaviour, no leak, no pinhole below 1024, and then no call,
 * registration or pinhole left.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "alg/sip.h"

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

static const struct sip_alg_ops ops = { .open_pinhole = op_open,
	.close_pinhole = op_close };

static struct sip_alg *
small_alg(void)
{
	struct sip_alg_params par;
	struct sip_alg *alg;

	if ((alg = sip_alg_new(&ops, NULL)) == NULL)
		return NULL;
	sip_alg_get_params(alg, &par);
	par.max_calls = 6;
	par.max_pinholes = 12;
	par.max_registrations = 4;
	par.max_tcp_flows = 2;
	par.src_max_calls = 4;
	par.src_max_unanswered = 3;
	par.src_max_pinholes = 8;
	par.src_max_registrations = 3;
	par.src_max_tcp_flows = 2;
	par.zp_max_calls = 5;
	par.zp_max_pinholes = 10;
	par.log_interval_ms = 1000;
	par.tcp_buf_max = 4096;
	sip_alg_set_params(alg, &par);
	return alg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct sip_alg *alg;
	static uint64_t now = 1;
	uint32_t next[4][2] = { { 0 } };
	size_t off = 0;

	if (alg == NULL && (alg = small_alg()) == NULL)
		return 0;
	while (off + 2 <= len) {
		uint8_t c = data[off], n = data[off + 1];
		unsigned conn = (c >> 4) & 3, dir = c & 1;
		bool udp = conn == 3 && (c & 0x40);
		struct sip_pkt p;
		struct sip_verdict v;
		uint32_t isn = 1000u * (conn + 1) + (dir ? 0x80000000u : 0);

		off += 2;
		if (n > len - off)
			n = (uint8_t)(len - off);
		memset(&p, 0, sizeof(p));
		p.src.family = p.dst.family = AF_INET;
		/* two sources, so that fairness between them is exercised */
		p.src.u.v4.s_addr = htonl(conn & 1 ? 0xc000020b : 0xc000020a);
		p.dst.u.v4.s_addr = htonl(0xc6336414);
		p.sport = (uint16_t)(40000 + conn);
		p.dport = 5060;
		p.src_zone = 1;
		p.dst_zone = 2;
		if (dir) {
			struct sip_addr t = p.src;

			p.src = p.dst;
			p.dst = t;
			p.sport = 5060;
			p.dport = (uint16_t)(40000 + conn);
			p.src_zone = 2;
			p.dst_zone = 1;
		}
		p.dir = dir ? SIP_DIR_REPLY : SIP_DIR_ORIG;
		p.proto = udp ? IPPROTO_UDP : IPPROTO_TCP;
		p.tcp_flags = udp ? 0 : (uint8_t)((c >> 1) & 7);
		switch (c >> 6) {
		case 0:
			p.seq = next[conn][dir];
			break;
		case 1:
			p.seq = next[conn][dir] - 16;
			break;
		case 2:
			p.seq = next[conn][dir] + 64;
			break;
		default:
			p.seq = isn;
			break;
		}
		if (p.tcp_flags & SIP_TCP_SYN) {
			p.seq = isn;
			next[conn][dir] = isn + 1;
		}
		p.payload = data + off;
		p.len = n;
		sip_alg_packet(alg, &p, now, &v);
		if (!udp && !(p.tcp_flags & SIP_TCP_SYN) && (c >> 6) == 0)
			next[conn][dir] += n;
		off += n;
		now += 700;
		if ((c & 0x0e) == 0x0e)
			sip_alg_expire(alg, now);
	}
	sip_alg_clear_calls(alg);
	now += 200000000; /* past every timer: bindings, TCP flows */
	sip_alg_expire(alg, now);
	sip_alg_expire(alg, now + 1);
	now += 2;
	if (nopen != 0 || sip_alg_ncalls(alg) != 0 ||
	    sip_alg_nregistrations(alg) != 0)
		__builtin_trap();
	return 0;
}
