/*
 * The TCP listening socket of a vty front end (telnet, SSH): "[ADDR:]PORT",
 * ADDR an IPv4 or IPv6 address (IPv6 in brackets), none or "*" for all
 * addresses (IPv6 and IPv4, or IPv4 alone without IPv6), PORT 0 for a free
 * port.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/util.h>

#include "daemon/daemon.h"

int
tcp_listen(const char *spec, char *bound, size_t len, int *portp)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	socklen_t sl = sizeof(ss);
	const char *colon = strrchr(spec, ':');
	char addr[INET6_ADDRSTRLEN + 2], *end;
	const char *a;
	unsigned long port;
	size_t alen;
	int fd, one = 1, saved;

	memset(&ss, 0, sizeof(ss));
	if (colon != NULL) {
		alen = (size_t)(colon - spec);
		a = spec;
		if (alen >= 2 && spec[0] == '[' && spec[alen - 1] == ']') {
			a++;
			alen -= 2;
		}
		if (alen >= sizeof(addr))
			return -EINVAL;
		memcpy(addr, a, alen);
		addr[alen] = '\0';
		spec = colon + 1;
	} else
		addr[0] = '\0';
	errno = 0;
	port = strtoul(spec, &end, 10);
	if (errno != 0 || *end != '\0' || end == spec || port > 65535)
		return -EINVAL;
	if (addr[0] == '\0' || strcmp(addr, "*") == 0) {
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_any;
		s6->sin6_port = htons((uint16_t)port);
		sl = sizeof(*s6);
	} else if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		sl = sizeof(*s4);
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		sl = sizeof(*s6);
	} else
		return -EINVAL;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 && ss.ss_family == AF_INET6 && addr[0] == '\0') {
		/* No IPv6 on this host: all IPv4 addresses then. */
		memset(&ss, 0, sizeof(ss));
		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		s4->sin_port = htons((uint16_t)port);
		sl = sizeof(*s4);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	}
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6 && addr[0] == '\0') {
		int zero = 0;

		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	}
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 128) < 0 ||
	    evutil_make_socket_nonblocking(fd) < 0) {
		saved = errno;
		close(fd);
		return -saved;
	}
	sl = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0) {
		saved = errno;
		close(fd);
		return -saved;
	}
	if (ss.ss_family == AF_INET) {
		inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof(addr));
		*portp = ntohs(s4->sin_port);
		snprintf(bound, len, "%s:%d", addr, *portp);
	} else {
		inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof(addr));
		*portp = ntohs(s6->sin6_port);
		snprintf(bound, len, "[%s]:%d", addr, *portp);
	}
	return fd;
}
