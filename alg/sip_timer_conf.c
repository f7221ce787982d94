/*
 * Call protection timers in the configuration (zbfw extensions; SRX's
 * c-timeout, inactive-media-timeout and maximum-call-duration):
 *   sip-alg timeout invite SECONDS            Timer C (180)
 *   sip-alg timeout media-inactivity SECONDS  0: off (SRX: 120)
 *   sip-alg timeout call-duration MINUTES     0: off (SRX: 720)
 *   sip-alg timeout invite-hold-down SECONDS  0: off (SRX: 3)
 * and their `no` forms (the default back).
 */
#include <stdbool.h>

#include "alg/sip.h"
#include "cli/cli.h"
#include "lib/buf.h"

bool sip_timer_print(const struct sip_alg_params *cur,
    const struct sip_alg_params *def, struct buf *out);
void sip_timer_cli_init(struct cli *, struct sip_cli_ctx *);

bool
sip_timer_print(const struct sip_alg_params *cur,
    const struct sip_alg_params *def, struct buf *out)
{
	bool any = false;

	if (cur->invite_timeout_ms != def->invite_timeout_ms) {
		buf_printf(out, "sip-alg timeout invite %u\n",
		    cur->invite_timeout_ms / 1000);
		any = true;
	}
	if (cur->media_idle_ms != def->media_idle_ms) {
		buf_printf(out, "sip-alg timeout media-inactivity %u\n",
		    cur->media_idle_ms / 1000);
		any = true;
	}
	if (cur->hold_down_ms != def->hold_down_ms) {
		buf_printf(out, "sip-alg timeout invite-hold-down %u\n",
		    cur->hold_down_ms / 1000);
		any = true;
	}
	if (cur->max_call_ms != def->max_call_ms) {
		buf_printf(out, "sip-alg timeout call-duration %u\n",
		    cur->max_call_ms / 60000);
		any = true;
	}
	return any;
}

static int
cmd_timeout(struct cli_ctx *cx, const struct cli_args *a)
{
	struct sip_cli_ctx *c = cli_module(cx);
	struct sip_alg_params def;
	uint32_t v = (uint32_t)cli_num(a, "N", 0);

	sip_alg_default_params(&def);
	if (cli_has(a, "invite-hold-down"))
		c->par.hold_down_ms = cli_no(a) ? def.hold_down_ms : v * 1000;
	else if (cli_has(a, "invite"))
		c->par.invite_timeout_ms = cli_no(a) ? def.invite_timeout_ms :
						       v * 1000;
	else if (cli_has(a, "media-inactivity"))
		c->par.media_idle_ms = cli_no(a) ? def.media_idle_ms : v * 1000;
	else if (cli_has(a, "call-duration"))
		c->par.max_call_ms = cli_no(a) ? def.max_call_ms : v * 60000;
	else
		return cli_error(cx, "Incomplete command.");
	if (c->alg != NULL)
		sip_alg_set_params(c->alg, &c->par);
	return CLI_OK;
}

#define H_ALG "SIP application layer gateway (ALG) limits (zbfw extension)"
#define H_TO "Call protection timers"
static const struct cli_cmd rows[] = {
	{ CLI_MODE_CONFIG, "sip-alg timeout invite N:<10-600>",
	    { H_ALG, H_TO,
		"A call without a final answer ends (Timer C; "
		"default 180)",
		"Seconds" },
	    cmd_timeout, 0 },
	{ CLI_MODE_CONFIG, "sip-alg timeout media-inactivity N:<0-86400>",
	    { H_ALG, H_TO,
		"An answered call whose media is silent both ways "
		"this long ends (default 0: off)",
		"Seconds (0: off)" },
	    cmd_timeout, 0 },
	{ CLI_MODE_CONFIG, "sip-alg timeout invite-hold-down N:<0-3600>",
	    { H_ALG, H_TO,
		"After a 4xx-6xx answer to an INVITE, new INVITEs "
		"from that source to that destination are dropped this long "
		"(default 0: off)",
		"Seconds (0: off)" },
	    cmd_timeout, 0 },
	{ CLI_MODE_CONFIG, "sip-alg timeout call-duration N:<0-10080>",
	    { H_ALG, H_TO,
		"An answered call ends this long after its answer "
		"(default 0: off)",
		"Minutes (0: off)" },
	    cmd_timeout, 0 },
};

void
sip_timer_cli_init(struct cli *cl, struct sip_cli_ctx *c)
{
	cli_register(cl, rows, sizeof(rows) / sizeof(rows[0]), c);
}
