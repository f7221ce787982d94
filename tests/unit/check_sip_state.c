/*
 * The ALG's saved state (alg/sip_state.h): a populated ALG (calls,
 * pinholes, registrations, a TCP stream with a partial message) saved and
 * loaded into a fresh one shows the same and goes on where it stopped; a
 * corrupted, truncated, wrong-version or wrongly keyed stream is refused
 * whole (the intact one loads); a TCP stream resumes only on the same
 * connection and only at its saved position; what the configuration no
 * longer inspects is dropped and its pinholes closed.
 */
#include <time.h>

#include "alg/sip_int.h"
#include "alg/sip_state.h"
#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "tests/unit/check_sip_fake.h"

#define CALLER "192.0.2.10"
#define CALLEE "198.51.100.20"
#define REGISTRAR "198.51.100.5"
#define ISN 4000000000u /* wraps inside the tests */
#define RISN 123456u
#define WALL 1800000000000ull /* wall clock of the save, ms */
#define CT_ID 0x1234u	      /* the TCP connection's conntrack id */

static uint64_t
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- the dataplane's side of a save and a load ---- */

static unsigned restored, conn_calls;
static uint32_t conn_now = CT_ID;
static bool inspect_all = true;
static int inspect_port; /* > 0: only what has this port both ends */

static int
st_ph_save(void *arg, const struct sip_pinhole *p, uint8_t *buf, size_t cap)
{
	(void)arg;
	ck_assert_uint_ge(cap, 8);
	memcpy(buf, &p->id, 8); /* the attachment names its pinhole */
	return 8;
}

/* The fake "dataplane" gets the pinhole back (as fake_open records). */
static int
st_ph_restore(void *arg, const struct sip_pinhole *p, const uint8_t *blob,
    size_t len)
{
	uint64_t id;

	(void)arg;
	ck_assert_uint_eq(len, 8);
	memcpy(&id, blob, 8);
	ck_assert_uint_eq(id, p->id);
	restored++;
	snprintf(F.callid[F.nopen], sizeof(F.callid[0]), "%s", p->call_id);
	F.open[F.nopen++] = *p;
	return 0;
}

static int
st_conn_id(void *arg, uint8_t proto, const struct sip_addr *a, uint16_t ap,
    const struct sip_addr *b, uint16_t bp, uint32_t *id)
{
	(void)arg;
	(void)a;
	(void)b;
	ck_assert_uint_eq(proto, IPPROTO_TCP);
	conn_calls++;
	/* the registration's connection only */
	if (conn_now == 0 || ap != 40123 || bp != 5060)
		return -ENOENT;
	*id = conn_now;
	return 0;
}

static bool
st_inspects(void *arg, uint8_t proto, const struct sip_addr *src,
    uint16_t sport, int sz, const struct sip_addr *dst, uint16_t dport, int dz)
{
	(void)arg;
	(void)proto;
	(void)src;
	(void)sport;
	(void)dst;
	(void)dport;
	(void)sz;
	(void)dz;
	if (inspect_port > 0)
		return sport == inspect_port || dport == inspect_port;
	if (inspect_port < 0)
		return sport == -inspect_port && dport == -inspect_port;
	return inspect_all;
}

static const struct sip_state_ops sops = {
	.ph_save = st_ph_save,
	.ph_restore = st_ph_restore,
	.conn_id = st_conn_id,
	.inspects = st_inspects,
};

/* ---- packets ---- */

static struct sip_verdict
seg(struct sip_alg *alg, bool reply, uint8_t flags, uint32_t seq,
    const char *data, uint64_t now)
{
	struct sip_pkt p;
	struct sip_verdict v;
	size_t len = strlen(data);

	memset(&p, 0, sizeof(p));
	p.src = A(reply ? REGISTRAR : CALLER);
	p.dst = A(reply ? CALLER : REGISTRAR);
	p.sport = reply ? 5060 : 40123;
	p.dport = reply ? 40123 : 5060;
	p.proto = IPPROTO_TCP;
	p.tcp_flags = flags;
	p.seq = seq;
	p.dir = reply ? SIP_DIR_REPLY : SIP_DIR_ORIG;
	p.src_zone = reply ? ZONE_OUT : ZONE_IN;
	p.dst_zone = reply ? ZONE_IN : ZONE_OUT;
	p.payload = (const uint8_t *)data;
	p.len = len;
	sip_alg_packet(alg, &p, now, &v);
	return v;
}

static char *
reg_msg(const char *callid, unsigned cseq)
{
	return sipmsg("REGISTER sip:example.net SIP/2.0", callid, "t1", NULL,
	    cseq, "REGISTER",
	    "Contact: <sip:alice@192.0.2.10:40123;transport=tcp>\r\n", NULL);
}

static char *
reg_ok(const char *callid, unsigned cseq)
{
	return sipmsg("SIP/2.0 200 OK", callid, "t1", "r1", cseq, "REGISTER",
	    "Contact: <sip:alice@192.0.2.10:40123;transport=tcp>"
	    ";expires=600\r\n",
	    NULL);
}

/* Bytes of the orig direction sent so far, after the ISN. */
static uint32_t sent;
static char half[4096];

/*
 * An ALG with an answered call (media, accounted), an unanswered one
 * (a pinhole to any source of the callee's zone), a TCP registration
 * (bound: a signalling pinhole) whose stream ends in half a REGISTER.
 */
static struct sip_alg *
populate(uint64_t t)
{
	struct sip_alg *a = fake_alg();
	const char *m;

	ck_assert_ptr_nonnull(a);
	udp(a, CALLER, CALLEE,
	    sipmsg("INVITE sip:bob@198.51.100.20 SIP/2.0", "st-1", "a1", NULL,
		1, "INVITE", "Contact: <sip:alice@192.0.2.10:5062>\r\n",
		sdp4(CALLER, 40000, NULL)),
	    t, NULL);
	udp(a, CALLEE, CALLER,
	    sipmsg("SIP/2.0 200 OK", "st-1", "a1", "b1", 1, "INVITE",
		"Contact: <sip:bob@198.51.100.20:5064>\r\n",
		sdp4(CALLEE, 50000, NULL)),
	    t, NULL);
	udp(a, CALLER, CALLEE,
	    sipmsg("INVITE sip:bob@198.51.100.20 SIP/2.0", "st-2", "a2", NULL,
		1, "INVITE", NULL, sdp4(CALLER, 41000, NULL)),
	    t, NULL);
	ck_assert_uint_eq(sip_alg_ncalls(a), 2);
	fake_account(a, F.open[0].id, 7000, 10, 1720, 12, 2064, t);
	/* the TCP registration */
	ck_assert_int_eq(seg(a, false, SIP_TCP_SYN, ISN, "", t).action,
	    SIP_PASS);
	ck_assert_int_eq(seg(a, true, SIP_TCP_SYN, RISN, "", t).action,
	    SIP_PASS);
	m = reg_msg("st-r1", 1);
	ck_assert_uint_eq(seg(a, false, 0, ISN + 1, m, t).msgs, 1);
	sent = (uint32_t)strlen(m);
	m = reg_ok("st-r1", 1);
	ck_assert_uint_eq(seg(a, true, 0, RISN + 1, m, t).msgs, 1);
	ck_assert_uint_eq(sip_alg_nregistrations(a), 1);
	/* half of the refresh: the framer keeps a partial message */
	snprintf(half, sizeof(half), "%s", reg_msg("st-r1", 2));
	half[strlen(half) / 2] = '\0';
	ck_assert_uint_eq(seg(a, false, 0, ISN + 1 + sent, half, t).msgs, 0);
	sent += (uint32_t)strlen(half);
	ck_assert_uint_ge(F.nopen, 5);
	return a;
}

/* The old ALG after a load: the fake's records are the new one's now. */
static void
forget(struct sip_alg *a)
{
	a->ops.close_pinhole = NULL;
	sip_alg_free(a);
}

static void
save(struct sip_alg *a, uint64_t base, struct buf *b)
{
	buf_init(b);
	ck_assert_int_eq(sip_state_save(a, &sops, base, WALL, NULL, b), 0);
	ck_assert_uint_gt(b->len, 48 + 8);
}

/* ---- show through a CLI session ---- */

static struct cli *reg;
static struct sip_cli_ctx ctx;
static struct cli_session *sess;

static char *
show(struct sip_alg *a, const char *line)
{
	struct buf out;

	ctx.alg = a;
	buf_init(&out);
	cli_session_line(sess, line, &out);
	buf_putc(&out, '\0');
	return out.p;
}

static void
setup(void)
{
	restored = conn_calls = 0;
	conn_now = CT_ID;
	inspect_all = true;
	inspect_port = 0;
	ck_assert_ptr_nonnull(reg = cli_new());
	cli_builtin_init(reg);
	memset(&ctx, 0, sizeof(ctx));
	sip_cli_config_init(reg, &ctx);
	sip_cli_init(reg, &ctx);
	sess = cli_session_new(reg, CLI_ORIGIN_CONSOLE, NULL, NULL);
	cli_session_set_priv(sess, 15);
	cli_session_set_mode(sess, CLI_MODE_PRIV);
}

static void
teardown(void)
{
	cli_session_free(sess);
	cli_free(reg);
}

/* What a restart may not change: every call, dialog, pinhole,
 * registration and stream, field by field. */
static void
same_state(const struct sip_alg *x, const struct sip_alg *y, int64_t dt)
{
	const struct sip_call *c, *d;
	const struct sip_tcp_flow *f = x->flows, *g = y->flows;

	ck_assert_uint_eq(x->ncalls, y->ncalls);
	ck_assert_uint_eq(x->nph, y->nph);
	ck_assert_uint_eq(x->nregs, y->nregs);
	ck_assert_uint_eq(x->nflows, y->nflows);
	ck_assert_uint_eq(x->next_ph_id, y->next_ph_id);
	for (c = x->calls; c != NULL; c = c->lnext) {
		const struct sip_ph *h, *k;

		for (d = y->calls; d != NULL; d = d->lnext)
			if (strcmp(d->callid, c->callid) == 0)
				break;
		ck_assert_ptr_nonnull(d);
		ck_assert_int_eq(c->state, d->state);
		ck_assert_str_eq(c->tag, d->tag);
		ck_assert_str_eq(c->from, d->from);
		ck_assert_int_eq((int64_t)d->expire_ms - (int64_t)c->expire_ms,
		    dt);
		ck_assert_uint_eq(c->ndlg, d->ndlg);
		for (unsigned i = 0; i < c->ndlg; i++) {
			ck_assert_str_eq(c->dlg[i]->tag, d->dlg[i]->tag);
			ck_assert_int_eq(c->dlg[i]->confirmed,
			    d->dlg[i]->confirmed);
			ck_assert_int_eq(memcmp(&c->dlg[i]->contact,
					     &d->dlg[i]->contact,
					     sizeof(struct sip_addr)),
			    0);
		}
		ck_assert_int_eq(c->media == NULL, d->media == NULL);
		if (c->media != NULL)
			ck_assert_int_eq(
			    memcmp(c->media, d->media,
				sizeof(*c->media) +
				    c->media->n * sizeof(c->media->m[0])),
			    0);
		ck_assert_uint_eq(c->nph, d->nph);
		for (h = c->ph; h != NULL; h = h->cnext) {
			for (k = d->ph; k != NULL; k = k->cnext)
				if (k->pub.id == h->pub.id)
					break;
			ck_assert_ptr_nonnull(k);
			ck_assert_int_eq(memcmp(&h->pub.dst, &k->pub.dst,
					     sizeof(h->pub.dst)),
			    0);
			ck_assert_int_eq(h->pub.src_any, k->pub.src_any);
			ck_assert_uint_eq(h->pub.dport, k->pub.dport);
			ck_assert_uint_eq(h->conns, k->conns);
		}
		ck_assert_uint_eq(c->nmf, d->nmf);
	}
	ck_assert_str_eq(x->regs->callid, y->regs->callid);
	ck_assert_int_eq(
	    (int64_t)y->regs->expire_ms - (int64_t)x->regs->expire_ms, dt);
	ck_assert_ptr_nonnull(y->regs->ph);
	ck_assert_uint_eq(x->regs->ph->pub.id, y->regs->ph->pub.id);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(g);
	for (int i = 0; i < 2; i++) {
		ck_assert_uint_eq(f->fr[i].next, g->fr[i].next);
		ck_assert_uint_eq(f->fr[i].isn, g->fr[i].isn);
		ck_assert_uint_eq(f->fr[i].tail_len, g->fr[i].tail_len);
		ck_assert_int_eq(
		    memcmp(f->fr[i].tail, g->fr[i].tail, f->fr[i].tail_len), 0);
		ck_assert_int_eq(f->fr[i].broken, g->fr[i].broken);
	}
}

START_TEST(t_round_trip)
{
	uint64_t t = mono();
	struct sip_alg *a = populate(t), *b;
	struct sip_state_result res;
	unsigned nopen_a = F.nopen, closed;
	char *calls_a, *regs_a, *calls_b, *regs_b, *calls_a2, *regs_a2;
	struct buf st, st2;
	const char *m;

	calls_a = show(a, "show sip-alg calls detail");
	regs_a = show(a, "show sip-alg registrations");
	save(a, t, &st);
	/* a second save of the unchanged state: the same bytes */
	save(a, t, &st2);
	ck_assert_uint_eq(st.len, st2.len);
	ck_assert_int_eq(memcmp(st.p, st2.p, st.len), 0);
	buf_free(&st2);

	/* the new daemon: the same clock, no time passed */
	b = sip_alg_new(&fake_ops, NULL);
	ck_assert_ptr_nonnull(b);
	F.nopen = 0;
	ck_assert_int_eq(sip_state_load(b, &sops, (uint8_t *)st.p, st.len, t,
			     WALL, NULL, &res),
	    0);
	ck_assert_uint_eq(res.calls, 2);
	ck_assert_uint_eq(res.registrations, 1);
	ck_assert_uint_eq(res.tcp_streams, 1);
	ck_assert_uint_eq(res.pinholes, nopen_a);
	ck_assert_uint_eq(res.calls_dropped + res.pinholes_dropped +
		res.registrations_dropped + res.tcp_streams_dropped,
	    0);
	ck_assert_uint_eq(restored, nopen_a);
	ck_assert_uint_eq(F.nopen, nopen_a);
	same_state(a, b, 0);
	calls_b = show(b, "show sip-alg calls detail");
	regs_b = show(b, "show sip-alg registrations");
	calls_a2 = show(a, "show sip-alg calls detail");
	regs_a2 = show(a, "show sip-alg registrations");
	/* the same, unless a second ticked between the shows */
	if (strcmp(calls_a, calls_b) != 0 && strcmp(calls_a2, calls_b) != 0) {
		fprintf(stderr, "before:\n%s\nafter:\n%s\n", calls_a, calls_b);
		ck_abort_msg("show sip-alg calls detail differs");
	}
	if (strcmp(regs_a, regs_b) != 0 && strcmp(regs_a2, regs_b) != 0) {
		fprintf(stderr, "before:\n%s\nafter:\n%s\n", regs_a, regs_b);
		ck_abort_msg("show sip-alg registrations differs");
	}
	ck_assert_ptr_nonnull(strstr(calls_b, "st-1"));
	ck_assert_ptr_nonnull(strstr(calls_b, "st-2"));
	{
		char *o = show(b, "show sip-alg statistics");

		ck_assert_ptr_nonnull(strstr(o, "TCP streams resumed"));
		free(o);
	}

	/* the TCP stream goes on at its boundary: the rest of the
	 * REGISTER completes the message the old ALG began */
	m = reg_msg("st-r1", 2);
	ck_assert_uint_eq(
	    seg(b, false, 0, ISN + 1 + sent, m + strlen(half), t).msgs, 1);
	ck_assert_uint_eq(b->st.msgs_tcp, 1);
	ck_assert_uint_eq(b->st.rs_resume_lost, 0);
	ck_assert_uint_eq(seg(b, true, 0,
			      RISN + 1 + (uint32_t)strlen(reg_ok("st-r1", 1)),
			      reg_ok("st-r1", 2), t)
			      .msgs,
	    1);
	ck_assert_uint_eq(b->st.msgs_tcp, 2);
	ck_assert_uint_eq(sip_alg_nregistrations(b), 1);

	/* the BYE after the restart closes the call's pinholes */
	ck_assert_uint_gt(count_call("st-1"), 0);
	closed = F.closed;
	udp(b, CALLER, CALLEE,
	    sipmsg("BYE sip:bob@198.51.100.20:5064 SIP/2.0", "st-1", "a1", "b1",
		2, "BYE", NULL, NULL),
	    t + 10, NULL);
	udp(b, CALLEE, CALLER,
	    sipmsg("SIP/2.0 200 OK", "st-1", "a1", "b1", 2, "BYE", NULL, NULL),
	    t + 10, NULL);
	ck_assert_uint_eq(count_call("st-1"), 0);
	ck_assert_uint_gt(F.closed, closed);
	/* (positive control) the other call's pinholes are still open */
	ck_assert_uint_gt(count_call("st-2"), 0);

	free(calls_a);
	free(calls_a2);
	free(regs_a2);
	free(regs_a);
	free(calls_b);
	free(regs_b);
	buf_free(&st);
	sip_alg_free(b);
	forget(a);
}
END_TEST

/* Deadlines keep their wall-clock time: 10 s passed between save and
 * load, on a monotonic clock that started again from another value. */
START_TEST(t_deadlines)
{
	uint64_t t = 5000000, t2 = 700000;
	struct sip_alg *a = populate(t), *b;
	struct sip_state_result res;
	struct buf st;

	save(a, t, &st);
	b = sip_alg_new(&fake_ops, NULL);
	F.nopen = 0;
	ck_assert_int_eq(sip_state_load(b, &sops, (uint8_t *)st.p, st.len, t2,
			     WALL + 10000, NULL, &res),
	    0);
	same_state(a, b, (int64_t)t2 - (int64_t)t - 10000);
	/* the registration (600 s) runs out 590 s after the load */
	sip_alg_expire(b, t2 + 589000);
	ck_assert_uint_eq(sip_alg_nregistrations(b), 1);
	sip_alg_expire(b, t2 + 590000);
	ck_assert_uint_eq(sip_alg_nregistrations(b), 0);
	buf_free(&st);
	sip_alg_free(b);
	forget(a);
}
END_TEST

static int
try_load(const uint8_t *p, size_t len, const struct siphash_key *key)
{
	struct sip_alg *b = sip_alg_new(&fake_ops, NULL);
	struct sip_state_result res;
	unsigned before = restored;
	int rc;

	F.nopen = 0;
	rc = sip_state_load(b, &sops, p, len, 1000, WALL, key, &res);
	if (rc < 0) {
		/* refused whole: nothing in the ALG, nothing attached */
		ck_assert_uint_eq(sip_alg_ncalls(b), 0);
		ck_assert_uint_eq(sip_alg_nregistrations(b), 0);
		ck_assert_uint_eq(b->nflows, 0);
		ck_assert_uint_eq(b->nph, 0);
		ck_assert_uint_eq(restored, before);
		ck_assert_uint_eq(b->st.rs_refused, 1);
	} else
		ck_assert_uint_eq(res.calls, 2);
	sip_alg_free(b);
	return rc;
}

START_TEST(t_refused)
{
	struct sip_alg *a = populate(1000);
	struct siphash_key k, other;
	struct buf st, ks;
	uint8_t *p;
	uint64_t mac;

	save(a, 1000, &st);
	p = malloc(st.len);
	/* (positive control) the intact stream loads */
	memcpy(p, st.p, st.len);
	ck_assert_int_eq(try_load(p, st.len, NULL), 0);
	/* one bit flipped anywhere: header, body, checksum */
	for (size_t off = 0; off < st.len; off += 7) {
		memcpy(p, st.p, st.len);
		p[off] ^= 0x10;
		ck_assert_int_lt(try_load(p, st.len, NULL), 0);
	}
	/* truncated, or with a byte more */
	memcpy(p, st.p, st.len);
	for (size_t len = 0; len < st.len; len += 13)
		ck_assert_int_eq(try_load(p, len, NULL), -EINVAL);
	p = realloc(p, st.len + 1);
	memcpy(p, st.p, st.len);
	p[st.len] = 0;
	ck_assert_int_eq(try_load(p, st.len + 1, NULL), -EINVAL);

	/* keyed (HA): the key it was written with loads, another not */
	siphash_key_bytes(&k, (const uint8_t *)"0123456789abcdef");
	siphash_key_bytes(&other, (const uint8_t *)"0123456789abcdeF");
	buf_init(&ks);
	ck_assert_int_eq(sip_state_save(a, &sops, 1000, WALL, &k, &ks), 0);
	ck_assert_int_eq(try_load((uint8_t *)ks.p, ks.len, &k), 0);
	ck_assert_int_eq(try_load((uint8_t *)ks.p, ks.len, &other), -EINVAL);
	ck_assert_int_eq(try_load((uint8_t *)ks.p, ks.len, NULL), -EINVAL);
	/* another version, correctly checksummed: refused as such */
	p = realloc(p, ks.len);
	memcpy(p, ks.p, ks.len);
	p[8] = SIP_STATE_VERSION + 1;
	mac = siphash24(&k, p, ks.len - 8);
	for (int i = 0; i < 8; i++)
		p[ks.len - 8 + i] = (uint8_t)(mac >> (8 * i));
	ck_assert_int_eq(try_load(p, ks.len, &k), -EPROTONOSUPPORT);
	/* a bad field under a good checksum (the registration's transport) */
	memcpy(p, ks.p, ks.len);
	{
		/* the first record (a registration): 2 strings, owner,
		 * created, expires, active, CSeq, Contact, port, proto */
		size_t off = 48;

		for (int i = 0; i < 2; i++)
			off += 2 + (size_t)(p[off] | p[off + 1] << 8);
		off += 17 + 8 + 8 + 1 + 4 + 17 + 2;
		ck_assert_uint_eq(p[off], IPPROTO_TCP);
		p[off] = 99;
	}
	mac = siphash24(&k, p, ks.len - 8);
	for (int i = 0; i < 8; i++)
		p[ks.len - 8 + i] = (uint8_t)(mac >> (8 * i));
	ck_assert_int_eq(try_load(p, ks.len, &k), -EINVAL);
	/* more than the table limits: refused, not half loaded */
	{
		struct sip_alg *b = sip_alg_new(&fake_ops, NULL);
		struct sip_alg_params par;
		struct sip_state_result res;

		sip_alg_get_params(b, &par);
		par.max_calls = 1;
		sip_alg_set_params(b, &par);
		F.nopen = 0;
		ck_assert_int_eq(sip_state_load(b, &sops, (uint8_t *)st.p,
				     st.len, 1000, WALL, NULL, &res),
		    -E2BIG);
		ck_assert_uint_eq(sip_alg_ncalls(b), 0);
		ck_assert_uint_eq(F.nopen, 0);
		sip_alg_free(b);
	}
	/* a load into an ALG that holds something already */
	{
		struct sip_state_result res;

		ck_assert_int_eq(sip_state_load(a, &sops, (uint8_t *)st.p,
				     st.len, 1000, WALL, NULL, &res),
		    -EBUSY);
	}
	free(p);
	buf_free(&st);
	buf_free(&ks);
	forget(a);
}
END_TEST

/* A TCP stream resumes only on the same connection, at its position. */
START_TEST(t_tcp_resume)
{
	struct sip_alg *a = populate(1000), *b;
	struct sip_state_result res;
	struct buf st;
	const char *m = reg_msg("st-r1", 2);

	save(a, 1000, &st);
	/* another connection on the tuple now: the stream is not resumed */
	conn_now = CT_ID + 1;
	b = sip_alg_new(&fake_ops, NULL);
	F.nopen = 0;
	ck_assert_int_eq(sip_state_load(b, &sops, (uint8_t *)st.p, st.len, 1000,
			     WALL, NULL, &res),
	    0);
	ck_assert_uint_eq(res.tcp_streams, 0);
	ck_assert_uint_eq(res.tcp_streams_dropped, 1);
	ck_assert_uint_eq(
	    seg(b, false, 0, ISN + 1 + sent, m + strlen(half), 1000).reason,
	    SIP_R_MIDSTREAM);
	ck_assert_uint_eq(b->st.msgs_tcp, 0);
	sip_alg_free(b);
	/* the connection is gone */
	conn_now = 0;
	b = sip_alg_new(&fake_ops, NULL);
	F.nopen = 0;
	ck_assert_int_eq(sip_state_load(b, &sops, (uint8_t *)st.p, st.len, 1000,
			     WALL, NULL, &res),
	    0);
	ck_assert_uint_eq(res.tcp_streams_dropped, 1);
	sip_alg_free(b);

	/* the same connection, but bytes passed after the saved position
	 * (a SIGKILL): the next segment starts after it, never parsed */
	conn_now = CT_ID;
	b = sip_alg_new(&fake_ops, NULL);
	F.nopen = 0;
	ck_assert_int_eq(sip_state_load(b, &sops, (uint8_t *)st.p, st.len, 1000,
			     WALL, NULL, &res),
	    0);
	ck_assert_uint_eq(res.tcp_streams, 1);
	ck_assert_uint_eq(
	    seg(b, false, 0, ISN + 1 + sent + 100, reg_msg("st-r1", 3), 1000)
		.reason,
	    SIP_R_MIDSTREAM);
	ck_assert_uint_eq(b->st.rs_resume_lost, 1);
	ck_assert_uint_eq(b->st.msgs_tcp, 0);
	/* ... and stays so, even at the old position */
	ck_assert_uint_eq(
	    seg(b, false, 0, ISN + 1 + sent, m + strlen(half), 1000).reason,
	    SIP_R_MIDSTREAM);
	ck_assert_uint_eq(b->st.msgs_tcp, 0);
	/* the other direction was not touched: it resumes (control) */
	ck_assert_uint_eq(seg(b, true, 0,
			      RISN + 1 + (uint32_t)strlen(reg_ok("st-r1", 1)),
			      reg_ok("st-r1", 2), 1000)
			      .msgs,
	    1);
	sip_alg_free(b);

	/* (positive control) a retransmission of saved bytes keeps the
	 * position, the segment at it resumes */
	b = sip_alg_new(&fake_ops, NULL);
	F.nopen = 0;
	ck_assert_int_eq(sip_state_load(b, &sops, (uint8_t *)st.p, st.len, 1000,
			     WALL, NULL, &res),
	    0);
	ck_assert_int_eq(
	    seg(b, false, 0, ISN + 1, reg_msg("st-r1", 1), 1000).action,
	    SIP_PASS);
	ck_assert_uint_eq(
	    seg(b, false, 0, ISN + 1 + sent, m + strlen(half), 1000).msgs, 1);
	ck_assert_uint_eq(b->st.rs_resume_lost, 0);
	sip_alg_free(b);
	buf_free(&st);
	forget(a);
}
END_TEST

/* What the configuration no longer inspects is dropped, and its
 * pinholes closed (their connections deleted by the dataplane). */
START_TEST(t_not_inspected)
{
	struct sip_alg *a = populate(1000), *b;
	struct sip_state_result res;
	struct buf st;
	unsigned n = F.nopen;

	save(a, 1000, &st);
	inspect_all = false;
	b = sip_alg_new(&fake_ops, NULL);
	F.nopen = 0;
	F.closed = 0;
	ck_assert_int_eq(sip_state_load(b, &sops, (uint8_t *)st.p, st.len, 1000,
			     WALL, NULL, &res),
	    0);
	ck_assert_uint_eq(res.calls, 0);
	ck_assert_uint_eq(res.calls_dropped, 2);
	ck_assert_uint_eq(res.registrations_dropped, 1);
	ck_assert_uint_eq(res.pinholes, 0);
	ck_assert_uint_eq(res.pinholes_dropped, n);
	ck_assert_uint_eq(sip_alg_ncalls(b), 0);
	ck_assert_uint_eq(sip_alg_nregistrations(b), 0);
	/* every one given back was closed again */
	ck_assert_uint_eq(restored, n);
	ck_assert_uint_eq(F.nopen, 0);
	ck_assert_uint_eq(F.closed, n);
	{
		char *o = show(b, "show sip-alg statistics");

		ck_assert_ptr_nonnull(
		    strstr(o, "calls dropped (not inspected, quota)"));
		free(o);
	}
	sip_alg_free(b);
	buf_free(&st);
	forget(a);
}
END_TEST

/* One TCP segment between any two parties (zones by the address). */
static struct sip_verdict
tseg(struct sip_alg *alg, const char *src, uint16_t sp, const char *dst,
    uint16_t dp, bool reply, uint8_t flags, uint32_t seq, const char *data)
{
	struct sip_pkt p;
	struct sip_verdict v;

	memset(&p, 0, sizeof(p));
	p.src = A(src);
	p.dst = A(dst);
	p.sport = sp;
	p.dport = dp;
	p.proto = IPPROTO_TCP;
	p.tcp_flags = flags;
	p.seq = seq;
	p.dir = reply ? SIP_DIR_REPLY : SIP_DIR_ORIG;
	p.src_zone = strncmp(src, "192.0.2.", 8) == 0 ? ZONE_IN : ZONE_OUT;
	p.dst_zone = strncmp(dst, "192.0.2.", 8) == 0 ? ZONE_IN : ZONE_OUT;
	p.payload = (const uint8_t *)data;
	p.len = strlen(data);
	sip_alg_packet(alg, &p, 1000, &v);
	return v;
}

/*
 * An inbound call that came in through a binding's pinhole (the registrar
 * connects from an ephemeral port to the phone's Contact): no zone-pair
 * inspects its tuple either way, the binding does; it is kept while its
 * registration is, dropped with it.
 */
START_TEST(t_binding_call)
{
	struct sip_alg *a = populate(1000), *b;
	struct sip_state_result res;
	struct buf st;
	const char *m;

	ck_assert_uint_eq(tseg(a, REGISTRAR, 33333, CALLER, 40123, false,
			      SIP_TCP_SYN, 7000, "")
			      .action,
	    SIP_PASS);
	ck_assert_uint_eq(tseg(a, CALLER, 40123, REGISTRAR, 33333, true,
			      SIP_TCP_SYN, 9000, "")
			      .action,
	    SIP_PASS);
	m = sipmsg("INVITE sip:alice@192.0.2.10:40123;transport=tcp SIP/2.0",
	    "st-in", "c1", NULL, 1, "INVITE", NULL,
	    sdp4(REGISTRAR, 44000, NULL));
	ck_assert_uint_eq(
	    tseg(a, REGISTRAR, 33333, CALLER, 40123, false, 0, 7001, m).msgs,
	    1);
	m = sipmsg("SIP/2.0 200 OK", "st-in", "c1", "d1", 1, "INVITE", NULL,
	    sdp4(CALLER, 45000, NULL));
	ck_assert_uint_eq(
	    tseg(a, CALLER, 40123, REGISTRAR, 33333, true, 0, 9001, m).msgs, 1);
	ck_assert_uint_eq(sip_alg_ncalls(a), 3);
	save(a, 1000, &st);

	/* SIP inspected on port 5060: the UDP calls and the REGISTER's
	 * connection, not the registrar's connection to the Contact */
	inspect_port = 5060;
	b = sip_alg_new(&fake_ops, NULL);
	F.nopen = 0;
	ck_assert_int_eq(sip_state_load(b, &sops, (uint8_t *)st.p, st.len, 1000,
			     WALL, NULL, &res),
	    0);
	ck_assert_uint_eq(res.registrations, 1);
	ck_assert_uint_eq(res.calls, 3);
	ck_assert_uint_eq(res.calls_dropped, 0);
	ck_assert_uint_gt(count_call("st-in"), 0);
	/* its connection is not the one conntrack has: not resumed */
	ck_assert_uint_eq(res.tcp_streams, 1);
	ck_assert_uint_eq(res.tcp_streams_dropped, 1);
	sip_alg_free(b);

	/* (control) the REGISTER's connection no longer inspected: the
	 * binding is dropped, and the call that came through it */
	inspect_port = -5060;
	b = sip_alg_new(&fake_ops, NULL);
	F.nopen = 0;
	F.closed = 0;
	ck_assert_int_eq(sip_state_load(b, &sops, (uint8_t *)st.p, st.len, 1000,
			     WALL, NULL, &res),
	    0);
	ck_assert_uint_eq(res.registrations_dropped, 1);
	ck_assert_uint_eq(res.calls, 2);
	ck_assert_uint_eq(res.calls_dropped, 1);
	ck_assert_uint_eq(count_call("st-in"), 0);
	ck_assert_uint_gt(count_call("st-1"), 0);
	sip_alg_free(b);
	buf_free(&st);
	forget(a);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("sip_state");
	TCase *tc = tcase_create("state");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_round_trip);
	tcase_add_test(tc, t_deadlines);
	tcase_add_test(tc, t_refused);
	tcase_add_test(tc, t_tcp_resume);
	tcase_add_test(tc, t_not_inspected);
	tcase_add_test(tc, t_binding_call);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}
