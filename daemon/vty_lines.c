/*
 * The vty lines shared by telnet and SSH (which line is in use) and login
 * block-for (recent failed logins, quiet mode): daemon state kept in one
 * object, z->lines, made by vty_lines_init().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "daemon/daemon.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"

#define VTY_FAIL_MAX 256 /* remembered failed logins */

struct vty_lines {
	struct zbfw *z;
	unsigned char busy[MGMT_VTY_MAX];
	time_t fails[VTY_FAIL_MAX];
	unsigned nfails;
	time_t quiet_until;
	struct event *quiet_ev;
};

int
vty_lines_init(struct zbfw *z)
{
	struct vty_lines *vl;

	if (z->lines != NULL)
		return 0;
	if ((vl = calloc(1, sizeof(*vl))) == NULL)
		return -ENOMEM;
	vl->z = z;
	z->lines = vl;
	return 0;
}

void
vty_lines_free(struct zbfw *z)
{
	struct vty_lines *vl = z->lines;

	if (vl == NULL)
		return;
	if (vl->quiet_ev != NULL)
		event_free(vl->quiet_ev);
	free(vl);
	z->lines = NULL;
}

/* The lowest free vty line that exists and accepts transport tr, taken;
 * -1 when none. */
int
vty_line_take(struct zbfw *z, unsigned tr)
{
	int i;

	if (z->lines == NULL)
		return -1;
	for (i = 0; i < MGMT_VTY_MAX; i++)
		if (z->mgmt->vty[i].exists && !z->lines->busy[i] &&
		    (z->mgmt->vty[i].transport & tr)) {
			z->lines->busy[i] = 1;
			return i;
		}
	return -1;
}

void
vty_line_put(struct zbfw *z, int line)
{
	if (line >= 0 && line < MGMT_VTY_MAX && z->lines != NULL)
		z->lines->busy[line] = 0;
}

/* How many vty lines accept transport tr. */
int
vty_lines_with(struct zbfw *z, unsigned tr)
{
	int i, n = 0;

	for (i = 0; i < MGMT_VTY_MAX; i++)
		if (z->mgmt->vty[i].exists && (z->mgmt->vty[i].transport & tr))
			n++;
	return n;
}

static void
when(char *dst, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(dst, len, "%H:%M:%S %Z %a %b %e %Y", &tm);
}

static void
quiet_off(evutil_socket_t fd, short what, void *arg)
{
	struct vty_lines *vl = arg;
	char at[64];

	vl->quiet_until = 0;
	vl->nfails = 0;
	when(at, sizeof(at));
	log_ios("SEC_LOGIN", 5, "QUIET_MODE_OFF",
	    "Quiet Mode is OFF, because "
	    "block period timed out at %s",
	    at);
}

void
vty_login_failed(struct zbfw *z, const char *user, const char *host, int port)
{
	struct vty_lines *vl = z->lines;
	const struct mgmt_cfg *m = z->mgmt;
	time_t now = time(NULL);
	unsigned i, recent = 0;
	struct timeval tv;
	char at[64];

	if (vl == NULL || m == NULL || m->block_for == 0)
		return;
	when(at, sizeof(at));
	log_ios("SEC_LOGIN", 4, "LOGIN_FAILED",
	    "Login failed [user: %s] "
	    "[Source: %s] [localport: %d] [Reason: Login Authentication "
	    "Failed] at %s",
	    user, host, port, at);
	if (vl->nfails == VTY_FAIL_MAX) {
		memmove(vl->fails, vl->fails + 1,
		    sizeof(vl->fails[0]) * (VTY_FAIL_MAX - 1));
		vl->nfails--;
	}
	vl->fails[vl->nfails++] = now;
	for (i = 0; i < vl->nfails; i++)
		if (now - vl->fails[i] < (time_t)m->block_within)
			recent++;
	if (recent < m->block_attempts || vl->quiet_until > now)
		return;
	vl->quiet_until = now + m->block_for;
	log_ios("SEC_LOGIN", 1, "QUIET_MODE_ON",
	    "Still timeleft for watching "
	    "failures is %u secs, [user: %s] [Source: %s] [localport: %d] "
	    "[Reason: Login Authentication Failed] [ACL: sl_def_acl] at %s",
	    m->block_within, user, host, port, at);
	if (vl->quiet_ev == NULL)
		vl->quiet_ev = evtimer_new(z->evb, quiet_off, vl);
	tv.tv_sec = m->block_for;
	tv.tv_usec = 0;
	if (vl->quiet_ev != NULL)
		evtimer_add(vl->quiet_ev, &tv);
}

void
vty_login_ok(struct zbfw *z, const char *user, const char *host, int port)
{
	const struct mgmt_cfg *m = z->mgmt;
	char at[64];

	if (m == NULL || m->block_for == 0)
		return;
	when(at, sizeof(at));
	log_ios("SEC_LOGIN", 5, "LOGIN_SUCCESS",
	    "Login Success [user: %s] "
	    "[Source: %s] [localport: %d] at %s",
	    user, host, port, at);
}

/* login block-for: quiet mode refuses every connection. */
bool
vty_quiet(struct zbfw *z)
{
	return z->lines != NULL && z->lines->quiet_until > time(NULL);
}

void
vty_show_login(struct zbfw *z, struct buf *out)
{
	const struct mgmt_cfg *m = z->mgmt;
	time_t now = time(NULL);
	time_t quiet = z->lines != NULL ? z->lines->quiet_until : 0;

	if (m == NULL || m->block_for == 0) {
		buf_puts(out,
		    "     No login delay has been applied.\n"
		    "     No Quiet-Mode access list has been configured.\n\n"
		    "     Router NOT enabled to watch for login Attacks\n");
		return;
	}
	buf_puts(out,
	    "     A default login delay of 1 seconds is applied.\n"
	    "     No Quiet-Mode access list has been configured.\n\n");
	buf_puts(out, "     Router enabled to watch for login Attacks.\n");
	buf_printf(out,
	    "     If more than %u login failures occur in %u "
	    "seconds or less,\n     logins will be disabled for %u seconds.\n\n",
	    m->block_attempts, m->block_within, m->block_for);
	if (quiet > now)
		buf_printf(out,
		    "     Router presently in Quiet-Mode, will "
		    "remain in Quiet-Mode for %ld seconds.\n"
		    "     Denying logins from all sources.\n",
		    (long)(quiet - now));
	else
		buf_puts(out, "     Router presently in Normal-Mode.\n");
}
