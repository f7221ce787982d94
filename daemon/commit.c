/* Compile the configuration model and swap the policy graph. */
#include <errno.h>

#include "dataplane/dp.h"
#include "lib/log.h"
#include "lib/zbfw.h"
#include "zones/policy.h"

int
zbfw_commit(struct zbfw *z)
{
	struct policy_graph *g, *old;

	if (z->loading)
		return 0;
	if ((g = zone_compile(z->cfg)) == NULL) {
		int saved = errno;

		log_warn("configuration does not compile; keeping generation %u",
		    z->commits);
		errno = saved;
		return -1;
	}
	/* The daemon is single-threaded: no packet can still see the old
	 * graph once the pointer is swapped. */
	old = (struct policy_graph *)z->graph;
	z->graph = g;
	z->commits++;
	if (z->dp != NULL)
		dp_graph_changed(z->dp);
	if (old != NULL)
		policy_free(old);
	return 0;
}
