/*
 * The management configuration object (mgmt.h) and the registration of
 * its commands.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "mgmt/mgmt.h"
#include "mgmt/mgmt_int.h"

struct mgmt_cfg *
mgmt_cfg_new(void)
{
	struct mgmt_cfg *m;
	unsigned i;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	snprintf(m->hostname, sizeof(m->hostname), "%s", "Router");
	m->enable_pw_type = -1;
	mgmt_line_defaults(&m->con, false);
	m->con.exists = true;
	for (i = 0; i < MGMT_VTY_MAX; i++) {
		mgmt_line_defaults(&m->vty[i], true);
		m->vty[i].exists = i < MGMT_VTY_DEFAULT;
	}
	m->log_level = -1;
	return m;
}

void
mgmt_cfg_free(struct mgmt_cfg *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nusers; i++)
		mgmt_user_free(&m->users[i]);
	free(m->users);
	mgmt_pw_drop(m->enable_secret);
	mgmt_pw_drop(m->enable_password);
	mgmt_pw_drop(m->con.password);
	for (i = 0; i < MGMT_VTY_MAX; i++)
		mgmt_pw_drop(m->vty[i].password);
	free(m->motd);
	free(m);
}

struct mgmt_cfg *
mgmt_of(struct cli_ctx *cx)
{
	return cli_module(cx);
}

void
mgmt_cli_init(struct cli *c, struct mgmt_cfg *m)
{
	/* the order of the rows before the split (doc/COMMANDS.md ties) */
	mgmt_hostname_cli_init(c, m);
	mgmt_users_cli_init(c, m);
	mgmt_lines_cli_init(c, m);
	mgmt_logging_cli_init(c, m);
	mgmt_passwords_cli_init(c, m);
}
