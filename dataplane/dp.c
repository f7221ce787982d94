/*
 * Dataplane lifecycle: start (links, queue, chains, conntrack, in that
 * order), the once-a-second tick, graph changes, stop; and the monotonic
 * clock and batch receive the netlink readers share.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <unistd.h>

#include <event2/event.h>

#include "dataplane/dp_int.h"
#include "dataplane/sip_glue.h"
#include "lib/log.h"

#define DP_HSIZE 65536
#define DP_MAX_SESS 262144 /* without sessions maximum: memory bound */
#define DP_IPT_CHECK 3	   /* seconds between checks of the chains */

time_t
dp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* One recvmmsg into vec buffers of bufsz bytes laid out in buf: the
 * number of messages, or -errno. */
int
dp_recv_batch(int fd, char *buf, size_t bufsz, unsigned vec,
    struct mmsghdr *msgs, struct iovec *iov)
{
	unsigned i;
	int n;

	memset(msgs, 0, vec * sizeof(*msgs));
	for (i = 0; i < vec; i++) {
		iov[i].iov_base = buf + (size_t)i * bufsz;
		iov[i].iov_len = bufsz;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	n = recvmmsg(fd, msgs, vec, MSG_DONTWAIT, NULL);
	return n < 0 ? -errno : n;
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The conntrack dump once a second, less often when the table is so big
 * that dumping it would take more than a tenth of the time.
 */
static void
dp_sweep(struct dp *dp, bool force)
{
	double t0 = mono();

	if (!force && t0 < dp->sweep_next)
		return;
	dp_ct_sweep(dp);
	dp->sweep_cost = mono() - t0;
	dp->sweep_next = t0 +
	    (dp->sweep_cost * 10 > 0.95 ? dp->sweep_cost * 10 : 0.95);
}

static void
tick_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct dp *dp = arg;

	dp->log_budget = 0;
	dp->dbg_budget = 0;
	if (dp->dbg_suppressed > 0) {
		log_dbg(DBG_CCE | DBG_PMAP_DETAIL,
		    "FW: %llu per-packet debug "
		    "lines suppressed",
		    (unsigned long long)dp->dbg_suppressed);
		dp->dbg_suppressed = 0;
	}
	if (dp->log_suppressed > 0) {
		log_warnx("%llu DROP_PKT messages suppressed",
		    (unsigned long long)dp->log_suppressed);
		dp->log_suppressed = 0;
	}
	dp_class_tick(dp);
	dp_nfq_tick(dp);
	dp_sweep(dp, false);
	dp_hosts_gc(dp, false);
	dp_sip_tick(dp);
	if (++dp->ipt_tick >= DP_IPT_CHECK) {
		dp->ipt_tick = 0;
		dp_ipt_check(dp);
	}
}

static int
have_net_admin(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return 0;
	return (d[CAP_NET_ADMIN / 32].effective &
		   (1u << (CAP_NET_ADMIN % 32))) != 0;
}

int
dp_start(const struct dp_config *cfg, struct dp **out)
{
	struct dp *dp;
	struct timeval tv = { 1, 0 };
	int rc;

	*out = NULL;
	if (!have_net_admin()) {
		log_warnx("dataplane: CAP_NET_ADMIN is required "
			  "(run as root, or use --no-dataplane)");
		return -EPERM;
	}
	if ((dp = calloc(1, sizeof(*dp))) == NULL)
		return -ENOMEM;
	dp->evb = cfg->evb;
	dp->graph = cfg->graph;
	dp->queue = cfg->queue;
	dp->hsize = DP_HSIZE;
	dp->max_sess = DP_MAX_SESS;
	if ((rc = siphash_key_random(&dp->host_key)) < 0 ||
	    (dp->htab = calloc(dp->hsize, sizeof(*dp->htab))) == NULL) {
		free(dp);
		return rc < 0 ? rc : -ENOMEM;
	}
	/* Links first (zones of the queued packets), then the queue before
	 * the rules that feed it, then conntrack (dump rebuilds sessions). */
	if ((rc = dp_sip_init(dp)) < 0 || (rc = dp_link_open(dp)) < 0 ||
	    (rc = dp_nfq_open(dp)) < 0 || (rc = dp_ipt_install(dp)) < 0 ||
	    (rc = dp_ct_open(dp)) < 0) {
		dp_stop(dp);
		return rc;
	}
	dp->ev_tick = event_new(dp->evb, -1, EV_PERSIST, tick_cb, dp);
	if (dp->ev_tick == NULL || event_add(dp->ev_tick, &tv) < 0) {
		dp_stop(dp);
		return -ENOMEM;
	}
	dp_sweep(dp, true);
	log_info("dataplane: NFQUEUE %u, %u sessions rebuilt from conntrack",
	    dp->queue, dp->nsess);
	/* the ALG's state on top of the sessions, before any packet is read */
	dp_sip_ckpt_load(dp, cfg->sip_state);
	*out = dp;
	return 0;
}

/*
 * Clean exit: the queue closes, the chains stay.  Without a reader the
 * NFQUEUE rule drops every new connection while the connmark rules keep
 * established ones flowing: fail closed, exactly as after a crash.  To
 * open the firewall for good, remove the ZBFW and ZBFW-SAVE chains by hand
 * (doc/PERFORMANCE.md, "Packet path").
 */
void
dp_stop(struct dp *dp)
{
	if (dp == NULL)
		return;
	if (dp->ev_tick != NULL)
		event_free(dp->ev_tick);
	dp_nfq_close(dp);
	dp_ct_close(dp);
	dp_link_close(dp);
	dp_sip_fini(dp);
	dp_sess_free_all(dp);
	dp_cstats_free_all(dp);
	dp_pcache_clear(dp);
	dp_hosts_gc(dp, true);
	dp_ipt_fini(dp);
	free(dp);
}

void
dp_graph_changed(struct dp *dp, const struct zone_graph *g)
{
	if (dp == NULL)
		return;
	dp->graph = g;
	/* Parameters of the new graph are learnt by the next verdicts. */
	dp_pcache_clear(dp);
	dp_link_rezone(dp);
}

struct sip_alg *
dp_sip_alg(struct dp *dp)
{
	return dp != NULL ? dp->sip : NULL;
}
