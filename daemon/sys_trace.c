/*
 * traceroute: UDP probes from the router's own stack with a rising TTL,
 * in IOS's output format.  As ping (sys_ping.c), the command goes on
 * after its line (CLI_WAIT): one probe in flight, the ICMP error that
 * answers it read from the socket's error queue (IP_RECVERR: no raw
 * socket needed) by a libevent read event, its timeout a libevent timer.
 * A hop's time exceeded names the hop; the destination's port unreachable
 * ends the trace.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
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

#define TRACE_PORT 33434 /* the traditional base port */

struct trace {
	struct fe_sess *f;
	struct event *rd, *tmo;
	int fd;
	int family;
	struct sockaddr_storage dst;
	socklen_t dlen;
	unsigned ttl, max_ttl, probe, probes, timeout_s;
	uint16_t port; /* of the probe in flight */
	bool answered; /* the probe in flight */
	bool reached;
	char last[INET6_ADDRSTRLEN]; /* this hop */
	struct timespec t0;
	struct buf out;
};

static void
trace_free(void *arg)
{
	struct trace *t = arg;

	if (t->rd != NULL)
		event_free(t->rd);
	if (t->tmo != NULL)
		event_free(t->tmo);
	if (t->fd >= 0)
		close(t->fd);
	buf_free(&t->out);
	free(t);
}

static void
trace_finish(struct trace *t)
{
	struct fe_sess *f = t->f;
	struct buf out = t->out;

	buf_init(&t->out);
	trace_free(t);
	fe_done(f, CLI_OK, &out);
	buf_free(&out);
}

static void
set_port(struct trace *t, uint16_t port)
{
	if (t->family == AF_INET)
		((struct sockaddr_in *)&t->dst)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&t->dst)->sin6_port = htons(port);
}

/* The next probe: of this hop, or the first of the next hop, or the end
 * (true: t is freed). */
static bool
trace_next(struct trace *t)
{
	static const char probe[12] = "zbfw-tracer";
	struct timeval tv = { (time_t)t->timeout_s, 0 };
	int ttl;

	if (t->probe == t->probes) {
		while (t->out.len > 0 && t->out.p[t->out.len - 1] == ' ')
			t->out.p[--t->out.len] = '\0';
		buf_putc(&t->out, '\n');
		if (t->reached || t->ttl >= t->max_ttl) {
			trace_finish(t);
			return true;
		}
		t->probe = 0;
	}
	if (t->probe == 0) {
		t->ttl++;
		t->last[0] = '\0';
		buf_printf(&t->out, "%3u ", t->ttl);
		ttl = (int)t->ttl;
		if (t->family == AF_INET)
			setsockopt(t->fd, IPPROTO_IP, IP_TTL, &ttl,
			    sizeof(ttl));
		else
			setsockopt(t->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl,
			    sizeof(ttl));
	}
	t->probe++;
	t->port = (uint16_t)(TRACE_PORT + (t->ttl - 1) * t->probes + t->probe -
	    1);
	set_port(t, t->port);
	t->answered = false;
	clock_gettime(CLOCK_MONOTONIC, &t->t0);
	if (sendto(t->fd, probe, sizeof(probe), 0, (struct sockaddr *)&t->dst,
		t->dlen) < 0)
		tv.tv_sec = 0; /* no route: this probe is a '*' */
	evtimer_add(t->tmo, &tv);
	return false;
}

static void
trace_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct trace *t = arg;

	if (!t->answered)
		buf_puts(&t->out, "* ");
	trace_next(t);
}

/* One ICMP error from the queue: for the probe in flight?  True when
 * the trace ended (t is freed). */
static bool
trace_error(struct trace *t, const struct sock_extended_err *ee,
    const struct sockaddr_storage *orig)
{
	const struct sockaddr *off = SO_EE_OFFENDER(ee);
	char addr[INET6_ADDRSTRLEN];
	struct timespec now;
	uint16_t port;
	long ms;
	bool dest;

	port = ntohs(t->family == AF_INET ?
		((const struct sockaddr_in *)orig)->sin_port :
		((const struct sockaddr_in6 *)orig)->sin6_port);
	if (port != t->port || t->answered)
		return false; /* a late answer to an earlier probe */
	if (ee->ee_origin != SO_EE_ORIGIN_ICMP &&
	    ee->ee_origin != SO_EE_ORIGIN_ICMP6)
		return false;
	t->answered = true;
	evtimer_del(t->tmo);
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long)(now.tv_sec - t->t0.tv_sec) * 1000 +
	    (now.tv_nsec - t->t0.tv_nsec) / 1000000;
	sys_ip_upper(t->family,
	    t->family == AF_INET ?
		(const void *)&((const struct sockaddr_in *)off)->sin_addr :
		(const void *)&((const struct sockaddr_in6 *)off)->sin6_addr,
	    addr, sizeof(addr));
	if (strcmp(addr, t->last) != 0) {
		buf_printf(&t->out, "%s ", addr);
		snprintf(t->last, sizeof(t->last), "%s", addr);
	}
	buf_printf(&t->out, "%ld msec ", ms);
	/* Port unreachable: the destination answered; another unreachable
	 * ends the trace too, with IOS's mark (!H host, !N net, !A admin). */
	dest = t->family == AF_INET ? ee->ee_type == 3 : ee->ee_type == 1;
	if (dest) {
		t->reached = true;
		if (t->family == AF_INET ? ee->ee_code != 3 : ee->ee_code != 4)
			buf_puts(&t->out,
			    t->family == AF_INET ?
				(ee->ee_code == 0	 ? "!N " :
					ee->ee_code == 1 ? "!H " :
							   "!A ") :
				(ee->ee_code == 1 ? "!A " : "!H "));
	}
	return trace_next(t);
}

static void
trace_read(evutil_socket_t fd, short what, void *arg)
{
	struct trace *t = arg;
	char data[64], ctl[512];
	struct sockaddr_storage orig;
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m;
	struct cmsghdr *c;
	char junk[64];

	/* A reply to a probe (none expected) is read and dropped. */
	while (recv(t->fd, junk, sizeof(junk), MSG_DONTWAIT) >= 0)
		;
	for (;;) {
		memset(&m, 0, sizeof(m));
		m.msg_name = &orig;
		m.msg_namelen = sizeof(orig);
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = ctl;
		m.msg_controllen = sizeof(ctl);
		if (recvmsg(t->fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return;
		for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c))
			if (((c->cmsg_level == IPPROTO_IP &&
				 c->cmsg_type == IP_RECVERR) ||
				(c->cmsg_level == IPPROTO_IPV6 &&
				    c->cmsg_type == IPV6_RECVERR)) &&
			    trace_error(t,
				(const struct sock_extended_err *)(void *)
				    CMSG_DATA(c),
				&orig))
				return; /* ended: t is freed */
	}
}

static int
cmd_traceroute(struct cli_ctx *cx, const struct cli_args *a)
{
	const char *host = cli_arg(a, "HOST");
	struct fe_sess *f = fe_waitable(cli_session(cx));
	struct zbfw *z = cli_module(cx);
	char shown[INET6_ADDRSTRLEN];
	struct trace *t;
	int on = 1, minttl;

	if (f == NULL)
		return cli_error(cx, "traceroute needs an interactive session");
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return cli_error(cx, "Out of memory");
	t->fd = -1;
	buf_init(&t->out);
	t->f = f;
	if (!cli_has(a, "ipv6") &&
	    inet_pton(AF_INET, host,
		&((struct sockaddr_in *)&t->dst)->sin_addr) == 1) {
		t->family = AF_INET;
		t->dlen = sizeof(struct sockaddr_in);
	} else if (!cli_has(a, "ip") &&
	    inet_pton(AF_INET6, host,
		&((struct sockaddr_in6 *)&t->dst)->sin6_addr) == 1) {
		t->family = AF_INET6;
		t->dlen = sizeof(struct sockaddr_in6);
	} else {
		trace_free(t);
		return cli_error(cx,
		    "Unrecognized host or address, or "
		    "protocol not running.");
	}
	t->dst.ss_family = (sa_family_t)t->family;
	t->probes = (unsigned)cli_num(a, "COUNT", 3);
	t->timeout_s = (unsigned)cli_num(a, "SECONDS", 3);
	minttl = (int)cli_num(a, "MIN", 1);
	t->max_ttl = (unsigned)cli_num(a, "MAX", 30);
	if (minttl > (int)t->max_ttl) {
		trace_free(t);
		return cli_error(cx, "Minimum TTL above the maximum");
	}
	t->ttl = (unsigned)minttl - 1;
	t->probe = 0;
	if ((t->fd = socket(t->family,
		 SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP)) < 0 ||
	    setsockopt(t->fd, t->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
		t->family == AF_INET ? IP_RECVERR : IPV6_RECVERR, &on,
		sizeof(on)) < 0) {
		trace_free(t);
		return cli_error(cx, "Cannot open a UDP socket: %s",
		    strerror(errno));
	}
	if ((t->rd = event_new(z->evb, t->fd, EV_READ | EV_PERSIST, trace_read,
		 t)) == NULL ||
	    (t->tmo = evtimer_new(z->evb, trace_timeout, t)) == NULL ||
	    event_add(t->rd, NULL) < 0) {
		trace_free(t);
		return cli_error(cx, "Out of memory");
	}
	sys_ip_upper(t->family,
	    t->family == AF_INET ?
		(const void *)&((struct sockaddr_in *)&t->dst)->sin_addr :
		(const void *)&((struct sockaddr_in6 *)&t->dst)->sin6_addr,
	    shown, sizeof(shown));
	buf_printf(&t->out,
	    "Type escape sequence to abort.\nTracing the route "
	    "to %s\nVRF info: (vrf in name/id, vrf out name/id)\n",
	    shown);
	fe_wait(f, trace_free, t);
	trace_next(t);
	return CLI_WAIT;
}

static const struct cli_cmd sys_trace_cmds[] = {
	{ CLI_MODE_EXEC,
	    "traceroute [{ip|ipv6}] HOST [probe COUNT:<1-65535>] "
	    "[timeout SECONDS:<0-3600>] [ttl MIN:<1-255> MAX:<1-255>]",
	    { "Trace route to destination", "IP Trace", "IPv6 Trace",
		"Trace route to destination address (numeric)",
		"specify number of probes per hop", "Number of probes",
		"specify time out", "Time out in seconds",
		"specify minimum and maximum ttl", "Minimum ttl",
		"Maximum ttl" },
	    cmd_traceroute, CLI_F_NONO },
};

void
sys_trace_cli_init(struct zbfw *z)
{
	cli_register(z->cli, sys_trace_cmds,
	    sizeof(sys_trace_cmds) / sizeof(sys_trace_cmds[0]), z);
}
