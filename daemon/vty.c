/*
 * Telnet vtys (libtelnet): option negotiation, login per `line vty`, the
 * line editor (term.c), exec-timeout, login block-for, terminal monitor.
 *
 * Options: we offer WILL ECHO and WILL SGA and ask DO NAWS; everything
 * else is refused.  We echo typed characters ourselves whatever the client
 * answered to WILL ECHO (Netmiko's telnetlib refuses it and still relies on
 * the echo; reference §5.3), never passwords.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <libtelnet.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "daemon/fe_term.h"
#include "daemon/term.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"

#define VTY_OUT_MAX (4u * 1024 * 1024) /* stop reading beyond */

struct vty {
	TAILQ_ENTRY(vty) entry;
	struct fe_term ft; /* line vty N */
	struct bufferevent *bev;
	telnet_t *tn;
	struct term *term;
	int line;	     /* vty number */
	struct event *timer; /* exec-timeout, deferred free */
	bool closing;
	bool fe_added;
	struct vty_srv *srv;
};

/* The telnet listener and its vtys (z->vty). */
struct vty_srv {
	TAILQ_HEAD(, vty) vtys;
	struct evconnlistener *lis;
	struct event *monitor_ev;
	int port;
};

static const telnet_telopt_t vty_telopts[] = { { TELNET_TELOPT_ECHO,
						   TELNET_WILL, TELNET_DONT },
	{ TELNET_TELOPT_SGA, TELNET_WILL, TELNET_DO },
	{ TELNET_TELOPT_NAWS, TELNET_WONT, TELNET_DO }, { -1, 0, 0 } };

static void vty_free(struct vty *);
static void vty_arm_timer(struct vty *);

static const struct mgmt_line *
vty_cfg(struct vty *v)
{
	return fe_term_cfg(&v->ft);
}

/* Output */

static void
vty_raw(struct vty *v, const char *p, size_t n)
{
	if (v->tn != NULL)
		telnet_send(v->tn, p, n);
}

static void
vty_puts(struct vty *v, const char *s)
{
	vty_raw(v, s, strlen(s));
}

/* Close once the output has been written (never frees v right away: the
 * caller may still be inside libtelnet or the line editor). */
static void
vty_close_later(struct vty *v)
{
	struct timeval now = { 0, 0 };

	if (v->closing)
		return;
	v->closing = true;
	bufferevent_disable(v->bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(v->bev)) == 0)
		evtimer_add(v->timer, &now);
}

/* The line editor's screen bytes go out through telnet. */
static void
vty_twrite(struct fe_term *t, const char *p, size_t n)
{
	struct vty *v = (struct vty *)(void *)((char *)t -
	    offsetof(struct vty, ft));

	vty_raw(v, p, n);
}

static void
vty_flush_async(struct vty *v)
{
	/* A client that does not read: the lines wait in the session's
	 * bounded buffer instead of ours. */
	if (evbuffer_get_length(bufferevent_get_output(v->bev)) > VTY_OUT_MAX)
		return;
	fe_term_async(&v->ft, v->term);
}

/* Telnet events */

static void
vty_telnet_ev(telnet_t *tn, telnet_event_t *ev, void *arg)
{
	struct vty *v = arg;
	const unsigned char *b;

	switch (ev->type) {
	case TELNET_EV_DATA:
		if (v->closing)
			break;
		if (term_input(v->term, ev->data.buffer, ev->data.size) ==
		    TERM_CLOSED)
			vty_close_later(v);
		else
			vty_arm_timer(v);
		break;
	case TELNET_EV_SEND:
		bufferevent_write(v->bev, ev->data.buffer, ev->data.size);
		break;
	case TELNET_EV_SUBNEGOTIATION:
		if (ev->sub.telopt == TELNET_TELOPT_NAWS && ev->sub.size == 4) {
			b = (const unsigned char *)ev->sub.buffer;
			if ((b[0] << 8 | b[1]) > 0)
				cli_session_set_width(v->ft.fe.cs,
				    (unsigned)(b[0] << 8 | b[1]));
			if ((b[2] << 8 | b[3]) > 0)
				cli_session_set_length(v->ft.fe.cs,
				    (unsigned)(b[2] << 8 | b[3]));
		}
		break;
	case TELNET_EV_IAC:
		/* Interrupt Process acts as Ctrl-C. */
		if (ev->iac.cmd == TELNET_IP && !v->closing &&
		    term_input(v->term, "\x03", 1) == TERM_CLOSED)
			vty_close_later(v);
		break;
	case TELNET_EV_WARNING: /* a client's protocol error */
	case TELNET_EV_ERROR:
		log_dbg(DBG_DAEMON, "vty%d: telnet %s: %s", v->line,
		    ev->type == TELNET_EV_ERROR ? "error" : "warning",
		    ev->error.msg);
		break;
	default:
		break;
	}
}

/* Connections */

static void
vty_read(struct bufferevent *bev, void *arg)
{
	struct vty *v = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	char chunk[4096];
	int n;

	while (!v->closing &&
	    (n = evbuffer_remove(in, chunk, sizeof(chunk))) > 0) {
		v->ft.fe.last_input = fe_now();
		telnet_recv(v->tn, chunk, (size_t)n);
		if (v->closing)
			break;
		/* A client that never reads its output gets no more input
		 * processed until it does. */
		if (evbuffer_get_length(bufferevent_get_output(bev)) >
		    VTY_OUT_MAX) {
			bufferevent_disable(bev, EV_READ);
			break;
		}
	}
	if (v->closing && evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		vty_free(v);
}

static void
vty_write(struct bufferevent *bev, void *arg)
{
	struct vty *v = arg;

	if (v->closing)
		vty_free(v);
	else if (!(bufferevent_get_enabled(bev) & EV_READ)) {
		bufferevent_enable(bev, EV_READ);
		if (evbuffer_get_length(bufferevent_get_input(bev)) > 0)
			vty_read(bev, v);
	}
}

static void
vty_event(struct bufferevent *bev, short what, void *arg)
{
	struct vty *v = arg;

	if (what & BEV_EVENT_ERROR)
		vty_free(v);
	else if (what & BEV_EVENT_EOF) {
		/* The client stopped sending; what it asked for still goes
		 * out (printf 'show run\r\n' | nc ...). */
		if (v->closing)
			vty_free(v);
		else
			vty_close_later(v);
	}
}

static void
vty_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct vty *v = arg;
	const struct mgmt_line *l = vty_cfg(v);
	double limit = l->exec_min * 60.0 + l->exec_sec;
	double idle = fe_now() - term_idle_since(v->term);

	if (v->closing) {
		vty_free(v);
		return;
	}
	if (limit <= 0)
		return;
	if (idle + 0.01 < limit) {
		vty_arm_timer(v);
		return;
	}
	vty_puts(v, "\r\n");
	vty_close_later(v);
}

static void
vty_arm_timer(struct vty *v)
{
	struct timeval tv;

	if (v->timer == NULL)
		return;
	if (fe_term_idle_tv(&v->ft, v->term, &tv))
		evtimer_add(v->timer, &tv);
	else
		evtimer_del(v->timer);
}

/* The answer to a password checked off the loop (login.c). */
static void
vty_answer(void *arg, int rc, struct buf *out)
{
	struct vty *v = arg;

	if (v->closing)
		return;
	if (term_answer(v->term, rc, out) == TERM_CLOSED)
		vty_close_later(v);
	else
		vty_arm_timer(v);
}

static void
vty_free(struct vty *v)
{
	if (v->timer != NULL)
		event_free(v->timer);
	login_cancel(&v->ft.lg);
	if (v->fe_added)
		fe_del(&v->ft.fe);
	cli_session_free(v->ft.fe.cs);
	vty_line_put(v->ft.z, v->line);
	term_free(v->term);
	if (v->tn != NULL)
		telnet_free(v->tn);
	if (v->bev != NULL)
		bufferevent_free(v->bev);
	TAILQ_REMOVE(&v->srv->vtys, v, entry);
	free(v);
}

static void
refuse(int fd, const char *msg)
{
	ssize_t n = write(fd, msg, strlen(msg));

	(void)n;
	close(fd);
}

static void
vty_accept(struct evconnlistener *lis, evutil_socket_t fd, struct sockaddr *sa,
    int salen, void *arg)
{
	struct zbfw *z = arg;
	struct vty *v;
	struct buf out;
	char host[INET6_ADDRSTRLEN];
	int line, rc;

	host[0] = '\0';
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)sa)->sin_addr, host,
		    sizeof(host));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)sa)->sin6_addr,
		    host, sizeof(host));
	if (vty_quiet(z)) {
		close(fd);
		return;
	}
	if ((line = vty_line_take(z, MGMT_TR_TELNET)) < 0) {
		if (vty_lines_with(z, MGMT_TR_TELNET) == 0)
			refuse(fd,
			    "\r\n% Connection refused: no vty line "
			    "accepts telnet (transport input)\r\n");
		else
			refuse(fd,
			    "\r\n% All vty lines are in use; "
			    "connection refused\r\n");
		return;
	}
	if ((v = calloc(1, sizeof(*v))) == NULL) {
		vty_line_put(z, line);
		close(fd);
		return;
	}
	v->srv = z->vty;
	v->ft.z = z;
	v->ft.write = vty_twrite;
	v->ft.lg.answer = vty_answer;
	v->ft.lg.answer_arg = v;
	v->ft.fe.answer = vty_answer;
	v->ft.fe.answer_arg = v;
	v->line = line;
	v->ft.fe.vty = true;
	v->ft.fe.lineno = line;
	v->ft.fe.localport = z->vty->port;
	snprintf(v->ft.fe.host, sizeof(v->ft.fe.host), "%s", host);
	v->bev = bufferevent_socket_new(z->evb, fd, BEV_OPT_CLOSE_ON_FREE);
	v->tn = telnet_init(vty_telopts, vty_telnet_ev, 0, v);
	v->term = term_new(&fe_term_ops, &v->ft, true);
	v->ft.fe.cs = cli_session_new(z->cli, CLI_ORIGIN_VTY, &zbfw_hooks, z);
	v->timer = evtimer_new(z->evb, vty_timeout, v);
	if (v->bev == NULL || v->tn == NULL || v->term == NULL ||
	    v->ft.fe.cs == NULL || v->timer == NULL) {
		if (v->bev == NULL)
			close(fd);
		TAILQ_INSERT_TAIL(&v->srv->vtys, v, entry);
		vty_free(v);
		return;
	}
	TAILQ_INSERT_TAIL(&v->srv->vtys, v, entry);
	cli_session_set_user(v->ft.fe.cs, v);
	cli_session_set_priv(v->ft.fe.cs, 1);
	fe_add(&v->ft.fe);
	v->fe_added = true;
	bufferevent_setcb(v->bev, vty_read, vty_write, vty_event, v);
	bufferevent_enable(v->bev, EV_READ | EV_WRITE);

	telnet_negotiate(v->tn, TELNET_WILL, TELNET_TELOPT_ECHO);
	telnet_negotiate(v->tn, TELNET_WILL, TELNET_TELOPT_SGA);
	telnet_negotiate(v->tn, TELNET_DO, TELNET_TELOPT_NAWS);

	buf_init(&out);
	rc = fe_term_begin(&v->ft, &out);
	term_print(v->term, out.p, out.len);
	buf_free(&out);
	if (rc < 0) {
		vty_close_later(v);
		return;
	}
	term_start(v->term);
	vty_arm_timer(v);
}

/* terminal monitor: log lines reach monitoring vtys within 200 ms. */
static void
monitor_tick(evutil_socket_t fd, short what, void *arg)
{
	struct vty_srv *srv = arg;
	struct vty *v, *next;

	for (v = TAILQ_FIRST(&srv->vtys); v != NULL; v = next) {
		next = TAILQ_NEXT(v, entry);
		if (!v->closing)
			vty_flush_async(v);
	}
}

int
vty_listen(struct zbfw *z, const char *spec, char *bound, size_t len)
{
	struct timeval tv = { 0, 200000 };
	struct vty_srv *srv;
	int fd;

	if (z->vty != NULL)
		return -EALREADY;
	if ((fd = vty_lines_init(z)) < 0)
		return fd;
	if ((srv = calloc(1, sizeof(*srv))) == NULL)
		return -ENOMEM;
	TAILQ_INIT(&srv->vtys);
	z->vty = srv;
	if ((fd = tcp_listen(spec, bound, len, &srv->port)) < 0) {
		vty_shutdown(z);
		return fd;
	}
	srv->lis = evconnlistener_new(z->evb, vty_accept, z,
	    LEV_OPT_CLOSE_ON_FREE, -1, fd);
	if (srv->lis == NULL) {
		close(fd);
		vty_shutdown(z);
		return -ENOMEM;
	}
	/* Without the tick, `terminal monitor` would print nothing. */
	if ((srv->monitor_ev = event_new(z->evb, -1, EV_PERSIST, monitor_tick,
		 srv)) == NULL ||
	    event_add(srv->monitor_ev, &tv) < 0) {
		vty_shutdown(z);
		return -ENOMEM;
	}
	return 0;
}

/* The telnet vtys and listener; the lines and login block-for state
 * (shared with SSH) go with vty_lines_free(). */
void
vty_shutdown(struct zbfw *z)
{
	struct vty_srv *srv = z->vty;

	if (srv == NULL)
		return;
	while (!TAILQ_EMPTY(&srv->vtys))
		vty_free(TAILQ_FIRST(&srv->vtys));
	if (srv->lis != NULL)
		evconnlistener_free(srv->lis);
	if (srv->monitor_ev != NULL)
		event_free(srv->monitor_ev);
	free(srv);
	z->vty = NULL;
}

/* `clear line vty N`: end that vty's session. */
int
vty_clear_line(struct zbfw *z, int line)
{
	struct vty *v;

	if (z->vty == NULL)
		return -ENOENT;
	TAILQ_FOREACH(v, &z->vty->vtys, entry)
		if (v->line == line && !v->closing) {
			vty_puts(v, "\r\n");
			vty_close_later(v);
			return 0;
		}
	return -ENOENT;
}
