/*
 * CLI engine: tokenizer, matcher (prefixes, ambiguity, precedence), IOS
 * error formats byte for byte, `?` help, Tab, `no` forms, mode fallback,
 * do/exit/end, output filters, pending input, history, file errors.
 * Rows are registered here, shaped like the zones module's.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "lib/buf.h"
#include "lib/log.h"

static char last[8192]; /* what the last handler saw */

/* The session's owner, as the daemon is one: counts what the engine tells
 * it, and fails on request to show how the engine reports it. */
struct owner {
	int changes, syncs;
	int fail_change, fail_sync; /* -errno to return */
	void *module;		    /* of the last change */
	char hostname[64];	    /* "": the default */
};
static struct owner own;
static int module_ctx;	     /* the rows' context (cli_register) */
static void *handler_module; /* what the last handler got back */

static int
own_after_config(void *o, struct cli_session *cs, void *module, struct buf *err)
{
	struct owner *w = o;

	w->changes++;
	w->module = module;
	if (w->fail_change < 0) {
		buf_puts(err, "change refused by the owner");
		return w->fail_change;
	}
	return 1;
}

static int
own_sync(void *o, struct cli_session *cs, struct buf *err)
{
	struct owner *w = o;

	w->syncs++;
	if (w->fail_sync < 0)
		return w->fail_sync; /* no message: the engine says why */
	return 0;
}

static const char *
own_hostname(void *o)
{
	return ((struct owner *)o)->hostname;
}

static const struct cli_hooks own_hooks = { own_after_config, own_sync,
	own_hostname };

/* Record syntax, no-flag and every argument as "syntax|no|k=v,...". */
static void
record(struct cli_ctx *cx, const struct cli_args *a)
{
	size_t i, n;

	n = (size_t)snprintf(last, sizeof(last), "%s", cli_no(a) ? "no" : "");
	for (i = 0; i < a->n && n < sizeof(last); i++)
		n += (size_t)snprintf(last + n, sizeof(last) - n, " %s=%s",
		    a->v[i].ph ? a->v[i].ph : a->v[i].kw, a->v[i].val);
	handler_module = cli_module(cx);
}

static int
h_rec(struct cli_ctx *cx, const struct cli_args *a)
{
	record(cx, a);
	return CLI_OK;
}

static int
h_cmap(struct cli_ctx *cx, const struct cli_args *a)
{
	record(cx, a);
	if (!cli_no(a))
		cli_enter(cx, CLI_MODE_CMAP, cli_arg(a, "NAME"), NULL);
	return CLI_OK;
}

static int
h_pmap(struct cli_ctx *cx, const struct cli_args *a)
{
	record(cx, a);
	if (!cli_no(a))
		cli_enter(cx, CLI_MODE_PMAP, cli_arg(a, "NAME"), NULL);
	return CLI_OK;
}

static int
h_pclass(struct cli_ctx *cx, const struct cli_args *a)
{
	const char *c = cli_has(a, "class-default") ? "class-default" :
						      cli_arg(a, "NAME");

	record(cx, a);
	if (!cli_no(a))
		cli_enter(cx, CLI_MODE_PMAPC, cli_obj(cx, 0), c);
	return CLI_OK;
}

static int
h_zone(struct cli_ctx *cx, const struct cli_args *a)
{
	record(cx, a);
	if (!cli_no(a))
		cli_enter(cx, CLI_MODE_ZONE, cli_arg(a, "NAME"), NULL);
	return CLI_OK;
}

static int
h_zpair(struct cli_ctx *cx, const struct cli_args *a)
{
	record(cx, a);
	if (!cli_no(a))
		cli_enter(cx, CLI_MODE_ZPAIR, cli_arg(a, "NAME"), NULL);
	return CLI_OK;
}

static int
h_if(struct cli_ctx *cx, const struct cli_args *a)
{
	record(cx, a);
	cli_enter(cx, CLI_MODE_IF, cli_arg(a, "NAME"), NULL);
	return CLI_OK;
}

static int
h_fail(struct cli_ctx *cx, const struct cli_args *a)
{
	record(cx, a);
	return cli_error(cx, "Zone %s does not exist", cli_arg(a, "NAME"));
}

static int
h_hostname(struct cli_ctx *cx, const struct cli_args *a)
{
	snprintf(own.hostname, sizeof(own.hostname), "%s", cli_arg(a, "NAME"));
	return CLI_OK;
}

static int
h_showzone(struct cli_ctx *cx, const struct cli_args *a)
{
	record(cx, a);
	cli_printf(cx, "zone self\n  Description: System defined zone\n");
	cli_printf(cx, "zone in\n  Member Interfaces:\n    eth1\n");
	cli_printf(cx, "zone out\n  Member Interfaces:\n    eth0\n");
	return CLI_OK;
}

static int
h_showrun(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_puts(cx,
	    "Building configuration...\n\n"
	    "hostname R1\n"
	    "class-map type inspect match-any C1\n"
	    " match protocol sip\n"
	    " match protocol udp\n"
	    "policy-map type inspect P1\n"
	    " class type inspect C1\n"
	    "  inspect\n"
	    " class class-default\n"
	    "  drop\n"
	    "zone security in\n"
	    "end\n");
	return CLI_OK;
}

static int
h_log(struct cli_ctx *cx, const struct cli_args *a)
{
	log_fw(6, "TEST", "hello %s", cli_arg(a, "TEXT"));
	return CLI_OK;
}

/* NAME:@type tokens, labelled groups and token... repetition. */
static const struct cli_type_kw port_kws[] = {
	{ "www", 80, "World Wide Web (HTTP, 80)" },
	{ "ftp", 21, "File Transfer Protocol (21)" },
	{ "ftp-data", 20, "FTP data connections (20)" },
	{ NULL, 0, NULL },
};
static const struct cli_type port_type = { "port", port_kws, 0, 65535 };

static int
h_ports(struct cli_ctx *cx, const struct cli_args *a)
{
	size_t i, n;

	n = (size_t)snprintf(last, sizeof(last),
	    "op=%s p=", cli_arg(a, "OP") ? cli_arg(a, "OP") : "-");
	for (i = 0; cli_arg_nth(a, "P", i) != NULL; i++)
		n += (size_t)snprintf(last + n, sizeof(last) - n, "%s%lld",
		    i ? "," : "", cli_num_nth(a, "P", i, -1));
	snprintf(last + n, sizeof(last) - n, " hi=%lld src=%s h=%s",
	    cli_num(a, "HI", -1), cli_arg(a, "SRC") ? cli_arg(a, "SRC") : "-",
	    cli_arg(a, "H") ? cli_arg(a, "H") : "-");
	(void)cx;
	return CLI_OK;
}

static const struct cli_cmd rows[] = {
	{ CLI_MODE_CONFIG, "class-map type inspect NAME",
	    { "Configure CPL Class Map", "Configure CPL Class Map type",
		"Configure a class-map of type inspect", "class-map name" },
	    h_cmap, 0 },
	{ CLI_MODE_CONFIG, "class-map type inspect {match-any|match-all} NAME",
	    { "Configure CPL Class Map", "Configure CPL Class Map type",
		"Configure a class-map of type inspect",
		"Logical-OR all matching statements under this classmap",
		"Logical-AND all matching statements under this classmap",
		"class-map name" },
	    h_cmap, 0 },
	{ CLI_MODE_CONFIG, "policy-map type inspect NAME",
	    { "Configure Policy Map", "Configure Policy Map type",
		"Configure a policy-map of type inspect", "policy-map name" },
	    h_pmap, 0 },
	{ CLI_MODE_CONFIG, "zone security {NAME|default}",
	    { "FW with zoning", "Security zone", "Name of the zone",
		"System level default zone" },
	    h_zone, 0 },
	{ CLI_MODE_CONFIG,
	    "zone-pair security NAME [source {SRC|self|default} "
	    "destination {DST|self|default}]",
	    { "Zone pair command", "Zone pair security",
		"Name of the zone-pair", "Source zone", "Source zone name",
		"System defined self zone", "System level default zone",
		"Destination zone", "Destination zone name",
		"System defined self zone", "System level default zone" },
	    h_zpair, 0 },
	{ CLI_MODE_CONFIG, "interface NAME",
	    { "Select an interface to configure", "Interface name" }, h_if, 0 },
	{ CLI_MODE_CONFIG, "hostname NAME",
	    { "Set system's network name", "This system's network name" },
	    h_hostname, CLI_F_NONO },
	{ CLI_MODE_CONFIG, "enable secret LEVEL:<0-9> SECRET",
	    { "Modify enable password parameters",
		"Assign the privileged "
		"level secret",
		"Type of secret", "The secret" },
	    h_rec, CLI_F_SECRET },
	{ CLI_MODE_CONFIG, "logging buffered [SIZE:<4096-2147483647>]",
	    { "Modify message logging facilities",
		"Set buffered logging "
		"parameters",
		"Logging buffer size" },
	    h_rec, 0 },
	{ CLI_MODE_CONFIG, "prec {N:<1-10>|W|ten|tenth}",
	    { "Precedence test", "A number", "A word", "Keyword ten",
		"Keyword tenth" },
	    h_rec, 0 },
	{ CLI_MODE_CONFIG,
	    "addr {V4:A.B.C.D|V6:X:X:X:X::X|PFX:X:X:X:X::X/<0-128>}",
	    { "Address test", "IPv4 address", "IPv6 address", "IPv6 prefix" },
	    h_rec, 0 },
	{ CLI_MODE_CONFIG, "ip inspect log [drop-pkt|summary [FLOWS:<1-2048>]]",
	    { "Global IP configuration subcommands", "Inspect", "Logging",
		"Log dropped packets", "Log summary", "Number of flows" },
	    h_rec, 0 },
	{ CLI_MODE_CONFIG, "failing NAME", { "Always fails", "Name" }, h_fail,
	    0 },
	{ CLI_MODE_CONFIG, "secret-hidden", { "Hidden" }, h_rec, CLI_F_HIDDEN },
	{ CLI_MODE_CMAP, "match protocol PROTO",
	    { "classification criteria", "Protocol", "Protocol name" }, h_rec,
	    0 },
	{ CLI_MODE_CMAP, "match access-group {N:<1-199>|name ACL}",
	    { "classification criteria", "Access group", "Access list index",
		"Named Access List", "Access List name" },
	    h_rec, 0 },
	{ CLI_MODE_CMAP, "description TEXT:LINE",
	    { "Class-Map description",
		"Description of this class-map (up "
		"to 200 characters)" },
	    h_rec, 0 },
	{ CLI_MODE_PMAP, "class type inspect NAME",
	    { "policy criteria", "Configure Class Map type",
		"Configure a class-map of type inspect", "class-map name" },
	    h_pclass, 0 },
	{ CLI_MODE_PMAP, "class class-default",
	    { "policy criteria",
		"System default class matching otherwise "
		"unclassified packets" },
	    h_pclass, 0 },
	{ CLI_MODE_PMAPC, "inspect [PARAM]",
	    { "Context-based Access Control Engine", "Parameter map name" },
	    h_rec, 0 },
	{ CLI_MODE_PMAPC, "drop [log]",
	    { "Drop the packet", "Log the dropped packet" }, h_rec, 0 },
	{ CLI_MODE_PMAPC, "pass [log]",
	    { "Pass the packet", "Log the passed packet" }, h_rec, 0 },
	{ CLI_MODE_ZONE, "description TEXT:LINE",
	    { "Zone description", "Up to 200 characters describing this zone" },
	    h_rec, 0 },
	{ CLI_MODE_IF, "zone-member security NAME",
	    { "Apply zone name", "Security zone", "Zone name" }, h_rec, 0 },
	{ CLI_MODE_IF, "no ip redirects",
	    { "Negate a command or set its defaults",
		"Interface Internet "
		"Protocol config commands",
		"Enable sending ICMP Redirect "
		"messages" },
	    h_rec, 0 },
	{ CLI_MODE_EXEC, "show zone security [NAME]",
	    { "Show running system information", "Zone information",
		"Security zone", "Zone name" },
	    h_showzone, 0 },
	{ CLI_MODE_EXEC, "send-log TEXT", { "Log a line", "Text" }, h_log, 0 },
	{ CLI_MODE_PRIV, "show running-config",
	    { "Show running system information",
		"Current operating "
		"configuration" },
	    h_showrun, 0 },
	{ CLI_MODE_PRIV, "clear zone-pair counters",
	    { "Reset functions", "Zone-pair", "Counters" }, h_rec, 0 },
	{ CLI_MODE_PRIV, "copy running-config startup-config",
	    { "Copy from one file to another",
		"Copy from current system "
		"configuration",
		"Copy to startup configuration" },
	    h_rec, 0 },
	{ CLI_MODE_CONFIG,
	    "filter OP:{eq P:@port...|range P:@port HI:@port} "
	    "[SRC:{any|host H:A.B.C.D}]",
	    { "Filter test", "Match only packets on a given port number",
		"Port number",
		"Match only packets in the range of port numbers",
		"Port number", "Port number", "Any host", "A single host",
		"Host address" },
	    h_ports, 0 },
};

static struct cli *reg;
static struct cli_session *s;
static struct buf out;

static void
setup(void)
{
	ck_assert_ptr_nonnull(reg = cli_new());
	cli_builtin_init(reg);
	cli_type_register(reg, &port_type);
	cli_register(reg, rows, sizeof(rows) / sizeof(rows[0]), &module_ctx);
	memset(&own, 0, sizeof(own));
	own.hostname[0] = '\0';
	s = cli_session_new(reg, CLI_ORIGIN_VTY, &own_hooks, &own);
	cli_session_set_priv(s, 15);
	buf_init(&out);
	last[0] = '\0';
	handler_module = NULL;
}

static void
teardown(void)
{
	cli_session_free(s);
	cli_free(reg);
	buf_free(&out);
}

/* Run a line, return its output (valid until the next call). */
static const char *
run(const char *line, int *rc)
{
	int r;

	buf_reset(&out);
	r = cli_session_line(s, line, &out);
	if (rc)
		*rc = r;
	return out.p ? out.p : "";
}

static const char *
help(const char *partial)
{
	buf_reset(&out);
	cli_session_help(s, partial, &out);
	return out.p ? out.p : "";
}

static const char *
prompt(void)
{
	static struct buf p;

	buf_reset(&p);
	cli_session_prompt(s, &p);
	return p.p ? p.p : "";
}

static void
config(void)
{
	run("configure terminal", NULL);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_CONFIG);
}

START_TEST(t_tokenize)
{
	struct cli_word *w;
	size_t n;
	const char *l = "  zone\tsecurity   in  ";

	ck_assert_int_eq(cli_tokenize(l, strlen(l), &w, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(w[0].off, 2);
	ck_assert_uint_eq(w[0].len, 4);
	ck_assert_uint_eq(w[1].off, 7);
	ck_assert_uint_eq(w[1].len, 8);
	ck_assert_uint_eq(w[2].off, 18);
	ck_assert_uint_eq(w[2].len, 2);
	free(w);
	ck_assert_int_eq(cli_tokenize("", 0, &w, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(w);
}
END_TEST

START_TEST(t_grammar_errors)
{
	static const struct cli_cmd bad[] = {
		{ CLI_MODE_CONFIG, "foo [bar", { "a", "b" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "foo {bar|}", { "a", "b" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "foo bar", { "a" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "foo bar", { "a", "b", "c" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "foo X:LINE bar", { "a", "b", "c" }, h_rec,
		    0 },
		{ CLI_MODE_CONFIG, "foo N:<5-1>", { "a", "b" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "[foo]", { "a" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "foo [a|b}", { "a", "b", "c" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "foo a]", { "a", "b" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "Foo:bogus", { "a" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "foo P:@nosuch", { "a", "b" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "foo L:{a|b", { "a", "b", "c" }, h_rec, 0 },
		{ CLI_MODE_CONFIG, "foo L:{M:{b|c}|a}", { "a", "b", "c", "d" },
		    h_rec, 0 },
	};
	struct cli_row r;
	char err[160];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cli_grammar_compile(reg, &bad[i], &r, err,
				  sizeof(err)) != 0,
		    "row %zu compiled", i);
	ck_assert_int_eq(
	    cli_grammar_compile(reg, &rows[4], &r, err, sizeof(err)), 0);
	ck_assert_int_eq(r.nnodes, 11);
	ck_assert_int_eq(r.nlead, 2);
	ck_assert(r.nodes[2].final); /* zone-pair security NAME */
	ck_assert(!r.nodes[4].final);
	ck_assert(r.nodes[10].final);
	ck_assert_int_eq(r.nodes[5].grp_ph, 4); /* self -> SRC */
	for (i = 0; i < (size_t)r.nnodes; i++)
		free(r.nodes[i].text);
}
END_TEST

START_TEST(t_prompts)
{
	ck_assert_str_eq(prompt(), "Router#");
	cli_session_set_priv(s, 1);
	ck_assert_str_eq(prompt(), "Router>");
	cli_session_set_priv(s, 15);
	ck_assert_str_eq(prompt(), "Router#");
	ck_assert_str_eq(run("configure terminal", NULL),
	    "Enter configuration commands, one per line.  End with CNTL/Z.\n");
	ck_assert_str_eq(prompt(), "Router(config)#");
	run("class-map type inspect match-any C1", NULL);
	ck_assert_str_eq(prompt(), "Router(config-cmap)#");
	run("hostname FW-EDGE", NULL);
	ck_assert_str_eq(prompt(), "FW-EDGE(config)#");
	ck_assert_str_eq(cli_session_hostname(s), "FW-EDGE");
	ck_assert_str_eq(cli_mode_prompt(CLI_MODE_PMAPC), "(config-pmap-c)#");
	ck_assert_str_eq(cli_mode_prompt(CLI_MODE_ZPAIR),
	    "(config-sec-zone-pair)#");
	ck_assert_str_eq(cli_mode_prompt(CLI_MODE_PROFILE),
	    "(config-profile)#");
	ck_assert_str_eq(cli_mode_prompt(CLI_MODE_EXT_NACL),
	    "(config-ext-nacl)#");
	ck_assert_str_eq(cli_mode_prompt(CLI_MODE_LINE), "(config-line)#");
	ck_assert_int_eq(cli_mode_parent(CLI_MODE_PMAPC), CLI_MODE_PMAP);
	ck_assert_int_eq(cli_mode_parent(CLI_MODE_ZONE), CLI_MODE_CONFIG);
	ck_assert_int_eq(cli_mode_parent(CLI_MODE_CONFIG), CLI_MODE_PRIV);
}
END_TEST

START_TEST(t_conf_prefixes)
{
	const char *forms[] = { "conf t", "config term", "CONFIG T",
		"configure terminal", "  conf   t  " };
	size_t i;
	int rc;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		cli_session_set_mode(s, CLI_MODE_PRIV);
		run(forms[i], &rc);
		ck_assert_int_eq(rc, CLI_OK);
		ck_assert_int_eq(cli_session_mode(s), CLI_MODE_CONFIG);
	}
}
END_TEST

START_TEST(t_user_exec)
{
	int rc;

	cli_session_set_priv(s, 1);
	ck_assert_str_eq(run("show zone security", &rc),
	    "zone self\n  Description: System defined zone\n"
	    "zone in\n  Member Interfaces:\n    eth1\n"
	    "zone out\n  Member Interfaces:\n    eth0\n");
	ck_assert_int_eq(rc, CLI_OK);
	/* privileged command: caret, not a host name */
	ck_assert_str_eq(run("configure terminal", &rc),
	    "       ^\n% Invalid input detected at '^' marker.\n\n");
	ck_assert_int_eq(rc, CLI_ERR);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_EXEC);
	/* `show running-config` is PRIV only */
	ck_assert_str_eq(run("show running-config", &rc),
	    "            ^\n% Invalid input detected at '^' marker.\n\n");
}
END_TEST

START_TEST(t_exec_unknown)
{
	int rc;

	ck_assert_str_eq(run("pnig", &rc),
	    "Translating \"pnig\"\n"
	    "% Unknown command or computer name, or unable to find computer "
	    "address\n");
	ck_assert_int_eq(rc, CLI_ERR);
	cli_session_set_priv(s, 1);
	ck_assert_str_eq(run("pnig 1.2.3.4", &rc),
	    "Translating \"pnig\"\n"
	    "% Unknown command or computer name, or unable to find computer "
	    "address\n");
}
END_TEST

START_TEST(t_invalid_caret)
{
	int rc;

	config();
	/* "Router(config)#" is 15 characters, "zone-pair " 10 more */
	ck_assert_str_eq(run("zone-pair bogus", &rc),
	    "                         ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	ck_assert_int_eq(rc, CLI_ERR);
	/* leading blanks count: the caret is under the typed character */
	ck_assert_str_eq(run("   logging 0255.255.1", NULL),
	    "                          ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	/* unknown first word in config mode: caret under it */
	ck_assert_str_eq(run("bogus", NULL),
	    "               ^\n% Invalid input detected at '^' marker.\n\n");
	/* extra word after a complete command */
	ck_assert_str_eq(run("zone security in extra", NULL),
	    "                                ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
}
END_TEST

START_TEST(t_incomplete)
{
	int rc;

	config();
	ck_assert_str_eq(run("class-map type", &rc),
	    "% Incomplete command.\n\n");
	ck_assert_int_eq(rc, CLI_ERR);
	ck_assert_str_eq(run("class-map type inspect match-any", NULL),
	    "% Incomplete command.\n\n");
	ck_assert_str_eq(run("zone-pair security ZP source in", NULL),
	    "% Incomplete command.\n\n");
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_CONFIG);
}
END_TEST

START_TEST(t_ambiguous)
{
	int rc;

	config();
	ck_assert_str_eq(run("zo", &rc), "% Ambiguous command:  \"zo\"\n");
	ck_assert_int_eq(rc, CLI_ERR);
	ck_assert_str_eq(run("  class-map type inspect match-a C", NULL),
	    "% Ambiguous command:  \"class-map type inspect match-a\"\n");
	run("end", NULL);
	ck_assert_str_eq(run("show zone s", NULL),
	    "zone self\n  Description: System defined zone\n"
	    "zone in\n  Member Interfaces:\n    eth1\n"
	    "zone out\n  Member Interfaces:\n    eth0\n");
	ck_assert_str_eq(run("c", NULL), "% Ambiguous command:  \"c\"\n");
}
END_TEST

START_TEST(t_prefix_case)
{
	int rc;

	config();
	run("CLASS-MAP TY INS match-all Web", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(last,
	    " class-map=class-map type=type "
	    "inspect=inspect match-all=match-all NAME=Web");
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_CMAP);
	/* the name keeps its case */
	run("Zone Sec InSide", NULL);
	ck_assert_str_eq(last, " zone=zone security=security NAME=InSide");
}
END_TEST

START_TEST(t_precedence)
{
	config();
	run("prec ten", NULL); /* exact keyword beats prefix of tenth */
	ck_assert_str_eq(last, " prec=prec ten=ten");
	run("prec 5", NULL); /* number in range beats WORD */
	ck_assert_str_eq(last, " prec=prec N=5");
	run("prec tent", NULL); /* unique prefix beats WORD */
	ck_assert_str_eq(last, " prec=prec tenth=tenth");
	run("prec 50", NULL); /* out of range: a WORD */
	ck_assert_str_eq(last, " prec=prec W=50");
	run("prec foo", NULL);
	ck_assert_str_eq(last, " prec=prec W=foo");
	ck_assert_str_eq(run("prec te", NULL),
	    "% Ambiguous command:  \"prec te\"\n");
	/* shared prefixes across rows merge: keyword beats NAME */
	run("class-map type inspect match-any X", NULL);
	ck_assert_str_eq(last,
	    " class-map=class-map type=type "
	    "inspect=inspect match-any=match-any NAME=X");
	run("exit", NULL);
	run("class-map type inspect X", NULL);
	ck_assert_str_eq(last,
	    " class-map=class-map type=type "
	    "inspect=inspect NAME=X");
}
END_TEST

START_TEST(t_group_placeholder)
{
	struct cli_rowset set;
	struct cli_word *w;
	struct cli_match m;
	struct cli_args a;
	size_t n;
	const char *l = "zone-pair security ZP source self destination out";

	cli_rowset_get(reg, CLI_MODE_CONFIG, 15, &set);
	cli_tokenize(l, strlen(l), &w, &n);
	cli_match_init(&m);
	cli_match_run(&set, l, w, n, &m);
	ck_assert_int_eq(m.status, CM_OK);
	ck_assert_int_eq(cli_args_build(&set, &m, l, strlen(l), w, &a), 0);
	ck_assert_str_eq(cli_arg(&a, "SRC"), "self");
	ck_assert_str_eq(cli_arg(&a, "DST"), "out");
	ck_assert_str_eq(cli_arg(&a, "source"), "self");
	ck_assert_str_eq(cli_arg(&a, "destination"), "out");
	ck_assert_str_eq(cli_arg(&a, "NAME"), "ZP");
	ck_assert(cli_has(&a, "self"));
	ck_assert(!cli_has(&a, "default"));
	ck_assert(!cli_no(&a));
	ck_assert_ptr_null(cli_arg(&a, "NOPE"));
	cli_args_free(&a);
	cli_match_free(&m);
	free(w);
	config();
	run("zone security default", NULL);
	ck_assert_str_eq(last, " zone=zone security=security NAME=default");
	run("zone-pair security ZP", NULL); /* optional part left out */
	ck_assert_str_eq(last,
	    " zone-pair=zone-pair security=security "
	    "NAME=ZP");
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_ZPAIR);
}
END_TEST

START_TEST(t_ranges_addresses)
{
	int rc;

	config();
	run("logging buffered 8192", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(last, " logging=logging buffered=buffered SIZE=8192");
	run("logging buffered", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(run("logging buffered 100", &rc),
	    "                                ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	ck_assert_str_eq(run("logging buffered 99999999999999999999", NULL),
	    "                                ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	run("addr 10.1.2.3", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(last, " addr=addr V4=10.1.2.3");
	run("addr 2001:db8::1", NULL);
	ck_assert_str_eq(last, " addr=addr V6=2001:db8::1");
	run("addr 2001:db8::/32", NULL);
	ck_assert_str_eq(last, " addr=addr PFX=2001:db8::/32");
	ck_assert_str_eq(run("addr 10.1.2.300", NULL),
	    "                    ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	run("addr 2001:db8::/129", &rc);
	ck_assert_int_eq(rc, CLI_ERR);
	run("addr 2001:db8::/-1", &rc);
	ck_assert_int_eq(rc, CLI_ERR);
}
END_TEST

START_TEST(t_optional_choice)
{
	int rc;

	config();
	run("ip inspect log", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(last, " ip=ip inspect=inspect log=log");
	run("ip insp log drop", &rc);
	ck_assert_str_eq(last,
	    " ip=ip inspect=inspect log=log "
	    "drop-pkt=drop-pkt");
	run("ip insp log summary 256", &rc);
	ck_assert_str_eq(last,
	    " ip=ip inspect=inspect log=log "
	    "summary=summary FLOWS=256");
	ck_assert_int_eq(cli_num(NULL, "FLOWS", 7), 7);
	ck_assert_str_eq(help("ip inspect log "),
	    "  drop-pkt  Log dropped packets\n"
	    "  summary   Log summary\n"
	    "  <cr>      <cr>\n\n");
	ck_assert_str_eq(run("ip inspect log drop-pkt summary", NULL),
	    "                                       ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
}
END_TEST

START_TEST(t_cli_num)
{
	config();
	run("class-map type inspect C", NULL);
	run("match access-group 101", NULL);
	ck_assert_str_eq(last, " match=match access-group=access-group N=101");
	run("match access-group name ACL-1", NULL);
	ck_assert_str_eq(last,
	    " match=match access-group=access-group "
	    "name=name ACL=ACL-1");
	run("match access-group 200", NULL); /* out of range */
	ck_assert_str_eq(last,
	    " match=match access-group=access-group "
	    "name=name ACL=ACL-1");
}
END_TEST

START_TEST(t_line_token)
{
	config();
	run("zone security in", NULL);
	run("description  Inside   network  | with a pipe  ", NULL);
	ck_assert_str_eq(last,
	    " description=description "
	    "TEXT=Inside   network  | with a pipe");
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_ZONE);
}
END_TEST

START_TEST(t_no_forms)
{
	int rc;

	config();
	run("no zone security in", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(last, "no zone=zone security=security NAME=in");
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_CONFIG);
	/* everything after the leading keywords may be omitted */
	run("no zone-pair security", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(last, "no zone-pair=zone-pair security=security");
	run("no zone-pair security ZP source in", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	run("no logging buffered", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(last, "no logging=logging buffered=buffered");
	ck_assert_str_eq(run("no logging", &rc), "% Incomplete command.\n\n");
	/* NONO row has no `no` form */
	ck_assert_str_eq(run("no hostname R2", &rc),
	    "                  ^\n% Invalid input detected at '^' marker.\n\n");
	ck_assert_int_eq(rc, CLI_ERR);
	ck_assert_str_eq(run("no", NULL), "% Incomplete command.\n\n");
	/* a no-only row */
	run("interface eth0", NULL);
	run("no ip redirects", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(last, "no no=no ip=ip redirects=redirects");
	/* (config) "ip inspect" got further: caret under "redirects" */
	ck_assert_str_eq(run("ip redirects", &rc),
	    "                     ^\n% Invalid input detected at '^' marker.\n\n");
	/* EXEC rows have no automatic no form */
	run("end", NULL);
	ck_assert_str_eq(run("no show zone security", &rc),
	    "Translating \"no\"\n% Unknown command or computer name, or "
	    "unable to find computer address\n");
}
END_TEST

START_TEST(t_fallback)
{
	int rc;

	config();
	run("policy-map type inspect P1", NULL);
	run("class type inspect C1", NULL);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_PMAPC);
	ck_assert_str_eq(prompt(), "Router(config-pmap-c)#");
	/* (config-pmap-c) + class class-default: matched in (config-pmap) */
	run("class class-default", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_PMAPC);
	run("drop log", NULL);
	ck_assert_str_eq(last, " drop=drop log=log");
	/* a global command from deep inside: back to (config) */
	run("zone security out", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_ZONE);
	/* (config-cmap) + policy-map: lands in (config-pmap) */
	run("class-map type inspect C2", NULL);
	run("policy-map type inspect P2", &rc);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_PMAP);
	/* a config command of the parent that fails leaves the mode */
	run("class-map type inspect C3", NULL);
	run("hostname R9", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_CONFIG);
	own.hostname[0] = '\0';
}
END_TEST

START_TEST(t_fallback_errors)
{
	int rc;

	config();
	run("class-map type inspect C1", NULL);
	/* error reported where some mode got furthest: (config) */
	ck_assert_str_eq(run("zone-pair security ZP source", &rc),
	    "% Incomplete command.\n\n");
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_CMAP);
	/* "Router(config-cmap)#" is 20 characters */
	ck_assert_str_eq(run("zone security in bad", NULL),
	    "                                     ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	/* nothing matches anywhere: caret under the first word */
	ck_assert_str_eq(run("bogus", NULL),
	    "                    ^\n% Invalid input detected at '^' marker.\n\n");
	/* (config-cmap) rows win over (config) */
	run("match protocol sip", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_CMAP);
	/* EXEC rows are not reached from config modes */
	ck_assert_str_eq(run("show zone security", NULL),
	    "                    ^\n% Invalid input detected at '^' marker.\n\n");
}
END_TEST

START_TEST(t_objects)
{
	struct cli_rowset set;

	config();
	run("policy-map type inspect P1", NULL);
	run("class type inspect C1", NULL);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_PMAPC);
	run("exit", NULL);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_PMAP);
	run("class class-default", NULL);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_PMAPC);
	cli_rowset_get(reg, CLI_MODE_PMAPC, 15, &set);
	ck_assert(set.n > 0);
}
END_TEST

START_TEST(t_exit_end)
{
	int rc;

	config();
	run("policy-map type inspect P1", NULL);
	run("class type inspect C1", NULL);
	run("exit", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(prompt(), "Router(config-pmap)#");
	run("exit", NULL);
	ck_assert_str_eq(prompt(), "Router(config)#");
	run("exit", NULL);
	ck_assert_str_eq(prompt(), "Router#");
	config();
	run("zone security in", NULL);
	run("end", NULL);
	ck_assert_str_eq(prompt(), "Router#");
	config();
	run("interface eth0", NULL);
	run("\x1a", &rc); /* Ctrl-Z */
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(prompt(), "Router#");
	run("exit", &rc);
	ck_assert_int_eq(rc, CLI_CLOSE);
	cli_session_set_priv(s, 1);
	run("exit", &rc);
	ck_assert_int_eq(rc, CLI_CLOSE);
	run("logout", &rc);
	ck_assert_int_eq(rc, CLI_CLOSE);
	/* policy-map, class, zone, interface: not configure/exit/end */
	ck_assert_int_eq(own.changes, 4);
}
END_TEST

START_TEST(t_commit)
{
	int rc;

	config(); /* an EXEC command: the owner syncs first */
	ck_assert_int_eq(own.changes, 0);
	ck_assert_int_eq(own.syncs, 1);
	ck_assert(!cli_session_changed(s));
	run("zone security in", NULL);
	ck_assert_int_eq(own.changes, 1);
	ck_assert_ptr_eq(own.module, &module_ctx);
	ck_assert_ptr_eq(handler_module, &module_ctx);
	ck_assert(cli_session_changed(s)); /* the owner returned 1 */
	run("description x", NULL);
	ck_assert_int_eq(own.changes, 2);
	run("bogus", NULL);
	ck_assert_int_eq(own.changes, 2);
	ck_assert_int_eq(own.syncs, 1);
	run("do show zone security", NULL);
	ck_assert_int_eq(own.changes, 2);
	ck_assert_int_eq(own.syncs, 2);
	run("failing X", &rc); /* handler error: no change */
	ck_assert_int_eq(rc, CLI_ERR);
	ck_assert_int_eq(own.changes, 2);
	/* a change the owner refuses fails the line with its message */
	own.fail_change = -EPERM;
	ck_assert_str_eq(run("zone security out", &rc),
	    "% change refused by the owner\n");
	ck_assert_int_eq(rc, CLI_ERR);
	ck_assert_int_eq(own.changes, 3);
	own.fail_change = 0;
	ck_assert_str_eq(run("zone security out", &rc), "");
	ck_assert_int_eq(rc, CLI_OK);
	/* the owner applied it later and failed: told before the next output */
	cli_session_applied(s, "the policy does not compile");
	ck_assert(!cli_session_changed(s));
	ck_assert_str_eq(run("description y", &rc),
	    "% the policy does not compile\n");
	ck_assert_int_eq(rc, CLI_ERR); /* the error is the session's */
	ck_assert_str_eq(run("description z", &rc), "");
	ck_assert_int_eq(rc, CLI_OK); /* told once */
	/* leaving configuration mode syncs; a failure is the line's error */
	ck_assert_int_eq(own.syncs, 2);
	own.fail_sync = -ENOMEM;
	ck_assert_str_eq(run("end", &rc), "% Cannot allocate memory\n");
	ck_assert_int_eq(rc, CLI_ERR);
	ck_assert_int_eq(own.syncs, 3);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_PRIV);
	own.fail_sync = 0;
	run("show zone security", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_int_eq(own.syncs, 4);
	ck_assert_int_eq(own.changes, 6);
	/* navigation inside configuration mode neither changes nor syncs */
	config();
	ck_assert_int_eq(own.syncs, 5);
	run("zone security in", NULL);
	run("exit", NULL);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_CONFIG);
	ck_assert_int_eq(own.syncs, 5);
	ck_assert_int_eq(own.changes, 7);
	run("\x1a", &rc); /* Ctrl-Z leaves: sync */
	ck_assert_int_eq(own.syncs, 6);
}
END_TEST

START_TEST(t_handler_error)
{
	int rc;

	config();
	ck_assert_str_eq(run("failing dmz", &rc),
	    "% Zone dmz does not exist\n");
	ck_assert_int_eq(rc, CLI_ERR);
}
END_TEST

START_TEST(t_do)
{
	int rc;

	config();
	run("zone security in", NULL);
	ck_assert_str_eq(run("do show zone security | include ^zone", &rc),
	    "zone self\nzone in\nzone out\n");
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_ZONE);
	ck_assert_str_eq(prompt(), "Router(config-sec-zone)#");
	/* caret counts the prompt (24) and the "do show " */
	ck_assert_str_eq(run("do show bogus", &rc),
	    "                                ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	ck_assert_int_eq(rc, CLI_ERR);
	ck_assert_str_eq(run("do pnig", NULL),
	    "Translating \"pnig\"\n"
	    "% Unknown command or computer name, or unable to find computer "
	    "address\n");
	ck_assert_str_eq(run("do", NULL), "% Incomplete command.\n\n");
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_ZONE);
}
END_TEST

START_TEST(t_filters)
{
	int rc;

	ck_assert_str_eq(run("show running-config | include protocol", &rc),
	    " match protocol sip\n match protocol udp\n");
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(run("show run | i ^(hostname|end)|^zone", NULL),
	    "hostname R1\nzone security in\nend\n");
	ck_assert_str_eq(run("show run | exclude ^ |^$", NULL),
	    "Building configuration...\nhostname R1\n"
	    "class-map type inspect match-any C1\n"
	    "policy-map type inspect P1\nzone security in\nend\n");
	ck_assert_str_eq(run("show run | begin ^zone", NULL),
	    "zone security in\nend\n");
	ck_assert_str_eq(run("show run | section policy-map", NULL),
	    "policy-map type inspect P1\n class type inspect C1\n  inspect\n"
	    " class class-default\n  drop\n");
	ck_assert_str_eq(run("show run | sec class-map", NULL),
	    "class-map type inspect match-any C1\n match protocol sip\n"
	    " match protocol udp\n");
	ck_assert_str_eq(run("show run | count protocol", NULL),
	    "Number of lines which match regexp = 2\n");
	ck_assert_str_eq(run("show run |include drop", NULL), "  drop\n");
}
END_TEST

START_TEST(t_filter_errors)
{
	int rc;

	ck_assert_str_eq(run("show run | bogus x", &rc),
	    "                  ^\n% Invalid input detected at '^' marker.\n\n");
	ck_assert_int_eq(rc, CLI_ERR);
	ck_assert_str_eq(run("show run | include", NULL),
	    "% Incomplete command.\n\n");
	ck_assert_str_eq(run("show run |", NULL), "% Incomplete command.\n\n");
	ck_assert_str_eq(run("show run | include (", NULL),
	    "                          ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	/* the command is checked first */
	ck_assert_str_eq(run("show bogus | include x", NULL),
	    "            ^\n% Invalid input detected at '^' marker.\n\n");
}
END_TEST

START_TEST(t_help_next)
{
	config();
	ck_assert_str_eq(help("zone-pair security ZP "),
	    "  source  Source zone\n"
	    "  <cr>    <cr>\n\n");
	ck_assert_str_eq(help("zone-pair security ZP source "),
	    "  WORD     Source zone name\n"
	    "  default  System level default zone\n"
	    "  self     System defined self zone\n\n");
	ck_assert_str_eq(
	    help("zone-pair security ZP source in destination out "),
	    "  <cr>  <cr>\n\n");
	ck_assert_str_eq(help("class-map type inspect "),
	    "  WORD       class-map name\n"
	    "  match-all  Logical-AND all matching statements under this "
	    "classmap\n"
	    "  match-any  Logical-OR all matching statements under this "
	    "classmap\n\n");
	ck_assert_str_eq(help("logging buffered "),
	    "  <4096-2147483647>  Logging buffer size\n"
	    "  <cr>               <cr>\n\n");
	ck_assert_str_eq(help("addr "),
	    "  A.B.C.D             IPv4 address\n"
	    "  X:X:X:X::X          IPv6 address\n"
	    "  X:X:X:X::X/<0-128>  IPv6 prefix\n\n");
	/* mode unchanged by help */
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_CONFIG);
}
END_TEST

START_TEST(t_help_modes)
{
	config();
	run("class-map type inspect C", NULL);
	ck_assert_str_eq(help(""),
	    "  description  Class-Map description\n"
	    "  do           To run exec commands in config mode\n"
	    "  end          Exit from configure mode\n"
	    "  exit         Exit from class-map configuration mode\n"
	    "  match        classification criteria\n"
	    "  no           Negate a command or set its defaults\n\n");
	ck_assert_str_eq(help("no "),
	    "  description  Class-Map description\n"
	    "  match        classification criteria\n\n");
	ck_assert_str_eq(help("description "),
	    "  LINE  Description of this class-map (up to 200 characters)\n\n");
	ck_assert_str_eq(help("description hello "), "  <cr>  <cr>\n\n");
	/* words of a parent mode get the parent's help */
	ck_assert_str_eq(help("zone security "),
	    "  WORD     Name of the zone\n"
	    "  default  System level default zone\n\n");
	run("end", NULL);
	ck_assert_str_eq(help("terminal "),
	    "  history  Enable and control the command history function\n"
	    "  length   Set number of lines on a screen\n"
	    "  monitor  Copy debug output to the current terminal line\n"
	    "  no       Negate a command or set its defaults\n"
	    "  width    Set width of the display terminal\n\n");
	ck_assert_str_eq(help("show zone security "),
	    "  WORD  Zone name\n"
	    "  |     Output modifiers\n"
	    "  <cr>  <cr>\n\n");
}
END_TEST

START_TEST(t_help_hidden_and_priv)
{
	const char *h;

	config();
	h = help("");
	ck_assert_ptr_null(strstr(h, "secret-hidden"));
	ck_assert_ptr_nonnull(strstr(h, "  zone-pair "));
	run("end", NULL);
	cli_session_set_priv(s, 1);
	h = help("");
	ck_assert_ptr_null(strstr(h, "configure"));
	ck_assert_ptr_nonnull(strstr(h, "  show "));
	ck_assert_str_eq(help("sh "),
	    "  history   Display the session command history\n"
	    "  terminal  Display terminal configuration parameters\n"
	    "  zone      Zone information\n\n");
}
END_TEST

START_TEST(t_help_letters)
{
	run("end", NULL);
	ck_assert_str_eq(help("co"), "configure  copy  \n\n");
	ck_assert_str_eq(help("show r"), "running-config  \n\n");
	ck_assert_str_eq(help("CON"), "configure  \n\n");
	config();
	ck_assert_str_eq(help("zo"), "zone  zone-pair  \n\n");
	ck_assert_str_eq(help("zone security d"), "default  \n\n");
	ck_assert_str_eq(help("zone security x"), "WORD  \n\n");
}
END_TEST

START_TEST(t_help_errors)
{
	ck_assert_str_eq(help("bogus "), "% Unrecognized command\n");
	ck_assert_str_eq(help("show bogus "),
	    "            ^\n% Invalid input detected at '^' marker.\n\n");
	ck_assert_str_eq(help("c "), "% Ambiguous command:  \"c\"\n");
	ck_assert_str_eq(help("xyz"), "% Unrecognized command\n");
}
END_TEST

START_TEST(t_help_do_and_pipe)
{
	config();
	ck_assert_str_eq(help("do "), "  LINE  Exec Command\n\n");
	ck_assert_str_eq(help("do show r"), "running-config  \n\n");
	ck_assert_str_eq(help("do show zone "),
	    "  security  Security zone\n\n");
	run("end", NULL);
	ck_assert_str_eq(help("show run | "),
	    "  begin    Begin with the line that matches\n"
	    "  count    Count number of lines which match regexp\n"
	    "  exclude  Exclude lines that match\n"
	    "  include  Include lines that match\n"
	    "  section  Filter a section of output\n\n");
	ck_assert_str_eq(help("show run | include "),
	    "  LINE  Regular Expression\n\n");
	ck_assert_str_eq(help("show run | e"), "exclude  \n\n");
}
END_TEST

static const char *
tab(const char *partial, const char **list, bool *changed)
{
	static struct buf lo, ls;

	buf_reset(&lo);
	buf_reset(&ls);
	*changed = cli_session_complete(s, partial, &lo, &ls);
	*list = ls.p ? ls.p : "";
	return lo.p ? lo.p : "";
}

START_TEST(t_tab)
{
	const char *l;
	bool ch;

	ck_assert_str_eq(tab("conf", &l, &ch), "configure ");
	ck_assert(ch);
	ck_assert_str_eq(l, "");
	ck_assert_str_eq(tab("configure t", &l, &ch), "configure terminal ");
	ck_assert_str_eq(tab("  sh zo", &l, &ch), "  sh zone ");
	ck_assert_str_eq(tab("show run | inc", &l, &ch), "show run | include ");
	ck_assert(ch);
	/* ambiguous: list, keep the line */
	ck_assert_str_eq(tab("co", &l, &ch), "co");
	ck_assert(!ch);
	ck_assert_str_eq(l, "configure  copy  \n\n");
	/* ambiguous with a longer common prefix: extend */
	config();
	ck_assert_str_eq(tab("z", &l, &ch), "zone");
	ck_assert(ch);
	ck_assert_str_eq(tab("zone", &l, &ch), "zone ");
	ck_assert_str_eq(tab("zone security x", &l, &ch), "zone security x");
	ck_assert(!ch);
	ck_assert_str_eq(tab("zone ", &l, &ch), "zone ");
	ck_assert(!ch);
	ck_assert_str_eq(tab("bogus", &l, &ch), "bogus");
	ck_assert(!ch);
	ck_assert_str_eq(tab("do sh", &l, &ch), "do show ");
}
END_TEST

START_TEST(t_typed_tokens)
{
	const char *l;
	bool ch;
	int rc;

	config();
	/* keyword values, exact beating a longer prefix, numbers, repeats */
	run("filter eq www 21 ftp-d ww ftp", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(last, "op=eq p=80,21,20,80,21 hi=-1 src=- h=-");
	run("filter range 10 ftp host 192.0.2.1", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(last, "op=range p=10 hi=21 src=host h=192.0.2.1");
	run("filter eq 0 any", &rc);
	ck_assert_str_eq(last, "op=eq p=0 hi=-1 src=any h=-");
	/* a prefix of two names, a number out of range, a bad address */
	last[0] = '\0';
	ck_assert_str_eq(run("filter eq f", &rc),
	    "% Ambiguous command:  \"filter eq f\"\n");
	ck_assert_str_eq(run("filter eq 65536", &rc),
	    "                         ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	ck_assert_str_eq(run("filter eq 80 host 192.0.2.300", &rc),
	    "                                 ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	ck_assert_str_eq(run("filter range 1", &rc),
	    "% Incomplete command.\n\n");
	ck_assert_str_eq(last, "");
	/* ? lists the number and each name; after a repeat, more or on */
	ck_assert_str_eq(help("filter eq "),
	    "  <0-65535>  Port number\n"
	    "  ftp        File Transfer Protocol (21)\n"
	    "  ftp-data   FTP data connections (20)\n"
	    "  www        World Wide Web (HTTP, 80)\n\n");
	ck_assert_str_eq(help("filter eq 80 "),
	    "  <0-65535>  Port number\n"
	    "  any        Any host\n"
	    "  ftp        File Transfer Protocol (21)\n"
	    "  ftp-data   FTP data connections (20)\n"
	    "  host       A single host\n"
	    "  www        World Wide Web (HTTP, 80)\n"
	    "  <cr>       <cr>\n\n");
	ck_assert_str_eq(help("filter range 1 "),
	    "  <0-65535>  Port number\n"
	    "  ftp        File Transfer Protocol (21)\n"
	    "  ftp-data   FTP data connections (20)\n"
	    "  www        World Wide Web (HTTP, 80)\n\n");
	ck_assert_str_eq(help("filter eq f"), "ftp  ftp-data  \n\n");
	ck_assert_str_eq(help("filter eq 8"), "<0-65535>  \n\n");
	/* Tab completes a name, extends a common prefix */
	ck_assert_str_eq(tab("filter eq ww", &l, &ch), "filter eq www ");
	ck_assert(ch);
	ck_assert_str_eq(tab("filter eq ftp-", &l, &ch), "filter eq ftp-data ");
	ck_assert_str_eq(tab("filter eq f", &l, &ch), "filter eq ftp");
	ck_assert_str_eq(l, "ftp  ftp-data  \n\n");
	ck_assert_str_eq(tab("filter eq 8", &l, &ch), "filter eq 8");
	ck_assert(!ch);
}
END_TEST

START_TEST(t_long_lines)
{
	char *l = malloc(CLI_LINE_MAX + 2);
	int rc;

	config();
	memcpy(l, "description ", 12);
	run("zone security in", NULL);
	memset(l + 12, 'x', CLI_LINE_MAX - 12);
	l[CLI_LINE_MAX] = '\0';
	run(l, &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_uint_eq(strlen(last),
	    CLI_LINE_MAX - 12 + strlen(" description=description TEXT="));
	l[CLI_LINE_MAX] = 'x';
	l[CLI_LINE_MAX + 1] = '\0';
	ck_assert_str_eq(run(l, &rc),
	    "% Line too long (max 4096 characters)\n");
	ck_assert_int_eq(rc, CLI_ERR);
	free(l);
}
END_TEST

START_TEST(t_comments_blank)
{
	int rc;

	config();
	ck_assert_str_eq(run("", &rc), "");
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_str_eq(run("!", &rc), "");
	ck_assert_str_eq(run("   ! zone security x", &rc), "");
	ck_assert_str_eq(run(" \t  ", &rc), "");
	ck_assert_int_eq(rc, CLI_OK);
	/* indented lines as in a file */
	run("   zone security in\r\n", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_ZONE);
}
END_TEST

static int pend_calls;
static char pend_line[64];

static int
pend_fn(struct cli_session *ss, const char *line, struct buf *o, void *arg)
{
	pend_calls++;
	snprintf(pend_line, sizeof(pend_line), "%s", line);
	buf_puts(o, (const char *)arg);
	return CLI_OK;
}

START_TEST(t_pending)
{
	int rc;

	ck_assert(!cli_session_pending(s));
	cli_session_expect(s, "Password: ", false, pend_fn, (void *)"ok\n",
	    NULL);
	ck_assert(cli_session_pending(s));
	ck_assert_str_eq(prompt(), "Password: ");
	ck_assert(!cli_session_echo(s));
	ck_assert_str_eq(run("s3cr3t configure terminal", &rc), "ok\n");
	ck_assert_int_eq(pend_calls, 1);
	ck_assert_str_eq(pend_line, "s3cr3t configure terminal");
	ck_assert_str_eq(prompt(), "Router#");
	ck_assert(cli_session_echo(s));
	ck_assert(!cli_session_pending(s));
	/* not in the history */
	ck_assert_str_eq(run("show history", NULL), "  show history\n");
	cli_session_expect(s, "[confirm]", true, pend_fn, (void *)"", NULL);
	ck_assert(cli_session_echo(s));
	/* no help or completion while a prompt waits for its answer */
	ck_assert_str_eq(help("conf"), "");
	ck_assert_str_eq(help(""), "");
	run("y", NULL);
	ck_assert_int_eq(pend_calls, 2);
}
END_TEST

/* A pending input's own state: the handler gets it back and owns it; the
 * session frees it only when the input is dropped unanswered. */
static int owned_released;

static void
owned_release(void *arg)
{
	owned_released++;
	free(arg);
}

static int
owned_fn(struct cli_session *ss, const char *line, struct buf *o, void *arg)
{
	int *n = arg;

	if (++*n < 2) { /* asks twice, with the same state */
		cli_session_expect(ss, "Again: ", true, owned_fn, n,
		    owned_release);
		return CLI_OK;
	}
	buf_printf(o, "got %d\n", *n);
	free(n);
	return CLI_OK;
}

START_TEST(t_pending_owned)
{
	struct cli_session *s2 = cli_session_new(reg, CLI_ORIGIN_VTY,
	    &own_hooks, &own);
	int *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	int *c = calloc(1, sizeof(*c));

	ck_assert(s2 != NULL && a != NULL && b != NULL && c != NULL);
	owned_released = 0;
	/* two sessions, each with its own state, answered interleaved */
	cli_session_expect(s, "First: ", true, owned_fn, a, owned_release);
	cli_session_expect(s2, "First: ", true, owned_fn, b, owned_release);
	ck_assert_str_eq(run("x", NULL), "");
	ck_assert_str_eq(prompt(), "Again: ");
	ck_assert(cli_session_pending(s2));
	ck_assert_str_eq(run("y", NULL), "got 2\n");
	ck_assert(!cli_session_pending(s));
	ck_assert(cli_session_pending(s2));
	ck_assert_int_eq(owned_released, 0); /* answered: the fn freed a */
	/* dropped unanswered: the session frees it */
	cli_session_free(s2);
	ck_assert_int_eq(owned_released, 1);
	/* replaced by another expect(): freed too */
	cli_session_expect(s, "First: ", true, owned_fn, c, owned_release);
	cli_session_expect(s, "[confirm]", true, pend_fn, (void *)"", NULL);
	ck_assert_int_eq(owned_released, 2);
	run("y", NULL);
}
END_TEST

START_TEST(t_history)
{
	run("show zone security", NULL);
	run("pnig", NULL);
	config();
	run("enable secret 9 $9$abc", NULL);
	run("end", NULL);
	ck_assert_str_eq(run("show history", NULL),
	    "  show zone security\n  pnig\n  configure terminal\n"
	    "  enable secret ***** *****\n  end\n  show history\n");
	run("terminal history size 2", NULL);
	ck_assert_str_eq(run("show history", NULL),
	    "  terminal history size 2\n  show history\n");
	run("terminal history size 0", NULL);
	ck_assert_str_eq(run("show history", NULL), "");
}
END_TEST

START_TEST(t_terminal)
{
	int rc;

	cli_session_set_priv(s, 1);
	run("terminal length 0", &rc);
	ck_assert_int_eq(rc, CLI_OK);
	ck_assert_uint_eq(cli_session_length(s), 0);
	run("term width 132", NULL);
	ck_assert_uint_eq(cli_session_width(s), 132);
	ck_assert_str_eq(run("terminal length 513", &rc),
	    "                       ^\n% Invalid input detected at '^' marker.\n\n");
	ck_assert_str_eq(run("show terminal", NULL),
	    "Line 0, Location: \"\", Type: \"vty\"\n"
	    "Length: 0 lines, Width: 132 columns\n"
	    "Capabilities: none\n"
	    "History is enabled, history size is 10.\n");
}
END_TEST

START_TEST(t_monitor)
{
	struct buf a;

	buf_init(&a);
	ck_assert(!cli_session_monitor(s));
	run("terminal monitor", NULL);
	ck_assert(cli_session_monitor(s));
	run("send-log one", NULL);
	cli_session_take_async(s, &a);
	ck_assert_ptr_nonnull(a.p);
	ck_assert_ptr_nonnull(strstr(a.p, "%FW-6-TEST: hello one\n"));
	buf_reset(&a);
	cli_session_take_async(s, &a);
	ck_assert_uint_eq(a.len, 0);
	run("terminal no monitor", NULL);
	ck_assert(!cli_session_monitor(s));
	run("send-log two", NULL);
	cli_session_take_async(s, &a);
	ck_assert_uint_eq(a.len, 0);
	/* freeing a monitoring session unregisters its sink */
	run("terminal monitor", NULL);
	cli_session_free(s);
	s = cli_session_new(reg, CLI_ORIGIN_CONSOLE, &own_hooks, &own);
	log_fw(6, "TEST", "after free");
	buf_free(&a);
}
END_TEST

START_TEST(t_file_errors)
{
	int rc;

	cli_session_free(s);
	s = cli_session_new(reg, CLI_ORIGIN_FILE, NULL, NULL);
	cli_session_set_priv(s, 15);
	cli_session_set_mode(s, CLI_MODE_CONFIG);
	ck_assert_int_eq(cli_session_set_source(s, "startup-config", 7), 0);
	ck_assert_str_eq(run(" zone-pair bogus x", &rc),
	    "startup-config:7: % Invalid input detected at 'bogus' "
	    "(column 12)\n");
	ck_assert_int_eq(rc, CLI_ERR);
	cli_session_set_source(s, "startup-config", 8);
	ck_assert_str_eq(run("class-map type", NULL),
	    "startup-config:8: % Incomplete command.\n");
	ck_assert_str_eq(run("  zo x", NULL),
	    "startup-config:8: % Ambiguous command:  \"zo\"\n");
	ck_assert_str_eq(run("failing x", NULL),
	    "startup-config:8: % Zone x does not exist\n");
	cli_session_set_source(s, "/etc/zbfw/startup-config", 9);
	ck_assert_str_eq(run("do pnig", NULL),
	    "/etc/zbfw/startup-config:9: % Invalid input detected at 'pnig' "
	    "(column 4)\n");
	/* file sessions keep no history */
	cli_session_set_source(s, NULL, 0);
	ck_assert_str_eq(run("bogus", NULL),
	    "               ^\n% Invalid input detected at '^' marker.\n\n");
}
END_TEST

START_TEST(t_file_flat_load)
{
	static const char *const cfg[] = {
		"hostname R1",
		"!",
		"class-map type inspect match-any C1",
		" match protocol sip",
		"policy-map type inspect P1",
		" class type inspect C1",
		"  inspect",
		" class class-default",
		"  drop log",
		"zone security in",
		" description inside",
		"zone security out",
		"zone-pair security ZP source in destination out",
		"interface eth0",
		" zone-member security in",
		"end",
	};
	size_t i;
	int rc;

	cli_session_free(s);
	s = cli_session_new(reg, CLI_ORIGIN_FILE, NULL, NULL);
	cli_session_set_priv(s, 15);
	cli_session_set_mode(s, CLI_MODE_CONFIG);
	for (i = 0; i < sizeof(cfg) / sizeof(cfg[0]); i++) {
		cli_session_set_source(s, "f", (unsigned)i + 1);
		ck_assert_str_eq(run(cfg[i], &rc), "");
		ck_assert_int_eq(rc, CLI_OK);
	}
	ck_assert_int_eq(own.changes, 0); /* no hooks: nothing told */
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_PRIV);
	own.hostname[0] = '\0';
}
END_TEST

/* The engine's share of a 100,000-line load (handlers record only). */
START_TEST(t_bulk_load)
{
	static const char *const pat[] = {
		"class-map type inspect match-any C%u",
		" match protocol sip",
		" match access-group name ACL-%u",
		"policy-map type inspect P%u",
		" class type inspect C%u",
		"  inspect",
		" class class-default",
		"  drop log",
		"zone security Z%u",
		" description zone number %u of the bulk load",
	};
	struct timespec t0, t1;
	char l[128];
	unsigned i;
	double secs;
	int rc, bad = 0;

	cli_session_free(s);
	s = cli_session_new(reg, CLI_ORIGIN_FILE, NULL, NULL);
	cli_session_set_priv(s, 15);
	cli_session_set_mode(s, CLI_MODE_CONFIG);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 100000; i++) {
		snprintf(l, sizeof(l), pat[i % 10], i / 10);
		buf_reset(&out);
		rc = cli_session_line(s, l, &out);
		bad += rc != CLI_OK;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "check_cli: 100000 lines matched in %.3f s\n", secs);
	ck_assert_int_eq(bad, 0);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_ZONE);
	/* generous (valgrind is 25x slower): this catches O(n^2) only */
	ck_assert_msg(secs < 60.0, "bulk load took %.3f s", secs);
}
END_TEST

START_TEST(t_robust)
{
	char l[600];
	unsigned seed = 1;
	size_t i, j;
	int rc;

	config();
	for (i = 0; i < 400; i++) {
		for (j = 0; j < sizeof(l) - 1; j++) {
			seed = seed * 1103515245 + 12345;
			l[j] = (char)((seed >> 16) & 0xff);
			if (l[j] == '\0')
				l[j] = ' ';
		}
		l[(seed >> 8) % sizeof(l)] = '\0';
		run(l, &rc);
		help(l);
		ck_assert(rc == CLI_OK || rc == CLI_ERR || rc == CLI_CLOSE);
	}
	run("\xff\xfe zone", &rc);
	ck_assert_int_eq(rc, CLI_ERR);
}
END_TEST

START_TEST(t_doc)
{
	struct buf d;

	buf_init(&d);
	cli_doc_markdown(reg, &d);
	ck_assert_ptr_nonnull(strstr(d.p,
	    "## Global configuration "
	    "(`Router(config)#`)\n"));
	ck_assert_ptr_nonnull(strstr(d.p,
	    "| `zone security {NAME\\|default}` "
	    "| Security zone | yes |\n"));
	ck_assert_ptr_nonnull(strstr(d.p,
	    "| `hostname NAME` | Set system's "
	    "network name | - |\n"));
	ck_assert_ptr_nonnull(strstr(d.p, "| `no ip redirects` |"));
	ck_assert_ptr_null(strstr(d.p, "secret-hidden"));
	/* sorted within a mode */
	ck_assert(strstr(d.p, "`class-map type inspect NAME`") <
	    strstr(d.p, "`zone security"));
	buf_free(&d);
}
END_TEST

START_TEST(t_priv_levels)
{
	ck_assert_int_eq(cli_session_priv(s), 15);
	cli_session_set_priv(s, 1);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_EXEC);
	ck_assert_int_eq(cli_session_priv(s), 1);
	cli_session_set_priv(s, 15);
	ck_assert_int_eq(cli_session_mode(s), CLI_MODE_PRIV);
	ck_assert_int_eq(cli_session_origin(s), CLI_ORIGIN_VTY);
	cli_session_set_user(s, &own);
	ck_assert_ptr_eq(cli_session_user(s), &own);
}
END_TEST

int
main(void)
{
	Suite *su = suite_create("cli");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int nf;

	log_init(1, "check_cli");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120); /* the bulk load under valgrind */
	tcase_add_test(tc, t_tokenize);
	tcase_add_test(tc, t_grammar_errors);
	tcase_add_test(tc, t_prompts);
	tcase_add_test(tc, t_conf_prefixes);
	tcase_add_test(tc, t_user_exec);
	tcase_add_test(tc, t_exec_unknown);
	tcase_add_test(tc, t_invalid_caret);
	tcase_add_test(tc, t_incomplete);
	tcase_add_test(tc, t_ambiguous);
	tcase_add_test(tc, t_prefix_case);
	tcase_add_test(tc, t_precedence);
	tcase_add_test(tc, t_group_placeholder);
	tcase_add_test(tc, t_ranges_addresses);
	tcase_add_test(tc, t_optional_choice);
	tcase_add_test(tc, t_cli_num);
	tcase_add_test(tc, t_line_token);
	tcase_add_test(tc, t_no_forms);
	tcase_add_test(tc, t_fallback);
	tcase_add_test(tc, t_fallback_errors);
	tcase_add_test(tc, t_objects);
	tcase_add_test(tc, t_exit_end);
	tcase_add_test(tc, t_commit);
	tcase_add_test(tc, t_handler_error);
	tcase_add_test(tc, t_do);
	tcase_add_test(tc, t_filters);
	tcase_add_test(tc, t_filter_errors);
	tcase_add_test(tc, t_help_next);
	tcase_add_test(tc, t_help_modes);
	tcase_add_test(tc, t_help_hidden_and_priv);
	tcase_add_test(tc, t_help_letters);
	tcase_add_test(tc, t_help_errors);
	tcase_add_test(tc, t_help_do_and_pipe);
	tcase_add_test(tc, t_tab);
	tcase_add_test(tc, t_typed_tokens);
	tcase_add_test(tc, t_long_lines);
	tcase_add_test(tc, t_comments_blank);
	tcase_add_test(tc, t_pending);
	tcase_add_test(tc, t_pending_owned);
	tcase_add_test(tc, t_history);
	tcase_add_test(tc, t_terminal);
	tcase_add_test(tc, t_monitor);
	tcase_add_test(tc, t_file_errors);
	tcase_add_test(tc, t_file_flat_load);
	tcase_add_test(tc, t_bulk_load);
	tcase_add_test(tc, t_robust);
	tcase_add_test(tc, t_doc);
	tcase_add_test(tc, t_priv_levels);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
