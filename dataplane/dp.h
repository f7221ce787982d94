/*
 * The dataplane: NFQUEUE verdicts, sessions in conntrack, counters.  The
 * firewall show/clear commands (zones/) ask it through dp_stats_ops, which
 * the daemon plugs into the configuration model; with --no-dataplane there
 * is no dp and nothing is plugged in.
 */
#ifndef ZB_DP_H
#define ZB_DP_H

#include <stdint.h>
#include <time.h>

#include "lib/buf.h"

struct zbfw;
struct dp;
struct zone_stats_ops;

struct dp_opts {
	unsigned	queue;		/* -q */
};

int	dp_start(struct zbfw *, const struct dp_opts *, struct dp **out);
void	dp_stop(struct dp *);
/* Register the dataplane show/clear/debug commands in c for dp (NULL:
 * no dataplane, the counters show zero). */
struct cli;
void	dp_cli_init(struct cli *c, struct dp *dp);
/* A new graph was swapped in (called by zbfw_commit). */
void	dp_graph_changed(struct dp *);

/* The statistics of the firewall shows (zones/zones.h), arg: the dp. */
extern const struct zone_stats_ops dp_stats_ops;

#endif
