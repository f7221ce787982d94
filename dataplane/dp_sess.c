/*
 * The session table (by conntrack id, rebuilt from conntrack after a
 * restart): sessions, their state counts in their class, the audit trail
 * lines, and the half-open count per destination host (tcp max-incomplete
 * host).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/dp_int.h"
#include "lib/log.h"

void
dp_fmt_addr(int family, const union dp_addr *a, char *s, size_t len)
{
	if (inet_ntop(family, a, s, len) == NULL)
		snprintf(s, len, "?");
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

/* At stop: the table goes, conntrack keeps the connections. */
void
dp_sess_free_all(struct dp *dp)
{
	struct dp_sess *s, *n;
	size_t i;

	for (i = 0; dp->htab != NULL && i < dp->hsize; i++)
		for (s = dp->htab[i]; s != NULL; s = n) {
			n = s->hnext;
			free(s);
		}
	free(dp->htab);
	dp->htab = NULL;
}

/* Keyed (SipHash, a key per start): the addresses come from packets. */
static unsigned
host_hash(const struct dp *dp, int family, const union dp_addr *a)
{
	return (
	    unsigned)(siphash24(&dp->host_key, a, family == AF_INET ? 4 : 16) %
	    DP_HOST_HSIZE);
}

struct dp_host *
dp_host_get(struct dp *dp, int family, const union dp_addr *a, bool create)
{
	struct dp_host *h;
	unsigned i = host_hash(dp, family, a);
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
void
dp_hosts_gc(struct dp *dp, bool all)
{
	struct dp_host **pp, *h;
	time_t now = dp_now();
	size_t i;

	for (i = 0; i < DP_HOST_HSIZE; i++)
		for (pp = &dp->hosts[i]; (h = *pp) != NULL;) {
			if (h->blocked_until != 0 && h->blocked_until <= now) {
				char a[INET6_ADDRSTRLEN];

				dp_fmt_addr(h->family, &h->a, a, sizeof(a));
				log_fw(4, "UNBLOCK_HOST",
				    "New TCP connections "
				    "to host %s no longer blocked",
				    a);
				h->blocked_until = 0;
			}
			if (all ||
			    (h->halfopen == 0 && h->blocked_until == 0)) {
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
		port = reply ? 0 : s->sport; /* IOS: type : 0 */
	else
		port = reply ? s->dport : s->sport;
	snprintf(out, len, s->family == AF_INET6 ? "[%s]:%u" : "%s:%u", a,
	    port);
}

static const char *
sess_proto(const struct dp_sess *s)
{
	if (s->kind == DPS_INSPECT && s->app != ZONE_APP_NONE)
		return zone_app_name(s->app);
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
	    "responder (%s)",
	    s->cs->zp, s->cs->cls, sess_proto(s), a, b);
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
		log_dbg(DBG_PMAP_EVENTS,
		    "FW: session 0x%08X deleted "
		    "(zone-pair %s class %s)",
		    s->ct_id, s->cs ? s->cs->zp : "-",
		    s->cs ? s->cs->cls : "-");
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
