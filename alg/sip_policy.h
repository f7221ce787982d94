/*
 * Layer 7 SIP policy (class-map / policy-map type inspect sip): the compiled
 * form the configuration compiler builds and the ALG evaluates per message.
 * A second contract of alg/ beside sip.h: zones/ builds policies with it,
 * the dataplane hands the one in force for a flow's class to the ALG
 * (struct sip_pkt.l7).  No netfilter, no clock: unit-testable and fuzzable.
 *
 * Regular expressions (parameter-map type regex) are PCRE2, compiled once,
 * JIT-compiled where the library can, and matched with a match limit and a
 * depth limit on at most SIP_REGEX_SUBJECT_MAX bytes of the subject, so no
 * pattern and no message can make matching slow.
 */
#ifndef ZB_SIP_POLICY_H
#define ZB_SIP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIP_REGEX_SUBJECT_MAX 2048  /* bytes of a value matched */
#define SIP_REGEX_MATCH_LIMIT 20000 /* pcre2_set_match_limit */
#define SIP_REGEX_DEPTH_LIMIT 2000  /* pcre2_set_depth_limit */
#define SIP_REGEX_PATTERN_MAX 1024  /* bytes of one pattern */

/* One parameter-map type regex: one or more patterns, any match counts.
 * Reference counted; immutable once built. */
struct sip_regex;

struct sip_regex *sip_regex_new(void);
/* Compile one more pattern.  0, -ENOMEM, or -EINVAL with PCRE2's message
 * in err and the byte offset of the error in *offset. */
int sip_regex_add(struct sip_regex *, const char *pattern, char *err,
    size_t errlen, size_t *offset);
struct sip_regex *sip_regex_ref(struct sip_regex *);
void sip_regex_unref(struct sip_regex *);
/* 1: a pattern matches p[0..len) (only its first SIP_REGEX_SUBJECT_MAX
 * bytes are looked at); 0: none does.  A pattern that hits the match or
 * depth limit counts as a match (the class's action applies) and is
 * counted in *limit_hits when not NULL. */
int sip_regex_match(const struct sip_regex *, const char *p, size_t len,
    uint64_t *limit_hits);
/* Is the JIT in use (for show and tests)? */
bool sip_regex_jit(const struct sip_regex *);

/* Counters of one L7 class of one attachment (zone-pair, L4 class): owned
 * by the builder, which keeps them alive while a policy points to them. */
struct sip_l7_ctr {
	uint64_t matched, allowed, dropped, reset, logged;
	uint64_t log_suppressed; /* rate-limited log lines */
	uint64_t log_last_ms;	 /* last log line */
	uint64_t regex_limit;	 /* regex limit hits */
	uint64_t rate_dropped;	 /* over the class's rate-limit */
	uint64_t responded;	 /* responses sent (respond) */
	uint64_t respond_last_sec, respond_in_sec; /* its rate */
};

enum sip_l7_kind {
	SIP_L7_METHOD,		/* match request method M */
	SIP_L7_RURI_REGEX,	/* match request uri regex MAP */
	SIP_L7_HDR_REGEX,	/* match req-resp header NAME regex MAP */
	SIP_L7_HDR_LEN,		/* match req-resp header NAME length gt N */
	SIP_L7_BODY_LEN,	/* match req-resp body length gt N */
	SIP_L7_THIRD_PARTY_REG, /* match third-party-registration */
	SIP_L7_VIOLATION,	/* match protocol-violation */
	SIP_L7_STATUS_REGEX,	/* match response status regex MAP */
	SIP_L7_HDR_COUNT,	/* match req-resp header NAME count gt N */
	SIP_L7_URI_LEN,		/* match uri {sip|tel} length gt N */
	SIP_L7_CTYPE_REGEX,	/* match req-resp content-type regex MAP */
	SIP_L7_CTYPE_MISMATCH,	/* match req-resp content-type mismatch */
};

/* The long name of a header name: "from" for "f" (RFC 3261 compact
 * forms and the IANA ones), name itself otherwise. */
const char *sip_l7_header_long(const char *name);

/* Method names (lowercase) `match request method` takes; "unknown" is any
 * other method.  NULL-terminated. */
extern const char *const sip_l7_methods[];

struct sip_l7_match {
	enum sip_l7_kind kind;
	bool negate;	      /* match not ... */
	const char *method;   /* METHOD: a sip_l7_methods[] */
	const char *header;   /* HDR_*: name (compact or long);
						 * URI_LEN: "sip" or "tel" */
	uint32_t n;	      /* *_LEN: greater than n */
	struct sip_regex *re; /* *_REGEX: referenced */
};

/* RESPOND: drop a request and answer it with a final response (UDP; over
 * TCP as DROP), at most SIP_L7_RESPOND_RATE a second per class. */
enum sip_l7_action { SIP_L7_ALLOW, SIP_L7_DROP, SIP_L7_RESET, SIP_L7_RESPOND };
#define SIP_L7_RESPOND_RATE 50

struct sip_policy;

struct sip_policy *sip_policy_new(const char *name);
void sip_policy_free(struct sip_policy *);
/* Append a class (evaluated in order); returns its index or -ENOMEM. */
int sip_policy_add_class(struct sip_policy *, const char *name, bool match_any,
    enum sip_l7_action, bool log, struct sip_l7_ctr *ctr);
int sip_policy_add_match(struct sip_policy *, int cls,
    const struct sip_l7_match *);
/* rate-limit N: at most n messages a second of the class from one source
 * address; the excess is dropped (rate_dropped), the rest get the class's
 * action.  Sources are kept in a bounded table (SIP_L7_RATE_SLOTS, least
 * recently used replaced).  0 or -ENOMEM. */
#define SIP_L7_RATE_SLOTS 4096
int sip_policy_class_rate(struct sip_policy *, int cls, uint32_t n);
#define SIP_L7_CLASS_DEFAULT (-1) /* cls of class-default */
/* respond CODE (400-699) of a class whose action is SIP_L7_RESPOND. */
int sip_policy_class_respond(struct sip_policy *, int cls, unsigned code);
/* The reason phrase zbfw sends with a code. */
const char *sip_l7_reason(unsigned code);
/* class class-default: what a message no class matches gets (allow by
 * default). */
void sip_policy_set_default(struct sip_policy *, enum sip_l7_action, bool log,
    struct sip_l7_ctr *ctr);
const char *sip_policy_name(const struct sip_policy *);
const char *sip_l7_action_name(enum sip_l7_action);

#endif
