/*
 * PROTOS c07-sip replay through the SIP ALG library: every case's INVITE,
 * then its teardown (CANCEL), from 192.0.2.10:5060 to 192.0.2.20:5060.
 * Checks (see ../shared/testdata/sip/README.md):
 *   - nothing crashes (run it under ASan or valgrind for leaks);
 *   - a pinhole is only ever UDP to 192.0.2.10:P or :P+1 from any address
 *     of the callee's zone (2: the INVITE's destination; there is no
 *     answer, so no exact source yet; the README's 192.0.2.20 was the
 *     INVITE's destination, used before issue 14), P the port the case
 *     offers (9876; SDP-Media-Port cases 3972-3977 offer
 *     1024, 4095, 4096, 16383, 16384, 65535; 65535 gets no RTCP);
 *   - case 0 opens exactly 9876 and 9877; 3611/3612 (other c= addresses),
 *     3618 (0.10.10.0), 3613-3716 and 3957-4002 other than 3972-3977 open
 *     nothing;
 *   - nothing is open after the teardown, and no call is left once the
 *     timers ran.
 * Oversize INVITEs (fits_udp = no) go over a TCP stream instead.
 *
 * usage: sip_protos DIR [FIRST [LAST]]   (DIR holds invite/ and teardown/)
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip.h"
#include "tests/unit/slurp.h"

#define MAXOPEN 64

static struct sip_pinhole open_ph[MAXOPEN];
static unsigned nopen, errors;
static unsigned long cur_case;

static void
fail(const char *what)
{
	fprintf(stderr, "case %07lu: %s\n", cur_case, what);
	errors++;
}

static int
op_open(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	if (nopen == MAXOPEN) {
		fail("too many pinholes");
		return -1;
	}
	open_ph[nopen++] = *p;
	return 0;
}

static void
op_close(void *arg, const struct sip_pinhole *p)
{
	(void)arg;
	for (unsigned i = 0; i < nopen; i++)
		if (open_ph[i].id == p->id) {
			open_ph[i] = open_ph[--nopen];
			return;
		}
	fail("close of an unknown pinhole");
}

static const struct sip_alg_ops ops = { .open_pinhole = op_open,
	.close_pinhole = op_close };

static struct sip_pkt
pkt(uint8_t proto)
{
	struct sip_pkt p;

	memset(&p, 0, sizeof(p));
	p.src.family = p.dst.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.10", &p.src.u.v4);
	inet_pton(AF_INET, "192.0.2.20", &p.dst.u.v4);
	p.sport = proto == IPPROTO_TCP ? 40000 : 5060;
	p.dport = 5060;
	p.proto = proto;
	p.src_zone = 1;
	p.dst_zone = 2;
	p.dir = SIP_DIR_ORIG;
	return p;
}

static void
send_udp(struct sip_alg *a, const uint8_t *b, size_t n, uint64_t now)
{
	struct sip_pkt p = pkt(IPPROTO_UDP);
	struct sip_verdict v;

	p.payload = b;
	p.len = n;
	sip_alg_packet(a, &p, now, &v);
}

/* A fresh TCP connection per case, 1460-byte segments. */
static void
send_tcp(struct sip_alg *a, const uint8_t *b, size_t n, uint64_t now,
    uint16_t sport)
{
	struct sip_pkt p = pkt(IPPROTO_TCP);
	struct sip_verdict v;
	uint32_t isn = 1000;

	p.sport = sport;
	p.tcp_flags = SIP_TCP_SYN;
	p.seq = isn;
	sip_alg_packet(a, &p, now, &v);
	p.tcp_flags = 0;
	for (size_t off = 0; off < n; off += 1460) {
		p.seq = isn + 1 + (uint32_t)off;
		p.payload = b + off;
		p.len = n - off < 1460 ? n - off : 1460;
		sip_alg_packet(a, &p, now, &v);
	}
	sip_alg_flow_close(a, &p);
}

static unsigned
offered_port(unsigned long c)
{
	static const unsigned ports[] = { 1024, 4095, 4096, 16383, 16384,
		65535 };

	if (c >= 3972 && c <= 3977)
		return ports[c - 3972];
	return 9876;
}

static bool
never_opens(unsigned long c)
{
	return c == 3611 || c == 3612 || (c >= 3613 && c <= 3716) ||
	    (c >= 3957 && c <= 4002 && !(c >= 3972 && c <= 3977));
}

static void
check_open(unsigned long c)
{
	struct sip_addr me;
	unsigned port = offered_port(c);
	bool rtp = false, rtcp = false;

	inet_pton(AF_INET, "192.0.2.10", &me.u.v4);
	for (unsigned i = 0; i < nopen; i++) {
		const struct sip_pinhole *p = &open_ph[i];

		if (p->proto != IPPROTO_UDP || p->dst.family != AF_INET ||
		    p->dst.u.v4.s_addr != me.u.v4.s_addr || !p->src_any ||
		    p->src_zone != 2 ||
		    (p->dport != port && p->dport != port + 1))
			fail("pinhole to another tuple");
		if (p->dport == port)
			rtp = true;
		else
			rtcp = true;
	}
	if (c == 0 && (!rtp || !rtcp || nopen != 2))
		fail("case 0 must open 9876 and 9877");
	if (never_opens(c) && nopen != 0)
		fail("must open nothing");
	if (port == 65535 && rtcp)
		fail("RTCP port wrapped");
}

int
main(int argc, char **argv)
{
	unsigned long first = 0, last = 4526, c, opened = 0, cases = 0;
	struct sip_alg *a;
	uint64_t now = 1000;
	char path[4096];

	if (argc < 2) {
		fprintf(stderr, "usage: sip_protos DIR [FIRST [LAST]]\n");
		return 2;
	}
	if (argc > 2)
		first = last = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		last = strtoul(argv[3], NULL, 10);
	if ((a = sip_alg_new(&ops, NULL)) == NULL)
		return 2;
	for (c = first; c <= last; c++) {
		uint8_t *inv, *td;
		size_t ni, nt;

		cur_case = c;
		snprintf(path, sizeof(path), "%s/invite/%07lu.sip", argv[1], c);
		if ((inv = slurp(path, &ni)) == NULL) {
			fprintf(stderr, "%s: cannot read\n", path);
			return 2;
		}
		snprintf(path, sizeof(path), "%s/teardown/%07lu.sip", argv[1],
		    c);
		if ((td = slurp(path, &nt)) == NULL) {
			fprintf(stderr, "%s: cannot read\n", path);
			return 2;
		}
		if (ni > 65507)
			send_tcp(a, inv, ni, now,
			    (uint16_t)(10000 + c % 50000));
		else
			send_udp(a, inv, ni, now);
		check_open(c);
		opened += nopen > 0;
		if (ni > 65507)
			send_tcp(a, td, nt, now + 1,
			    (uint16_t)(10000 + c % 50000));
		else
			send_udp(a, td, nt, now + 1);
		if (nopen != 0)
			fail("pinholes left after the teardown");
		now += 10;
		free(inv);
		free(td);
		cases++;
	}
	sip_alg_expire(a, now + 3600 * 1000);
	if (sip_alg_ncalls(a) != 0)
		fail("calls left after the timers");
	sip_alg_free(a);
	printf("%lu cases, %lu opened a pinhole, %u errors\n", cases, opened,
	    errors);
	return errors == 0 ? 0 : 1;
}
