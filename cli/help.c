/*
 * `?` help and Tab completion, from the same automaton the matcher uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli_int.h"
#include "lib/log.h"

void
cli_hlist_add(struct cli_hlist *hl, const char *disp, const char *help)
{
	size_t i;

	for (i = 0; i < hl->n; i++)
		if (strcmp(hl->v[i].disp, disp) == 0)
			return;
	cli_grow(&hl->v, hl->n, &hl->cap, sizeof(*hl->v));
	if ((hl->v[hl->n].disp = strdup(disp)) == NULL)
		fatal("strdup");
	hl->v[hl->n].help = help ? help : "";
	hl->n++;
}

static int
hent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cli_hent *)a)->disp,
	    ((const struct cli_hent *)b)->disp);
}

static void
hline(struct buf *out, const char *disp, const char *help, int width)
{
	size_t start = out->len;

	buf_printf(out, "  %-*s  %s", width, disp, help);
	while (out->len > start && out->p[out->len - 1] == ' ')
		out->len--;
	out->p[out->len] = '\0';
	buf_putc(out, '\n');
}

void
cli_hlist_print(struct cli_hlist *hl, bool cr, struct buf *out)
{
	size_t i, w = cr ? 4 : 0;

	if (hl->n > 1)
		qsort(hl->v, hl->n, sizeof(*hl->v), hent_cmp);
	for (i = 0; i < hl->n; i++)
		if (strlen(hl->v[i].disp) > w)
			w = strlen(hl->v[i].disp);
	if (w > 200)
		w = 200;
	for (i = 0; i < hl->n; i++)
		hline(out, hl->v[i].disp, hl->v[i].help, (int)w);
	if (cr)
		hline(out, "<cr>", "<cr>", (int)w);
	buf_putc(out, '\n');
}

void
cli_hlist_free(struct cli_hlist *hl)
{
	size_t i;

	for (i = 0; i < hl->n; i++)
		free(hl->v[i].disp);
	free(hl->v);
	memset(hl, 0, sizeof(*hl));
}

/* Where the partial line stands: the words before the one being typed
 * matched in some mode, after following `do` into EXEC. */
struct hctx {
	const char *p;
	size_t len, base;
	bool exec, after_space;
	struct cli_word *w;
	size_t nw, ncomplete;
	struct cli_rowset set;
	struct cli_match m;
	size_t fo; /* output modifier '|', or len */
};

struct collect {
	const char *word;
	size_t wlen;
	struct cli_hlist *hl;  /* next-token listing */
	struct cli_hlist *kws; /* completions of word (keywords) */
	struct cli_hlist *phs; /* ... placeholders accepting it */
};

/* A NAME:@type token: its keywords one by one, and <lo-hi>. */
static void
collect_type(struct collect *co, const struct cli_node *n)
{
	const struct cli_type *t = n->type;
	const struct cli_type_kw *k;
	char tmp[48];

	snprintf(tmp, sizeof(tmp), "<%lld-%lld>", t->lo, t->hi);
	if (co->hl != NULL) {
		if (t->lo <= t->hi)
			cli_hlist_add(co->hl, tmp, n->help);
		for (k = t->kws; k != NULL && k->kw != NULL; k++)
			cli_hlist_add(co->hl, k->kw, k->help);
		return;
	}
	for (k = t->kws; k != NULL && k->kw != NULL; k++)
		if (strlen(k->kw) >= co->wlen &&
		    strncasecmp(k->kw, co->word, co->wlen) == 0)
			cli_hlist_add(co->kws, k->kw, k->help);
	if (cli_node_class(n, co->word, co->wlen) == 3) /* a number */
		cli_hlist_add(co->phs, tmp, n->help);
}

static void
collect_cb(const struct cli_cand *c, void *arg)
{
	struct collect *co = arg;
	char tmp[48];
	const char *disp;
	int cls;

	if (c->row != NULL && (c->row->cmd->flags & CLI_F_HIDDEN))
		return;
	if (c->node->kind == TK_TYPE) {
		collect_type(co, c->node);
		return;
	}
	disp = cli_node_display(c->node, tmp, sizeof(tmp));
	if (co->hl != NULL) {
		cli_hlist_add(co->hl, disp, c->node->help);
		return;
	}
	cls = cli_node_class(c->node, co->word, co->wlen);
	if (cls == 0)
		return;
	if (c->node->kind == TK_KW)
		cli_hlist_add(co->kws, disp, c->node->help);
	else
		cli_hlist_add(co->phs, disp, c->node->help);
}

static void
hctx_free(struct hctx *h)
{
	free(h->w);
	h->w = NULL;
	cli_match_free(&h->m);
}

/* Set up h for p[0..len); returns 0, or -1 after printing an error. */
static int
resolve(struct cli_session *s, const char *p, size_t len, struct hctx *h,
    struct buf *out, bool quiet)
{
	struct cli_match best;
	struct cli_hlist kws = { NULL, 0, 0 }, phs = { NULL, 0, 0 };
	struct collect co;
	enum cli_mode mode;
	const struct cli_step *ls;
	size_t pos, bpos = 0;
	bool have = false, ok;

	memset(h, 0, sizeof(*h));
	h->p = p;
	h->len = len;
	h->exec = cli_session_mode(s) <= CLI_MODE_PRIV;
	cli_match_init(&h->m);
	cli_match_init(&best);
again:
	h->after_space = h->len == 0 || cli_isws(h->p[h->len - 1]);
	h->fo = h->exec ? cli_filter_find(h->p, h->len) : h->len;
	if (cli_tokenize(h->p, h->fo, &h->w, &h->nw) != 0)
		return -1;
	h->ncomplete = h->after_space || h->fo < h->len ? h->nw : h->nw - 1;
	mode = h->exec ?
	    (cli_session_priv(s) >= 15 ? CLI_MODE_PRIV : CLI_MODE_EXEC) :
	    cli_session_mode(s);
	for (;;) {
		cli_rowset_get(cli_session_cli(s), mode, cli_session_priv(s),
		    &h->set);
		cli_match_run(&h->set, h->p, h->w, h->ncomplete, &h->m);
		ok = h->m.status == CM_OK || h->m.status == CM_INCOMPLETE;
		if (ok && h->ncomplete < h->nw) {
			/* the word being typed must complete to something */
			co.word = h->p + h->w[h->ncomplete].off;
			co.wlen = h->w[h->ncomplete].len;
			co.hl = NULL;
			co.kws = &kws;
			co.phs = &phs;
			cli_match_next(&h->set, &h->m, collect_cb, &co);
			ok = kws.n + phs.n > 0 || h->m.linedone;
			cli_hlist_free(&kws);
			cli_hlist_free(&phs);
			if (!ok) {
				h->m.status = CM_INVALID;
				h->m.err_word = h->ncomplete;
			}
		}
		if (ok)
			break;
		pos = h->m.status == CM_INCOMPLETE ? h->nw : h->m.err_word;
		if (!have || pos > bpos) {
			cli_match_free(&best);
			best = h->m;
			cli_match_init(&h->m);
			bpos = pos;
			have = true;
		}
		if (h->exec || mode <= CLI_MODE_CONFIG) {
			if (!quiet) {
				if (best.status == CM_INVALID &&
				    best.err_word == 0)
					buf_puts(out,
					    "% Unrecognized command\n");
				else
					cli_print_error(s, out, best.status,
					    h->p, h->base, &h->w[best.err_word],
					    false);
			}
			cli_match_free(&best);
			return -1;
		}
		mode = cli_mode_parent(mode);
	}
	cli_match_free(&best);
	/* `do LINE` with the EXEC command started: help on that command */
	if (!h->exec && h->nw > 0) {
		struct cli_match full;
		size_t off = 0;

		cli_match_init(&full);
		cli_match_run(&h->set, h->p, h->w, h->nw, &full);
		if (full.linedone && full.linestep >= 0) {
			ls = &full.steps[full.linestep];
			if (h->set.rows[ls->row]->cmd->flags & CLI_F_DO)
				off = h->w[ls->word].off;
		}
		cli_match_free(&full);
		if (off > 0) {
			h->p += off;
			h->len -= off;
			h->base += off;
			h->exec = true;
			hctx_free(h);
			cli_match_init(&h->m);
			goto again;
		}
	}
	return 0;
}

static void
list_words(struct cli_session *s, struct cli_hlist *hl, struct buf *out)
{
	size_t i, col = 0, wl, width = cli_session_width(s);

	if (hl->n > 1)
		qsort(hl->v, hl->n, sizeof(*hl->v), hent_cmp);
	for (i = 0; i < hl->n; i++) {
		wl = strlen(hl->v[i].disp) + 2;
		if (width > 0 && col > 0 && col + wl > width) {
			buf_putc(out, '\n');
			col = 0;
		}
		buf_puts(out, hl->v[i].disp);
		buf_puts(out, "  ");
		col += wl;
	}
	buf_puts(out, "\n\n");
}

void
cli_session_help(struct cli_session *s, const char *partial, struct buf *out)
{
	struct cli_hlist hl = { NULL, 0, 0 }, kws = { NULL, 0, 0 },
			 phs = { NULL, 0, 0 };
	struct collect co;
	struct hctx h;
	size_t len;

	if (partial == NULL)
		partial = "";
	len = strlen(partial);
	if (len > CLI_LINE_MAX || cli_session_pending(s))
		return;
	cli_session_begin_line(s);
	if (resolve(s, partial, len, &h, out, false) != 0) {
		hctx_free(&h);
		return;
	}
	if (h.fo < h.len) {
		cli_filter_help(h.p, h.len, h.fo, h.after_space, out);
		hctx_free(&h);
		return;
	}
	memset(&co, 0, sizeof(co));
	if (h.after_space) {
		co.hl = &hl;
		cli_match_next(&h.set, &h.m, collect_cb, &co);
		if (h.exec && cli_match_can_end(&h.set, &h.m) && !h.m.linedone)
			cli_hlist_add(&hl, "|", "Output modifiers");
		cli_hlist_print(&hl, cli_match_can_end(&h.set, &h.m), out);
	} else {
		co.word = h.p + h.w[h.ncomplete].off;
		co.wlen = h.w[h.ncomplete].len;
		co.kws = &kws;
		co.phs = &phs;
		cli_match_next(&h.set, &h.m, collect_cb, &co);
		if (kws.n > 0)
			list_words(s, &kws, out);
		else if (phs.n > 0)
			list_words(s, &phs, out);
		else
			buf_puts(out, "LINE  \n\n");
	}
	cli_hlist_free(&hl);
	cli_hlist_free(&kws);
	cli_hlist_free(&phs);
	hctx_free(&h);
}

static size_t
common_prefix(const struct cli_hlist *hl)
{
	size_t n, i, j;

	if (hl->n == 0)
		return 0;
	n = strlen(hl->v[0].disp);
	for (i = 1; i < hl->n; i++) {
		for (j = 0; j < n && hl->v[i].disp[j] == hl->v[0].disp[j]; j++)
			;
		n = j;
	}
	return n;
}

bool
cli_session_complete(struct cli_session *s, const char *partial,
    struct buf *line_out, struct buf *out)
{
	struct cli_hlist kws = { NULL, 0, 0 }, phs = { NULL, 0, 0 };
	struct collect co;
	struct hctx h;
	const char *word, *full = NULL;
	size_t len, wl, i, ks, cp, start = line_out->len;
	bool changed = false;

	if (partial == NULL)
		partial = "";
	len = strlen(partial);
	buf_puts(line_out, partial);
	if (len == 0 || len > CLI_LINE_MAX || cli_isws(partial[len - 1]) ||
	    cli_session_pending(s))
		return false;
	if (resolve(s, partial, len, &h, out, true) != 0) {
		hctx_free(&h);
		return false;
	}
	if (h.fo < h.len) {
		/* "| inc" -> "| include " */
		static const char *const fk[] = { "begin", "count", "exclude",
			"include", "section" };

		for (ks = h.fo + 1; ks < h.len && cli_isws(h.p[ks]); ks++)
			;
		for (i = ks; i < h.len && !cli_isws(h.p[i]); i++)
			;
		if (i == h.len && ks < h.len) {
			for (i = 0; i < 5; i++)
				if (strlen(fk[i]) >= h.len - ks &&
				    strncasecmp(h.p + ks, fk[i], h.len - ks) ==
					0) {
					if (full != NULL) {
						full = NULL;
						break;
					}
					full = fk[i];
				}
			if (full != NULL) {
				line_out->len = start +
				    (size_t)(h.p - partial) + ks;
				buf_puts(line_out, full);
				buf_putc(line_out, ' ');
				changed = true;
			}
		}
		hctx_free(&h);
		return changed;
	}
	word = h.p + h.w[h.ncomplete].off;
	wl = h.w[h.ncomplete].len;
	memset(&co, 0, sizeof(co));
	co.word = word;
	co.wlen = wl;
	co.kws = &kws;
	co.phs = &phs;
	cli_match_next(&h.set, &h.m, collect_cb, &co);
	for (i = 0; i < kws.n; i++)
		if (strlen(kws.v[i].disp) == wl &&
		    strncasecmp(kws.v[i].disp, word, wl) == 0)
			full = kws.v[i].disp;
	if (full == NULL && kws.n == 1)
		full = kws.v[0].disp;
	line_out->len = start + (size_t)(word - partial);
	if (full != NULL) {
		buf_puts(line_out, full);
		buf_putc(line_out, ' ');
		changed = true;
	} else if (kws.n > 1) {
		list_words(s, &kws, out);
		cp = common_prefix(&kws);
		if (cp > wl) {
			buf_append(line_out, kws.v[0].disp, cp);
			changed = true;
		} else
			buf_append(line_out, word, wl);
	} else
		buf_append(line_out, word, wl);
	cli_hlist_free(&kws);
	cli_hlist_free(&phs);
	hctx_free(&h);
	return changed;
}
