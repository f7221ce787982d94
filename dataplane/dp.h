/*
 * The dataplane: NFQUEUE verdicts, sessions in conntrack, counters.  The
 * show/clear commands ask it through these calls; with --no-dataplane
 * (dp == NULL) every call reports zero / nothing.
 */
#ifndef ZB_DP_H
#define ZB_DP_H

#include <stdint.h>
#include <time.h>

#include "lib/buf.h"

struct zbfw;
struct dp;

struct dp_opts {
	unsigned	queue;		/* -q */
};

/* Per zone-pair class counters, as `show policy-map type inspect zone-pair`
 * prints them. */
struct dp_class_stats {
	uint64_t	pkts, bytes;		/* pass/drop: packets matched */
	uint64_t	tcp_pkts, udp_pkts, icmp_pkts;	/* inspect: per proto */
	uint64_t	sessions_created;
	uint32_t	cur_estab, cur_halfopen, cur_terminating;
	uint32_t	max_estab, max_halfopen, max_terminating;
	time_t		last_created;		/* 0: never */
	time_t		last_reset;		/* 0: never */
	uint32_t	last_rate;		/* sessions created, last minute */
	uint32_t	last_halfopen_total;
};

int	dp_start(struct zbfw *, const struct dp_opts *, struct dp **out);
void	dp_stop(struct dp *);
/* Register the dataplane show/clear/debug commands. */
void	dp_cli_init(void);
/* A new graph was swapped in (called by zbfw_commit). */
void	dp_graph_changed(struct dp *);

void	dp_class_stats(struct dp *, const char *zp, const char *cls,
	    struct dp_class_stats *out);
/* Append the session list of one class in the IOS layout of
 * `show policy-map type inspect zone-pair sessions` (the "Established
 * Sessions" ... blocks), indented for the class. */
void	dp_class_sessions(struct dp *, const char *zp, const char *cls,
	    struct buf *out);
/* An interface by Linux name or altname (rtnetlink): DP_IF_UP,
 * DP_IF_DOWN, or DP_IF_ABSENT (not present, or dp == NULL). */
#define DP_IF_ABSENT	(-1)
#define DP_IF_DOWN	0
#define DP_IF_UP	1
int	dp_iface_state(struct dp *, const char *ifname);
int	dp_clear_counters(struct dp *, const char *zp);	/* NULL: all */
int	dp_clear_sessions(struct dp *, const char *zp);

#endif
