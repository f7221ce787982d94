#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip_parse.h"
#include "alg/tcp_framer.h"

void
sip_framer_init(struct sip_framer *f)
{
	memset(f, 0, sizeof(*f));
}

static void
drop_ooo(struct sip_framer *f)
{
	for (unsigned i = 0; i < f->nooo; i++)
		free(f->ooo[i].data);
	f->nooo = 0;
	f->ooo_bytes = 0;
}

static void
drop_tail(struct sip_framer *f)
{
	free(f->tail);
	f->tail = NULL;
	f->tail_len = f->tail_cap = f->need = 0;
}

void
sip_framer_free(struct sip_framer *f)
{
	drop_tail(f);
	drop_ooo(f);
}

int
sip_framer_syn(struct sip_framer *f, uint32_t isn)
{
	if (f->started)
		return isn == f->isn ? 0 : -EEXIST;
	f->started = true;
	f->isn = isn;
	f->next = isn + 1;
	return 0;
}

int
sip_framer_fin(struct sip_framer *f, uint32_t end_seq)
{
	if (!f->started || f->fin || end_seq != f->next)
		return -1;
	f->fin = true;
	f->next++; /* the FIN takes one sequence number */
	return 0;
}

/*
 * Do bytes p[0..len) at seq agree with every held out-of-order segment
 * and with the kept tail (the bytes just before f->next)?
 */
static bool
agrees(const struct sip_framer *f, uint32_t seq, const uint8_t *p, size_t len)
{
	for (unsigned i = 0; i < f->nooo; i++) {
		const struct framer_ooo *o = &f->ooo[i];
		int64_t lo = (int32_t)(o->seq - seq), hi = lo + o->len;

		if (lo < 0)
			lo = 0;
		if (hi > (int64_t)len)
			hi = (int64_t)len;
		if (lo < hi &&
		    memcmp(p + lo,
			o->data + (uint32_t)(seq + (uint32_t)lo - o->seq),
			(size_t)(hi - lo)) != 0)
			return false;
	}
	if (f->tail_len > 0) {
		uint32_t tseq = f->next - f->tail_len;
		int64_t lo = (int32_t)(tseq - seq), hi = lo + f->tail_len;

		if (lo < 0)
			lo = 0;
		if (hi > (int64_t)len)
			hi = (int64_t)len;
		if (lo < hi &&
		    memcmp(p + lo,
			f->tail + (uint32_t)(seq + (uint32_t)lo - tseq),
			(size_t)(hi - lo)) != 0)
			return false;
	}
	return true;
}

static void
broken(struct sip_framer *f, struct framer_result *res, enum framer_status st,
    int err)
{
	f->broken = true;
	res->status = st;
	res->err = err;
	drop_tail(f);
	drop_ooo(f);
}

/*
 * Parse the messages of p[0..len), which starts at a message boundary.
 * Returns the bytes consumed, or -1 when the stream broke.
 */
static long
deliver(struct sip_framer *f, const uint8_t *p, size_t len, framer_msg_fn fn,
    void *arg, struct framer_result *res)
{
	struct sip_msg m;
	size_t off = 0, need;
	int rc;

	f->need = 0;
	for (;;) {
		/* CRLF keep-alives (RFC 5626) between messages */
		while (off < len && (p[off] == '\r' || p[off] == '\n')) {
			if (p[off] == '\n')
				res->keepalives++;
			off++;
		}
		if (off == len)
			break;
		rc = sip_parse(p + off, len - off, SIP_PARSE_STREAM, &m, &need);
		if (rc == -SIP_E_INCOMPLETE) {
			f->need = (uint32_t)need;
			break;
		}
		if (rc < 0) {
			broken(f, res,
			    rc == -SIP_E_TOO_BIG ? FR_TOO_BIG : FR_BAD, rc);
			return -1;
		}
		if ((rc = fn(arg, &m, p + off)) < 0) {
			broken(f, res, FR_BAD, rc);
			return -1;
		}
		res->msgs++;
		off += m.msg_len;
	}
	return (long)off;
}

/* In-order bytes at f->next. */
static int
append(struct sip_framer *f, const uint8_t *p, size_t len, size_t max,
    framer_msg_fn fn, void *arg, struct framer_result *res)
{
	long n;
	size_t rest;

	f->next += (uint32_t)len;
	if (f->tail_len == 0) {
		if ((n = deliver(f, p, len, fn, arg, res)) < 0)
			return -1;
		rest = len - (size_t)n;
		if (rest == 0)
			return 0;
		if (rest > max) {
			broken(f, res, FR_TOO_BIG, -SIP_E_TOO_BIG);
			return -1;
		}
		if ((f->tail = malloc(rest)) == NULL) {
			broken(f, res, FR_TOO_BIG, -SIP_E_TOO_BIG);
			return -1;
		}
		memcpy(f->tail, p + n, rest);
		f->tail_len = f->tail_cap = (uint32_t)rest;
		return 0;
	}
	if ((size_t)f->tail_len + len > max) {
		broken(f, res, FR_TOO_BIG, -SIP_E_TOO_BIG);
		return -1;
	}
	if (f->tail_len + len > f->tail_cap) {
		size_t cap = f->tail_cap * 2;
		uint8_t *nb;

		if (cap < f->tail_len + len)
			cap = f->tail_len + len;
		if (cap > max)
			cap = max;
		if ((nb = realloc(f->tail, cap)) == NULL) {
			broken(f, res, FR_TOO_BIG, -SIP_E_TOO_BIG);
			return -1;
		}
		f->tail = nb;
		f->tail_cap = (uint32_t)cap;
	}
	memcpy(f->tail + f->tail_len, p, len);
	f->tail_len += (uint32_t)len;
	if (f->need != 0 && f->tail_len < f->need)
		return 0; /* still short of the known size */
	if ((n = deliver(f, f->tail, f->tail_len, fn, arg, res)) < 0)
		return -1;
	if ((size_t)n == f->tail_len) {
		drop_tail(f);
		return 0;
	}
	memmove(f->tail, f->tail + n, f->tail_len - (size_t)n);
	f->tail_len -= (uint32_t)n;
	return 0;
}

static enum framer_status
hold(struct sip_framer *f, uint32_t seq, const uint8_t *p, size_t len,
    size_t max)
{
	struct framer_ooo *o;

	for (unsigned i = 0; i < f->nooo; i++)
		if (f->ooo[i].seq == seq && f->ooo[i].len >= len)
			return FR_HELD; /* already held */
	if (f->nooo == FRAMER_OOO_MAX ||
	    (size_t)f->ooo_bytes + f->tail_len + len > max)
		return FR_OOO_FULL;
	o = &f->ooo[f->nooo];
	if ((o->data = malloc(len)) == NULL)
		return FR_OOO_FULL;
	memcpy(o->data, p, len);
	o->seq = seq;
	o->len = (uint32_t)len;
	f->nooo++;
	f->ooo_bytes += (uint32_t)len;
	return FR_HELD;
}

/* Feed held segments that the stream has now reached. */
static int
merge(struct sip_framer *f, size_t max, framer_msg_fn fn, void *arg,
    struct framer_result *res)
{
	bool progress = true;

	while (progress && f->nooo > 0 && !f->broken) {
		progress = false;
		for (unsigned i = 0; i < f->nooo; i++) {
			struct framer_ooo o = f->ooo[i];
			int32_t d = (int32_t)(o.seq - f->next);

			if (d > 0)
				continue;
			f->ooo[i] = f->ooo[--f->nooo];
			f->ooo_bytes -= o.len;
			progress = true;
			if ((int64_t)-d < (int64_t)o.len &&
			    append(f, o.data + (uint32_t)-d,
				o.len - (uint32_t)-d, max, fn, arg, res) < 0) {
				free(o.data);
				return -1;
			}
			free(o.data);
			break;
		}
	}
	return 0;
}

enum framer_status
sip_framer_segment(struct sip_framer *f, uint32_t seq, const uint8_t *p,
    size_t len, size_t max, framer_msg_fn fn, void *arg,
    struct framer_result *res)
{
	int32_t d;

	memset(res, 0, sizeof(*res));
	if (f->broken)
		return res->status = FR_BROKEN;
	if (!f->started)
		return res->status = FR_MIDSTREAM;
	if (len == 0)
		return res->status = FR_OK;
	if (len > 0x7fffffff)
		return res->status = FR_OOO_FULL;
	if (!agrees(f, seq, p, len))
		return res->status = FR_CONFLICT;
	d = (int32_t)(seq - f->next);
	if (f->fin && (int64_t)d + (int64_t)len > -1)
		return res->status = FR_CLOSED; /* bytes beyond the FIN */
	if (d < 0) {
		if ((int64_t)-d >= (int64_t)len)
			return res->status = FR_RETRANS;
		p += (uint32_t)-d;
		len -= (uint32_t)-d;
	} else if (d > 0)
		return res->status = hold(f, seq, p, len, max);
	res->status = FR_OK;
	if (append(f, p, len, max, fn, arg, res) < 0)
		return res->status;
	if (merge(f, max, fn, arg, res) < 0)
		return res->status;
	return res->status;
}
