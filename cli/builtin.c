/*
 * Built-in rows: configure terminal, exit, logout, end, do, terminal ..., show
 * history, show terminal.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli_int.h"

#define TERM_HELP "Set terminal line parameters"
#define SHOW_HELP "Show running system information"

static int
cmd_configure(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_puts(cx,
	    "Enter configuration commands, one per line.  "
	    "End with CNTL/Z.\n");
	cli_enter(cx, CLI_MODE_CONFIG, NULL, NULL);
	return CLI_OK;
}

static int
cmd_exit_exec(struct cli_ctx *cx, const struct cli_args *a)
{
	return CLI_CLOSE;
}

static int
cmd_exit(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_session_set_mode(cli_session(cx), cli_mode_parent(cli_mode(cx)));
	return CLI_OK;
}

static int
cmd_end(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_session_set_mode(cli_session(cx), CLI_MODE_PRIV);
	return CLI_OK;
}

static int
cmd_do(struct cli_ctx *cx, const struct cli_args *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->v[i].ph != NULL && strcmp(a->v[i].ph, "COMMAND") == 0)
			return cli_exec_sub(cli_session(cx), a->v[i].val,
			    a->v[i].off, cli_ctx_out(cx));
	return CLI_ERR;
}

static int
cmd_term_length(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_session_set_length(cli_session(cx),
	    (unsigned)cli_num(a, "LINES", 24));
	return CLI_OK;
}

static int
cmd_term_width(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_session_set_width(cli_session(cx),
	    (unsigned)cli_num(a, "COLUMNS", 80));
	return CLI_OK;
}

static int
cmd_term_monitor(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_session_set_monitor(cli_session(cx), !cli_has(a, "no"));
	return CLI_OK;
}

static int
cmd_term_history(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_session_set_history_size(cli_session(cx),
	    (unsigned)cli_num(a, "SIZE", 10));
	return CLI_OK;
}

static void
hist_line(const char *line, void *arg)
{
	cli_printf(arg, "  %s\n", line);
}

static int
cmd_show_history(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_session_history_walk(cli_session(cx), hist_line, cx);
	return CLI_OK;
}

static int
cmd_show_terminal(struct cli_ctx *cx, const struct cli_args *a)
{
	struct cli_session *s = cli_session(cx);
	static const char *const origin[] = { "console", "vty", "file" };

	cli_printf(cx, "Line 0, Location: \"\", Type: \"%s\"\n",
	    origin[cli_session_origin(s)]);
	cli_printf(cx, "Length: %u lines, Width: %u columns\n",
	    cli_session_length(s), cli_session_width(s));
	cli_printf(cx, "Capabilities: %s\n",
	    cli_session_monitor(s) ? "Receives Logging Output" : "none");
	if (cli_session_history_size(s) > 0)
		cli_printf(cx, "History is enabled, history size is %u.\n",
		    cli_session_history_size(s));
	else
		cli_puts(cx, "History is disabled.\n");
	return CLI_OK;
}

static const struct cli_cmd exec_rows[] = {
	{ CLI_MODE_PRIV, "configure terminal",
	    { "Enter configuration mode", "Configure from the terminal" },
	    cmd_configure, CLI_F_NOCOMMIT },
	{ CLI_MODE_EXEC, "exit", { "Exit from the EXEC" }, cmd_exit_exec,
	    CLI_F_NOCOMMIT },
	{ CLI_MODE_EXEC, "logout", { "Exit from the EXEC" }, cmd_exit_exec,
	    CLI_F_NOCOMMIT },
	{ CLI_MODE_EXEC, "terminal length LINES:<0-512>",
	    { TERM_HELP, "Set number of lines on a screen",
		"Number of lines on screen (0 for no pausing)" },
	    cmd_term_length, 0 },
	{ CLI_MODE_EXEC, "terminal width COLUMNS:<0-512>",
	    { TERM_HELP, "Set width of the display terminal",
		"Number of characters on a screen line" },
	    cmd_term_width, 0 },
	{ CLI_MODE_EXEC, "terminal monitor",
	    { TERM_HELP, "Copy debug output to the current terminal line" },
	    cmd_term_monitor, 0 },
	{ CLI_MODE_EXEC, "terminal no monitor",
	    { TERM_HELP, "Negate a command or set its defaults",
		"Copy debug output to the current terminal line" },
	    cmd_term_monitor, 0 },
	{ CLI_MODE_EXEC, "terminal history size SIZE:<0-256>",
	    { TERM_HELP, "Enable and control the command history function",
		"Set history buffer size", "Size of history buffer" },
	    cmd_term_history, 0 },
	{ CLI_MODE_EXEC, "show history",
	    { SHOW_HELP, "Display the session command history" },
	    cmd_show_history, 0 },
	{ CLI_MODE_EXEC, "show terminal",
	    { SHOW_HELP, "Display terminal configuration parameters" },
	    cmd_show_terminal, 0 },
};

static const char *const exit_help[CLI_MODE_COUNT] = {
	[CLI_MODE_CONFIG] = "Exit from configure mode",
	[CLI_MODE_IF] = "Exit from interface configuration mode",
	[CLI_MODE_CMAP] = "Exit from class-map configuration mode",
	[CLI_MODE_PMAP] = "Exit from policy-map configuration mode",
	[CLI_MODE_PMAPC] = "Exit from class action configuration mode",
	[CLI_MODE_ZONE] = "Exit from zone configuration mode",
	[CLI_MODE_ZPAIR] = "Exit from zone-pair configuration mode",
	[CLI_MODE_PROFILE] = "Exit from parameter-map configuration mode",
	[CLI_MODE_EXT_NACL] = "Exit from access-list configuration mode",
	[CLI_MODE_STD_NACL] = "Exit from access-list configuration mode",
	[CLI_MODE_IPV6_NACL] = "Exit from access-list configuration mode",
	[CLI_MODE_LINE] = "Exit from line configuration mode",
	[CLI_MODE_SIP_CMAP] = "Exit from class-map configuration mode",
	[CLI_MODE_SIP_PMAP] = "Exit from policy-map configuration mode",
	[CLI_MODE_SIP_PMAPC] = "Exit from class action configuration mode",
	[CLI_MODE_REGEX] = "Exit from parameter-map configuration mode",
	[CLI_MODE_SSH_PK] = "Exit from public-key configuration mode",
	[CLI_MODE_SSH_PKUSER] = "Exit from public-key configuration mode",
	[CLI_MODE_SSH_PKDATA] = "Exit from public-key data mode",
};

#define NCFG (CLI_MODE_COUNT - CLI_MODE_CONFIG)
static struct cli_cmd cfg_rows[NCFG * 3];

/* The per-mode rows: built once (constant afterwards), registered in every
 * registry. */
static size_t
cfg_rows_build(void)
{
	static size_t n;
	struct cli_cmd *r = cfg_rows;
	int m;

	if (n > 0)
		return n;
	for (m = CLI_MODE_CONFIG; m < CLI_MODE_COUNT; m++) {
		r->mode = (enum cli_mode)m;
		r->syntax = "do COMMAND:LINE";
		r->help[0] = "To run exec commands in config mode";
		r->help[1] = "Exec Command";
		r->fn = cmd_do;
		r->flags = CLI_F_NONO | CLI_F_NOCOMMIT | CLI_F_DO;
		r++;
		r->mode = (enum cli_mode)m;
		r->syntax = "end";
		r->help[0] = "Exit from configure mode";
		r->fn = cmd_end;
		r->flags = CLI_F_NONO | CLI_F_NOCOMMIT;
		r++;
		r->mode = (enum cli_mode)m;
		r->syntax = "exit";
		r->help[0] = exit_help[m];
		r->fn = cmd_exit;
		r->flags = CLI_F_NONO | CLI_F_NOCOMMIT;
		r++;
	}
	n = (size_t)(r - cfg_rows);
	return n;
}

void
cli_builtin_init(struct cli *c)
{
	cli_register(c, exec_rows, sizeof(exec_rows) / sizeof(exec_rows[0]),
	    NULL);
	cli_register(c, cfg_rows, cfg_rows_build(), NULL);
}
