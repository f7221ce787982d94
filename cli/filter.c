/*
 * Output modifiers of EXEC commands: `| include|exclude|begin|section REGEX`
 * and `| count [REGEX]`, POSIX extended regular expressions, IOS semantics.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli_int.h"
#include "lib/log.h"

static const struct {
	const char *kw;
	enum cli_fkind kind;
	const char *help;
} fkw[] = {
	{ "begin", CF_BEGIN, "Begin with the line that matches" },
	{ "count", CF_COUNT, "Count number of lines which match regexp" },
	{ "exclude", CF_EXCLUDE, "Exclude lines that match" },
	{ "include", CF_INCLUDE, "Include lines that match" },
	{ "section", CF_SECTION, "Filter a section of output" },
};
#define NFKW (sizeof(fkw) / sizeof(fkw[0]))

size_t
cli_filter_find(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len) {
		while (i < len && cli_isws(line[i]))
			i++;
		if (i < len && line[i] == '|')
			return i;
		while (i < len && !cli_isws(line[i]))
			i++;
	}
	return len;
}

/* The word after '|': [*ks, *ke); then the rest: [*rs, *re). */
static void
split(const char *line, size_t len, size_t off, size_t *ks, size_t *ke,
    size_t *rs, size_t *re)
{
	size_t i = off + 1;

	while (i < len && cli_isws(line[i]))
		i++;
	*ks = i;
	while (i < len && !cli_isws(line[i]))
		i++;
	*ke = i;
	while (i < len && cli_isws(line[i]))
		i++;
	*rs = i;
	*re = len;
	while (*re > *rs && cli_isws(line[*re - 1]))
		(*re)--;
}

/* Index of the filter keyword, -1 none, -2 ambiguous. */
static int
lookup(const char *w, size_t len)
{
	size_t i;
	int found = -1;

	for (i = 0; i < NFKW; i++) {
		if (len > strlen(fkw[i].kw) ||
		    strncasecmp(w, fkw[i].kw, len) != 0)
			continue;
		if (len == strlen(fkw[i].kw))
			return (int)i;
		found = found == -1 ? (int)i : -2;
	}
	return found;
}

enum cli_ferr
cli_filter_parse(const char *line, size_t len, size_t off, struct cli_filter *f,
    size_t *erroff, size_t *errlen)
{
	size_t ks, ke, rs, re;
	char *pat;
	int k, rc;

	memset(f, 0, sizeof(*f));
	split(line, len, off, &ks, &ke, &rs, &re);
	*erroff = ks;
	*errlen = ke - ks;
	if (ks == ke)
		return CFE_INCOMPLETE;
	if ((k = lookup(line + ks, ke - ks)) == -1)
		return CFE_INVALID;
	if (k == -2)
		return CFE_AMBIGUOUS;
	if (rs == re) {
		if (fkw[k].kind != CF_COUNT)
			return CFE_INCOMPLETE;
		f->kind = CF_COUNT;
		return CFE_OK;
	}
	if ((pat = strndup(line + rs, re - rs)) == NULL)
		fatal("strndup");
	if ((f->re = malloc(sizeof(regex_t))) == NULL)
		fatal("malloc");
	rc = regcomp(f->re, pat, REG_EXTENDED | REG_NOSUB);
	free(pat);
	if (rc != 0) {
		free(f->re);
		f->re = NULL;
		*erroff = rs;
		*errlen = re - rs;
		return CFE_INVALID;
	}
	f->has_re = true;
	f->kind = fkw[k].kind;
	return CFE_OK;
}

void
cli_filter_free(struct cli_filter *f)
{
	if (f->re != NULL) {
		regfree(f->re);
		free(f->re);
	}
	memset(f, 0, sizeof(*f));
}

static size_t
indent_of(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i;
}

void
cli_filter_apply(const struct cli_filter *f, const char *in, size_t len,
    struct buf *out)
{
	struct buf tmp;
	size_t pos = 0, e, ll, ind, sec_ind = 0;
	unsigned long count = 0;
	bool begun = false, insec = false, match, show;

	buf_init(&tmp);
	while (pos < len) {
		const char *nl = memchr(in + pos, '\n', len - pos);

		e = nl ? (size_t)(nl - in) + 1 : len;
		ll = nl ? e - pos - 1 : e - pos;
		buf_reset(&tmp);
		buf_append(&tmp, in + pos, ll);
		match = !f->has_re ||
		    regexec(f->re, tmp.p ? tmp.p : "", 0, NULL, 0) == 0;
		show = false;
		switch (f->kind) {
		case CF_INCLUDE:
			show = match;
			break;
		case CF_EXCLUDE:
			show = !match;
			break;
		case CF_BEGIN:
			if (match)
				begun = true;
			show = begun;
			break;
		case CF_SECTION:
			ind = indent_of(in + pos, ll);
			if (insec && ll > 0 && ind > sec_ind) {
				show = true;
				break;
			}
			insec = false;
			if (match) {
				show = insec = true;
				sec_ind = ind;
			}
			break;
		case CF_COUNT:
			if (match)
				count++;
			break;
		case CF_NONE:
			show = true;
			break;
		}
		if (show) {
			buf_append(out, in + pos, ll);
			buf_putc(out, '\n');
		}
		pos = e;
	}
	if (f->kind == CF_COUNT)
		buf_printf(out, "Number of lines which match regexp = %lu\n",
		    count);
	buf_free(&tmp);
}

void
cli_filter_help(const char *line, size_t len, size_t off, bool after_space,
    struct buf *out)
{
	struct cli_hlist hl = { NULL, 0, 0 };
	size_t ks, ke, rs, re, i;
	int k;

	split(line, len, off, &ks, &ke, &rs, &re);
	if (ks == ke || (!after_space && ke == len && rs == re)) {
		/* "| ?" lists the modifiers, "| in?" the completions */
		for (i = 0; i < NFKW; i++) {
			if (ke - ks > strlen(fkw[i].kw) ||
			    strncasecmp(line + ks, fkw[i].kw, ke - ks) != 0)
				continue;
			if (after_space)
				cli_hlist_add(&hl, fkw[i].kw, fkw[i].help);
			else
				buf_printf(out, "%s  ", fkw[i].kw);
		}
		if (after_space)
			cli_hlist_print(&hl, false, out);
		else
			buf_puts(out, "\n\n");
		cli_hlist_free(&hl);
		return;
	}
	k = lookup(line + ks, ke - ks);
	if (k < 0) {
		buf_puts(out,
		    k == -2 ? "% Ambiguous command\n" :
			      "% Unrecognized command\n");
		return;
	}
	if (rs == re)
		cli_hlist_add(&hl, "LINE", "Regular Expression");
	cli_hlist_print(&hl, rs != re || fkw[k].kind == CF_COUNT, out);
	cli_hlist_free(&hl);
}
