/*
 * The console protocol between `zbfw` and zbfwd over the UNIX socket.
 *
 * Every message is a frame: a 4-byte big-endian length N (the bytes that
 * follow, N >= 1, at most PROTO_MAX), a type byte, then N-1 payload bytes.
 * The daemon keeps one cli_session per connection.
 *
 * Client -> daemon
 *   'H' hello, sent first: payload = mode byte, then width and length as
 *       2-byte big-endian numbers.  Modes:
 *         'i' interactive (libedit): starts in user EXEC (`Router>`);
 *         'c' command (-c): starts in privileged EXEC (socket access is the
 *             credential);
 *         's' script/terminal: the daemon runs the same line editor as a
 *             telnet vty over the bytes the client sends (R frames) and
 *             returns the screen (S frames) with "\n" line ends; starts in
 *             user EXEC with paging off.
 *       Answer: an 'r' reply carrying the first prompt (modes i and c).
 *   'L' execute one line (payload: the line, no newline).   Answer: 'r'.
 *   '?' help for a partial line (payload: the partial).     Answer: 'r'
 *       whose output is the listing (the client redraws prompt and line).
 *   'T' Tab-complete a partial line.  Answer: 'r' whose `line` is the
 *       completed line and whose output is the listing of choices (if any).
 *   'R' raw terminal input bytes (mode s only).
 *   'E' end of raw input (mode s): the daemon finishes the queued input,
 *       then sends 'x' and closes.
 *   'W' window size changed: width and length as in 'H'.
 *
 * Daemon -> client
 *   'r' reply: status byte (0 ok, 1 a `%` error was printed, 2 the session
 *       ended), echo byte (0: the next input is secret, do not echo), then
 *       three strings each as a 4-byte big-endian length and the bytes:
 *       output, next prompt, completed line; then the session's terminal
 *       length (2 bytes, big-endian; 0 = no paging), which the interactive
 *       client uses for --More--.
 *   'a' asynchronous output (terminal monitor, log lines): print it above
 *       the line being edited.
 *   'S' screen bytes (mode s).
 *   'x' the session is over (the daemon closes the socket next).
 */
#ifndef ZB_PROTO_H
#define ZB_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

#define PROTO_MAX (16u * 1024 * 1024)

enum proto_status { PROTO_OK = 0, PROTO_ERR = 1, PROTO_CLOSED = 2 };

struct proto_reply {
	int status;
	int echo;
	const char *out;
	size_t outlen;
	const char *prompt;
	size_t promptlen;
	const char *line;
	size_t linelen;
	unsigned length; /* terminal length, 0: no paging */
};

/* Append one frame to b. */
int proto_frame(struct buf *b, char type, const void *p, size_t len);
/* Append an 'r' frame. */
int proto_reply_frame(struct buf *b, const struct proto_reply *);
/*
 * Look for a whole frame at the start of (p, len).  Returns the number of
 * bytes it occupies (and sets *type, *pay, *paylen), 0 when more bytes are
 * needed, -EPROTO for a malformed frame.
 */
long proto_parse(const void *p, size_t len, char *type, const char **pay,
    size_t *paylen);
/* Decode an 'r' payload; the strings point into the payload. */
int proto_reply_parse(const char *pay, size_t len, struct proto_reply *);

#endif
