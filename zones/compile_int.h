/* Internal to zones/: the compiled policy graph's layout. */
#ifndef ZB_COMPILE_INT_H
#define ZB_COMPILE_INT_H

#include "zones/zones_int.h"

/*
 * The matching entries of one list (remarks left out): copies of the
 * model's, counters shared.  Graphs compiled while the list does not change
 * share one set (reference counted), so a compile costs nothing for the
 * lists a change did not touch.
 */
struct zc_ace_set {
	unsigned refs;
	size_t n;
	struct zc_ace ace[];
};

struct zc_graph_acl {
	char *name;
	int family;
	size_t n;
	struct zc_ace *ace; /* set->ace */
	struct zc_ace_set *set;
};

struct zc_graph_match {
	enum zc_match_kind kind;
	int l4;		   /* match protocol tcp/udp/icmp */
	enum zone_app app; /* match protocol APP */
	unsigned fix_l4;   /* match protocol by port only: 1 tcp | 2 udp */
	uint16_t fix_port;
	int idx; /* acl / class-map index, -1 none */
};

struct zc_graph_cmap {
	char *name;
	bool any;
	size_t n;
	struct zc_graph_match *m;
};

struct zc_graph_class {
	char *name;
	int cmap; /* -1 for class-default */
	enum zc_action action;
	bool log;
	const struct zone_params *params;
};

struct zc_graph_policy {
	char *name;
	size_t n;
	struct zc_graph_class *cls;
	struct zc_graph_class def;
};

struct zc_graph_zp {
	int id;
	char *name;
	int src, dst;
	int policy; /* index, -1 none */
};

struct zc_graph_iface {
	char *conf, *linux_name;
	int zone;
};

struct zone_graph {
	unsigned gen;
	const struct zone_cfg *cfg; /* only while compiling */
	bool oom;
	size_t nzones;
	char **zones; /* [0] = "self" */
	int default_zone;
	int *pair; /* [src * nzones + dst] -> zp */
	size_t nzp;
	struct zc_graph_zp *zp;
	int max_zp_id;
	int *zp_by_id;
	size_t npolicies, ncmaps, nacls, nparams, nifaces;
	struct zc_graph_policy *policies;
	struct zc_graph_cmap *cmaps;
	struct zc_graph_acl *acls;
	struct zone_params *params;
	struct zone_params global;
	struct zc_graph_iface *ifaces;
	struct zc_pam *pam;
	size_t npam;
	struct zc_graph_l7 *l7; /* sip_compile.c */
	size_t nl7;
};

/* sip_compile.c: the Layer 7 SIP policies of the graph. */
int zc_compile_l7(struct zone_graph *, const struct zone_cfg *);
void zc_graph_l7_free(struct zone_graph *);

int zc_graph_zone_id(const struct zone_graph *, const char *);
const struct zc_graph_zp *zc_graph_zp_by_id(const struct zone_graph *, int id);

#endif
