/*
 * The SIP ALG's state as a byte stream (alg/sip_state.c): calls with their
 * dialogs, tags, offers/answers and pending INVITE transaction, their
 * pinholes with the dataplane's attachment of each (the conntrack ids it
 * admitted), registrations with their expiry, and every TCP signalling
 * stream's framer (the sequence number up to which it was framed at a
 * proven message boundary, per direction, the partial message and held
 * segments, broken or closed).  For a restart (a checkpoint file) and for
 * a standby that imports a peer's state (HA): the stream does not depend
 * on the process that wrote it (times are wall-clock based, pinhole ids
 * are kept, hashes are recomputed with the importer's keys).
 *
 * Format: a 48-byte header (magic "ZBFWSIPS", version, flags, clock base,
 * next pinhole id, record counts, body length), the body (registrations,
 * calls, TCP streams, in that order), and a SipHash-2-4
 * of header and body (a fixed key unless the caller gives one: a checksum
 * for a local file, a MAC with a key both peers share).  The loader checks
 * everything (magic, version, length, checksum, every field's bounds, the
 * table limits) before it changes anything: a stream that does not load
 * changes nothing.  See doc/SIP.md, "State across restarts".
 */
#ifndef ZB_SIP_STATE_H
#define ZB_SIP_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alg/sip.h"

struct buf;
struct siphash_key;

#define SIP_STATE_VERSION 1
#define SIP_STATE_BLOB_MAX 128 /* a pinhole's dataplane attachment */

/* What the owner of the ALG (the dataplane) adds and checks.  Every
 * callback is optional. */
struct sip_state_ops {
	void *arg;
	/* save: the dataplane's attachment of pinhole p (its mark, the
	 * conntrack ids it admitted) into buf: its length, or -errno */
	int (*ph_save)(void *arg, const struct sip_pinhole *p, uint8_t *buf,
	    size_t cap);
	/* load: attach pinhole p again (re-link the admitted connections
	 * that still exist): 0, or -errno to refuse it */
	int (*ph_restore)(void *arg, const struct sip_pinhole *p,
	    const uint8_t *blob, size_t len);
	/* the id of the connection (conntrack) with this original tuple:
	 * 0 and *id, or -ENOENT; a TCP stream resumes only on the same one */
	int (*conn_id)(void *arg, uint8_t proto, const struct sip_addr *a,
	    uint16_t ap, const struct sip_addr *b, uint16_t bp, uint32_t *id);
	/* does the configuration in force inspect SIP from src to dst? */
	bool (*inspects)(void *arg, uint8_t proto, const struct sip_addr *src,
	    uint16_t sport, int src_zone, const struct sip_addr *dst,
	    uint16_t dport, int dst_zone);
};

/* What a load restored and dropped (also in `show sip-alg statistics`). */
struct sip_state_result {
	uint32_t calls, pinholes, registrations, tcp_streams;
	uint32_t calls_dropped, pinholes_dropped, registrations_dropped;
	uint32_t tcp_streams_dropped;
};

/*
 * Append the state to out.  Times are written on the clock base
 * (mono_base, wall_base): mono_base is a time of the ALG's clock (the
 * now_ms the caller passes) and wall_base the wall clock (CLOCK_REALTIME,
 * ms) at that moment; keep the pair for the ALG's life so that the bytes
 * change only when the state does.  key NULL: the built-in checksum key.
 * 0 or -errno.
 */
int sip_state_save(struct sip_alg *, const struct sip_state_ops *,
    uint64_t mono_base, uint64_t wall_base, const struct siphash_key *key,
    struct buf *out);
/*
 * Load a state into an ALG that holds nothing yet (-EBUSY otherwise).
 * now_ms is the ALG's clock now and wall_ms the wall clock now: deadlines
 * keep their wall-clock time.  -EINVAL (bad magic, length, checksum or
 * field), -EPROTONOSUPPORT (another version) or -E2BIG (more than the
 * table limits) when nothing was loaded; 0 and *res otherwise.  Objects
 * the configuration no longer inspects (a call that came in through a
 * restored binding's pinhole is inspected), or over a quota, are dropped
 * (counted in *res; their pinholes' connections are deleted).
 */
int sip_state_load(struct sip_alg *, const struct sip_state_ops *,
    const uint8_t *p, size_t len, uint64_t now_ms, uint64_t wall_ms,
    const struct siphash_key *key, struct sip_state_result *res);

#endif
