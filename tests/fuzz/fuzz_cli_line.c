/*
 * libFuzzer harness for the CLI engine: a few rows shaped like the real
 * ones, then every input line is run, asked `?` for and Tab-completed in
 * one session.  Build: see tests/fuzz/README-cli.md.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
h_enter(struct cli_ctx *cx, const struct cli_args *a)
{
	const char *n = cli_arg(a, "NAME");

	if (!cli_no(a) && n != NULL)
		cli_enter(cx, CLI_MODE_CMAP, n, cli_arg(a, "source"));
	return CLI_OK;
}

static int
h_pmap(struct cli_ctx *cx, const struct cli_args *a)
{
	if (!cli_no(a))
		cli_enter(cx, CLI_MODE_PMAP, cli_arg(a, "NAME"), NULL);
	return CLI_OK;
}

static int
h_class(struct cli_ctx *cx, const struct cli_args *a)
{
	if (!cli_no(a))
		cli_enter(cx, CLI_MODE_PMAPC, cli_obj(cx, 0),
		    cli_arg(a, "NAME"));
	return CLI_OK;
}

static int
h_print(struct cli_ctx *cx, const struct cli_args *a)
{
	const char *v = cli_arg(a, "TEXT");

	cli_printf(cx, "line one %s\n indented %lld\nlast\n", v ? v : "-",
	    cli_num(a, "N", -1));
	if (cli_has(a, "fail"))
		return cli_error(cx, "failed %s", v ? v : "");
	return CLI_OK;
}

static const struct cli_type_kw port_kws[] = {
	{ "www", 80, "w" },
	{ "ftp", 21, "f" },
	{ "ftp-data", 20, "d" },
	{ NULL, 0, NULL },
};
static const struct cli_type port_type = { "port", port_kws, 0, 65535 };

static const struct cli_cmd rows[] = {
	{ CLI_MODE_CONFIG,
	    "permit SRC:{any|host H:A.B.C.D|N:A.B.C.D W:A.B.C.D} "
	    "[OP:{eq P:@port...|range P:@port HI:@port}] [log]",
	    { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l" },
	    h_print, 0 },
	{ CLI_MODE_CONFIG, "class-map type inspect [match-any|match-all] NAME",
	    { "a", "b", "c", "d", "e", "f" }, h_enter, 0 },
	{ CLI_MODE_CONFIG,
	    "zone-pair security NAME [source {S|self|default} "
	    "destination {D|self|default}]",
	    { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k" }, h_enter,
	    0 },
	{ CLI_MODE_CONFIG, "policy-map type inspect NAME",
	    { "a", "b", "c", "d" }, h_pmap, 0 },
	{ CLI_MODE_CONFIG, "ip route A:A.B.C.D M:A.B.C.D [N:<1-255>]",
	    { "a", "b", "c", "d", "e" }, h_print, CLI_F_NONO },
	{ CLI_MODE_CONFIG, "ipv6 route P:X:X:X:X::X/<0-128> V:X:X:X:X::X",
	    { "a", "b", "c", "d" }, h_print, 0 },
	{ CLI_MODE_CONFIG, "enable secret [N:<0-9>] TEXT",
	    { "a", "b", "c", "d" }, h_print, CLI_F_SECRET },
	{ CLI_MODE_CMAP, "match access-group {N:<1-199>|name TEXT}",
	    { "a", "b", "c", "d", "e" }, h_print, 0 },
	{ CLI_MODE_CMAP, "description TEXT:LINE", { "a", "b" }, h_print, 0 },
	{ CLI_MODE_CMAP, "no fail", { "a", "b" }, h_print, 0 },
	{ CLI_MODE_PMAP, "class type inspect NAME", { "a", "b", "c", "d" },
	    h_class, 0 },
	{ CLI_MODE_PMAPC, "drop [log]", { "a", "b" }, h_print, 0 },
	{ CLI_MODE_EXEC, "show thing [N:<0-10>] [fail]", { "a", "b", "c", "d" },
	    h_print, 0 },
	{ CLI_MODE_PRIV, "show secret TEXT:LINE", { "a", "b", "c" }, h_print,
	    CLI_F_HIDDEN },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cli *reg;
	struct cli_session *s;
	struct buf out, lo;
	size_t i, start;
	char *line;

	if (reg == NULL) {
		if ((reg = cli_new()) == NULL)
			return 0;
		cli_builtin_init(reg);
		cli_type_register(reg, &port_type);
		cli_register(reg, rows, sizeof(rows) / sizeof(rows[0]), NULL);
	}
	if ((s = cli_session_new(reg,
		 size > 0 && data[0] & 1 ? CLI_ORIGIN_FILE : CLI_ORIGIN_VTY,
		 NULL, NULL)) == NULL)
		return 0;
	cli_session_set_priv(s, size > 0 && data[0] & 2 ? 1 : 15);
	if (size > 0 && data[0] & 4)
		cli_session_set_source(s, "fuzz.cfg", 1);
	buf_init(&out);
	buf_init(&lo);
	for (start = 0, i = 0; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		if ((line = strndup((const char *)data + start, i - start)) ==
		    NULL)
			break;
		start = i + 1;
		buf_reset(&out);
		cli_session_help(s, line, &out);
		buf_reset(&lo);
		cli_session_complete(s, line, &lo, &out);
		buf_reset(&out);
		if (cli_session_line(s, line, &out) == CLI_CLOSE)
			cli_session_set_priv(s, 15);
		cli_session_prompt(s, &out);
		cli_session_take_async(s, &out);
		free(line);
	}
	buf_free(&out);
	buf_free(&lo);
	cli_session_free(s);
	return 0;
}
