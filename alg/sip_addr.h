/* Address helpers shared by the SDP parser, dialogs and pinholes. */
#ifndef ZB_SIP_ADDR_H
#define ZB_SIP_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alg/sip.h"

#define SIP_ADDRSTRLEN 46

/* A literal IPv4 or IPv6 address (no brackets): 0, or -1. */
int sip_addr_parse(const char *p, size_t len, struct sip_addr *out);
bool sip_addr_eq(const struct sip_addr *, const struct sip_addr *);
/* 0.0.0.0 or :: (RFC 2543 hold, "no address") */
bool sip_addr_unspec(const struct sip_addr *);
/* A unicast address that may receive media: not loopback, multicast,
 * broadcast, 0/8, class E, link-local multicast or unspecified. */
bool sip_addr_usable(const struct sip_addr *);
const char *sip_addr_fmt(const struct sip_addr *, char *buf, size_t len);
/* Is this a syntactically valid host name (for "DNS name" counting)? */
bool sip_is_hostname(const char *p, size_t len);

#endif
