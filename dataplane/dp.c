/*
 * Dataplane core: start/stop, the session table (rebuilt from conntrack),
 * per-class counters and the show/clear entry points of dp.h.  With
 * dp == NULL (--no-dataplane) every accessor reports zero or nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
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
#include "lib/zbfw.h"

#define DP_HSIZE	65536
#define DP_MAX_SESS	262144	/* without sessions maximum: memory bound */

static const char *const drop_names[DPD_COUNT] = {
	[DPD_L4HDR] = "Invalid L4 header",
	[DPD_TCP_INIT] = "Invalid TCP initiator",
	[DPD_TCP_HALFOPEN] = "TCP - Half-open session limit exceed",
	[DPD_UDP_HALFOPEN] = "UDP - Half-open session limit exceed",
	[DPD_SESS_LIMIT] = "Exceed session limit",
	[DPD_ZP_NOPOLICY] = "Zone-pair without policy",
	[DPD_CLASSIFY] = "Policy drop:classify result",
	[DPD_ICMP_CLASSIFY] = "ICMP policy drop:classify result",
	[DPD_L7] = "L7 inspection returns drop",
	[DPD_CREATE_FAIL] = "Firewall Create Session fail",
	[DPD_NOT_INIT] = "Not a session initiator",
	[DPD_INVALID_ZONE] = "Firewall invalid zone",
	[DPD_QUEUE] = "Firewall punt queue overflow",
	[DPD_NO_NEW] = "Firewall No new session allow",
	[DPD_BLACKOUT] = "Synflood blackout drop",
};

const char *
dp_drop_name(enum dp_drop d)
{
	return d < DPD_COUNT ? drop_names[d] : "?";
}

time_t
dp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* One recvmmsg into vec buffers of bufsz bytes laid out in buf. */
int
dp_recv_batch(int fd, char *buf, size_t bufsz, unsigned vec,
    struct mmsghdr *msgs, struct iovec *iov)
{
	unsigned i;

	memset(msgs, 0, vec * sizeof(*msgs));
	for (i = 0; i < vec; i++) {
		iov[i].iov_base = buf + (size_t)i * bufsz;
		iov[i].iov_len = bufsz;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	return recvmmsg(fd, msgs, vec, MSG_DONTWAIT, NULL);
}

void
dp_fmt_addr(int family, const union dp_addr *a, char *s, size_t len)
{
	if (inet_ntop(family, a, s, len) == NULL)
		snprintf(s, len, "?");
}

struct dp_cstats *
dp_cstats_get(struct dp *dp, const char *zp, const char *cls)
{
	struct dp_cstats *c;

	for (c = dp->stats; c != NULL; c = c->next)
		if (strcmp(c->zp, zp) == 0 && strcmp(c->cls, cls) == 0)
			return c;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->zp = strdup(zp)) == NULL || (c->cls = strdup(cls)) == NULL) {
		free(c->zp);
		free(c);
		return NULL;
	}
	c->next = dp->stats;
	dp->stats = c;
	return c;
}

/* Parameters cache by (zone-pair id, class id), learnt from verdicts and
 * emptied when the graph changes. */
#define PC_KEY(zp, cl)	((uint32_t)(zp) << 12 | (uint32_t)((cl) + 1))

const struct dp_pcache *
dp_pcache_get(struct dp *dp, unsigned zp, int cl)
{
	uint32_t key = PC_KEY(zp, cl);
	struct dp_pcache *pc;

	for (pc = dp->pcache[key % DP_PC_HSIZE]; pc != NULL; pc = pc->next)
		if (pc->key == key)
			return pc;
	return NULL;
}

void
dp_pcache_set(struct dp *dp, unsigned zp, int cl, const struct policy_params *p)
{
	uint32_t key = PC_KEY(zp, cl);
	struct dp_pcache *pc;

	if (p == NULL || zp > DPM_MAX_ZP || cl > DPM_MAX_CL ||
	    dp_pcache_get(dp, zp, cl) != NULL ||
	    (pc = calloc(1, sizeof(*pc))) == NULL)
		return;
	pc->key = key;
	pc->idle[0] = p->tcp_idle;
	pc->idle[1] = p->udp_idle;
	pc->idle[2] = p->icmp_idle;
	pc->synwait = p->tcp_synwait;
	pc->finwait = p->tcp_finwait;
	pc->sessions_max = p->sessions_max;
	pc->inc_low = p->max_incomplete_low;
	pc->inc_high = p->max_incomplete_high;
	pc->audit = p->audit_trail;
	pc->alert = p->alert;
	pc->udp_halfopen = (p->udp_halfopen_ms + 999) / 1000;
	pc->dns_timeout = p->dns_timeout;
	pc->min_low = p->one_minute_low;
	pc->min_high = p->one_minute_high;
	pc->host_max = p->tcp_max_incomplete_host;
	pc->block_min = p->tcp_block_time;
	pc->valid = true;
	pc->next = dp->pcache[key % DP_PC_HSIZE];
	dp->pcache[key % DP_PC_HSIZE] = pc;
}

static void
pcache_clear(struct dp *dp)
{
	struct dp_pcache *pc;
	size_t i;

	for (i = 0; i < DP_PC_HSIZE; i++)
		while ((pc = dp->pcache[i]) != NULL) {
			dp->pcache[i] = pc->next;
			free(pc);
		}
}

struct dp_sess *
dp_sess_find(struct dp *dp, uint32_t id)
{
	struct dp_sess *s;

	for (s = dp->htab[id % dp->hsize]; s != NULL; s = s->hnext)
		if (s->ct_id == id)
			return s;
	return NULL;
}

struct dp_sess *
dp_sess_new(struct dp *dp, uint32_t id)
{
	struct dp_sess *s;

	if (dp->nsess >= dp->max_sess)
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->ct_id = id;
	s->created = s->heard = s->state_since = dp_now();
	s->state = DPS_HALFOPEN;
	s->hnext = dp->htab[id % dp->hsize];
	dp->htab[id % dp->hsize] = s;
	dp->nsess++;
	return s;
}

static unsigned
host_hash(int family, const union dp_addr *a)
{
	const uint8_t *p = (const uint8_t *)a;
	size_t i, n = family == AF_INET ? 4 : 16;
	unsigned h = 2166136261u;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h % DP_HOST_HSIZE;
}

struct dp_host *
dp_host_get(struct dp *dp, int family, const union dp_addr *a, bool create)
{
	struct dp_host *h;
	unsigned i = host_hash(family, a);
	size_t n = family == AF_INET ? 4 : 16;

	for (h = dp->hosts[i]; h != NULL; h = h->next)
		if (h->family == family && memcmp(&h->a, a, n) == 0)
			return h;
	if (!create || (h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	h->family = family;
	memcpy(&h->a, a, n);
	h->next = dp->hosts[i];
	dp->hosts[i] = h;
	return h;
}

/* Forget hosts with nothing half-open and no block (once a second). */
static void
hosts_gc(struct dp *dp, bool all)
{
	struct dp_host **pp, *h;
	time_t now = dp_now();
	size_t i;

	for (i = 0; i < DP_HOST_HSIZE; i++)
		for (pp = &dp->hosts[i]; (h = *pp) != NULL;) {
			if (h->blocked_until != 0 && h->blocked_until <= now) {
				char a[INET6_ADDRSTRLEN];

				dp_fmt_addr(h->family, &h->a, a, sizeof(a));
				log_fw(4, "UNBLOCK_HOST", "New TCP connections "
				    "to host %s no longer blocked", a);
				h->blocked_until = 0;
			}
			if (all || (h->halfopen == 0 && h->blocked_until == 0)) {
				*pp = h->next;
				free(h);
			} else
				pp = &h->next;
		}
}

void
dp_sess_count(struct dp *dp, struct dp_sess *s, int delta)
{
	struct zone_class_stats *st;
	struct dp_host *h;

	if (s->kind == DPS_PASS || s->cs == NULL)
		return;
	if (s->proto == IPPROTO_TCP && s->state == DPS_HALFOPEN &&
	    (h = dp_host_get(dp, s->family, &s->dst, delta > 0)) != NULL &&
	    (delta > 0 || h->halfopen > 0))
		h->halfopen += delta;
	st = &s->cs->s;
	switch (s->state) {
	case DPS_HALFOPEN:
		st->cur_halfopen += delta;
		dp->halfopen += delta;
		if (st->cur_halfopen > st->max_halfopen)
			st->max_halfopen = st->cur_halfopen;
		break;
	case DPS_ESTAB:
		st->cur_estab += delta;
		if (st->cur_estab > st->max_estab)
			st->max_estab = st->cur_estab;
		break;
	default:
		st->cur_terminating += delta;
		if (st->cur_terminating > st->max_terminating)
			st->max_terminating = st->cur_terminating;
		break;
	}
}

void
dp_sess_set_state(struct dp *dp, struct dp_sess *s, int state)
{
	if (s->state == state)
		return;
	dp_sess_count(dp, s, -1);
	s->state = state;
	s->state_since = dp_now();
	dp_sess_count(dp, s, 1);
}

static void
fmt_ep(const struct dp_sess *s, int reply, char *out, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	unsigned port;

	dp_fmt_addr(s->family, reply ? &s->dst : &s->src, a, sizeof(a));
	if (s->proto == IPPROTO_ICMP || s->proto == IPPROTO_ICMPV6)
		port = reply ? 0 : s->sport;	/* IOS: type : 0 */
	else
		port = reply ? s->dport : s->sport;
	snprintf(out, len, s->family == AF_INET6 ? "[%s]:%u" : "%s:%u", a,
	    port);
}

static const char *
sess_proto(const struct dp_sess *s)
{
	if (s->kind == DPS_INSPECT && s->app != APP_NONE)
		return policy_app_name(s->app);
	return zone_proto_name(s->proto);
}

void
dp_sess_audit_start(struct dp *dp, struct dp_sess *s)
{
	char a[80], b[80];

	if (!s->audit || s->cs == NULL)
		return;
	fmt_ep(s, 0, a, sizeof(a));
	fmt_ep(s, 1, b, sizeof(b));
	log_fw(6, "SESS_AUDIT_TRAIL_START",
	    "(target:class)-(%s:%s):Start %s session: initiator (%s) -- "
	    "responder (%s)", s->cs->zp, s->cs->cls, sess_proto(s), a, b);
}

void
dp_sess_free(struct dp *dp, struct dp_sess *s, bool audit)
{
	struct dp_sess **pp;
	char a[80], b[80];

	if (audit && s->audit && s->cs != NULL) {
		fmt_ep(s, 0, a, sizeof(a));
		fmt_ep(s, 1, b, sizeof(b));
		log_fw(6, "SESS_AUDIT_TRAIL",
		    "(target:class)-(%s:%s):Stop %s session: initiator (%s) "
		    "sent %llu bytes -- responder (%s) sent %llu bytes",
		    s->cs->zp, s->cs->cls, sess_proto(s), a,
		    (unsigned long long)s->bytes[0], b,
		    (unsigned long long)s->bytes[1]);
	}
	if (s->kind != DPS_PASS)
		log_dbg(DBG_PMAP_EVENTS, "FW: session 0x%08X deleted "
		    "(zone-pair %s class %s)", s->ct_id,
		    s->cs ? s->cs->zp : "-", s->cs ? s->cs->cls : "-");
	dp_sess_count(dp, s, -1);
	for (pp = &dp->htab[s->ct_id % dp->hsize]; *pp != NULL;
	    pp = &(*pp)->hnext)
		if (*pp == s) {
			*pp = s->hnext;
			break;
		}
	dp->nsess--;
	free(s);
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
	dp->sweep_next = t0 + (dp->sweep_cost * 10 > 0.95 ?
	    dp->sweep_cost * 10 : 0.95);
}

static void
tick_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct dp *dp = arg;
	struct dp_cstats *c;
	static unsigned secs;

	dp->log_budget = 0;
	dp->dbg_budget = 0;
	if (dp->dbg_suppressed > 0) {
		log_dbg(DBG_CCE | DBG_PMAP_DETAIL, "FW: %llu per-packet debug "
		    "lines suppressed", (unsigned long long)dp->dbg_suppressed);
		dp->dbg_suppressed = 0;
	}
	if (dp->log_suppressed > 0) {
		log_warnx("%llu DROP_PKT messages suppressed",
		    (unsigned long long)dp->log_suppressed);
		dp->log_suppressed = 0;
	}
	for (c = dp->stats; c != NULL; c = c->next) {
		c->pending = 0;
		if (c->s.cur_estab + c->s.cur_halfopen + c->s.cur_terminating <
		    c->max_logged)
			c->max_logged = 0;
	}
	/* the one-minute session creation window of every class */
	dp->minute_pos = (dp->minute_pos + 1) % 60;
	for (c = dp->stats; c != NULL; c = c->next) {
		c->minute_total -= c->minute[dp->minute_pos];
		c->minute[dp->minute_pos] = 0;
		if (c->rate_alert && c->minute_total < c->rate_low) {
			c->rate_alert = false;
			if (c->rate_log)
				log_fw(4, "ALERT_OFF", "calming down, count "
				    "(0/%u) current 1-min rate: %u",
				    c->rate_low, c->minute_total);
		}
	}
	if (++secs % 60 == 0)
		for (c = dp->stats; c != NULL; c = c->next) {
			c->s.last_rate = c->minute_created;
			c->minute_created = 0;
		}
	dp_nfq_tick(dp);
	dp_sweep(dp, false);
	hosts_gc(dp, false);
	dp_sip_tick(dp);
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
dp_start(struct zbfw *z, const struct dp_opts *o, struct dp **out)
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
	dp->z = z;
	dp->queue = o != NULL ? o->queue : 0;
	dp->hsize = DP_HSIZE;
	dp->max_sess = DP_MAX_SESS;
	if ((dp->htab = calloc(dp->hsize, sizeof(*dp->htab))) == NULL) {
		free(dp);
		return -ENOMEM;
	}
	/* Links first (zones of the queued packets), then the queue before
	 * the rules that feed it, then conntrack (dump rebuilds sessions). */
	if ((rc = dp_sip_init(dp)) < 0 ||
	    (rc = dp_link_open(dp)) < 0 || (rc = dp_nfq_open(dp)) < 0 ||
	    (rc = dp_ipt_install(dp->queue)) < 0 || (rc = dp_ct_open(dp)) < 0) {
		dp_stop(dp);
		return rc;
	}
	dp->ev_tick = event_new(z->evb, -1, EV_PERSIST, tick_cb, dp);
	if (dp->ev_tick == NULL || event_add(dp->ev_tick, &tv) < 0) {
		dp_stop(dp);
		return -ENOMEM;
	}
	dp_sweep(dp, true);
	log_info("dataplane: NFQUEUE %u, %u sessions rebuilt from conntrack",
	    dp->queue, dp->nsess);
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
	size_t i;
	struct dp_sess *s, *n;
	struct dp_cstats *c;

	if (dp == NULL)
		return;
	if (dp->ev_tick != NULL)
		event_free(dp->ev_tick);
	dp_nfq_close(dp);
	dp_ct_close(dp);
	dp_link_close(dp);
	dp_sip_fini(dp);
	for (i = 0; dp->htab != NULL && i < dp->hsize; i++)
		for (s = dp->htab[i]; s != NULL; s = n) {
			n = s->hnext;
			free(s);
		}
	free(dp->htab);
	while ((c = dp->stats) != NULL) {
		dp->stats = c->next;
		free(c->zp);
		free(c->cls);
		free(c);
	}
	pcache_clear(dp);
	hosts_gc(dp, true);
	free(dp);
}

void
dp_graph_changed(struct dp *dp)
{
	if (dp == NULL)
		return;
	/* Parameters of the new graph are learnt by the next verdicts. */
	pcache_clear(dp);
	dp_link_rezone(dp);
}
