/*
 * What the router says it is: `hostname` (every prompt) and `banner motd`
 * (shown before login), whose multi-line text is the typing session's
 * pending input.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/buf.h"
#include "mgmt/mgmt.h"
#include "mgmt/mgmt_int.h"

/* hostname */

static int
cmd_hostname(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = mgmt_of(cx);
	const char *n = cli_arg(a, "NAME");
	size_t i, len;

	if (cli_no(a))
		n = "Router";
	if (n == NULL)
		return cli_error(cx, "Incomplete command.");
	len = strlen(n);
	if (len >= sizeof(m->hostname))
		return cli_error(cx,
		    "Hostname too long (maximum %zu "
		    "characters)",
		    sizeof(m->hostname) - 1);
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)n[i]) && n[i] != '-' &&
		    n[i] != '_' && n[i] != '.')
			return cli_error(cx,
			    "Hostname contains one or more "
			    "illegal characters.");
	if (!isalpha((unsigned char)n[0]))
		return cli_error(cx, "Hostname must start with a letter.");
	snprintf(m->hostname, sizeof(m->hostname), "%s", n);
	return CLI_OK;
}

/* banner motd: single line `banner motd #text#`, or multi-line until the
 * delimiter character appears again. */

/* The multi-line banner one session is typing: that session's pending
 * input owns it (two sessions may type banners at once). */
struct banner_input {
	struct mgmt_cfg *m;
	char delim;
	struct buf text;
};

static void
banner_input_free(void *arg)
{
	struct banner_input *bi = arg;

	buf_free(&bi->text);
	free(bi);
}

/* Replace the banner; -ENOMEM leaves the old one. */
static int
banner_set(struct mgmt_cfg *m, char delim, const char *text, size_t len)
{
	char *t;

	if ((t = strndup(text, len)) == NULL)
		return -ENOMEM;
	free(m->motd);
	m->motd = t;
	m->motd_delim = delim;
	return 0;
}

static int
banner_more(struct cli_session *s, const char *line, struct buf *out, void *arg)
{
	struct banner_input *bi = arg;
	struct buf *b = &bi->text;
	const char *d = strchr(line, bi->delim);
	int rc = CLI_OK;

	if (d == NULL) {
		buf_puts(b, line);
		buf_putc(b, '\n');
		cli_session_expect(s, "", true, banner_more, bi,
		    banner_input_free);
		return CLI_OK;
	}
	buf_append(b, line, (size_t)(d - line));
	/* Drop the newline before a delimiter on a line of its own. */
	if (d == line && b->len > 0 && b->p[b->len - 1] == '\n')
		b->len--;
	if (banner_set(bi->m, bi->delim, b->len > 0 ? b->p : "", b->len) < 0) {
		buf_puts(out, "% Out of memory: banner not changed\n");
		rc = CLI_ERR;
	}
	banner_input_free(bi);
	return rc;
}

static int
cmd_banner(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = mgmt_of(cx);
	const char *t = cli_arg(a, "TEXT"), *end;
	struct banner_input *bi;

	if (cli_no(a)) {
		free(m->motd);
		m->motd = NULL;
		return CLI_OK;
	}
	if (t == NULL || *t == '\0')
		return cli_error(cx, "Incomplete command.");
	if ((end = strchr(t + 1, t[0])) != NULL) {
		if (banner_set(m, t[0], t + 1, (size_t)(end - (t + 1))) < 0)
			return cli_error(cx,
			    "Out of memory: banner not "
			    "changed");
		return CLI_OK;
	}
	if ((bi = calloc(1, sizeof(*bi))) == NULL)
		return cli_error(cx, "Out of memory: banner not changed");
	bi->m = m;
	bi->delim = t[0];
	buf_init(&bi->text);
	if (t[1] != '\0') {
		buf_puts(&bi->text, t + 1);
		buf_putc(&bi->text, '\n');
	}
	if (!cli_loading(cx))
		cli_printf(cx,
		    "Enter TEXT message.  End with the character "
		    "'%c'.\n",
		    t[0]);
	cli_session_expect(cli_session(cx), "", true, banner_more, bi,
	    banner_input_free);
	return CLI_OK;
}

static const struct cli_cmd hostname_cmds[] = {
	{ CLI_MODE_CONFIG, "hostname NAME",
	    { "Set system's network name", "This system's network name" },
	    cmd_hostname, 0 },
	{ CLI_MODE_CONFIG, "banner motd TEXT:LINE",
	    { "Define a login banner", "Set Message of the Day banner",
		"c banner-text c, where 'c' is a delimiting character" },
	    cmd_banner, 0 },
};

void
mgmt_hostname_cli_init(struct cli *c, struct mgmt_cfg *m)
{
	cli_register(c, hostname_cmds, MGMT_NROWS(hostname_cmds), m);
}
