/*
 * Internals of the CLI engine shared by the cli/ sources (not for other modules).
 */
#ifndef ZB_CLI_INT_H
#define ZB_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"

static inline bool
cli_isws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

#define CLI_MAX_NODES 63 /* terminals per row (bitsets are 64-bit) */

/* Engine-private row flags (above the public CLI_F_* bits). */
#define CLI_F_NOCOMMIT 0x100 /* navigation: no after_config hook */
#define CLI_F_DO 0x200	     /* `do LINE`: the LINE is an EXEC command */

enum cli_tok {
	TK_KW,	    /* keyword */
	TK_WORD,    /* any word */
	TK_RANGE,   /* <lo-hi> */
	TK_IPV4,    /* A.B.C.D */
	TK_IPV6,    /* X:X:X:X::X */
	TK_IPV6PFX, /* X:X:X:X::X/<0-128> */
	TK_LINE,    /* rest of the line */
	TK_TYPE	    /* a keyword of a cli_type, or a number in its range */
};

struct cli_node {
	enum cli_tok kind;
	char *text;  /* keyword, or placeholder name */
	size_t klen; /* strlen(text) */
	const char *help;
	long long lo, hi;	     /* TK_RANGE */
	const struct cli_type *type; /* TK_TYPE */
	int grp_ph;		     /* keyword alternative: placeholder set */
	char *label;		     /* first keyword of a labelled group */
	uint64_t follow;	     /* successor nodes */
	bool final;		     /* the command may end after it */
	bool nofinal;		     /* ... in the `no` form */
};

struct cli_row {
	const struct cli_cmd *cmd;
	void *module; /* given to cli_register() */
	unsigned seq; /* registration order */
	int nnodes;
	struct cli_node nodes[CLI_MAX_NODES];
	uint64_t first;
	bool hasno; /* automatic `no` form */
	bool isno;  /* syntax starts with "no " */
	int nlead;  /* leading keywords */
};

/* A set of rows tried together (one mode, or EXEC+PRIV). */
struct cli_rowset {
	struct cli_row **rows;
	size_t n;
	bool anyno; /* some row has an automatic no form */
};

/* The registry: rows per mode, and the EXEC+PRIV union for enabled EXEC. */
struct cli_modeset {
	struct cli_row **v;
	size_t n, cap;
	bool anyno;
};

struct cli {
	struct cli_modeset modes[CLI_MODE_COUNT];
	struct cli_row **privset;
	size_t nprivset;
	bool privdirty;
	unsigned seqno;
	const struct cli_type **types; /* NAME:@type, by pointer */
	size_t ntypes, captypes;
};

/* Make room for one more element in a growable array (*vp, n, *cap). */
void cli_grow(void *vp, size_t n, size_t *cap, size_t elsz);

/* grammar.c */
int cli_grammar_compile(const struct cli *, const struct cli_cmd *,
    struct cli_row *, char *err, size_t errlen);
void cli_rowset_get(struct cli *, enum cli_mode, int priv, struct cli_rowset *);
/* The i-th registered NAME:@type, NULL past the last (doc generator). */
const struct cli_type *cli_type_at(const struct cli *, size_t i);
/* All rows of a mode (doc generator). */
void cli_rows_of(struct cli *, enum cli_mode, struct cli_rowset *);
const char *cli_node_display(const struct cli_node *, char *tmp, size_t);

/* match.c */
struct cli_word {
	size_t off; /* byte offset in the line */
	size_t len;
};

int cli_tokenize(const char *line, size_t len, struct cli_word **words,
    size_t *nwords);

enum cli_mstatus {
	CM_OK,	       /* a row matched completely */
	CM_INCOMPLETE, /* all words used, no row may end */
	CM_INVALID,    /* word err_word matches nothing */
	CM_AMBIGUOUS   /* word err_word is a prefix of several */
};

struct cli_step {
	int row;  /* index in the rowset; -1 virtual `no`, -2 root */
	int node; /* -1: before the row's first token */
	bool neg;
	int prev;  /* previous step, -1 */
	int word;  /* word consumed by this step */
	bool line; /* TK_LINE: consumed the rest of the line */
};

struct cli_match {
	enum cli_mstatus status;
	size_t err_word; /* CM_INVALID / CM_AMBIGUOUS */
	int final;	 /* step that completed (CM_OK) */
	struct cli_step *steps;
	size_t nsteps, capsteps;
	int *active; /* steps alive after the last word */
	size_t nactive, capactive;
	bool linedone; /* some path consumed the rest as LINE */
	int linestep;  /* that path (earliest row), -1 */
};

void cli_match_init(struct cli_match *);
void cli_match_free(struct cli_match *);
/* Match words[0..nwords) of line against set. */
void cli_match_run(const struct cli_rowset *, const char *line,
    const struct cli_word *words, size_t nwords, struct cli_match *);

/* Candidates that may follow a step (help, completion). */
struct cli_cand {
	const struct cli_row *row; /* NULL: the virtual `no` */
	const struct cli_node *node;
};
typedef void (*cli_cand_fn)(const struct cli_cand *, void *);
void cli_match_next(const struct cli_rowset *, const struct cli_match *,
    cli_cand_fn, void *);
/* True when some alive step may end the command here. */
bool cli_match_can_end(const struct cli_rowset *, const struct cli_match *);
/* Classify a word against a node: 0 none, 1 WORD, 2 prefix, 3 value,
 * 4 exact keyword. */
int cli_node_class(const struct cli_node *, const char *w, size_t len);
/* The keyword a word stands for at a node (TK_KW, or a TK_TYPE keyword
 * by unique prefix); NULL for none.  *nmatch: keywords it is a prefix of. */
const struct cli_type_kw *cli_type_kw_of(const struct cli_type *, const char *w,
    size_t len, int *nmatch);

struct cli_arg_ent {
	const char *kw; /* keyword matched, or NULL */
	const char *ph; /* placeholder name, or NULL */
	char *val;
	size_t off;  /* offset of the value in the line */
	bool hasnum; /* a TK_TYPE keyword: its value */
	long long num;
};

struct cli_args {
	struct cli_arg_ent *v;
	size_t n;
	bool no;
};

int cli_args_build(const struct cli_rowset *, const struct cli_match *,
    const char *line, size_t len, const struct cli_word *words,
    struct cli_args *);
void cli_args_free(struct cli_args *);

/* filter.c */
enum cli_fkind {
	CF_NONE,
	CF_INCLUDE,
	CF_EXCLUDE,
	CF_BEGIN,
	CF_SECTION,
	CF_COUNT
};

struct cli_filter {
	enum cli_fkind kind;
	bool has_re;
	void *re; /* regex_t */
};

enum cli_ferr { CFE_OK, CFE_INVALID, CFE_INCOMPLETE, CFE_AMBIGUOUS };

/* Parse "| include REGEX" starting at line[off] ('|').  On error the
 * offset of the bad word goes to *erroff (and its length to *errlen). */
enum cli_ferr cli_filter_parse(const char *line, size_t len, size_t off,
    struct cli_filter *, size_t *erroff, size_t *errlen);
void cli_filter_apply(const struct cli_filter *, const char *in, size_t len,
    struct buf *out);
void cli_filter_free(struct cli_filter *);
/* Offset of the output-modifier '|' word in line, or len when none. */
size_t cli_filter_find(const char *line, size_t len);
/* `?` after "|": the listing; partial word completion. */
void cli_filter_help(const char *line, size_t len, size_t off, bool after_space,
    struct buf *out);

/* session.c helpers used by help.c / builtin.c */
int cli_exec_sub(struct cli_session *, const char *line, size_t base,
    struct buf *out);
struct cli *cli_session_cli(struct cli_session *);
/* Remember the prompt shown (caret column of errors). */
void cli_session_begin_line(struct cli_session *);
void cli_print_error(struct cli_session *, struct buf *out, enum cli_mstatus,
    const char *line, size_t base, const struct cli_word *w, bool exec_first);
struct buf *cli_ctx_out(struct cli_ctx *);
void cli_session_history_walk(struct cli_session *,
    void (*)(const char *, void *), void *);
void cli_session_set_history_size(struct cli_session *, unsigned);
unsigned cli_session_history_size(struct cli_session *);
void cli_session_set_monitor(struct cli_session *, bool);

/* help.c: listing layout shared with filter.c */
struct cli_hent {
	char *disp;
	const char *help;
};
struct cli_hlist {
	struct cli_hent *v;
	size_t n, cap;
};
void cli_hlist_add(struct cli_hlist *, const char *disp, const char *help);
void cli_hlist_print(struct cli_hlist *, bool cr, struct buf *out);
void cli_hlist_free(struct cli_hlist *);

#endif
