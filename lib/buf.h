/* Growable byte buffer used for command output and message assembly. */
#ifndef ZB_BUF_H
#define ZB_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p; /* always NUL-terminated when len > 0 or after buf_init */
	size_t len;
	size_t cap;
};

void buf_init(struct buf *);
void buf_free(struct buf *);
void buf_reset(struct buf *);
int buf_reserve(struct buf *, size_t extra);
int buf_append(struct buf *, const void *, size_t);
int buf_puts(struct buf *, const char *);
int buf_putc(struct buf *, char);
int buf_printf(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *, const char *, va_list)
    __attribute__((format(printf, 2, 0)));
/* Drop the first n bytes. */
void buf_consume(struct buf *, size_t n);

#endif
