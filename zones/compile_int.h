/* Internal to zones/: the compiled policy graph's layout. */
#ifndef ZB_COMPILE_INT_H
#define ZB_COMPILE_INT_H

#include "zones/zones_int.h"

struct pg_acl {
	char *name;
	int family;
	size_t n;
	struct zc_ace *ace; /* copies; counters shared */
};

struct pg_match {
	enum zc_match_kind kind;
	int l4;		     /* match protocol tcp/udp/icmp */
	enum policy_app app; /* match protocol APP */
	unsigned fix_l4;     /* match protocol by port only: 1 tcp | 2 udp */
	uint16_t fix_port;
	int idx; /* acl / class-map index, -1 none */
};

struct pg_cmap {
	char *name;
	bool any;
	size_t n;
	struct pg_match *m;
};

struct pg_class {
	char *name;
	int cmap; /* -1 for class-default */
	enum zc_action action;
	bool log;
	const struct policy_params *params;
};

struct pg_policy {
	char *name;
	size_t n;
	struct pg_class *cls;
	struct pg_class def;
};

struct pg_zp {
	int id;
	char *name;
	int src, dst;
	int policy; /* index, -1 none */
};

struct pg_iface {
	char *conf, *linux_name;
	int zone;
};

struct policy_graph {
	unsigned gen;
	const struct zone_cfg *cfg; /* only while compiling */
	bool oom;
	size_t nzones;
	char **zones; /* [0] = "self" */
	int default_zone;
	int *pair; /* [src * nzones + dst] -> zp */
	size_t nzp;
	struct pg_zp *zp;
	int max_zp_id;
	int *zp_by_id;
	size_t npolicies, ncmaps, nacls, nparams, nifaces;
	struct pg_policy *policies;
	struct pg_cmap *cmaps;
	struct pg_acl *acls;
	struct policy_params *params;
	struct policy_params global;
	struct pg_iface *ifaces;
	struct zc_pam *pam;
	size_t npam;
};

int pg_zone_id(const struct policy_graph *, const char *);
const struct pg_zp *pg_zp_by_id(const struct policy_graph *, int id);

#endif
