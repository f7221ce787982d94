/*
 * The line editor of a vty: turns the bytes a terminal sends into command
 * lines and draws the screen the user sees (echo, `?` help with redraw,
 * Tab completion, Ctrl-C/U/Z, backspace, history, --More-- paging).  Used
 * by the telnet vty and by the console socket's script mode, so both show
 * the same bytes.
 */
#ifndef ZB_TERM_H
#define ZB_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"

struct term_ops {
	/* Screen bytes. */
	void (*write)(void *arg, const char *p, size_t n);
	/* A whole line was entered: run it, append its output to out.
	 * Returns CLI_OK, CLI_ERR or CLI_CLOSE (cli.h). */
	int (*line)(void *arg, const char *line, struct buf *out);
	void (*prompt)(void *arg, struct buf *out);
	bool (*echo)(void *arg);    /* false: secret input */
	bool (*special)(void *arg); /* `?` and Tab are commands */
	void (*help)(void *arg, const char *partial, struct buf *out);
	bool (*complete)(void *arg, const char *partial, struct buf *line,
	    struct buf *out);
	unsigned (*length)(void *arg); /* paging length, 0 = off */
};

#define TERM_OPEN 0
#define TERM_CLOSED 1

/* term_ops.line's answer comes later: until term_answer(), input is kept
 * (not echoed, not run) and then processed in order. */
#define TERM_LINE_WAIT 100

struct term;

/* crlf: the screen uses "\r\n" (telnet) or "\n" (script mode). */
struct term *term_new(const struct term_ops *, void *arg, bool crlf);
void term_free(struct term *);
/* Text with "\n" line ends, before the first prompt (banner). */
void term_print(struct term *, const char *text, size_t len);
/* Draw the first prompt. */
void term_start(struct term *);
/* Feed input bytes; returns TERM_CLOSED once the session ended (the rest
 * of the input is ignored). */
int term_input(struct term *, const void *p, size_t n);
/* The answer to the line that returned TERM_LINE_WAIT (rc and out as
 * term_ops.line gives them); then the input kept meanwhile.  TERM_OPEN or
 * TERM_CLOSED. */
int term_answer(struct term *, int rc, const struct buf *out);
/* Output that is not the answer to a command (terminal monitor). */
void term_async(struct term *, const char *text);
/* Redraw prompt and partial line (after an async message, say). */
void term_redraw(struct term *);
bool term_closed(const struct term *);
/* Time of the last input byte (exec-timeout). */
double term_idle_since(const struct term *);

#endif
