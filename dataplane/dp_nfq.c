/*
 * NFQUEUE (libnetfilter_queue over libmnl): the first packets of every
 * connection, the reply direction of `pass` connections, and every packet
 * of connections under L7 inspection.  Reads in batches (recvmmsg), answers
 * runs of equal verdicts with one NFQNL_MSG_VERDICT_BATCH, and bounds the
 * work done per event so the loop keeps serving vtys.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter/nfnetlink_queue.h>

#include "dataplane/dp_int.h"
#include "dataplane/sip_glue.h"
#include "lib/log.h"

#define NFQ_MAXLEN 8192 /* kernel queue length */
#define NFQ_VEC 32	/* datagrams per recvmmsg */
#define NFQ_BUFSZ (0xffff + 512)
#define NFQ_ROUNDS 8 /* recvmmsg calls per event */
#define NFQ_TXSZ (64 * 1024)
#define LOG_PER_SEC 100 /* DROP_PKT lines per second */
#define DBG_PER_SEC 200 /* per-packet debug lines per second */

struct qpkt {
	uint32_t id, mark;
	int hook, indev, outdev;
	int family;
	uint8_t proto, tcpflags;
	uint16_t sport, dport, ipid;
	uint32_t seq;
	union dp_addr src, dst;
	uint32_t len;	   /* IP length */
	const uint8_t *pl; /* L4 payload */
	size_t pllen;
	bool l4ok;
};

/* A run of packets sharing one verdict, answered with one batch verdict. */
struct vrun {
	uint32_t last_id;
	int verdict;
	uint32_t mark;
	unsigned n;
};

static void
tx_verdict(struct dp *dp, const struct vrun *r)
{
	struct nlmsghdr *nlh;

	if (r->n == 0)
		return;
	if (dp->txlen + 256 > NFQ_TXSZ) {
		mnl_socket_sendto(dp->nfq, dp->txbuf, dp->txlen);
		dp->txlen = 0;
	}
	nlh = nfq_nlmsg_put(dp->txbuf + dp->txlen,
	    r->n > 1 ? NFQNL_MSG_VERDICT_BATCH : NFQNL_MSG_VERDICT, dp->queue);
	/* NF_REPEAT runs the chain again so that the mark is saved as the
	 * connection's (dp_ipt.c); an accept gives the packet its mark back
	 * without the queue info bits */
	nfq_nlmsg_verdict_put(nlh, r->last_id, r->verdict);
	if (r->verdict != NF_DROP)
		nfq_nlmsg_verdict_put_mark(nlh, r->mark);
	dp->txlen += NLMSG_ALIGN(nlh->nlmsg_len);
}

/* The packet's headers: 0, or -EINVAL when they are truncated. */
static int
parse_l4(struct qpkt *p, const uint8_t *l4, size_t n)
{
	switch (p->proto) {
	case IPPROTO_TCP:
		if (n < 20 || (size_t)(l4[12] >> 4) * 4 > n)
			return -EINVAL;
		p->sport = l4[0] << 8 | l4[1];
		p->dport = l4[2] << 8 | l4[3];
		p->seq = (uint32_t)l4[4] << 24 | l4[5] << 16 | l4[6] << 8 |
		    l4[7];
		p->tcpflags = l4[13];
		p->pl = l4 + (l4[12] >> 4) * 4;
		p->pllen = n - (l4[12] >> 4) * 4;
		break;
	case IPPROTO_UDP:
		if (n < 8)
			return -EINVAL;
		p->sport = l4[0] << 8 | l4[1];
		p->dport = l4[2] << 8 | l4[3];
		p->pl = l4 + 8;
		p->pllen = n - 8;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (n < 4)
			return -EINVAL;
		p->sport = l4[0]; /* type, code as zone_pkt wants */
		p->dport = l4[1];
		break;
	default:
		break;
	}
	p->l4ok = true;
	return 0;
}

static int
parse_ip(struct qpkt *p, const uint8_t *b, size_t n)
{
	size_t off;

	if (n < 1)
		return -EINVAL;
	if ((b[0] >> 4) == 4) {
		if (n < 20 || (size_t)(b[0] & 15) * 4 < 20 ||
		    (size_t)(b[0] & 15) * 4 > n)
			return -EINVAL;
		p->family = AF_INET;
		p->proto = b[9];
		p->ipid = b[4] << 8 | b[5];
		p->len = b[2] << 8 | b[3];
		memcpy(&p->src.v4, b + 12, 4);
		memcpy(&p->dst.v4, b + 16, 4);
		off = (b[0] & 15) * 4;
		if ((b[6] & 0x1f) != 0 || b[7] != 0) /* not first frag */
			return 0;
		return parse_l4(p, b + off, n - off);
	}
	if ((b[0] >> 4) != 6 || n < 40)
		return -EINVAL;
	p->family = AF_INET6;
	p->len = (b[4] << 8 | b[5]) + 40;
	memcpy(&p->src.v6, b + 8, 16);
	memcpy(&p->dst.v6, b + 24, 16);
	p->proto = b[6];
	/*
	 * The extension headers walked as conntrack walks them
	 * (ipv6_skip_exthdr): Hop-by-Hop, Routing, Destination Options and AH
	 * (its length in 4-octet units + 2) skipped, a first fragment's
	 * header skipped, a later fragment is protocol 44 with no ports; ESP
	 * and anything else is the protocol.  "No next header", which
	 * conntrack cannot track, is dropped as a bad header.
	 */
	off = 40;
	for (;;) {
		switch (p->proto) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			if (off + 8 > n)
				return -EINVAL;
			p->proto = b[off];
			off += (b[off + 1] + 1) * 8;
			continue;
		case IPPROTO_AH:
			if (off + 8 > n)
				return -EINVAL;
			p->proto = b[off];
			off += (b[off + 1] + 2) * 4;
			continue;
		case IPPROTO_FRAGMENT:
			if (off + 8 > n)
				return -EINVAL;
			if ((b[off + 2] << 8 | (b[off + 3] & 0xf8)) != 0)
				return 0; /* not the first: proto 44 */
			p->proto = b[off];
			off += 8;
			continue;
		case IPPROTO_NONE:
			return -EINVAL;
		default:
			break;
		}
		break;
	}
	if (off > n)
		return -EINVAL;
	return parse_l4(p, b + off, n - off);
}

static struct dp_cstats *
class_stats(struct dp *dp, const struct zone_graph *g, int zp, int cl)
{
	const struct dp_pcache *pc = dp_pcache_get(dp, zp, cl);
	const char *zn, *cn;

	if (pc != NULL && pc->cs != NULL)
		return pc->cs;
	if ((zn = zone_zp_name(g, zp)) == NULL ||
	    (cn = zone_class_name(g, zp, cl)) == NULL)
		return NULL;
	return dp_cstats_get(dp, zn, cn);
}

/* An address to print before ":port": IPv6 in brackets. */
static void
fmt_host(int family, const union dp_addr *x, char *out, size_t len)
{
	char t[INET6_ADDRSTRLEN];

	dp_fmt_addr(family, x, t, sizeof(t));
	snprintf(out, len, family == AF_INET6 ? "[%s]" : "%s", t);
}

static void
drop_log(struct dp *dp, const struct zone_graph *g, const struct qpkt *p,
    const struct zone_verdict *v, enum dp_drop why)
{
	char a[INET6_ADDRSTRLEN + 2], b[INET6_ADDRSTRLEN + 2];
	const char *zn, *cn;

	if (dp->log_budget >= LOG_PER_SEC) {
		dp->log_suppressed++;
		return;
	}
	dp->log_budget++;
	fmt_host(p->family, &p->src, a, sizeof(a));
	fmt_host(p->family, &p->dst, b, sizeof(b));
	if (v != NULL && v->zp_id > 0 &&
	    (zn = zone_zp_name(g, v->zp_id)) != NULL &&
	    (cn = zone_class_name(g, v->zp_id, v->class_id)) != NULL &&
	    (why == DPD_CLASSIFY || why == DPD_ICMP_CLASSIFY))
		log_fw(6, "DROP_PKT",
		    "Dropping %s session %s:%u %s:%u on "
		    "zone-pair %s class %s due to  DROP action found in "
		    "policy-map with ip ident %u",
		    zone_proto_name(p->proto), a, p->sport, b, p->dport, zn, cn,
		    p->ipid);
	else
		log_fw(6, "DROP_PKT",
		    "Dropping %s session %s:%u %s:%u "
		    "due to  %s with ip ident %u",
		    zone_proto_name(p->proto), a, p->sport, b, p->dport,
		    dp_drop_name(why), p->ipid);
}

static const char *
act_name(enum zone_action a)
{
	return a == ZONE_INSPECT ? "inspect" : a == ZONE_PASS ? "pass" : "drop";
}

static void
zones_of(struct dp *dp, const struct qpkt *q, int *in, int *out)
{
	switch (q->hook) {
	case NF_INET_LOCAL_IN:
		*in = dp_link_zone(dp, q->indev);
		*out = ZONE_ID_SELF;
		break;
	case NF_INET_LOCAL_OUT:
		*in = ZONE_ID_SELF;
		*out = dp_link_zone(dp, q->outdev);
		break;
	default:
		*in = dp_link_zone(dp, q->indev);
		*out = dp_link_zone(dp, q->outdev);
		break;
	}
}

static void
to_policy_pkt(struct dp *dp, const struct qpkt *q, struct zone_pkt *pp)
{
	memset(pp, 0, sizeof(*pp));
	pp->family = q->family;
	pp->proto = q->proto;
	memcpy(&pp->src, &q->src, sizeof(q->src));
	memcpy(&pp->dst, &q->dst, sizeof(q->dst));
	pp->sport = q->sport;
	pp->dport = q->dport;
	zones_of(dp, q, &pp->in_zone, &pp->out_zone);
}

static bool
is_icmp(uint8_t proto)
{
	return proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6;
}

static void
debug_pkt(struct dp *dp, const struct zone_graph *g, const struct qpkt *q,
    const struct zone_pkt *pp, const struct zone_verdict *v, const char *what)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	const char *zn = v->zp_id > 0 ? zone_zp_name(g, v->zp_id) : NULL;

	if (!(log_debug_flags & (DBG_CCE | DBG_PMAP_DETAIL)))
		return;
	/* a flood must not turn into a flood of debug lines */
	if (dp->dbg_budget >= DBG_PER_SEC) {
		dp->dbg_suppressed++;
		return;
	}
	dp->dbg_budget++;
	dp_fmt_addr(q->family, &q->src, a, sizeof(a));
	dp_fmt_addr(q->family, &q->dst, b, sizeof(b));
	log_dbg(DBG_CCE,
	    "CCE: %s %s:%u -> %s:%u zones %s -> %s: zone-pair "
	    "%s class %s action %s%s",
	    zone_proto_name(q->proto), a, q->sport, b, q->dport,
	    zone_id_name(g, pp->in_zone) ? zone_id_name(g, pp->in_zone) :
					   "none",
	    zone_id_name(g, pp->out_zone) ? zone_id_name(g, pp->out_zone) :
					    "none",
	    zn ? zn : "none",
	    zn ? zone_class_name(g, v->zp_id, v->class_id) : "none",
	    act_name(v->action), what);
	log_dbg(DBG_PMAP_DETAIL,
	    "FW: pkt id %u %s %s:%u -> %s:%u len %u "
	    "hook %d mark 0x%08x: %s%s",
	    q->id, zone_proto_name(q->proto), a, q->sport, b, q->dport, q->len,
	    q->hook, q->mark, act_name(v->action), what);
}

static int
drop_pkt(struct dp *dp, const struct zone_graph *g, const struct qpkt *q,
    const struct zone_verdict *v, enum dp_drop why, bool log)
{
	dp->drops[why]++;
	if (log)
		drop_log(dp, g, q, v, why);
	return NF_DROP;
}

/* Counters of the class a packet's session belongs to (from its mark). */
static void
count_proc(struct dp *dp, const struct zone_graph *g, const struct qpkt *q,
    unsigned zp, int cl)
{
	struct dp_cstats *cs;

	if (zp == 0 || (cs = class_stats(dp, g, zp, cl)) == NULL)
		return;
	if (q->proto == IPPROTO_TCP)
		cs->proc_tcp++;
	else if (q->proto == IPPROTO_UDP)
		cs->proc_udp++;
	else if (is_icmp(q->proto))
		cs->proc_icmp++;
}

/*
 * tcp max-incomplete host N block-time M: a destination host with N
 * half-open sessions gets no new one; with a block time, none at all for
 * M minutes.
 */
static bool
host_admit(struct dp *dp, const struct qpkt *q, const struct dp_pcache *pc)
{
	struct dp_host *h = dp_host_get(dp, q->family, &q->dst, true);
	char a[INET6_ADDRSTRLEN];
	time_t now = dp_now();

	if (h == NULL)
		return true;
	if (h->blocked_until > now)
		return false;
	if (h->halfopen < pc->host_max)
		return true;
	dp_fmt_addr(q->family, &q->dst, a, sizeof(a));
	if (pc->block_min != 0) {
		h->blocked_until = now + (time_t)pc->block_min * 60;
		log_fw(2, "BLOCK_HOST",
		    "Blocking new TCP connections to host "
		    "%s for %u minute%s (half-open count %u exceeded).",
		    a, pc->block_min, pc->block_min == 1 ? "" : "s",
		    pc->host_max);
	} else if (dp->log_budget < LOG_PER_SEC) {
		dp->log_budget++;
		log_fw(4, "HOST_TCP_ALERT_ON",
		    "Max tcp half-open connections "
		    "(%u) exceeded for host %s.",
		    pc->host_max, a);
	}
	return false;
}

/* The first packet of a SIP-inspected connection to the ALG: pass? */
static bool
sip_first(struct dp *dp, const struct qpkt *q, const struct zone_pkt *pp,
    uint32_t mark)
{
	dp_sip_set_mark(dp, mark);
	return dp_sip_packet(dp, q->family, q->proto, &q->src, q->sport,
		   &q->dst, q->dport, q->tcpflags, q->seq, 0, pp->in_zone,
		   pp->out_zone, q->pl, q->pllen) == 0;
}

/* First packet of a connection (or a packet of one zbfw never saw). */
static int
classify_new(struct dp *dp, const struct qpkt *q, uint32_t *mark)
{
	const struct zone_graph *g = dp->graph;
	const struct zone_params *gp;
	const struct dp_pcache *pc;
	struct zone_pkt pp;
	struct zone_verdict v;
	struct dp_cstats *cs;
	bool new = (q->mark & DPM_I_NEW) != 0, logd;
	uint32_t cur, m;
	int rc;

	if (g == NULL) {
		/* no configuration committed yet: no zones, no firewall */
		*mark = DPM_ZB | DPM_FWD | DPM_REV | ZONE_R_NO_FIREWALL;
		return NF_ACCEPT;
	}
	to_policy_pkt(dp, q, &pp);
	if (q->l4ok && dp->sip != NULL &&
	    (rc = dp_sip_pinhole(dp, q->proto, q->family, &q->src, q->sport,
		 &q->dst, q->dport, pp.in_zone, pp.out_zone, mark)) >= 0) {
		/* a signalling pinhole: this first packet is SIP too */
		if ((*mark & DPM_L7) && !sip_first(dp, q, &pp, *mark))
			return drop_pkt(dp, g, q, NULL, DPD_L7, false);
		return NF_ACCEPT;
	}
	memset(&v, 0, sizeof(v));
	zone_classify(g, &pp, &v);
	gp = zone_global_params(g);
	logd = gp != NULL && gp->log_dropped;
	debug_pkt(dp, g, q, &pp, &v, "");
	if (v.zp_id > DPM_MAX_ZP || v.class_id > DPM_MAX_CL)
		return drop_pkt(dp, g, q, &v, DPD_CREATE_FAIL, true);
	m = DPM_ZB | (uint32_t)v.zp_id << DPM_ZP_SHIFT;
	if (v.zp_id == 0)
		m |= ((uint32_t)v.reason << DPM_CL_SHIFT) & DPM_CL_MASK;
	else {
		m |= (uint32_t)(v.class_id + 1) << DPM_CL_SHIFT;
		if (dp_pcache_get(dp, v.zp_id, v.class_id) == NULL)
			dp_pcache_set(dp, v.zp_id, v.class_id,
			    v.params ? v.params : gp);
	}
	pc = v.zp_id > 0 ? dp_pcache_get(dp, v.zp_id, v.class_id) : NULL;
	if (pc != NULL && pc->cs == NULL && pc->valid)
		((struct dp_pcache *)pc)->cs = class_stats(dp, g, v.zp_id,
		    v.class_id);
	cs = pc != NULL ? pc->cs : NULL;

	switch (v.action) {
	case ZONE_DROP:
		if (cs != NULL) {
			cs->s.pkts++;
			cs->s.bytes += q->len;
		}
		switch (v.reason) {
		case ZONE_R_ZONE_MISMATCH:
			return drop_pkt(dp, g, q, &v, DPD_INVALID_ZONE, logd);
		case ZONE_R_NO_ZONE_PAIR:
		case ZONE_R_SELF_DEFAULT:
		case ZONE_R_INTRA_ZONE:
			return drop_pkt(dp, g, q, &v, DPD_ZP_NOPOLICY, logd);
		default:
			return drop_pkt(dp, g, q, &v,
			    is_icmp(q->proto) ? DPD_ICMP_CLASSIFY :
						DPD_CLASSIFY,
			    v.log || logd);
		}
	case ZONE_PASS:
		*mark = m | DPM_FWD | (v.zp_id > 0 ? DPM_PASS : 0);
		if (v.zp_id == 0) /* outside the firewall: both ways */
			*mark |= DPM_REV;
		return NF_ACCEPT;
	case ZONE_INSPECT:
		break;
	}
	if (!q->l4ok)
		return drop_pkt(dp, g, q, &v, DPD_L4HDR, logd);
	if (q->proto == IPPROTO_TCP &&
	    (q->tcpflags & 0x17) != 0x02) /* SYN, no ACK/RST/FIN */
		return drop_pkt(dp, g, q, &v, DPD_TCP_INIT, logd);
	if (new &&pc != NULL) {
		if (dp->nsess + dp->pending >= dp->max_sess)
			return drop_pkt(dp, g, q, &v, DPD_CREATE_FAIL, logd);
		cur = cs == NULL ? 0 :
				   cs->s.cur_estab + cs->s.cur_halfopen +
			cs->s.cur_terminating + cs->pending;
		if (pc->sessions_max != 0 && cur >= pc->sessions_max) {
			if (cs != NULL && cs->max_logged == 0) {
				/* once per crossing, as IOS */
				cs->max_logged = pc->sessions_max;
				log_fw(4, "SESSIONS_MAXIMUM",
				    "Number of "
				    "sessions for the firewall policy on "
				    "\"target:class\"-(%s:%s) exceeds the "
				    "configured sessions maximum value %u",
				    cs ? cs->zp : "?", cs ? cs->cls : "?",
				    pc->sessions_max);
			}
			return drop_pkt(dp, g, q, &v, DPD_SESS_LIMIT, logd);
		}
		if (q->proto == IPPROTO_TCP && pc->host_max != 0 &&
		    !host_admit(dp, q, pc))
			return drop_pkt(dp, g, q, &v, DPD_BLACKOUT, logd);
		if (pc->inc_high != 0 || pc->host_max != 0)
			dp_ct_want_updates(dp);
		if (pc->inc_high != 0 &&
		    dp->halfopen + dp->pending >= pc->inc_high) {
			if (!dp->alert_on) {
				dp->alert_on = true;
				dp->alert_low = pc->inc_low != 0 ? pc->inc_low :
								   pc->inc_high;
				dp->alert_log = pc->alert;
				if (pc->alert)
					log_fw(4, "ALERT_ON",
					    "getting "
					    "aggressive, count (%u/%u) current "
					    "1-min rate: %u",
					    dp->halfopen + dp->pending,
					    pc->inc_high,
					    cs ? cs->minute_total : 0);
			}
			return drop_pkt(dp, g, q, &v,
			    q->proto == IPPROTO_TCP ? DPD_TCP_HALFOPEN :
						      DPD_UDP_HALFOPEN,
			    logd);
		}
		if (dp->alert_on && pc->inc_high != 0)
			return drop_pkt(dp, g, q, &v,
			    q->proto == IPPROTO_TCP ? DPD_TCP_HALFOPEN :
						      DPD_UDP_HALFOPEN,
			    logd);
		/* one-minute high: too many new sessions in the last minute */
		if (pc->min_high != 0 && cs != NULL && !cs->rate_alert &&
		    cs->minute_total + cs->pending >= pc->min_high) {
			cs->rate_alert = true;
			cs->rate_low = pc->min_low != 0 ? pc->min_low :
							  pc->min_high;
			cs->rate_log = pc->alert;
			if (pc->alert)
				log_fw(4, "ALERT_ON",
				    "getting aggressive, "
				    "count (0/%u) current 1-min rate: %u",
				    pc->min_high,
				    cs->minute_total + cs->pending);
		}
		if (pc->min_high != 0 && cs != NULL && cs->rate_alert)
			return drop_pkt(dp, g, q, &v, DPD_NO_NEW, logd);
		dp->pending++;
		if (cs != NULL)
			cs->pending++;
	}
	*mark = m | DPM_FWD | DPM_REV;
	if (v.app == ZONE_APP_SIP && dp->sip != NULL) {
		*mark |= DPM_L7;
		if (!sip_first(dp, q, &pp, *mark))
			return drop_pkt(dp, g, q, &v, DPD_L7, logd);
	}
	count_proc(dp, g, q, v.zp_id, v.class_id);
	return NF_ACCEPT;
}

/* Reply direction of a `pass` connection: the reverse zone-pair decides. */
static int
classify_reverse(struct dp *dp, const struct qpkt *q, uint32_t ctmark,
    uint32_t *mark)
{
	const struct zone_graph *g = dp->graph;
	struct zone_pkt pp;
	struct zone_verdict v;

	if (g == NULL)
		return NF_DROP;
	to_policy_pkt(dp, q, &pp);
	memset(&v, 0, sizeof(v));
	zone_classify(g, &pp, &v);
	debug_pkt(dp, g, q, &pp, &v, " (reply of a pass connection)");
	if (v.action == ZONE_DROP ||
	    (v.action == ZONE_INSPECT && q->proto == IPPROTO_TCP))
		return drop_pkt(dp, g, q, &v, DPD_NOT_INIT, v.log);
	*mark = ctmark | DPM_REV;
	return NF_ACCEPT;
}

static int
decide(struct dp *dp, const struct qpkt *q, uint32_t *mark)
{
	uint32_t ct = q->mark & DPM_SAVE; /* zbfw's bits of the connmark */
	int v;

	*mark = 0;
	if (!(ct & DPM_ZB)) {
		v = classify_new(dp, q, mark);
		/* a RELATED packet's mark would land on a connection zbfw
		 * never classified (one older than the daemon): keep off */
		if (q->mark & DPM_I_REL)
			*mark = 0;
		return v;
	}
	*mark = ct;
	if (q->mark & DPM_I_REL) /* ICMP error of a session */
		return NF_ACCEPT;
	if ((ct & DPM_L7) && dp->sip != NULL && q->l4ok) {
		int in, out;

		zones_of(dp, q, &in, &out);
		count_proc(dp, dp->graph, q, DPM_ZP(ct), DPM_CL(ct));
		dp_sip_set_mark(dp, ct);
		if (dp_sip_packet(dp, q->family, q->proto, &q->src, q->sport,
			&q->dst, q->dport, q->tcpflags, q->seq,
			(q->mark & DPM_I_REPLY) != 0, in, out, q->pl,
			q->pllen) != 0) {
			dp->drops[DPD_L7]++;
			return NF_DROP;
		}
		return NF_ACCEPT;
	}
	if ((q->mark & DPM_I_REPLY) && !(ct & DPM_REV))
		return classify_reverse(dp, q, ct, mark);
	return NF_ACCEPT;
}

static int
pkt_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dp *dp = ((void **)data)[0];
	struct vrun *run = ((void **)data)[1];
	struct nlattr *attr[NFQA_MAX + 1] = { 0 };
	struct nfqnl_msg_packet_hdr *ph;
	struct qpkt q;
	uint32_t mark;
	int verdict;

	if (nfq_nlmsg_parse(nlh, attr) < 0 || attr[NFQA_PACKET_HDR] == NULL)
		return MNL_CB_OK;
	ph = mnl_attr_get_payload(attr[NFQA_PACKET_HDR]);
	memset(&q, 0, sizeof(q));
	q.id = ntohl(ph->packet_id);
	q.hook = ph->hook;
	if (attr[NFQA_MARK])
		q.mark = ntohl(mnl_attr_get_u32(attr[NFQA_MARK]));
	if (attr[NFQA_IFINDEX_INDEV])
		q.indev = ntohl(mnl_attr_get_u32(attr[NFQA_IFINDEX_INDEV]));
	if (attr[NFQA_IFINDEX_OUTDEV])
		q.outdev = ntohl(mnl_attr_get_u32(attr[NFQA_IFINDEX_OUTDEV]));
	dp->nfq_seen++;
	if (attr[NFQA_PAYLOAD] == NULL ||
	    parse_ip(&q, mnl_attr_get_payload(attr[NFQA_PAYLOAD]),
		mnl_attr_get_payload_len(attr[NFQA_PAYLOAD])) < 0) {
		dp->drops[DPD_L4HDR]++;
		verdict = NF_DROP;
		mark = 0;
	} else
		verdict = decide(dp, &q, &mark);
	/*
	 * The packet keeps the bits of its mark that are not zbfw's.  A new
	 * mark for the connection goes back tagged, to be saved (dp_ipt.c);
	 * any other accept clears the queue info bits, so that no packet
	 * leaves with bits 24-26 set but the one pass that saves.
	 */
	if (verdict == NF_ACCEPT && mark != 0 && mark != (q.mark & DPM_SAVE)) {
		verdict = NF_REPEAT;
		mark = (q.mark & ~DPM_OWN) | (mark & DPM_SAVE) | dp->mark_tag;
	} else if (verdict == NF_ACCEPT)
		mark = q.mark & ~DPM_I_MASK;
	else
		mark = 0;
	if (run->n > 0 &&
	    (run->verdict != verdict || run->mark != mark ||
		q.id != run->last_id + 1)) {
		tx_verdict(dp, run);
		run->n = 0;
	}
	run->verdict = verdict;
	run->mark = mark;
	run->last_id = q.id;
	run->n++;
	return MNL_CB_OK;
}

static void
nfq_read(evutil_socket_t fd, short ev, void *arg)
{
	struct dp *dp = arg;
	struct mmsghdr msgs[NFQ_VEC];
	struct iovec iov[NFQ_VEC];
	struct vrun run = { 0 };
	void *cbdata[2] = { dp, &run };
	int i, n, round;

	for (round = 0; round < NFQ_ROUNDS; round++) {
		n = dp_recv_batch(fd, dp->rxbuf, NFQ_BUFSZ, NFQ_VEC, msgs, iov);
		if (n < 0) {
			if (n == -ENOBUFS) {
				/* the kernel dropped queued packets */
				dp->drops[DPD_QUEUE]++;
				continue;
			}
			break;
		}
		dp->nfq_batches++;
		for (i = 0; i < n; i++)
			mnl_cb_run(iov[i].iov_base, msgs[i].msg_len, 0,
			    dp->nfq_portid, pkt_cb, cbdata);
		if (n < NFQ_VEC)
			break;
	}
	if (run.n > 0)
		tx_verdict(dp, &run);
	if (dp->txlen > 0) {
		if (mnl_socket_sendto(dp->nfq, dp->txbuf, dp->txlen) < 0)
			log_warn("dataplane: verdict");
		dp->txlen = 0;
	}
}

static int
nfq_cfg(struct dp *dp, struct nlmsghdr *nlh)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;

	nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = time(NULL);
	if (mnl_socket_sendto(dp->nfq, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	if ((n = mnl_socket_recvfrom(dp->nfq, buf, sizeof(buf))) < 0)
		return -errno;
	if (mnl_cb_run(buf, n, nlh->nlmsg_seq, dp->nfq_portid, NULL, NULL) < 0)
		return -errno;
	return 0;
}

/* Queue drops the kernel counted (queue full, or netlink overrun). */
void
dp_nfq_tick(struct dp *dp)
{
	FILE *f;
	unsigned qn, portid, total, mode, range, qdrop, udrop;
	uint64_t sum = 0;

	if ((f = fopen("/proc/net/netfilter/nfnetlink_queue", "r")) == NULL)
		return;
	while (fscanf(f, "%u %u %u %u %u %u %u %*u %*u", &qn, &portid, &total,
		   &mode, &range, &qdrop, &udrop) == 7)
		if (qn == dp->queue)
			sum = (uint64_t)qdrop + udrop;
	fclose(f);
	if (sum > dp->queue_drops_base) {
		dp->drops[DPD_QUEUE] += sum - dp->queue_drops_base;
		dp->queue_drops_base = sum;
	}
}

int
dp_nfq_open(struct dp *dp)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int rc, sz = 16 * 1024 * 1024, fd;

	dp->rxbuf = malloc((size_t)NFQ_VEC * NFQ_BUFSZ);
	dp->txbuf = malloc(NFQ_TXSZ);
	if (dp->rxbuf == NULL || dp->txbuf == NULL)
		return -ENOMEM;
	if ((dp->nfq = mnl_socket_open(NETLINK_NETFILTER)) == NULL)
		return -errno;
	if (mnl_socket_bind(dp->nfq, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	dp->nfq_portid = mnl_socket_get_portid(dp->nfq);
	fd = mnl_socket_get_fd(dp->nfq);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));

	nlh = nfq_nlmsg_put(buf, NFQNL_MSG_CONFIG, dp->queue);
	nfq_nlmsg_cfg_put_cmd(nlh, AF_INET, NFQNL_CFG_CMD_BIND);
	if ((rc = nfq_cfg(dp, nlh)) < 0) {
		log_warnx("dataplane: cannot bind NFQUEUE %u: %s (another "
			  "zbfwd running?)",
		    dp->queue, strerror(-rc));
		return rc;
	}
	nlh = nfq_nlmsg_put(buf, NFQNL_MSG_CONFIG, dp->queue);
	nfq_nlmsg_cfg_put_params(nlh, NFQNL_COPY_PACKET, 0xffff);
	nfq_nlmsg_cfg_put_qmaxlen(nlh, NFQ_MAXLEN);
	/* GSO packets whole (we never rewrite them); no fail-open */
	mnl_attr_put_u32(nlh, NFQA_CFG_FLAGS, htonl(NFQA_CFG_F_GSO));
	mnl_attr_put_u32(nlh, NFQA_CFG_MASK,
	    htonl(NFQA_CFG_F_GSO | NFQA_CFG_F_FAIL_OPEN));
	if ((rc = nfq_cfg(dp, nlh)) < 0)
		return rc;
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
		return -errno;
	dp->ev_nfq = event_new(dp->evb, fd, EV_READ | EV_PERSIST, nfq_read, dp);
	if (dp->ev_nfq == NULL || event_add(dp->ev_nfq, NULL) < 0)
		return -ENOMEM;
	dp_nfq_tick(dp);
	return 0;
}

void
dp_nfq_close(struct dp *dp)
{
	if (dp->ev_nfq != NULL)
		event_free(dp->ev_nfq);
	if (dp->nfq != NULL)
		mnl_socket_close(dp->nfq);
	free(dp->rxbuf);
	free(dp->txbuf);
	dp->ev_nfq = NULL;
	dp->nfq = NULL;
	dp->rxbuf = dp->txbuf = NULL;
}
