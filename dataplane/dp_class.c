/*
 * Per (zone-pair, class) state kept by name across graph swaps: the
 * counters the shows report and their one-minute window, and the cache
 * of each class's inspect parameters learnt at verdict time.
 */
#include <stdlib.h>
#include <string.h>

#include "dataplane/dp_int.h"
#include "lib/log.h"

struct dp_cstats *
dp_cstats_find(struct dp *dp, const char *zp, const char *cls)
{
	struct dp_cstats *c;

	for (c = dp->stats; c != NULL; c = c->next)
		if (strcmp(c->zp, zp) == 0 && strcmp(c->cls, cls) == 0)
			return c;
	return NULL;
}

struct dp_cstats *
dp_cstats_get(struct dp *dp, const char *zp, const char *cls)
{
	struct dp_cstats *c;

	if ((c = dp_cstats_find(dp, zp, cls)) != NULL)
		return c;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->zp = strdup(zp)) == NULL || (c->cls = strdup(cls)) == NULL) {
		free(c->zp);
		free(c);
		return NULL;
	}
	c->next = dp->stats;
	dp->stats = c;
	return c;
}

void
dp_cstats_free_all(struct dp *dp)
{
	struct dp_cstats *c;

	while ((c = dp->stats) != NULL) {
		dp->stats = c->next;
		free(c->zp);
		free(c->cls);
		free(c);
	}
}

/* Once a second: the one-minute session creation window of every class,
 * the sessions-maximum log latch, the per-minute creation rate. */
void
dp_class_tick(struct dp *dp)
{
	struct dp_cstats *c;

	for (c = dp->stats; c != NULL; c = c->next) {
		c->pending = 0;
		if (c->s.cur_estab + c->s.cur_halfopen + c->s.cur_terminating <
		    c->max_logged)
			c->max_logged = 0;
	}
	dp->minute_pos = (dp->minute_pos + 1) % 60;
	for (c = dp->stats; c != NULL; c = c->next) {
		c->minute_total -= c->minute[dp->minute_pos];
		c->minute[dp->minute_pos] = 0;
		if (c->rate_alert && c->minute_total < c->rate_low) {
			c->rate_alert = false;
			if (c->rate_log)
				log_fw(4, "ALERT_OFF",
				    "calming down, count "
				    "(0/%u) current 1-min rate: %u",
				    c->rate_low, c->minute_total);
		}
	}
	if (++dp->secs % 60 == 0)
		for (c = dp->stats; c != NULL; c = c->next) {
			c->s.last_rate = c->minute_created;
			c->minute_created = 0;
		}
}

/* Parameters cache by (zone-pair id, class id), learnt from verdicts and
 * emptied when the graph changes. */
#define PC_KEY(zp, cl) ((uint32_t)(zp) << 12 | (uint32_t)((cl) + 1))

const struct dp_pcache *
dp_pcache_get(struct dp *dp, unsigned zp, int cl)
{
	uint32_t key = PC_KEY(zp, cl);
	struct dp_pcache *pc;

	for (pc = dp->pcache[key % DP_PC_HSIZE]; pc != NULL; pc = pc->next)
		if (pc->key == key)
			return pc;
	return NULL;
}

void
dp_pcache_set(struct dp *dp, unsigned zp, int cl, const struct zone_params *p)
{
	uint32_t key = PC_KEY(zp, cl);
	struct dp_pcache *pc;

	if (p == NULL || zp > DPM_MAX_ZP || cl > DPM_MAX_CL ||
	    dp_pcache_get(dp, zp, cl) != NULL ||
	    (pc = calloc(1, sizeof(*pc))) == NULL)
		return;
	pc->key = key;
	pc->idle[0] = p->tcp_idle;
	pc->idle[1] = p->udp_idle;
	pc->idle[2] = p->icmp_idle;
	pc->synwait = p->tcp_synwait;
	pc->finwait = p->tcp_finwait;
	pc->sessions_max = p->sessions_max;
	pc->inc_low = p->max_incomplete_low;
	pc->inc_high = p->max_incomplete_high;
	pc->audit = p->audit_trail;
	pc->alert = p->alert;
	pc->udp_halfopen = (p->udp_halfopen_ms + 999) / 1000;
	pc->dns_timeout = p->dns_timeout;
	pc->min_low = p->one_minute_low;
	pc->min_high = p->one_minute_high;
	pc->host_max = p->tcp_max_incomplete_host;
	pc->block_min = p->tcp_block_time;
	pc->valid = true;
	pc->next = dp->pcache[key % DP_PC_HSIZE];
	dp->pcache[key % DP_PC_HSIZE] = pc;
}

void
dp_pcache_clear(struct dp *dp)
{
	struct dp_pcache *pc;
	size_t i;

	for (i = 0; i < DP_PC_HSIZE; i++)
		while ((pc = dp->pcache[i]) != NULL) {
			dp->pcache[i] = pc->next;
			free(pc);
		}
}
