/* `logging buffered`: the size and level of the `show logging` ring. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"
#include "mgmt/mgmt_int.h"

static const char *const levels[] = {
	"emergencies",
	"alerts",
	"critical",
	"errors",
	"warnings",
	"notifications",
	"informational",
	"debugging",
};

const char *
mgmt_level_name(int level)
{
	return level >= 0 && level < 8 ? levels[level] : "debugging";
}

static int
cmd_logging_buffered(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = mgmt_of(cx);
	const char *lv = cli_arg(a, "LEVEL");
	int i;

	if (cli_no(a)) {
		m->log_buffered = false;
		m->log_size = 0;
		m->log_level = -1;
		log_ring_resize(0);
		return CLI_OK;
	}
	m->log_buffered = true;
	m->log_size = (size_t)cli_num(a, "SIZE", 0);
	m->log_level = -1;
	if (lv != NULL) {
		for (i = 0; i < 8; i++)
			if (strcmp(lv, levels[i]) == 0)
				m->log_level = i;
		if (m->log_level < 0 && isdigit((unsigned char)lv[0]))
			m->log_level = atoi(lv);
	}
	log_ring_resize(m->log_size > 0 ? m->log_size : LOG_RING_DEFAULT);
	return CLI_OK;
}

static const struct cli_cmd logging_cmds[] = {
	{ CLI_MODE_CONFIG,
	    "logging buffered [SIZE:<4096-2147483647>] "
	    "[{LEVEL:<0-7>|emergencies|alerts|critical|errors|warnings|"
	    "notifications|informational|debugging}]",
	    { "Modify message logging facilities",
		"Set buffered logging parameters", "Logging buffer size",
		"Logging severity level", "System is unusable",
		"Immediate action needed", "Critical conditions",
		"Error conditions", "Warning conditions",
		"Normal but significant conditions", "Informational messages",
		"Debugging messages" },
	    cmd_logging_buffered, 0 },
};

void
mgmt_logging_cli_init(struct cli *c, struct mgmt_cfg *m)
{
	cli_register(c, logging_cmds, MGMT_NROWS(logging_cmds), m);
}
