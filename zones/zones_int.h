/*
 * Internal to zones/: the configuration model's plain data and the helpers
 * the model, printer, compiler and command handlers share.  Objects are
 * kept in creation order (IOS prints them that way).
 */
#ifndef ZB_ZONES_INT_H
#define ZB_ZONES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "cli/cli.h"
#include "lib/buf.h"
#include "zones/policy.h"
#include "zones/zones.h"

#define ZC_NAME_MAX 64 /* longest object name accepted, NUL included */
#define ZC_ERR_MAX 256
#define ZC_NEST_MAX 8	  /* class-map nesting depth */
#define ZC_ZP_ID_MAX 2047 /* zone-pair ids fit the dataplane's mark */
#define ZC_CLASS_MAX 4094 /* classes per policy-map (class ids in marks) */
#define ZC_ACE_MAX 100000 /* entries per access list */

/* A model operation's error: the text after "% ". */
struct zc_err {
	char msg[ZC_ERR_MAX];
	char notice[ZC_ERR_MAX]; /* informational line, printed as is */
};
int zc_fail(struct zc_err *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Pointer vector in creation order.  For vectors of named objects (the
 * struct starts with its name[]) zc_vec_index builds a hash index on first
 * use, kept up to date by push and dropped by del. */
struct zc_vec {
	void **v;
	size_t n, cap;
	size_t *hidx; /* index + 1 per slot, 0 = empty */
	size_t hcap;
};
int zc_vec_push(struct zc_vec *, void *);
void zc_vec_del(struct zc_vec *, size_t i);
void zc_vec_free(struct zc_vec *);
long zc_vec_index(const struct zc_vec *, const char *name); /* -1 none */

/* A match counter shared by the model and every graph compiled from it. */
struct zc_ctr {
	unsigned refs;
	uint64_t hits;
};
struct zc_ctr *zc_ctr_new(void);
struct zc_ctr *zc_ctr_ref(struct zc_ctr *);
void zc_ctr_unref(struct zc_ctr *);

/* class-map type inspect */
enum zc_match_kind { ZM_PROTO, ZM_ACL_NUM, ZM_ACL_NAME, ZM_CMAP };
struct zc_match {
	enum zc_match_kind kind;
	char arg[ZC_NAME_MAX];
};
struct zc_cmap {
	char name[ZC_NAME_MAX];
	bool match_any;
	unsigned id; /* (id N) in show, creation order */
	char *descr;
	struct zc_match *m;
	size_t nm;
};

/* policy-map type inspect */
enum zc_action { ZA_NONE, ZA_INSPECT, ZA_PASS, ZA_DROP };
struct zc_class {
	char name[ZC_NAME_MAX]; /* class-map or "class-default" */
	enum zc_action action;
	bool log;
	char param[ZC_NAME_MAX]; /* inspect PARAM ("" none) */
	char *descr;
	char sip_policy[ZC_NAME_MAX]; /* service-policy sip ("" none) */
};
struct zc_pmap {
	char name[ZC_NAME_MAX];
	char *descr;
	struct zc_vec cls;   /* struct zc_class *, without default */
	struct zc_class def; /* class class-default */
	bool def_seen;	     /* `class class-default` typed */
};

/* parameter-map type inspect: values plus the ageout-times typed. */
struct zc_param {
	char name[ZC_NAME_MAX]; /* "global" for global */
	bool global;
	struct zone_params p;
	uint32_t tcp_idle_age, udp_idle_age, icmp_idle_age;
	uint32_t tcp_syn_age, tcp_fin_age, udp_half_age;
};
void zc_param_defaults(struct zone_params *);

struct zc_zone {
	char name[ZC_NAME_MAX]; /* "default" for the default zone */
	char *descr;
};
struct zc_zpair {
	char name[ZC_NAME_MAX];
	char src[ZC_NAME_MAX], dst[ZC_NAME_MAX];
	char *descr;
	char policy[ZC_NAME_MAX]; /* "" none */
	int id;
};
struct zc_iface {
	char conf[ZC_NAME_MAX]; /* GigabitEthernet0/0/0 or eth0 */
	char linux_name[ZC_NAME_MAX];
	char *descr;
	char zone[ZC_NAME_MAX]; /* "" none */
};

/* Access lists. */
enum zc_acl_type { ZACL_STD, ZACL_EXT, ZACL_V6 };
enum zc_port_op { ZP_ANY, ZP_EQ, ZP_NEQ, ZP_LT, ZP_GT, ZP_RANGE };
#define ZC_PORTS_MAX 10 /* ports after eq/neq, as IOS allows */
struct zc_portspec {
	enum zc_port_op op;
	uint16_t lo, hi;
	uint8_t nmore; /* eq/neq: more ports */
	uint16_t more[ZC_PORTS_MAX - 1];
};
struct zc_addr {
	int family;
	struct in6_addr a; /* v4 in the first 4 bytes */
	struct in6_addr
	    m; /* v4: wildcard bits; v6: prefix length in m.s6_addr[0] */
	bool any, host;
};
struct zc_ace {
	unsigned seq;
	bool permit;
	int proto; /* -1: ip/ipv6 (any) */
	struct zc_addr src, dst;
	struct zc_portspec sport, dport;
	bool log;
	struct zc_ctr *ctr;
	char *remark; /* a `remark` line: matches nothing */
};
struct zc_ace_set;
struct zc_acl {
	char name[ZC_NAME_MAX];
	enum zc_acl_type type;
	bool numbered;
	struct zc_vec ace;  /* struct zc_ace *, sorted by seq */
	struct zc_ace **ht; /* content hash (duplicates), or NULL */
	size_t htcap;
	/* Bumped by every change of the entries; the compiler reuses the
	 * entry set it compiled at the same generation (compile.c). */
	uint64_t gen;
	struct zc_ace_set *compiled;
	uint64_t compiled_gen;
};
/* Drop a reference to a compiled entry set (NULL: nothing). */
void zc_ace_set_unref(struct zc_ace_set *);

/* ip port-map */
struct zc_pam {
	enum zone_app app;
	uint8_t proto; /* IPPROTO_TCP / IPPROTO_UDP */
	uint16_t port;
};

struct zone_cfg {
	struct zc_vec cmaps, pmaps, params, zones, zpairs, ifaces, acls;
	struct zc_pam *pam;
	size_t npam;
	unsigned next_cmap_id;
	const struct zone_stats_ops *stats; /* NULL: no dataplane */
	void *stats_arg;
	struct zc_l7 *l7; /* Layer 7 SIP (sip_l7_int.h), NULL: none yet */
};

/* Lookups (NULL when absent). */
struct zc_cmap *zc_cmap_find(const struct zone_cfg *, const char *);
struct zc_pmap *zc_pmap_find(const struct zone_cfg *, const char *);
struct zc_param *zc_param_find(const struct zone_cfg *, const char *);
struct zc_zone *zc_zone_find(const struct zone_cfg *, const char *);
struct zc_zpair *zc_zpair_find(const struct zone_cfg *, const char *);
struct zc_iface *zc_iface_find(const struct zone_cfg *, const char *conf);
struct zc_acl *zc_acl_find(const struct zone_cfg *, const char *);
struct zc_class *zc_class_find(struct zc_pmap *, const char *);
int zc_name_ok(const char *, struct zc_err *);
int zc_set_str(char **, const char *);

/* Model operations: 0, or -1 with e->msg set.  Used by the command rows
 * and directly by the unit tests. */
int zc_cmap_enter(struct zone_cfg *, const char *name, int match_any,
    struct zc_err *); /* match_any: -1 unspecified */
int zc_cmap_del(struct zone_cfg *, const char *, struct zc_err *);
int zc_cmap_match(struct zone_cfg *, const char *cmap, bool no,
    enum zc_match_kind, const char *arg, struct zc_err *);
int zc_cmap_descr(struct zone_cfg *, const char *, const char *,
    struct zc_err *);

int zc_pmap_enter(struct zone_cfg *, const char *, struct zc_err *);
int zc_pmap_del(struct zone_cfg *, const char *, struct zc_err *);
int zc_pmap_descr(struct zone_cfg *, const char *, const char *,
    struct zc_err *);
int zc_class_enter(struct zone_cfg *, const char *pmap, const char *cls,
    struct zc_err *);
int zc_class_del(struct zone_cfg *, const char *pmap, const char *cls,
    struct zc_err *);
int zc_class_action(struct zone_cfg *, const char *pmap, const char *cls,
    enum zc_action, bool log, const char *param, bool no, struct zc_err *);
int zc_class_descr(struct zone_cfg *, const char *pmap, const char *cls,
    const char *, struct zc_err *);

int zc_param_enter(struct zone_cfg *, const char *, struct zc_err *);
int zc_param_del(struct zone_cfg *, const char *, struct zc_err *);
const char *zc_param_canon(const char *); /* default/inspect-global -> global */

int zc_zone_enter(struct zone_cfg *, const char *, struct zc_err *);
int zc_zone_del(struct zone_cfg *, const char *, struct zc_err *);
int zc_zone_descr(struct zone_cfg *, const char *, const char *,
    struct zc_err *);
int zc_zpair_enter(struct zone_cfg *, const char *, const char *src,
    const char *dst, struct zc_err *);
int zc_zpair_del(struct zone_cfg *, const char *, struct zc_err *);
int zc_zpair_descr(struct zone_cfg *, const char *, const char *,
    struct zc_err *);
int zc_zpair_policy(struct zone_cfg *, const char *, const char *pmap, bool no,
    struct zc_err *);

int zc_iface_enter(struct zone_cfg *, const char *typed, char *conf,
    size_t conflen, struct zc_err *);
int zc_iface_del(struct zone_cfg *, const char *conf, struct zc_err *);
int zc_iface_zone(struct zone_cfg *, const char *conf, const char *zone,
    bool no, struct zc_err *);
int zc_iface_descr(struct zone_cfg *, const char *, const char *,
    struct zc_err *);

/* Access lists: the model (acl.c), rows (acl_cmd.c), printer
 * (acl_print.c), matcher (acl_match.c), IOS names (acl_names.c). */
extern const char *const zc_acl_type_names[]; /* standard extended ipv6 */
int zc_acl_enter(struct zone_cfg *, const char *, enum zc_acl_type,
    bool numbered, struct zc_err *);
int zc_acl_del(struct zone_cfg *, const char *, struct zc_err *);
/* Add an entry (no: remove the same entry); the list takes ace->remark or
 * frees it.  has_seq: ace->seq was typed. */
int zc_acl_entry(struct zone_cfg *, const char *acl, struct zc_ace *ace,
    bool has_seq, bool no, struct zc_err *);
int zc_acl_del_seq(struct zone_cfg *, const char *acl, unsigned seq,
    struct zc_err *);
bool zc_ace_match(const struct zc_ace *, const struct zone_pkt *);
void zc_ace_print(const struct zc_ace *, enum zc_acl_type, bool show,
    struct buf *);
void zc_show_acl(const struct zc_acl *, struct buf *);
void zc_acl_free(struct zc_acl *);
/* The NAME:@type tokens of the entry grammar; register before the rows. */
extern const struct cli_type zc_ip_proto, zc_ipv6_proto, zc_tcp_port,
    zc_udp_port, zc_icmp_type, zc_icmp6_type;
void zc_acl_types_register(struct cli *);
const char *zc_type_name(const struct cli_type *, long long val); /* NULL */

int zc_pam_set(struct zone_cfg *, const char *app, const char *proto,
    unsigned port, bool no, struct zc_err *);
enum zone_app zc_app_by_name(const char *);
enum zone_app zc_app_default(uint8_t proto, uint16_t port);
bool zc_proto_name_ok(const char *);	   /* match protocol P */
extern const char *const zc_proto_names[]; /* NULL-terminated */
/* A protocol known by its port only: 1 tcp | 2 udp, and the port. */
int zc_fixed_proto(const char *, unsigned *tcp_udp, uint16_t *port);
void zc_match_text(const struct zc_match *, bool show, struct buf *);

/* Printers. */
void zc_print_params(const struct zone_cfg *, struct buf *);
void zc_print_cmaps(const struct zone_cfg *, struct buf *);
void zc_print_pmaps(const struct zone_cfg *, struct buf *);
void zc_print_acls(const struct zone_cfg *, struct buf *);
void zc_print_pam(const struct zone_cfg *, struct buf *);
void zc_print_zones(const struct zone_cfg *, struct buf *);
void zc_print_ifaces(const struct zone_cfg *, struct buf *);
/* One parameter-map in the `show parameter-map type inspect` layout
 * (m NULL: the built-in defaults). */
void zc_show_param(const char *name, const struct zc_param *m, struct buf *);

/* Command handler helpers: the model being edited; report e and return
 * CLI_OK / CLI_ERR for rc. */
struct cli_ctx;
struct zone_cfg *zc_cfg(struct cli_ctx *);
int zc_ret(struct cli_ctx *, int rc, const struct zc_err *);

/* Layer 7 SIP (sip_*.c; the model in sip_l7_int.h): printers, the show
 * lines under an L4 class, the clear of zone-pair zp's counters. */
struct zc_l7;
void zc_l7_free(struct zc_l7 *);
void zc_print_regexes(const struct zone_cfg *, struct buf *);
void zc_print_sipcmaps(const struct zone_cfg *, struct buf *);
void zc_print_sippmaps(const struct zone_cfg *, struct buf *);
void zc_show_l7(const struct zone_cfg *, const char *zp,
    const struct zc_class *, struct buf *);
void zc_l7_clear(struct zone_cfg *, const char *zp);

/* Per-file command tables, registered by zone_cli_init(). */

extern const struct cli_cmd zc_cmap_rows[], zc_pmap_rows[], zc_param_rows[],
    zc_zone_rows[], zc_iface_rows[], zc_acl_rows[], zc_pam_rows[],
    zc_show_zone_rows[], zc_show_pmap_rows[], zc_regex_rows[],
    zc_sipcmap_rows[], zc_sippmap_rows[], zc_sip_show_rows[];
extern const size_t zc_cmap_nrows, zc_pmap_nrows, zc_param_nrows, zc_zone_nrows,
    zc_iface_nrows, zc_acl_nrows, zc_pam_nrows, zc_show_zone_nrows,
    zc_show_pmap_nrows, zc_regex_nrows, zc_sipcmap_nrows, zc_sippmap_nrows,
    zc_sip_show_nrows;

/* Show bodies (also used by the unit tests); counters, sessions and
 * member states come from c->stats. */
void zc_show_zones(const struct zone_cfg *, const char *, struct buf *);
void zc_show_zpairs(const struct zone_cfg *, const char *src, const char *dst,
    struct buf *);
void zc_show_cmaps(const struct zone_cfg *, const char *, struct buf *);
void zc_show_pmaps(const struct zone_cfg *, const char *, struct buf *);
void zc_show_params(const struct zone_cfg *, const char *, struct buf *);
void zc_show_zp_policy(const struct zone_cfg *, const char *zp, bool sessions,
    struct buf *);
void zc_show_class_sessions(const struct zone_cfg *, const char *zp,
    const char *cls, struct buf *);

#endif
