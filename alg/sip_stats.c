/* Counter names and debug output. */
#include <stdarg.h>
#include <stdio.h>

#include "alg/sip_int.h"
#include "lib/log.h"

const char *
sip_noph_name(enum sip_noph r)
{
	static const char *const n[NOPH_COUNT] = {
		[NOPH_FQDN] = "media address is a DNS name",
		[NOPH_THIRD_PARTY] = "address not on the sender's side",
		[NOPH_LOW_PORT] = "port below 1024",
		[NOPH_BAD_ADDR] = "unusable address",
		[NOPH_NOT_UDP] = "media not over UDP",
		[NOPH_TABLE_FULL] = "pinhole table full",
		[NOPH_REFUSED] = "refused by the dataplane",
		[NOPH_TOO_MANY] = "too many media streams",
		[NOPH_QUOTA_SRC] = "over the source's pinhole quota",
		[NOPH_QUOTA_ZP] = "over the zone-pair's pinhole quota",
	};

	return r < NOPH_COUNT ? n[r] : "unknown";
}

void
sip_dbg(struct sip_alg *a, int detail, const char *fmt, ...)
{
	unsigned flag = detail ? DBG_SIP_DETAIL : DBG_SIP;
	char buf[512];
	va_list ap;

	if (a->ops.log == NULL && !(log_debug_flags & flag))
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (a->ops.log != NULL)
		a->ops.log(a->arg, detail, buf);
	else
		log_dbg(flag, "SIP-ALG: %s", buf);
}
