/* Access lists: the model (lists, entries kept sorted by sequence number,
 * duplicates found by content hash). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zones/zones_int.h"

void
zc_acl_free(struct zc_acl *l)
{
	size_t i;

	for (i = 0; i < l->ace.n; i++) {
		struct zc_ace *a = l->ace.v[i];
		zc_ctr_unref(a->ctr);
		free(a->remark);
		free(a);
	}
	zc_vec_free(&l->ace);
	free(l->ht);
	zc_ace_set_unref(l->compiled);
	free(l);
}

static int
parse_num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	return (int)v;
}

static bool
name_numbered(const char *name, enum zc_acl_type type)
{
	int v = parse_num(name, 1, 2699);

	if (v < 0 || type == ZACL_V6)
		return false;
	if (type == ZACL_STD)
		return v <= 99 || (v >= 1300 && v <= 1999);
	return (v >= 100 && v <= 199) || v >= 2000;
}

const char *const zc_acl_type_names[] = { "standard", "extended", "ipv6" };

int
zc_acl_enter(struct zone_cfg *c, const char *name, enum zc_acl_type type,
    bool numbered, struct zc_err *e)
{
	struct zc_acl *l;

	if (zc_name_ok(name, e) < 0)
		return -1;
	if ((l = zc_acl_find(c, name)) != NULL) {
		if (l->type != type)
			return zc_fail(e,
			    "Access list %s exists as %s; remove "
			    "it first",
			    name, zc_acl_type_names[l->type]);
		return 0;
	}
	if (isdigit((unsigned char)*name) && type != ZACL_V6 &&
	    !name_numbered(name, type))
		return zc_fail(e,
		    "Access list number %s is out of range for %s "
		    "lists (standard 1-99, 1300-1999; extended 100-199, "
		    "2000-2699)",
		    name, zc_acl_type_names[type]);
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return zc_fail(e, "Out of memory");
	strcpy(l->name, name);
	l->type = type;
	l->numbered = numbered || name_numbered(name, type);
	if (zc_vec_push(&c->acls, l) < 0) {
		free(l);
		return zc_fail(e, "Out of memory");
	}
	return 0;
}

int
zc_acl_del(struct zone_cfg *c, const char *name, struct zc_err *e)
{
	size_t i;

	for (i = 0; i < c->acls.n; i++)
		if (strcmp(((struct zc_acl *)c->acls.v[i])->name, name) == 0) {
			zc_acl_free(c->acls.v[i]);
			zc_vec_del(&c->acls, i);
			return 0;
		}
	return zc_fail(e, "Access list %s does not exist", name);
}

static bool
ace_same(const struct zc_ace *a, const struct zc_ace *b)
{
	if (a->remark != NULL || b->remark != NULL)
		return a->remark != NULL && b->remark != NULL &&
		    strcmp(a->remark, b->remark) == 0;
	return a->permit == b->permit && a->proto == b->proto &&
	    a->log == b->log && memcmp(&a->src, &b->src, sizeof(a->src)) == 0 &&
	    memcmp(&a->dst, &b->dst, sizeof(a->dst)) == 0 &&
	    memcmp(&a->sport, &b->sport, sizeof(a->sport)) == 0 &&
	    memcmp(&a->dport, &b->dport, sizeof(a->dport)) == 0;
}

static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t w;

	for (; n >= 8; n -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	for (; n > 0; n--, b++)
		h = (h ^ *b) * 1099511628211ULL;
	return h;
}

/* A hash of what ace_same compares (parsed entries are zeroed first). */
static size_t
ace_hash(const struct zc_ace *a)
{
	uint64_t h = (uint64_t)(a->permit | a->log << 1) << 32 |
	    (uint32_t)(a->proto + 1);

	h = mix(h * 0x9e3779b97f4a7c15ULL, &a->src, sizeof(a->src));
	h = mix(h, &a->dst, sizeof(a->dst));
	h = mix(h, &a->sport, sizeof(a->sport));
	h = mix(h, &a->dport, sizeof(a->dport));
	if (a->remark != NULL)
		h = mix(h, a->remark, strlen(a->remark));
	return (size_t)(h ^ h >> 32);
}

/* (Re)build the duplicate index; an open-addressing table of entries. */
static int
ht_build(struct zc_acl *l)
{
	size_t cap = 64, i, k;

	while (cap < l->ace.n * 2 + 16)
		cap *= 2;
	free(l->ht);
	l->htcap = 0;
	if ((l->ht = calloc(cap, sizeof(*l->ht))) == NULL)
		return -1;
	l->htcap = cap;
	for (i = 0; i < l->ace.n; i++) {
		struct zc_ace *a = l->ace.v[i];
		for (k = ace_hash(a) & (cap - 1); l->ht[k] != NULL;
		     k = (k + 1) & (cap - 1))
			;
		l->ht[k] = a;
	}
	return 0;
}

static struct zc_ace *
ht_find(struct zc_acl *l, const struct zc_ace *a)
{
	size_t k;

	if (l->ht == NULL && ht_build(l) < 0)
		return NULL;
	for (k = ace_hash(a) & (l->htcap - 1); l->ht[k] != NULL;
	     k = (k + 1) & (l->htcap - 1))
		if (ace_same(l->ht[k], a))
			return l->ht[k];
	return NULL;
}

static void
ht_add(struct zc_acl *l, struct zc_ace *a)
{
	size_t k;

	if (l->ht == NULL || l->ace.n * 2 + 16 > l->htcap) {
		if (ht_build(l) < 0) {
			free(l->ht);
			l->ht = NULL;
		}
		return; /* the rebuild indexed a already */
	}
	for (k = ace_hash(a) & (l->htcap - 1); l->ht[k] != NULL;
	     k = (k + 1) & (l->htcap - 1))
		;
	l->ht[k] = a;
}

/* Index of the entry with sequence number seq, or -1 (entries sorted). */
static long
seq_find(const struct zc_acl *l, unsigned seq)
{
	size_t lo = 0, hi = l->ace.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		unsigned s = ((const struct zc_ace *)l->ace.v[mid])->seq;
		if (s == seq)
			return (long)mid;
		if (s < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void
ace_remove(struct zc_acl *l, size_t i)
{
	struct zc_ace *a = l->ace.v[i];

	zc_ctr_unref(a->ctr);
	free(a->remark);
	free(a);
	zc_vec_del(&l->ace, i);
	free(l->ht); /* rebuilt on the next lookup */
	l->ht = NULL;
	l->gen++;
}

static int acl_add(struct zc_acl *, struct zc_ace *, bool, bool,
    struct zc_err *);

int
zc_acl_entry(struct zone_cfg *c, const char *acl, struct zc_ace *ace,
    bool has_seq, bool no, struct zc_err *e)
{
	struct zc_acl *l;
	int rc;

	if ((l = zc_acl_find(c, acl)) == NULL)
		rc = zc_fail(e, "Access list %s does not exist", acl);
	else
		rc = acl_add(l, ace, has_seq, no, e);
	if (rc != 0)
		free(ace->remark); /* not kept */
	ace->remark = NULL;
	return rc < 0 ? -1 : 0;
}

/* `no 20`: remove by sequence number. */
int
zc_acl_del_seq(struct zone_cfg *c, const char *acl, unsigned seq,
    struct zc_err *e)
{
	struct zc_acl *l;
	long at;

	if ((l = zc_acl_find(c, acl)) == NULL)
		return zc_fail(e, "Access list %s does not exist", acl);
	if ((at = seq_find(l, seq)) < 0)
		return zc_fail(e,
		    "Sequence number %u does not exist "
		    "in access list %s",
		    seq, acl);
	ace_remove(l, (size_t)at);
	return 0;
}

/* 0: added (ace now owned by l), 1: nothing to add, -1: error. */
static int
acl_add(struct zc_acl *l, struct zc_ace *ace, bool has_seq, bool no,
    struct zc_err *e)
{
	struct zc_ace *a, *n;
	size_t i;

	a = ht_find(l, ace);
	if (no) {
		if (a == NULL || (has_seq && a->seq != ace->seq))
			return zc_fail(e, "Entry not found in access list %s",
			    l->name);
		ace_remove(l, (size_t)seq_find(l, a->seq));
		return 1;
	}
	if (a != NULL && (!has_seq || a->seq == ace->seq))
		return 1; /* IOS ignores duplicates */
	if (has_seq && seq_find(l, ace->seq) >= 0)
		return zc_fail(e, "Duplicate sequence number");
	if (l->ace.n >= ZC_ACE_MAX)
		return zc_fail(e, "Access list %s is full (%d entries)",
		    l->name, ZC_ACE_MAX);
	if (!has_seq) {
		ace->seq = 10;
		if (l->ace.n > 0) {
			a = l->ace.v[l->ace.n - 1];
			if (a->seq > 2147483647u - 10)
				return zc_fail(e, "Sequence number overflow");
			ace->seq = a->seq + 10;
		}
	}
	if ((n = malloc(sizeof(*n))) == NULL)
		return zc_fail(e, "Out of memory");
	*n = *ace;
	if ((n->ctr = zc_ctr_new()) == NULL || zc_vec_push(&l->ace, n) < 0) {
		zc_ctr_unref(n->ctr);
		free(n);
		return zc_fail(e, "Out of memory");
	}
	/* keep sorted by sequence number: move the new entry into place */
	for (i = l->ace.n - 1; i > 0; i--) {
		a = l->ace.v[i - 1];
		if (a->seq < n->seq)
			break;
		l->ace.v[i] = a;
		l->ace.v[i - 1] = n;
	}
	ht_add(l, n);
	l->gen++;
	return 0;
}
