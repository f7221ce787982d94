/*
 * Row syntax strings compiled into a position automaton (Glushkov): one
 * node per terminal token, each with its successor set, so `[ ]`, `{ }` and
 * nesting need no epsilon moves and the matcher walks sets of nodes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"
#include "lib/log.h"

struct frag {
	uint64_t first, last;
	bool nullable;
};

struct gparse {
	const struct cli *cli; /* its NAME:@type types */
	const char *p;
	struct cli_row *row;
	char *err;
	size_t errlen;
	int failed;
	int nlead; /* leading keywords of the top sequence */
	bool leading;
};

static int parse_seq(struct gparse *, struct frag *, int top);

/* NAME:@type keyword types, registered in the registry like rows. */
void
cli_type_register(struct cli *c, const struct cli_type *t)
{
	cli_grow(&c->types, c->ntypes, &c->captypes, sizeof(*c->types));
	c->types[c->ntypes++] = t;
}

const struct cli_type *
cli_type_at(const struct cli *c, size_t i)
{
	return c != NULL && i < c->ntypes ? c->types[i] : NULL;
}

static const struct cli_type *
type_find(const struct cli *c, const char *name, size_t len)
{
	const struct cli_type *t;
	size_t i;

	for (i = 0; (t = cli_type_at(c, i)) != NULL; i++)
		if (strlen(t->name) == len && memcmp(t->name, name, len) == 0)
			return t;
	return NULL;
}

static void
gerr(struct gparse *g, const char *msg)
{
	if (!g->failed)
		snprintf(g->err, g->errlen, "%s at \"%.20s\"", msg, g->p);
	g->failed = 1;
}

static void
skipws(struct gparse *g)
{
	while (*g->p == ' ' || *g->p == '\t')
		g->p++;
}

static bool
isdelim(char c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '{' || c == '}' ||
	    c == '[' || c == ']' || c == '|';
}

static int
parse_type(struct gparse *g, struct cli_node *n, const char *t, size_t len)
{
	char *end;

	if (len == 4 && memcmp(t, "LINE", 4) == 0)
		n->kind = TK_LINE;
	else if (len == 7 && memcmp(t, "A.B.C.D", 7) == 0)
		n->kind = TK_IPV4;
	else if (len == 10 && memcmp(t, "X:X:X:X::X", 10) == 0)
		n->kind = TK_IPV6;
	else if (len == 18 && memcmp(t, "X:X:X:X::X/<0-128>", 18) == 0)
		n->kind = TK_IPV6PFX;
	else if (len >= 2 && t[0] == '@') {
		n->kind = TK_TYPE;
		if ((n->type = type_find(g->cli, t + 1, len - 1)) == NULL) {
			gerr(g, "unknown type");
			return -1;
		}
	} else if (len >= 5 && t[0] == '<' && t[len - 1] == '>') {
		n->kind = TK_RANGE;
		n->lo = strtoll(t + 1, &end, 10);
		if (end == t + 1 || *end != '-')
			goto bad;
		t = end + 1;
		n->hi = strtoll(t, &end, 10);
		if (end == t || *end != '>' || n->hi < n->lo)
			goto bad;
	} else
		goto bad;
	return 0;
bad:
	gerr(g, "bad placeholder type");
	return -1;
}

static int
new_node(struct gparse *g, const char *w, size_t len)
{
	struct cli_row *r = g->row;
	struct cli_node *n;
	const char *colon;
	size_t i, nlen;

	if (r->nnodes >= CLI_MAX_NODES || r->nnodes >= CLI_MAX_TOKENS) {
		gerr(g, "too many tokens");
		return -1;
	}
	n = &r->nodes[r->nnodes];
	memset(n, 0, sizeof(*n));
	n->grp_ph = -1;
	if (isupper((unsigned char)w[0])) {
		colon = memchr(w, ':', len);
		nlen = colon ? (size_t)(colon - w) : len;
		for (i = 0; i < nlen; i++)
			if (!isupper((unsigned char)w[i]) &&
			    !isdigit((unsigned char)w[i]) && w[i] != '_' &&
			    w[i] != '-') {
				gerr(g, "bad placeholder name");
				return -1;
			}
		n->kind = TK_WORD;
		if (colon && parse_type(g, n, colon + 1, len - nlen - 1) != 0)
			return -1;
	} else {
		nlen = len;
		for (i = 0; i < len; i++)
			if (!islower((unsigned char)w[i]) &&
			    !isdigit((unsigned char)w[i]) && w[i] != '-' &&
			    w[i] != '.' && w[i] != '_') {
				gerr(g, "bad keyword");
				return -1;
			}
		n->kind = TK_KW;
	}
	n->help = r->cmd->help[r->nnodes];
	if (n->help == NULL) {
		gerr(g, "missing help string");
		return -1;
	}
	if ((n->text = strndup(w, nlen)) == NULL)
		fatal("strndup");
	n->klen = nlen;
	return r->nnodes++;
}

static void
seq_join(struct gparse *g, struct frag *acc, const struct frag *f, int empty)
{
	int i;

	if (empty) {
		*acc = *f;
		return;
	}
	for (i = 0; i < g->row->nnodes; i++)
		if (acc->last & (1ULL << i))
			g->row->nodes[i].follow |= f->first;
	if (acc->nullable)
		acc->first |= f->first;
	acc->last = f->nullable ? (acc->last | f->last) : f->last;
	acc->nullable = acc->nullable && f->nullable;
}

/* NAME:{...}: the keywords that may begin the group carry NAME. */
static int
set_label(struct gparse *g, const struct frag *f, const char *name, size_t len)
{
	struct cli_node *n;
	int i;

	for (i = 0; i < g->row->nnodes; i++) {
		n = &g->row->nodes[i];
		if (!(f->first & (1ULL << i)) || n->kind != TK_KW)
			continue;
		if (n->label != NULL) {
			gerr(g, "nested labels");
			return -1;
		}
		if ((n->label = strndup(name, len)) == NULL)
			fatal("strndup");
	}
	return 0;
}

/* {a|b|...} or [a|b|...] (close is '}' or ']'). */
static int
parse_group(struct gparse *g, struct frag *out, char close)
{
	struct frag alt;
	int start = g->row->nnodes, i, nph = 0, ph = -1;
	int singles[CLI_MAX_NODES], nsingles = 0, before, alt_ph = -1;

	memset(out, 0, sizeof(*out));
	g->p++; /* '{' or '[' */
	for (;;) {
		before = g->row->nnodes;
		if (parse_seq(g, &alt, 0) != 0)
			return -1;
		if (g->row->nnodes == before) {
			gerr(g, "empty alternative");
			return -1;
		}
		if (g->row->nnodes == before + 1 &&
		    g->row->nodes[before].kind == TK_KW)
			singles[nsingles++] = before;
		else if (g->row->nnodes == before + 1)
			alt_ph = before;
		out->first |= alt.first;
		out->last |= alt.last;
		out->nullable = out->nullable || alt.nullable;
		skipws(g);
		if (*g->p == '|') {
			g->p++;
			continue;
		}
		if (*g->p == close) {
			g->p++;
			break;
		}
		gerr(g, close == '}' ? "unterminated {" : "unterminated [");
		return -1;
	}
	if (close == ']')
		out->nullable = true;
	for (i = start; i < g->row->nnodes; i++)
		if (g->row->nodes[i].kind != TK_KW) {
			nph++;
			ph = i;
		}
	/* {SRC|self|default}: the keywords are values of the placeholder */
	if (nph == 1 && ph == alt_ph)
		for (i = 0; i < nsingles; i++)
			g->row->nodes[singles[i]].grp_ph = ph;
	return 0;
}

/* A sequence up to '|', '}', ']' or the end. */
static int
parse_seq(struct gparse *g, struct frag *out, int top)
{
	struct frag f;
	const char *w, *label;
	size_t wl;
	int empty = 1, idx;
	bool rep;

	memset(out, 0, sizeof(*out));
	out->nullable = true;
	for (;;) {
		skipws(g);
		if (*g->p == '\0' || *g->p == '|' || *g->p == '}' ||
		    *g->p == ']')
			break;
		memset(&f, 0, sizeof(f));
		w = g->p;
		while (!isdelim(*g->p))
			g->p++;
		wl = (size_t)(g->p - w);
		label = NULL;
		if (wl > 1 && w[wl - 1] == ':' && isupper((unsigned char)*w) &&
		    (*g->p == '{' || *g->p == '['))
			label = w; /* NAME:{...} */
		if (wl == 0 || label != NULL) {
			if (top)
				g->leading = false;
			if (parse_group(g, &f, *g->p == '{' ? '}' : ']') != 0)
				return -1;
			if (label != NULL &&
			    set_label(g, &f, label, wl - 1) != 0)
				return -1;
		} else {
			rep = wl > 3 && memcmp(w + wl - 3, "...", 3) == 0;
			if ((idx = new_node(g, w, rep ? wl - 3 : wl)) < 0)
				return -1;
			if (rep) /* token...: it may follow itself */
				g->row->nodes[idx].follow |= 1ULL << idx;
			f.first = f.last = 1ULL << idx;
			f.nullable = false;
			if (top && g->leading) {
				if (g->row->nodes[idx].kind == TK_KW)
					g->nlead++;
				else
					g->leading = false;
			}
		}
		seq_join(g, out, &f, empty);
		empty = 0;
	}
	return 0;
}

int
cli_grammar_compile(const struct cli *c, const struct cli_cmd *cmd,
    struct cli_row *r, char *err, size_t errlen)
{
	struct gparse g;
	struct frag top;
	int i;

	memset(r, 0, sizeof(*r));
	r->cmd = cmd;
	memset(&g, 0, sizeof(g));
	g.cli = c;
	g.p = cmd->syntax;
	g.row = r;
	g.err = err;
	g.errlen = errlen;
	g.leading = true;
	if (cmd->syntax == NULL || parse_seq(&g, &top, 1) != 0)
		goto fail;
	if (*g.p != '\0') {
		gerr(&g, "unbalanced bracket");
		goto fail;
	}
	if (r->nnodes == 0 || top.nullable) {
		gerr(&g, "empty syntax");
		goto fail;
	}
	if (r->nnodes < CLI_MAX_TOKENS && cmd->help[r->nnodes] != NULL) {
		snprintf(err, errlen, "%d tokens but more help strings",
		    r->nnodes);
		goto fail;
	}
	r->first = top.first;
	for (i = 0; i < r->nnodes; i++) {
		struct cli_node *n = &r->nodes[i];

		n->final = (top.last & (1ULL << i)) != 0;
		if (n->kind == TK_LINE && (n->follow != 0 || !n->final)) {
			snprintf(err, errlen, "LINE must be the last token");
			goto fail;
		}
		n->nofinal = n->final || g.nlead == 0 || i >= g.nlead - 1;
	}
	r->nlead = g.nlead;
	r->isno = r->nodes[0].kind == TK_KW &&
	    strcmp(r->nodes[0].text, "no") == 0;
	r->hasno = cmd->mode >= CLI_MODE_CONFIG && !(cmd->flags & CLI_F_NONO) &&
	    !r->isno;
	return 0;
fail:
	for (i = 0; i < r->nnodes; i++) {
		free(r->nodes[i].text);
		free(r->nodes[i].label);
	}
	r->nnodes = 0;
	return -1;
}

struct cli *
cli_new(void)
{
	struct cli *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->privdirty = true;
	return c;
}

void
cli_free(struct cli *c)
{
	size_t i;
	int m, k;

	if (c == NULL)
		return;
	for (m = 0; m < CLI_MODE_COUNT; m++) {
		for (i = 0; i < c->modes[m].n; i++) {
			struct cli_row *r = c->modes[m].v[i];

			for (k = 0; k < r->nnodes; k++) {
				free(r->nodes[k].text);
				free(r->nodes[k].label);
			}
			free(r);
		}
		free(c->modes[m].v);
	}
	free(c->types);
	free(c->privset);
	free(c);
}

static void
push_row(struct cli *c, enum cli_mode m, struct cli_row *r)
{
	cli_grow(&c->modes[m].v, c->modes[m].n, &c->modes[m].cap,
	    sizeof(*c->modes[m].v));
	c->modes[m].v[c->modes[m].n++] = r;
	if (r->hasno)
		c->modes[m].anyno = true;
}

void
cli_register(struct cli *c, const struct cli_cmd *rows, size_t n, void *module)
{
	struct cli_row *r;
	char err[160];
	size_t i;

	for (i = 0; i < n; i++) {
		if ((unsigned)rows[i].mode >= CLI_MODE_COUNT)
			fatalx("cli: row \"%s\": bad mode", rows[i].syntax);
		if ((r = calloc(1, sizeof(*r))) == NULL)
			fatal("calloc");
		if (cli_grammar_compile(c, &rows[i], r, err, sizeof(err)) != 0)
			fatalx("cli: row \"%s\": %s",
			    rows[i].syntax ? rows[i].syntax : "(null)", err);
		r->module = module;
		r->seq = c->seqno++;
		push_row(c, rows[i].mode, r);
	}
	c->privdirty = true;
}

void
cli_rows_of(struct cli *c, enum cli_mode m, struct cli_rowset *set)
{
	set->rows = c->modes[m].v;
	set->n = c->modes[m].n;
	set->anyno = c->modes[m].anyno;
}

void
cli_rowset_get(struct cli *c, enum cli_mode m, int priv, struct cli_rowset *set)
{
	struct cli_row **nv;
	size_t i, j, a, b;

	if (m > CLI_MODE_PRIV) {
		cli_rows_of(c, m, set);
		return;
	}
	if (priv < 15) {
		cli_rows_of(c, CLI_MODE_EXEC, set);
		return;
	}
	if (c->privdirty) {
		/* merge by registration order */
		struct cli_row **ev = c->modes[CLI_MODE_EXEC].v;
		struct cli_row **pv = c->modes[CLI_MODE_PRIV].v;

		a = c->modes[CLI_MODE_EXEC].n;
		b = c->modes[CLI_MODE_PRIV].n;
		if ((nv = realloc(c->privset, (a + b + 1) * sizeof(*nv))) ==
		    NULL)
			fatal("realloc");
		c->privset = nv;
		c->nprivset = 0;
		for (i = 0, j = 0; i < a || j < b;) {
			if (j >= b || (i < a && ev[i]->seq < pv[j]->seq))
				c->privset[c->nprivset++] = ev[i++];
			else
				c->privset[c->nprivset++] = pv[j++];
		}
		c->privdirty = false;
	}
	set->rows = c->privset;
	set->n = c->nprivset;
	set->anyno = false;
}

const char *
cli_node_display(const struct cli_node *n, char *tmp, size_t len)
{
	switch (n->kind) {
	case TK_KW:
		return n->text;
	case TK_WORD:
		return "WORD";
	case TK_RANGE:
		snprintf(tmp, len, "<%lld-%lld>", n->lo, n->hi);
		return tmp;
	case TK_IPV4:
		return "A.B.C.D";
	case TK_IPV6:
		return "X:X:X:X::X";
	case TK_IPV6PFX:
		return "X:X:X:X::X/<0-128>";
	case TK_LINE:
		return "LINE";
	case TK_TYPE:
		return n->type->name;
	}
	return "?";
}

static const char *const prompts[CLI_MODE_COUNT] = {
	[CLI_MODE_EXEC] = ">",
	[CLI_MODE_PRIV] = "#",
	[CLI_MODE_CONFIG] = "(config)#",
	[CLI_MODE_IF] = "(config-if)#",
	[CLI_MODE_CMAP] = "(config-cmap)#",
	[CLI_MODE_PMAP] = "(config-pmap)#",
	[CLI_MODE_PMAPC] = "(config-pmap-c)#",
	[CLI_MODE_ZONE] = "(config-sec-zone)#",
	[CLI_MODE_ZPAIR] = "(config-sec-zone-pair)#",
	[CLI_MODE_PROFILE] = "(config-profile)#",
	[CLI_MODE_EXT_NACL] = "(config-ext-nacl)#",
	[CLI_MODE_STD_NACL] = "(config-std-nacl)#",
	[CLI_MODE_IPV6_NACL] = "(config-ipv6-acl)#",
	[CLI_MODE_LINE] = "(config-line)#",
	[CLI_MODE_SIP_CMAP] = "(config-cmap)#",
	[CLI_MODE_SIP_PMAP] = "(config-pmap)#",
	[CLI_MODE_SIP_PMAPC] = "(config-pmap-c)#",
	[CLI_MODE_REGEX] = "(config-profile)#",
	[CLI_MODE_SSH_PK] = "(conf-ssh-pubkey)#",
	[CLI_MODE_SSH_PKUSER] = "(conf-ssh-pubkey-user)#",
	[CLI_MODE_SSH_PKDATA] = "(conf-ssh-pubkey-data)#",
};

const char *
cli_mode_prompt(enum cli_mode m)
{
	if ((unsigned)m >= CLI_MODE_COUNT)
		return "#";
	return prompts[m];
}

enum cli_mode
cli_mode_parent(enum cli_mode m)
{
	switch (m) {
	case CLI_MODE_EXEC:
	case CLI_MODE_PRIV:
		return CLI_MODE_EXEC;
	case CLI_MODE_CONFIG:
		return CLI_MODE_PRIV;
	case CLI_MODE_PMAPC:
		return CLI_MODE_PMAP;
	case CLI_MODE_SIP_PMAPC:
		return CLI_MODE_SIP_PMAP;
	case CLI_MODE_SSH_PKUSER:
		return CLI_MODE_SSH_PK;
	case CLI_MODE_SSH_PKDATA:
		return CLI_MODE_SSH_PKUSER;
	default:
		return CLI_MODE_CONFIG;
	}
}
