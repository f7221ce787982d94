/*
 * Sessions: modes, prompts, pending input, history, the line executor with
 * parent-mode fallback, IOS error messages, and the handler context.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"
#include "lib/log.h"

#define CLI_HIST_DEFAULT 10 /* IOS `terminal history size` default */
#define CLI_HIST_MAX 256
#define CLI_ASYNC_MAX (1024 * 1024)

struct cli_session {
	struct cli *cli;
	const struct cli_hooks *hooks;
	void *owner;
	bool changed;	   /* a change the owner has not applied */
	struct buf notice; /* owner's errors, before the next output */
	enum cli_origin origin;
	enum cli_mode mode;
	int priv;
	unsigned length, width;
	bool monitor;
	void *user;
	char *src_file;
	unsigned src_line;
	char *objs[CLI_MODE_COUNT][2];
	/* pending input */
	cli_input_fn pfn;
	void *parg;		 /* the handler's state for this input */
	cli_release_fn prelease; /* frees parg if never answered */
	const char *pprompt;
	bool pecho;
	/* history: ring of hsize lines, hn used, oldest at hstart */
	char **hist;
	unsigned hsize, hn, hstart;
	struct buf async; /* monitor lines not yet shown */
	size_t promptlen; /* prompt shown for the current line */
	int depth;	  /* `do` nesting */
};

struct cli_ctx {
	struct cli_session *s;
	struct buf *out;
	enum cli_mode mode;
	bool failed; /* cli_enter() could not */
	void *module;
};

struct cli_session *
cli_session_new(struct cli *cli, enum cli_origin origin,
    const struct cli_hooks *hooks, void *owner)
{
	struct cli_session *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->cli = cli;
	s->hooks = hooks;
	s->owner = owner;
	s->origin = origin;
	s->mode = CLI_MODE_EXEC;
	s->priv = 1;
	s->length = 24;
	s->width = 80;
	s->hsize = CLI_HIST_DEFAULT;
	if ((s->hist = calloc(CLI_HIST_MAX, sizeof(*s->hist))) == NULL) {
		free(s);
		return NULL;
	}
	buf_init(&s->async);
	buf_init(&s->notice);
	return s;
}

/* Forget the pending input; drop its state unless the handler took it. */
static void
clear_pending(struct cli_session *s, bool drop)
{
	if (drop && s->prelease != NULL && s->parg != NULL)
		s->prelease(s->parg);
	s->pprompt = NULL;
	s->pfn = NULL;
	s->parg = NULL;
	s->prelease = NULL;
	s->pecho = true;
}

void
cli_session_free(struct cli_session *s)
{
	unsigned i;
	int m;

	if (s == NULL)
		return;
	cli_session_set_monitor(s, false);
	for (i = 0; i < CLI_HIST_MAX; i++)
		free(s->hist[i]);
	free(s->hist);
	for (m = 0; m < CLI_MODE_COUNT; m++) {
		free(s->objs[m][0]);
		free(s->objs[m][1]);
	}
	clear_pending(s, true);
	free(s->src_file);
	buf_free(&s->async);
	buf_free(&s->notice);
	free(s);
}

/* History */

static void
hist_add(struct cli_session *s, const char *line)
{
	unsigned idx;
	char *c;

	if (s->hsize == 0 || (c = strdup(line)) == NULL)
		return;
	if (s->hn >= s->hsize) {
		free(s->hist[s->hstart]);
		s->hist[s->hstart] = NULL;
		s->hstart = (s->hstart + 1) % CLI_HIST_MAX;
		s->hn--;
	}
	idx = (s->hstart + s->hn) % CLI_HIST_MAX;
	s->hn++;
	s->hist[idx] = c;
}

void
cli_session_set_history_size(struct cli_session *s, unsigned n)
{
	if (n > CLI_HIST_MAX)
		n = CLI_HIST_MAX;
	while (s->hn > n) {
		free(s->hist[s->hstart]);
		s->hist[s->hstart] = NULL;
		s->hstart = (s->hstart + 1) % CLI_HIST_MAX;
		s->hn--;
	}
	s->hsize = n;
}

unsigned
cli_session_history_size(struct cli_session *s)
{
	return s->hsize;
}

void
cli_session_history_walk(struct cli_session *s,
    void (*fn)(const char *, void *), void *arg)
{
	unsigned i;

	for (i = 0; i < s->hn; i++)
		fn(s->hist[(s->hstart + i) % CLI_HIST_MAX], arg);
}

/* The typed line with a secret row's arguments masked. */
static char *
mask_line(const struct cli_rowset *set, const struct cli_match *m,
    const char *line, size_t len, const struct cli_word *w)
{
	struct buf b;
	const struct cli_step *st;
	const struct cli_node *n;
	size_t last = 0;
	int si;
	int chain[CLI_MAX_NODES + 2], nc = 0, i;

	buf_init(&b);
	for (si = m->final; si >= 0 && m->steps[si].row != -2 &&
	     nc < (int)(sizeof(chain) / sizeof(chain[0]));
	     si = m->steps[si].prev)
		chain[nc++] = si;
	for (i = nc - 1; i >= 0; i--) {
		st = &m->steps[chain[i]];
		if (st->row < 0)
			continue;
		n = &set->rows[st->row]->nodes[st->node];
		if (n->kind == TK_KW)
			continue;
		buf_append(&b, line + last, w[st->word].off - last);
		buf_puts(&b, "*****");
		last = n->kind == TK_LINE ? len :
					    w[st->word].off + w[st->word].len;
	}
	buf_append(&b, line + last, len - last);
	return b.p ? b.p : strdup("");
}

/* Errors */

static void
src_prefix(struct cli_session *s, struct buf *out)
{
	buf_printf(out, "%s:%u: ", s->src_file, s->src_line);
}

/* % Ambiguous command:  "TEXT": the typed words up to the ambiguous one */
static void
amb_text(struct buf *out, const char *line, const struct cli_word *w)
{
	size_t i;

	for (i = 0; i < w->off && cli_isws(line[i]); i++)
		;
	buf_puts(out, "% Ambiguous command:  \"");
	buf_append(out, line + i, w->off + w->len - i);
	buf_puts(out, "\"\n");
}

void
cli_print_error(struct cli_session *s, struct buf *out, enum cli_mstatus st,
    const char *line, size_t base, const struct cli_word *w, bool exec_first)
{
	size_t col, i;

	if (s->src_file != NULL) {
		src_prefix(s, out);
		switch (st) {
		case CM_INVALID:
			buf_puts(out, "% Invalid input detected at '");
			buf_append(out, line + w->off, w->len);
			buf_printf(out, "' (column %zu)\n", base + w->off + 1);
			break;
		case CM_INCOMPLETE:
			buf_puts(out, "% Incomplete command.\n");
			break;
		case CM_AMBIGUOUS:
			amb_text(out, line, w);
			break;
		case CM_OK:
			break;
		}
		return;
	}
	switch (st) {
	case CM_INVALID:
		if (exec_first) {
			buf_puts(out, "Translating \"");
			buf_append(out, line + w->off, w->len);
			buf_puts(out,
			    "\"\n% Unknown command or computer name, "
			    "or unable to find computer address\n");
			break;
		}
		col = s->promptlen + base + w->off;
		for (i = 0; i < col; i++)
			buf_putc(out, ' ');
		buf_puts(out, "^\n% Invalid input detected at '^' marker.\n\n");
		break;
	case CM_INCOMPLETE:
		buf_puts(out, "% Incomplete command.\n\n");
		break;
	case CM_AMBIGUOUS:
		amb_text(out, line, w);
		break;
	case CM_OK:
		break;
	}
}

static void
line_error(struct cli_session *s, struct buf *out, const char *msg)
{
	if (s->src_file != NULL)
		src_prefix(s, out);
	buf_printf(out, "%% %s\n", msg);
}

/* Print a failed hook's message as the line's `%` error. */
static int
hook_result(struct cli_session *s, int rc, struct buf *err, struct buf *out)
{
	if (rc < 0) {
		if (err->len == 0)
			buf_puts(err, strerror(-rc));
		line_error(s, out, err->p);
	}
	buf_free(err);
	return rc;
}

/* The owner's sync hook: apply pending changes before an EXEC command or
 * after leaving configuration mode.  CLI_OK or CLI_ERR (printed). */
static int
sync_owner(struct cli_session *s, struct buf *out)
{
	struct buf err;

	if (s->hooks == NULL || s->hooks->sync == NULL)
		return CLI_OK;
	buf_init(&err);
	return hook_result(s, s->hooks->sync(s->owner, s, &err), &err, out) <
		0 ?
	    CLI_ERR :
	    CLI_OK;
}

static int
after_config(struct cli_session *s, void *module, struct buf *out)
{
	struct buf err;
	int rc;

	if (s->hooks == NULL || s->hooks->after_config == NULL)
		return CLI_OK;
	buf_init(&err);
	rc = hook_result(s, s->hooks->after_config(s->owner, s, module, &err),
	    &err, out);
	if (rc > 0)
		s->changed = true;
	return rc < 0 ? CLI_ERR : CLI_OK;
}

/* Execution */

static void
trim_right(const char *line, size_t *len)
{
	while (*len > 0 && cli_isws(line[*len - 1]))
		(*len)--;
}

/* User EXEC: is the first word a privileged command (caret, not a host)? */
static bool
priv_word(struct cli_session *s, const char *line, const struct cli_word *w)
{
	struct cli_rowset set;
	struct cli_match m;
	bool r;

	if (s->priv >= 15)
		return false;
	cli_rowset_get(s->cli, CLI_MODE_PRIV, 15, &set);
	cli_match_init(&m);
	cli_match_run(&set, line, w, 1, &m);
	r = !(m.status == CM_INVALID && m.err_word == 0);
	cli_match_free(&m);
	return r;
}

/*
 * Match line[0..len) in the session's mode (falling back to the parent
 * modes up to CONFIG) or, with exec, in EXEC/PRIV; run the handler.
 * base is the offset of line in what the user typed (`do`).
 */
static int
run_line(struct cli_session *s, const char *line, size_t len, size_t base,
    bool exec, bool record, struct buf *out)
{
	struct cli_rowset set;
	struct cli_match m, bm;
	struct cli_word *w = NULL;
	struct cli_args a;
	struct cli_filter f;
	struct cli_ctx cx;
	struct buf tmp, *hout;
	enum cli_mode mode;
	const struct cli_cmd *cmd;
	size_t nw, cmdlen, fo, pos, bpos = 0, eoff = 0, elen = 0;
	enum cli_ferr fe;
	char *h;
	int rc, sync_rc, found = 0, have_fail = 0;

	memset(&f, 0, sizeof(f));
	if (!exec && (s->mode <= CLI_MODE_PRIV || s->priv < 15))
		exec = true; /* configuration modes need privilege 15 */
	cmdlen = len;
	fo = len;
	if (exec) {
		fo = cli_filter_find(line, len);
		cmdlen = fo;
		trim_right(line, &cmdlen);
	}
	if (cli_tokenize(line, cmdlen, &w, &nw) != 0)
		return CLI_ERR;
	cli_match_init(&m);
	cli_match_init(&bm);
	mode = exec ? (s->priv >= 15 ? CLI_MODE_PRIV : CLI_MODE_EXEC) : s->mode;
	for (;;) {
		cli_rowset_get(s->cli, mode, s->priv, &set);
		cli_match_run(&set, line, w, nw, &m);
		if (m.status == CM_OK) {
			found = 1;
			break;
		}
		pos = m.status == CM_INCOMPLETE ? nw : m.err_word;
		if (!have_fail || pos > bpos) {
			cli_match_free(&bm);
			bm = m;
			cli_match_init(&m);
			bpos = pos;
			have_fail = 1;
		}
		if (exec || mode <= CLI_MODE_CONFIG)
			break;
		mode = cli_mode_parent(mode);
	}
	if (!found) {
		if (record)
			hist_add(s, line);
		cli_print_error(s, out, bm.status, line, base,
		    bm.status == CM_INCOMPLETE ? NULL : &w[bm.err_word],
		    exec && bm.status == CM_INVALID && bm.err_word == 0 &&
			!priv_word(s, line, w));
		rc = CLI_ERR;
		goto done;
	}
	cmd = set.rows[m.steps[m.final].row]->cmd;
	cx.module = set.rows[m.steps[m.final].row]->module;
	if (record) {
		if (cmd->flags & CLI_F_SECRET) {
			h = mask_line(&set, &m, line, cmdlen, w);
			hist_add(s, h);
			free(h);
		} else
			hist_add(s, line);
	}
	if (fo < len) {
		fe = cli_filter_parse(line, len, fo, &f, &eoff, &elen);
		if (fe != CFE_OK) {
			struct cli_word ew = { eoff, elen };

			cli_print_error(s, out,
			    fe == CFE_INVALID	    ? CM_INVALID :
				fe == CFE_AMBIGUOUS ? CM_AMBIGUOUS :
						      CM_INCOMPLETE,
			    line, base, &ew, false);
			rc = CLI_ERR;
			goto done;
		}
	}
	if (cli_args_build(&set, &m, line, cmdlen, w, &a) != 0) {
		rc = CLI_ERR;
		goto done;
	}
	if (!exec && mode != s->mode)
		s->mode = mode; /* matched in an enclosing mode */
	/* An EXEC command sees every configuration line before it; a failed
	 * apply is reported and the command still runs. */
	sync_rc = exec ? sync_owner(s, out) : CLI_OK;
	cx.s = s;
	cx.mode = exec ?
	    (cmd->mode == CLI_MODE_EXEC && s->priv < 15 ? CLI_MODE_EXEC :
							  CLI_MODE_PRIV) :
	    mode;
	buf_init(&tmp);
	hout = f.kind != CF_NONE ? &tmp : out;
	cx.out = hout;
	cx.failed = false;
	rc = cmd->fn ? cmd->fn(&cx, &a) : CLI_OK;
	if (cx.failed && rc == CLI_OK)
		rc = CLI_ERR;
	if (f.kind != CF_NONE) {
		cli_filter_apply(&f, tmp.p ? tmp.p : "", tmp.len, out);
		buf_free(&tmp);
	}
	cli_args_free(&a);
	if (rc == CLI_OK && cmd->mode >= CLI_MODE_CONFIG &&
	    !(cmd->flags & CLI_F_NOCOMMIT))
		rc = after_config(s, cx.module, out);
	if (rc == CLI_OK && sync_rc != CLI_OK)
		rc = sync_rc;
done:
	cli_filter_free(&f);
	cli_match_free(&m);
	cli_match_free(&bm);
	free(w);
	return rc;
}

int
cli_exec_sub(struct cli_session *s, const char *line, size_t base,
    struct buf *out)
{
	size_t len = strlen(line);
	int rc;

	if (s->depth > 4)
		return CLI_ERR;
	trim_right(line, &len);
	s->depth++;
	rc = run_line(s, line, len, base, true, false, out);
	s->depth--;
	return rc;
}

static size_t
prompt_len(struct cli_session *s)
{
	if (s->pfn != NULL)
		return s->pprompt ? strlen(s->pprompt) : 0;
	return strlen(cli_session_hostname(s)) +
	    strlen(cli_mode_prompt(s->mode));
}

static int session_line(struct cli_session *, const char *, struct buf *);

void
cli_session_begin_line(struct cli_session *s)
{
	s->promptlen = prompt_len(s);
}

int
cli_session_line(struct cli_session *s, const char *line, struct buf *out)
{
	enum cli_mode before = s->mode;
	bool told = false;
	int rc;

	/* an earlier change of this session failed to apply: say so first,
	 * and count it as this line's error (unless it answers a prompt) */
	if (s->notice.len > 0) {
		told = s->pfn == NULL;
		buf_append(out, s->notice.p, s->notice.len);
		buf_reset(&s->notice);
	}
	rc = session_line(s, line, out);
	if (before >= CLI_MODE_CONFIG && s->mode < CLI_MODE_CONFIG &&
	    rc != CLI_CLOSE && sync_owner(s, out) != CLI_OK)
		rc = CLI_ERR;
	if (told && rc == CLI_OK)
		rc = CLI_ERR;
	return rc;
}

static int
session_line(struct cli_session *s, const char *line, struct buf *out)
{
	cli_input_fn fn;
	void *arg;
	size_t len, i;
	char msg[64];

	if (line == NULL)
		line = "";
	len = strlen(line);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (s->pfn != NULL) {
		char *copy = strndup(line, len);
		int rc;

		if (copy == NULL) {
			clear_pending(s, true);
			line_error(s, out, "Out of memory");
			return CLI_ERR;
		}
		fn = s->pfn;
		arg = s->parg;
		clear_pending(s, false); /* fn owns arg now */
		rc = fn(s, copy, out, arg);
		free(copy);
		return rc;
	}
	if (len > CLI_LINE_MAX) {
		snprintf(msg, sizeof(msg), "Line too long (max %d characters)",
		    CLI_LINE_MAX);
		line_error(s, out, msg);
		return CLI_ERR;
	}
	if (len == 1 && line[0] == '\x1a') {
		if (s->mode >= CLI_MODE_CONFIG)
			s->mode = CLI_MODE_PRIV;
		return CLI_OK;
	}
	trim_right(line, &len);
	for (i = 0; i < len && cli_isws(line[i]); i++)
		;
	if (i == len || line[i] == '!')
		return CLI_OK;
	s->promptlen = prompt_len(s);
	return run_line(s, line, len, 0, false, s->origin != CLI_ORIGIN_FILE,
	    out);
}

void
cli_session_prompt(struct cli_session *s, struct buf *out)
{
	if (s->pfn != NULL) {
		buf_puts(out, s->pprompt ? s->pprompt : "");
		return;
	}
	buf_puts(out, cli_session_hostname(s));
	buf_puts(out, cli_mode_prompt(s->mode));
}

bool
cli_session_pending(struct cli_session *s)
{
	return s->pfn != NULL;
}

bool
cli_session_echo(struct cli_session *s)
{
	return s->pfn == NULL || s->pecho;
}

void
cli_session_expect(struct cli_session *s, const char *prompt, bool echo,
    cli_input_fn fn, void *arg, cli_release_fn release)
{
	clear_pending(s, true);
	s->pprompt = prompt;
	s->pecho = echo;
	s->pfn = fn;
	s->parg = arg;
	s->prelease = release;
}

/* Session state */

enum cli_mode
cli_session_mode(struct cli_session *s)
{
	return s->mode;
}

void
cli_session_set_mode(struct cli_session *s, enum cli_mode m)
{
	if ((unsigned)m < CLI_MODE_COUNT)
		s->mode = m;
}

int
cli_session_priv(struct cli_session *s)
{
	return s->priv;
}

void
cli_session_set_priv(struct cli_session *s, int priv)
{
	s->priv = priv < 0 ? 0 : priv > 15 ? 15 : priv;
	if (s->priv >= 15 && s->mode == CLI_MODE_EXEC)
		s->mode = CLI_MODE_PRIV;
	else if (s->priv < 15)
		s->mode = CLI_MODE_EXEC;
}

unsigned
cli_session_length(struct cli_session *s)
{
	return s->length;
}

void
cli_session_set_length(struct cli_session *s, unsigned n)
{
	s->length = n;
}

unsigned
cli_session_width(struct cli_session *s)
{
	return s->width;
}

void
cli_session_set_width(struct cli_session *s, unsigned n)
{
	s->width = n;
}

bool
cli_session_monitor(struct cli_session *s)
{
	return s->monitor;
}

static void
monitor_sink(const char *line, void *arg)
{
	struct cli_session *s = arg;

	if (s->async.len > CLI_ASYNC_MAX)
		return;
	buf_puts(&s->async, line);
	buf_putc(&s->async, '\n');
}

void
cli_session_set_monitor(struct cli_session *s, bool on)
{
	if (on == s->monitor)
		return;
	if (on)
		log_sink_add(monitor_sink, s);
	else
		log_sink_del(monitor_sink, s);
	s->monitor = on;
}

void
cli_session_take_async(struct cli_session *s, struct buf *out)
{
	if (s->async.len == 0)
		return;
	buf_append(out, s->async.p, s->async.len);
	buf_reset(&s->async);
}

enum cli_origin
cli_session_origin(struct cli_session *s)
{
	return s->origin;
}

void *
cli_session_user(struct cli_session *s)
{
	return s->user;
}

void
cli_session_set_user(struct cli_session *s, void *u)
{
	s->user = u;
}

int
cli_session_set_source(struct cli_session *s, const char *file, unsigned line)
{
	char *c;

	if (file == NULL) {
		free(s->src_file);
		s->src_file = NULL;
		return 0;
	}
	if (s->src_file == NULL || strcmp(s->src_file, file) != 0) {
		if ((c = strdup(file)) == NULL)
			return -ENOMEM;
		free(s->src_file);
		s->src_file = c;
	}
	s->src_line = line;
	return 0;
}

const char *
cli_session_hostname(struct cli_session *s)
{
	const char *h = NULL;

	if (s->hooks != NULL && s->hooks->hostname != NULL)
		h = s->hooks->hostname(s->owner);
	return h != NULL && *h != '\0' ? h : "Router";
}

void *
cli_session_owner(struct cli_session *s)
{
	return s->owner;
}

struct cli *
cli_session_cli(struct cli_session *s)
{
	return s->cli;
}

bool
cli_session_changed(struct cli_session *s)
{
	return s->changed;
}

void
cli_session_applied(struct cli_session *s, const char *err)
{
	s->changed = false;
	if (err != NULL)
		buf_printf(&s->notice, "%% %s\n", err);
}

/* Handler context */

void *
cli_module(struct cli_ctx *cx)
{
	return cx->module;
}

struct cli_session *
cli_session(struct cli_ctx *cx)
{
	return cx->s;
}

enum cli_mode
cli_mode(struct cli_ctx *cx)
{
	return cx->mode;
}

const char *
cli_obj(struct cli_ctx *cx, int i)
{
	if (i < 0 || i > 1)
		return NULL;
	return cx->s->objs[cx->s->mode][i];
}

int
cli_enter(struct cli_ctx *cx, enum cli_mode m, const char *obj0,
    const char *obj1)
{
	struct cli_session *s = cx->s;
	char *c0 = NULL, *c1 = NULL;

	if ((unsigned)m >= CLI_MODE_COUNT)
		return cli_error(cx, "No such mode");
	if ((obj0 != NULL && (c0 = strdup(obj0)) == NULL) ||
	    (obj1 != NULL && (c1 = strdup(obj1)) == NULL)) {
		free(c0);
		cx->failed = true; /* the command fails, whatever it returns */
		return cli_error(cx, "Out of memory");
	}
	free(s->objs[m][0]);
	free(s->objs[m][1]);
	s->objs[m][0] = c0;
	s->objs[m][1] = c1;
	s->mode = m;
	return CLI_OK;
}

bool
cli_loading(struct cli_ctx *cx)
{
	return cx->s->origin == CLI_ORIGIN_FILE;
}

void
cli_printf(struct cli_ctx *cx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(cx->out, fmt, ap);
	va_end(ap);
}

void
cli_puts(struct cli_ctx *cx, const char *str)
{
	buf_puts(cx->out, str);
}

int
cli_error(struct cli_ctx *cx, const char *fmt, ...)
{
	va_list ap;

	if (cx->s->src_file != NULL)
		src_prefix(cx->s, cx->out);
	buf_puts(cx->out, "% ");
	va_start(ap, fmt);
	buf_vprintf(cx->out, fmt, ap);
	va_end(ap);
	buf_putc(cx->out, '\n');
	return CLI_ERR;
}

void
cli_notice(struct cli_ctx *cx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(cx->out, fmt, ap);
	va_end(ap);
	buf_putc(cx->out, '\n');
}

struct buf *
cli_ctx_out(struct cli_ctx *cx)
{
	return cx->out;
}
