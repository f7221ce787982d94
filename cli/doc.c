/*
 * doc/COMMANDS.md from the registered rows: one table per mode, rows sorted
 * by syntax (stable), the description taken from the help of the last
 * leading keyword.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"
#include "lib/log.h"

static const char *const titles[CLI_MODE_COUNT] = {
	[CLI_MODE_EXEC] = "User EXEC",
	[CLI_MODE_PRIV] = "Privileged EXEC",
	[CLI_MODE_CONFIG] = "Global configuration",
	[CLI_MODE_IF] = "Interface configuration",
	[CLI_MODE_CMAP] = "Class-map configuration",
	[CLI_MODE_PMAP] = "Policy-map configuration",
	[CLI_MODE_PMAPC] = "Policy-map class configuration",
	[CLI_MODE_ZONE] = "Security zone configuration",
	[CLI_MODE_ZPAIR] = "Zone-pair configuration",
	[CLI_MODE_PROFILE] = "Parameter-map configuration",
	[CLI_MODE_EXT_NACL] = "Extended IP access-list configuration",
	[CLI_MODE_STD_NACL] = "Standard IP access-list configuration",
	[CLI_MODE_IPV6_NACL] = "IPv6 access-list configuration",
	[CLI_MODE_LINE] = "Line configuration",
	[CLI_MODE_SIP_CMAP] =
	    "SIP class-map configuration (class-map type inspect sip)",
	[CLI_MODE_SIP_PMAP] =
	    "SIP policy-map configuration (policy-map type inspect sip)",
	[CLI_MODE_SIP_PMAPC] = "SIP policy-map class configuration",
	[CLI_MODE_REGEX] =
	    "Regular expression parameter-map configuration (parameter-map type regex)",
	[CLI_MODE_SSH_PK] = "SSH public key chain configuration",
	[CLI_MODE_SSH_PKUSER] = "SSH public key chain user configuration",
	[CLI_MODE_SSH_PKDATA] = "SSH public key data (key-string)",
};

static int
row_cmp(const void *a, const void *b)
{
	const struct cli_row *ra = *(const struct cli_row *const *)a;
	const struct cli_row *rb = *(const struct cli_row *const *)b;
	int c = strcmp(ra->cmd->syntax, rb->cmd->syntax);

	if (c != 0)
		return c;
	return ra->seq < rb->seq ? -1 : ra->seq > rb->seq;
}

static void
cell(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			buf_putc(out, '\\');
		buf_putc(out, *s);
	}
}

/* The NAME:@type words: a number range and/or keywords. */
static void
doc_types(const struct cli *c, struct buf *out)
{
	const struct cli_type *t;
	const struct cli_type_kw *k;
	size_t i;

	if (cli_type_at(c, 0) == NULL)
		return;
	buf_puts(out, "\n## Types\n\n| Type | Words |\n|---|---|\n");
	for (i = 0; (t = cli_type_at(c, i)) != NULL; i++) {
		buf_printf(out, "| `@%s` | ", t->name);
		if (t->lo <= t->hi)
			buf_printf(out, "`<%lld-%lld>`", t->lo, t->hi);
		for (k = t->kws; k != NULL && k->kw != NULL; k++)
			buf_printf(out, "%s`%s`",
			    k == t->kws && t->lo > t->hi ? "" : ", ", k->kw);
		buf_puts(out, " |\n");
	}
}

void
cli_doc_markdown(struct cli *c, struct buf *out)
{
	struct cli_rowset set;
	struct cli_row **v;
	const struct cli_row *r;
	size_t i, n;
	int m;

	buf_puts(out,
	    "# zbfw command reference\n\n"
	    "Generated from the command tables (`zbfwd --dump-commands`); "
	    "do not edit.\n"
	    "Keywords may be abbreviated to any unique prefix.  "
	    "`WORD` is any word, `LINE` the rest of the line, `<lo-hi>` a "
	    "number.\n"
	    "Configuration commands also have a `no` form: `no` followed by "
	    "the command, where everything after its leading keywords may be "
	    "omitted.\n"
	    "`NAME:@type` is a word of a type listed at the end, `token...` "
	    "the token once or more, `NAME:{...}` a group whose choice the "
	    "command reads as NAME.\n");
	for (m = 0; m < CLI_MODE_COUNT; m++) {
		cli_rows_of(c, (enum cli_mode)m, &set);
		if ((v = calloc(set.n + 1, sizeof(*v))) == NULL)
			fatal("calloc");
		for (i = 0, n = 0; i < set.n; i++)
			if (!(set.rows[i]->cmd->flags & CLI_F_HIDDEN))
				v[n++] = set.rows[i];
		qsort(v, n, sizeof(*v), row_cmp);
		buf_printf(out, "\n## %s (`Router%s`)\n\n", titles[m],
		    cli_mode_prompt((enum cli_mode)m));
		if (n == 0) {
			buf_puts(out, "No commands.\n");
			free(v);
			continue;
		}
		buf_puts(out,
		    "| Command | Description | `no` form |\n"
		    "|---|---|---|\n");
		for (i = 0; i < n; i++) {
			r = v[i];
			buf_puts(out, "| `");
			cell(out, r->cmd->syntax);
			buf_puts(out, "` | ");
			cell(out,
			    r->nodes[r->nlead > 0 ? r->nlead - 1 : 0].help);
			buf_printf(out, " | %s |\n",
			    r->isno	 ? "only" :
				r->hasno ? "yes" :
					   "-");
		}
		free(v);
	}
	doc_types(c, out);
}
