/*
 * Glue between the packet path and the SIP ALG (see sip_glue.h).
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

#include "alg/sip.h"
#include "dataplane/dp_int.h"
#include "dataplane/sip_glue.h"
#include "dataplane/sip_glue_int.h"
#include "lib/log.h"

uint64_t
dp_sip_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
to_sip_addr(int family, const union dp_addr *a, struct sip_addr *s)
{
	memset(s, 0, sizeof(*s));
	s->family = family;
	if (family == AF_INET)
		s->u.v4 = a->v4;
	else
		s->u.v6 = a->v6;
}

static int
op_open(void *arg, const struct sip_pinhole *p)
{
	struct dp *dp = arg;
	struct sipg *g = dp->sipg;
	struct ph *h;

	if (g->nph >= PH_MAX || (h = calloc(1, sizeof(*h))) == NULL) {
		g->refused++;
		return -ENOSPC;
	}
	h->id = p->id;
	h->mark = g->cur_mark;
	h->sig = g->cur_sig;
	h->next = g->ph[p->id % PH_HSIZE];
	g->ph[p->id % PH_HSIZE] = h;
	g->nph++;
	log_dbg(DBG_SIP, "FW: SIP pinhole %llu opened (call %s, port %u)",
	    (unsigned long long)p->id, p->call_id ? p->call_id : "-", p->dport);
	return 0;
}

static void
op_close(void *arg, const struct sip_pinhole *p)
{
	struct dp *dp = arg;
	struct sipg *g = dp->sipg;
	struct ph **pp, *h;
	struct dp_sess *s;
	uint32_t kids[PH_KIDS];
	unsigned nkids = 0;
	bool scan = true;
	size_t i;

	for (pp = &g->ph[p->id % PH_HSIZE]; (h = *pp) != NULL; pp = &h->next)
		if (h->id == p->id) {
			*pp = h->next;
			nkids = h->nkids;
			memcpy(kids, h->kids, sizeof(kids));
			scan = h->kids_over;
			free(h);
			g->nph--;
			break;
		}
	if (g->dying)
		return;
	/* the media connections of the pinhole end with it: the ones it
	 * recorded (a scan of the whole table per close cost most of the
	 * daemon's CPU at a few hundred calls/s), or all when it overflowed
	 * or is unknown here */
	if (!scan) {
		for (i = 0; i < nkids; i++)
			if ((s = dp_sess_find(dp, kids[i])) != NULL &&
			    s->kind == DPS_CHILD && s->pinhole == p->id)
				dp_ct_delete(dp, s);
	} else {
		for (i = 0; i < dp->hsize; i++)
			for (s = dp->htab[i]; s != NULL; s = s->hnext)
				if (s->kind == DPS_CHILD && s->pinhole == p->id)
					dp_ct_delete(dp, s);
	}
	log_dbg(DBG_SIP, "FW: SIP pinhole %llu closed",
	    (unsigned long long)p->id);
}

/* A media connection admitted by pinhole id from another source than src
 * (its original direction's). */
static bool
kid_other_src(const struct dp_sess *s, uint64_t id, const struct sip_addr *src)
{
	size_t alen = s->family == AF_INET ? 4 : 16;

	return s->kind == DPS_CHILD && s->pinhole == id &&
	    (s->family != src->family || memcmp(&s->src, &src->u, alen) != 0);
}

/* The pinhole admits only p->src from now on: its connections from any
 * other source end (those from p->src go on). */
static void
op_narrow(void *arg, const struct sip_pinhole *p)
{
	struct dp *dp = arg;
	struct sipg *g = dp->sipg;
	struct dp_sess *s;
	struct ph *h;
	size_t i;

	for (h = g->ph[p->id % PH_HSIZE]; h != NULL; h = h->next)
		if (h->id == p->id)
			break;
	if (h != NULL && !h->kids_over) {
		for (i = 0; i < h->nkids; i++)
			if ((s = dp_sess_find(dp, h->kids[i])) != NULL &&
			    kid_other_src(s, p->id, &p->src))
				dp_ct_delete(dp, s);
	} else {
		for (i = 0; i < dp->hsize; i++)
			for (s = dp->htab[i]; s != NULL; s = s->hnext)
				if (kid_other_src(s, p->id, &p->src))
					dp_ct_delete(dp, s);
	}
	log_dbg(DBG_SIP, "FW: SIP pinhole %llu narrowed to one source",
	    (unsigned long long)p->id);
}

static int
op_zone_of(void *arg, const struct sip_addr *a, int *zone)
{
	return dp_link_route_zone(arg, a->family, &a->u, zone);
}

static socklen_t
sockaddr_of(const struct sip_addr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (void *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = a->u.v6;
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (void *)ss;

	s4->sin_family = AF_INET;
	s4->sin_addr = a->u.v4;
	s4->sin_port = htons(port);
	return sizeof(*s4);
}

/*
 * respond CODE: the answer goes out as the request's destination would
 * send it (IP_TRANSPARENT lets a socket of the router use that address),
 * one socket per answer (the L7 policy bounds them to 50 a second a class).
 */
static int
op_respond(void *arg, const struct sip_pkt *req, const uint8_t *msg, size_t len)
{
	struct sockaddr_storage from, to;
	socklen_t sl;
	int fd, one = 1, rc = 0;
	bool v6 = req->src.family == AF_INET6;

	(void)arg;
	sl = sockaddr_of(&req->dst, req->dport, &from);
	(void)sockaddr_of(&req->src, req->sport, &to);
	if ((fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC,
		 0)) < 0)
		return -errno;
	if (setsockopt(fd, v6 ? SOL_IPV6 : SOL_IP,
		v6 ? IPV6_TRANSPARENT : IP_TRANSPARENT, &one,
		sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&from, sl) < 0 ||
	    sendto(fd, msg, len, MSG_DONTWAIT, (struct sockaddr *)&to, sl) < 0)
		rc = -errno;
	close(fd);
	if (rc < 0)
		log_dbg(DBG_SIP, "FW: SIP respond: %s", strerror(-rc));
	return rc;
}

static const struct sip_alg_ops ops = {
	.open_pinhole = op_open,
	.close_pinhole = op_close,
	.narrow_pinhole = op_narrow,
	.zone_of = op_zone_of,
	.respond = op_respond,
};

/* The key of pend[]: every byte defined (padding, the rest of an IPv4
 * address), so that it can be hashed and compared whole. */
static void
pend_tuple(struct dp_tuple *t, int family, uint8_t proto,
    const union dp_addr *src, uint16_t sport, const union dp_addr *dst,
    uint16_t dport)
{
	size_t alen = family == AF_INET ? 4 : 16;

	memset(t, 0, sizeof(*t));
	t->family = family;
	t->proto = proto;
	t->sport = sport;
	t->dport = dport;
	memcpy(&t->src, src, alen);
	memcpy(&t->dst, dst, alen);
}

static size_t
pend_hash(const struct sipg *g, const struct dp_tuple *t)
{
	return siphash24(&g->pend_key, t, sizeof(*t)) % PEND_HSIZE;
}

/* The pending admission of tuple t (t zeroed but its fields); pp: the
 * link that points to it. */
static struct pend *
pend_find(struct sipg *g, const struct dp_tuple *t, struct pend ***pp)
{
	struct pend **l, *pe;

	for (l = &g->pend[pend_hash(g, t)]; (pe = *l) != NULL; l = &pe->next)
		if (memcmp(&pe->t, t, sizeof(*t)) == 0) {
			if (pp != NULL)
				*pp = l;
			return pe;
		}
	return NULL;
}

/* Admissions whose conntrack entry never became a session (the packet was
 * dropped further on); all: every one. */
static void
pend_gc(struct sipg *g, bool all)
{
	uint64_t now = dp_sip_now_ms();
	struct pend **l, *pe;
	size_t i;

	for (i = 0; i < PEND_HSIZE; i++)
		for (l = &g->pend[i]; (pe = *l) != NULL;)
			if (all || now - pe->at > PEND_AGE_MS) {
				*l = pe->next;
				free(pe);
				g->npend--;
			} else
				l = &pe->next;
}

int
dp_sip_init(struct dp *dp)
{
	struct sipg *g;
	int rc;

	if ((dp->sipg = g = calloc(1, sizeof(struct sipg))) == NULL)
		return -ENOMEM;
	if ((rc = siphash_key_random(&g->pend_key)) < 0)
		return rc;
	if ((dp->sip = sip_alg_new(&ops, dp)) == NULL)
		return -ENOMEM;
	return 0;
}

void
dp_sip_fini(struct dp *dp)
{
	struct sipg *g = dp->sipg;
	struct ph *h;
	size_t i;

	if (g == NULL)
		return;
	/* the state as it is now, for the next start (no packet is read
	 * any more: nothing after it passes unseen) */
	dp_sip_ckpt_save(dp, true);
	dp_sip_ckpt_free(dp);
	/* media admitted so far keeps flowing (fail closed for new) */
	g->dying = true;
	if (dp->sip != NULL) {
		sip_alg_free(dp->sip);
		dp->sip = NULL;
	}
	for (i = 0; i < PH_HSIZE; i++)
		while ((h = g->ph[i]) != NULL) {
			g->ph[i] = h->next;
			free(h);
		}
	pend_gc(g, true);
	free(g);
	dp->sipg = NULL;
}

void
dp_sip_tick(struct dp *dp)
{
	struct sipg *g = dp->sipg;

	if (dp->sip != NULL)
		sip_alg_expire(dp->sip, dp_sip_now_ms());
	dp_sip_ckpt_save(dp, false); /* a SIGKILL loses this second */
	if (g == NULL)
		return;
	pend_gc(g, false);
	if (g->pend_full != g->pend_full_said) { /* one line a second */
		log_warnx("SIP ALG: %llu media connections refused: %u "
			  "admitted ones wait for conntrack (at most %u)",
		    (unsigned long long)(g->pend_full - g->pend_full_said),
		    g->npend, PEND_MAX);
		g->pend_full_said = g->pend_full;
	}
}

void
dp_sip_set_mark(struct dp *dp, uint32_t mark)
{
	if (dp->sipg != NULL)
		((struct sipg *)dp->sipg)->cur_mark = mark;
}

int
dp_sip_pinhole(struct dp *dp, uint8_t proto, int family,
    const union dp_addr *src, uint16_t sport, const union dp_addr *dst,
    uint16_t dport, int in_zone, int out_zone, uint32_t *mark)
{
	struct sipg *g = dp->sipg;
	struct sip_addr s, d;
	struct sip_pinhole out;
	struct dp_tuple t;
	struct pend *pe;
	struct ph *h;
	uint32_t m = 0;

	if (g == NULL || dp->sip == NULL ||
	    (proto != IPPROTO_UDP && proto != IPPROTO_TCP))
		return -ENOENT;
	to_sip_addr(family, src, &s);
	to_sip_addr(family, dst, &d);
	if (sip_alg_pinhole_lookup_zone(dp->sip, proto, &s, sport, in_zone, &d,
		dport, dp_sip_now_ms(), &out) != 0)
		return -ENOENT;
	for (h = g->ph[out.id % PH_HSIZE]; h != NULL; h = h->next)
		if (h->id == out.id)
			m = h->mark & (DPM_ZP_MASK | DPM_CL_MASK);
	*mark = DPM_ZB | DPM_FWD | DPM_REV | m;
	if (out.kind == SIP_PH_SIGNALLING)
		*mark |= DPM_L7;
	else
		*mark |= DPM_CHILD;
	if (!(*mark & DPM_CHILD))
		goto done;
	/* the media connection's session finds its pinhole by this tuple
	 * however many are admitted before conntrack's events are read */
	pend_tuple(&t, family, proto, src, sport, dst, dport);
	if ((pe = pend_find(g, &t, NULL)) == NULL) {
		if (g->npend >= PEND_MAX ||
		    (pe = calloc(1, sizeof(*pe))) == NULL) {
			g->pend_full++;
			return -ENOSPC;
		}
		pe->t = t;
		pe->next = g->pend[pend_hash(g, &t)];
		g->pend[pend_hash(g, &t)] = pe;
		g->npend++;
	}
	pe->id = out.id;
	pe->at = dp_sip_now_ms();
done:
	log_dbg(DBG_SIP, "FW: new %s connection admitted by SIP pinhole %llu",
	    proto == IPPROTO_UDP ? "udp" : "tcp", (unsigned long long)out.id);
	return 0;
}

/* Remember a media connection of a pinhole for op_close(). */
static void
kid_add(struct sipg *g, uint64_t id, uint32_t ct_id)
{
	struct ph *h;
	unsigned i;

	for (h = g->ph[id % PH_HSIZE]; h != NULL; h = h->next)
		if (h->id == id)
			break;
	if (h == NULL)
		return;
	for (i = 0; i < h->nkids; i++)
		if (h->kids[i] == ct_id)
			return;
	if (h->nkids < PH_KIDS)
		h->kids[h->nkids++] = ct_id;
	else
		h->kids_over = true;
}

uint64_t
dp_sip_child_of(struct dp *dp, const struct dp_sess *s)
{
	struct sipg *g = dp->sipg;
	struct dp_tuple t;
	struct pend *pe, **pp;
	uint64_t id;

	if (g == NULL)
		return 0;
	pend_tuple(&t, s->family, s->proto, &s->src, s->sport, &s->dst,
	    s->dport);
	if ((pe = pend_find(g, &t, &pp)) == NULL)
		return 0;
	id = pe->id;
	*pp = pe->next;
	free(pe);
	g->npend--;
	kid_add(g, id, s->ct_id);
	return id;
}

int
dp_sip_parent(struct dp *dp, uint64_t pinhole, struct dp_tuple *out)
{
	struct sipg *g = dp->sipg;
	struct ph *h;

	if (g == NULL || pinhole == 0)
		return -ENOENT;
	for (h = g->ph[pinhole % PH_HSIZE]; h != NULL; h = h->next)
		if (h->id == pinhole) {
			if (h->sig.family == 0)
				return -ENOENT;
			*out = h->sig;
			return 0;
		}
	return -ENOENT;
}

void
dp_sip_account(struct dp *dp, const struct dp_sess *s, const uint64_t pkts[2],
    const uint64_t bytes[2])
{
	struct sip_conn_acct ac;

	if (dp->sip == NULL || s->pinhole == 0 || pkts[0] + pkts[1] == 0)
		return;
	memset(&ac, 0, sizeof(ac));
	to_sip_addr(s->family, &s->src, &ac.src);
	to_sip_addr(s->family, &s->dst, &ac.dst);
	ac.sport = s->sport;
	ac.dport = s->dport;
	ac.pkts[SIP_DIR_ORIG] = pkts[0];
	ac.pkts[SIP_DIR_REPLY] = pkts[1];
	ac.bytes[SIP_DIR_ORIG] = bytes[0];
	ac.bytes[SIP_DIR_REPLY] = bytes[1];
	sip_alg_conn_account(dp->sip, s->pinhole, &ac, dp_sip_now_ms());
}

int
dp_sip_packet(struct dp *dp, int family, uint8_t proto,
    const union dp_addr *src, uint16_t sport, const union dp_addr *dst,
    uint16_t dport, uint8_t tcpflags, uint32_t seq, int reply, int in_zone,
    int out_zone, const uint8_t *pl, size_t len)
{
	struct sipg *g = dp->sipg;
	struct sip_pkt p;
	struct sip_verdict v;
	size_t alen = family == AF_INET ? 4 : 16;

	if (dp->sip == NULL)
		return 0;
	if (g != NULL) {
		/* pinholes opened by this message remember its connection,
		 * in the connection's original direction */
		memset(&g->cur_sig, 0, sizeof(g->cur_sig));
		g->cur_sig.family = family;
		g->cur_sig.proto = proto;
		memcpy(&g->cur_sig.src, reply ? dst : src, alen);
		memcpy(&g->cur_sig.dst, reply ? src : dst, alen);
		g->cur_sig.sport = reply ? dport : sport;
		g->cur_sig.dport = reply ? sport : dport;
	}
	memset(&p, 0, sizeof(p));
	to_sip_addr(family, src, &p.src);
	to_sip_addr(family, dst, &p.dst);
	p.sport = sport;
	p.dport = dport;
	p.proto = proto;
	p.tcp_flags = tcpflags & (SIP_TCP_FIN | SIP_TCP_SYN | SIP_TCP_RST);
	p.dir = reply ? SIP_DIR_REPLY : SIP_DIR_ORIG;
	p.seq = seq;
	p.src_zone = in_zone;
	p.dst_zone = out_zone;
	/* SIP over TLS runs on TCP; a UDP phone may well use port 5061 */
	p.tls = proto == IPPROTO_TCP && (sport == 5061 || dport == 5061);
	p.payload = pl;
	p.len = len;
	/* the Layer 7 policy of the flow's class (service-policy sip) */
	if (g != NULL && (g->cur_mark & DPM_ZB) && DPM_ZP(g->cur_mark) > 0)
		p.l7 = zone_sip_policy(dp->graph, (int)DPM_ZP(g->cur_mark),
		    DPM_CL(g->cur_mark));
	memset(&v, 0, sizeof(v));
	if (sip_alg_packet(dp->sip, &p, dp_sip_now_ms(), &v) == SIP_DROP) {
		log_dbg(DBG_SIP, "FW: SIP packet dropped: %s",
		    sip_reason_str(v.reason));
		return -EPERM;
	}
	return 0;
}

void
dp_sip_flow_end(struct dp *dp, const struct dp_sess *s)
{
	struct sip_pkt p;

	if (dp->sip == NULL || s->proto != IPPROTO_TCP)
		return;
	memset(&p, 0, sizeof(p));
	to_sip_addr(s->family, &s->src, &p.src);
	to_sip_addr(s->family, &s->dst, &p.dst);
	p.sport = s->sport;
	p.dport = s->dport;
	p.proto = IPPROTO_TCP;
	p.dir = SIP_DIR_ORIG;
	sip_alg_flow_close(dp->sip, &p);
}
