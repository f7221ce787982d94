/*
 * Internal state of the dataplane's SIP glue, shared by sip_glue.c (the
 * packet path) and sip_ckpt.c (the ALG's state across restarts).
 */
#ifndef ZB_DP_SIP_GLUE_INT_H
#define ZB_DP_SIP_GLUE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "dataplane/dp_int.h"
#include "lib/buf.h"
#include "lib/siphash.h"

struct l7_conn;

/* The checkpoint of the ALG's state (sip_ckpt.c). */
struct sip_ckpt {
	char *path;		       /* NULL: none */
	bool ready;		       /* loaded (or tried): may write */
	uint64_t mono_base, wall_base; /* clock base of the stream */
	struct buf last;	       /* bytes last written */
	struct l7_conn *conns;	       /* SIP TCP sessions, sorted */
	size_t nconns;
	uint64_t writes, write_errors;
};

#define PH_HSIZE 4096
#define PH_MAX 100000	  /* pinholes we keep marks for */
#define PEND_HSIZE 4096	  /* media admitted, conntrack entry not seen */
#define PEND_MAX 65536	  /* ... at most; beyond, admission refused */
#define PEND_AGE_MS 30000 /* forgotten when conntrack never saw it */
#define PH_KIDS 4	  /* media connections remembered per pinhole */

struct ph {
	struct ph *next;
	uint64_t id;
	uint32_t mark;	     /* the signalling session's mark */
	struct dp_tuple sig; /* ... and its connection */
	/* conntrack ids of the media connections it admitted, so that closing
	 * it finds them without scanning the session table (kids_over: more
	 * than PH_KIDS, scan) */
	uint32_t kids[PH_KIDS];
	unsigned nkids;
	bool kids_over;
};

/* A media connection a pinhole admitted, by its original tuple, until
 * its conntrack entry becomes a session (dp_sip_child_of). */
struct pend {
	struct pend *next;
	uint64_t id; /* the pinhole */
	uint64_t at; /* admitted, dp_sip_now_ms() */
	struct dp_tuple t;
};

struct sipg {
	struct ph *ph[PH_HSIZE];
	unsigned nph;
	struct pend *pend[PEND_HSIZE];
	unsigned npend;
	struct siphash_key pend_key; /* hash of pend[] */
	uint64_t pend_full;	     /* admissions refused: pend[] full */
	uint64_t pend_full_said;     /* ... as of the last log line */
	uint32_t cur_mark;
	struct dp_tuple cur_sig; /* connection of the packet in the ALG */
	bool dying;
	uint64_t refused;
	struct sip_ckpt ck; /* sip_ckpt.c */
};

uint64_t dp_sip_now_ms(void);

#endif
