/*
 * Test helper: the third-party corpora the project does not ship (RFC 4475,
 * Genie goldens, ... under the shared test data directory, testdata/).
 *
 * The directory is $ZBFW_SHARED, else configure's --with-shared (compiled
 * in as ZB_SHARED_DIR, default ../shared beside the sources).  A test case
 * that needs a corpus is added with corpus_add_test(): when the corpus is
 * absent it is not run but reported on stdout as
 *   SKIP TCASE:TEST: REASON
 * (tests/run.sh counts these lines), unless CI=true, where it runs and fails
 * on the missing file.
 */
#ifndef ZB_TEST_CORPUS_H
#define ZB_TEST_CORPUS_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* RFC 4475 torture messages: 49 + test.dat, one MANIFEST row each */
#define RFC4475_DIR "testdata/sip/rfc4475"
#define RFC4475_MANIFEST RFC4475_DIR "/MANIFEST.tsv"
#define RFC4475_FILES 50

#ifndef ZB_SHARED_DIR
#define ZB_SHARED_DIR "../shared"
#endif

/* The shared test data directory. */
static inline const char *
corpus_root(void)
{
	const char *d = getenv("ZBFW_SHARED");

	return d != NULL && *d != '\0' ? d : ZB_SHARED_DIR;
}

/* buf = ROOT/rel; the path (truncation fails the calling test). */
static inline const char *
corpus_path(char *buf, size_t size, const char *rel)
{
	int n = snprintf(buf, size, "%s/%s", corpus_root(), rel);

	ck_assert_msg(n > 0 && (size_t)n < size, "corpus path too long");
	return buf;
}

/* Add tf to tc, or report it skipped when ROOT/rel is absent outside CI. */
static inline void
corpus_add_test(TCase *tc, const char *tcname, const TTest *tf, const char *rel)
{
	const char *ci = getenv("CI");
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", corpus_root(), rel);
	if (access(path, R_OK) == 0 ||
	    (ci != NULL && strcmp(ci, "true") == 0)) {
		tcase_add_test(tc, tf);
		return;
	}
	/* flushed now: the forked test processes must not print it again */
	printf("SKIP %s:%s: %s absent (third-party corpus: see doc/DESIGN.md "
	       "\"Tests\"; configure --with-shared=DIR or ZBFW_SHARED=DIR)\n",
	    tcname, tf->name, path);
	fflush(stdout);
}

#endif
