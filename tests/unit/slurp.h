/* Test helper: read a whole corpus file into memory (caller frees). */
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
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 &&
	    (b = malloc(n > 0 ? (size_t)n : 1)) != NULL)
		*len = fread(b, 1, (size_t)n, f);
	fclose(f);
	return b;
}

#endif
