/*
 * ping: ICMP echoes from the router's own stack, in IOS's output format.
 * The command goes on after its line (CLI_WAIT): one echo is in flight at
 * a time, its reply read by a libevent read event on the ICMP socket and
 * its timeout a libevent timer, so the loop (and the packet path) never
 * waits.  The session's front end holds the next input and shows the
 * prompt when the last echo is answered or timed out (fe_done); the
 * whole output appears then.  An ICMP datagram socket where
 * net.ipv4.ping_group_range allows it, else a raw one (CAP_NET_RAW).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "daemon/sys_int.h"
#include "lib/buf.h"

#define PING_MARKS_LINE 70 /* IOS wraps the !/. line at 70 */

struct ping {
	struct zbfw *z;
	struct fe_sess *f;
	struct event *rd, *tmo;
	int fd;
	int family;
	bool raw; /* raw socket: match the id ourselves */
	struct sockaddr_storage dst;
	socklen_t dlen;
	unsigned count, sent, ok, marks;
	size_t payload;
	unsigned timeout_s;
	uint16_t id, seq;
	struct timespec t0;
	double rtt_min, rtt_max, rtt_sum; /* ms */
	struct buf out;
};

static void
ping_free(void *arg)
{
	struct ping *p = arg;

	if (p->rd != NULL)
		event_free(p->rd);
	if (p->tmo != NULL)
		event_free(p->tmo);
	if (p->fd >= 0)
		close(p->fd);
	buf_free(&p->out);
	free(p);
}

static void
ping_finish(struct ping *p)
{
	struct fe_sess *f = p->f;
	struct buf out;

	buf_printf(&p->out, "\nSuccess rate is %u percent (%u/%u)",
	    p->count > 0 ? p->ok * 100 / p->count : 0, p->ok, p->count);
	if (p->ok > 0)
		buf_printf(&p->out,
		    ", round-trip min/avg/max = %.0f/%.0f/%.0f "
		    "ms",
		    p->rtt_min, p->rtt_sum / p->ok, p->rtt_max);
	buf_putc(&p->out, '\n');
	out = p->out;
	buf_init(&p->out);
	ping_free(p);
	fe_done(f, CLI_OK, &out);
	buf_free(&out);
}

static void
ping_mark(struct ping *p, char m)
{
	if (p->marks > 0 && p->marks % PING_MARKS_LINE == 0)
		buf_putc(&p->out, '\n');
	buf_putc(&p->out, m);
	p->marks++;
}

/* Send the next echo, or end. */
static void
ping_next(struct ping *p)
{
	unsigned char pkt[18024];
	struct timeval tv = { (time_t)p->timeout_s, 0 };
	size_t n = 8 + p->payload, i;

	if (p->sent == p->count) {
		ping_finish(p);
		return;
	}
	memset(pkt, 0, 8);
	pkt[0] = p->family == AF_INET ? ICMP_ECHO : ICMP6_ECHO_REQUEST;
	pkt[4] = (unsigned char)(p->id >> 8);
	pkt[5] = (unsigned char)p->id;
	p->seq++;
	pkt[6] = (unsigned char)(p->seq >> 8);
	pkt[7] = (unsigned char)p->seq;
	for (i = 8; i < n; i++)
		pkt[i] = (unsigned char)(0xab + i); /* IOS's data pattern */
	if (p->family == AF_INET && p->raw) {
		/* The kernel fills the checksum of ICMPv6 and of datagram
		 * sockets; a raw IPv4 echo carries its own. */
		uint32_t sum = 0;

		for (i = 0; i + 1 < n; i += 2)
			sum += (uint32_t)pkt[i] << 8 | pkt[i + 1];
		if (n & 1)
			sum += (uint32_t)pkt[n - 1] << 8;
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		sum = ~sum & 0xffff;
		pkt[2] = (unsigned char)(sum >> 8);
		pkt[3] = (unsigned char)sum;
	}
	p->sent++;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	if (sendto(p->fd, pkt, n, 0, (struct sockaddr *)&p->dst, p->dlen) < 0) {
		/* No route, or an unreachable neighbour reported now: IOS's
		 * mark for a failed echo. */
		ping_mark(p, '.');
		tv.tv_sec = 0;
	}
	evtimer_add(p->tmo, &tv);
}

static void
ping_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct ping *p = arg;

	if ((unsigned)p->marks < p->sent)
		ping_mark(p, '.');
	ping_next(p);
}

/* The ICMP header of a received packet, or NULL. */
static const unsigned char *
icmp_of(const struct ping *p, const unsigned char *b, ssize_t n, size_t *len)
{
	size_t hl = 0;

	if (p->family == AF_INET && p->raw) {
		if (n < 20)
			return NULL;
		hl = (size_t)(b[0] & 0x0f) * 4;
	}
	if (n < 0 || (size_t)n < hl + 8)
		return NULL;
	*len = (size_t)n - hl;
	return b + hl;
}

static void
ping_read(evutil_socket_t fd, short what, void *arg)
{
	struct ping *p = arg;
	unsigned char b[65536];
	const unsigned char *ic;
	struct timespec now;
	double ms;
	ssize_t n;
	size_t len;
	unsigned want = p->family == AF_INET ? ICMP_ECHOREPLY :
					       ICMP6_ECHO_REPLY;

	while ((n = recv(p->fd, b, sizeof(b), MSG_DONTWAIT)) >= 0) {
		if ((ic = icmp_of(p, b, n, &len)) == NULL || ic[0] != want)
			continue;
		/* A datagram socket's replies are ours (the kernel sets and
		 * matches the id); a raw one sees every echo reply. */
		if (p->raw && ((unsigned)ic[4] << 8 | ic[5]) != p->id)
			continue;
		if (((unsigned)ic[6] << 8 | ic[7]) != p->seq ||
		    (unsigned)p->marks >= p->sent)
			continue; /* late: its echo was marked '.' */
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (double)(now.tv_sec - p->t0.tv_sec) * 1e3 +
		    (double)(now.tv_nsec - p->t0.tv_nsec) / 1e6;
		if (p->ok == 0 || ms < p->rtt_min)
			p->rtt_min = ms;
		if (ms > p->rtt_max)
			p->rtt_max = ms;
		p->rtt_sum += ms;
		p->ok++;
		ping_mark(p, '!');
		evtimer_del(p->tmo);
		ping_next(p);
		return; /* p may be gone */
	}
}

/* The socket: datagram if allowed, else raw; bound to the source. */
static int
ping_socket(struct ping *p, const char *src, struct cli_ctx *cx)
{
	int proto = p->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	struct sockaddr_storage sa;
	char ifn[IF_NAMESIZE + 1];
	socklen_t slen;

	p->fd = socket(p->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    proto);
	if (p->fd < 0) {
		p->raw = true;
		p->fd = socket(p->family,
		    SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	}
	if (p->fd < 0)
		return cli_error(cx, "Cannot open an ICMP socket: %s",
		    strerror(errno));
	if (src == NULL)
		return 0;
	memset(&sa, 0, sizeof(sa));
	if (p->family == AF_INET &&
	    inet_pton(AF_INET, src, &((struct sockaddr_in *)&sa)->sin_addr) ==
		1) {
		sa.ss_family = AF_INET;
		slen = sizeof(struct sockaddr_in);
	} else if (p->family == AF_INET6 &&
	    inet_pton(AF_INET6, src,
		&((struct sockaddr_in6 *)&sa)->sin6_addr) == 1) {
		sa.ss_family = AF_INET6;
		slen = sizeof(struct sockaddr_in6);
	} else if (sys_ifname_linux(src, ifn, sizeof(ifn)) == 0) {
		if (setsockopt(p->fd, SOL_SOCKET, SO_BINDTODEVICE, ifn,
			(socklen_t)strlen(ifn)) < 0)
			return cli_error(cx, "Cannot use source %s: %s", src,
			    strerror(errno));
		return 0;
	} else
		return cli_error(cx, "Invalid source address or interface %s",
		    src);
	if (bind(p->fd, (struct sockaddr *)&sa, slen) < 0)
		return cli_error(cx, "Invalid source address %s: %s", src,
		    strerror(errno));
	buf_printf(&p->out, "Packet sent with a source address of %s \n", src);
	return 0;
}

static int
cmd_ping(struct cli_ctx *cx, const struct cli_args *a)
{
	const char *host = cli_arg(a, "HOST"), *src = cli_arg(a, "SRC");
	struct fe_sess *f = fe_waitable(cli_session(cx));
	size_t size = (size_t)cli_num(a, "BYTES", 100), hdr;
	struct zbfw *z = cli_module(cx);
	char shown[INET6_ADDRSTRLEN];
	struct ping *p;
	int rc;

	if (f == NULL)
		return cli_error(cx, "ping needs an interactive session");
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return cli_error(cx, "Out of memory");
	p->fd = -1;
	buf_init(&p->out);
	p->z = z;
	p->f = f;
	/* Numeric only: a name lookup would wait on DNS in the loop. */
	memset(&p->dst, 0, sizeof(p->dst));
	if (!cli_has(a, "ipv6") &&
	    inet_pton(AF_INET, host,
		&((struct sockaddr_in *)&p->dst)->sin_addr) == 1) {
		p->family = AF_INET;
		p->dlen = sizeof(struct sockaddr_in);
		hdr = 28;
	} else if (!cli_has(a, "ip") &&
	    inet_pton(AF_INET6, host,
		&((struct sockaddr_in6 *)&p->dst)->sin6_addr) == 1) {
		p->family = AF_INET6;
		p->dlen = sizeof(struct sockaddr_in6);
		hdr = 48;
	} else {
		ping_free(p);
		return cli_error(cx,
		    "Unrecognized host or address, or "
		    "protocol not running.");
	}
	p->dst.ss_family = (sa_family_t)p->family;
	p->count = (unsigned)cli_num(a, "COUNT", 5);
	p->timeout_s = (unsigned)cli_num(a, "SECONDS", 2);
	p->payload = size > hdr ? size - hdr : 0;
	p->id = (uint16_t)(getpid() ^ (uintptr_t)p);
	buf_puts(&p->out, "Type escape sequence to abort.\n");
	sys_ip_upper(p->family,
	    p->family == AF_INET ?
		(const void *)&((struct sockaddr_in *)&p->dst)->sin_addr :
		(const void *)&((struct sockaddr_in6 *)&p->dst)->sin6_addr,
	    shown, sizeof(shown));
	buf_printf(&p->out,
	    "Sending %u, %zu-byte ICMP Echos to %s, timeout is "
	    "%u seconds:\n",
	    p->count, size, shown, p->timeout_s);
	if ((rc = ping_socket(p, src, cx)) != 0) {
		ping_free(p);
		return rc;
	}
	if ((p->rd = event_new(z->evb, p->fd, EV_READ | EV_PERSIST, ping_read,
		 p)) == NULL ||
	    (p->tmo = evtimer_new(z->evb, ping_timeout, p)) == NULL ||
	    event_add(p->rd, NULL) < 0) {
		ping_free(p);
		return cli_error(cx, "Out of memory");
	}
	fe_wait(f, ping_free, p);
	ping_next(p);
	return CLI_WAIT;
}

static const struct cli_cmd sys_ping_cmds[] = {
	{ CLI_MODE_EXEC,
	    "ping [{ip|ipv6}] HOST [repeat COUNT:<1-2147483647>] "
	    "[size BYTES:<36-18024>] [timeout SECONDS:<0-3600>] [source SRC]",
	    { "Send echo messages", "IP echo", "IPv6 echo",
		"Ping destination address (numeric)", "specify repeat count",
		"Repeat count", "specify datagram size", "Datagram size",
		"specify timeout interval", "Timeout in seconds",
		"specify source address or name",
		"Source address or interface" },
	    cmd_ping, CLI_F_NONO },
};

void
sys_ping_cli_init(struct zbfw *z)
{
	cli_register(z->cli, sys_ping_cmds,
	    sizeof(sys_ping_cmds) / sizeof(sys_ping_cmds[0]), z);
}
