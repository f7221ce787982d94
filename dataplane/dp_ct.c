/*
 * Sessions in conntrack (libnetfilter_conntrack): events tell when a
 * marked connection is confirmed, changes state or ends; a dump once a
 * second refreshes accounting counters (show, class counters, idle time),
 * enforces the parameter-map timers (idle, synwait, finwait) and rebuilds
 * the table after a restart.  Deletion (timers, clear) is by tuple.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/socket.h>
#include <linux/netlink.h>

#include <event2/event.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack_tcp.h>

#include "dataplane/dp_int.h"
#include "dataplane/sip_glue.h"
#include "lib/log.h"

#define CT_RCVBUF (8 * 1024 * 1024)
#define CT_VEC 64
#define CT_BUFSZ 4096

static int
sess_state_of(const struct nf_conntrack *ct, uint8_t proto)
{
	uint32_t st;

	if (proto == IPPROTO_TCP && nfct_attr_is_set(ct, ATTR_TCP_STATE)) {
		switch (nfct_get_attr_u8(ct, ATTR_TCP_STATE)) {
		case TCP_CONNTRACK_ESTABLISHED:
			return DPS_ESTAB;
		case TCP_CONNTRACK_SYN_SENT:
		case TCP_CONNTRACK_SYN_RECV:
		case TCP_CONNTRACK_SYN_SENT2:
		case TCP_CONNTRACK_NONE:
			return DPS_HALFOPEN;
		default:
			return DPS_TERM;
		}
	}
	st = nfct_attr_is_set(ct, ATTR_STATUS) ?
	    nfct_get_attr_u32(ct, ATTR_STATUS) :
	    0;
	return (st & IPS_SEEN_REPLY) ? DPS_ESTAB : DPS_HALFOPEN;
}

/* Fold the connection's accounting counters into the session and its
 * class. */
static void
sess_acct(struct dp *dp, struct dp_sess *s, const struct nf_conntrack *ct)
{
	uint64_t p[2], b[2], dp0, dp1, db0, dpk[2], db[2];
	struct zone_class_stats *st;

	if (!nfct_attr_is_set(ct, ATTR_ORIG_COUNTER_PACKETS))
		return;
	p[0] = nfct_get_attr_u64(ct, ATTR_ORIG_COUNTER_PACKETS);
	b[0] = nfct_get_attr_u64(ct, ATTR_ORIG_COUNTER_BYTES);
	p[1] = nfct_get_attr_u64(ct, ATTR_REPL_COUNTER_PACKETS);
	b[1] = nfct_get_attr_u64(ct, ATTR_REPL_COUNTER_BYTES);
	dp0 = p[0] >= s->pkts[0] ? p[0] - s->pkts[0] : 0;
	dp1 = p[1] >= s->pkts[1] ? p[1] - s->pkts[1] : 0;
	db0 = b[0] >= s->bytes[0] ? b[0] - s->bytes[0] : 0;
	if (dp0 + dp1 > 0)
		s->heard = dp_now();
	if (s->cs != NULL) {
		st = &s->cs->s;
		if (s->kind == DPS_PASS) {
			st->pkts += dp0;
			st->bytes += db0;
		} else if (s->proto == IPPROTO_TCP)
			st->tcp_pkts += dp0 + dp1;
		else if (s->proto == IPPROTO_UDP)
			st->udp_pkts += dp0 + dp1;
		else
			st->icmp_pkts += dp0 + dp1;
	}
	if (s->kind == DPS_CHILD) {
		dpk[0] = dp0;
		dpk[1] = dp1;
		db[0] = db0;
		db[1] = b[1] >= s->bytes[1] ? b[1] - s->bytes[1] : 0;
		dp_sip_account(dp, s, dpk, db);
	}
	memcpy(s->pkts, p, sizeof(p));
	memcpy(s->bytes, b, sizeof(b));
}

/* A connection ended (its DESTROY event, or gone from the dump after an
 * event overrun): the ALG's flow state (SIP over TCP: the framers) ends
 * with the session. */
static void
sess_end(struct dp *dp, struct dp_sess *s)
{
	if (s->mark & DPM_L7)
		dp_sip_flow_end(dp, s);
	dp_sess_free(dp, s, true);
}

/* A marked connection the table does not hold yet. */
static struct dp_sess *
sess_from_ct(struct dp *dp, const struct nf_conntrack *ct, uint32_t mark,
    bool fresh)
{
	const struct zone_graph *g = dp->graph;
	const struct zone_params *gp;
	const struct dp_pcache *pc;
	struct dp_sess *s;
	unsigned zp = DPM_ZP(mark);
	int cl = DPM_CL(mark);
	const char *zn, *cn;

	if (g == NULL || zp == 0)
		return NULL;
	if ((s = dp_sess_new(dp, nfct_get_attr_u32(ct, ATTR_ID))) == NULL) {
		dp->drops[DPD_CREATE_FAIL]++;
		return NULL;
	}
	s->mark = mark;
	s->family = nfct_get_attr_u8(ct, ATTR_L3PROTO);
	s->proto = nfct_get_attr_u8(ct, ATTR_L4PROTO);
	if (s->family == AF_INET) {
		s->src.v4.s_addr = nfct_get_attr_u32(ct, ATTR_IPV4_SRC);
		s->dst.v4.s_addr = nfct_get_attr_u32(ct, ATTR_IPV4_DST);
	} else {
		memcpy(&s->src.v6, nfct_get_attr(ct, ATTR_IPV6_SRC), 16);
		memcpy(&s->dst.v6, nfct_get_attr(ct, ATTR_IPV6_DST), 16);
	}
	if (s->proto == IPPROTO_ICMP || s->proto == IPPROTO_ICMPV6) {
		s->sport = nfct_get_attr_u8(ct, ATTR_ICMP_TYPE);
		s->icmp_code = nfct_get_attr_u8(ct, ATTR_ICMP_CODE);
		s->icmp_id = ntohs(nfct_get_attr_u16(ct, ATTR_ICMP_ID));
	} else {
		s->sport = ntohs(nfct_get_attr_u16(ct, ATTR_PORT_SRC));
		s->dport = ntohs(nfct_get_attr_u16(ct, ATTR_PORT_DST));
	}
	s->kind = (mark & DPM_CHILD) ? DPS_CHILD :
	    (mark & DPM_PASS)	     ? DPS_PASS :
				       DPS_INSPECT;
	if (s->kind == DPS_INSPECT)
		s->app = zone_app_of(g, s->proto, s->dport);
	if (s->kind == DPS_CHILD)
		s->pinhole = dp_sip_child_of(dp, s);
	pc = dp_pcache_get(dp, zp, cl);
	if (pc != NULL) {
		s->idle = s->proto == IPPROTO_TCP ? pc->idle[0] :
		    s->proto == IPPROTO_UDP	  ? pc->idle[1] :
						    pc->idle[2];
		s->synwait = pc->synwait;
		s->finwait = pc->finwait;
		s->audit = pc->audit;
		s->cs = pc->cs;
		s->udp_halfopen = pc->udp_halfopen;
		if (s->app == ZONE_APP_DNS && pc->dns_timeout != 0)
			s->idle = pc->dns_timeout;
	} else if ((gp = zone_global_params(g)) != NULL) {
		/* rebuilt after a restart: the global parameters */
		s->idle = s->proto == IPPROTO_TCP ? gp->tcp_idle :
		    s->proto == IPPROTO_UDP	  ? gp->udp_idle :
						    gp->icmp_idle;
		s->synwait = gp->tcp_synwait;
		s->finwait = gp->tcp_finwait;
		s->audit = gp->audit_trail;
	}
	if (s->cs == NULL && (zn = zone_zp_name(g, zp)) != NULL &&
	    (cn = zone_class_name(g, zp, cl)) != NULL)
		s->cs = dp_cstats_get(dp, zn, cn);
	s->state = sess_state_of(ct, s->proto);
	if (s->kind == DPS_PASS) {
		sess_acct(dp, s, ct);
		return s;
	}
	/* count the state (dp_sess_set_state counts transitions only) */
	s->state = DPS_HALFOPEN;
	dp_sess_count(dp, s, 1);
	dp_sess_set_state(dp, s, sess_state_of(ct, s->proto));
	if (fresh && s->cs != NULL) {
		s->cs->s.sessions_created++;
		s->cs->s.last_created = time(NULL);
		s->cs->minute_created++;
		s->cs->minute[dp->minute_pos]++;
		s->cs->minute_total++;
		if (s->cs->pending > 0)
			s->cs->pending--;
		if (dp->pending > 0)
			dp->pending--;
		dp_sess_audit_start(dp, s);
	}
	log_dbg(DBG_PMAP_EVENTS,
	    "FW: session 0x%08X %s (zone-pair %s "
	    "class %s)",
	    s->ct_id, fresh ? "created" : "rebuilt", s->cs ? s->cs->zp : "-",
	    s->cs ? s->cs->cls : "-");
	sess_acct(dp, s, ct);
	return s;
}

static int
event_cb(enum nf_conntrack_msg_type type, struct nf_conntrack *ct, void *arg)
{
	struct dp *dp = arg;
	struct dp_sess *s;
	uint32_t mark = nfct_get_attr_u32(ct, ATTR_MARK) & DPM_SAVE;

	if (!(mark & DPM_ZB) || DPM_ZP(mark) == 0)
		return NFCT_CB_CONTINUE;
	s = dp_sess_find(dp, nfct_get_attr_u32(ct, ATTR_ID));
	switch (type) {
	case NFCT_T_NEW:
	case NFCT_T_UPDATE:
		if (s == NULL)
			s = sess_from_ct(dp, ct, mark, true);
		else {
			s->mark = mark;
			if (s->kind != DPS_PASS)
				dp_sess_set_state(dp, s,
				    sess_state_of(ct, s->proto));
			sess_acct(dp, s, ct);
		}
		break;
	case NFCT_T_DESTROY:
		if (s != NULL) {
			sess_acct(dp, s, ct);
			sess_end(dp, s);
		}
		break;
	default:
		break;
	}
	return NFCT_CB_CONTINUE;
}

static int
ev_msg_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dp *dp = arg;
	struct nf_conntrack *ct = dp->ct_obj;
	enum nf_conntrack_msg_type type;

	switch (nlh->nlmsg_type & 0xff) {
	case IPCTNL_MSG_CT_NEW:
		type = (nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL)) ?
		    NFCT_T_NEW :
		    NFCT_T_UPDATE;
		break;
	case IPCTNL_MSG_CT_DELETE:
		type = NFCT_T_DESTROY;
		break;
	default:
		return MNL_CB_OK;
	}
	nfct_copy(ct, dp->ct_empty, NFCT_CP_OVERRIDE);
	if (nfct_nlmsg_parse(nlh, ct) < 0)
		return MNL_CB_OK;
	event_cb(type, ct, dp);
	return MNL_CB_OK;
}

/*
 * Events in batches (recvmmsg, one syscall for up to CT_VEC messages):
 * at thousands of new connections a second, one recv per event is most
 * of the daemon's time.  An overrun (ENOBUFS) is repaired by the next
 * sweep's dump.
 */
static void
ct_read(evutil_socket_t fd, short ev, void *arg)
{
	struct dp *dp = arg;
	struct mmsghdr msgs[CT_VEC];
	struct iovec iov[CT_VEC];
	int i, n, round;

	for (round = 0; round < 16; round++) {
		if ((n = dp_recv_batch(fd, dp->ct_rxbuf, CT_BUFSZ, CT_VEC, msgs,
			 iov)) < 0) {
			if (n == -ENOBUFS) {
				dp->ct_resync = true;
				continue;
			}
			return;
		}
		for (i = 0; i < n; i++)
			mnl_cb_run(iov[i].iov_base, msgs[i].msg_len, 0, 0,
			    ev_msg_cb, dp);
		if (n < CT_VEC)
			return;
	}
}

static struct nf_conntrack *
sess_tuple(const struct dp_sess *s)
{
	struct nf_conntrack *ct = nfct_new();

	if (ct == NULL)
		return NULL;
	nfct_set_attr_u8(ct, ATTR_L3PROTO, s->family);
	if (s->family == AF_INET) {
		nfct_set_attr_u32(ct, ATTR_IPV4_SRC, s->src.v4.s_addr);
		nfct_set_attr_u32(ct, ATTR_IPV4_DST, s->dst.v4.s_addr);
	} else {
		nfct_set_attr(ct, ATTR_IPV6_SRC, &s->src.v6);
		nfct_set_attr(ct, ATTR_IPV6_DST, &s->dst.v6);
	}
	nfct_set_attr_u8(ct, ATTR_L4PROTO, s->proto);
	if (s->proto == IPPROTO_ICMP || s->proto == IPPROTO_ICMPV6) {
		nfct_set_attr_u8(ct, ATTR_ICMP_TYPE, s->sport);
		nfct_set_attr_u8(ct, ATTR_ICMP_CODE, s->icmp_code);
		nfct_set_attr_u16(ct, ATTR_ICMP_ID, htons(s->icmp_id));
	} else {
		nfct_set_attr_u16(ct, ATTR_PORT_SRC, htons(s->sport));
		nfct_set_attr_u16(ct, ATTR_PORT_DST, htons(s->dport));
	}
	return ct;
}

int
dp_ct_delete(struct dp *dp, struct dp_sess *s)
{
	struct nf_conntrack *ct;
	int rc;

	if ((ct = sess_tuple(s)) == NULL)
		return -ENOMEM;
	rc = nfct_query(dp->ct_q, NFCT_Q_DESTROY, ct) < 0 ? -errno : 0;
	nfct_destroy(ct);
	return rc;
}

static int
ct_set_timeout(struct dp *dp, struct dp_sess *s, uint32_t secs)
{
	struct nf_conntrack *ct;
	int rc;

	if ((ct = sess_tuple(s)) == NULL)
		return -ENOMEM;
	/* the timeout only: the mark's other bits are other software's */
	nfct_set_attr_u32(ct, ATTR_TIMEOUT, secs);
	rc = nfct_query(dp->ct_q, NFCT_Q_UPDATE, ct) < 0 ? -errno : 0;
	nfct_destroy(ct);
	return rc;
}

/* Work found by the dump, done once it has finished. */
struct sweep {
	struct dp *dp;
	struct dp_sess **del;
	uint32_t *ext; /* extension for sess[i] */
	struct dp_sess **ext_s;
	size_t ndel, next, cap;
	size_t nomem; /* actions put off */
	time_t now;
};

/* Out of memory: -ENOMEM, and the action waits for the next sweep. */
static int
sweep_push(struct sweep *w, struct dp_sess *s, uint32_t ext)
{
	size_t n;
	void *p;

	if (w->ndel + w->next >= w->cap) {
		n = w->cap ? w->cap * 2 : 256;
		/* each array keeps its old block until all three have grown */
		if ((p = realloc(w->del, n * sizeof(*w->del))) == NULL)
			goto nomem;
		w->del = p;
		if ((p = realloc(w->ext_s, n * sizeof(*w->ext_s))) == NULL)
			goto nomem;
		w->ext_s = p;
		if ((p = realloc(w->ext, n * sizeof(*w->ext))) == NULL)
			goto nomem;
		w->ext = p;
		w->cap = n;
	}
	if (ext == 0)
		w->del[w->ndel++] = s;
	else {
		w->ext_s[w->next] = s;
		w->ext[w->next++] = ext;
	}
	return 0;
nomem:
	w->dp->sweep_nomem++;
	w->nomem++;
	return -ENOMEM;
}

static int
dump_cb(enum nf_conntrack_msg_type type, struct nf_conntrack *ct, void *arg)
{
	struct sweep *w = arg;
	struct dp *dp = w->dp;
	struct dp_sess *s;
	uint32_t mark = nfct_get_attr_u32(ct, ATTR_MARK) & DPM_SAVE, left, kt;
	time_t idle;

	if (!(mark & DPM_ZB) || DPM_ZP(mark) == 0)
		return NFCT_CB_CONTINUE;
	if ((s = dp_sess_find(dp, nfct_get_attr_u32(ct, ATTR_ID))) == NULL &&
	    (s = sess_from_ct(dp, ct, mark, false)) == NULL)
		return NFCT_CB_CONTINUE;
	s->gen = dp->gen;
	s->mark = mark;
	sess_acct(dp, s, ct);
	if (s->kind == DPS_PASS)
		return NFCT_CB_CONTINUE;
	dp_sess_set_state(dp, s, sess_state_of(ct, s->proto));
	idle = w->now - s->heard;
	if (s->proto == IPPROTO_UDP && s->state == DPS_HALFOPEN &&
	    s->udp_halfopen != 0 &&
	    w->now - s->created >= (time_t)s->udp_halfopen) {
		(void)sweep_push(w, s, 0);
		return NFCT_CB_CONTINUE;
	}
	if (s->proto == IPPROTO_TCP && s->state == DPS_HALFOPEN &&
	    s->synwait != 0 && w->now - s->created >= (time_t)s->synwait) {
		(void)sweep_push(w, s, 0);
		return NFCT_CB_CONTINUE;
	}
	/* finwait: closing states the kernel keeps for long (not CLOSE, 10 s,
	 * the state of reset connections: the kernel ends those itself) */
	if (s->proto == IPPROTO_TCP && s->state == DPS_TERM &&
	    nfct_get_attr_u8(ct, ATTR_TCP_STATE) != TCP_CONNTRACK_CLOSE &&
	    w->now - s->state_since >= (time_t)s->finwait) {
		(void)sweep_push(w, s, 0);
		return NFCT_CB_CONTINUE;
	}
	if (s->idle != 0 && idle >= (time_t)s->idle) {
		(void)sweep_push(w, s, 0);
		return NFCT_CB_CONTINUE;
	}
	/* The kernel's own timeout may be shorter than the idle time the
	 * parameter-map asks for: extend it. */
	kt = nfct_attr_is_set(ct, ATTR_TIMEOUT) ?
	    nfct_get_attr_u32(ct, ATTR_TIMEOUT) :
	    0;
	left = s->idle != 0 ? s->idle - (uint32_t)idle : 0;
	if (s->state != DPS_TERM && left > kt + 2)
		(void)sweep_push(w, s, left);
	return NFCT_CB_CONTINUE;
}

int
dp_ct_sweep(struct dp *dp)
{
	struct nfct_filter_dump *fd;
	struct nfct_filter_dump_mark fm = { DPM_ZB, DPM_ZB };
	struct sweep w = { .dp = dp, .now = dp_now() };
	struct dp_sess *s, *n;
	size_t i;
	int rc;

	if (dp->ct_q == NULL)
		return -ENOTCONN;
	dp->gen++;
	if ((fd = nfct_filter_dump_create()) == NULL)
		return -ENOMEM;
	nfct_filter_dump_set_attr(fd, NFCT_FILTER_DUMP_MARK, &fm);
	nfct_callback_register(dp->ct_q, NFCT_T_ALL, dump_cb, &w);
	rc = nfct_query(dp->ct_q, NFCT_Q_DUMP_FILTER, fd) < 0 ? -errno : 0;
	nfct_callback_unregister(dp->ct_q);
	nfct_filter_dump_destroy(fd);
	if (rc < 0) {
		log_warn("dataplane: conntrack dump");
		free(w.del);
		free(w.ext);
		free(w.ext_s);
		return rc;
	}
	/* gone without an event (overrun): end them as their event would */
	for (i = 0; i < dp->hsize; i++)
		for (s = dp->htab[i]; s != NULL; s = n) {
			n = s->hnext;
			if (s->gen != dp->gen)
				sess_end(dp, s);
		}
	for (i = 0; i < w.ndel; i++) {
		log_dbg(DBG_PMAP_EVENTS, "FW: session 0x%08X timed out",
		    w.del[i]->ct_id);
		dp_ct_delete(dp, w.del[i]);
	}
	for (i = 0; i < w.next; i++)
		ct_set_timeout(dp, w.ext_s[i], w.ext[i]);
	free(w.del);
	free(w.ext);
	free(w.ext_s);
	if (w.nomem > 0)
		log_warnx("dataplane: out of memory: %zu session timer "
			  "actions put off to the next sweep (%llu so far)",
		    w.nomem, (unsigned long long)dp->sweep_nomem);
	dp->ct_resync = false;
	if (dp->alert_on && dp->halfopen < dp->alert_low) {
		dp->alert_on = false;
		if (dp->alert_log)
			log_fw(4, "ALERT_OFF",
			    "calming down, count (%u/%u) "
			    "current 1-min rate: 0",
			    dp->halfopen, dp->alert_low);
	}
	return 0;
}

/*
 * max-incomplete counts half-open sessions: follow TCP state changes as
 * they happen (UPDATE events) from the first verdict that needs them.
 */
void
dp_ct_want_updates(struct dp *dp)
{
	int g = NFNLGRP_CONNTRACK_UPDATE;

	if (dp->ct_updates || dp->ct_ev == NULL)
		return;
	if (setsockopt(nfct_fd(dp->ct_ev), SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		&g, sizeof(g)) < 0) {
		log_warn("dataplane: conntrack update events");
		return;
	}
	dp->ct_updates = true;
}

int
dp_ct_open(struct dp *dp)
{
	int fd;

	dp->ct_q = nfct_open(CONNTRACK, 0);
	/* No UPDATE events by default: the kernel's cost of generating four
	 * events per short connection halves the new-connection rate; states
	 * come from the sweep (dp_ct_want_updates() when precision counts). */
	dp->ct_ev = nfct_open(CONNTRACK,
	    NF_NETLINK_CONNTRACK_NEW | NF_NETLINK_CONNTRACK_DESTROY);
	if (dp->ct_q == NULL || dp->ct_ev == NULL)
		return -errno;
	nfnl_rcvbufsiz(nfct_nfnlh(dp->ct_ev), CT_RCVBUF);
	dp->ct_rxbuf = malloc((size_t)CT_VEC * CT_BUFSZ);
	dp->ct_obj = nfct_new();
	dp->ct_empty = nfct_new();
	if (dp->ct_rxbuf == NULL || dp->ct_obj == NULL || dp->ct_empty == NULL)
		return -ENOMEM;
	fd = nfct_fd(dp->ct_ev);
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
		return -errno;
	dp->ev_ct = event_new(dp->evb, fd, EV_READ | EV_PERSIST, ct_read, dp);
	if (dp->ev_ct == NULL || event_add(dp->ev_ct, NULL) < 0)
		return -ENOMEM;
	return 0;
}

void
dp_ct_close(struct dp *dp)
{
	if (dp->ev_ct != NULL)
		event_free(dp->ev_ct);
	if (dp->ct_ev != NULL)
		nfct_close(dp->ct_ev);
	if (dp->ct_q != NULL)
		nfct_close(dp->ct_q);
	if (dp->ct_obj != NULL)
		nfct_destroy(dp->ct_obj);
	if (dp->ct_empty != NULL)
		nfct_destroy(dp->ct_empty);
	free(dp->ct_rxbuf);
	dp->ct_rxbuf = NULL;
	dp->ct_obj = dp->ct_empty = NULL;
	dp->ev_ct = NULL;
	dp->ct_ev = dp->ct_q = NULL;
}
