/*
 * An interactive session as the line editor (term.h) sees it: the login
 * of its line first, then the CLI.  The console socket's script mode and
 * the telnet vty embed a struct fe_term and give term_new() fe_term_ops
 * with it as the argument; they differ only in how screen bytes leave.
 */
#ifndef ZB_FE_TERM_H
#define ZB_FE_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/time.h>

#include "daemon/daemon.h"
#include "daemon/term.h"
#include "lib/buf.h"

struct fe_term {
	struct zbfw *z;
	struct fe_sess fe; /* fe.vty and fe.lineno name the line */
	struct login lg;
	/* Screen bytes (term_ops.write). */
	void (*write)(struct fe_term *, const char *p, size_t n);
};

extern const struct term_ops fe_term_ops;

/* The session's line: `line con 0` or `line vty N`. */
const struct mgmt_line *fe_term_cfg(const struct fe_term *);
/* Banner and login prompts on out: login_begin() on the session's line. */
int fe_term_begin(struct fe_term *, struct buf *out);
/* A line: to the login prompts until logged in, then to the CLI. */
int fe_term_line(struct fe_term *, const char *line, struct buf *out);
void fe_term_prompt(struct fe_term *, struct buf *out);
/* terminal monitor: the session's waiting log lines onto term (a vty's
 * monitor tick). */
void fe_term_async(struct fe_term *, struct term *);
/* exec-timeout of the line: how long term may stay idle from now (at
 * least 10 ms) in tv; false when the line has no exec-timeout. */
bool fe_term_idle_tv(struct fe_term *, const struct term *, struct timeval *tv);
/* False while the input must not be echoed (passwords). */
bool fe_term_echo(struct fe_term *);

#endif
