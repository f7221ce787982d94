/* Access lists: does an entry match a connection's first packet. */
#include <string.h>

#include "zones/zones_int.h"

static bool
addr_match(const struct zc_addr *a, const struct zone_pkt *p, const void *pa)
{
	if (a->any)
		return true;
	if (p->family == AF_INET) {
		uint32_t x, y, m;
		memcpy(&x, pa, 4);
		memcpy(&y, &a->a, 4);
		memcpy(&m, &a->m, 4);
		if (a->host)
			m = 0;
		return (x & ~m) == (y & ~m);
	} else {
		const uint8_t *x = pa, *y = a->a.s6_addr;
		unsigned len = a->m.s6_addr[0], i;
		for (i = 0; i < len / 8; i++)
			if (x[i] != y[i])
				return false;
		if (len % 8) {
			uint8_t mk = (uint8_t)(0xff << (8 - len % 8));
			if ((x[i] & mk) != (y[i] & mk))
				return false;
		}
		return true;
	}
}

static bool
port_match(const struct zc_portspec *ps, uint16_t port)
{
	size_t i;

	switch (ps->op) {
	case ZP_ANY:
		return true;
	case ZP_EQ:
	case ZP_NEQ:
		for (i = 0; i < ps->nmore && port != ps->more[i]; i++)
			;
		return (port == ps->lo || i < ps->nmore) == (ps->op == ZP_EQ);
	case ZP_LT:
		return port < ps->lo;
	case ZP_GT:
		return port > ps->lo;
	case ZP_RANGE:
		return port >= ps->lo && port <= ps->hi;
	}
	return false;
}

bool
zc_ace_match(const struct zc_ace *a, const struct zone_pkt *p)
{
	if (a->remark != NULL || a->src.family != p->family)
		return false;
	if (a->proto >= 0 && a->proto != p->proto)
		return false;
	if (!addr_match(&a->src, p, &p->src) ||
	    !addr_match(&a->dst, p, &p->dst))
		return false;
	if (a->proto == IPPROTO_ICMP || a->proto == IPPROTO_ICMPV6)
		return port_match(&a->sport, p->sport); /* icmp type */
	return port_match(&a->sport, p->sport) &&
	    port_match(&a->dport, p->dport);
}
