/*
 * Tokenizer and matcher.  All rows of a mode are matched together, word by
 * word: at each word every alive path proposes its next tokens, the best
 * match class wins (exact keyword > number/address > unique keyword prefix
 * > WORD) and only paths of that class survive.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli_int.h"
#include "lib/log.h"

enum { CL_NONE, CL_WORD, CL_PREFIX, CL_VALUE, CL_EXACT };

static struct cli_node vno = {
	.kind = TK_KW,
	.text = (char *)"no",
	.klen = 2,
	.help = "Negate a command or set its defaults",
	.grp_ph = -1,
};

int
cli_tokenize(const char *line, size_t len, struct cli_word **wordsp,
    size_t *nwords)
{
	struct cli_word *w;
	size_t i = 0, n = 0;

	/* at most one word per two bytes, plus one */
	if ((w = calloc(len / 2 + 2, sizeof(*w))) == NULL)
		return -1;
	while (i < len) {
		while (i < len && cli_isws(line[i]))
			i++;
		if (i >= len)
			break;
		w[n].off = i;
		while (i < len && !cli_isws(line[i]))
			i++;
		w[n].len = i - w[n].off;
		n++;
	}
	*wordsp = w;
	*nwords = n;
	return 0;
}

static bool
parse_num(const char *w, size_t len, long long *v)
{
	unsigned long long acc = 0;
	size_t i = 0;
	bool neg = false;

	if (len > 0 && w[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == len || len - i > 18)
		return false;
	for (; i < len; i++) {
		if (w[i] < '0' || w[i] > '9')
			return false;
		acc = acc * 10 + (unsigned long long)(w[i] - '0');
	}
	*v = neg ? -(long long)acc : (long long)acc;
	return true;
}

static bool
addr_ok(int af, const char *w, size_t len)
{
	unsigned char a[16];
	char tmp[64];

	if (len == 0 || len >= sizeof(tmp))
		return false;
	memcpy(tmp, w, len);
	tmp[len] = '\0';
	return inet_pton(af, tmp, a) == 1;
}

const struct cli_type_kw *
cli_type_kw_of(const struct cli_type *t, const char *w, size_t len, int *nmatch)
{
	const struct cli_type_kw *k, *found = NULL;

	*nmatch = 0;
	if (len == 0)
		return NULL;
	for (k = t->kws; k != NULL && k->kw != NULL; k++) {
		if (tolower((unsigned char)k->kw[0]) !=
			tolower((unsigned char)w[0]) ||
		    strncasecmp(w, k->kw, len) != 0 || strlen(k->kw) < len)
			continue;
		if (k->kw[len] == '\0') { /* exact beats prefixes */
			*nmatch = 1;
			return k;
		}
		(*nmatch)++;
		found = k;
	}
	return *nmatch == 1 ? found : NULL;
}

int
cli_node_class(const struct cli_node *n, const char *w, size_t len)
{
	const struct cli_type_kw *k;
	const char *slash;
	long long v;
	size_t kl;
	int nm;

	switch (n->kind) {
	case TK_KW:
		kl = n->klen;
		if (len > kl || strncasecmp(w, n->text, len) != 0)
			return CL_NONE;
		return len == kl ? CL_EXACT : CL_PREFIX;
	case TK_WORD:
	case TK_LINE:
		return CL_WORD;
	case TK_RANGE:
		if (!parse_num(w, len, &v) || v < n->lo || v > n->hi)
			return CL_NONE;
		return CL_VALUE;
	case TK_TYPE:
		if (isdigit((unsigned char)w[0])) /* names never are */
			return n->type->lo <= n->type->hi &&
				parse_num(w, len, &v) && v >= n->type->lo &&
				v <= n->type->hi ?
			    CL_VALUE :
			    CL_NONE;
		k = cli_type_kw_of(n->type, w, len, &nm);
		if (k != NULL && strlen(k->kw) == len)
			return CL_EXACT;
		if (n->type->lo <= n->type->hi && parse_num(w, len, &v) &&
		    v >= n->type->lo && v <= n->type->hi)
			return CL_VALUE;
		return nm > 0 ? CL_PREFIX : CL_NONE;
	case TK_IPV4:
		if (len == 0 || !isdigit((unsigned char)w[0]))
			return CL_NONE;
		return addr_ok(AF_INET, w, len) ? CL_VALUE : CL_NONE;
	case TK_IPV6:
		return addr_ok(AF_INET6, w, len) ? CL_VALUE : CL_NONE;
	case TK_IPV6PFX:
		if ((slash = memchr(w, '/', len)) == NULL ||
		    !addr_ok(AF_INET6, w, (size_t)(slash - w)) ||
		    !parse_num(slash + 1, len - (size_t)(slash - w) - 1, &v) ||
		    slash[1] == '-' || v > 128)
			return CL_NONE;
		return CL_VALUE;
	}
	return CL_NONE;
}

void
cli_match_init(struct cli_match *m)
{
	memset(m, 0, sizeof(*m));
	m->final = -1;
	m->linestep = -1;
}

void
cli_match_free(struct cli_match *m)
{
	free(m->steps);
	free(m->active);
	cli_match_init(m);
}

void
cli_grow(void *vp, size_t n, size_t *cap, size_t elsz)
{
	void **v = vp, *nv;
	size_t ncap;

	if (n < *cap)
		return;
	ncap = *cap ? *cap * 2 : 32;
	if ((nv = reallocarray(*v, ncap, elsz)) == NULL)
		fatal("reallocarray");
	*v = nv;
	*cap = ncap;
}

static int
add_step(struct cli_match *m, int row, int node, bool neg, int prev, int word)
{
	struct cli_step *ns;

	cli_grow(&m->steps, m->nsteps, &m->capsteps, sizeof(*m->steps));
	ns = &m->steps[m->nsteps];
	ns->row = row;
	ns->node = node;
	ns->neg = neg;
	ns->prev = prev;
	ns->word = word;
	ns->line = false;
	return (int)m->nsteps++;
}

static void
push_int(int **v, size_t *n, size_t *cap, int x)
{
	cli_grow(v, *n, cap, sizeof(**v));
	(*v)[(*n)++] = x;
}

/* One proposed transition. */
struct tcand {
	int from; /* step */
	int row;  /* -1: virtual no */
	int node;
	bool neg;
	int cls;
};

struct tcands {
	struct tcand *v;
	size_t n, cap;
};

static void
tc_push(struct tcands *t, int from, int row, int node, bool neg)
{
	cli_grow(&t->v, t->n, &t->cap, sizeof(*t->v));
	t->v[t->n].from = from;
	t->v[t->n].row = row;
	t->v[t->n].node = node;
	t->v[t->n].neg = neg;
	t->v[t->n].cls = CL_NONE;
	t->n++;
}

static void
push_bits(struct tcands *t, int from, int row, uint64_t bits, bool neg)
{
	int i;

	for (i = 0; bits; i++, bits >>= 1)
		if (bits & 1)
			tc_push(t, from, row, i, neg);
}

/* All transitions out of one alive step. */
static void
successors(const struct cli_rowset *set, const struct cli_match *m, int si,
    struct tcands *t)
{
	const struct cli_step *s = &m->steps[si];
	const struct cli_row *r;
	size_t i;

	if (s->line)
		return;
	if (s->row == -2) {
		for (i = 0; i < set->n; i++)
			push_bits(t, si, (int)i, set->rows[i]->first, false);
		if (set->anyno)
			tc_push(t, si, -1, 0, true);
	} else if (s->row == -1) {
		for (i = 0; i < set->n; i++)
			if (set->rows[i]->hasno)
				push_bits(t, si, (int)i, set->rows[i]->first,
				    true);
	} else {
		r = set->rows[s->row];
		push_bits(t, si, s->row,
		    s->node < 0 ? r->first : r->nodes[s->node].follow, s->neg);
	}
}

static const struct cli_node *
cand_node(const struct cli_rowset *set, int row, int node)
{
	return row < 0 ? &vno : &set->rows[row]->nodes[node];
}

static bool
step_final(const struct cli_rowset *set, const struct cli_step *s)
{
	const struct cli_node *n;

	if (s->row < 0 || s->node < 0)
		return false;
	if (s->line)
		return true;
	n = &set->rows[s->row]->nodes[s->node];
	return s->neg ? n->nofinal : n->final;
}

void
cli_match_run(const struct cli_rowset *set, const char *line,
    const struct cli_word *words, size_t nwords, struct cli_match *m)
{
	/* scratch kept between calls: matching never nests */
	static struct tcands t;
	static uint64_t(*seen)[2];
	static int *next, *done;
	static size_t capnext, capdone, capseen;
	size_t nnext = 0, ndone = 0, i, w;
	int si, best;
	const char *amb;
	bool vno_seen;

	m->nsteps = 0;
	m->nactive = 0;
	m->final = -1;
	m->linedone = false;
	m->linestep = -1;
	while (capseen < set->n + 1)
		cli_grow(&seen, capseen, &capseen, sizeof(*seen));
	si = add_step(m, -2, -1, false, -1, -1);
	push_int(&m->active, &m->nactive, &m->capactive, si);
	for (w = 0; w < nwords; w++) {
		const char *wp = line + words[w].off;
		size_t wl = words[w].len;

		t.n = 0;
		for (i = 0; i < m->nactive; i++)
			successors(set, m, m->active[i], &t);
		if (t.n == 0) {
			m->status = CM_INVALID;
			m->err_word = w;
			goto out;
		}
		best = CL_NONE;
		for (i = 0; i < t.n; i++) {
			t.v[i].cls = cli_node_class(
			    cand_node(set, t.v[i].row, t.v[i].node), wp, wl);
			if (t.v[i].cls > best)
				best = t.v[i].cls;
		}
		if (best == CL_NONE) {
			m->status = CM_INVALID;
			m->err_word = w;
			goto out;
		}
		if (best == CL_PREFIX) {
			amb = NULL;
			for (i = 0; i < t.n; i++) {
				const struct cli_node *n;
				const struct cli_type_kw *k;
				const char *kw;
				int nm;

				if (t.v[i].cls != CL_PREFIX)
					continue;
				n = cand_node(set, t.v[i].row, t.v[i].node);
				kw = n->text;
				if (n->kind == TK_TYPE) {
					k = cli_type_kw_of(n->type, wp, wl,
					    &nm);
					kw = k != NULL ? k->kw : NULL;
				}
				if (amb == NULL)
					amb = kw;
				if (kw == NULL || strcmp(amb, kw) != 0) {
					m->status = CM_AMBIGUOUS;
					m->err_word = w;
					goto out;
				}
			}
		}
		memset(seen, 0, (set->n + 1) * sizeof(*seen));
		vno_seen = false;
		nnext = 0;
		for (i = 0; i < t.n; i++) {
			struct tcand *c = &t.v[i];
			uint64_t bit;

			if (c->cls != best)
				continue;
			if (c->row < 0) {
				if (vno_seen)
					continue;
				vno_seen = true;
				si = add_step(m, -1, -1, true, c->from, (int)w);
				push_int(&next, &nnext, &capnext, si);
				continue;
			}
			bit = 1ULL << c->node;
			if (seen[c->row][c->neg] & bit)
				continue;
			seen[c->row][c->neg] |= bit;
			si = add_step(m, c->row, c->node, c->neg, c->from,
			    (int)w);
			if (set->rows[c->row]->nodes[c->node].kind == TK_LINE) {
				m->steps[si].line = true;
				m->linedone = true;
				if (m->linestep < 0)
					m->linestep = si;
				push_int(&done, &ndone, &capdone, si);
			} else
				push_int(&next, &nnext, &capnext, si);
		}
		m->nactive = 0;
		for (i = 0; i < nnext; i++)
			push_int(&m->active, &m->nactive, &m->capactive,
			    next[i]);
		if (m->nactive == 0)
			break;
	}
	/* the completed path of the earliest registered row wins */
	for (i = 0; i < m->nactive + ndone; i++) {
		si = i < m->nactive ? m->active[i] : done[i - m->nactive];
		if (!step_final(set, &m->steps[si]))
			continue;
		if (m->final < 0 || m->steps[si].row < m->steps[m->final].row)
			m->final = si;
	}
	m->status = m->final >= 0 ? CM_OK : CM_INCOMPLETE;
	return;
out:
	/* an earlier LINE took the rest of the line: that is the match */
	for (i = 0; i < ndone; i++)
		if (m->final < 0 ||
		    m->steps[done[i]].row < m->steps[m->final].row)
			m->final = done[i];
	if (m->final >= 0)
		m->status = CM_OK;
	/* `active` stays as it was before the bad word (help uses it) */
}

struct next_arg {
	const struct cli_rowset *set;
	cli_cand_fn fn;
	void *arg;
};

void
cli_match_next(const struct cli_rowset *set, const struct cli_match *m,
    cli_cand_fn fn, void *arg)
{
	struct tcands t = { NULL, 0, 0 };
	struct cli_cand c;
	size_t i;

	for (i = 0; i < m->nactive; i++)
		successors(set, m, m->active[i], &t);
	for (i = 0; i < t.n; i++) {
		c.row = t.v[i].row < 0 ? NULL : set->rows[t.v[i].row];
		c.node = cand_node(set, t.v[i].row, t.v[i].node);
		fn(&c, arg);
	}
	free(t.v);
}

bool
cli_match_can_end(const struct cli_rowset *set, const struct cli_match *m)
{
	size_t i;

	if (m->linedone)
		return true;
	for (i = 0; i < m->nactive; i++)
		if (step_final(set, &m->steps[m->active[i]]))
			return true;
	return false;
}

static void
add_ent(struct cli_args *a, const char *kw, const char *ph, const char *v,
    size_t vlen, size_t off)
{
	struct cli_arg_ent *e = &a->v[a->n++];

	e->kw = kw;
	e->ph = ph;
	if ((e->val = strndup(v, vlen)) == NULL)
		fatal("strndup");
	e->off = off;
}

int
cli_args_build(const struct cli_rowset *set, const struct cli_match *m,
    const char *line, size_t len, const struct cli_word *words,
    struct cli_args *a)
{
	const struct cli_step *s;
	const struct cli_row *r;
	const struct cli_node *n;
	const struct cli_type_kw *k;
	int *chain, nc = 0, si, i, nm;

	memset(a, 0, sizeof(*a));
	if (m->status != CM_OK || m->final < 0)
		return -1;
	/* a path has a step per word (token... repeats a node) */
	if ((chain = calloc(m->nsteps + 1, sizeof(*chain))) == NULL)
		fatal("calloc");
	for (si = m->final; si >= 0 && m->steps[si].row != -2;
	     si = m->steps[si].prev)
		chain[nc++] = si;
	if ((a->v = calloc((size_t)nc + 1, sizeof(*a->v))) == NULL)
		fatal("calloc");
	for (i = nc - 1; i >= 0; i--) {
		s = &m->steps[chain[i]];
		if (s->row < 0) {
			a->no = true;
			continue;
		}
		r = set->rows[s->row];
		n = &r->nodes[s->node];
		if (s->neg || r->isno)
			a->no = true;
		if (n->kind == TK_KW)
			add_ent(a, n->text,
			    n->label != NULL   ? n->label :
				n->grp_ph >= 0 ? r->nodes[n->grp_ph].text :
						 NULL,
			    n->text, strlen(n->text), words[s->word].off);
		else if (n->kind == TK_TYPE &&
		    (k = cli_type_kw_of(n->type, line + words[s->word].off,
			 words[s->word].len, &nm)) != NULL) {
			add_ent(a, NULL, n->text, k->kw, strlen(k->kw),
			    words[s->word].off);
			a->v[a->n - 1].hasnum = true;
			a->v[a->n - 1].num = k->val;
		} else if (n->kind == TK_LINE)
			add_ent(a, NULL, n->text, line + words[s->word].off,
			    len - words[s->word].off, words[s->word].off);
		else
			add_ent(a, NULL, n->text, line + words[s->word].off,
			    words[s->word].len, words[s->word].off);
	}
	free(chain);
	return 0;
}

void
cli_args_free(struct cli_args *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i].val);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static const struct cli_arg_ent *
arg_nth(const struct cli_args *a, const char *name, size_t nth)
{
	size_t i;

	if (a == NULL || name == NULL)
		return NULL;
	for (i = 0; i < a->n; i++)
		if (a->v[i].ph && strcmp(a->v[i].ph, name) == 0 && nth-- == 0)
			return &a->v[i];
	return NULL;
}

const char *
cli_arg_nth(const struct cli_args *a, const char *name, size_t i)
{
	const struct cli_arg_ent *e = arg_nth(a, name, i);

	return e != NULL ? e->val : NULL;
}

long long
cli_num_nth(const struct cli_args *a, const char *name, size_t i, long long def)
{
	const struct cli_arg_ent *e = arg_nth(a, name, i);
	long long n;

	if (e != NULL && e->hasnum)
		return e->num;
	if (e == NULL || !parse_num(e->val, strlen(e->val), &n))
		return def;
	return n;
}

const char *
cli_arg(const struct cli_args *a, const char *name)
{
	size_t i, kwi = SIZE_MAX;

	if (a == NULL || name == NULL)
		return NULL;
	/* one pass: a placeholder wins; else the first keyword of that name */
	for (i = 0; i < a->n; i++) {
		if (a->v[i].ph && strcmp(a->v[i].ph, name) == 0)
			return a->v[i].val;
		if (kwi == SIZE_MAX && a->v[i].kw &&
		    strcasecmp(a->v[i].kw, name) == 0)
			kwi = i;
	}
	/* a keyword: the value that follows it ("source ZONE"), else itself */
	if (kwi == SIZE_MAX)
		return NULL;
	if (kwi + 1 < a->n && a->v[kwi + 1].ph)
		return a->v[kwi + 1].val;
	return a->v[kwi].val;
}

bool
cli_has(const struct cli_args *a, const char *kw)
{
	size_t i;

	if (a == NULL || kw == NULL)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->v[i].kw && strcasecmp(a->v[i].kw, kw) == 0)
			return true;
	return false;
}

bool
cli_no(const struct cli_args *a)
{
	return a != NULL && a->no;
}

long long
cli_num(const struct cli_args *a, const char *name, long long def)
{
	const char *v;
	long long n;

	if (arg_nth(a, name, 0) != NULL)
		return cli_num_nth(a, name, 0, def);
	/* a keyword: the number that follows it */
	if ((v = cli_arg(a, name)) == NULL || !parse_num(v, strlen(v), &n))
		return def;
	return n;
}
