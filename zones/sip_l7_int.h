/*
 * Internal to zones/: the Layer 7 SIP configuration (parameter-map type
 * regex, class-map / policy-map type inspect sip), its compile into
 * alg/sip_policy.h policies per (zone-pair, L4 class) and its counters.
 */
#ifndef ZB_SIP_L7_INT_H
#define ZB_SIP_L7_INT_H

#include "alg/sip_policy.h"
#include "zones/zones_int.h"

/* parameter-map type regex */
struct zc_regex {
	char name[ZC_NAME_MAX];
	char **pat; /* without the quotes */
	size_t n;
	struct sip_regex *compiled; /* built by the compile, NULL: stale */
};

/* one match line of a class-map type inspect sip */
struct zc_l7match {
	enum sip_l7_kind kind;
	bool negate;
	char method[16];
	char header[ZC_NAME_MAX];
	uint32_t n;
	char regex[ZC_NAME_MAX];
};
struct zc_sipcmap {
	char name[ZC_NAME_MAX];
	bool any;
	struct zc_l7match *m;
	size_t n;
};

/* a class of a policy-map type inspect sip; action -1: none (allow) */
struct zc_sipclass {
	char name[ZC_NAME_MAX];
	int action; /* enum sip_l7_action, -1 none */
	bool log;
	uint32_t rate; /* rate-limit N, 0: none */
	unsigned code; /* respond CODE */
};
struct zc_sippmap {
	char name[ZC_NAME_MAX];
	struct zc_vec cls; /* struct zc_sipclass * */
	struct zc_sipclass def;
	bool def_seen;
};

/* Counters of one L7 class of one attachment, shared by the model and
 * every graph compiled from it (so a commit does not reset them). */
struct zc_l7ctr {
	char name[4 * ZC_NAME_MAX]; /* zp / L4 class / L7 policy / L7 class */
	unsigned refs;
	struct sip_l7_ctr c;
};

struct zc_l7 {
	struct zc_vec regexes, cmaps, pmaps, ctrs;
};

/* c->l7, made on first use (NULL: out of memory) */
struct zc_l7 *zc_l7_get(struct zone_cfg *);
void zc_l7_free(struct zc_l7 *);
struct zc_regex *zc_regex_find(const struct zone_cfg *, const char *);
struct zc_sipcmap *zc_sipcmap_find(const struct zone_cfg *, const char *);
struct zc_sippmap *zc_sippmap_find(const struct zone_cfg *, const char *);
struct zc_l7ctr *zc_l7ctr_get(struct zone_cfg *, const char *zp, const char *l4,
    const char *pol, const char *cls);
void zc_l7ctr_unref(struct zc_l7ctr *);

/* Model operations (0, or -1 with e->msg), used by the rows and tests. */
int zc_regex_enter(struct zone_cfg *, const char *, struct zc_err *);
int zc_regex_del(struct zone_cfg *, const char *, struct zc_err *);
int zc_regex_pattern(struct zone_cfg *, const char *map, const char *pat,
    bool no, struct zc_err *);
int zc_sipcmap_enter(struct zone_cfg *, const char *, int match_any,
    struct zc_err *);
int zc_sipcmap_del(struct zone_cfg *, const char *, struct zc_err *);
int zc_sipcmap_match(struct zone_cfg *, const char *cmap,
    const struct zc_l7match *, bool no, struct zc_err *);
int zc_sippmap_enter(struct zone_cfg *, const char *, struct zc_err *);
int zc_sippmap_del(struct zone_cfg *, const char *, struct zc_err *);
int zc_sipclass_enter(struct zone_cfg *, const char *pmap, const char *cls,
    struct zc_err *);
int zc_sipclass_del(struct zone_cfg *, const char *pmap, const char *cls,
    struct zc_err *);
/* action -1: `log` alone; code: respond CODE */
int zc_sipclass_action(struct zone_cfg *, const char *pmap, const char *cls,
    int action, unsigned code, bool log, bool no, struct zc_err *);
int zc_sipclass_rate(struct zone_cfg *, const char *pmap, const char *cls,
    uint32_t n, struct zc_err *);
/* `service-policy sip NAME` in an L4 class (NULL: remove) */
int zc_class_sip_policy(struct zone_cfg *, const char *pmap, const char *cls,
    const char *name, struct zc_err *);

/* The match line as printed ("request method invite"). */
void zc_l7match_text(const struct zc_l7match *, struct buf *);

#endif
