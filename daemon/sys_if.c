/*
 * Interface EXEC commands from the Linux host's own data: show interfaces
 * [IFNAME], show ip interface [IFNAME], show ipv6 interface [brief].
 * Link state, MTU, MAC, speed and counters come from sysfs
 * (/sys/class/net/IF/...), addresses from getifaddrs() (rtnetlink).  Lines
 * IOS prints but Linux has no data for (load, reliability, 5 minute
 * rates, runts) are left out rather than invented.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "daemon/sys_int.h"
#include "lib/buf.h"
#include "zones/zones.h"

#define ARPHRD_ETHER_ 1 /* /sys/class/net/IF/type */
#define ARPHRD_LOOP_ 772

/* One sysfs attribute of an interface, trailing newline removed. */
static int
if_attr(const char *ifname, const char *attr, char *out, size_t len)
{
	char path[128];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, attr);
	if ((f = fopen(path, "re")) == NULL)
		return -errno;
	if (fgets(out, (int)len, f) == NULL) {
		fclose(f);
		out[0] = '\0';
		return -EIO; /* speed of a link that is down: EINVAL */
	}
	fclose(f);
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	return 0;
}

static long long
if_num(const char *ifname, const char *attr, long long def)
{
	char v[64], *end;
	long long n;

	if (if_attr(ifname, attr, v, sizeof(v)) < 0 || v[0] == '\0')
		return def;
	n = strtoll(v, &end, 0);
	return *end == '\0' ? n : def;
}

static unsigned long long
if_stat(const char *ifname, const char *name)
{
	char attr[64];
	long long n;

	snprintf(attr, sizeof(attr), "statistics/%s", name);
	n = if_num(ifname, attr, 0);
	return n > 0 ? (unsigned long long)n : 0;
}

void
sys_mac_ios(const unsigned char *m, size_t len, char *out, size_t outlen)
{
	if (len < 6) {
		snprintf(out, outlen, "0000.0000.0000");
		return;
	}
	snprintf(out, outlen, "%02x%02x.%02x%02x.%02x%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
}

/* "aa:bb:cc:dd:ee:ff" (sysfs address) -> "aabb.ccdd.eeff" */
int
sys_if_mac(const char *ifname, char *out, size_t len)
{
	char v[64];
	unsigned b[6];
	unsigned char m[6];
	int i;

	if (if_attr(ifname, "address", v, sizeof(v)) < 0 ||
	    sscanf(v, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		&b[5]) != 6)
		return -ENOENT;
	for (i = 0; i < 6; i++)
		m[i] = (unsigned char)b[i];
	sys_mac_ios(m, 6, out, len);
	return 0;
}

int
sys_ifname_linux(const char *typed, char *out, size_t len)
{
	char conf[64], lx[IF_NAMESIZE + 1];

	if (zone_ifname_canon(typed, conf, sizeof(conf), lx, sizeof(lx)) == 0 &&
	    if_nametoindex(lx) != 0) {
		snprintf(out, len, "%s", lx);
		return 0;
	}
	if (strlen(typed) <= IF_NAMESIZE && if_nametoindex(typed) != 0) {
		snprintf(out, len, "%s", typed);
		return 0;
	}
	return -ENODEV;
}

/* Up: administratively up (IFF_UP); proto: the link carries traffic
 * (operstate up, or unknown as for lo and tun devices). */
struct if_state {
	bool up;
	bool proto;
};

static void
if_state(const char *ifname, struct if_state *st)
{
	char op[32];

	st->up = (if_num(ifname, "flags", 0) & IFF_UP) != 0;
	st->proto = st->up &&
	    if_attr(ifname, "operstate", op, sizeof(op)) == 0 &&
	    (strcmp(op, "up") == 0 || strcmp(op, "unknown") == 0);
}

static void
if_status_line(struct cli_ctx *cx, const char *ifname)
{
	struct if_state st;
	char name[64];

	if_state(ifname, &st);
	sys_ifname_ios(ifname, name, sizeof(name));
	cli_printf(cx, "%s is %s, line protocol is %s\n", name,
	    st.up ? "up" : "administratively down", st.proto ? "up" : "down");
}

static int
prefix_len(const struct sockaddr *mask)
{
	const unsigned char *p;
	size_t i, n;
	int bits = 0;

	if (mask == NULL)
		return 0;
	if (mask->sa_family == AF_INET) {
		p = (const unsigned char *)&((const struct sockaddr_in *)mask)
			->sin_addr;
		n = 4;
	} else {
		p = ((const struct sockaddr_in6 *)mask)->sin6_addr.s6_addr;
		n = 16;
	}
	for (i = 0; i < n; i++)
		bits += __builtin_popcount(p[i]);
	return bits;
}

void
sys_ip_upper(int family, const void *a, char *out, size_t len)
{
	size_t k;

	inet_ntop(family, a, out, (socklen_t)len);
	for (k = 0; out[k] != '\0'; k++)
		if (out[k] >= 'a' && out[k] <= 'f')
			out[k] = (char)(out[k] - 'a' + 'A');
}

/* "10.0.0.1/24" (or IPv6, upper case as IOS prints it) of one address. */
static void
addr_text(const struct ifaddrs *i, char *out, size_t len, bool with_len)
{
	char a[INET6_ADDRSTRLEN + 1];
	const void *p;

	if (i->ifa_addr->sa_family == AF_INET)
		p = &((const struct sockaddr_in *)i->ifa_addr)->sin_addr;
	else
		p = &((const struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
	sys_ip_upper(i->ifa_addr->sa_family, p, a, sizeof(a));
	if (with_len)
		snprintf(out, len, "%s/%d", a, prefix_len(i->ifa_netmask));
	else
		snprintf(out, len, "%s", a);
}

static bool
is_linklocal(const struct ifaddrs *i)
{
	return IN6_IS_ADDR_LINKLOCAL(
	    &((const struct sockaddr_in6 *)i->ifa_addr)->sin6_addr);
}

/* The interfaces to show: one (typed, resolved) or all, in index order. */
typedef void (
    *if_fn)(struct cli_ctx *, const char *ifname, const struct ifaddrs *all);

static int
for_ifaces(struct cli_ctx *cx, const struct cli_args *a, if_fn fn)
{
	struct if_nameindex *ifs, *i;
	struct ifaddrs *all;
	char typed[128], one[IF_NAMESIZE + 1];
	const char *type = cli_arg(a, "TYPE"), *num = cli_arg(a, "NUMBER");

	one[0] = '\0';
	if (type != NULL) {
		snprintf(typed, sizeof(typed), "%s%s", type,
		    num != NULL ? num : "");
		if (sys_ifname_linux(typed, one, sizeof(one)) < 0)
			return cli_error(cx,
			    "Invalid input detected at '^' "
			    "marker.");
	}
	if (getifaddrs(&all) < 0)
		return cli_error(cx, "Cannot list interfaces: %s",
		    strerror(errno));
	if (one[0] != '\0') {
		fn(cx, one, all);
	} else if ((ifs = if_nameindex()) != NULL) {
		for (i = ifs; i->if_index != 0; i++)
			fn(cx, i->if_name, all);
		if_freenameindex(ifs);
	}
	freeifaddrs(all);
	return CLI_OK;
}

/* show interfaces */

static void
show_one_interface(struct cli_ctx *cx, const char *ifname,
    const struct ifaddrs *all)
{
	const struct ifaddrs *i;
	char mac[32], alias[256], duplex[16], a[INET6_ADDRSTRLEN + 16];
	long long type = if_num(ifname, "type", 0);
	long long speed = if_num(ifname, "speed", -1);
	unsigned long long bw;

	if_status_line(cx, ifname);
	if (type == ARPHRD_LOOP_)
		cli_puts(cx, "  Hardware is Loopback\n");
	else if (type == ARPHRD_ETHER_ &&
	    sys_if_mac(ifname, mac, sizeof(mac)) == 0)
		cli_printf(cx,
		    "  Hardware is Ethernet, address is %s (bia "
		    "%s)\n",
		    mac, mac);
	else
		cli_printf(cx, "  Hardware is Linux type %lld\n", type);
	if (if_attr(ifname, "ifalias", alias, sizeof(alias)) == 0 &&
	    alias[0] != '\0')
		cli_printf(cx, "  Description: %s\n", alias);
	for (i = all; i != NULL; i = i->ifa_next)
		if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET &&
		    strcmp(i->ifa_name, ifname) == 0) {
			addr_text(i, a, sizeof(a), true);
			cli_printf(cx, "  Internet address is %s\n", a);
			break;
		}
	/* Without a link speed, IOS's own defaults: a loopback's
	 * 8000000 Kbit/sec, 5000 usec; an Ethernet's 1000000, 10 usec. */
	bw = speed > 0		 ? (unsigned long long)speed * 1000 :
	    type == ARPHRD_LOOP_ ? 8000000 :
				   1000000;
	cli_printf(cx, "  MTU %lld bytes, BW %llu Kbit/sec, DLY %d usec,\n",
	    if_num(ifname, "mtu", 0), bw, type == ARPHRD_LOOP_ ? 5000 : 10);
	cli_printf(cx, "  Encapsulation %s, loopback not set\n",
	    type == ARPHRD_LOOP_ ? "LOOPBACK" : "ARPA");
	if (type == ARPHRD_ETHER_) {
		if (speed > 0 &&
		    if_attr(ifname, "duplex", duplex, sizeof(duplex)) == 0 &&
		    (strcmp(duplex, "full") == 0 ||
			strcmp(duplex, "half") == 0))
			cli_printf(cx,
			    "  %s Duplex, %lldMbps, link type is "
			    "auto, media type is unknown\n",
			    duplex[0] == 'f' ? "Full" : "Half", speed);
		else
			cli_puts(cx,
			    "  Auto-duplex, Auto-speed, link type is "
			    "auto, media type is unknown\n");
		cli_puts(cx, "  ARP type: ARPA, ARP Timeout 04:00:00\n");
	}
	cli_printf(cx,
	    "  Input queue: 0/%lld/%llu/0 (size/max/drops/flushes); "
	    "Total output drops: %llu\n",
	    if_num(ifname, "tx_queue_len", 0), if_stat(ifname, "rx_dropped"),
	    if_stat(ifname, "tx_dropped"));
	cli_printf(cx, "     %llu packets input, %llu bytes, %llu no buffer\n",
	    if_stat(ifname, "rx_packets"), if_stat(ifname, "rx_bytes"),
	    if_stat(ifname, "rx_dropped"));
	cli_printf(cx, "     Received %llu multicasts\n",
	    if_stat(ifname, "multicast"));
	cli_printf(cx,
	    "     %llu input errors, %llu CRC, %llu frame, %llu "
	    "overrun, %llu ignored\n",
	    if_stat(ifname, "rx_errors"), if_stat(ifname, "rx_crc_errors"),
	    if_stat(ifname, "rx_frame_errors"),
	    if_stat(ifname, "rx_over_errors"),
	    if_stat(ifname, "rx_missed_errors"));
	cli_printf(cx, "     %llu packets output, %llu bytes, %llu underruns\n",
	    if_stat(ifname, "tx_packets"), if_stat(ifname, "tx_bytes"),
	    if_stat(ifname, "tx_fifo_errors"));
	cli_printf(cx,
	    "     %llu output errors, %llu collisions, %lld "
	    "interface resets\n",
	    if_stat(ifname, "tx_errors"), if_stat(ifname, "collisions"),
	    if_num(ifname, "carrier_changes", 0));
}

static int
cmd_show_interfaces(struct cli_ctx *cx, const struct cli_args *a)
{
	return for_ifaces(cx, a, show_one_interface);
}

/* show ip interface */

static void
show_one_ip_interface(struct cli_ctx *cx, const char *ifname,
    const struct ifaddrs *all)
{
	const struct ifaddrs *i;
	char a[INET6_ADDRSTRLEN + 16];
	int n = 0;

	if_status_line(cx, ifname);
	for (i = all; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET ||
		    strcmp(i->ifa_name, ifname) != 0)
			continue;
		addr_text(i, a, sizeof(a), true);
		cli_printf(cx,
		    n++ == 0 ? "  Internet address is %s\n" :
			       "  Secondary address %s\n",
		    a);
	}
	if (n == 0) {
		cli_puts(cx, "  Internet protocol processing disabled\n");
		return;
	}
	cli_printf(cx, "  MTU is %lld bytes\n", if_num(ifname, "mtu", 0));
}

static int
cmd_show_ip_interface(struct cli_ctx *cx, const struct cli_args *a)
{
	return for_ifaces(cx, a, show_one_ip_interface);
}

/* show ipv6 interface [brief] */

static void
show_one_ipv6_brief(struct cli_ctx *cx, const char *ifname,
    const struct ifaddrs *all)
{
	const struct ifaddrs *i;
	struct if_state st;
	char name[64], a[INET6_ADDRSTRLEN + 16], head[128];
	int n = 0, pass;

	if_state(ifname, &st);
	sys_ifname_ios(ifname, name, sizeof(name));
	snprintf(head, sizeof(head), "[%s/%s]",
	    st.up ? "up" : "administratively down", st.proto ? "up" : "down");
	cli_printf(cx, "%-23s%s\n", name, head);
	/* The link-local address first, as IOS lists it. */
	for (pass = 0; pass < 2; pass++)
		for (i = all; i != NULL; i = i->ifa_next) {
			if (i->ifa_addr == NULL ||
			    i->ifa_addr->sa_family != AF_INET6 ||
			    strcmp(i->ifa_name, ifname) != 0 ||
			    is_linklocal(i) != (pass == 0))
				continue;
			addr_text(i, a, sizeof(a), false);
			cli_printf(cx, "    %s\n", a);
			n++;
		}
	if (n == 0)
		cli_puts(cx, "    unassigned\n");
}

static void
show_one_ipv6_interface(struct cli_ctx *cx, const char *ifname,
    const struct ifaddrs *all)
{
	const struct ifaddrs *i;
	char a[INET6_ADDRSTRLEN + 16], net[INET6_ADDRSTRLEN];
	const struct ifaddrs *ll = NULL;
	struct in6_addr pfx;
	int k, plen, n = 0;

	for (i = all; i != NULL; i = i->ifa_next)
		if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET6 &&
		    strcmp(i->ifa_name, ifname) == 0) {
			n++;
			if (is_linklocal(i) && ll == NULL)
				ll = i;
		}
	if (n == 0)
		return; /* IOS lists IPv6-enabled interfaces only */
	if_status_line(cx, ifname);
	if (ll != NULL) {
		addr_text(ll, a, sizeof(a), false);
		cli_printf(cx, "  IPv6 is enabled, link-local address is %s\n",
		    a);
	} else
		cli_puts(cx, "  IPv6 is enabled, no link-local address\n");
	cli_puts(cx, "  Global unicast address(es):\n");
	for (i = all; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET6 ||
		    strcmp(i->ifa_name, ifname) != 0 || is_linklocal(i))
			continue;
		plen = prefix_len(i->ifa_netmask);
		pfx = ((const struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
		for (k = 0; k < 16; k++)
			pfx.s6_addr[k] &=
			    ((const struct sockaddr_in6 *)i->ifa_netmask)
				->sin6_addr.s6_addr[k];
		sys_ip_upper(AF_INET6, &pfx, net, sizeof(net));
		addr_text(i, a, sizeof(a), false);
		cli_printf(cx, "    %s, subnet is %s/%d\n", a, net, plen);
	}
	cli_printf(cx, "  MTU is %lld bytes\n", if_num(ifname, "mtu", 0));
}

static int
cmd_show_ipv6_interface(struct cli_ctx *cx, const struct cli_args *a)
{
	return for_ifaces(cx, a,
	    cli_has(a, "brief") ? show_one_ipv6_brief :
				  show_one_ipv6_interface);
}

#define SHOW_HELP "Show running system information"
#define IF_HELP                                                                \
	"Interface type and number (GigabitEthernet0/0/0) "                    \
	"or a Linux name (eth0)"

static const struct cli_cmd sys_if_cmds[] = {
	{ CLI_MODE_EXEC, "show interfaces [TYPE [NUMBER]]",
	    { SHOW_HELP, "Interface status and configuration", IF_HELP,
		"Interface number (0/0/0)" },
	    cmd_show_interfaces, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show ip interface [TYPE [NUMBER]]",
	    { SHOW_HELP, "IP information",
		"IP interface status and configuration", IF_HELP,
		"Interface number (0/0/0)" },
	    cmd_show_ip_interface, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show ipv6 interface [{brief|TYPE [NUMBER]}]",
	    { SHOW_HELP, "IPv6 information",
		"IPv6 interface status and configuration",
		"Brief summary of IPv6 status and configuration", IF_HELP,
		"Interface number (0/0/0)" },
	    cmd_show_ipv6_interface, CLI_F_NONO },
};

void
sys_if_cli_init(struct zbfw *z)
{
	cli_register(z->cli, sys_if_cmds,
	    sizeof(sys_if_cmds) / sizeof(sys_if_cmds[0]), z);
}
