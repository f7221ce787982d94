/* Framing of the console protocol (see proto.h). */
#include <errno.h>
#include <string.h>

#include "daemon/proto.h"

static void
put32(unsigned char *d, uint32_t v)
{
	d[0] = v >> 24;
	d[1] = v >> 16;
	d[2] = v >> 8;
	d[3] = v;
}

static uint32_t
get32(const unsigned char *s)
{
	return (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 |
	    (uint32_t)s[2] << 8 | s[3];
}

int
proto_frame(struct buf *b, char type, const void *p, size_t len)
{
	unsigned char h[5];

	if (len + 1 > PROTO_MAX)
		return -EMSGSIZE;
	put32(h, (uint32_t)len + 1);
	h[4] = (unsigned char)type;
	if (buf_append(b, h, sizeof(h)) < 0 ||
	    (len > 0 && buf_append(b, p, len) < 0))
		return -ENOMEM;
	return 0;
}

static int
put_str(struct buf *b, const char *s, size_t len)
{
	unsigned char h[4];

	put32(h, (uint32_t)len);
	if (buf_append(b, h, 4) < 0 || (len > 0 && buf_append(b, s, len) < 0))
		return -ENOMEM;
	return 0;
}

int
proto_reply_frame(struct buf *b, const struct proto_reply *r)
{
	struct buf p;
	char hd[2];
	int rc;

	buf_init(&p);
	hd[0] = (char)r->status;
	hd[1] = (char)(r->echo ? 1 : 0);
	if ((rc = buf_append(&p, hd, 2)) < 0 ||
	    (rc = put_str(&p, r->out, r->outlen)) < 0 ||
	    (rc = put_str(&p, r->prompt, r->promptlen)) < 0 ||
	    (rc = put_str(&p, r->line, r->linelen)) < 0 ||
	    (rc = buf_putc(&p, (char)(r->length >> 8 & 0xff))) < 0 ||
	    (rc = buf_putc(&p, (char)(r->length & 0xff))) < 0) {
		buf_free(&p);
		return rc;
	}
	rc = proto_frame(b, 'r', p.p, p.len);
	buf_free(&p);
	return rc;
}

long
proto_parse(const void *p, size_t len, char *type, const char **pay,
    size_t *paylen)
{
	const unsigned char *s = p;
	uint32_t n;

	if (len < 4)
		return 0;
	n = get32(s);
	if (n < 1 || n > PROTO_MAX)
		return -EPROTO;
	if (len - 4 < n)
		return 0;
	*type = (char)s[4];
	*pay = (const char *)s + 5;
	*paylen = n - 1;
	return (long)n + 4;
}

static int
get_str(const char **p, size_t *left, const char **s, size_t *slen)
{
	uint32_t n;

	if (*left < 4)
		return -EPROTO;
	n = get32((const unsigned char *)*p);
	*p += 4;
	*left -= 4;
	if (n > *left)
		return -EPROTO;
	*s = *p;
	*slen = n;
	*p += n;
	*left -= n;
	return 0;
}

int
proto_reply_parse(const char *pay, size_t len, struct proto_reply *r)
{
	const char *p = pay;
	size_t left = len;

	if (left < 2)
		return -EPROTO;
	r->status = (unsigned char)p[0];
	r->echo = p[1] != 0;
	p += 2;
	left -= 2;
	if (get_str(&p, &left, &r->out, &r->outlen) < 0 ||
	    get_str(&p, &left, &r->prompt, &r->promptlen) < 0 ||
	    get_str(&p, &left, &r->line, &r->linelen) < 0 || left < 2)
		return -EPROTO;
	r->length = (unsigned)(unsigned char)p[0] << 8 | (unsigned char)p[1];
	return 0;
}
