/*
 * Commit: compile the configuration model into a new policy graph and swap
 * it in, once for many configuration lines (see daemon.h for the bound).
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "daemon/daemon.h"
#include "dataplane/dp.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"
#include "zones/policy.h"

static double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
zbfw_commit(struct zbfw *z)
{
	struct zone_graph *g, *old;
	double t0 = mono_now();
	int rc;

	z->dirty = false;
	if (z->apply_ev != NULL)
		event_del(z->apply_ev);
	if ((g = zone_compile(z->cfg)) == NULL) {
		rc = errno != 0 ? -errno : -ENOMEM;
		log_warn(
		    "configuration does not compile; keeping generation %u",
		    z->commits);
		return rc;
	}
	z->compile_s = mono_now() - t0;
	/* The daemon is single-threaded: no packet can still see the old
	 * graph once the pointer is swapped. */
	old = (struct zone_graph *)z->graph;
	z->graph = g;
	z->commits++;
	if (z->dp != NULL)
		dp_graph_changed(z->dp, g);
	if (old != NULL)
		zone_graph_free(old);
	return 0;
}

int
zbfw_apply(struct zbfw *z, struct cli_session *cur, struct buf *err)
{
	struct fe_sess *f;
	char msg[160];
	int rc;

	if (!z->dirty)
		return 0;
	rc = zbfw_commit(z);
	if (rc < 0)
		snprintf(msg, sizeof(msg),
		    "Configuration not applied: the "
		    "policy does not compile (%s); the previous policy stays "
		    "in force",
		    strerror(-rc));
	TAILQ_FOREACH(f, &fe_sessions, entry)
		if (f->cs != cur && cli_session_changed(f->cs))
			cli_session_applied(f->cs, rc < 0 ? msg : NULL);
	/* The session running the command is told now, in the command's
	 * output, if the failure is (also) its own doing. */
	if (cur != NULL && cli_session_changed(cur)) {
		cli_session_applied(cur, NULL);
		if (rc < 0 && err != NULL)
			buf_puts(err, msg);
	} else if (cur != NULL)
		rc = 0;
	return rc;
}

static void
apply_cb(evutil_socket_t fd, short what, void *arg)
{
	zbfw_apply(arg, NULL, NULL);
}

/* Arm the deferred compile: long enough that a push of many lines pays for
 * few compiles, short enough that new connections soon see the change. */
static void
arm(struct zbfw *z)
{
	struct timeval tv;
	double d = 4 * z->compile_s;
	long ms = d * 1000 > ZBFW_APPLY_MIN_MS ? (long)(d * 1000) :
						 ZBFW_APPLY_MIN_MS;

	if (z->evb == NULL)
		return; /* no event loop (tests): sync applies */
	if (z->apply_ev == NULL &&
	    (z->apply_ev = evtimer_new(z->evb, apply_cb, z)) == NULL)
		return;
	if (evtimer_pending(z->apply_ev, NULL))
		return;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(z->apply_ev, &tv);
}

static int
hook_after_config(void *owner, struct cli_session *s, void *module,
    struct buf *err)
{
	struct zbfw *z = owner;

	if (module != z->cfg)
		return 0; /* management lines need no compile */
	z->dirty = true;
	arm(z);
	return 1;
}

static int
hook_sync(void *owner, struct cli_session *s, struct buf *err)
{
	return zbfw_apply(owner, s, err);
}

static const char *
hook_hostname(void *owner)
{
	struct zbfw *z = owner;

	return z->mgmt != NULL ? z->mgmt->hostname : NULL;
}

const struct cli_hooks zbfw_hooks = {
	.after_config = hook_after_config,
	.sync = hook_sync,
	.hostname = hook_hostname,
};

const char *
zbfw_zone_name(void *arg, int id)
{
	struct zbfw *z = arg;

	return zone_id_name(z->graph, id);
}

void
zbfw_commit_shutdown(struct zbfw *z)
{
	if (z->apply_ev != NULL)
		event_free(z->apply_ev);
	z->apply_ev = NULL;
}
