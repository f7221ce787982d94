/*
 * The SIP ALG's state across restarts (alg/sip_state.h): loaded once at
 * start, after the session table was rebuilt from conntrack and before
 * the first queued packet is read; written atomically (temporary file,
 * fsync, rename) every tick when it changed and at a clean stop.  Here
 * the dataplane adds what the ALG does not know: each pinhole's mark, the
 * signalling connection and the conntrack ids of the media connections it
 * admitted (re-linked when they still exist), the conntrack id of every
 * SIP TCP connection (a stream resumes only on the same one), and whether
 * the policy in force still inspects a call's signalling.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alg/sip.h"
#include "alg/sip_state.h"
#include "dataplane/sip_glue.h"
#include "dataplane/sip_glue_int.h"
#include "lib/log.h"
#include "zones/policy.h"

#define STATE_MAX (256u << 20) /* a state file bigger is refused */

/* A SIP TCP session of the table, for conn_id(). */
struct l7_conn {
	struct dp_tuple t;
	uint32_t ct_id;
};

static uint64_t
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static struct ph *
ph_find(struct sipg *g, uint64_t id)
{
	struct ph *h;

	for (h = g->ph[id % PH_HSIZE]; h != NULL; h = h->next)
		if (h->id == id)
			return h;
	return NULL;
}

/* ---- a pinhole's attachment: mark, signalling tuple, kids ---- */

#define BLOB_LEN (4 + 2 + 4 + 32 + 2 + 4 * PH_KIDS)

static void
put_tuple(uint8_t *p, const struct dp_tuple *t)
{
	p[0] = t->family;
	p[1] = t->proto;
	memcpy(p + 2, &t->sport, 2);
	memcpy(p + 4, &t->dport, 2);
	memcpy(p + 6, &t->src, 16);
	memcpy(p + 22, &t->dst, 16);
}

static int
ph_save(void *arg, const struct sip_pinhole *p, uint8_t *buf, size_t cap)
{
	struct dp *dp = arg;
	struct ph *h = ph_find(dp->sipg, p->id);

	if (h == NULL || cap < BLOB_LEN)
		return 0;
	memcpy(buf, &h->mark, 4);
	put_tuple(buf + 4, &h->sig);
	buf[42] = (uint8_t)h->nkids;
	buf[43] = h->kids_over;
	memcpy(buf + 44, h->kids, 4 * PH_KIDS);
	return BLOB_LEN;
}

/* Is s a media connection pinhole p admitted (its original tuple)? */
static bool
kid_of(const struct dp_sess *s, const struct sip_pinhole *p)
{
	size_t alen = p->dst.family == AF_INET ? 4 : 16;

	return s->kind == DPS_CHILD && s->proto == p->proto &&
	    s->family == p->dst.family && s->dport == p->dport &&
	    memcmp(&s->dst, &p->dst.u, alen) == 0 &&
	    (p->src_any || memcmp(&s->src, &p->src.u, alen) == 0);
}

static int
ph_restore(void *arg, const struct sip_pinhole *p, const uint8_t *b, size_t len)
{
	struct dp *dp = arg;
	struct sipg *g = dp->sipg;
	struct dp_sess *s;
	struct ph *h;
	uint32_t kids[PH_KIDS];
	unsigned n;

	if (g->nph >= PH_MAX || ph_find(g, p->id) != NULL ||
	    (h = calloc(1, sizeof(*h))) == NULL)
		return -ENOSPC;
	h->id = p->id;
	if (len == BLOB_LEN) {
		memcpy(&h->mark, b, 4);
		h->sig.family = b[4];
		h->sig.proto = b[5];
		memcpy(&h->sig.sport, b + 6, 2);
		memcpy(&h->sig.dport, b + 8, 2);
		memcpy(&h->sig.src, b + 10, 16);
		memcpy(&h->sig.dst, b + 26, 16);
		if (h->sig.family != AF_INET && h->sig.family != AF_INET6)
			memset(&h->sig, 0, sizeof(h->sig));
		n = b[42] <= PH_KIDS ? b[42] : PH_KIDS;
		h->kids_over = b[43] != 0;
		memcpy(kids, b + 44, sizeof(kids));
		/* the admitted connections that still exist, as before */
		for (unsigned i = 0; i < n; i++)
			if ((s = dp_sess_find(dp, kids[i])) != NULL &&
			    kid_of(s, p) &&
			    (s->pinhole == 0 || s->pinhole == p->id)) {
				s->pinhole = p->id;
				h->kids[h->nkids++] = kids[i];
			}
	} else
		h->kids_over = true; /* not known: by tuple */
	if (h->kids_over)
		for (size_t i = 0; i < dp->hsize; i++)
			for (s = dp->htab[i]; s != NULL; s = s->hnext)
				if (s->pinhole == 0 && kid_of(s, p))
					s->pinhole = p->id;
	h->next = g->ph[p->id % PH_HSIZE];
	g->ph[p->id % PH_HSIZE] = h;
	g->nph++;
	return 0;
}

/* ---- SIP TCP connections by tuple ---- */

static int
tuple_cmp(const void *x, const void *y)
{
	const struct l7_conn *a = x, *b = y;

	return memcmp(&a->t, &b->t, sizeof(a->t));
}

static void
key_of(struct dp_tuple *t, uint8_t proto, const struct sip_addr *a, uint16_t ap,
    const struct sip_addr *b, uint16_t bp)
{
	memset(t, 0, sizeof(*t));
	t->family = (uint8_t)a->family;
	t->proto = proto;
	t->sport = ap;
	t->dport = bp;
	memcpy(&t->src, &a->u, a->family == AF_INET ? 4 : 16);
	memcpy(&t->dst, &b->u, b->family == AF_INET ? 4 : 16);
}

/* The SIP-inspected TCP sessions, sorted by tuple (freed by conns_free). */
static void
conns_index(struct dp *dp, struct sip_ckpt *ck)
{
	struct dp_sess *s;
	size_t n = 0, cap = 0;

	ck->conns = NULL;
	ck->nconns = 0;
	for (size_t i = 0; i < dp->hsize; i++)
		for (s = dp->htab[i]; s != NULL; s = s->hnext) {
			struct l7_conn *c;

			if (!(s->mark & DPM_L7) || s->proto != IPPROTO_TCP)
				continue;
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				struct l7_conn *v = realloc(ck->conns,
				    nc * sizeof(*v));

				if (v == NULL)
					goto out;
				ck->conns = v;
				cap = nc;
			}
			c = &ck->conns[n++];
			memset(&c->t, 0, sizeof(c->t));
			c->t.family = s->family;
			c->t.proto = s->proto;
			c->t.sport = s->sport;
			c->t.dport = s->dport;
			memcpy(&c->t.src, &s->src,
			    s->family == AF_INET ? 4 : 16);
			memcpy(&c->t.dst, &s->dst,
			    s->family == AF_INET ? 4 : 16);
			c->ct_id = s->ct_id;
		}
out:
	ck->nconns = n;
	if (n > 1)
		qsort(ck->conns, n, sizeof(*ck->conns), tuple_cmp);
}

static void
conns_free(struct sip_ckpt *ck)
{
	free(ck->conns);
	ck->conns = NULL;
	ck->nconns = 0;
}

static int
conn_id(void *arg, uint8_t proto, const struct sip_addr *a, uint16_t ap,
    const struct sip_addr *b, uint16_t bp, uint32_t *id)
{
	struct dp *dp = arg;
	struct sip_ckpt *ck = &((struct sipg *)dp->sipg)->ck;
	struct l7_conn k, *c;

	key_of(&k.t, proto, a, ap, b, bp);
	c = ck->nconns == 0 ?
	    NULL :
	    bsearch(&k, ck->conns, ck->nconns, sizeof(k), tuple_cmp);
	if (c == NULL)
		return -ENOENT;
	*id = c->ct_id;
	return 0;
}

/* Would the policy in force inspect SIP from src to dst (a new
 * connection's verdict)? */
static bool
inspects(void *arg, uint8_t proto, const struct sip_addr *src, uint16_t sport,
    int sz, const struct sip_addr *dst, uint16_t dport, int dz)
{
	struct dp *dp = arg;
	struct zone_pkt pp;
	struct zone_verdict v;

	if (dp->graph == NULL || src->family != dst->family)
		return false;
	memset(&pp, 0, sizeof(pp));
	memset(&v, 0, sizeof(v));
	pp.family = src->family;
	pp.proto = proto;
	memcpy(&pp.src, &src->u, sizeof(pp.src));
	memcpy(&pp.dst, &dst->u, sizeof(pp.dst));
	pp.sport = sport;
	pp.dport = dport;
	pp.in_zone = sz;
	pp.out_zone = dz;
	zone_classify(dp->graph, &pp, &v);
	return v.action == ZONE_INSPECT && v.app == ZONE_APP_SIP;
}

static struct sip_state_ops
ops_of(struct dp *dp)
{
	struct sip_state_ops o = { dp, ph_save, ph_restore, conn_id, inspects };

	return o;
}

/* ---- the file ---- */

static int
read_file(const char *path, struct buf *b)
{
	char chunk[65536];
	ssize_t n;
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		if (b->len + (size_t)n > STATE_MAX) {
			rc = -EFBIG;
			break;
		}
		if ((rc = buf_append(b, chunk, (size_t)n)) < 0)
			break;
	}
	close(fd);
	return rc;
}

/* path.tmp written and synced, then renamed over path. */
static int
write_file(const char *path, const struct buf *b)
{
	char tmp[4096];
	size_t off = 0;
	ssize_t n;
	int fd, rc = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) <
	    0)
		return -errno;
	while (off < b->len) {
		if ((n = write(fd, b->p + off, b->len - off)) < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		off += (size_t)n;
	}
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -errno;
	if (rc < 0)
		unlink(tmp);
	return rc;
}

void
dp_sip_ckpt_load(struct dp *dp, const char *path)
{
	struct sipg *g = dp->sipg;
	struct sip_ckpt *ck;
	struct sip_state_ops o;
	struct sip_state_result r;
	struct buf b;
	char bad[4096];
	int rc;

	if (g == NULL || dp->sip == NULL || path == NULL)
		return;
	ck = &g->ck;
	if ((ck->path = strdup(path)) == NULL)
		return;
	ck->mono_base = dp_sip_now_ms();
	ck->wall_base = wall_ms();
	buf_init(&ck->last);
	ck->ready = true;
	buf_init(&b);
	if ((rc = read_file(path, &b)) == -ENOENT) {
		log_info("SIP ALG: no saved state in %s", path);
		buf_free(&b);
		return;
	}
	if (rc == 0) {
		o = ops_of(dp);
		conns_index(dp, ck);
		rc = sip_state_load(dp->sip, &o, (const uint8_t *)b.p, b.len,
		    dp_sip_now_ms(), wall_ms(), NULL, &r);
		conns_free(ck);
	}
	buf_free(&b);
	if (rc < 0) {
		/* ignored whole; kept aside for a look, then overwritten */
		log_warnx("SIP ALG: saved state %s not loaded (%s): ignored",
		    path,
		    rc == -EPROTONOSUPPORT ? "another format version" :
					     strerror(-rc));
		if (snprintf(bad, sizeof(bad), "%s.bad", path) <
		    (int)sizeof(bad))
			(void)rename(path, bad);
		return;
	}
	log_info(
	    "SIP ALG: state restored from %s: %u calls, %u pinholes, "
	    "%u registrations, %u TCP streams; dropped %u calls, %u pinholes, "
	    "%u registrations, %u TCP streams",
	    path, r.calls, r.pinholes, r.registrations, r.tcp_streams,
	    r.calls_dropped, r.pinholes_dropped, r.registrations_dropped,
	    r.tcp_streams_dropped);
}

void
dp_sip_ckpt_save(struct dp *dp, bool force)
{
	struct sipg *g = dp->sipg;
	struct sip_ckpt *ck;
	struct sip_state_ops o;
	struct buf b;
	int rc;

	if (g == NULL || dp->sip == NULL || !g->ck.ready)
		return;
	ck = &g->ck;
	o = ops_of(dp);
	buf_init(&b);
	conns_index(dp, ck);
	rc = sip_state_save(dp->sip, &o, ck->mono_base, ck->wall_base, NULL,
	    &b);
	conns_free(ck);
	if (rc == 0 && !force && b.len == ck->last.len &&
	    memcmp(b.p, ck->last.p, b.len) == 0) {
		buf_free(&b);
		return; /* unchanged */
	}
	if (rc == 0)
		rc = write_file(ck->path, &b);
	if (rc < 0) {
		if (ck->write_errors++ == 0)
			log_warnx("SIP ALG: cannot save state to %s: %s",
			    ck->path, strerror(-rc));
		buf_free(&b);
		return;
	}
	ck->writes++;
	buf_free(&ck->last);
	ck->last = b;
}

void
dp_sip_ckpt_free(struct dp *dp)
{
	struct sipg *g = dp->sipg;

	if (g == NULL)
		return;
	free(g->ck.path);
	g->ck.path = NULL;
	buf_free(&g->ck.last);
	g->ck.ready = false;
}
