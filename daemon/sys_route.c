/*
 * The kernel's routing and neighbour tables in IOS layout, dumped over
 * rtnetlink (libmnl): show ip route, show ipv6 route (the main table, and
 * the local table's own addresses as IOS's L routes), show arp / show ip
 * arp, show ipv6 neighbors.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "daemon/sys_int.h"
#include "lib/buf.h"

#define RT_MAX 65536 /* rows printed at most (a full BGP table) */
#define NH_MAX 8     /* next hops of one multipath route shown */

struct nh {
	unsigned char gw[16];
	bool has_gw;
	unsigned oif;
};

struct rt {
	int family;
	unsigned char dst[16];
	unsigned plen;
	unsigned char proto; /* RTPROT_* */
	bool local;	     /* the local table's own address */
	unsigned metric;
	struct nh nh[NH_MAX];
	unsigned nnh;
};

struct rt_list {
	struct rt *v;
	size_t n, cap;
	int family;
	int err;
};

/* One rtnetlink dump (RTM_GETROUTE / RTM_GETNEIGH); cb for each message. */
static int
nl_dump(int type, int family, mnl_cb_t cb, void *arg)
{
	char buf[32768];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	unsigned seq, portid;
	ssize_t n;
	int rc = 0;

	if ((nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC)) == NULL)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		mnl_socket_close(nl);
		return rc;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq = (unsigned)time(NULL);
	/* rtmsg and ndmsg both start with the family byte. */
	rtm = mnl_nlmsg_put_extra_header(nlh,
	    type == RTM_GETROUTE ? sizeof(struct rtmsg) : sizeof(struct ndmsg));
	rtm->rtm_family = (unsigned char)family;
	portid = mnl_socket_get_portid(nl);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		rc = -errno;
		mnl_socket_close(nl);
		return rc;
	}
	while ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		rc = mnl_cb_run(buf, (size_t)n, seq, portid, cb, arg);
		if (rc <= MNL_CB_STOP)
			break;
	}
	if (n < 0 || rc < 0)
		rc = -errno;
	else
		rc = 0;
	mnl_socket_close(nl);
	return rc;
}

static void
rt_nexthops(struct rt *r, const struct nlattr *mp)
{
	const struct rtnexthop *nh = mnl_attr_get_payload(mp);
	int left = (int)mnl_attr_get_payload_len(mp);
	const struct nlattr *attr;
	size_t alen = r->family == AF_INET ? 4 : 16;

	while (left >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) &&
	    nh->rtnh_len <= left && r->nnh < NH_MAX) {
		struct nh *x = &r->nh[r->nnh++];
		const void *data = (const char *)nh + RTNH_LENGTH(0);

		memset(x, 0, sizeof(*x));
		x->oif = (unsigned)nh->rtnh_ifindex;
		mnl_attr_for_each_payload(data, nh->rtnh_len - sizeof(*nh))
		{
			if (mnl_attr_get_type(attr) == RTA_GATEWAY &&
			    mnl_attr_get_payload_len(attr) >= alen) {
				memcpy(x->gw, mnl_attr_get_payload(attr), alen);
				x->has_gw = true;
			}
		}
		left -= (int)NLMSG_ALIGN(nh->rtnh_len);
		nh = (const struct rtnexthop *)((const char *)nh +
		    NLMSG_ALIGN(nh->rtnh_len));
	}
}

static int
route_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct rt_list *l = arg;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	size_t alen = rtm->rtm_family == AF_INET ? 4 : 16;
	unsigned table = rtm->rtm_table;
	struct rt r, *v;

	if (rtm->rtm_family != l->family)
		return MNL_CB_OK;
	memset(&r, 0, sizeof(r));
	r.family = rtm->rtm_family;
	r.plen = rtm->rtm_dst_len;
	r.proto = rtm->rtm_protocol;
	mnl_attr_for_each(a, nlh, sizeof(*rtm))
	{
		switch (mnl_attr_get_type(a)) {
		case RTA_TABLE:
			table = mnl_attr_get_u32(a);
			break;
		case RTA_DST:
			if (mnl_attr_get_payload_len(a) >= alen)
				memcpy(r.dst, mnl_attr_get_payload(a), alen);
			break;
		case RTA_GATEWAY:
			if (mnl_attr_get_payload_len(a) >= alen) {
				memcpy(r.nh[0].gw, mnl_attr_get_payload(a),
				    alen);
				r.nh[0].has_gw = true;
			}
			break;
		case RTA_OIF:
			r.nh[0].oif = mnl_attr_get_u32(a);
			break;
		case RTA_PRIORITY:
			r.metric = mnl_attr_get_u32(a);
			break;
		case RTA_MULTIPATH:
			rt_nexthops(&r, a);
			break;
		}
	}
	if (r.nnh == 0)
		r.nnh = 1;
	if (table == RT_TABLE_LOCAL) {
		char ifn[IF_NAMESIZE] = "";

		/* The router's own addresses (IOS "L"), not lo's 127/8,
		 * broadcasts, multicast or link-local ones. */
		if (rtm->rtm_type != RTN_LOCAL ||
		    r.plen != (r.family == AF_INET ? 32 : 128) ||
		    if_indextoname(r.nh[0].oif, ifn) == NULL ||
		    strcmp(ifn, "lo") == 0 ||
		    (r.family == AF_INET6 && r.dst[0] == 0xfe &&
			(r.dst[1] & 0xc0) == 0x80))
			return MNL_CB_OK;
		r.local = true;
	} else if (table != RT_TABLE_MAIN || rtm->rtm_type != RTN_UNICAST) {
		return MNL_CB_OK;
	}
	/* IOS shows no link-local connected route. */
	if (r.family == AF_INET6 && r.dst[0] == 0xfe &&
	    (r.dst[1] & 0xc0) == 0x80)
		return MNL_CB_OK;
	if (l->n >= RT_MAX)
		return MNL_CB_OK;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;

		if ((v = realloc(l->v, cap * sizeof(*v))) == NULL) {
			l->err = -ENOMEM;
			return MNL_CB_ERROR;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = r;
	return MNL_CB_OK;
}

static int
rt_cmp(const void *pa, const void *pb)
{
	const struct rt *a = pa, *b = pb;
	int c = memcmp(a->dst, b->dst, 16);

	if (c != 0)
		return c;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	return (int)a->local - (int)b->local;
}

static int
routes(int family, struct rt_list *l)
{
	int rc;

	memset(l, 0, sizeof(*l));
	l->family = family;
	rc = nl_dump(RTM_GETROUTE, family, route_cb, l);
	if (rc == 0 && l->err < 0)
		rc = l->err;
	if (rc < 0) {
		free(l->v);
		l->v = NULL;
		l->n = 0;
		return rc;
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), rt_cmp);
	return 0;
}

/* The IOS code and administrative distance of a route's origin. */
static const char *
rt_code(const struct rt *r, unsigned *ad)
{
	*ad = 1;
	if (r->local) {
		*ad = 0;
		return "L";
	}
	switch (r->proto) {
	case RTPROT_KERNEL:
		if (!r->nh[0].has_gw) {
			*ad = 0;
			return "C";
		}
		return "S";
	case RTPROT_BGP:
		*ad = 20;
		return "B";
	case RTPROT_OSPF:
		*ad = 110;
		return "O";
	case RTPROT_RIP:
		*ad = 120;
		return "R";
	case RTPROT_ISIS:
		*ad = 115;
		return "i";
	case RTPROT_EIGRP:
		*ad = 90;
		return "D";
	default: /* boot, static, dhcp, ra: configured by hand or DHCP */
		if (!r->nh[0].has_gw && r->family == AF_INET) {
			*ad = 0;
			return "C"; /* `ip route add NET dev IF` */
		}
		return "S";
	}
}

static void
ifname_of(unsigned oif, char *out, size_t len)
{
	char lx[IF_NAMESIZE] = "";

	if (oif == 0 || if_indextoname(oif, lx) == NULL)
		snprintf(out, len, "Null0");
	else
		sys_ifname_ios(lx, out, len);
}

/* show ip route */

static unsigned
classful_len(const unsigned char *a)
{
	return a[0] < 128 ? 8 : a[0] < 192 ? 16 : 24;
}

static uint32_t
v4(const unsigned char *a)
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	    (uint32_t)a[2] << 8 | a[3];
}

static bool
same_major(const struct rt *a, const struct rt *b)
{
	unsigned cl = classful_len(a->dst);
	uint32_t m = 0xffffffffu << (32 - cl);

	return a->plen >= cl && b->plen >= cl &&
	    (v4(a->dst) & m) == (v4(b->dst) & m);
}

static void
print_v4_route(struct cli_ctx *cx, const struct rt *r, bool grouped)
{
	char net[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN], ifn[64], code[8];
	unsigned ad, i;
	const char *c = rt_code(r, &ad);

	inet_ntop(AF_INET, r->dst, net, sizeof(net));
	snprintf(code, sizeof(code), "%s%s", c, r->plen == 0 ? "*" : "");
	if (!r->nh[0].has_gw) {
		ifname_of(r->nh[0].oif, ifn, sizeof(ifn));
		cli_printf(cx, "%-*s%s/%u is directly connected, %s\n",
		    grouped ? 9 : 6, code, net, r->plen, ifn);
		return;
	}
	for (i = 0; i < r->nnh; i++) {
		inet_ntop(AF_INET, r->nh[i].gw, gw, sizeof(gw));
		ifname_of(r->nh[i].oif, ifn, sizeof(ifn));
		if (i == 0)
			cli_printf(cx, "%-*s%s/%u [%u/%u] via %s, %s\n",
			    grouped ? 9 : 6, code, net, r->plen, ad, r->metric,
			    gw, ifn);
		else
			cli_printf(cx, "%*s[%u/%u] via %s, %s\n",
			    (int)(grouped ? 9 : 6) + (int)strlen(net) + 4, "",
			    ad, r->metric, gw, ifn);
	}
}

static int
cmd_show_ip_route(struct cli_ctx *cx, const struct cli_args *a)
{
	struct rt_list l;
	char net[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];
	size_t i, j, k, nmasks;
	unsigned cl;
	int rc;

	if ((rc = routes(AF_INET, &l)) < 0)
		return cli_error(cx, "Cannot read the routing table: %s",
		    strerror(-rc));
	cli_puts(cx,
	    "Codes: L - local, C - connected, S - static, R - RIP, "
	    "M - mobile, B - BGP\n"
	    "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF "
	    "inter area \n"
	    "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external "
	    "type 2\n"
	    "       E1 - OSPF external type 1, E2 - OSPF external type 2\n"
	    "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, "
	    "L2 - IS-IS level-2\n"
	    "       ia - IS-IS inter area, * - candidate default, "
	    "U - per-user static route\n"
	    "       o - ODR, P - periodic downloaded static route, "
	    "H - NHRP, l - LISP\n"
	    "       a - application route\n"
	    "       + - replicated route, % - next hop override, "
	    "p - overrides from PfR\n\n");
	for (i = 0; i < l.n && !(l.v[i].plen == 0 && l.v[i].nh[0].has_gw); i++)
		;
	if (i < l.n) {
		inet_ntop(AF_INET, l.v[i].nh[0].gw, gw, sizeof(gw));
		cli_printf(cx,
		    "Gateway of last resort is %s to network "
		    "0.0.0.0\n\n",
		    gw);
	} else
		cli_puts(cx, "Gateway of last resort is not set\n\n");
	/* Subnets of one classful network under its header, as IOS. */
	for (i = 0; i < l.n; i = j) {
		for (j = i + 1; j < l.n && same_major(&l.v[i], &l.v[j]); j++)
			;
		cl = classful_len(l.v[i].dst);
		if (j - i == 1 && (l.v[i].plen == cl || l.v[i].plen < cl)) {
			print_v4_route(cx, &l.v[i], false);
			continue;
		}
		for (k = i, nmasks = 0; k < j; k++) {
			size_t m;

			for (m = i; m < k && l.v[m].plen != l.v[k].plen; m++)
				;
			if (m == k)
				nmasks++;
		}
		{
			unsigned char major[4];
			uint32_t mv = v4(l.v[i].dst) &
			    (0xffffffffu << (32 - cl));

			major[0] = (unsigned char)(mv >> 24);
			major[1] = (unsigned char)(mv >> 16);
			major[2] = (unsigned char)(mv >> 8);
			major[3] = (unsigned char)mv;
			inet_ntop(AF_INET, major, net, sizeof(net));
		}
		if (nmasks > 1)
			cli_printf(cx,
			    "      %s/%u is variably subnetted, %zu "
			    "subnets, %zu masks\n",
			    net, cl, j - i, nmasks);
		else
			cli_printf(cx,
			    "      %s/%u is subnetted, %zu "
			    "subnets\n",
			    net, l.v[i].plen, j - i);
		for (k = i; k < j; k++)
			print_v4_route(cx, &l.v[k], true);
	}
	free(l.v);
	return CLI_OK;
}

/* show ipv6 route */

static int
cmd_show_ipv6_route(struct cli_ctx *cx, const struct cli_args *a)
{
	struct rt_list l;
	char net[INET6_ADDRSTRLEN], gw[INET6_ADDRSTRLEN], ifn[64];
	unsigned ad, k;
	const char *c;
	size_t i;
	int rc;

	if ((rc = routes(AF_INET6, &l)) < 0)
		return cli_error(cx, "Cannot read the routing table: %s",
		    strerror(-rc));
	cli_printf(cx, "IPv6 Routing Table - default - %zu entries\n", l.n);
	cli_puts(cx,
	    "Codes: C - Connected, L - Local, S - Static, U - Per-user "
	    "Static route\n"
	    "       B - BGP, R - RIP, I1 - ISIS L1, I2 - ISIS L2\n"
	    "       IA - ISIS interarea, IS - ISIS summary, D - EIGRP, "
	    "EX - EIGRP external\n"
	    "       ND - ND Default, NDp - ND Prefix, DCE - Destination, "
	    "NDr - Redirect\n"
	    "       O - OSPF Intra, OI - OSPF Inter, OE1 - OSPF ext 1, "
	    "OE2 - OSPF ext 2\n"
	    "       ON1 - OSPF NSSA ext 1, ON2 - OSPF NSSA ext 2\n");
	for (i = 0; i < l.n; i++) {
		const struct rt *r = &l.v[i];

		c = rt_code(r, &ad);
		if (r->local)
			c = "L";
		else if (r->proto == RTPROT_KERNEL && !r->nh[0].has_gw)
			c = "C";
		else if (r->proto == RTPROT_RA)
			c = r->plen == 0 ? "ND" : "NDp";
		sys_ip_upper(AF_INET6, r->dst, net, sizeof(net));
		cli_printf(cx, "%-4s%s/%u [%u/%u]\n", c, net, r->plen, ad,
		    r->metric);
		for (k = 0; k < r->nnh; k++) {
			ifname_of(r->nh[k].oif, ifn, sizeof(ifn));
			if (r->local)
				cli_printf(cx, "     via %s, receive\n", ifn);
			else if (!r->nh[k].has_gw)
				cli_printf(cx,
				    "     via %s, directly "
				    "connected\n",
				    ifn);
			else {
				sys_ip_upper(AF_INET6, r->nh[k].gw, gw,
				    sizeof(gw));
				cli_printf(cx, "     via %s, %s\n", gw, ifn);
			}
		}
	}
	free(l.v);
	return CLI_OK;
}

/* show arp, show ipv6 neighbors */

struct neigh_arg {
	struct cli_ctx *cx;
	int family;
	long hz;
	unsigned n;
};

static const char *
nud_ios(unsigned state)
{
	if (state & (NUD_INCOMPLETE | NUD_FAILED))
		return "INCMP";
	if (state & NUD_REACHABLE)
		return "REACH";
	if (state & NUD_DELAY)
		return "DELAY";
	if (state & NUD_PROBE)
		return "PROBE";
	if (state & NUD_PERMANENT)
		return "REACH";
	return "STALE";
}

static int
neigh_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct neigh_arg *na = arg;
	const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *at;
	const struct nda_cacheinfo *ci = NULL;
	unsigned char dst[16];
	char ip[INET6_ADDRSTRLEN], mac[32] = "", ifn[64], age[16];
	size_t alen = nd->ndm_family == AF_INET ? 4 : 16;
	bool has_dst = false;

	if (nd->ndm_family != na->family ||
	    (nd->ndm_state & (NUD_NOARP | NUD_NONE)) != 0 || nd->ndm_state == 0)
		return MNL_CB_OK;
	mnl_attr_for_each(at, nlh, sizeof(*nd))
	{
		switch (mnl_attr_get_type(at)) {
		case NDA_DST:
			if (mnl_attr_get_payload_len(at) >= alen) {
				memcpy(dst, mnl_attr_get_payload(at), alen);
				has_dst = true;
			}
			break;
		case NDA_LLADDR:
			sys_mac_ios(mnl_attr_get_payload(at),
			    mnl_attr_get_payload_len(at), mac, sizeof(mac));
			break;
		case NDA_CACHEINFO:
			if (mnl_attr_get_payload_len(at) >= sizeof(*ci))
				ci = mnl_attr_get_payload(at);
			break;
		}
	}
	if (!has_dst)
		return MNL_CB_OK;
	ifname_of((unsigned)nd->ndm_ifindex, ifn, sizeof(ifn));
	/* Minutes since the entry was last confirmed (clock ticks). */
	snprintf(age, sizeof(age), "%lu",
	    ci != NULL && na->hz > 0 ? (unsigned long)(ci->ndm_confirmed /
					   (unsigned long)na->hz / 60) :
				       0UL);
	if (na->family == AF_INET) {
		inet_ntop(AF_INET, dst, ip, sizeof(ip));
		if (mac[0] == '\0' ||
		    (nd->ndm_state & (NUD_INCOMPLETE | NUD_FAILED)))
			snprintf(mac, sizeof(mac), "Incomplete");
		cli_printf(na->cx, "Internet  %-16s %8s   %-14s  ARPA   %s\n",
		    ip, age, mac, ifn);
	} else {
		sys_ip_upper(AF_INET6, dst, ip, sizeof(ip));
		if (mac[0] == '\0')
			snprintf(mac, sizeof(mac), "-");
		cli_printf(na->cx, "%-41s %3s %-14s  %-5s %s\n", ip, age, mac,
		    nud_ios(nd->ndm_state), ifn);
	}
	na->n++;
	return MNL_CB_OK;
}

/* The router's own IPv4 addresses, as IOS lists them (age "-"). */
static void
own_arp(struct cli_ctx *cx)
{
	struct ifaddrs *all, *i;
	char ip[INET_ADDRSTRLEN], mac[32], ifn[64];

	if (getifaddrs(&all) < 0)
		return;
	for (i = all; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET ||
		    strcmp(i->ifa_name, "lo") == 0 ||
		    sys_if_mac(i->ifa_name, mac, sizeof(mac)) < 0)
			continue;
		inet_ntop(AF_INET,
		    &((struct sockaddr_in *)i->ifa_addr)->sin_addr, ip,
		    sizeof(ip));
		sys_ifname_ios(i->ifa_name, ifn, sizeof(ifn));
		cli_printf(cx, "Internet  %-16s %8s   %-14s  ARPA   %s\n", ip,
		    "-", mac, ifn);
	}
	freeifaddrs(all);
}

static int
cmd_show_arp(struct cli_ctx *cx, const struct cli_args *a)
{
	struct neigh_arg na = { cx, AF_INET, sysconf(_SC_CLK_TCK), 0 };
	int rc;

	cli_puts(cx,
	    "Protocol  Address          Age (min)  Hardware Addr   "
	    "Type   Interface\n");
	own_arp(cx);
	if ((rc = nl_dump(RTM_GETNEIGH, AF_INET, neigh_cb, &na)) < 0)
		return cli_error(cx, "Cannot read the ARP table: %s",
		    strerror(-rc));
	return CLI_OK;
}

static int
cmd_show_ipv6_neighbors(struct cli_ctx *cx, const struct cli_args *a)
{
	struct neigh_arg na = { cx, AF_INET6, sysconf(_SC_CLK_TCK), 0 };
	int rc;

	cli_puts(cx,
	    "IPv6 Address                              Age "
	    "Link-layer Addr State Interface\n");
	if ((rc = nl_dump(RTM_GETNEIGH, AF_INET6, neigh_cb, &na)) < 0)
		return cli_error(cx, "Cannot read the neighbor table: %s",
		    strerror(-rc));
	return CLI_OK;
}

#define SHOW_HELP "Show running system information"

static const struct cli_cmd sys_route_cmds[] = {
	{ CLI_MODE_EXEC, "show ip route",
	    { SHOW_HELP, "IP information", "IP routing table" },
	    cmd_show_ip_route, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show ipv6 route",
	    { SHOW_HELP, "IPv6 information", "Show IPv6 route table entries" },
	    cmd_show_ipv6_route, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show arp", { SHOW_HELP, "ARP table" }, cmd_show_arp,
	    CLI_F_NONO },
	{ CLI_MODE_EXEC, "show ip arp",
	    { SHOW_HELP, "IP information", "IP ARP table" }, cmd_show_arp,
	    CLI_F_NONO },
	{ CLI_MODE_EXEC, "show ipv6 neighbors",
	    { SHOW_HELP, "IPv6 information",
		"Show IPv6 neighbor cache "
		"entries" },
	    cmd_show_ipv6_neighbors, CLI_F_NONO },
};

void
sys_route_cli_init(struct zbfw *z)
{
	cli_register(z->cli, sys_route_cmds,
	    sizeof(sys_route_cmds) / sizeof(sys_route_cmds[0]), z);
}
