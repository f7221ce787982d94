/*
 * parameter-map type regex, compiled: PCRE2 with the JIT where it is
 * available, a match limit and a depth limit, bounded subjects.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alg/sip_policy.h"

struct sip_pat {
	pcre2_code *code;
	pcre2_match_data *md;
	bool jit;
};

struct sip_regex {
	unsigned refs;
	size_t n;
	struct sip_pat *pat;
	pcre2_match_context *mctx;
};

struct sip_regex *
sip_regex_new(void)
{
	struct sip_regex *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->refs = 1;
	if ((r->mctx = pcre2_match_context_create(NULL)) == NULL) {
		free(r);
		return NULL;
	}
	pcre2_set_match_limit(r->mctx, SIP_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, SIP_REGEX_DEPTH_LIMIT);
	return r;
}

int
sip_regex_add(struct sip_regex *r, const char *pattern, char *err,
    size_t errlen, size_t *offset)
{
	struct sip_pat *np, *p;
	PCRE2_SIZE off = 0;
	int ec = 0;

	if (strlen(pattern) > SIP_REGEX_PATTERN_MAX) {
		snprintf(err, errlen, "pattern longer than %d bytes",
		    SIP_REGEX_PATTERN_MAX);
		*offset = SIP_REGEX_PATTERN_MAX;
		return -EINVAL;
	}
	np = realloc(r->pat, (r->n + 1) * sizeof(*np));
	if (np == NULL)
		return -ENOMEM;
	r->pat = np;
	p = &r->pat[r->n];
	memset(p, 0, sizeof(*p));
	p->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_NEVER_BACKSLASH_C | PCRE2_NO_AUTO_CAPTURE, &ec, &off, NULL);
	if (p->code == NULL) {
		PCRE2_UCHAR msg[160];

		if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", ec);
		snprintf(err, errlen, "%s", (char *)msg);
		*offset = off;
		return -EINVAL;
	}
	p->jit = pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE) == 0;
	if ((p->md = pcre2_match_data_create_from_pattern(p->code, NULL)) ==
	    NULL) {
		pcre2_code_free(p->code);
		return -ENOMEM;
	}
	r->n++;
	return 0;
}

struct sip_regex *
sip_regex_ref(struct sip_regex *r)
{
	if (r != NULL)
		r->refs++;
	return r;
}

void
sip_regex_unref(struct sip_regex *r)
{
	size_t i;

	if (r == NULL || --r->refs > 0)
		return;
	for (i = 0; i < r->n; i++) {
		pcre2_match_data_free(r->pat[i].md);
		pcre2_code_free(r->pat[i].code);
	}
	free(r->pat);
	pcre2_match_context_free(r->mctx);
	free(r);
}

int
sip_regex_match(const struct sip_regex *r, const char *s, size_t len,
    uint64_t *limit_hits)
{
	size_t i;
	int rc;

	if (r == NULL)
		return 0;
	if (len > SIP_REGEX_SUBJECT_MAX)
		len = SIP_REGEX_SUBJECT_MAX;
	for (i = 0; i < r->n; i++) {
		/* match data is per pattern: the ALG runs on one thread */
		rc = pcre2_match(r->pat[i].code, (PCRE2_SPTR)(s ? s : ""), len,
		    0, 0, r->pat[i].md, r->mctx);
		if (rc >= 0)
			return 1;
		if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
			continue;
		/* PCRE2_ERROR_MATCHLIMIT, _DEPTHLIMIT, _JIT_STACKLIMIT ... */
		if (limit_hits != NULL)
			(*limit_hits)++;
		return 1;
	}
	return 0;
}

bool
sip_regex_jit(const struct sip_regex *r)
{
	size_t i;

	for (i = 0; r != NULL && i < r->n; i++)
		if (!r->pat[i].jit)
			return false;
	return r != NULL && r->n > 0;
}
