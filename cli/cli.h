/*
 * The CLI engine: IOS-style modes, one table row per command, and sessions.
 *
 * A row's syntax string is the single source of the parser, `?` help, Tab
 * completion, the `no` form and doc/COMMANDS.md.  Syntax:
 *
 *   keyword        lowercase word (letters, digits, '-', '.', '_'); matched
 *                  case-insensitively by any unique prefix.
 *   NAME           uppercase word: any single word, shown in help as WORD.
 *   NAME:<lo-hi>   a number in [lo, hi], shown as <lo-hi>.
 *   NAME:A.B.C.D   an IPv4 address, shown as A.B.C.D.
 *   NAME:X:X:X:X::X an IPv6 address;  NAME:X:X:X:X::X/<0-128> a v6 prefix.
 *   NAME:LINE      the rest of the line (last token only), shown as LINE.
 *   NAME:@type     a word of a registered type (cli_type_register()): one
 *                  of its keywords (unique prefix; ? lists each with its
 *                  help, Tab completes it) or a number in its range;
 *                  cli_num() gives the keyword's value.
 *   token...       the token once or more (cli_arg_nth() reads each).
 *   {a|b|NAME}     one of the alternatives.  When a keyword alternative
 *                  matches and the group holds exactly one placeholder,
 *                  that placeholder's value is the keyword (so
 *                  "source {SRC|self|default}" gives cli_arg(a,"SRC")=="self").
 *   [ ... ]        an optional sequence; may nest and contain groups;
 *                  [a|b] is an optional choice (same rules as { }).
 *   NAME:{a ...|b ...}  a labelled group (or NAME:[...]): cli_arg(a, NAME)
 *                  is the keyword that began the alternative taken.
 *
 * help[] holds one string per terminal token (keyword or placeholder) in the
 * order they appear in the syntax string, alternatives included.
 *
 * Every row of a configuration mode also accepts a `no` form: "no" followed
 * by the syntax, where everything after the leading keywords that precede the
 * first placeholder or group may be omitted (cli_no(a) is true; handlers check
 * what they need).  Rows flagged CLI_F_NONO have no `no` form.  A row whose
 * syntax itself starts with "no " exists only in the `no` form.
 */
#ifndef ZB_CLI_H
#define ZB_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"

enum cli_mode {
	CLI_MODE_EXEC,	     /* Router>   rows here also run in Router# */
	CLI_MODE_PRIV,	     /* Router#   privileged-only rows */
	CLI_MODE_CONFIG,     /* Router(config)# */
	CLI_MODE_IF,	     /* (config-if)# */
	CLI_MODE_CMAP,	     /* (config-cmap)# */
	CLI_MODE_PMAP,	     /* (config-pmap)# */
	CLI_MODE_PMAPC,	     /* (config-pmap-c)# */
	CLI_MODE_ZONE,	     /* (config-sec-zone)# */
	CLI_MODE_ZPAIR,	     /* (config-sec-zone-pair)# */
	CLI_MODE_PROFILE,    /* (config-profile)#  parameter-map */
	CLI_MODE_EXT_NACL,   /* (config-ext-nacl)# */
	CLI_MODE_STD_NACL,   /* (config-std-nacl)# */
	CLI_MODE_IPV6_NACL,  /* (config-ipv6-acl)# */
	CLI_MODE_LINE,	     /* (config-line)# */
	CLI_MODE_SIP_CMAP,   /* (config-cmap)#  class-map type inspect sip */
	CLI_MODE_SIP_PMAP,   /* (config-pmap)#  policy-map type inspect sip */
	CLI_MODE_SIP_PMAPC,  /* (config-pmap-c)# its classes */
	CLI_MODE_REGEX,	     /* (config-profile)#  parameter-map type regex */
	CLI_MODE_SSH_PK,     /* (conf-ssh-pubkey)#       ip ssh pubkey-chain */
	CLI_MODE_SSH_PKUSER, /* (conf-ssh-pubkey-user)#  username */
	CLI_MODE_SSH_PKDATA, /* (conf-ssh-pubkey-data)#  key-string */
	CLI_MODE_COUNT
};

#define CLI_MAX_TOKENS 48
#define CLI_LINE_MAX 4096 /* longer input lines are refused */

struct cli;	    /* a registry of rows (opaque) */
struct cli_ctx;	    /* a command being executed (opaque) */
struct cli_args;    /* its matched arguments (opaque) */
struct cli_session; /* one console/vty/file session (opaque) */

struct cli_cmd {
	enum cli_mode mode;
	const char *syntax;
	const char *help[CLI_MAX_TOKENS];
	int (*fn)(struct cli_ctx *, const struct cli_args *);
	unsigned flags;
};

#define CLI_F_NONO 0x01	  /* no automatic `no` form */
#define CLI_F_HIDDEN 0x02 /* accepted, not listed by ? or in docs */
#define CLI_F_SECRET 0x04 /* history and logs keep the line masked */

/* Handler return values. */
#define CLI_OK 0
#define CLI_ERR (-1) /* a `%` message was printed */
#define CLI_CLOSE 1  /* end the session (exit from EXEC) */
/* The command goes on after the handler returns (ping): the session's
 * owner holds the next input and shows the prompt when the handler's
 * module ends it (the daemon's fe_done()).  Returned as is by
 * cli_session_line(). */
#define CLI_WAIT 2

/*
 * A registry holds the rows of every module; the owner (the daemon, a test)
 * makes one and registers each module's rows with that module's own context
 * (struct zone_cfg * for zones/, ...), which the module's handlers get back
 * from cli_module().  Rows are kept by pointer.
 */
struct cli *cli_new(void);
void cli_free(struct cli *);
void cli_register(struct cli *, const struct cli_cmd *rows, size_t n,
    void *module);

/* Keyword types for NAME:@type tokens (ports, protocols ...), kept by
 * pointer; register before the rows that use them. */
struct cli_type_kw {
	const char *kw; /* NULL ends the list */
	long long val;
	const char *help;
};
struct cli_type {
	const char *name;
	const struct cli_type_kw *kws;
	long long lo, hi; /* numbers too (help: the row's
						 * string); lo > hi: none */
};
void cli_type_register(struct cli *, const struct cli_type *);

/* Arguments, by placeholder name or keyword; NULL / false when absent. */
const char *cli_arg(const struct cli_args *, const char *name);
/* The i-th value of a repeated placeholder (NAME:type...), from 0. */
const char *cli_arg_nth(const struct cli_args *, const char *name, size_t i);
long long cli_num_nth(const struct cli_args *, const char *name, size_t i,
    long long def);
bool cli_has(const struct cli_args *, const char *keyword);
bool cli_no(const struct cli_args *);
/* Numeric placeholder value, or def when absent. */
long long cli_num(const struct cli_args *, const char *name, long long def);

/* Handler context.  cli_module(): the pointer the row was registered with. */
void *cli_module(struct cli_ctx *);
struct cli_session *cli_session(struct cli_ctx *);
enum cli_mode cli_mode(struct cli_ctx *);
/* Object names of the current sub-mode: [0] = map/zone/interface/line
 * name, [1] = class name in (config-pmap-c), ACL name etc. */
const char *cli_obj(struct cli_ctx *, int i);
/* Move the session to a (sub-)mode editing the named object(s).  Returns
 * CLI_OK, or CLI_ERR with a `%` error printed (out of memory: the session
 * stays where it was and the command fails). */
int cli_enter(struct cli_ctx *, enum cli_mode, const char *obj0,
    const char *obj1);
/* True when the line comes from a file session (startup-config load). */
bool cli_loading(struct cli_ctx *);

void cli_printf(struct cli_ctx *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cli_puts(struct cli_ctx *, const char *);
/* Print "% <message>\n" and return CLI_ERR. */
int cli_error(struct cli_ctx *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Informational line that is not an error (e.g. "%No specific protocol
 * configured ..."): printed as given, does not fail the command. */
void cli_notice(struct cli_ctx *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Pending input: the next line typed in this session goes to fn instead of
 * the command parser (enable password, banner text, confirmations).
 * prompt (kept by pointer: a string constant) is shown instead of the mode
 * prompt; echo=false hides what is typed.  arg is the handler's state for
 * this session's input (the banner typed so far, the tries left): never
 * keep it in a file-scope variable, other sessions type at the same time.
 * The session owns arg until the line comes: fn then gets it and owns it
 * (frees it, or passes it on to a new expect()); release(arg), when not
 * NULL, frees it if the input is dropped unanswered (session freed,
 * replaced by another expect()).
 */
typedef int (*cli_input_fn)(struct cli_session *, const char *line,
    struct buf *out, void *arg);
typedef void (*cli_release_fn)(void *arg);
void cli_session_expect(struct cli_session *, const char *prompt, bool echo,
    cli_input_fn fn, void *arg, cli_release_fn release);
/* Is a pending input waiting for the next line?  Then `?` and Tab are
 * text, and the prompt is the input's own. */
bool cli_session_pending(struct cli_session *);

/* Sessions: the daemon's front ends (socket console, telnet, file load). */
enum cli_origin { CLI_ORIGIN_CONSOLE, CLI_ORIGIN_VTY, CLI_ORIGIN_FILE };

/*
 * What the owner of a session does around commands (the engine calls no one
 * else).  Each hook returns 0, or -errno with a message in err (no "% "):
 * the engine prints it as a `%` error of the line, which then fails.
 *
 * after_config  a configuration command succeeded (navigation rows such as
 *               exit/end excluded); module is its row's context.  Return 1
 *               when the change is pending (not applied yet): the session is
 *               then marked changed until the owner calls
 *               cli_session_applied().  NULL: nothing to do (a file load
 *               applies once at the end).
 * sync          before an EXEC command runs (show, write, `do ...`) and when
 *               a line leaves configuration mode (end, exit, ^Z): apply what
 *               is pending, so that the command sees every earlier line.
 * hostname      the name in the prompt (NULL or "": "Router").
 */
struct cli_hooks {
	int (*after_config)(void *owner, struct cli_session *, void *module,
	    struct buf *err);
	int (*sync)(void *owner, struct cli_session *, struct buf *err);
	const char *(*hostname)(void *owner);
};

/* hooks may be NULL; it is kept by pointer, as owner is. */
struct cli_session *cli_session_new(struct cli *, enum cli_origin,
    const struct cli_hooks *, void *owner);
void cli_session_free(struct cli_session *);
void *cli_session_owner(struct cli_session *);
/* True while the session has a change its owner has not applied. */
bool cli_session_changed(struct cli_session *);
/* The owner applied the session's changes (clears the mark).  A non-NULL
 * err is a failure: "% err" is printed before the session's next output,
 * and that line returns CLI_ERR. */
void cli_session_applied(struct cli_session *, const char *err);
/* Run one input line; output (including errors) is appended to out.
 * Returns CLI_OK, CLI_ERR (a `%` error was printed) or CLI_CLOSE. */
int cli_session_line(struct cli_session *, const char *line, struct buf *out);
/* The prompt to show now (mode prompt, or the pending input's prompt). */
void cli_session_prompt(struct cli_session *, struct buf *out);
bool cli_session_echo(struct cli_session *); /* false: secret input */
/* `?` typed at the end of partial: the help listing (no prompt redraw). */
void cli_session_help(struct cli_session *, const char *partial,
    struct buf *out);
/* Tab: the completed line goes to line_out; a listing (when ambiguous) to
 * out.  Returns true when the line changed. */
bool cli_session_complete(struct cli_session *, const char *partial,
    struct buf *line_out, struct buf *out);

/* Session state shared with front ends. */
enum cli_mode cli_session_mode(struct cli_session *);
void cli_session_set_mode(struct cli_session *, enum cli_mode);
int cli_session_priv(struct cli_session *); /* 1 or 15 */
void cli_session_set_priv(struct cli_session *, int);
unsigned cli_session_length(struct cli_session *); /* terminal length */
void cli_session_set_length(struct cli_session *, unsigned);
unsigned cli_session_width(struct cli_session *);
void cli_session_set_width(struct cli_session *, unsigned);
bool cli_session_monitor(struct cli_session *);
/* Log lines received with `terminal monitor` since the last call are
 * appended to out (front ends flush them between commands). */
void cli_session_take_async(struct cli_session *, struct buf *out);
enum cli_origin cli_session_origin(struct cli_session *);
/* Opaque pointer for the front end (vty line, socket client). */
void *cli_session_user(struct cli_session *);
void cli_session_set_user(struct cli_session *, void *);
/* File loading: prefix errors with "FILE:LINE: " (NULL to stop).  Returns
 * 0, or -ENOMEM with the source unchanged. */
int cli_session_set_source(struct cli_session *, const char *file,
    unsigned line);

/* The prompt suffix of a mode ("(config-cmap)#"), and its parent. */
const char *cli_mode_prompt(enum cli_mode);
enum cli_mode cli_mode_parent(enum cli_mode);

/* The hostname in the session's prompts: its owner's (hooks->hostname),
 * "Router" without one. */
const char *cli_session_hostname(struct cli_session *);

/* Built-in rows: configure terminal, exit, end, do, terminal ..., show
 * history.  Register them first, before the modules' own *_cli_init(). */
void cli_builtin_init(struct cli *);

/* doc/COMMANDS.md from the registered rows. */
void cli_doc_markdown(struct cli *, struct buf *out);

#endif
