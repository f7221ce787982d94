/* The one printer of the management configuration (show running-config,
 * write memory, the round-trip tests). */
#include <string.h>

#include "lib/buf.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"
#include "mgmt/secret.h"

static void
print_pw(struct buf *out, const char *prefix, int type, const char *v)
{
	if (type == 7)
		buf_printf(out, "%s 7 %s\n", prefix, v);
	else
		buf_printf(out, "%s %s\n", prefix, v);
}

static void
print_head(const struct mgmt_cfg *m, struct buf *out)
{
	size_t i;
	int n;

	if (m->pw_encryption)
		buf_puts(out, "service password-encryption\n!\n");
	buf_printf(out, "hostname %s\n!\n", m->hostname);
	n = 0;
	if (m->log_buffered) {
		buf_puts(out, "logging buffered");
		if (m->log_size > 0)
			buf_printf(out, " %zu", m->log_size);
		if (m->log_level >= 0 && m->log_level < 8)
			buf_printf(out, " %s", mgmt_level_name(m->log_level));
		buf_putc(out, '\n');
		n++;
	} else if (log_ring_size() == 0) {
		buf_puts(out, "no logging buffered\n");
		n++;
	}
	if (m->enable_secret != NULL) {
		buf_printf(out, "enable secret %d %s\n",
		    mgmt_secret_type(m->enable_secret), m->enable_secret);
		n++;
	}
	if (m->enable_password != NULL) {
		print_pw(out, "enable password", m->enable_pw_type,
		    m->enable_password);
		n++;
	}
	if (n > 0)
		buf_puts(out, "!\n");
	for (i = 0; i < m->nusers; i++) {
		const struct mgmt_user *u = &m->users[i];

		buf_printf(out, "username %s", u->name);
		if (u->priv != 1)
			buf_printf(out, " privilege %d", u->priv);
		if (u->value == NULL)
			buf_putc(out, '\n');
		else if (u->secret)
			buf_printf(out, " secret %d %s\n", u->type, u->value);
		else
			buf_printf(out, " password %d %s\n",
			    u->type == 7 ? 7 : 0, u->value);
	}
	if (m->nusers > 0)
		buf_puts(out, "!\n");
	if (m->block_for > 0)
		buf_printf(out, "login block-for %u attempts %u within %u\n!\n",
		    m->block_for, m->block_attempts, m->block_within);
}

static bool
line_same(const struct mgmt_line *a, const struct mgmt_line *b)
{
	return a->exists == b->exists && a->login == b->login &&
	    a->pw_type == b->pw_type && a->transport == b->transport &&
	    a->exec_min == b->exec_min && a->exec_sec == b->exec_sec &&
	    a->privilege == b->privilege &&
	    (a->password == NULL) == (b->password == NULL) &&
	    (a->password == NULL || strcmp(a->password, b->password) == 0);
}

static void
print_line_body(const struct mgmt_line *l, bool vty, struct buf *out)
{
	if (l->exec_min != 10 || l->exec_sec != 0)
		buf_printf(out, " exec-timeout %u %u\n", l->exec_min,
		    l->exec_sec);
	if (l->privilege != 1)
		buf_printf(out, " privilege level %d\n", l->privilege);
	if (l->password != NULL)
		print_pw(out, " password", l->pw_type, l->password);
	if (l->login == MGMT_LOGIN_LOCAL)
		buf_puts(out, " login local\n");
	else if (l->login == MGMT_LOGIN_LINE)
		buf_puts(out, " login\n");
	else if (vty)
		buf_puts(out, " no login\n");
	if (l->transport != MGMT_TR_ALL)
		buf_printf(out, " transport input %s\n",
		    l->transport == 0		       ? "none" :
			l->transport == MGMT_TR_TELNET ? "telnet" :
			l->transport == MGMT_TR_SSH    ? "ssh" :
							 "telnet ssh");
}

static void
print_tail(const struct mgmt_cfg *m, struct buf *out)
{
	unsigned i, j;

	if (m->motd != NULL) {
		if (strchr(m->motd, '\n') != NULL)
			buf_printf(out, "banner motd %c\n%s\n%c\n!\n",
			    m->motd_delim, m->motd, m->motd_delim);
		else
			buf_printf(out, "banner motd %c%s%c\n!\n",
			    m->motd_delim, m->motd, m->motd_delim);
	}
	buf_puts(out, "line con 0\n");
	print_line_body(&m->con, false, out);
	/* Consecutive identical vty lines print as one range; 0-4 stay a
	 * group of their own, as on IOS. */
	for (i = 0; i < MGMT_VTY_MAX; i = j) {
		if (!m->vty[i].exists) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < MGMT_VTY_MAX && m->vty[j].exists &&
		     j != MGMT_VTY_DEFAULT && line_same(&m->vty[i], &m->vty[j]);
		     j++)
			;
		if (j - 1 == i)
			buf_printf(out, "line vty %u\n", i);
		else
			buf_printf(out, "line vty %u %u\n", i, j - 1);
		print_line_body(&m->vty[i], true, out);
	}
	buf_puts(out, "!\n");
}

void
mgmt_print(const struct mgmt_cfg *m, enum mgmt_print_part part, struct buf *out)
{
	if (part == MGMT_PRINT_HEAD)
		print_head(m, out);
	else
		print_tail(m, out);
}
