/*
 * The daemon's state, shared by the modules through one pointer.  The CLI
 * edits cfg; zbfw_commit() compiles it into a new immutable policy graph and
 * swaps `graph` (the dataplane reads only the graph).
 */
#ifndef ZB_ZBFW_H
#define ZB_ZBFW_H

#include <stdbool.h>
#include <time.h>

struct event_base;
struct zone_cfg;		/* zones/zones.h: the configuration model */
struct policy_graph;		/* zones/policy.h: compiled, immutable */
struct dp;			/* dataplane/dp.h: NULL with --no-dataplane */
struct mgmt_cfg;		/* cli/mgmt.h: hostname, users, lines, secrets */
struct sip_alg;			/* alg/sip.h: SIP inspection state */

struct zbfw {
	struct event_base	*evb;
	struct zone_cfg		*cfg;
	const struct policy_graph *graph;
	struct dp		*dp;
	struct mgmt_cfg		*mgmt;
	struct sip_alg		*sip;		/* NULL until the daemon creates it */
	const char		*startup_path;	/* -f */
	const char		*sock_path;	/* -S */
	time_t			 boot_time;
	bool			 loading;	/* batch load: commit once at end */
	unsigned		 commits;	/* graph generations */
};

/*
 * Compile z->cfg and swap z->graph (and tell the dataplane).  Returns 0, or
 * -1 when the configuration does not compile (the old graph stays).
 * Called by the CLI after every successful configuration command, and once
 * after a file load.  Implemented in daemon/commit.c.
 */
int	zbfw_commit(struct zbfw *);

#endif
