/*
 * zbfw: the console of zbfwd, a client of its UNIX socket (protocol in
 * daemon/proto.h).
 *
 *   zbfw [-S SOCKET] [-c COMMAND]...
 *
 * Interactive (stdin a tty): a libedit line editor with history; `?` shows
 * help at once and redraws the line, Tab completes.  Starts in user EXEC.
 *
 * -c: runs each command in order in privileged EXEC, prints the output,
 * exits 1 when any command printed a `%` error (2 when the daemon cannot be
 * reached).
 *
 * The helpers print what went wrong and return -errno; main() turns that
 * into exit status 2 (the libedit callbacks keep it in el_err and end
 * el_gets()).
 *
 * Script mode (stdin not a tty, no -c): the daemon's vty line editor runs
 * over the input bytes and zbfw prints the screen a telnet user would see
 * (with "\n" line ends): prompts, echoed input, output.  A line that ends
 * in `?` shows the help and keeps the partial line, so the next input line
 * continues it; a TAB completes; secret input is not echoed.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include <histedit.h>

#include "daemon/proto.h"
#include "lib/buf.h"

#ifndef RUNSTATEDIR
#define RUNSTATEDIR "/run"
#endif
#define DEFAULT_SOCKET RUNSTATEDIR "/zbfw/zbfwd.sock"

static int sock = -1;
static struct buf inbuf;  /* bytes received */
static size_t inoff;	  /* inbuf.p[inoff..]: not yet parsed */
static struct buf prompt; /* the current prompt */
static int echo_on = 1;
static int session_closed;
static int daemon_gone; /* closed while we sat at the prompt */
static int el_err;	/* -errno from a libedit callback */
static EditLine *el;

/* Say why the console stops; returns rc (-errno) for the caller. */
static int
fail(int rc, const char *msg)
{
	fprintf(stderr, "zbfw: %s\n", msg);
	return rc;
}

/* Returns -1 when the daemon has closed the connection. */
static int
try_send_all(const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(sock, s, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
send_frame(char type, const void *p, size_t n)
{
	struct buf b;
	int rc = 0;

	buf_init(&b);
	if (proto_frame(&b, type, p, n) < 0)
		rc = fail(-EMSGSIZE, "message too long");
	else if (try_send_all(b.p, b.len) < 0)
		rc = fail(-EPIPE, "lost the connection to zbfwd");
	buf_free(&b);
	return rc;
}

static void
put16(char *d, unsigned v)
{
	d[0] = (char)(v >> 8);
	d[1] = (char)v;
}

static void
winsize(unsigned *w, unsigned *l)
{
	struct winsize ws;

	*w = 80;
	*l = 24;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		*w = ws.ws_col;
		*l = ws.ws_row;
	}
}

static void
print_async(const char *p, size_t n)
{
	const LineInfo *li;

	if (el == NULL) {
		fwrite(p, 1, n, stdout);
		if (n == 0 || p[n - 1] != '\n')
			putchar('\n');
		fflush(stdout);
		return;
	}
	/* Above the line being edited, then draw prompt and line again. */
	putchar('\n');
	fwrite(p, 1, n, stdout);
	if (n == 0 || p[n - 1] != '\n')
		putchar('\n');
	li = el_line(el);
	fwrite(prompt.p, 1, prompt.len, stdout);
	fwrite(li->buffer, 1, (size_t)(li->lastchar - li->buffer), stdout);
	fflush(stdout);
}

/*
 * Read until a frame of one of the types in want arrives (other frames
 * are handled on the way).  Returns its type; the payload is copied to
 * pay.  Returns 0 on EOF, -errno on an error (printed).
 */
static int
read_frame(const char *want, struct buf *pay)
{
	char chunk[65536], type;
	const char *p;
	size_t plen;
	ssize_t n;
	long used;

	for (;;) {
		used = inbuf.len > inoff ?
		    proto_parse(inbuf.p + inoff, inbuf.len - inoff, &type, &p,
			&plen) :
		    0;
		if (used < 0)
			return fail(-EPROTO, "bad message from zbfwd");
		if (used > 0) {
			/* Consumed by moving an offset: many small frames
			 * in one read must not cost a memmove each. */
			inoff += (size_t)used;
			if (strchr(want, type) != NULL) {
				buf_reset(pay);
				buf_append(pay, p, plen);
				return type;
			}
			if (type == 'a')
				print_async(p, plen);
			continue;
		}
		if (inoff > 0) {
			buf_consume(&inbuf, inoff);
			inoff = 0;
		}
		if ((n = read(sock, chunk, sizeof(chunk))) < 0) {
			if (errno == EINTR)
				continue;
			/* The daemon closed with input of ours unread:
			 * everything it sent has been read. */
			if (errno == ECONNRESET)
				return 0;
			return fail(-errno, "lost the connection to zbfwd");
		}
		if (n == 0)
			return 0;
		buf_append(&inbuf, chunk, (size_t)n);
	}
}

/* Read the reply to a request: 0 or -errno (printed). */
static int
read_reply(struct proto_reply *r, struct buf *pay)
{
	int t;

	if ((t = read_frame("r", pay)) < 0)
		return t;
	if (t != 'r' || proto_reply_parse(pay->p, pay->len, r) < 0)
		return fail(-EPIPE, "lost the connection to zbfwd");
	return 0;
}

/* Send a request and wait for its reply: its status (PROTO_*), or
 * -errno (printed). */
static int
request(char type, const char *s, struct proto_reply *r, struct buf *pay)
{
	int rc;

	if ((rc = send_frame(type, s, strlen(s))) < 0 ||
	    (rc = read_reply(r, pay)) < 0)
		return rc;
	buf_reset(&prompt);
	buf_append(&prompt, r->prompt, r->promptlen);
	echo_on = r->echo;
	if (r->status == PROTO_CLOSED)
		session_closed = 1;
	return r->status;
}

static int
connect_daemon(const char *path)
{
	struct sockaddr_un sun;
	int rc;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return fail(-ENAMETOOLONG, "socket path too long");
	strcpy(sun.sun_path, path);
	if ((sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(sock, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		rc = -errno;
		fprintf(stderr, "zbfw: cannot connect to zbfwd at %s: %s\n",
		    path, strerror(-rc));
		return rc;
	}
	return 0;
}

static int
hello(char mode, unsigned width, unsigned length)
{
	char h[5];

	h[0] = mode;
	put16(h + 1, width);
	put16(h + 3, length);
	return send_frame('H', h, sizeof(h));
}

/* An error line: "% ..." at the start of a line (not "%No specific..."). */
static int
has_error(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if ((i == 0 || p[i - 1] == '\n') && p[i] == '%' &&
		    p[i + 1] == ' ')
			return 1;
	return 0;
}

static int read_secret(char *, size_t);

/* 0, 1 when a command printed a % error, or -errno. */
static int
run_commands(char **cmds, int ncmds)
{
	struct proto_reply r;
	struct buf pay;
	int i, rc, failed = 0;

	buf_init(&pay);
	if ((rc = hello('c', 511, 0)) < 0 || (rc = read_reply(&r, &pay)) < 0)
		goto out;
	for (i = 0; i < ncmds && !session_closed; i++) {
		if ((rc = request('L', cmds[i], &r, &pay)) < 0)
			goto out;
		if (rc == PROTO_ERR || has_error(r.out, r.outlen))
			failed = 1;
		fwrite(r.out, 1, r.outlen, stdout);
	}
	/* The last command asks something (copy's "Destination filename
	 * [startup-config]? "): ask the user on a terminal, else take the
	 * default answer, as Enter would. */
	for (i = 0; i < 3 && !session_closed && prompt.len > 0 &&
	     prompt.p[prompt.len - 1] != '#' && prompt.p[prompt.len - 1] != '>';
	     i++) {
		char answer[512] = "";

		if (isatty(STDIN_FILENO)) {
			if (!echo_on) {
				if (read_secret(answer, sizeof(answer)) < 0)
					break;
			} else {
				fwrite(prompt.p, 1, prompt.len, stdout);
				fflush(stdout);
				if (fgets(answer, sizeof(answer), stdin) ==
				    NULL)
					break;
				answer[strcspn(answer, "\r\n")] = '\0';
			}
		} else if (!echo_on)
			break; /* no password to give */
		rc = request('L', answer, &r, &pay);
		explicit_bzero(answer, sizeof(answer));
		if (rc < 0)
			goto out;
		if (rc == PROTO_ERR || has_error(r.out, r.outlen))
			failed = 1;
		fwrite(r.out, 1, r.outlen, stdout);
	}
	rc = failed;
out:
	fflush(stdout);
	buf_free(&pay);
	return rc;
}

/* 0, or -errno. */
static int
run_script(void)
{
	struct buf in, frames, pay;
	char chunk[65536];
	ssize_t n;
	size_t i;
	int t;

	buf_init(&in);
	buf_init(&frames);
	buf_init(&pay);
	while ((n = read(STDIN_FILENO, chunk, sizeof(chunk))) > 0)
		buf_append(&in, chunk, (size_t)n);
	/* "?\n" at the end of an input line: the help keeps the partial
	 * line, so the newline is not an Enter. */
	for (i = 0; i < in.len; i++)
		if (in.p[i] == '?' && i + 1 < in.len && in.p[i + 1] == '\n') {
			memmove(in.p + i + 1, in.p + i + 2, in.len - i - 2);
			in.len--;
		}
	/*
	 * All frames in one write.  The daemon ends the session at `exit`
	 * and may close before it has read the rest (or, from an older
	 * daemon, before we finished writing): a failed write is not an
	 * error, the screen up to the close is already waiting to be read.
	 */
	if ((t = hello('s', 80, 0)) < 0)
		goto out;
	for (i = 0; i < in.len; i += 4096)
		if (proto_frame(&frames, 'R', in.p + i,
			in.len - i < 4096 ? in.len - i : 4096) < 0) {
			t = fail(-ENOMEM, "out of memory");
			goto out;
		}
	if (proto_frame(&frames, 'E', NULL, 0) < 0) {
		t = fail(-ENOMEM, "out of memory");
		goto out;
	}
	(void)try_send_all(frames.p, frames.len);
	while ((t = read_frame("Sx", &pay)) == 'S')
		fwrite(pay.p, 1, pay.len, stdout);
	fflush(stdout);
	if (t == 0)
		t = fail(-EPIPE, "lost the connection to zbfwd");
out:
	buf_free(&in);
	buf_free(&frames);
	buf_free(&pay);
	return t < 0 ? t : 0;
}

/* Print the asynchronous frames at the head of what was received. */
static void
drain_async(void)
{
	const char *pay;
	size_t plen;
	long used;
	char type;

	while (inbuf.len > inoff &&
	    (used = proto_parse(inbuf.p + inoff, inbuf.len - inoff, &type, &pay,
		 &plen)) > 0 &&
	    type == 'a') {
		print_async(pay, plen);
		inoff += (size_t)used;
	}
}

/*
 * libedit's input: wait for a key or for the daemon, so that terminal
 * monitor output shows up while the user sits at the prompt.
 */
static int
zb_getc(EditLine *e, wchar_t *wc)
{
	struct pollfd p[2];
	char chunk[65536];
	unsigned char c;
	ssize_t n;

	drain_async();
	p[0].fd = STDIN_FILENO;
	p[0].events = POLLIN;
	p[1].fd = sock;
	p[1].events = POLLIN;
	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[1].revents != 0) {
			if ((n = read(sock, chunk, sizeof(chunk))) <= 0) {
				/* The daemon went away: el_gets() ends, and
				 * so does the session (status 0). */
				daemon_gone = 1;
				return -1;
			}
			buf_append(&inbuf, chunk, (size_t)n);
			drain_async();
		}
		if (p[0].revents != 0) {
			if ((n = read(STDIN_FILENO, &c, 1)) <= 0)
				return (int)n;
			*wc = c;
			return 1;
		}
	}
}

static char *
el_prompt(EditLine *e)
{
	return prompt.len > 0 ? prompt.p : "";
}

static char *
partial_line(EditLine *e)
{
	const LineInfo *li = el_line(e);

	return strndup(li->buffer, (size_t)(li->cursor - li->buffer));
}

static unsigned char
el_help(EditLine *e, int ch)
{
	struct proto_reply r;
	struct buf pay;
	char *s;

	/* At a question (not a command prompt) `?` is just a character. */
	if (prompt.len == 0 ||
	    (prompt.p[prompt.len - 1] != '#' &&
		prompt.p[prompt.len - 1] != '>')) {
		el_insertstr(e, "?");
		return CC_REFRESH;
	}
	if ((s = partial_line(e)) == NULL)
		return CC_ERROR;
	buf_init(&pay);
	fputs("?\n", stdout);
	if ((el_err = request('?', s, &r, &pay)) >= 0) {
		el_err = 0;
		fwrite(r.out, 1, r.outlen, stdout);
		fflush(stdout);
	}
	buf_free(&pay);
	free(s);
	return el_err < 0 ? CC_EOF : CC_REDISPLAY;
}

static unsigned char
el_complete(EditLine *e, int ch)
{
	const LineInfo *li = el_line(e);
	struct proto_reply r;
	struct buf pay;
	char *s, *nl;

	if ((s = partial_line(e)) == NULL)
		return CC_ERROR;
	buf_init(&pay);
	if ((el_err = request('T', s, &r, &pay)) < 0) {
		buf_free(&pay);
		free(s);
		return CC_EOF;
	}
	el_err = 0;
	if (r.outlen > 0) {
		putchar('\n');
		fwrite(r.out, 1, r.outlen, stdout);
		fflush(stdout);
	}
	if ((r.linelen != strlen(s) || memcmp(r.line, s, r.linelen) != 0) &&
	    (nl = strndup(r.line, r.linelen)) != NULL) {
		el_deletestr(e, (int)(li->cursor - li->buffer));
		el_insertstr(e, nl);
		free(nl);
	}
	buf_free(&pay);
	free(s);
	return r.outlen > 0 ? CC_REDISPLAY : CC_REFRESH;
}

/* Ctrl-Z ends configuration mode (the daemon takes "\x1a" as `end`),
 * Ctrl-C drops the line: both are keys here, not signals. */
static int ctrl_z;

static unsigned char
el_ctrl_z(EditLine *e, int ch)
{
	const LineInfo *li = el_line(e);

	ctrl_z = 1;
	fputs("^Z", stdout);
	/* el_gets() takes an empty result for end of file. */
	el_cursor(e, (int)(li->lastchar - li->cursor));
	el_insertstr(e, "\n");
	return CC_NEWLINE;
}

static unsigned char
el_ctrl_c(EditLine *e, int ch)
{
	const LineInfo *li = el_line(e);

	fputs("^C\n", stdout);
	el_cursor(e, (int)(li->lastchar - li->cursor));
	el_deletestr(e, (int)(li->lastchar - li->buffer));
	return CC_REDISPLAY;
}

static int
read_secret(char *line, size_t len)
{
	struct termios old, quiet;
	int istty = tcgetattr(STDIN_FILENO, &old) == 0;
	int rc = 0;

	fwrite(prompt.p, 1, prompt.len, stdout);
	fflush(stdout);
	if (istty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(line, (int)len, stdin) == NULL)
		rc = -1;
	else
		line[strcspn(line, "\r\n")] = '\0';
	if (istty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	putchar('\n');
	return rc;
}

/* One key, unbuffered and not echoed (the --More-- answer). */
static int
read_key(void)
{
	struct termios old, raw;
	unsigned char c;
	ssize_t n;

	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return 'q';
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	n = read(STDIN_FILENO, &c, 1);
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	return n == 1 ? c : 'q';
}

/*
 * Command output, a page at a time as IOS pages it: `length` - 1 lines,
 * then --More--; space shows the next page, Enter one more line, any
 * other key stops.  length 0 (terminal length 0): no paging.
 */
static void
print_paged(const char *p, size_t n, unsigned length)
{
	static const char more[] = " --More-- ";
	static const char erase[] = "\b\b\b\b\b\b\b\b\b\b          "
				    "\b\b\b\b\b\b\b\b\b\b";
	unsigned rows = length > 1 ? length - 1 : 0;
	const char *nl;
	size_t k;
	int c;

	while (n > 0) {
		if (length > 0 && rows == 0) {
			fputs(more, stdout);
			fflush(stdout);
			c = read_key();
			fputs(erase, stdout);
			if (c == ' ')
				rows = length > 1 ? length - 1 : 1;
			else if (c == '\r' || c == '\n')
				rows = 1;
			else
				break;
		}
		nl = memchr(p, '\n', n);
		k = nl != NULL ? (size_t)(nl - p) + 1 : n;
		if (length == 0)
			k = n;
		fwrite(p, 1, k, stdout);
		p += k;
		n -= k;
		if (rows > 0)
			rows--;
	}
	fflush(stdout);
}

static volatile sig_atomic_t winch;

static void
on_winch(int sig)
{
	winch = 1;
}

static int
send_winsize(void)
{
	unsigned w, l;
	char m[4];

	winch = 0;
	winsize(&w, &l);
	put16(m, w);
	put16(m + 2, l);
	return send_frame('W', m, sizeof(m));
}

/* 0 when the session ended, 1 when the daemon refused it, or -errno. */
static int
run_interactive(void)
{
	struct proto_reply r;
	struct buf pay;
	HistEvent ev;
	History *hist;
	const char *l;
	char *line, secret[4200];
	unsigned w, len;
	int n, rc;

	buf_init(&pay);
	winsize(&w, &len);
	if ((rc = hello('i', w, len)) < 0 || (rc = read_reply(&r, &pay)) < 0) {
		buf_free(&pay);
		return rc;
	}
	buf_reset(&prompt);
	buf_append(&prompt, r.prompt, r.promptlen);
	echo_on = r.echo;
	fwrite(r.out, 1, r.outlen, stdout); /* banner, login */
	if (r.status == PROTO_CLOSED) {
		buf_free(&pay);
		return 1;
	}
	signal(SIGWINCH, on_winch);

	hist = history_init();
	history(hist, &ev, H_SETSIZE, 200);
	el = el_init("zbfw", stdin, stdout, stderr);
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_PROMPT, el_prompt);
	el_set(el, EL_HIST, history, hist);
	el_set(el, EL_SIGNAL, 1);
	el_set(el, EL_GETCFN, zb_getc);
	/* Ctrl-C and Ctrl-Z reach the bindings below instead of the tty's
	 * signal keys while a line is edited. */
	el_set(el, EL_SETTY, "-d", "-isig", NULL);
	/* el_wset: the narrow el_set(EL_ADDFN) copies its strings and never
	 * frees them (libedit). */
	el_wset(el, EL_ADDFN, L"zbfw-help", L"IOS-style help", el_help);
	el_wset(el, EL_ADDFN, L"zbfw-complete", L"complete the word",
	    el_complete);
	el_set(el, EL_BIND, "?", "zbfw-help", NULL);
	el_set(el, EL_BIND, "^I", "zbfw-complete", NULL);
	el_wset(el, EL_ADDFN, L"zbfw-ctrl-z", L"end configuration mode",
	    el_ctrl_z);
	el_wset(el, EL_ADDFN, L"zbfw-ctrl-c", L"drop the line", el_ctrl_c);
	el_set(el, EL_BIND, "^Z", "zbfw-ctrl-z", NULL);
	el_set(el, EL_BIND, "^C", "zbfw-ctrl-c", NULL);

	rc = 0;
	while (!session_closed) {
		if (winch && (rc = send_winsize()) < 0)
			break;
		if (!echo_on) {
			if (read_secret(secret, sizeof(secret)) < 0)
				break;
			rc = request('L', secret, &r, &pay);
			explicit_bzero(secret, sizeof(secret));
		} else {
			l = el_gets(el, &n);
			if (el_err < 0 || daemon_gone || l == NULL) {
				rc = el_err;
				if (rc == 0)
					putchar('\n');
				break;
			}
			if ((line = strndup(l, (size_t)n)) == NULL) {
				rc = fail(-ENOMEM, "out of memory");
				break;
			}
			line[strcspn(line, "\r\n")] = '\0';
			if (ctrl_z) {
				ctrl_z = 0;
				putchar('\n');
				free(line);
				line = strdup("\x1a");
			} else if (line[0] != '\0')
				history(hist, &ev, H_ENTER, line);
			rc = line != NULL ? request('L', line, &r, &pay) :
					    fail(-ENOMEM, "out of memory");
			free(line);
		}
		if (rc < 0)
			break;
		rc = 0;
		print_paged(r.out, r.outlen, r.length);
	}
	el_end(el);
	el = NULL;
	history_end(hist);
	buf_free(&pay);
	return rc;
}

int
main(int argc, char *argv[])
{
	const char *path = getenv("ZBFW_SOCKET");
	char **cmds;
	int ch, ncmds = 0, rc;

	if (path == NULL)
		path = DEFAULT_SOCKET;
	if ((cmds = calloc((size_t)argc + 1, sizeof(*cmds))) == NULL)
		return fail(2, "out of memory");
	while ((ch = getopt(argc, argv, "S:c:h")) != -1) {
		switch (ch) {
		case 'S':
			path = optarg;
			break;
		case 'c':
			cmds[ncmds++] = optarg;
			break;
		default:
			fprintf(stderr,
			    "usage: zbfw [-S SOCKET] [-c COMMAND]...\n");
			free(cmds);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "usage: zbfw [-S SOCKET] [-c COMMAND]...\n");
		free(cmds);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	buf_init(&inbuf);
	buf_init(&prompt);
	if ((rc = connect_daemon(path)) < 0)
		;
	else if (ncmds > 0)
		rc = run_commands(cmds, ncmds);
	else if (!isatty(STDIN_FILENO))
		rc = run_script();
	else
		rc = run_interactive();
	free(cmds);
	if (sock >= 0)
		close(sock);
	buf_free(&inbuf);
	buf_free(&prompt);
	/* 2: the daemon could not be reached or the connection failed. */
	return rc < 0 ? 2 : rc;
}
