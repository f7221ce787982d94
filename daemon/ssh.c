/*
 * SSH vtys (libssh's server API) in the daemon's libevent loop.
 *
 * Every libssh session is non-blocking: libevent watches its socket and
 * calls ssh_handle_key_exchange() (until it stops returning SSH_AGAIN),
 * then ssh_event_dopoll(…, 0), which reads what is there, runs the
 * callbacks and returns.  Nothing waits for the peer; the key exchange's
 * computation (one curve25519 or DH agreement and one host key signature)
 * is bounded and runs in the loop.  Authentication (ssh_auth.c) checks
 * the line's login rule like telnet's Password: prompt.  A session
 * channel's pty + shell becomes a vty served by the line editor (term.c)
 * exactly as telnet's; an exec request runs one command like `zbfw -c`
 * and closes.  Output beyond the peer's window waits in c->pend.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "cli/cli.h"
#include "daemon/ssh.h"
#include "daemon/term.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"

#define SSH_OUT_MAX (4u * 1024 * 1024) /* stop reading beyond */
#define SSH_CHUNK 32768		       /* one channel write */
#define SSH_LINGER 5		       /* seconds after our close */

static void sshc_after(struct sshc *);
static void sshc_arm(struct sshc *);

int
ssh_srv_new(struct zbfw *z, struct ssh_srv **out)
{
	struct ssh_srv *srv;

	if ((srv = calloc(1, sizeof(*srv))) == NULL)
		return -ENOMEM;
	srv->z = z;
	srv->timeout = SSH_TIMEOUT_DEFAULT;
	srv->retries = SSH_RETRIES_DEFAULT;
	TAILQ_INIT(&srv->conns);
	*out = srv;
	return 0;
}

static const struct mgmt_line *
sshc_cfg(struct sshc *c)
{
	return fe_term_cfg(&c->ft);
}

/* Output */

static void
sshc_want_write(struct sshc *c)
{
	if (c->s != NULL && (ssh_get_poll_flags(c->s) & SSH_WRITE_PENDING))
		event_add(c->ev_w, NULL);
}

static void
sshc_flush(struct sshc *c)
{
	size_t off = 0, n;
	uint32_t win;
	int w;

	while (off < c->pend.len && c->ch != NULL && !c->closed &&
	    ssh_channel_is_open(c->ch)) {
		if ((win = ssh_channel_window_size(c->ch)) == 0)
			break;
		n = c->pend.len - off;
		if (n > win)
			n = win;
		if (n > SSH_CHUNK)
			n = SSH_CHUNK;
		if ((w = ssh_channel_write(c->ch, c->pend.p + off,
			 (uint32_t)n)) <= 0)
			break;
		off += (size_t)w;
	}
	buf_consume(&c->pend, off);
	sshc_want_write(c);
}

void
sshc_out(struct sshc *c, const char *p, size_t n)
{
	if (c->dead || c->closed || c->ch == NULL)
		return;
	if (buf_append(&c->pend, p, n) < 0) {
		c->dead = true;
		return;
	}
	sshc_flush(c);
}

static void
sshc_twrite(struct fe_term *t, const char *p, size_t n)
{
	struct sshc *c = (struct sshc *)(void *)((char *)t -
	    offsetof(struct sshc, ft));

	sshc_out(c, p, n);
}

/* Close once the output has been sent (never frees c: the caller may be
 * inside libssh or the line editor). */
void
sshc_close(struct sshc *c)
{
	c->closing = true;
}

void
sshc_kick(struct sshc *c)
{
	event_active(c->ev_w, EV_WRITE, 0);
}

/* Free: only from a libevent callback, never inside libssh's. */
static void
sshc_free(struct sshc *c)
{
	if (c->ev_r != NULL)
		event_free(c->ev_r);
	if (c->ev_w != NULL)
		event_free(c->ev_w);
	if (c->timer != NULL)
		event_free(c->timer);
	sshc_auth_cancel(c);
	if (c->fe_added)
		fe_del(&c->ft.fe);
	cli_session_free(c->ft.fe.cs);
	vty_line_put(c->srv->z, c->line);
	term_free(c->term);
	if (c->ch != NULL)
		ssh_channel_free(c->ch);
	if (c->sev != NULL) {
		if (c->kex_done)
			ssh_event_remove_session(c->sev, c->s);
		ssh_event_free(c->sev);
	}
	if (c->s != NULL) {
		ssh_disconnect(c->s);
		ssh_free(c->s);
	}
	buf_free(&c->pend);
	free(c->exec);
	TAILQ_REMOVE(&c->srv->conns, c, entry);
	free(c);
}

/* Channel callbacks (inside ssh_event_dopoll) */

static int
ch_data(ssh_session s, ssh_channel ch, void *data, uint32_t len, int is_stderr,
    void *arg)
{
	struct sshc *c = arg;

	if (!c->shell || c->closing)
		return (int)len; /* exec: stdin is ignored */
	if (c->pend.len > SSH_OUT_MAX)
		return 0; /* read again once sent */
	c->ft.fe.last_input = fe_now();
	if (term_input(c->term, data, len) == TERM_CLOSED)
		sshc_close(c);
	return (int)len;
}

static void
ch_eof(ssh_session s, ssh_channel ch, void *arg)
{
	/* The client stopped sending: what it asked for still goes out
	 * (printf 'show run\r\n' | ssh -tt ...). */
	sshc_close(arg);
}

static void
ch_close(ssh_session s, ssh_channel ch, void *arg)
{
	struct sshc *c = arg;

	c->closing = true;
	c->dead = true;
}

static void
set_size(struct sshc *c, int width, int height)
{
	if (width > 0)
		cli_session_set_width(c->ft.fe.cs, (unsigned)width);
	if (height > 0)
		cli_session_set_length(c->ft.fe.cs, (unsigned)height);
}

static int
ch_pty(ssh_session s, ssh_channel ch, const char *term, int width, int height,
    int pxw, int pxh, void *arg)
{
	set_size(arg, width, height);
	return 0;
}

static int
ch_winch(ssh_session s, ssh_channel ch, int width, int height, int pxw, int pxh,
    void *arg)
{
	set_size(arg, width, height);
	return 0;
}

static void
sshc_begin(struct sshc *c)
{
	if (!c->fe_added) {
		fe_add(&c->ft.fe);
		c->fe_added = true;
	}
}

/* The end of a command that went on after its line (fe_done). */
static void
sshc_answer(void *arg, int rc, struct buf *out)
{
	struct sshc *c = arg;

	if (c->closing)
		return;
	if (term_answer(c->term, rc, out) == TERM_CLOSED)
		sshc_close(c);
	sshc_kick(c);
}

static int
ch_shell(ssh_session s, ssh_channel ch, void *arg)
{
	struct sshc *c = arg;
	struct buf out;

	if (c->shell || c->exec != NULL ||
	    (c->term = term_new(&fe_term_ops, &c->ft, true)) == NULL)
		return 1;
	c->shell = true;
	c->ft.fe.answer = sshc_answer; /* a shell can wait (ping) */
	c->ft.fe.answer_arg = c;
	sshc_begin(c);
	buf_init(&out);
	login_banner(c->srv->z, &out);
	term_print(c->term, out.p, out.len);
	buf_free(&out);
	term_start(c->term);
	return 0;
}

static int
ch_exec(ssh_session s, ssh_channel ch, const char *cmd, void *arg)
{
	struct sshc *c = arg;

	if (c->shell || c->exec != NULL || (c->exec = strdup(cmd)) == NULL)
		return 1;
	sshc_begin(c);
	return 0;
}

static int
ch_wontblock(ssh_session s, ssh_channel ch, uint32_t bytes, void *arg)
{
	sshc_flush(arg);
	return 0;
}

void
sshc_channel_init(struct sshc *c)
{
	memset(&c->ccb, 0, sizeof(c->ccb));
	c->ccb.userdata = c;
	c->ccb.channel_data_function = ch_data;
	c->ccb.channel_eof_function = ch_eof;
	c->ccb.channel_close_function = ch_close;
	c->ccb.channel_pty_request_function = ch_pty;
	c->ccb.channel_pty_window_change_function = ch_winch;
	c->ccb.channel_shell_request_function = ch_shell;
	c->ccb.channel_exec_request_function = ch_exec;
	c->ccb.channel_write_wontblock_function = ch_wontblock;
	ssh_callbacks_init(&c->ccb);
	ssh_set_channel_callbacks(c->ch, &c->ccb);
}

/* An exec request, once its reply has gone: one command, then close. */
static void
sshc_run_exec(struct sshc *c)
{
	struct buf out;
	int rc;

	cli_session_set_length(c->ft.fe.cs, 0);
	buf_init(&out);
	rc = fe_line(&c->ft.fe, c->exec, &out);
	free(c->exec);
	c->exec = NULL;
	sshc_out(c, out.p, out.len);
	buf_free(&out);
	if (c->ch != NULL)
		ssh_channel_request_send_exit_status(c->ch,
		    rc == CLI_ERR ? 1 : 0);
	sshc_close(c);
}

/* Input the data callback left in the channel (output was backed up). */
static void
sshc_resume(struct sshc *c)
{
	char chunk[4096];
	int n;

	while (c->shell && !c->closing && c->pend.len <= SSH_OUT_MAX &&
	    (n = ssh_channel_read_nonblocking(c->ch, chunk, sizeof(chunk), 0)) >
		0) {
		c->ft.fe.last_input = fe_now();
		if (term_input(c->term, chunk, (size_t)n) == TERM_CLOSED)
			sshc_close(c);
	}
}

/* After libssh returned: run what was deferred, close or free. */
static void
sshc_after(struct sshc *c)
{
	struct timeval tv = { SSH_LINGER, 0 };

	if (!c->dead && c->s != NULL && !ssh_is_connected(c->s))
		c->dead = true;
	if (c->kex_done && !c->authed && !c->dead)
		sshc_auth_poll(c);
	if (c->dead) {
		sshc_free(c);
		return;
	}
	if (c->exec != NULL && c->ch != NULL)
		sshc_run_exec(c);
	sshc_flush(c);
	if (c->ch != NULL && c->pend.len <= SSH_OUT_MAX)
		sshc_resume(c);
	if (c->closing && !c->closed && c->pend.len == 0) {
		/* The client closes the connection on our channel close;
		 * SSH_LINGER bounds the wait. */
		c->closed = true;
		if (c->ch != NULL) {
			if (c->shell)
				ssh_channel_request_send_exit_status(c->ch, 0);
			ssh_channel_send_eof(c->ch);
			ssh_channel_close(c->ch);
		} else
			ssh_disconnect(c->s);
		evtimer_add(c->timer, &tv);
	} else if (!c->closing)
		sshc_arm(c);
	else if (!c->closed && !c->lingering) {
		/* A client that reads nothing more: bounded too. */
		c->lingering = true;
		evtimer_add(c->timer, &tv);
	}
	sshc_want_write(c);
}

static void
sshc_io(evutil_socket_t fd, short what, void *arg)
{
	struct sshc *c = arg;
	int rc;

	if (!c->kex_done) {
		rc = ssh_handle_key_exchange(c->s);
		if (rc == SSH_AGAIN) {
			sshc_want_write(c);
			return;
		}
		if (rc != SSH_OK) {
			log_dbg(DBG_DAEMON, "ssh vty%d: key exchange: %s",
			    c->line, ssh_get_error(c->s));
			sshc_free(c);
			return;
		}
		c->kex_done = true;
		if (ssh_event_add_session(c->sev, c->s) != SSH_OK) {
			c->kex_done = false;
			sshc_free(c);
			return;
		}
	}
	if (ssh_event_dopoll(c->sev, 0) == SSH_ERROR)
		c->dead = c->dead || !ssh_is_connected(c->s);
	sshc_after(c);
}

/* Timer: ip ssh time-out before the shell, then exec-timeout; the linger
 * after our close. */
static void
sshc_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct sshc *c = arg;
	const struct mgmt_line *l = sshc_cfg(c);
	double limit = l->exec_min * 60.0 + l->exec_sec;

	if (c->closed || c->lingering || !c->shell) {
		sshc_free(c);
		return;
	}
	if (c->shell && limit > 0 &&
	    fe_now() - term_idle_since(c->term) + 0.01 >= limit) {
		sshc_out(c, "\r\n", 2);
		sshc_close(c);
	}
	sshc_after(c);
}

static void
sshc_arm(struct sshc *c)
{
	struct timeval tv = { 0, 0 };

	if (!c->shell) {
		/* ip ssh time-out: to authenticate and open the shell. */
		tv.tv_sec = c->srv->timeout;
		if (!evtimer_pending(c->timer, NULL))
			evtimer_add(c->timer, &tv);
	} else if (fe_term_idle_tv(&c->ft, c->term, &tv))
		evtimer_add(c->timer, &tv);
	else
		evtimer_del(c->timer);
}

/* The listener */

static void
peer_name(struct sockaddr *sa, char *host, size_t len)
{
	host[0] = '\0';
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)sa)->sin_addr, host,
		    (socklen_t)len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)sa)->sin6_addr,
		    host, (socklen_t)len);
}

static void
srv_accept(struct evconnlistener *lis, evutil_socket_t fd, struct sockaddr *sa,
    int salen, void *arg)
{
	struct ssh_srv *srv = arg;
	struct zbfw *z = srv->z;
	struct sshc *c;
	char host[INET6_ADDRSTRLEN];
	int line;

	peer_name(sa, host, sizeof(host));
	if (vty_quiet(srv->z) || srv->bind == NULL) {
		close(fd);
		return;
	}
	if ((line = vty_line_take(z, MGMT_TR_SSH)) < 0) {
		log_info("ssh from %s refused: %s", host,
		    vty_lines_with(z, MGMT_TR_SSH) == 0 ?
			"no vty line "
			"accepts ssh (transport input)" :
			"all vty lines in use");
		close(fd);
		return;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		vty_line_put(z, line);
		close(fd);
		return;
	}
	TAILQ_INSERT_TAIL(&srv->conns, c, entry);
	c->srv = srv;
	c->line = line;
	buf_init(&c->pend);
	c->ft.z = z;
	c->ft.write = sshc_twrite;
	c->ft.fe.vty = true;
	c->ft.fe.lineno = line;
	c->ft.fe.localport = srv->port;
	c->ft.lg.st = LOGIN_DONE; /* SSH authenticates, not the prompts */
	snprintf(c->ft.fe.host, sizeof(c->ft.fe.host), "%s", host);
	if ((c->s = ssh_new()) == NULL ||
	    ssh_bind_accept_fd(srv->bind, c->s, fd) != SSH_OK) {
		close(fd);
		sshc_free(c);
		return;
	}
	ssh_set_blocking(c->s, 0);
	ssh_set_auth_methods(c->s, SSH_METHODS);
	c->sev = ssh_event_new();
	c->ev_r = event_new(z->evb, fd, EV_READ | EV_PERSIST, sshc_io, c);
	c->ev_w = event_new(z->evb, fd, EV_WRITE, sshc_io, c);
	c->timer = evtimer_new(z->evb, sshc_timeout, c);
	c->ft.fe.cs = cli_session_new(z->cli, CLI_ORIGIN_VTY, &zbfw_hooks, z);
	if (c->sev == NULL || c->ev_r == NULL || c->ev_w == NULL ||
	    c->timer == NULL || c->ft.fe.cs == NULL) {
		sshc_free(c);
		return;
	}
	cli_session_set_user(c->ft.fe.cs, c);
	cli_session_set_priv(c->ft.fe.cs, 1);
	event_add(c->ev_r, NULL);
	sshc_arm(c);
	sshc_io(fd, EV_WRITE, c); /* our version string goes first */
}

/* terminal monitor: log lines reach monitoring SSH vtys within 200 ms. */
static void
srv_monitor(evutil_socket_t fd, short what, void *arg)
{
	struct ssh_srv *srv = arg;
	struct sshc *c;

	TAILQ_FOREACH(c, &srv->conns, entry)
		if (c->shell && !c->closing && c->pend.len <= SSH_OUT_MAX)
			fe_term_async(&c->ft, c->term);
}

int
ssh_listen(struct ssh_srv *srv, const char *spec, const char *keydir,
    char *bound, size_t len)
{
	struct timeval tv = { 0, 200000 };
	int fd, rc;

	if ((rc = vty_lines_init(srv->z)) < 0)
		return rc;
	if (snprintf(srv->keydir, sizeof(srv->keydir), "%s", keydir) >=
	    (int)sizeof(srv->keydir))
		return -ENAMETOOLONG;
	if ((rc = ssh_keys_load(srv)) < 0)
		return rc;
	if ((fd = tcp_listen(spec, bound, len, &srv->port)) < 0)
		return fd;
	srv->lis = evconnlistener_new(srv->z->evb, srv_accept, srv,
	    LEV_OPT_CLOSE_ON_FREE, -1, fd);
	if (srv->lis == NULL) {
		close(fd);
		return -ENOMEM;
	}
	if ((srv->monitor = event_new(srv->z->evb, -1, EV_PERSIST, srv_monitor,
		 srv)) == NULL ||
	    event_add(srv->monitor, &tv) < 0)
		return -ENOMEM;
	return 0;
}

void
ssh_srv_free(struct ssh_srv *srv)
{
	int i;

	if (srv == NULL)
		return;
	while (!TAILQ_EMPTY(&srv->conns))
		sshc_free(TAILQ_FIRST(&srv->conns));
	if (srv->lis != NULL)
		evconnlistener_free(srv->lis);
	if (srv->monitor != NULL)
		event_free(srv->monitor);
	if (srv->bind != NULL)
		ssh_bind_free(srv->bind);
	ssh_pubkey_free(srv);
	for (i = 0; i < SSH_HK_N; i++)
		free(srv->pub[i]);
	free(srv);
}

int
ssh_clear_line(struct ssh_srv *srv, int line)
{
	struct sshc *c;

	if (srv == NULL)
		return -ENOENT;
	TAILQ_FOREACH(c, &srv->conns, entry)
		if (c->line == line && !c->closing) {
			if (c->shell)
				sshc_out(c, "\r\n", 2);
			sshc_close(c);
			/* The close goes out from the loop, not from inside
			 * the command that asked for it. */
			sshc_kick(c);
			return 0;
		}
	return -ENOENT;
}
