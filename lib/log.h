/*
 * One logging interface for the daemon.  Lines go to stderr in the
 * foreground or syslog when detached, into the `show logging` ring, and to
 * every vty with `terminal monitor`.  Firewall events use IOS mnemonics:
 * log_fw(6, "DROP_PKT", "Dropping tcp session ...") gives
 * "%FW-6-DROP_PKT: Dropping tcp session ...".
 */
#ifndef ZB_LOG_H
#define ZB_LOG_H

#include <stdarg.h>
#include <stddef.h>

#define LOG_RING_DEFAULT 4096 /* bytes, as IOS `logging buffered` */

void log_init(int foreground, const char *ident);

/* Generic IOS-style message: %FAC-SEV-MNEMONIC: text */
void log_ios(const char *fac, int sev, const char *mnemonic, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));
#define log_fw(sev, mn, ...) log_ios("FW", (sev), (mn), __VA_ARGS__)

/* Daemon messages (not IOS-formatted). */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/*
 * The one debug interface: log_dbg(flag, ...) prints (stderr or syslog, the
 * ring, monitoring vtys) only while that flag is on in log_debug_flags.
 * The `debug ...` commands set the flags; `zbfwd -v` sets DBG_DAEMON;
 * `undebug all` clears them all.
 */
enum log_dbg {
	DBG_PMAP_EVENTS = 1 << 0, /* debug policy-map type inspect events */
	DBG_PMAP_DETAIL = 1 << 1, /* debug policy-map type inspect detail */
	DBG_CCE = 1 << 2,	  /* debug cce */
	DBG_SIP = 1 << 3,	  /* debug ip inspect sip / debug sip alg */
	DBG_SIP_DETAIL = 1 << 4,  /* debug sip-alg detail (per message) */
	DBG_DAEMON = 1 << 5,	  /* zbfwd -v: telnet protocol errors */
};
extern unsigned log_debug_flags;
void log_dbg(unsigned flag, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* `logging buffered [SIZE]`: the ring shown by `show logging`. */
void log_ring_resize(size_t bytes);
size_t log_ring_size(void);
/* Calls fn for each buffered line, oldest first. */
void log_ring_walk(void (*fn)(const char *line, void *arg), void *arg);
unsigned long log_ring_count(void); /* messages logged since start */

/* Monitor sinks (vtys with `terminal monitor`). */
typedef void (*log_sink_fn)(const char *line, void *arg);
void log_sink_add(log_sink_fn, void *arg);
void log_sink_del(log_sink_fn, void *arg);

#endif
