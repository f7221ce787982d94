/*
 * LD_PRELOAD shim for tests/cli/alloc-failures.sh: makes chosen
 * allocations fail, so the test sees what zbfwd does when they do.
 *   ZBFW_FAIL_STRNDUP=PREFIX   strndup() of a string starting with PREFIX
 *                              fails (ENOMEM)
 *   ZBFW_FAIL_STRDUP=PREFIX    the same for strdup() (the policy compiler
 *                              copies names into the graph with it)
 *   ZBFW_FAIL_PERSIST_TIMER=N  the Nth event_new(base, -1, EV_PERSIST, ...)
 *                              (a periodic timer) returns NULL
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

char *
strndup(const char *s, size_t n)
{
	static char *(*real)(const char *, size_t);
	const char *pfx = getenv("ZBFW_FAIL_STRNDUP");

	if (pfx != NULL && *pfx != '\0' && strncmp(s, pfx, strlen(pfx)) == 0) {
		errno = ENOMEM;
		return NULL;
	}
	if (real == NULL)
		real = (char *(*)(const char *, size_t))dlsym(RTLD_NEXT,
		    "strndup");
	return real(s, n);
}

char *
strdup(const char *s)
{
	static char *(*real)(const char *);
	const char *pfx = getenv("ZBFW_FAIL_STRDUP");

	if (pfx != NULL && *pfx != '\0' && strncmp(s, pfx, strlen(pfx)) == 0) {
		errno = ENOMEM;
		return NULL;
	}
	if (real == NULL)
		real = (char *(*)(const char *))dlsym(RTLD_NEXT, "strdup");
	return real(s);
}

struct event *
event_new(struct event_base *b, evutil_socket_t fd, short what,
    event_callback_fn cb, void *arg)
{
	static struct event *(*real)(struct event_base *, evutil_socket_t,
	    short, event_callback_fn, void *);
	static int npersist;
	const char *n = getenv("ZBFW_FAIL_PERSIST_TIMER");

	if (fd == -1 && what == EV_PERSIST && n != NULL &&
	    ++npersist == atoi(n))
		return NULL;
	if (real == NULL)
		real = (struct event *
		    (*)(struct event_base *, evutil_socket_t, short,
			event_callback_fn, void *))
		    dlsym(RTLD_NEXT, "event_new");
	return real(b, fd, what, cb, arg);
}
