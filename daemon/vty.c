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

#define VTY_OUT_MAX	(4u * 1024 * 1024)	/* stop reading beyond */
#define VTY_FAIL_MAX	256		/* remembered failed logins */

struct vty {
	TAILQ_ENTRY(vty)	 entry;
	struct fe_term		 ft;		/* line vty N */
	struct bufferevent	*bev;
	telnet_t		*tn;
	struct term		*term;
	int			 line;		/* vty number */
	struct event		*timer;		/* exec-timeout, deferred free */
	bool			 closing;
	bool			 fe_added;
};

static TAILQ_HEAD(, vty) vtys = TAILQ_HEAD_INITIALIZER(vtys);
static struct evconnlistener *vty_lis;
static struct event *monitor_ev;
static unsigned char *vty_busy;		/* [MGMT_VTY_MAX] */
static int vty_port;

/* login block-for: recent failures and the quiet period. */
static time_t fails[VTY_FAIL_MAX];
static unsigned nfails;
static time_t quiet_until;
static struct event *quiet_ev;
static struct zbfw *vty_z;

static const telnet_telopt_t vty_telopts[] = {
	{ TELNET_TELOPT_ECHO, TELNET_WILL, TELNET_DONT },
	{ TELNET_TELOPT_SGA, TELNET_WILL, TELNET_DO },
	{ TELNET_TELOPT_NAWS, TELNET_WONT, TELNET_DO },
	{ -1, 0, 0 }
};

static void	vty_free(struct vty *);
static void	vty_arm_timer(struct vty *);

static void
when(char *dst, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(dst, len, "%H:%M:%S %Z %a %b %e %Y", &tm);
}

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

/* Login */

static void
quiet_off(evutil_socket_t fd, short what, void *arg)
{
	char at[64];

	quiet_until = 0;
	nfails = 0;
	when(at, sizeof(at));
	log_ios("SEC_LOGIN", 5, "QUIET_MODE_OFF", "Quiet Mode is OFF, because "
	    "block period timed out at %s", at);
}

void
vty_login_failed(const char *user, const char *host, int port)
{
	const struct mgmt_cfg *m = vty_z != NULL ? vty_z->mgmt : NULL;
	time_t now = time(NULL);
	unsigned i, recent = 0;
	struct timeval tv;
	char at[64];

	if (m == NULL || m->block_for == 0)
		return;
	when(at, sizeof(at));
	log_ios("SEC_LOGIN", 4, "LOGIN_FAILED", "Login failed [user: %s] "
	    "[Source: %s] [localport: %d] [Reason: Login Authentication "
	    "Failed] at %s", user, host, port, at);
	if (nfails == VTY_FAIL_MAX) {
		memmove(fails, fails + 1, sizeof(fails[0]) * (VTY_FAIL_MAX - 1));
		nfails--;
	}
	fails[nfails++] = now;
	for (i = 0; i < nfails; i++)
		if (now - fails[i] < (time_t)m->block_within)
			recent++;
	if (recent < m->block_attempts || quiet_until > now)
		return;
	quiet_until = now + m->block_for;
	log_ios("SEC_LOGIN", 1, "QUIET_MODE_ON", "Still timeleft for watching "
	    "failures is %u secs, [user: %s] [Source: %s] [localport: %d] "
	    "[Reason: Login Authentication Failed] [ACL: sl_def_acl] at %s",
	    m->block_within, user, host, port, at);
	if (quiet_ev == NULL)
		quiet_ev = evtimer_new(vty_z->evb, quiet_off, NULL);
	tv.tv_sec = m->block_for;
	tv.tv_usec = 0;
	if (quiet_ev != NULL)
		evtimer_add(quiet_ev, &tv);
}

void
vty_login_ok(const char *user, const char *host, int port)
{
	const struct mgmt_cfg *m = vty_z != NULL ? vty_z->mgmt : NULL;
	char at[64];

	if (m == NULL || m->block_for == 0)
		return;
	when(at, sizeof(at));
	log_ios("SEC_LOGIN", 5, "LOGIN_SUCCESS", "Login Success [user: %s] "
	    "[Source: %s] [localport: %d] at %s", user, host, port, at);
}

void
vty_show_login(struct buf *out)
{
	const struct mgmt_cfg *m = vty_z != NULL ? vty_z->mgmt : NULL;
	time_t now = time(NULL);

	if (m == NULL || m->block_for == 0) {
		buf_puts(out, "     No login delay has been applied.\n"
		    "     No Quiet-Mode access list has been configured.\n\n"
		    "     Router NOT enabled to watch for login Attacks\n");
		return;
	}
	buf_puts(out, "     A default login delay of 1 seconds is applied.\n"
	    "     No Quiet-Mode access list has been configured.\n\n");
	buf_puts(out, "     Router enabled to watch for login Attacks.\n");
	buf_printf(out, "     If more than %u login failures occur in %u "
	    "seconds or less,\n     logins will be disabled for %u seconds.\n\n",
	    m->block_attempts, m->block_within, m->block_for);
	if (quiet_until > now)
		buf_printf(out, "     Router presently in Quiet-Mode, will "
		    "remain in Quiet-Mode for %ld seconds.\n"
		    "     Denying logins from all sources.\n",
		    (long)(quiet_until - now));
	else
		buf_puts(out, "     Router presently in Normal-Mode.\n");
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
	case TELNET_EV_WARNING:		/* a client's protocol error */
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

	while (!v->closing && (n = evbuffer_remove(in, chunk,
	    sizeof(chunk))) > 0) {
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
	if (v->closing &&
	    evbuffer_get_length(bufferevent_get_output(bev)) == 0)
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
	vty_line_put(v->line);
	term_free(v->term);
	if (v->tn != NULL)
		telnet_free(v->tn);
	if (v->bev != NULL)
		bufferevent_free(v->bev);
	TAILQ_REMOVE(&vtys, v, entry);
	free(v);
}

/* The vty lines are shared by telnet and SSH (ssh.c). */
int
vty_lines_init(struct zbfw *z)
{
	vty_z = z;
	if (vty_busy == NULL &&
	    (vty_busy = calloc(MGMT_VTY_MAX, sizeof(*vty_busy))) == NULL)
		return -ENOMEM;
	return 0;
}

/* The lowest free vty line that exists and accepts transport tr, taken;
 * -1 when none. */
int
vty_line_take(struct zbfw *z, unsigned tr)
{
	int i;

	for (i = 0; i < MGMT_VTY_MAX; i++)
		if (z->mgmt->vty[i].exists && !vty_busy[i] &&
		    (z->mgmt->vty[i].transport & tr)) {
			vty_busy[i] = 1;
			return i;
		}
	return -1;
}

void
vty_line_put(int line)
{
	if (line >= 0 && vty_busy != NULL)
		vty_busy[line] = 0;
}

/* How many vty lines accept transport tr. */
int
vty_lines_with(struct zbfw *z, unsigned tr)
{
	int i, n = 0;

	for (i = 0; i < MGMT_VTY_MAX; i++)
		if (z->mgmt->vty[i].exists && (z->mgmt->vty[i].transport & tr))
			n++;
	return n;
}

/* login block-for: quiet mode refuses every connection. */
bool
vty_quiet(void)
{
	return quiet_until > time(NULL);
}

static void
refuse(int fd, const char *msg)
{
	ssize_t n = write(fd, msg, strlen(msg));

	(void)n;
	close(fd);
}

static void
vty_accept(struct evconnlistener *lis, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
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
	if (vty_quiet()) {
		close(fd);
		return;
	}
	if ((line = vty_line_take(z, MGMT_TR_TELNET)) < 0) {
		if (vty_lines_with(z, MGMT_TR_TELNET) == 0)
			refuse(fd, "\r\n% Connection refused: no vty line "
			    "accepts telnet (transport input)\r\n");
		else
			refuse(fd, "\r\n% All vty lines are in use; "
			    "connection refused\r\n");
		return;
	}
	if ((v = calloc(1, sizeof(*v))) == NULL) {
		vty_line_put(line);
		close(fd);
		return;
	}
	v->ft.z = z;
	v->ft.write = vty_twrite;
	v->ft.lg.answer = vty_answer;
	v->ft.lg.answer_arg = v;
	v->ft.fe.answer = vty_answer;
	v->ft.fe.answer_arg = v;
	v->line = line;
	v->ft.fe.vty = true;
	v->ft.fe.lineno = line;
	v->ft.fe.localport = vty_port;
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
		TAILQ_INSERT_TAIL(&vtys, v, entry);
		vty_free(v);
		return;
	}
	TAILQ_INSERT_TAIL(&vtys, v, entry);
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
	struct vty *v, *next;

	for (v = TAILQ_FIRST(&vtys); v != NULL; v = next) {
		next = TAILQ_NEXT(v, entry);
		if (!v->closing)
			vty_flush_async(v);
	}
}

int
vty_listen(struct zbfw *z, const char *spec, char *bound, size_t len)
{
	struct timeval tv = { 0, 200000 };
	int fd;

	if ((fd = vty_lines_init(z)) < 0)
		return fd;
	if ((fd = tcp_listen(spec, bound, len, &vty_port)) < 0)
		return fd;
	vty_lis = evconnlistener_new(z->evb, vty_accept, z,
	    LEV_OPT_CLOSE_ON_FREE, -1, fd);
	if (vty_lis == NULL) {
		close(fd);
		return -ENOMEM;
	}
	/* Without the tick, `terminal monitor` would print nothing. */
	if ((monitor_ev = event_new(z->evb, -1, EV_PERSIST, monitor_tick,
	    NULL)) == NULL || event_add(monitor_ev, &tv) < 0) {
		vty_shutdown();
		return -ENOMEM;
	}
	return 0;
}

void
vty_shutdown(void)
{
	while (!TAILQ_EMPTY(&vtys))
		vty_free(TAILQ_FIRST(&vtys));
	if (vty_lis != NULL)
		evconnlistener_free(vty_lis);
	vty_lis = NULL;
	if (monitor_ev != NULL)
		event_free(monitor_ev);
	monitor_ev = NULL;
	if (quiet_ev != NULL)
		event_free(quiet_ev);
	quiet_ev = NULL;
	free(vty_busy);
	vty_busy = NULL;
}

/* `clear line vty N`: end that vty's session. */
int
vty_clear_line(int line)
{
	struct vty *v;

	TAILQ_FOREACH(v, &vtys, entry)
		if (v->line == line && !v->closing) {
			vty_puts(v, "\r\n");
			vty_close_later(v);
			return 0;
		}
	return -ENOENT;
}
