/*
 * The statistics the firewall shows ask for (struct zone_stats_ops,
 * zones/zones.h): class counters, the inspect sessions of a class as
 * plain records (SIP media linked to their signalling session), member
 * interface state, and the clears.  zones/ formats them.  And the names
 * of the drop reasons `show platform ... firewall drop` counts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/dp_int.h"
#include "dataplane/sip_glue.h"

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

static int
st_class_stats(void *arg, const char *zp, const char *cls,
    struct zone_class_stats *out)
{
	struct dp_cstats *c;

	memset(out, 0, sizeof(*out));
	if (zp == NULL || cls == NULL)
		return -EINVAL;
	if ((c = dp_cstats_find(arg, zp, cls)) == NULL)
		return 0;
	*out = c->s;
	out->last_halfopen_total = c->s.cur_halfopen;
	return 0;
}

static void
sess_tuple(const struct dp_sess *s, struct dp_tuple *t)
{
	size_t alen = s->family == AF_INET ? 4 : 16;

	memset(t, 0, sizeof(*t));
	t->family = s->family;
	t->proto = s->proto;
	t->sport = s->sport;
	t->dport = s->dport;
	memcpy(&t->src, &s->src, alen);
	memcpy(&t->dst, &s->dst, alen);
}

static void
tuple_reverse(const struct dp_tuple *t, struct dp_tuple *r)
{
	*r = *t;
	r->src = t->dst;
	r->dst = t->src;
	r->sport = t->dport;
	r->dport = t->sport;
}

/* Total order on tuples (addresses beyond the family's length are 0). */
static int
tuple_cmp(const struct dp_tuple *a, const struct dp_tuple *b)
{
	int d;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->sport != b->sport)
		return a->sport < b->sport ? -1 : 1;
	if (a->dport != b->dport)
		return a->dport < b->dport ? -1 : 1;
	if ((d = memcmp(&a->src, &b->src, sizeof(a->src))) != 0)
		return d;
	return memcmp(&a->dst, &b->dst, sizeof(a->dst));
}

struct sess_key {
	struct dp_tuple t;
	uint32_t ct_id;
};

static int
sess_key_cmp(const void *a, const void *b)
{
	return tuple_cmp(&((const struct sess_key *)a)->t,
	    &((const struct sess_key *)b)->t);
}

/*
 * The signalling session of a SIP media session (admitted by a pinhole,
 * DPM_CHILD), when it is in the same class: its ct id, else 0 (the
 * signalling session is gone or unknown, e.g. after a restart).  keys:
 * the class's other sessions by tuple.
 */
static uint32_t
parent_of(struct dp *dp, const struct dp_sess *s, const struct sess_key *keys,
    size_t nkeys)
{
	struct sess_key key;
	const struct sess_key *hit;
	struct dp_tuple t;

	if (s->kind != DPS_CHILD || nkeys == 0 ||
	    dp_sip_parent(dp, s->pinhole, &key.t) != 0)
		return 0;
	if ((hit = bsearch(&key, keys, nkeys, sizeof(*keys), sess_key_cmp)) ==
	    NULL) {
		t = key.t;
		tuple_reverse(&t, &key.t);
		hit = bsearch(&key, keys, nkeys, sizeof(*keys), sess_key_cmp);
	}
	return hit != NULL ? hit->ct_id : 0;
}

static void
sess_record(const struct dp_sess *s, uint32_t parent, time_t now,
    struct zone_sess *z)
{
	size_t alen = s->family == AF_INET ? 4 : 16;

	memset(z, 0, sizeof(*z));
	z->id = s->ct_id;
	z->parent = parent;
	z->family = s->family;
	z->proto = s->proto;
	z->app = s->kind == DPS_INSPECT ? s->app : ZONE_APP_NONE;
	z->state = s->state == DPS_HALFOPEN ? ZONE_SESS_HALFOPEN :
	    s->state == DPS_ESTAB	    ? ZONE_SESS_ESTAB :
					      ZONE_SESS_TERM;
	memcpy(&z->src, &s->src, alen);
	memcpy(&z->dst, &s->dst, alen);
	z->sport = s->sport;
	z->dport = s->dport;
	z->age = now > s->created ? (uint32_t)(now - s->created) : 0;
	z->idle = now > s->heard ? (uint32_t)(now - s->heard) : 0;
	z->bytes[0] = s->bytes[0];
	z->bytes[1] = s->bytes[1];
}

static int
st_class_sessions(void *arg, const char *zp, const char *cls,
    int (*fn)(void *, const struct zone_sess *), void *fnarg)
{
	struct dp *dp = arg;
	struct dp_cstats *c;
	struct dp_sess **v, *s;
	struct sess_key *keys;
	struct zone_sess z;
	size_t i, n = 0, nkeys = 0;
	time_t now = dp_now();
	int rc = 0;

	if (zp == NULL || cls == NULL)
		return -EINVAL;
	if ((c = dp_cstats_find(dp, zp, cls)) == NULL)
		return 0;
	if ((v = calloc(dp->nsess + 1, sizeof(*v))) == NULL)
		return -ENOMEM;
	if ((keys = calloc(dp->nsess + 1, sizeof(*keys))) == NULL) {
		free(v);
		return -ENOMEM;
	}
	for (i = 0; i < dp->hsize; i++)
		for (s = dp->htab[i]; s != NULL; s = s->hnext)
			if (s->cs == c && s->kind != DPS_PASS && n < dp->nsess)
				v[n++] = s;
	for (i = 0; i < n; i++)
		if (v[i]->kind != DPS_CHILD) {
			sess_tuple(v[i], &keys[nkeys].t);
			keys[nkeys++].ct_id = v[i]->ct_id;
		}
	qsort(keys, nkeys, sizeof(*keys), sess_key_cmp);
	for (i = 0; i < n && rc == 0; i++) {
		sess_record(v[i], parent_of(dp, v[i], keys, nkeys), now, &z);
		rc = fn(fnarg, &z);
	}
	free(keys);
	free(v);
	return rc;
}

static enum zone_if_state
st_iface_state(void *arg, const char *ifname)
{
	return dp_link_state(arg, ifname);
}

static int
st_clear_counters(void *arg, const char *zp)
{
	struct dp *dp = arg;
	struct dp_cstats *c;

	for (c = dp->stats; c != NULL; c = c->next) {
		if (zp != NULL && strcmp(c->zp, zp) != 0)
			continue;
		c->s.pkts = c->s.bytes = 0;
		c->s.tcp_pkts = c->s.udp_pkts = c->s.icmp_pkts = 0;
		c->proc_tcp = c->proc_udp = c->proc_icmp = 0;
		c->s.sessions_created = 0;
		c->s.max_estab = c->s.cur_estab;
		c->s.max_halfopen = c->s.cur_halfopen;
		c->s.max_terminating = c->s.cur_terminating;
		c->s.last_rate = 0;
		c->s.last_reset = time(NULL);
	}
	return 0;
}

static int
st_clear_sessions(void *arg, const char *zp)
{
	struct dp *dp = arg;
	struct dp_sess *s, *n;
	size_t i;
	int rc = 0, e;

	for (i = 0; i < dp->hsize; i++)
		for (s = dp->htab[i]; s != NULL; s = n) {
			n = s->hnext;
			if (s->cs == NULL || s->kind == DPS_PASS ||
			    (zp != NULL && strcmp(s->cs->zp, zp) != 0))
				continue;
			if ((e = dp_ct_delete(dp, s)) < 0 && rc == 0)
				rc = e;
		}
	/* the DESTROY events remove them from the table (and log stops) */
	return rc;
}

const struct zone_stats_ops dp_stats_ops = {
	.class_stats = st_class_stats,
	.class_sessions = st_class_sessions,
	.iface_state = st_iface_state,
	.clear_counters = st_clear_counters,
	.clear_sessions = st_clear_sessions,
};
