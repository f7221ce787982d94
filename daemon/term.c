/*
 * A vty's line editor (see term.h).  Input is processed strictly in order,
 * one byte at a time, so typeahead (Netmiko sends configuration lines
 * without waiting for prompts) gives the same screen as slow typing.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "daemon/term.h"

#define TERM_HIST 20
#define MORE_PROMPT " --More-- "
#define TERM_HELD_MAX (4u * 1024 * 1024) /* input kept while waiting */

enum term_state { TS_LINE, TS_MORE, TS_WAIT, TS_CLOSED };
enum esc_state { ESC_NONE, ESC_SEEN, ESC_CSI };

struct term {
	const struct term_ops *ops;
	void *arg;
	bool crlf;
	enum term_state state;
	enum esc_state esc;
	bool cr_pending; /* swallow LF/NUL after CR */
	bool overflow;	 /* line longer than CLI_LINE_MAX */
	struct buf line;
	struct buf pend; /* output waiting behind --More-- */
	struct buf held; /* input during TS_WAIT */
	unsigned rows_left;
	char *hist[TERM_HIST];
	int nhist, hpos;
	double last_input;
};

static double
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct term *
term_new(const struct term_ops *ops, void *arg, bool crlf)
{
	struct term *t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->ops = ops;
	t->arg = arg;
	t->crlf = crlf;
	buf_init(&t->line);
	buf_init(&t->pend);
	buf_init(&t->held);
	t->last_input = now_mono();
	return t;
}

void
term_free(struct term *t)
{
	int i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nhist; i++)
		free(t->hist[i]);
	buf_free(&t->line);
	buf_free(&t->pend);
	buf_free(&t->held);
	free(t);
}

bool
term_closed(const struct term *t)
{
	return t->state == TS_CLOSED;
}

double
term_idle_since(const struct term *t)
{
	return t->last_input;
}

static void
out_raw(struct term *t, const char *p, size_t n)
{
	if (n > 0)
		t->ops->write(t->arg, p, n);
}

static void
out_str(struct term *t, const char *s)
{
	out_raw(t, s, strlen(s));
}

static void
out_nl(struct term *t)
{
	out_str(t, t->crlf ? "\r\n" : "\n");
}

/* Text with "\n" line ends (a "\r\n" stays as it is). */
static void
out_text(struct term *t, const char *p, size_t n)
{
	size_t i, start = 0;

	if (!t->crlf) {
		out_raw(t, p, n);
		return;
	}
	for (i = 0; i < n; i++)
		if (p[i] == '\n' && (i == 0 || p[i - 1] != '\r')) {
			out_raw(t, p + start, i - start);
			out_raw(t, "\r\n", 2);
			start = i + 1;
		}
	out_raw(t, p + start, n - start);
}

static void
show_prompt(struct term *t)
{
	struct buf b;

	buf_init(&b);
	t->ops->prompt(t->arg, &b);
	out_text(t, b.p, b.len);
	buf_free(&b);
}

void
term_redraw(struct term *t)
{
	if (t->state != TS_LINE)
		return;
	show_prompt(t);
	if (t->ops->echo(t->arg))
		out_raw(t, t->line.p, t->line.len);
}

void
term_print(struct term *t, const char *text, size_t len)
{
	out_text(t, text, len);
}

void
term_start(struct term *t)
{
	show_prompt(t);
}

static void
more_erase(struct term *t)
{
	static const char bs[] = "\b\b\b\b\b\b\b\b\b\b";
	static const char sp[] = "          ";

	out_raw(t, bs, sizeof(MORE_PROMPT) - 1);
	out_raw(t, sp, sizeof(MORE_PROMPT) - 1);
	out_raw(t, bs, sizeof(MORE_PROMPT) - 1);
}

/* Write pending output page by page; the prompt when all is out. */
static void
flush_pages(struct term *t)
{
	unsigned len = t->ops->length(t->arg);
	char *nl;
	size_t n;

	while (t->pend.len > 0) {
		if (len > 0 && t->rows_left == 0) {
			out_str(t, MORE_PROMPT);
			t->state = TS_MORE;
			return;
		}
		nl = memchr(t->pend.p, '\n', t->pend.len);
		n = nl != NULL ? (size_t)(nl - t->pend.p) + 1 : t->pend.len;
		if (len == 0)
			n = t->pend.len;
		out_text(t, t->pend.p, n);
		buf_consume(&t->pend, n);
		if (len > 0 && nl != NULL)
			t->rows_left--;
	}
	buf_reset(&t->pend);
	t->state = TS_LINE;
	show_prompt(t);
}

static void
hist_add(struct term *t, const char *l)
{
	if (*l == '\0' || !t->ops->echo(t->arg))
		return;
	if (t->nhist > 0 && strcmp(t->hist[t->nhist - 1], l) == 0)
		goto out;
	if (t->nhist == TERM_HIST) {
		free(t->hist[0]);
		memmove(t->hist, t->hist + 1,
		    sizeof(t->hist[0]) * (TERM_HIST - 1));
		t->nhist--;
	}
	if ((t->hist[t->nhist] = strdup(l)) != NULL)
		t->nhist++;
out:
	t->hpos = t->nhist;
}

static void
erase_line(struct term *t)
{
	size_t i;

	if (!t->ops->echo(t->arg)) {
		buf_reset(&t->line);
		return;
	}
	for (i = 0; i < t->line.len; i++)
		out_raw(t, "\b \b", 3);
	buf_reset(&t->line);
}

static void
set_line(struct term *t, const char *s)
{
	erase_line(t);
	buf_puts(&t->line, s);
	if (t->ops->echo(t->arg))
		out_raw(t, t->line.p, t->line.len);
}

static void
hist_move(struct term *t, int dir)
{
	if (t->nhist == 0 || !t->ops->special(t->arg))
		return;
	if (dir < 0 && t->hpos > 0)
		t->hpos--;
	else if (dir > 0 && t->hpos < t->nhist)
		t->hpos++;
	else
		return;
	set_line(t, t->hpos < t->nhist ? t->hist[t->hpos] : "");
}

/* A line's answer: its output (paged), or the end of the session. */
static void
line_done(struct term *t, int rc, const struct buf *out)
{
	unsigned len;

	if (rc == CLI_CLOSE) {
		out_text(t, out->p, out->len);
		t->state = TS_CLOSED;
		return;
	}
	len = t->ops->length(t->arg);
	t->rows_left = len > 0 ? len - 1 : 0;
	buf_append(&t->pend, out->p, out->len);
	flush_pages(t);
}

static void
run_line(struct term *t, const char *l)
{
	struct buf out;
	int rc;

	buf_init(&out);
	rc = t->ops->line(t->arg, l, &out);
	if (rc == TERM_LINE_WAIT)
		t->state = TS_WAIT;
	else
		line_done(t, rc, &out);
	buf_free(&out);
}

static void
enter(struct term *t)
{
	char *l;

	out_nl(t);
	if (t->overflow) {
		t->overflow = false;
		buf_reset(&t->line);
		static const char msg[] =
		    "% Input line too long (maximum 4096 characters)\n";

		out_text(t, msg, sizeof(msg) - 1);
		show_prompt(t);
		return;
	}
	l = strndup(t->line.len > 0 ? t->line.p : "", t->line.len);
	buf_reset(&t->line);
	if (l == NULL)
		return;
	hist_add(t, l);
	run_line(t, l);
	free(l);
}

static void
help(struct term *t)
{
	struct buf out;
	char *l;

	out_raw(t, "?", 1);
	out_nl(t);
	buf_init(&out);
	l = strndup(t->line.len > 0 ? t->line.p : "", t->line.len);
	if (l != NULL)
		t->ops->help(t->arg, l, &out);
	free(l);
	out_text(t, out.p, out.len);
	buf_free(&out);
	term_redraw(t);
}

static void
complete(struct term *t)
{
	struct buf nl, out;
	char *l;
	bool changed;

	buf_init(&nl);
	buf_init(&out);
	if ((l = strndup(t->line.len > 0 ? t->line.p : "", t->line.len)) ==
	    NULL)
		return;
	changed = t->ops->complete(t->arg, l, &nl, &out);
	if (out.len > 0) {
		out_nl(t);
		out_text(t, out.p, out.len);
		buf_reset(&t->line);
		if (changed)
			buf_append(&t->line, nl.p, nl.len);
		else
			buf_puts(&t->line, l);
		term_redraw(t);
	} else if (changed && nl.len >= t->line.len &&
	    memcmp(nl.p, l, t->line.len) == 0) {
		out_raw(t, nl.p + t->line.len, nl.len - t->line.len);
		buf_reset(&t->line);
		buf_append(&t->line, nl.p, nl.len);
	} else if (changed) {
		erase_line(t);
		buf_append(&t->line, nl.p, nl.len);
		out_raw(t, t->line.p, t->line.len);
	}
	free(l);
	buf_free(&nl);
	buf_free(&out);
}

static void
more_key(struct term *t, unsigned char c)
{
	unsigned len = t->ops->length(t->arg);

	more_erase(t);
	if (c == ' ')
		t->rows_left = len > 1 ? len - 1 : 1;
	else if (c == '\r' || c == '\n')
		t->rows_left = 1;
	else
		buf_reset(&t->pend);
	t->state = TS_LINE;
	flush_pages(t);
}

static void
line_key(struct term *t, unsigned char c)
{
	bool echo = t->ops->echo(t->arg);

	if (t->esc == ESC_SEEN) {
		t->esc = c == '[' || c == 'O' ? ESC_CSI : ESC_NONE;
		return;
	}
	if (t->esc == ESC_CSI) {
		if (c >= 0x40 && c <= 0x7e) {
			t->esc = ESC_NONE;
			if (c == 'A')
				hist_move(t, -1);
			else if (c == 'B')
				hist_move(t, 1);
		}
		return;
	}
	switch (c) {
	case '\r':
	case '\n':
		enter(t);
		return;
	case 0x03: /* Ctrl-C: abort the line */
		out_str(t, "^C");
		out_nl(t);
		buf_reset(&t->line);
		t->overflow = false;
		show_prompt(t);
		return;
	case 0x15: /* Ctrl-U */
	case 0x18: /* Ctrl-X */
		erase_line(t);
		return;
	case 0x1a: /* Ctrl-Z: end */
		out_str(t, "^Z");
		out_nl(t);
		buf_reset(&t->line);
		t->overflow = false;
		run_line(t, "\x1a");
		return;
	case 0x08:
	case 0x7f:
		if (t->line.len > 0) {
			t->line.len--;
			t->line.p[t->line.len] = '\0';
			if (echo)
				out_raw(t, "\b \b", 3);
		}
		return;
	case 0x17: /* Ctrl-W: delete the last word */
		while (t->line.len > 0 && t->line.p[t->line.len - 1] == ' ')
			line_key(t, 0x7f);
		while (t->line.len > 0 && t->line.p[t->line.len - 1] != ' ')
			line_key(t, 0x7f);
		return;
	case 0x10: /* Ctrl-P */
		hist_move(t, -1);
		return;
	case 0x0e: /* Ctrl-N */
		hist_move(t, 1);
		return;
	case 0x1b:
		t->esc = ESC_SEEN;
		return;
	case '\t':
		if (echo && t->ops->special(t->arg) && !t->overflow)
			complete(t);
		return;
	case '?':
		if (echo && t->ops->special(t->arg) && !t->overflow) {
			help(t);
			return;
		}
		break;
	default:
		if (c < 0x20)
			return; /* other control characters */
		break;
	}
	if (t->line.len >= CLI_LINE_MAX) {
		t->overflow = true;
		return;
	}
	buf_putc(&t->line, (char)c);
	if (echo)
		out_raw(t, (const char *)&c, 1);
}

int
term_input(struct term *t, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	if (n > 0)
		t->last_input = now_mono();
	for (i = 0; i < n && t->state != TS_CLOSED; i++) {
		if (t->state == TS_WAIT) {
			/* Kept for after the answer (bounded: beyond it, a
			 * client that floods a login loses its input). */
			if (t->held.len + (n - i) <= TERM_HELD_MAX)
				buf_append(&t->held, s + i, n - i);
			break;
		}
		if (t->cr_pending) {
			t->cr_pending = false;
			if (s[i] == '\n' || s[i] == '\0')
				continue;
		}
		if (s[i] == '\r')
			t->cr_pending = true;
		if (t->state == TS_MORE)
			more_key(t, s[i]);
		else
			line_key(t, s[i]);
	}
	return t->state == TS_CLOSED ? TERM_CLOSED : TERM_OPEN;
}

int
term_answer(struct term *t, int rc, const struct buf *out)
{
	struct buf held;
	int r;

	if (t->state != TS_WAIT)
		return t->state == TS_CLOSED ? TERM_CLOSED : TERM_OPEN;
	t->state = TS_LINE;
	line_done(t, rc, out);
	held = t->held;
	buf_init(&t->held);
	r = term_input(t, held.p, held.len);
	buf_free(&held);
	return r;
}

void
term_async(struct term *t, const char *text)
{
	size_t n = strlen(text);

	if (t->state == TS_CLOSED)
		return;
	if (t->state == TS_MORE) {
		buf_append(&t->pend, text, n);
		if (n == 0 || text[n - 1] != '\n')
			buf_putc(&t->pend, '\n');
		return;
	}
	out_nl(t);
	out_text(t, text, n);
	if (n == 0 || text[n - 1] != '\n')
		out_nl(t);
	term_redraw(t);
}
