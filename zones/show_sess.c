/*
 * The statistics source of the shows (zone_cfg_set_stats()) and the
 * session list of `show policy-map type inspect zone-pair sessions`: the
 * "Established Sessions" ... blocks of one class, from the plain session
 * records the source yields.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "zones/zones_int.h"

const char *
zone_proto_name(unsigned proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return "icmp";
	default:
		return "ip";
	}
}

void
zone_cfg_set_stats(struct zone_cfg *c, const struct zone_stats_ops *ops,
    void *arg)
{
	c->stats = ops;
	c->stats_arg = arg;
}

/* The sessions of one class, as the source yielded them. */
struct sess_vec {
	struct zone_sess *v;
	size_t n, cap;
};

static int
sess_collect(void *arg, const struct zone_sess *s)
{
	struct sess_vec *sv = arg;
	struct zone_sess *nv;
	size_t cap;

	if (sv->n == sv->cap) {
		cap = sv->cap ? sv->cap * 2 : 64;
		if ((nv = realloc(sv->v, cap * sizeof(*nv))) == NULL)
			return -ENOMEM;
		sv->v = nv;
		sv->cap = cap;
	}
	sv->v[sv->n++] = *s;
	return 0;
}

static int
sess_id_cmp(const void *a, const void *b)
{
	const struct zone_sess *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static const char *
sess_proto(const struct zone_sess *s)
{
	return s->app != ZONE_APP_NONE ? zone_app_name(s->app) :
					 zone_proto_name(s->proto);
}

static const char *
sess_state(const struct zone_sess *s)
{
	switch (s->state) {
	case ZONE_SESS_HALFOPEN:
		return "SIS_OPENING";
	case ZONE_SESS_ESTAB:
		return "SIS_OPEN";
	default:
		return "SIS_CLOSING";
	}
}

/* initiator or responder as IOS prints it: addr:port, [v6]:port; ICMP
 * shows the type for the initiator and 0 for the responder. */
static void
sess_ep(const struct zone_sess *s, int reply, char *out, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	unsigned port;

	if (inet_ntop(s->family,
		reply ? (const void *)&s->dst : (const void *)&s->src, a,
		sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	if (s->proto == IPPROTO_ICMP || s->proto == IPPROTO_ICMPV6)
		port = reply ? 0 : s->sport;
	else
		port = reply ? s->dport : s->sport;
	snprintf(out, len, s->family == AF_INET6 ? "[%s]:%u" : "%s:%u", a,
	    port);
}

static void
hms(char *out, size_t len, uint32_t secs)
{
	unsigned long t = (unsigned long)secs % 3600000;

	snprintf(out, len, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
}

static void
print_sess(const struct zone_sess *s, struct buf *b)
{
	char x[80], y[80], cr[16], hr[16];

	sess_ep(s, 0, x, sizeof(x));
	sess_ep(s, 1, y, sizeof(y));
	if (s->family == AF_INET6) /* as IOS prints v6 */
		buf_printf(b, "         Session ID 0x%08X %s=>%s %s %s\n",
		    s->id, x, y, sess_proto(s), sess_state(s));
	else
		buf_printf(b, "         Session ID 0x%08X (%s)=>(%s) %s %s\n",
		    s->id, x, y, sess_proto(s), sess_state(s));
	hms(cr, sizeof(cr), s->age);
	hms(hr, sizeof(hr), s->idle);
	buf_printf(b, "          Created %s, Last heard %s\n", cr, hr);
	buf_printf(b,
	    "          Bytes sent (initiator:responder) "
	    "[%llu:%llu]\n",
	    (unsigned long long)s->bytes[0], (unsigned long long)s->bytes[1]);
}

/*
 * By state (established, half-open, terminating), in id order; a child
 * session (SIP media) right after its parent, under the parent's
 * heading, as IOS lists child sessions; a child whose parent is not in
 * the list stands on its own.
 */
void
zc_show_class_sessions(const struct zone_cfg *c, const char *zp,
    const char *cls, struct buf *b)
{
	static const struct {
		enum zone_sess_state st;
		const char *hdr;
	} order[] = {
		{ ZONE_SESS_ESTAB, "Established Sessions" },
		{ ZONE_SESS_HALFOPEN, "Half-open Sessions" },
		{ ZONE_SESS_TERM, "Terminating Sessions" },
	};
	struct sess_vec sv = { NULL, 0, 0 };
	struct zone_sess key, *hit;
	long *parent, *head, *next, j;
	size_t i, k;

	if (c->stats == NULL || c->stats->class_sessions == NULL)
		return;
	if (c->stats->class_sessions(c->stats_arg, zp, cls, sess_collect, &sv) <
		0 ||
	    sv.n == 0 || (parent = calloc(3 * sv.n, sizeof(*parent))) == NULL) {
		free(sv.v);
		return;
	}
	head = parent + sv.n;
	next = head + sv.n;
	qsort(sv.v, sv.n, sizeof(*sv.v), sess_id_cmp);
	for (i = 0; i < sv.n; i++) {
		parent[i] = head[i] = next[i] = -1;
		key.id = sv.v[i].parent;
		if (key.id != 0 && key.id != sv.v[i].id &&
		    (hit = bsearch(&key, sv.v, sv.n, sizeof(*sv.v),
			 sess_id_cmp)) != NULL &&
		    hit->parent == 0)
			parent[i] = hit - sv.v;
	}
	for (j = (long)sv.n - 1; j >= 0; j--)
		if (parent[j] >= 0) {
			next[j] = head[parent[j]];
			head[parent[j]] = j;
		}
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		bool hdr = false;

		for (i = 0; i < sv.n; i++) {
			if (parent[i] >= 0 || sv.v[i].state != order[k].st)
				continue;
			if (!hdr) {
				buf_printf(b, "\n        %s\n", order[k].hdr);
				hdr = true;
			}
			print_sess(&sv.v[i], b);
			for (j = head[i]; j >= 0; j = next[j])
				print_sess(&sv.v[j], b);
		}
	}
	free(parent);
	free(sv.v);
}
