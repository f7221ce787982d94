/* Test helper: read a whole corpus file into memory (caller frees); NULL
 * when it cannot be opened, sized or read in full. */
#ifndef ZB_TEST_SLURP_H
#define ZB_TEST_SLURP_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	long n = 0;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 &&
	    (b = malloc(n > 0 ? (size_t)n : 1)) != NULL &&
	    fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	if (b != NULL)
		*len = (size_t)n;
	fclose(f);
	return b;
}

#endif
