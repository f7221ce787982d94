/* sofia-sip side of the SIP parse benchmark. */
#include <sofia-sip/msg.h>
#include <sofia-sip/sdp.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/su_alloc.h>

#include "tests/bench/sip_bench.h"

int
sofia_parse1(const uint8_t *p, size_t len)
{
	msg_t *m = msg_make(sip_default_mclass(), 0, p, (isize_t)len);
	sip_t *sip;
	int rc = 0;

	if (m == NULL)
		return -1;
	sip = sip_object(m);
	if (sip == NULL || sip->sip_error != NULL || sip->sip_call_id == NULL)
		rc = -1;
	else if (sip->sip_payload != NULL) {
		su_home_t home[1] = { SU_HOME_INIT(home) };
		sdp_parser_t *sp = sdp_parse(home, sip->sip_payload->pl_data,
		    (issize_t)sip->sip_payload->pl_len, 0);

		if (sdp_session(sp) == NULL)
			rc = -1;
		sdp_parser_free(sp);
		su_home_deinit(home);
	}
	msg_destroy(m);
	return rc;
}
