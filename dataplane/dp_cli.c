/*
 * Dataplane commands: `show platform hardware qfp active feature firewall
 * drop [all|clear]`, the drop counters per reason in the IOS layout.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "dataplane/dp_int.h"

#define RULE                                                                   \
	"-------------------------------------------------------------"        \
	"------------------\n"

static int
cmd_fw_drop(struct cli_ctx *cx, const struct cli_args *a)
{
	struct dp *dp = cli_module(cx);
	bool all = cli_has(a, "all"), clear = cli_has(a, "clear");
	int i;

	cli_puts(cx, RULE);
	cli_printf(cx, "%-72s%7s\n", "Drop Reason", "Packets");
	cli_puts(cx, RULE);
	for (i = 0; i < DPD_COUNT; i++) {
		uint64_t n = dp != NULL ? dp->drops[i] : 0;

		if (n == 0 && !all)
			continue;
		cli_printf(cx, "%-*s%*llu\n", 50, dp_drop_name(i), 29,
		    (unsigned long long)n);
	}
	if (clear && dp != NULL)
		memset(dp->drops, 0, sizeof(dp->drops));
	return CLI_OK;
}

static const struct cli_cmd dp_cmds[] = {
	{ CLI_MODE_PRIV,
	    "show platform hardware qfp active feature firewall drop "
	    "[{all|clear}]",
	    { "Show running system information", "Show platform information",
		"Show platform hardware information", "QFP related information",
		"Active instance", "Feature specific information",
		"QFP Firewall information", "Drop information",
		"Display all drop counters, including zero",
		"Display drop counters and clear them" },
	    cmd_fw_drop, CLI_F_NONO },
};

void
dp_cli_init(struct cli *c, struct dp *dp)
{
	cli_register(c, dp_cmds, sizeof(dp_cmds) / sizeof(dp_cmds[0]), dp);
}
