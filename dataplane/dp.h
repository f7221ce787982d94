/*
 * The dataplane: NFQUEUE verdicts, sessions in conntrack, counters.  The
 * firewall show/clear commands (zones/) ask it through dp_stats_ops, which
 * the daemon plugs into the configuration model; with --no-dataplane there
 * is no dp and nothing is plugged in.
 */
#ifndef ZB_DP_H
#define ZB_DP_H

struct dp;
struct event_base;
struct zone_graph;
struct sip_alg;
struct zone_stats_ops;

/* What the dataplane is started with. */
struct dp_config {
	struct event_base *evb; /* the daemon's loop */
	/* the policy graph in force (NULL: none yet, no firewall); later
	 * ones come through dp_graph_changed() */
	const struct zone_graph *graph;
	unsigned queue; /* NFQUEUE number (-q) */
	/* the SIP ALG's saved state (NULL: none): loaded at start, written
	 * every second when it changed and at dp_stop() */
	const char *sip_state;
};

/* 0 and *out, or -errno (-EPERM without CAP_NET_ADMIN). */
int dp_start(const struct dp_config *, struct dp **out);
void dp_stop(struct dp *);
/* Register the dataplane show/clear/debug commands in c for dp (NULL:
 * no dataplane, the counters show zero). */
struct cli;
void dp_cli_init(struct cli *c, struct dp *dp);
/* The graph in force is now g (the old one may be freed on return):
 * new connections see it, existing sessions keep their verdict. */
void dp_graph_changed(struct dp *, const struct zone_graph *g);
/* The SIP ALG the dataplane feeds (its callbacks are the dataplane's),
 * for the SIP show/clear commands; it lives until dp_stop(). */
struct sip_alg *dp_sip_alg(struct dp *);

/* The statistics of the firewall shows (zones/zones.h), arg: the dp. */
extern const struct zone_stats_ops dp_stats_ops;

#endif
