/*
 * Interfaces through rtnetlink (libmnl): ifindex -> name and altnames,
 * followed live (new, renamed, removed), and each one's zone in the
 * current policy graph, so the packet path resolves zones by ifindex.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>

#include "dataplane/dp_int.h"
#include "lib/log.h"

static struct dp_iface *
iface_get(struct dp *dp, int ifindex, bool create)
{
	size_t i;
	struct dp_iface *n;

	for (i = 0; i < dp->nifs; i++)
		if (dp->ifs[i].used && dp->ifs[i].ifindex == ifindex)
			return &dp->ifs[i];
	if (!create)
		return NULL;
	for (i = 0; i < dp->nifs; i++)
		if (!dp->ifs[i].used)
			break;
	if (i == dp->nifs) {
		if ((n = realloc(dp->ifs, (dp->nifs + 16) * sizeof(*n))) ==
		    NULL)
			return NULL;
		memset(n + dp->nifs, 0, 16 * sizeof(*n));
		dp->ifs = n;
		dp->nifs += 16;
	}
	memset(&dp->ifs[i], 0, sizeof(dp->ifs[i]));
	dp->ifs[i].used = true;
	dp->ifs[i].ifindex = ifindex;
	return &dp->ifs[i];
}

static int
iface_zone(struct dp *dp, const struct dp_iface *f)
{
	const struct zone_graph *g = dp->graph;
	int zone, i;

	if (g == NULL)
		return ZONE_ID_NONE;
	/* Altnames first: gi0-0-0 style names are usually altnames. */
	for (i = 0; i < f->nalt; i++)
		if ((zone = zone_id_of(g, f->alt[i])) != ZONE_ID_NONE)
			return zone;
	return zone_id_of(g, f->name);
}

void
dp_link_rezone(struct dp *dp)
{
	size_t i;

	for (i = 0; i < dp->nifs; i++)
		if (dp->ifs[i].used)
			dp->ifs[i].zone = iface_zone(dp, &dp->ifs[i]);
}

int
dp_link_zone(struct dp *dp, int ifindex)
{
	struct dp_iface *f = iface_get(dp, ifindex, false);

	if (f == NULL) {
		/* not known yet: the default zone, if there is one */
		return dp->graph != NULL ? zone_id_of(dp->graph, "") :
					   ZONE_ID_NONE;
	}
	return f->zone;
}

static int
alt_cb(const struct nlattr *a, void *data)
{
	struct dp_iface *f = data;

	if (mnl_attr_get_type(a) == IFLA_ALT_IFNAME && f->nalt < 4 &&
	    mnl_attr_validate(a, MNL_TYPE_STRING) >= 0)
		snprintf(f->alt[f->nalt++], sizeof(f->alt[0]), "%s",
		    mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static int
link_attr_cb(const struct nlattr *a, void *data)
{
	struct dp_iface *f = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(a, MNL_TYPE_STRING) >= 0)
			snprintf(f->name, sizeof(f->name), "%s",
			    mnl_attr_get_str(a));
		break;
	case IFLA_PROP_LIST:
		mnl_attr_parse_nested(a, alt_cb, f);
		break;
	}
	return MNL_CB_OK;
}

static int
link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dp *dp = data;
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct dp_iface *f, tmp;

	if (nlh->nlmsg_type == RTM_DELLINK) {
		if ((f = iface_get(dp, ifi->ifi_index, false)) != NULL) {
			log_dbg(DBG_PMAP_EVENTS, "FW: interface %s removed",
			    f->name);
			f->used = false;
		}
		return MNL_CB_OK;
	}
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	memset(&tmp, 0, sizeof(tmp));
	mnl_attr_parse(nlh, sizeof(*ifi), link_attr_cb, &tmp);
	if ((f = iface_get(dp, ifi->ifi_index, true)) == NULL)
		return MNL_CB_OK;
	memcpy(f->name, tmp.name, sizeof(f->name));
	memcpy(f->alt, tmp.alt, sizeof(f->alt));
	f->nalt = tmp.nalt;
	f->flags = ifi->ifi_flags;
	f->zone = iface_zone(dp, f);
	return MNL_CB_OK;
}

static void
rt_read(evutil_socket_t fd, short ev, void *arg)
{
	struct dp *dp = arg;
	char buf[MNL_SOCKET_BUFFER_SIZE * 4];
	ssize_t n;

	while ((n = mnl_socket_recvfrom(dp->rt, buf, sizeof(buf))) > 0)
		mnl_cb_run(buf, n, 0, 0, link_cb, dp);
	if (n < 0 && errno == ENOBUFS)
		log_warnx("dataplane: rtnetlink overrun");
}

int
dp_link_open(struct dp *dp)
{
	char buf[MNL_SOCKET_BUFFER_SIZE * 4];
	struct nlmsghdr *nlh;
	struct rtgenmsg *rt;
	struct mnl_socket *s;
	unsigned seq = time(NULL);
	ssize_t n;
	int rc;

	/* The initial dump on its own socket, then the event socket. */
	if ((s = mnl_socket_open(NETLINK_ROUTE)) == NULL)
		return -errno;
	if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		mnl_socket_close(s);
		return rc;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtgen_family = AF_PACKET;
	if (mnl_socket_sendto(s, nlh, nlh->nlmsg_len) < 0) {
		rc = -errno;
		mnl_socket_close(s);
		return rc;
	}
	while ((n = mnl_socket_recvfrom(s, buf, sizeof(buf))) > 0)
		if ((rc = mnl_cb_run(buf, n, seq, mnl_socket_get_portid(s),
			 link_cb, dp)) <= MNL_CB_STOP)
			break;
	mnl_socket_close(s);

	/* route lookups for the SIP ALG (answered at once by the kernel) */
	if ((dp->rtq = mnl_socket_open(NETLINK_ROUTE)) == NULL ||
	    mnl_socket_bind(dp->rtq, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	if ((dp->rt = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK)) == NULL)
		return -errno;
	if (mnl_socket_bind(dp->rt, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	dp->ev_rt = event_new(dp->evb, mnl_socket_get_fd(dp->rt),
	    EV_READ | EV_PERSIST, rt_read, dp);
	if (dp->ev_rt == NULL || event_add(dp->ev_rt, NULL) < 0)
		return -ENOMEM;
	return 0;
}

enum zone_if_state
dp_link_state(struct dp *dp, const char *name)
{
	size_t i;
	int k;

	if (name == NULL)
		return ZONE_IF_ABSENT;
	for (i = 0; i < dp->nifs; i++) {
		const struct dp_iface *f = &dp->ifs[i];
		bool match = f->used && strcmp(f->name, name) == 0;

		for (k = 0; f->used && !match && k < f->nalt; k++)
			match = strcmp(f->alt[k], name) == 0;
		if (match)
			return (f->flags & IFF_UP) && (f->flags & IFF_RUNNING) ?
			    ZONE_IF_UP :
			    ZONE_IF_DOWN;
	}
	return ZONE_IF_ABSENT;
}

struct route_ans {
	int oif;
	int type;
};

static int
route_attr_cb(const struct nlattr *a, void *data)
{
	struct route_ans *r = data;

	if (mnl_attr_get_type(a) == RTA_OIF &&
	    mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
		r->oif = mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

static int
route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_ans *r = data;
	struct rtmsg *rm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	r->type = rm->rtm_type;
	mnl_attr_parse(nlh, sizeof(*rm), route_attr_cb, r);
	return MNL_CB_OK;
}

/*
 * The zone an address lives in, by a route lookup (RTM_GETROUTE): the
 * zone of the interface the router would send to it, self for the
 * router's own addresses.  0, -ENOENT when there is no route, or
 * -errno when the lookup fails.
 */
int
dp_link_route_zone(struct dp *dp, int family, const void *addr, int *zone)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct rtmsg *rm;
	struct route_ans r = { 0, 0 };
	unsigned seq = ++dp->rtq_seq;
	ssize_t n;

	if (dp->rtq == NULL)
		return -ENOTCONN;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	rm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rm));
	rm->rtm_family = family;
	rm->rtm_dst_len = family == AF_INET ? 32 : 128;
	mnl_attr_put(nlh, RTA_DST, family == AF_INET ? 4 : 16, addr);
	if (mnl_socket_sendto(dp->rtq, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	if ((n = mnl_socket_recvfrom(dp->rtq, buf, sizeof(buf))) <= 0)
		return n < 0 ? -errno : -EIO;
	if (mnl_cb_run(buf, n, seq, mnl_socket_get_portid(dp->rtq), route_cb,
		&r) < 0)
		return errno == ENETUNREACH || errno == EHOSTUNREACH ? -ENOENT :
								       -errno;
	if (r.type == RTN_LOCAL) {
		*zone = ZONE_ID_SELF;
		return 0;
	}
	if (r.oif == 0)
		return -ENOENT;
	*zone = dp_link_zone(dp, r.oif);
	return 0;
}

void
dp_link_close(struct dp *dp)
{
	if (dp->rtq != NULL)
		mnl_socket_close(dp->rtq);
	dp->rtq = NULL;
	if (dp->ev_rt != NULL)
		event_free(dp->ev_rt);
	if (dp->rt != NULL)
		mnl_socket_close(dp->rt);
	free(dp->ifs);
	dp->ev_rt = NULL;
	dp->rt = NULL;
	dp->ifs = NULL;
	dp->nifs = 0;
}
