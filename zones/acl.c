/* Access lists: the model, the entry parser and matcher, printers, rows. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "zones/zones_int.h"

struct pname {
	const char *name;
	int num;
};

static const struct pname protos[] = {{"icmp", 1}, {"igmp", 2}, {"tcp", 6},
    {"udp", 17}, {"gre", 47}, {"esp", 50}, {"ahp", 51}, {"eigrp", 88},
    {"ospf", 89}, {"pim", 103}, {NULL, 0}};
static const struct pname tcp_ports[] = {{"ftp-data", 20}, {"ftp", 21},
    {"ssh", 22}, {"telnet", 23}, {"smtp", 25}, {"domain", 53}, {"www", 80},
    {"pop3", 110}, {"ident", 113}, {"nntp", 119}, {"bgp", 179}, {"ldap", 389},
    {NULL, 0}};
static const struct pname udp_ports[] = {{"domain", 53}, {"bootps", 67},
    {"bootpc", 68}, {"tftp", 69}, {"ntp", 123}, {"snmp", 161},
    {"snmptrap", 162}, {"isakmp", 500}, {"syslog", 514}, {"rip", 520},
    {NULL, 0}};
static const struct pname icmp_types[] = {{"echo-reply", 0}, {"unreachable", 3},
    {"redirect", 5}, {"echo", 8}, {"time-exceeded", 11},
    {"parameter-problem", 12}, {NULL, 0}};
static const struct pname icmp6_types[] = {{"unreachable", 1},
    {"packet-too-big", 2}, {"time-exceeded", 3}, {"parameter-problem", 4},
    {"echo-request", 128}, {"echo-reply", 129}, {"router-solicitation", 133},
    {"router-advertisement", 134}, {"nd-ns", 135}, {"nd-na", 136}, {NULL, 0}};

static int
pname_num(const struct pname *t, const char *s)
{
	for (; t->name != NULL; t++)
		if (strcasecmp(t->name, s) == 0)
			return t->num;
	return -1;
}

static const char *
pname_name(const struct pname *t, int n)
{
	for (; t->name != NULL; t++)
		if (t->num == n)
			return t->name;
	return NULL;
}

static int
parse_num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	return (int)v;
}

/* Tokens of an entry. */
#define MAXTOK 24
struct toks {
	char buf[512];
	char *t[MAXTOK];
	int n, i;
};

static int
tokenize(const char *s, struct toks *k)
{
	char *p;

	if (strlen(s) >= sizeof(k->buf))
		return -1;
	strcpy(k->buf, s);
	k->n = k->i = 0;
	for (p = strtok(k->buf, " \t"); p != NULL; p = strtok(NULL, " \t")) {
		if (k->n == MAXTOK)
			return -1;
		k->t[k->n++] = p;
	}
	return 0;
}

static const char *
peek(struct toks *k)
{
	return k->i < k->n ? k->t[k->i] : NULL;
}

static const char *
next(struct toks *k)
{
	return k->i < k->n ? k->t[k->i++] : NULL;
}

static int
parse_v4(const char *s, struct in6_addr *a)
{
	memset(a, 0, sizeof(*a));
	return inet_pton(AF_INET, s, a) == 1 ? 0 : -1;
}

static int
parse_addr(
    struct toks *k, int family, bool std, struct zc_addr *ad, struct zc_err *e)
{
	const char *w = next(k), *sl;
	char tmp[INET6_ADDRSTRLEN + 8];
	int len;

	memset(ad, 0, sizeof(*ad));
	ad->family = family;
	if (w == NULL)
		return zc_fail(e, "Incomplete command.");
	if (strcasecmp(w, "any") == 0) {
		ad->any = true;
		return 0;
	}
	if (strcasecmp(w, "host") == 0) {
		if ((w = next(k)) == NULL)
			return zc_fail(e, "Incomplete command.");
		ad->host = true;
		if (family == AF_INET)
			return parse_v4(w, &ad->a) < 0
				   ? zc_fail(e, "Bad IP address %s", w)
				   : 0;
		if (inet_pton(AF_INET6, w, &ad->a) != 1)
			return zc_fail(e, "Bad IPv6 address %s", w);
		ad->m.s6_addr[0] = 128;
		return 0;
	}
	if (family == AF_INET6) {
		if ((sl = strchr(w, '/')) == NULL ||
		    (size_t)(sl - w) >= sizeof(tmp) ||
		    (len = parse_num(sl + 1, 0, 128)) < 0)
			return zc_fail(e,
			    "Bad IPv6 prefix %s (X:X:X:X::X/<0-128>"
			    ", host or any)",
			    w);
		memcpy(tmp, w, (size_t)(sl - w));
		tmp[sl - w] = '\0';
		if (inet_pton(AF_INET6, tmp, &ad->a) != 1)
			return zc_fail(e, "Bad IPv6 prefix %s", w);
		ad->m.s6_addr[0] = (uint8_t)len;
		return 0;
	}
	if (parse_v4(w, &ad->a) < 0)
		return zc_fail(
		    e, "Bad IP address %s (A.B.C.D, host or any)", w);
	/* Standard lists take an optional wildcard; extended need one. */
	if (peek(k) != NULL && parse_v4(peek(k), &ad->m) == 0) {
		next(k);
	} else if (!std) {
		return zc_fail(e,
		    "Incomplete command: wildcard bits expected "
		    "after %s",
		    w);
	} else {
		ad->host = true;
	}
	if (!ad->host) {
		uint32_t a, m;
		memcpy(&a, &ad->a, 4);
		memcpy(&m, &ad->m, 4);
		a &= ~m; /* IOS clears the wildcarded bits */
		memcpy(&ad->a, &a, 4);
		if (m == 0)
			ad->host = true;
	}
	return 0;
}

static int
parse_port(const char *s, int proto, struct zc_err *e)
{
	int v = parse_num(s, 0, 65535);

	if (v < 0)
		v = pname_num(proto == IPPROTO_UDP ? udp_ports : tcp_ports, s);
	if (v < 0)
		return zc_fail(e, "Bad port %s", s);
	return v;
}

static int
parse_ports(struct toks *k, int proto, struct zc_portspec *ps, struct zc_err *e)
{
	static const struct {
		const char *w;
		enum zc_port_op op;
	} ops[] = {
	    {"eq", ZP_EQ},
	    {"neq", ZP_NEQ},
	    {"lt", ZP_LT},
	    {"gt", ZP_GT},
	    {"range", ZP_RANGE},
	};
	const char *w = peek(k);
	size_t i;
	int lo, hi;

	ps->op = ZP_ANY;
	if (w == NULL || (proto != IPPROTO_TCP && proto != IPPROTO_UDP))
		return 0;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcasecmp(w, ops[i].w) == 0)
			break;
	if (i == sizeof(ops) / sizeof(ops[0]))
		return 0;
	next(k);
	if ((w = next(k)) == NULL)
		return zc_fail(e, "Incomplete command.");
	if ((lo = parse_port(w, proto, e)) < 0)
		return -1;
	hi = lo;
	if (ops[i].op == ZP_RANGE) {
		if ((w = next(k)) == NULL)
			return zc_fail(e, "Incomplete command.");
		if ((hi = parse_port(w, proto, e)) < 0)
			return -1;
		if (hi < lo)
			return zc_fail(e, "Bad port range %d %d", lo, hi);
	}
	/* eq/neq take up to 10 ports */
	while ((ops[i].op == ZP_EQ || ops[i].op == ZP_NEQ) &&
	       (w = peek(k)) != NULL &&
	       (hi = parse_port(w, proto, NULL)) >= 0) {
		if (ps->nmore == ZC_PORTS_MAX - 1)
			return zc_fail(e, "At most %d ports after %s",
			    ZC_PORTS_MAX, ops[i].w);
		ps->more[ps->nmore++] = (uint16_t)hi;
		next(k);
		hi = lo;
	}
	ps->op = ops[i].op;
	ps->lo = (uint16_t)lo;
	ps->hi = (uint16_t)hi;
	return 0;
}

int
zc_acl_parse_ace(enum zc_acl_type type, const char *text, struct zc_ace *ace,
    bool *has_seq, struct zc_err *e)
{
	struct toks k;
	const char *w;
	int fam = type == ZACL_V6 ? AF_INET6 : AF_INET, v;

	memset(ace, 0, sizeof(*ace));
	*has_seq = false;
	if (tokenize(text, &k) < 0)
		return zc_fail(e, "Access list entry too long");
	if ((w = peek(&k)) != NULL && isdigit((unsigned char)*w)) {
		if ((v = parse_num(w, 1, 2147483647)) < 0)
			return zc_fail(e, "Bad sequence number %s", w);
		ace->seq = (unsigned)v;
		*has_seq = true;
		next(&k);
	}
	if ((w = next(&k)) == NULL)
		return zc_fail(e, "Incomplete command.");
	if (strcasecmp(w, "remark") == 0) {
		/* the rest of the original text, spacing kept */
		const char *r = strstr(text, w) + strlen(w);
		while (*r == ' ' || *r == '\t')
			r++;
		if (*r == '\0')
			return zc_fail(e, "Incomplete command.");
		if ((ace->remark = strdup(r)) == NULL)
			return zc_fail(e, "Out of memory");
		return 0;
	}
	if (strcasecmp(w, "permit") == 0)
		ace->permit = true;
	else if (strcasecmp(w, "deny") != 0)
		return zc_fail(e, "Expected permit or deny, not %s", w);
	ace->proto = -1;
	if (type == ZACL_STD) {
		if (parse_addr(&k, AF_INET, true, &ace->src, e) < 0)
			return -1;
		ace->dst.family = AF_INET;
		ace->dst.any = true;
	} else {
		if ((w = next(&k)) == NULL)
			return zc_fail(e, "Incomplete command.");
		if (strcasecmp(w, type == ZACL_V6 ? "ipv6" : "ip") == 0)
			ace->proto = -1;
		else if (type == ZACL_V6 && strcasecmp(w, "icmp") == 0)
			ace->proto = IPPROTO_ICMPV6;
		else if ((v = pname_num(protos, w)) >= 0 ||
			 (v = parse_num(w, 0, 255)) >= 0)
			ace->proto = v;
		else
			return zc_fail(e, "Unknown protocol %s", w);
		if (parse_addr(&k, fam, false, &ace->src, e) < 0 ||
		    parse_ports(&k, ace->proto, &ace->sport, e) < 0 ||
		    parse_addr(&k, fam, false, &ace->dst, e) < 0 ||
		    parse_ports(&k, ace->proto, &ace->dport, e) < 0)
			return -1;
		/* icmp: an optional type (name or number). */
		if ((ace->proto == IPPROTO_ICMP ||
			ace->proto == IPPROTO_ICMPV6) &&
		    (w = peek(&k)) != NULL && strcasecmp(w, "log") != 0) {
			if ((v = pname_num(ace->proto == IPPROTO_ICMP
					       ? icmp_types
					       : icmp6_types,
				 w)) < 0 &&
			    (v = parse_num(w, 0, 255)) < 0)
				return zc_fail(e, "Unknown icmp type %s", w);
			next(&k);
			ace->sport.op = ZP_EQ;
			ace->sport.lo = ace->sport.hi = (uint16_t)v;
		}
	}
	if ((w = peek(&k)) != NULL && strcasecmp(w, "log") == 0) {
		ace->log = true;
		next(&k);
	}
	if ((w = peek(&k)) != NULL)
		return zc_fail(e, "Not supported: access list option %s", w);
	return 0;
}

static bool
addr_match(const struct zc_addr *a, const struct policy_pkt *p, const void *pa)
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
zc_ace_match(const struct zc_ace *a, const struct policy_pkt *p)
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
	const char *n =
	    pname_name(proto == IPPROTO_UDP ? udp_ports : tcp_ports, p);

	if (n != NULL)
		buf_puts(b, n);
	else
		buf_printf(b, "%u", p);
}

static void
print_ports(const struct zc_portspec *ps, int proto, struct buf *b)
{
	static const char *const opn[] = {"", "eq", "neq", "lt", "gt", "range"};
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
zc_ace_print(
    const struct zc_ace *a, enum zc_acl_type type, bool show, struct buf *b)
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
		if (a->proto < 0)
			buf_puts(b, type == ZACL_V6 ? "ipv6" : "ip");
		else if (a->proto == IPPROTO_ICMPV6 && type == ZACL_V6)
			buf_puts(b, "icmp");
		else if ((n = pname_name(protos, a->proto)) != NULL)
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
				n = pname_name(a->proto == IPPROTO_ICMP
						   ? icmp_types
						   : icmp6_types,
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
zc_acl_free(struct zc_acl *l)
{
	size_t i;

	for (i = 0; i < l->ace.n; i++) {
		struct zc_ace *a = l->ace.v[i];
		zc_ctr_unref(a->ctr);
		free(a->remark);
		free(a);
	}
	zc_vec_free(&l->ace);
	free(l->ht);
	free(l);
}

static bool
name_numbered(const char *name, enum zc_acl_type type)
{
	int v = parse_num(name, 1, 2699);

	if (v < 0 || type == ZACL_V6)
		return false;
	if (type == ZACL_STD)
		return v <= 99 || (v >= 1300 && v <= 1999);
	return (v >= 100 && v <= 199) || v >= 2000;
}

static const char *const type_names[] = {"standard", "extended", "ipv6"};

int
zc_acl_enter(struct zone_cfg *c, const char *name, enum zc_acl_type type,
    bool numbered, struct zc_err *e)
{
	struct zc_acl *l;

	if (zc_name_ok(name, e) < 0)
		return -1;
	if ((l = zc_acl_find(c, name)) != NULL) {
		if (l->type != type)
			return zc_fail(e,
			    "Access list %s exists as %s; remove "
			    "it first",
			    name, type_names[l->type]);
		return 0;
	}
	if (isdigit((unsigned char)*name) && type != ZACL_V6 &&
	    !name_numbered(name, type))
		return zc_fail(e,
		    "Access list number %s is out of range for %s "
		    "lists (standard 1-99, 1300-1999; extended 100-199, "
		    "2000-2699)",
		    name, type_names[type]);
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(l->name, name);
	l->type = type;
	l->numbered = numbered || name_numbered(name, type);
	if (zc_vec_push(&c->acls, l) < 0) {
		free(l);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_acl_del(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	size_t i;

	for (i = 0; i < c->acls.n; i++)
		if (strcmp(((struct zc_acl *)c->acls.v[i])->name, name) == 0) {
			zc_acl_free(c->acls.v[i]);
			zc_vec_del(&c->acls, i);
			return 0;
		}
	return zc_fail(e, "Access list %s does not exist", name);
}

static bool
ace_same(const struct zc_ace *a, const struct zc_ace *b)
{
	if (a->remark != NULL || b->remark != NULL)
		return a->remark != NULL && b->remark != NULL &&
		       strcmp(a->remark, b->remark) == 0;
	return a->permit == b->permit && a->proto == b->proto &&
	       a->log == b->log &&
	       memcmp(&a->src, &b->src, sizeof(a->src)) == 0 &&
	       memcmp(&a->dst, &b->dst, sizeof(a->dst)) == 0 &&
	       memcmp(&a->sport, &b->sport, sizeof(a->sport)) == 0 &&
	       memcmp(&a->dport, &b->dport, sizeof(a->dport)) == 0;
}

static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t w;

	for (; n >= 8; n -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	for (; n > 0; n--, b++)
		h = (h ^ *b) * 1099511628211ULL;
	return h;
}

/* A hash of what ace_same compares (parsed entries are zeroed first). */
static size_t
ace_hash(const struct zc_ace *a)
{
	uint64_t h = (uint64_t)(a->permit | a->log << 1) << 32 |
		     (uint32_t)(a->proto + 1);

	h = mix(h * 0x9e3779b97f4a7c15ULL, &a->src, sizeof(a->src));
	h = mix(h, &a->dst, sizeof(a->dst));
	h = mix(h, &a->sport, sizeof(a->sport));
	h = mix(h, &a->dport, sizeof(a->dport));
	if (a->remark != NULL)
		h = mix(h, a->remark, strlen(a->remark));
	return (size_t)(h ^ h >> 32);
}

/* (Re)build the duplicate index; an open-addressing table of entries. */
static int
ht_build(struct zc_acl *l)
{
	size_t cap = 64, i, k;

	while (cap < l->ace.n * 2 + 16)
		cap *= 2;
	free(l->ht);
	l->htcap = 0;
	if ((l->ht = calloc(cap, sizeof(*l->ht))) == NULL)
		return -1;
	l->htcap = cap;
	for (i = 0; i < l->ace.n; i++) {
		struct zc_ace *a = l->ace.v[i];
		for (k = ace_hash(a) & (cap - 1); l->ht[k] != NULL;
		     k = (k + 1) & (cap - 1))
			;
		l->ht[k] = a;
	}
	return 0;
}

static struct zc_ace *
ht_find(struct zc_acl *l, const struct zc_ace *a)
{
	size_t k;

	if (l->ht == NULL && ht_build(l) < 0)
		return NULL;
	for (k = ace_hash(a) & (l->htcap - 1); l->ht[k] != NULL;
	     k = (k + 1) & (l->htcap - 1))
		if (ace_same(l->ht[k], a))
			return l->ht[k];
	return NULL;
}

static void
ht_add(struct zc_acl *l, struct zc_ace *a)
{
	size_t k;

	if (l->ht == NULL || l->ace.n * 2 + 16 > l->htcap) {
		if (ht_build(l) < 0) {
			free(l->ht);
			l->ht = NULL;
		}
		return; /* the rebuild indexed a already */
	}
	for (k = ace_hash(a) & (l->htcap - 1); l->ht[k] != NULL;
	     k = (k + 1) & (l->htcap - 1))
		;
	l->ht[k] = a;
}

/* Index of the entry with sequence number seq, or -1 (entries sorted). */
static long
seq_find(const struct zc_acl *l, unsigned seq)
{
	size_t lo = 0, hi = l->ace.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		unsigned s = ((const struct zc_ace *)l->ace.v[mid])->seq;
		if (s == seq)
			return (long)mid;
		if (s < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void
ace_remove(struct zc_acl *l, size_t i)
{
	struct zc_ace *a = l->ace.v[i];

	zc_ctr_unref(a->ctr);
	free(a->remark);
	free(a);
	zc_vec_del(&l->ace, i);
	free(l->ht); /* rebuilt on the next lookup */
	l->ht = NULL;
}

static int acl_add(
    struct zc_acl *, struct zc_ace *, bool, bool, struct zc_err *);

int
zc_acl_entry(struct zone_cfg *c, const char *acl, const char *text, bool no,
    struct zc_err *e)
{
	struct zc_acl *l;
	struct zc_ace ace;
	bool has_seq;
	long at;
	int v, rc;

	if ((l = zc_acl_find(c, acl)) == NULL)
		return zc_fail(e, "Access list %s does not exist", acl);
	/* `no 20`: remove by sequence number. */
	if (no && (v = parse_num(text, 1, 2147483647)) >= 0) {
		if ((at = seq_find(l, (unsigned)v)) < 0)
			return zc_fail(e,
			    "Sequence number %d does not exist "
			    "in access list %s",
			    v, acl);
		ace_remove(l, (size_t)at);
		return 0;
	}
	if (zc_acl_parse_ace(l->type, text, &ace, &has_seq, e) < 0)
		return -1;
	if ((rc = acl_add(l, &ace, has_seq, no, e)) < 0 || rc == 1)
		free(ace.remark); /* not kept */
	return rc < 0 ? -1 : 0;
}

/* 0: added (ace now owned by l), 1: nothing to add, -1: error. */
static int
acl_add(struct zc_acl *l, struct zc_ace *ace, bool has_seq, bool no,
    struct zc_err *e)
{
	struct zc_ace *a, *n;
	size_t i;

	a = ht_find(l, ace);
	if (no) {
		if (a == NULL || (has_seq && a->seq != ace->seq))
			return zc_fail(
			    e, "Entry not found in access list %s", l->name);
		ace_remove(l, (size_t)seq_find(l, a->seq));
		return 1;
	}
	if (a != NULL && (!has_seq || a->seq == ace->seq))
		return 1; /* IOS ignores duplicates */
	if (has_seq && seq_find(l, ace->seq) >= 0)
		return zc_fail(e, "Duplicate sequence number");
	if (l->ace.n >= ZC_ACE_MAX)
		return zc_fail(e, "Access list %s is full (%d entries)",
		    l->name, ZC_ACE_MAX);
	if (!has_seq) {
		ace->seq = 10;
		if (l->ace.n > 0) {
			a = l->ace.v[l->ace.n - 1];
			if (a->seq > 2147483647u - 10)
				return zc_fail(e, "Sequence number overflow");
			ace->seq = a->seq + 10;
		}
	}
	if ((n = malloc(sizeof(*n))) == NULL)
		return zc_fail(e, "Out of memory");
	*n = *ace;
	if ((n->ctr = zc_ctr_new()) == NULL || zc_vec_push(&l->ace, n) < 0) {
		zc_ctr_unref(n->ctr);
		free(n);
		return zc_fail(e, "Out of memory");
	}
	/* keep sorted by sequence number: move the new entry into place */
	for (i = l->ace.n - 1; i > 0; i--) {
		a = l->ace.v[i - 1];
		if (a->seq < n->seq)
			break;
		l->ace.v[i] = a;
		l->ace.v[i - 1] = n;
	}
	ht_add(l, n);
	return 0;
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
			    type_names[l->type], l->name);
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
static void
show_acl(const struct zc_acl *l, struct buf *b)
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
			buf_printf(
			    b, " (%llu matches)", (unsigned long long)hits);
		buf_putc(b, '\n');
	}
}

static int
cmd_show_acl(struct cli_ctx *cx, const struct cli_args *a)
{
	const struct zone_cfg *c = zc_cfg(cx);
	const char *name = cli_arg(a, "NAME");
	bool v6 = cli_has(a, "ipv6"), v4 = cli_has(a, "ip");
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < c->acls.n; i++) {
		const struct zc_acl *l = c->acls.v[i];
		if (name != NULL && strcmp(name, l->name) != 0)
			continue;
		if ((v4 && l->type == ZACL_V6) || (v6 && l->type != ZACL_V6))
			continue;
		show_acl(l, &b);
	}
	if (b.len > 0)
		cli_puts(cx, b.p);
	buf_free(&b);
	return CLI_OK;
}

static int
cmd_clear_acl(struct cli_ctx *cx, const struct cli_args *a)
{
	const struct zone_cfg *c = zc_cfg(cx);
	const char *name = cli_arg(a, "NAME");
	size_t i, j;

	if (name != NULL && zc_acl_find(c, name) == NULL)
		return cli_error(cx, "Access list %s does not exist", name);
	for (i = 0; i < c->acls.n; i++) {
		const struct zc_acl *l = c->acls.v[i];
		if (name != NULL && strcmp(name, l->name) != 0)
			continue;
		for (j = 0; j < l->ace.n; j++) {
			struct zc_ace *e = l->ace.v[j];
			if (e->ctr != NULL)
				e->ctr->hits = 0;
		}
	}
	return CLI_OK;
}

/* Commands. */

static int
cmd_acl(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = {"", ""};
	const char *name = cli_arg(a, "NAME");
	enum zc_acl_type t = cli_has(a, "ipv6")	      ? ZACL_V6
			     : cli_has(a, "standard") ? ZACL_STD
						      : ZACL_EXT;
	enum cli_mode m = t == ZACL_V6	  ? CLI_MODE_IPV6_NACL
			  : t == ZACL_STD ? CLI_MODE_STD_NACL
					  : CLI_MODE_EXT_NACL;
	int rc;

	if (cli_no(a))
		return zc_ret(cx, zc_acl_del(zc_cfg(cx), name, &e), &e);
	rc = zc_acl_enter(zc_cfg(cx), name, t, false, &e);
	if (rc == 0)
		cli_enter(cx, m, name, NULL);
	return zc_ret(cx, rc, &e);
}

static int
entry_text(const struct cli_args *a, char *out, size_t len)
{
	const char *seq = cli_arg(a, "SEQ"), *rest = cli_arg(a, "SPEC");
	int n;

	if (rest == NULL)
		rest = cli_arg(a, "TEXT");
	n = snprintf(out, len, "%s%s%s %s", seq ? seq : "", seq ? " " : "",
	    cli_has(a, "permit") ? "permit"
	    : cli_has(a, "deny") ? "deny"
				 : "remark",
	    rest ? rest : "");
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int
cmd_ace(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = {"", ""};
	char text[512];

	if (cli_arg(a, "SPEC") == NULL && cli_arg(a, "TEXT") == NULL)
		return cli_error(cx, "Incomplete command.");
	if (entry_text(a, text, sizeof(text)) < 0)
		return cli_error(cx, "Access list entry too long");
	return zc_ret(cx,
	    zc_acl_entry(zc_cfg(cx), cli_obj(cx, 0), text, cli_no(a), &e), &e);
}

static int
cmd_ace_noseq(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = {"", ""};

	return zc_ret(cx,
	    zc_acl_entry(
		zc_cfg(cx), cli_obj(cx, 0), cli_arg(a, "SEQ"), true, &e),
	    &e);
}

static int
cmd_numbered(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zc_err e = {"", ""};
	const char *name = cli_arg(a, "NUM");
	long n = cli_num(a, "NUM", 0);
	enum zc_acl_type t =
	    n <= 99 || (n >= 1300 && n <= 1999) ? ZACL_STD : ZACL_EXT;
	char text[512];
	bool created;
	int rc;

	if (n >= 200 && n < 1300)
		return cli_error(cx,
		    "Access list number %ld is not an IP "
		    "access list (1-199, 1300-2699)",
		    n);
	if (cli_no(a) && cli_arg(a, "SPEC") == NULL &&
	    cli_arg(a, "TEXT") == NULL)
		return zc_ret(cx, zc_acl_del(zc_cfg(cx), name, &e), &e);
	if (cli_arg(a, "SPEC") == NULL && cli_arg(a, "TEXT") == NULL)
		return cli_error(cx, "Incomplete command.");
	if (entry_text(a, text, sizeof(text)) < 0)
		return cli_error(cx, "Access list entry too long");
	created = !cli_no(a) && zc_acl_find(zc_cfg(cx), name) == NULL;
	if (created &&
	    (rc = zc_acl_enter(zc_cfg(cx), name, t, true, &e)) < 0)
		return zc_ret(cx, rc, &e);
	rc = zc_acl_entry(zc_cfg(cx), name, text, cli_no(a), &e);
	if (rc < 0 && created) {
		/* a refused first entry leaves no empty list behind */
		struct zc_err e2 = {"", ""};

		zc_acl_del(zc_cfg(cx), name, &e2);
	}
	return zc_ret(cx, rc, &e);
}

#define ACE_HELP_STD "Address (A.B.C.D [wildcard]), host A.B.C.D or any"
#define ACE_HELP_EXT                                                           \
	"PROTO SRC [PORTS] DST [PORTS] [log]: PROTO ip, tcp, "                 \
	"udp, icmp or <0-255>; SRC/DST any, host A.B.C.D or A.B.C.D "          \
	"WILDCARD; PORTS eq|neq|lt|gt P or range P P"
#define ACE_HELP_V6                                                            \
	"PROTO SRC [PORTS] DST [PORTS] [log]: PROTO ipv6, tcp, "               \
	"udp, icmp or <0-255>; SRC/DST any, host X:X::X or X:X::X/<0-128>"
#define ACE_ROWS(mode, help)                                                   \
	{mode, "{permit|deny} SPEC:LINE",                                      \
	    {"Specify packets to forward", "Specify packets to reject", help}, \
	    cmd_ace, 0},                                                       \
	    {mode, "SEQ:<1-2147483647> {permit|deny} SPEC:LINE",               \
		{"Sequence Number", "Specify packets to forward",              \
		    "Specify packets to reject", help},                        \
		cmd_ace, CLI_F_NONO},                                          \
	    {mode, "remark TEXT:LINE",                                         \
		{"Access list entry comment", "Comment up to 100 characters"}, \
		cmd_ace, 0},                                                   \
	    {mode, "SEQ:<1-2147483647> remark TEXT:LINE",                      \
		{"Sequence Number", "Access list entry comment",               \
		    "Comment up to 100 characters"},                           \
		cmd_ace, CLI_F_NONO},                                          \
	{                                                                      \
		mode, "no SEQ:<1-2147483647>",                                 \
		    {"Negate a command or set its defaults",                   \
			"Sequence Number"},                                    \
		    cmd_ace_noseq, 0                                           \
	}

const struct cli_cmd zc_acl_rows[] = {
    {CLI_MODE_CONFIG, "ip access-list {standard|extended} NAME",
	{"Global IP configuration subcommands", "Named access list",
	    "Standard Access List", "Extended Access List",
	    "Access-list name or number"},
	cmd_acl, 0},
    {CLI_MODE_CONFIG, "ipv6 access-list NAME",
	{"Global IPv6 configuration commands", "Configure access lists",
	    "User selected string identifying "
	    "this access list"},
	cmd_acl, 0},
    {CLI_MODE_CONFIG, "access-list NUM:<1-2699> {permit|deny} SPEC:LINE",
	{"Add an access list entry",
	    "IP standard (1-99, 1300-1999) or extended (100-199, 2000-2699) "
	    "access list",
	    "Specify packets to forward", "Specify packets to reject",
	    "standard: " ACE_HELP_STD "; extended: " ACE_HELP_EXT},
	cmd_numbered, 0},
    {CLI_MODE_CONFIG, "access-list NUM:<1-2699> remark TEXT:LINE",
	{"Add an access list entry", "IP access list number",
	    "Access list entry comment", "Comment up to 100 characters"},
	cmd_numbered, 0},
    ACE_ROWS(CLI_MODE_EXT_NACL, ACE_HELP_EXT),
    ACE_ROWS(CLI_MODE_STD_NACL, ACE_HELP_STD),
    ACE_ROWS(CLI_MODE_IPV6_NACL, ACE_HELP_V6),
    {CLI_MODE_EXEC, "show ip access-lists [NAME]",
	{"Show running system information", "IP information",
	    "List IP access lists", "ACL name or number"},
	cmd_show_acl, 0},
    {CLI_MODE_EXEC, "show access-lists [NAME]",
	{"Show running system information", "List access lists",
	    "ACL name or number"},
	cmd_show_acl, 0},
    {CLI_MODE_PRIV, "clear ip access-list counters [NAME]",
	{"Reset functions", "IP",
	    "Clear access list statistical "
	    "information",
	    "Clear access list counters", "Access list name or number"},
	cmd_clear_acl, 0},
    {CLI_MODE_PRIV, "clear access-list counters [NAME]",
	{"Reset functions", "Clear access list statistical information",
	    "Clear access list counters", "Access list name or number"},
	cmd_clear_acl, 0},
    {CLI_MODE_EXEC, "show ipv6 access-list [NAME]",
	{"Show running system information", "IPv6 information",
	    "Summary of access lists", "ACL name"},
	cmd_show_acl, 0},
};
const size_t zc_acl_nrows = sizeof(zc_acl_rows) / sizeof(zc_acl_rows[0]);
