/*
 * Terminal lines: `line con 0`, `line vty A [B]` and their (config-line)
 * commands (login, password, transport input, exec-timeout, privilege
 * level), `login block-for`, and the line password check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mgmt/mgmt.h"
#include "mgmt/mgmt_int.h"

void
mgmt_line_defaults(struct mgmt_line *l, bool vty)
{
	free(l->password);
	memset(l, 0, sizeof(*l));
	l->login = vty ? MGMT_LOGIN_LINE : MGMT_LOGIN_NONE;
	l->pw_type = -1;
	l->transport = MGMT_TR_ALL;
	l->exec_min = 10;
	l->exec_sec = 0;
	l->privilege = 1;
}

/* line con 0 / line vty A [B] */

static int
cmd_line_vty(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = mgmt_of(cx);
	long long first = cli_num(a, "FIRST", -1), last;
	char range[48];
	long long i;

	if (first < 0)
		return cli_error(cx, "Incomplete command.");
	last = cli_num(a, "LAST", first);
	if (last < first)
		return cli_error(cx, "Invalid line range: %lld %lld", first,
		    last);
	if (cli_no(a)) {
		/* Lines 0-4 always exist, as on IOS. */
		for (i = first; i <= last; i++)
			if (i >= MGMT_VTY_DEFAULT) {
				mgmt_line_defaults(&m->vty[i], true);
				m->vty[i].exists = false;
			}
		return CLI_OK;
	}
	snprintf(range, sizeof(range), "%lld %lld", first, last);
	if (cli_enter(cx, CLI_MODE_LINE, "vty", range) != CLI_OK)
		return CLI_ERR;
	for (i = first; i <= last; i++)
		m->vty[i].exists = true;
	return CLI_OK;
}

static int
cmd_line_con(struct cli_ctx *cx, const struct cli_args *a)
{
	if (cli_no(a))
		return cli_error(cx, "The console line cannot be removed");
	return cli_enter(cx, CLI_MODE_LINE, "con", "0 0");
}

/* The lines the (config-line) mode edits: *n lines from *l. */
static int
line_sel(struct cli_ctx *cx, struct mgmt_line **l, unsigned *n)
{
	struct mgmt_cfg *m = mgmt_of(cx);
	const char *kind = cli_obj(cx, 0), *range = cli_obj(cx, 1);
	unsigned first = 0, last = 0;

	if (kind == NULL || range == NULL ||
	    sscanf(range, "%u %u", &first, &last) != 2 || last < first ||
	    first >= MGMT_VTY_MAX)
		return cli_error(cx, "No line selected");
	if (strcmp(kind, "con") == 0) {
		*l = &m->con;
		*n = 1;
		return CLI_OK;
	}
	if (last >= MGMT_VTY_MAX)
		last = MGMT_VTY_MAX - 1;
	*l = &m->vty[first];
	*n = last - first + 1;
	return CLI_OK;
}

/* Apply fn to every line the (config-line) mode edits. */
static int
each_line(struct cli_ctx *cx, void (*fn)(struct mgmt_line *, const void *),
    const void *arg)
{
	struct mgmt_line *l;
	unsigned n, i;

	if (line_sel(cx, &l, &n) != CLI_OK)
		return CLI_ERR;
	for (i = 0; i < n; i++)
		fn(&l[i], arg);
	return CLI_OK;
}

static void
do_login(struct mgmt_line *l, const void *arg)
{
	const struct cli_args *a = arg;

	if (cli_no(a))
		l->login = MGMT_LOGIN_NONE;
	else
		l->login = cli_has(a, "local") ? MGMT_LOGIN_LOCAL :
						 MGMT_LOGIN_LINE;
}

static int
cmd_login(struct cli_ctx *cx, const struct cli_args *a)
{
	return each_line(cx, do_login, a);
}

/* The copies are made first, so that out of memory changes no line. */
static int
cmd_line_password(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_line *l;
	char *store = NULL, **v;
	unsigned n, i;
	int type = -1, rc;

	if ((rc = line_sel(cx, &l, &n)) != CLI_OK)
		return rc;
	if (!cli_no(a) &&
	    (rc = mgmt_password_set(cx, a, cli_arg(a, "PASSWORD"), &type,
		 &store)) != CLI_OK)
		return rc;
	if ((v = calloc(n, sizeof(*v))) == NULL)
		goto nomem;
	for (i = 0; store != NULL && i < n; i++)
		if ((v[i] = strdup(store)) == NULL)
			goto nomem;
	for (i = 0; i < n; i++) {
		mgmt_pw_drop(l[i].password);
		l[i].password = v[i];
		l[i].pw_type = v[i] != NULL ? type : -1;
	}
	free(v);
	mgmt_pw_drop(store);
	return CLI_OK;
nomem:
	for (i = 0; v != NULL && i < n; i++)
		mgmt_pw_drop(v[i]);
	free(v);
	mgmt_pw_drop(store);
	return cli_error(cx, "Out of memory: password not changed");
}

static void
do_transport(struct mgmt_line *l, const void *arg)
{
	const struct cli_args *a = arg;

	if (cli_no(a) || cli_has(a, "all"))
		l->transport = MGMT_TR_ALL;
	else if (cli_has(a, "none"))
		l->transport = 0;
	else if (cli_has(a, "telnet"))
		l->transport = MGMT_TR_TELNET |
		    (cli_has(a, "ssh") ? MGMT_TR_SSH : 0);
	else if (cli_has(a, "ssh"))
		l->transport = MGMT_TR_SSH;
}

static int
cmd_transport(struct cli_ctx *cx, const struct cli_args *a)
{
	return each_line(cx, do_transport, a);
}

static void
do_exec_timeout(struct mgmt_line *l, const void *arg)
{
	const struct cli_args *a = arg;

	if (cli_no(a)) {
		l->exec_min = 10;
		l->exec_sec = 0;
		return;
	}
	l->exec_min = (unsigned)cli_num(a, "MINUTES", 10);
	l->exec_sec = (unsigned)cli_num(a, "SECONDS", 0);
}

static int
cmd_exec_timeout(struct cli_ctx *cx, const struct cli_args *a)
{
	return each_line(cx, do_exec_timeout, a);
}

static void
do_privilege(struct mgmt_line *l, const void *arg)
{
	const struct cli_args *a = arg;

	l->privilege = cli_no(a) ? 1 : (int)cli_num(a, "LEVEL", 1);
}

static int
cmd_privilege(struct cli_ctx *cx, const struct cli_args *a)
{
	return each_line(cx, do_privilege, a);
}

/* login block-for */

static int
cmd_block_for(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = mgmt_of(cx);

	if (cli_no(a)) {
		m->block_for = m->block_attempts = m->block_within = 0;
		return CLI_OK;
	}
	m->block_for = (unsigned)cli_num(a, "SECONDS", 0);
	m->block_attempts = (unsigned)cli_num(a, "TRIES", 0);
	m->block_within = (unsigned)cli_num(a, "WITHIN", 0);
	return CLI_OK;
}

bool
mgmt_line_check(const struct mgmt_line *l, const char *pw)
{
	return l->pw_type >= 0 &&
	    mgmt_password_check(l->pw_type, l->password, pw);
}

static const struct cli_cmd line_cmds[] = {
	{ CLI_MODE_CONFIG, "line vty FIRST:<0-1869> [LAST:<0-1869>]",
	    { "Configure a terminal line", "Virtual terminal",
		"First Line number", "Last Line number" },
	    cmd_line_vty, 0 },
	{ CLI_MODE_CONFIG, "line console FIRST:<0-0>",
	    { "Configure a terminal line", "Primary terminal line",
		"First Line number" },
	    cmd_line_con, 0 },
	{ CLI_MODE_LINE, "login [local]",
	    { "Enable password checking", "Local password checking" },
	    cmd_login, 0 },
	{ CLI_MODE_LINE, "password [{0|7}] PASSWORD:LINE",
	    { "Set a password", "Specifies an UNENCRYPTED password will follow",
		"Specifies a HIDDEN password will follow",
		"The UNENCRYPTED (cleartext) line password" },
	    cmd_line_password, CLI_F_SECRET },
	{ CLI_MODE_LINE, "transport input {all|none|telnet|ssh}",
	    { "Define transport protocols for line",
		"Define which protocols to use when connecting to the terminal "
		"server",
		"All protocols", "No protocols",
		"TCP/IP Telnet "
		"protocol",
		"TCP/IP SSH protocol" },
	    cmd_transport, 0 },
	{ CLI_MODE_LINE, "transport input telnet ssh",
	    { "Define transport protocols for line",
		"Define which protocols to use when connecting to the terminal "
		"server",
		"TCP/IP Telnet protocol", "TCP/IP SSH protocol" },
	    cmd_transport, 0 },
	{ CLI_MODE_LINE,
	    "exec-timeout MINUTES:<0-35791> "
	    "[SECONDS:<0-2147483>]",
	    { "Set the EXEC timeout", "Timeout in minutes",
		"Timeout in seconds" },
	    cmd_exec_timeout, 0 },
	{ CLI_MODE_LINE, "privilege level LEVEL:<0-15>",
	    { "Change privilege level for line",
		"Assign default privilege "
		"level for line",
		"Default privilege level for line" },
	    cmd_privilege, 0 },
	{ CLI_MODE_CONFIG,
	    "login block-for SECONDS:<1-65535> attempts "
	    "TRIES:<1-65535> within WITHIN:<1-65535>",
	    { "Enable secure login checking",
		"Set quiet-mode active time "
		"period",
		"Quiet-mode active time period (in seconds)",
		"Set max number of fail attempts",
		"Max number of fail attempts", "Watch period for fail attempts",
		"Watch period for fail attempts (in seconds)" },
	    cmd_block_for, 0 },
};

void
mgmt_lines_cli_init(struct cli *c, struct mgmt_cfg *m)
{
	cli_register(c, line_cmds, MGMT_NROWS(line_cmds), m);
}
