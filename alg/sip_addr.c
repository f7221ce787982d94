#include <arpa/inet.h>
#include <string.h>

#include "alg/sip_addr.h"

/* Dotted quad, decimal, no leading zeros beyond "0" (as inet_pton). */
static int
parse_v4(const char *p, size_t len, struct sip_addr *out)
{
	uint32_t a = 0, oct = 0;
	unsigned dots = 0, digits = 0;

	for (size_t i = 0; i < len; i++) {
		char c = p[i];

		if (c >= '0' && c <= '9') {
			if (digits > 0 && oct == 0)
				return -1; /* leading zero */
			oct = oct * 10 + (uint32_t)(c - '0');
			if (++digits > 3 || oct > 255)
				return -1;
		} else if (c == '.') {
			if (digits == 0 || ++dots > 3)
				return -1;
			a = a << 8 | oct;
			oct = 0;
			digits = 0;
		} else
			return -1;
	}
	if (dots != 3 || digits == 0)
		return -1;
	memset(out, 0, sizeof(*out));
	out->family = AF_INET;
	out->u.v4.s_addr = htonl(a << 8 | oct);
	return 0;
}

int
sip_addr_parse(const char *p, size_t len, struct sip_addr *out)
{
	char tmp[SIP_ADDRSTRLEN];

	if (len == 0 || len >= sizeof(tmp))
		return -1;
	if (memchr(p, ':', len) == NULL)
		return parse_v4(p, len, out);
	memcpy(tmp, p, len);
	tmp[len] = '\0';
	memset(out, 0, sizeof(*out));
	if (memchr(p, ':', len) == NULL) {
		out->family = AF_INET;
		return inet_pton(AF_INET, tmp, &out->u.v4) == 1 ? 0 : -1;
	}
	out->family = AF_INET6;
	return inet_pton(AF_INET6, tmp, &out->u.v6) == 1 ? 0 : -1;
}

bool
sip_addr_eq(const struct sip_addr *a, const struct sip_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
}

bool
sip_addr_unspec(const struct sip_addr *a)
{
	if (a->family == AF_INET)
		return a->u.v4.s_addr == 0;
	return IN6_IS_ADDR_UNSPECIFIED(&a->u.v6);
}

bool
sip_addr_usable(const struct sip_addr *a)
{
	if (a->family == AF_INET) {
		uint32_t h = ntohl(a->u.v4.s_addr);

		return (h >> 24) != 0 && (h >> 24) != 127 && (h >> 28) != 0xe &&
		    (h >> 28) != 0xf;
	}
	if (a->family == AF_INET6) {
		const struct in6_addr *v = &a->u.v6;

		return !IN6_IS_ADDR_UNSPECIFIED(v) &&
		    !IN6_IS_ADDR_LOOPBACK(v) && !IN6_IS_ADDR_MULTICAST(v) &&
		    !IN6_IS_ADDR_V4MAPPED(v);
	}
	return false;
}

const char *
sip_addr_fmt(const struct sip_addr *a, char *buf, size_t len)
{
	if (a->family != AF_INET && a->family != AF_INET6)
		return "-";
	if (inet_ntop(a->family, &a->u, buf, (socklen_t)len) == NULL)
		return "?";
	return buf;
}

/* RFC 1123 labels: letters, digits, '-', dots; at least one letter. */
bool
sip_is_hostname(const char *p, size_t len)
{
	bool alpha = false;
	size_t i, lab = 0;

	if (len == 0 || len > 253)
		return false;
	for (i = 0; i < len; i++) {
		char c = p[i];

		if (c == '.') {
			if (lab == 0)
				return false;
			lab = 0;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			alpha = true;
		else if (!(c >= '0' && c <= '9') && c != '-')
			return false;
		if (++lab > 63)
			return false;
	}
	return alpha;
}
