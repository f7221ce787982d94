/*
 * libFuzzer harness for the startup-config loader: the input is a
 * configuration file, loaded through a file session exactly as zbfwd
 * loads -f FILE (every line parsed, errors collected, one compile of the
 * policy graph at the end), then printed as show running-config prints
 * it.  It links the CLI engine, the management and firewall commands, the
 * loader and the commit; the dataplane and ALG sources are linked because
 * the firewall show commands call them, but never started (zbfw.dp stays
 * NULL).
 *
 * Build and run from the repository root (clang with libFuzzer):
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -D_GNU_SOURCE \
 *       lib/buf.c lib/log.c cli/*.c mgmt/*.c zones/*.c dataplane/*.c \
 *       alg/*.c daemon/config.c daemon/commit.c tests/fuzz/fuzz_config_load.c \
 *       $(pkg-config --cflags --libs libevent libmnl libnetfilter_queue \
 *       libnetfilter_conntrack) -lcrypt -lcrypto -o /tmp/fuzz_config_load
 *   mkdir -p /tmp/cfg-corpus && cp examples/*.cfg /tmp/cfg-corpus/
 *   /tmp/fuzz_config_load -max_len=20000 -max_total_time=120 \
 *       -timeout=10 /tmp/cfg-corpus
 *
 * Not part of `make check` (it needs clang's libFuzzer runtime).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"
#include "zones/policy.h"
#include "zones/zones.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	struct zbfw z;
	struct buf errs, out;

	if (!inited) {
		log_init(1, "fuzz");
		inited = 1;
	}
	memset(&z, 0, sizeof(z));
	z.startup_path = "/nonexistent";
	if ((z.cfg = zone_cfg_new()) == NULL ||
	    (z.mgmt = mgmt_cfg_new()) == NULL || (z.cli = cli_new()) == NULL)
		abort();
	cli_builtin_init(z.cli);
	zone_cli_init(z.cli, z.cfg);
	mgmt_cli_init(z.cli, z.mgmt);
	log_ring_resize(LOG_RING_DEFAULT);
	buf_init(&errs);
	buf_init(&out);
	config_load_mem(&z, "fuzz.cfg", (const char *)data, size, &errs);
	config_running(&z, &out);
	buf_free(&errs);
	buf_free(&out);
	if (z.graph != NULL)
		zone_graph_free((struct zone_graph *)z.graph);
	zone_cfg_free(z.cfg);
	mgmt_cfg_free(z.mgmt);
	cli_free(z.cli);
	return 0;
}
