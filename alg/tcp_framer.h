/*
 * TCP framer, one per direction of a SIP TCP connection.  Sequence-number
 * keyed: messages are parsed only from proven boundaries (the stream start
 * after the SYN, then each message's end by Content-Length), never from a
 * segment start.  Retransmissions are ignored, out-of-order segments are
 * held (bounded) until the hole is filled, an incomplete last message is
 * kept (bounded) until it completes.  The stream is the endpoint's: a
 * later SYN never moves it, and a segment whose bytes differ from bytes
 * already held for the same sequence numbers is refused (FR_CONFLICT), so
 * whatever the receiver's overlap rule, it gets only the bytes parsed here.
 */
#ifndef ZB_TCP_FRAMER_H
#define ZB_TCP_FRAMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sip_msg;

#define FRAMER_OOO_MAX 8 /* out-of-order segments held */

struct framer_ooo {
	uint32_t seq;
	uint32_t len;
	uint8_t *data;
};

struct sip_framer {
	bool started; /* SYN seen: next is a boundary */
	bool broken;  /* framing lost: drop everything */
	bool fin;     /* FIN taken in order: no more data */
	uint8_t nooo;
	uint32_t isn;	   /* of the SYN that started it */
	uint32_t next;	   /* next stream byte expected */
	uint32_t need;	   /* known size of the partial message */
	uint32_t tail_len; /* bytes of the partial message kept */
	uint32_t tail_cap;
	uint32_t ooo_bytes;
	uint8_t *tail;
	struct framer_ooo ooo[FRAMER_OOO_MAX];
};

enum framer_status {
	FR_OK,	      /* in order; complete messages delivered */
	FR_RETRANS,   /* only bytes already seen */
	FR_HELD,      /* out of order: held until the hole fills */
	FR_MIDSTREAM, /* stream start never seen: not parsed */
	FR_BROKEN,    /* framing lost earlier: drop */
	FR_OOO_FULL,  /* out of order and no room: drop */
	FR_TOO_BIG,   /* message over the bound: drop, now broken */
	FR_BAD,	      /* a message failed: drop, now broken */
	FR_CONFLICT,  /* bytes differ from those held: drop */
	FR_CLOSED,    /* new bytes after the FIN: drop */
};

struct framer_result {
	enum framer_status status;
	unsigned msgs;	     /* messages delivered */
	int err;	     /* FR_BAD: the callback's error */
	unsigned keepalives; /* CRLF pings skipped */
};

/* Called for each complete message in stream order: 0, or <0 to fail. */
typedef int (
    *framer_msg_fn)(void *arg, const struct sip_msg *, const uint8_t *msg);

void sip_framer_init(struct sip_framer *);
void sip_framer_free(struct sip_framer *);
/*
 * SYN (or SYN-ACK) seen with this ISN: 0 when it starts the stream or
 * repeats its ISN, -EEXIST (nothing changed) for another ISN.
 */
int sip_framer_syn(struct sip_framer *, uint32_t isn);
/* A FIN whose segment ends at end_seq: 0 when in order (taken), else -1. */
int sip_framer_fin(struct sip_framer *, uint32_t end_seq);
/*
 * One segment's payload at sequence number seq.  max bounds the partial
 * message plus held out-of-order bytes.  Returns res->status.
 */
enum framer_status sip_framer_segment(struct sip_framer *, uint32_t seq,
    const uint8_t *p, size_t len, size_t max, framer_msg_fn fn, void *arg,
    struct framer_result *res);

#endif
