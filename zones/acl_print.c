/* Access lists: the one printer of entries (running-config and show). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "zones/zones_int.h"

static void
print_v4(struct buf *b, const struct in6_addr *a)
{
	char s[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, a, s, sizeof(s));
	buf_puts(b, s);
}

static void
print_addr(const struct zc_addr *a, bool std, bool show, struct buf *b)
{
	char s[INET6_ADDRSTRLEN];

	if (a->any) {
		buf_puts(b, "any");
	} else if (a->family == AF_INET6) {
		inet_ntop(AF_INET6, &a->a, s, sizeof(s));
		for (char *q = s; *q != '\0'; q++) /* IOS prints 2001:DB8:: */
			*q = (char)toupper((unsigned char)*q);
		if (a->host && a->m.s6_addr[0] == 128)
			buf_printf(b, "host %s", s);
		else
			buf_printf(b, "%s/%u", s, a->m.s6_addr[0]);
	} else if (a->host) {
		if (!std)
			buf_puts(b, "host ");
		print_v4(b, &a->a);
	} else {
		print_v4(b, &a->a);
		buf_puts(b, show && std ? ", wildcard bits " : " ");
		print_v4(b, &a->m);
	}
}

static void
print_port1(int proto, uint16_t p, struct buf *b)
{
	const char *n = zc_type_name(
	    proto == IPPROTO_UDP ? &zc_udp_port : &zc_tcp_port, p);

	if (n != NULL)
		buf_puts(b, n);
	else
		buf_printf(b, "%u", p);
}

static void
print_ports(const struct zc_portspec *ps, int proto, struct buf *b)
{
	static const char *const opn[] = { "", "eq", "neq", "lt", "gt",
		"range" };
	size_t i;

	if (ps->op == ZP_ANY)
		return;
	buf_printf(b, " %s ", opn[ps->op]);
	print_port1(proto, ps->lo, b);
	for (i = 0; i < ps->nmore; i++) {
		buf_putc(b, ' ');
		print_port1(proto, ps->more[i], b);
	}
	if (ps->op == ZP_RANGE) {
		buf_putc(b, ' ');
		print_port1(proto, ps->hi, b);
	}
}

/* The entry text after the sequence number, as IOS prints it. */
void
zc_ace_print(const struct zc_ace *a, enum zc_acl_type type, bool show,
    struct buf *b)
{
	const char *n;

	if (a->remark != NULL) {
		buf_printf(b, "remark %s", a->remark);
		return;
	}
	if (type == ZACL_STD) {
		/* standard lists align: "permit " / "deny   " in show */
		buf_puts(b, a->permit ? "permit " : show ? "deny   " : "deny ");
		print_addr(&a->src, true, show, b);
	} else {
		buf_puts(b, a->permit ? "permit " : "deny ");
		/* the list's own names: in IPv6 icmp is 58, and 1 stays 1 */
		if ((n = zc_type_name(type == ZACL_V6 ? &zc_ipv6_proto :
							&zc_ip_proto,
			 a->proto)) != NULL)
			buf_puts(b, n);
		else
			buf_printf(b, "%d", a->proto);
		buf_putc(b, ' ');
		print_addr(&a->src, false, show, b);
		if (a->proto != IPPROTO_ICMP && a->proto != IPPROTO_ICMPV6)
			print_ports(&a->sport, a->proto, b);
		buf_putc(b, ' ');
		print_addr(&a->dst, false, show, b);
		if (a->proto == IPPROTO_ICMP || a->proto == IPPROTO_ICMPV6) {
			if (a->sport.op == ZP_EQ) {
				n = zc_type_name(a->proto == IPPROTO_ICMP ?
					&zc_icmp_type :
					&zc_icmp6_type,
				    a->sport.lo);
				if (n != NULL)
					buf_printf(b, " %s", n);
				else
					buf_printf(b, " %u", a->sport.lo);
			}
		} else
			print_ports(&a->dport, a->proto, b);
	}
	if (a->log)
		buf_puts(b, " log");
}

void
zc_print_acls(const struct zone_cfg *c, struct buf *b)
{
	size_t i, j, nprinted = 0;

	for (i = 0; i < c->acls.n; i++) {
		const struct zc_acl *l = c->acls.v[i];
		if (l->numbered)
			continue;
		if (l->type == ZACL_V6)
			buf_printf(b, "ipv6 access-list %s\n", l->name);
		else
			buf_printf(b, "ip access-list %s %s\n",
			    zc_acl_type_names[l->type], l->name);
		for (j = 0; j < l->ace.n; j++) {
			const struct zc_ace *a = l->ace.v[j];
			/* IOS keeps sequence numbers out of running-config */
			buf_putc(b, ' ');
			zc_ace_print(a, l->type, false, b);
			buf_putc(b, '\n');
		}
		nprinted++;
	}
	for (i = 0; i < c->acls.n; i++) {
		const struct zc_acl *l = c->acls.v[i];
		if (!l->numbered)
			continue;
		for (j = 0; j < l->ace.n; j++) {
			buf_printf(b, "access-list %s ", l->name);
			zc_ace_print(l->ace.v[j], l->type, false, b);
			buf_putc(b, '\n');
		}
		nprinted++;
	}
	if (nprinted > 0)
		buf_puts(b, "!\n");
}

/* show ip access-lists / show access-lists / show ipv6 access-list */
void
zc_show_acl(const struct zc_acl *l, struct buf *b)
{
	size_t j;

	if (l->type == ZACL_V6)
		buf_printf(b, "IPv6 access list %s\n", l->name);
	else
		buf_printf(b, "%s IP access list %s\n",
		    l->type == ZACL_STD ? "Standard" : "Extended", l->name);
	for (j = 0; j < l->ace.n; j++) {
		const struct zc_ace *a = l->ace.v[j];
		uint64_t hits = a->ctr ? a->ctr->hits : 0;
		if (a->remark != NULL)
			continue; /* IOS shows remarks only in the config */
		if (l->type == ZACL_V6) {
			buf_puts(b, "    ");
			zc_ace_print(a, l->type, true, b);
			if (hits)
				buf_printf(b, " (%llu matches)",
				    (unsigned long long)hits);
			buf_printf(b, " sequence %u\n", a->seq);
			continue;
		}
		buf_printf(b, "    %u ", a->seq);
		zc_ace_print(a, l->type, true, b);
		if (hits)
			buf_printf(b, " (%llu matches)",
			    (unsigned long long)hits);
		buf_putc(b, '\n');
	}
}
