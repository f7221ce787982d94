#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/time.h>
#include <time.h>

#include "lib/log.h"

#define LOG_MAX_SINKS 256

static int log_foreground = 1;
unsigned log_debug_flags;

static struct {
	char **line; /* circular array of lines */
	size_t nlines, head, count;
	size_t bytes, max_bytes;
	unsigned long total;
} ring = { .max_bytes = LOG_RING_DEFAULT };

static struct {
	log_sink_fn fn;
	void *arg;
} sinks[LOG_MAX_SINKS];
static size_t nsinks;

void
log_init(int foreground, const char *ident)
{
	log_foreground = foreground;
	if (!foreground)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void
ring_drop_oldest(void)
{
	size_t tail = (ring.head + ring.nlines - ring.count) % ring.nlines;

	ring.bytes -= strlen(ring.line[tail]);
	free(ring.line[tail]);
	ring.line[tail] = NULL;
	ring.count--;
}

static void
ring_add(const char *text)
{
	size_t n = strlen(text);
	char *copy;

	ring.total++;
	if (n > ring.max_bytes || ring.max_bytes == 0)
		return;
	if (ring.nlines == 0) {
		ring.nlines = 1024;
		if ((ring.line = calloc(ring.nlines, sizeof(*ring.line))) ==
		    NULL) {
			ring.nlines = 0;
			return;
		}
	}
	while (ring.count > 0 &&
	    (ring.bytes + n > ring.max_bytes || ring.count == ring.nlines))
		ring_drop_oldest();
	if ((copy = strdup(text)) == NULL)
		return;
	ring.line[ring.head] = copy;
	ring.head = (ring.head + 1) % ring.nlines;
	ring.count++;
	ring.bytes += n;
}

void
log_ring_resize(size_t bytes)
{
	ring.max_bytes = bytes;
	while (ring.count > 0 && ring.bytes > ring.max_bytes)
		ring_drop_oldest();
}

size_t
log_ring_size(void)
{
	return ring.max_bytes;
}

unsigned long
log_ring_count(void)
{
	return ring.total;
}

void
log_ring_walk(void (*fn)(const char *, void *), void *arg)
{
	size_t i, idx;

	for (i = 0; i < ring.count; i++) {
		idx = (ring.head + ring.nlines - ring.count + i) % ring.nlines;
		fn(ring.line[idx], arg);
	}
}

void
log_sink_add(log_sink_fn fn, void *arg)
{
	if (nsinks < LOG_MAX_SINKS) {
		sinks[nsinks].fn = fn;
		sinks[nsinks].arg = arg;
		nsinks++;
	}
}

void
log_sink_del(log_sink_fn fn, void *arg)
{
	size_t i;

	for (i = 0; i < nsinks; i++)
		if (sinks[i].fn == fn && sinks[i].arg == arg) {
			sinks[i] = sinks[--nsinks];
			return;
		}
}

/* "*Nov 24 18:11:40.123: " as IOS stamps buffered and monitor lines. */
static void
stamp(char *dst, size_t len)
{
	struct timeval tv;
	struct tm tm;
	char t[32];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(t, sizeof(t), "%b %e %H:%M:%S", &tm);
	snprintf(dst, len, "*%.20s.%03d: ", t, (int)(tv.tv_usec / 1000) % 1000);
}

static void
emit(int prio, const char *msg, int to_ring)
{
	char line[2048], ts[64];
	size_t i;

	stamp(ts, sizeof(ts));
	snprintf(line, sizeof(line), "%s%s", ts, msg);
	if (log_foreground) {
		fprintf(stderr, "%s\n", line);
		fflush(stderr);
	} else
		syslog(prio, "%s", msg);
	if (to_ring)
		ring_add(line);
	for (i = 0; i < nsinks; i++)
		sinks[i].fn(line, sinks[i].arg);
}

static void
vemit(int prio, int to_ring, const char *prefix, const char *fmt, va_list ap)
{
	char msg[1800];
	int n;

	n = snprintf(msg, sizeof(msg), "%s", prefix);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	emit(prio, msg, to_ring);
}

void
log_ios(const char *fac, int sev, const char *mnemonic, const char *fmt, ...)
{
	char prefix[96];
	va_list ap;

	snprintf(prefix, sizeof(prefix), "%%%s-%d-%s: ", fac, sev, mnemonic);
	va_start(ap, fmt);
	vemit(sev <= 3	 ? LOG_ERR :
		sev <= 5 ? LOG_NOTICE :
			   LOG_INFO,
	    1, prefix, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit(LOG_INFO, 0, "", fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit(LOG_WARNING, 0, "", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	char msg[1600];
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warnx("%s: %s", msg, strerror(saved));
}

void
log_dbg(unsigned flag, const char *fmt, ...)
{
	va_list ap;

	if (!(log_debug_flags & flag))
		return;
	va_start(ap, fmt);
	vemit(LOG_DEBUG, 1, "", fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	char msg[1600];
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warnx("fatal: %s: %s", msg, strerror(saved));
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	char msg[1600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warnx("fatal: %s", msg);
	exit(1);
}
