/*
 * The dataplane side of the SIP ALG (alg/sip.h): packets of SIP-inspected
 * connections go to sip_alg_packet(); pinholes the ALG opens are kept
 * here (id -> the signalling session's mark) and consulted for new
 * connections before the zone policy; an admitted media connection is
 * marked DPM_CHILD with the call's zone-pair/class and deleted from
 * conntrack when its pinhole closes.
 */
#ifndef ZB_DP_SIP_GLUE_H
#define ZB_DP_SIP_GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dp;
struct dp_sess;
struct dp_tuple;
union dp_addr;

int dp_sip_init(struct dp *);
void dp_sip_fini(struct dp *);
void dp_sip_tick(struct dp *);
/* New connection: 0 and *mark when a pinhole admits it, else -ENOENT. */
int dp_sip_pinhole(struct dp *, uint8_t proto, int family,
    const union dp_addr *src, uint16_t sport, const union dp_addr *dst,
    uint16_t dport, int in_zone, int out_zone, uint32_t *mark);
/* A packet of a SIP connection (mark: the connection's): 0 pass, -EPERM
 * drop (the ALG refused it). */
int dp_sip_packet(struct dp *, int family, uint8_t proto,
    const union dp_addr *src, uint16_t sport, const union dp_addr *dst,
    uint16_t dport, uint8_t tcpflags, uint32_t seq, int reply, int in_zone,
    int out_zone, const uint8_t *pl, size_t len);
void dp_sip_set_mark(struct dp *, uint32_t mark);
/* The pinhole that admitted a media session (0: unknown). */
uint64_t dp_sip_child_of(struct dp *, const struct dp_sess *);
/* The signalling connection whose message opened pinhole (the SIP
 * session a media session is a child of): 0 and *out, or -ENOENT. */
int dp_sip_parent(struct dp *, uint64_t pinhole, struct dp_tuple *out);
/* New traffic of a media session since the last report, by conntrack
 * direction (0 original, 1 reply). */
void dp_sip_account(struct dp *, const struct dp_sess *, const uint64_t pkts[2],
    const uint64_t bytes[2]);
/*
 * The ALG's state across restarts (sip_ckpt.c): load path (once, after
 * the session table was rebuilt; a missing file is no state, a bad one is
 * logged and ignored), then save (when it changed, or force) and free.
 */
void dp_sip_ckpt_load(struct dp *, const char *path);
void dp_sip_ckpt_save(struct dp *, bool force);
void dp_sip_ckpt_free(struct dp *);
/* A SIP-inspected TCP session ended. */
void dp_sip_flow_end(struct dp *, const struct dp_sess *);

#endif
