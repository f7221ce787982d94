/*
 * The console socket: `zbfw` connects here (protocol in proto.h).  One
 * cli_session per connection; socket access is the credential (mode 0660).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "daemon/fe_term.h"
#include "daemon/proto.h"
#include "daemon/term.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"

#define CONSOLE_OUT_MAX (8u * 1024 * 1024) /* drop async output beyond */

struct conn {
	TAILQ_ENTRY(conn) entry;
	struct fe_term ft; /* line con 0 */
	struct bufferevent *bev;
	char mode; /* 0 until hello */
	struct term *term;
	struct buf sout; /* script screen not yet sent */
	bool closing;
	struct console_srv *srv;
};

/* The console socket and its connections (z->console). */
struct console_srv {
	TAILQ_HEAD(, conn) conns;
	struct evconnlistener *lis;
	struct event *tick_ev;
	char *path;
};

static void conn_free(struct conn *);
static void conn_sflush(struct conn *);

static void
conn_frame(struct conn *c, char type, const void *p, size_t len)
{
	struct buf b;

	buf_init(&b);
	if (proto_frame(&b, type, p, len) == 0)
		bufferevent_write(c->bev, b.p, b.len);
	buf_free(&b);
}

static void
conn_reply(struct conn *c, int rc, const struct buf *out,
    const struct buf *line)
{
	struct proto_reply r;
	struct buf b, prompt;

	buf_init(&b);
	buf_init(&prompt);
	if (rc != CLI_CLOSE)
		fe_term_prompt(&c->ft, &prompt);
	memset(&r, 0, sizeof(r));
	r.status = rc == CLI_CLOSE ? PROTO_CLOSED :
	    rc == CLI_ERR	   ? PROTO_ERR :
				     PROTO_OK;
	r.echo = rc == CLI_CLOSE ? 1 : fe_term_echo(&c->ft);
	r.out = out != NULL ? out->p : NULL;
	r.outlen = out != NULL ? out->len : 0;
	r.prompt = prompt.p;
	r.promptlen = prompt.len;
	r.line = line != NULL ? line->p : NULL;
	r.linelen = line != NULL ? line->len : 0;
	r.length = cli_session_length(c->ft.fe.cs) > 0xffff ?
	    0xffff :
	    cli_session_length(c->ft.fe.cs);
	if (proto_reply_frame(&b, &r) == 0)
		bufferevent_write(c->bev, b.p, b.len);
	buf_free(&b);
	buf_free(&prompt);
}

/* terminal monitor: the engine buffers log lines per session; pass them
 * on between commands and from a 200 ms timer. */
static void
flush_async(struct conn *c)
{
	struct buf b;

	if (c->closing || c->ft.fe.cs == NULL ||
	    !cli_session_monitor(c->ft.fe.cs))
		return;
	buf_init(&b);
	cli_session_take_async(c->ft.fe.cs, &b);
	if (b.len > 0 &&
	    evbuffer_get_length(bufferevent_get_output(c->bev)) <
		CONSOLE_OUT_MAX) {
		if (c->term != NULL) {
			if (b.p[b.len - 1] == '\n')
				b.p[--b.len] = '\0';
			term_async(c->term, b.p);
			conn_sflush(c);
		} else
			conn_frame(c, 'a', b.p, b.len);
	}
	buf_free(&b);
}

/* Close once everything queued has been written. */
static void
conn_close_later(struct conn *c)
{
	c->closing = true;
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		conn_free(c);
}

/*
 * Script mode's screen is collected and sent as few 'S' frames
 * (conn_sflush after each input frame), not one frame per echoed
 * character.
 */
static void
conn_swrite(struct fe_term *t, const char *p, size_t n)
{
	struct conn *c = (struct conn *)(void *)((char *)t -
	    offsetof(struct conn, ft));

	buf_append(&c->sout, p, n);
}

static void
conn_sflush(struct conn *c)
{
	size_t off, n;

	for (off = 0; off < c->sout.len; off += n) {
		n = c->sout.len - off < 65536 ? c->sout.len - off : 65536;
		conn_frame(c, 'S', c->sout.p + off, n);
	}
	buf_reset(&c->sout);
}

static unsigned
get16(const char *p)
{
	return (unsigned)(unsigned char)p[0] << 8 | (unsigned char)p[1];
}

static int
conn_hello(struct conn *c, const char *p, size_t n)
{
	struct buf out;
	int rc;

	if (n < 5 || (p[0] != 'i' && p[0] != 'c' && p[0] != 's'))
		return -EPROTO;
	c->mode = p[0];
	if ((c->ft.fe.cs = cli_session_new(c->ft.z->cli, CLI_ORIGIN_CONSOLE,
		 &zbfw_hooks, c->ft.z)) == NULL)
		return -ENOMEM;
	cli_session_set_user(c->ft.fe.cs, c);
	if (get16(p + 1) > 0)
		cli_session_set_width(c->ft.fe.cs, get16(p + 1));
	cli_session_set_length(c->ft.fe.cs, get16(p + 3));
	fe_add(&c->ft.fe);
	if (c->mode == 'c') {
		/* Socket access is the credential. */
		c->ft.lg.st = LOGIN_DONE;
		cli_session_set_priv(c->ft.fe.cs, 15);
		conn_reply(c, CLI_OK, NULL, NULL);
		return 0;
	}
	cli_session_set_priv(c->ft.fe.cs, 1);
	buf_init(&out);
	rc = fe_term_begin(&c->ft, &out);
	if (c->mode == 's') {
		cli_session_set_length(c->ft.fe.cs, 0);
		if ((c->term = term_new(&fe_term_ops, &c->ft, false)) == NULL) {
			buf_free(&out);
			return -ENOMEM;
		}
		term_print(c->term, out.p, out.len);
		if (rc >= 0)
			term_start(c->term);
		conn_sflush(c);
		if (rc < 0)
			conn_frame(c, 'x', NULL, 0);
	} else
		conn_reply(c, rc < 0 ? CLI_CLOSE : CLI_OK, &out, NULL);
	buf_free(&out);
	return rc < 0 ? 1 : 0;
}

static char *
paystr(const char *p, size_t n)
{
	return strndup(n > 0 ? p : "", n);
}

static int
conn_msg(struct conn *c, char type, const char *p, size_t n)
{
	struct buf out, line;
	char *s;
	int rc;

	if (c->mode == 0)
		return type == 'H' ? conn_hello(c, p, n) : -EPROTO;
	c->ft.fe.last_input = fe_now();
	if (type == 'W') {
		if (n >= 4) {
			if (get16(p) > 0)
				cli_session_set_width(c->ft.fe.cs, get16(p));
			if (c->mode != 's' && get16(p + 2) > 0)
				cli_session_set_length(c->ft.fe.cs,
				    get16(p + 2));
		}
		return 0;
	}
	if (c->mode == 's') {
		/*
		 * `exit` ends the screen ('x') but not the connection: the
		 * client may still be writing the rest of its input and the
		 * 'E' frame, and a close now would make its write fail
		 * (EPIPE) or reset the connection.  The rest is dropped and
		 * the connection closes at 'E' (or the client's EOF).
		 */
		if (type == 'R') {
			if (term_closed(c->term))
				return 0;
			rc = term_input(c->term, p, n);
			conn_sflush(c);
			if (rc == TERM_CLOSED)
				conn_frame(c, 'x', NULL, 0);
			return 0;
		}
		if (type == 'E' && term_closed(c->term))
			return 1;
		if (type == 'E') {
			conn_frame(c, 'x', NULL, 0);
			return 1;
		}
		return -EPROTO;
	}
	if ((s = paystr(p, n)) == NULL)
		return -ENOMEM;
	buf_init(&out);
	buf_init(&line);
	rc = CLI_OK;
	switch (type) {
	case 'L':
		rc = fe_term_line(&c->ft, s, &out);
		if (rc == TERM_LINE_WAIT) { /* conn_answer replies */
			free(s);
			buf_free(&out);
			buf_free(&line);
			return 0;
		}
		break;
	case '?':
		if (c->ft.lg.st == LOGIN_DONE)
			cli_session_help(c->ft.fe.cs, s, &out);
		break;
	case 'T':
		if (c->ft.lg.st != LOGIN_DONE ||
		    !cli_session_complete(c->ft.fe.cs, s, &line, &out)) {
			buf_reset(&line);
			buf_puts(&line, s);
		}
		break;
	default:
		rc = -EPROTO;
		break;
	}
	free(s);
	if (rc != -EPROTO)
		conn_reply(c, rc, &out, &line);
	if (rc != -EPROTO && rc != CLI_CLOSE)
		flush_async(c);
	buf_free(&out);
	buf_free(&line);
	if (rc == -EPROTO)
		return rc;
	return rc == CLI_CLOSE ? 1 : 0;
}

static void
conn_read(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	const char *pay;
	size_t len, paylen;
	unsigned char *p;
	long n;
	char type;
	int rc;

	/* While a command goes on (ping), the next frames wait. */
	while (!c->closing && c->ft.fe.job == NULL &&
	    (len = evbuffer_get_length(in)) > 0) {
		p = evbuffer_pullup(in, -1);
		n = proto_parse(p, len, &type, &pay, &paylen);
		if (n == 0)
			return;
		if (n < 0) {
			log_warnx("console: bad frame, closing");
			conn_free(c);
			return;
		}
		rc = conn_msg(c, type, pay, paylen);
		evbuffer_drain(in, (size_t)n);
		if (rc < 0) {
			log_warnx("console: protocol error, closing");
			conn_free(c);
			return;
		}
		if (rc > 0) {
			conn_close_later(c);
			return;
		}
	}
}

/* The end of a command that went on after its line (fe_done). */
static void
conn_answer(void *arg, int rc, struct buf *out)
{
	struct conn *c = arg;

	if (c->closing)
		return;
	if (c->mode == 's') {
		if (term_answer(c->term, rc, out) == TERM_CLOSED)
			conn_frame(c, 'x', NULL, 0);
		conn_sflush(c);
	} else {
		conn_reply(c, rc, out, NULL);
		if (rc == CLI_CLOSE) {
			conn_close_later(c);
			return;
		}
		flush_async(c);
	}
	conn_read(c->bev, c); /* the frames that waited */
}

static void
conn_write(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;

	if (c->closing)
		conn_free(c);
}

static void
conn_event(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;

	if ((what & BEV_EVENT_ERROR) || c->closing)
		conn_free(c);
	else if (what & BEV_EVENT_EOF)
		conn_close_later(c);
}

static void
conn_free(struct conn *c)
{
	if (c->ft.fe.cs != NULL) {
		fe_del(&c->ft.fe);
		cli_session_free(c->ft.fe.cs);
	}
	term_free(c->term);
	buf_free(&c->sout);
	bufferevent_free(c->bev);
	TAILQ_REMOVE(&c->srv->conns, c, entry);
	free(c);
}

static void
console_accept(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct zbfw *z = arg;
	struct conn *c;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(fd);
		return;
	}
	c->srv = z->console;
	c->ft.z = z;
	c->ft.write = conn_swrite;
	buf_init(&c->sout);
	c->ft.fe.vty = false;
	c->ft.fe.lineno = 0;
	c->ft.fe.answer = conn_answer;
	c->ft.fe.answer_arg = c;
	c->bev = bufferevent_socket_new(z->evb, fd, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		close(fd);
		free(c);
		return;
	}
	TAILQ_INSERT_TAIL(&c->srv->conns, c, entry);
	bufferevent_setcb(c->bev, conn_read, conn_write, conn_event, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

/* exec-timeout of line con 0 for interactive consoles (script mode ends
 * with its input). */
static bool
conn_timed_out(struct conn *c)
{
	const struct mgmt_line *l = fe_term_cfg(&c->ft);
	double limit = l->exec_min * 60.0 + l->exec_sec;

	return c->mode == 'i' && !c->closing && limit > 0 &&
	    fe_now() - c->ft.fe.last_input >= limit;
}

static void
console_tick(evutil_socket_t fd, short what, void *arg)
{
	struct console_srv *srv = arg;
	struct conn *c, *next;

	for (c = TAILQ_FIRST(&srv->conns); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (conn_timed_out(c)) {
			conn_close_later(c);
			continue;
		}
		flush_async(c);
	}
}

int
console_listen(struct zbfw *z, const char *path)
{
	struct timeval tick = { 0, 200000 };
	struct sockaddr_un sun;
	struct console_srv *srv;
	char *dir, *slash;
	int fd, saved;

	if (z->console != NULL)
		return -EALREADY;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	/* The socket's directory (/run/zbfw) may not exist yet. */
	if ((dir = strdup(path)) != NULL) {
		if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
			*slash = '\0';
			if (mkdir(dir, 0750) < 0 && errno != EEXIST)
				log_warn("mkdir %s", dir);
		}
		free(dir);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -errno;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    chmod(path, 0660) < 0 || listen(fd, 64) < 0 ||
	    evutil_make_socket_nonblocking(fd) < 0) {
		saved = errno;
		close(fd);
		return -saved;
	}
	if ((srv = calloc(1, sizeof(*srv))) == NULL) {
		close(fd);
		unlink(path);
		return -ENOMEM;
	}
	TAILQ_INIT(&srv->conns);
	z->console = srv;
	srv->lis = evconnlistener_new(z->evb, console_accept, z,
	    LEV_OPT_CLOSE_ON_FREE, -1, fd);
	if (srv->lis == NULL) {
		close(fd);
		console_shutdown(z);
		unlink(path);
		return -ENOMEM;
	}
	/* Without the path the socket outlives us; without the tick no
	 * exec-timeout and no terminal monitor output: refuse to start. */
	if ((srv->path = strdup(path)) == NULL ||
	    (srv->tick_ev = event_new(z->evb, -1, EV_PERSIST, console_tick,
		 srv)) == NULL ||
	    event_add(srv->tick_ev, &tick) < 0) {
		console_shutdown(z);
		unlink(path);
		return -ENOMEM;
	}
	return 0;
}

void
console_shutdown(struct zbfw *z)
{
	struct console_srv *srv = z->console;

	if (srv == NULL)
		return;
	while (!TAILQ_EMPTY(&srv->conns))
		conn_free(TAILQ_FIRST(&srv->conns));
	if (srv->lis != NULL)
		evconnlistener_free(srv->lis);
	if (srv->tick_ev != NULL)
		event_free(srv->tick_ev);
	if (srv->path != NULL)
		unlink(srv->path);
	free(srv->path);
	free(srv);
	z->console = NULL;
}
