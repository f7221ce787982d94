/* libosip2 side of the SIP parse benchmark (its headers clash with
 * sofia-sip's, hence a file of its own). */
#include <osipparser2/osip_parser.h>
#include <osipparser2/sdp_message.h>

#include "tests/bench/sip_bench.h"

void
osip_init1(void)
{
	parser_init();
}

int
osip_parse1(const uint8_t *p, size_t len)
{
	osip_message_t *sip;
	osip_body_t *body = NULL;
	int rc = 0;

	if (osip_message_init(&sip) != 0)
		return -1;
	if (osip_message_parse(sip, (const char *)p, len) != 0)
		rc = -1;
	else if (osip_message_get_body(sip, 0, &body) >= 0 && body != NULL &&
	    body->body != NULL) {
		sdp_message_t *sdp;

		sdp_message_init(&sdp);
		if (sdp_message_parse(sdp, body->body) != 0)
			rc = -1;
		sdp_message_free(sdp);
	}
	osip_message_free(sip);
	return rc;
}
