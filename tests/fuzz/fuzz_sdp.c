/* libFuzzer harness: the SDP parser on raw bodies. */
#include <stdint.h>

#include "alg/sdp.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sdp_info si;

	if (sdp_parse((const char *)data, len, &si) == 0) {
		if (si.nstreams > SDP_MAX_STREAMS)
			__builtin_trap();
		for (unsigned i = 0; i < si.nstreams; i++)
			if (si.s[i].port == 65535 && !si.s[i].rtcp_attr &&
			    si.s[i].rtcp_port != 0)
				__builtin_trap(); /* RTCP wrapped */
	}
	return 0;
}
