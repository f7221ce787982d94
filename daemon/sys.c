/*
 * System EXEC commands: show running-config / startup-config, write
 * memory, copy running-config startup-config, show version, clock, users,
 * logging, ip interface brief, login; debug / undebug / show debugging.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "alg/sip.h"
#include "cli/cli.h"
#include "config.h"
#include "daemon/daemon.h"
#include "daemon/sys_int.h"
#include "dataplane/dp.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"
#include "zones/zones.h"

#define NVRAM_SIZE 33554432 /* "Using N out of M bytes" */

/* The rows' context: the daemon itself (sys_cli_init). */
static struct zbfw *
Z(struct cli_ctx *cx)
{
	return cli_module(cx);
}

/* show running-config */

static void
running_with_header(struct zbfw *z, struct buf *out)
{
	struct buf body;

	buf_init(&body);
	config_running(z, &body);
	buf_printf(out,
	    "Building configuration...\n\nCurrent configuration "
	    ": %zu bytes\n",
	    body.len);
	buf_append(out, body.p, body.len);
	buf_free(&body);
}

static int
cmd_show_running(struct cli_ctx *cx, const struct cli_args *a)
{
	struct buf out;

	buf_init(&out);
	running_with_header(Z(cx), &out);
	cli_puts(cx, out.p);
	buf_free(&out);
	return CLI_OK;
}

static int
cmd_show_startup(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zbfw *z = Z(cx);
	struct buf text;
	char chunk[8192];
	ssize_t n;
	int fd;

	if ((fd = open(z->startup_path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT) {
			cli_puts(cx, "startup-config is not present\n");
			return CLI_OK;
		}
		return cli_error(cx, "Cannot read %s: %s", z->startup_path,
		    strerror(errno));
	}
	buf_init(&text);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_append(&text, chunk, (size_t)n);
	close(fd);
	cli_printf(cx, "Using %zu out of %d bytes\n", text.len, NVRAM_SIZE);
	if (text.len > 0)
		cli_puts(cx, text.p);
	buf_free(&text);
	return CLI_OK;
}

/* write memory / copy running-config startup-config */

static int
save(struct zbfw *z, struct buf *out)
{
	struct buf body;
	int rc;

	buf_puts(out, "Building configuration...\n");
	buf_init(&body);
	config_running(z, &body);
	rc = config_write_atomic(z->startup_path, body.p, body.len);
	buf_free(&body);
	if (rc < 0) {
		buf_printf(out, "%% Error writing %s (%s)\n", z->startup_path,
		    strerror(-rc));
		return CLI_ERR;
	}
	buf_puts(out, "[OK]\n");
	return CLI_OK;
}

static int
cmd_write(struct cli_ctx *cx, const struct cli_args *a)
{
	struct buf out;
	int rc;

	if (cli_has(a, "terminal"))
		return cmd_show_running(cx, a);
	buf_init(&out);
	rc = save(Z(cx), &out);
	cli_puts(cx, out.p);
	buf_free(&out);
	return rc;
}

/* arg: the daemon state to save (the pending input's own, not a global). */
static int
copy_confirm(struct cli_session *s, const char *line, struct buf *out,
    void *arg)
{
	struct zbfw *z = arg;
	const char *p = line;

	while (*p == ' ')
		p++;
	if (*p != '\0' && strcmp(p, "startup-config") != 0 &&
	    strcmp(p, "nvram:startup-config") != 0) {
		buf_printf(out,
		    "%% Only startup-config can be written "
		    "(\"%s\")\n",
		    p);
		return CLI_ERR;
	}
	return save(z, out);
}

static int
cmd_copy_run_start(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_session_expect(cli_session(cx),
	    "Destination filename [startup-config]? ", true, copy_confirm,
	    Z(cx), NULL);
	return CLI_OK;
}

/* copy startup-config running-config: merge the file, as IOS does. */
static int
cmd_copy_start_run(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zbfw *z = Z(cx);
	struct buf errs;
	int bad;

	buf_init(&errs);
	bad = config_load(z, z->startup_path, &errs);
	if (errs.len > 0)
		cli_puts(cx, errs.p);
	buf_free(&errs);
	if (bad < 0)
		return cli_error(cx, "Cannot read %s: %s", z->startup_path,
		    strerror(-bad));
	return bad > 0 ? CLI_ERR : CLI_OK;
}

/* show version */

static void
uptime_text(time_t secs, struct buf *out)
{
	unsigned long v[5];
	static const char *const unit[5] = { "year", "week", "day", "hour",
		"minute" };
	int i, n = 0;

	v[0] = (unsigned long)(secs / (365L * 86400));
	secs %= 365L * 86400;
	v[1] = (unsigned long)(secs / (7 * 86400));
	secs %= 7 * 86400;
	v[2] = (unsigned long)(secs / 86400);
	secs %= 86400;
	v[3] = (unsigned long)(secs / 3600);
	secs %= 3600;
	v[4] = (unsigned long)(secs / 60);
	for (i = 0; i < 5; i++) {
		if (v[i] == 0 && !(i == 4 && n == 0))
			continue;
		buf_printf(out, "%s%lu %s%s", n > 0 ? ", " : "", v[i], unit[i],
		    v[i] == 1 ? "" : "s");
		n++;
	}
}

static void
fmt_time(time_t t, char *dst, size_t len)
{
	struct tm tm;
	char a[64];

	localtime_r(&t, &tm);
	strftime(a, sizeof(a), "%H:%M:%S %Z %a %b", &tm);
	snprintf(dst, len, "%s %d %d", a, tm.tm_mday, tm.tm_year + 1900);
}

static unsigned
count_ifaces(void)
{
	struct if_nameindex *ifs, *i;
	unsigned n = 0;

	if ((ifs = if_nameindex()) == NULL)
		return 0;
	for (i = ifs; i->if_index != 0; i++)
		n++;
	if_freenameindex(ifs);
	return n;
}

static int
cmd_show_version(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zbfw *z = Z(cx);
	struct utsname u;
	struct sysinfo si;
	struct buf up;
	char boot[96];
	unsigned long memk = 0;

	if (uname(&u) < 0)
		memset(&u, 0, sizeof(u));
	if (sysinfo(&si) == 0)
		memk = (unsigned long)(si.totalram / 1024 * si.mem_unit);
	buf_init(&up);
	uptime_text(time(NULL) - z->boot_time, &up);
	fmt_time(z->boot_time, boot, sizeof(boot));
	cli_printf(cx,
	    "zbfw Software (ZBFW-LINUX-%s), Version %s, RELEASE SOFTWARE "
	    "(fc1)\n"
	    "Technical Support: see the zbfw README\n"
	    "Copyright (c) 2026 by the zbfw authors\n"
	    "Compiled %s %s by zbfw\n"
	    "\n"
	    "ROM: Linux %s\n"
	    "\n"
	    "%s uptime is %s\n"
	    "System returned to ROM by power-on\n"
	    "System restarted at %s\n"
	    "System image file is \"bootflash:zbfwd\"\n"
	    "Last reload reason: power-on\n"
	    "\n"
	    "cisco ZBFW-LINUX (%s) processor with %luK/0K bytes of memory.\n"
	    "Processor board ID %s\n"
	    "%u Ethernet interfaces\n"
	    "%zuK bytes of non-volatile configuration memory.\n"
	    "\n"
	    "Configuration register is 0x2102\n",
	    u.machine[0] ? u.machine : "unknown", PACKAGE_VERSION,
	    ZBFW_BUILD_DATE, ZBFW_BUILD_TIME,
	    u.release[0] ? u.release : "unknown", z->mgmt->hostname, up.p, boot,
	    u.machine[0] ? u.machine : "unknown", memk,
	    u.nodename[0] ? u.nodename : "unknown", count_ifaces(),
	    (size_t)NVRAM_SIZE / 1024);
	buf_free(&up);
	return CLI_OK;
}

/* show clock: "*18:57:38.347 UTC Mon Oct 19 2015" ('*': not
 * authoritative, no NTP). */
static int
cmd_show_clock(struct cli_ctx *cx, const struct cli_args *a)
{
	struct timeval tv;
	struct tm tm;
	char hms[16], rest[32];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	strftime(rest, sizeof(rest), "%Z %a %b", &tm);
	cli_printf(cx, "*%s.%03ld %s %d %d\n", hms, (long)(tv.tv_usec / 1000),
	    rest, tm.tm_mday, tm.tm_year + 1900);
	return CLI_OK;
}

/* show users */

static void
hms(double secs, char *dst, size_t len)
{
	unsigned long s = secs > 0 ? (unsigned long)secs : 0;

	snprintf(dst, len, "%02lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
}

static int
cmd_show_users(struct cli_ctx *cx, const struct cli_args *a)
{
	struct cli_session *me = cli_session(cx);
	struct fe_sess *f;
	char line[32], idle[32], row[256];
	size_t n;

	cli_puts(cx,
	    "    Line       User       Host(s)              Idle       "
	    "Location\n");
	TAILQ_FOREACH(f, &fe_sessions, entry) {
		if (f->vty)
			snprintf(line, sizeof(line), "vty %d", f->lineno);
		else
			snprintf(line, sizeof(line), "con 0");
		hms(f->cs == me ? 0 : fe_now() - f->last_input, idle,
		    sizeof(idle));
		snprintf(row, sizeof(row), "%c%3d %-9s %-10s %-20s %-10s %s",
		    f->cs == me ? '*' : ' ', f->vty ? f->lineno + 2 : 0, line,
		    f->user, "idle", idle, f->host);
		n = strlen(row);
		while (n > 0 && row[n - 1] == ' ')
			row[--n] = '\0';
		cli_printf(cx, "%s\n", row);
	}
	cli_puts(cx,
	    "\n  Interface    User               Mode         Idle     "
	    "Peer Address\n\n");
	return CLI_OK;
}

/* show logging */

struct ring_arg {
	struct buf *b;
	int level; /* logging buffered LEVEL */
};

/* The severity of "*Nov 24 ...: %FAC-SEV-MNEMONIC: ..."; debug lines,
 * which have none, count as 7. */
static int
line_severity(const char *line)
{
	const char *p = strstr(line, ": %");
	const char *d;

	if (p == NULL || (d = strchr(p + 3, '-')) == NULL || d[1] < '0' ||
	    d[1] > '7' || d[2] != '-')
		return 7;
	return d[1] - '0';
}

static void
ring_line(const char *line, void *arg)
{
	struct ring_arg *ra = arg;

	if (line_severity(line) > ra->level)
		return;
	buf_puts(ra->b, line);
	buf_putc(ra->b, '\n');
}

static int
cmd_show_logging(struct cli_ctx *cx, const struct cli_args *a)
{
	struct buf lines;
	struct ring_arg ra;
	unsigned long n = log_ring_count();
	size_t size = log_ring_size();

	cli_puts(cx,
	    "Syslog logging: enabled (0 messages dropped, 0 messages "
	    "rate-limited, 0 flushes, 0 overruns, xml disabled, filtering "
	    "disabled)\n\nNo Active Message Discriminator.\n\n\n\n"
	    "No Inactive Message Discriminator.\n\n\n");
	cli_printf(cx,
	    "    Console logging: level debugging, %lu messages "
	    "logged, xml disabled,\n                     filtering disabled\n",
	    n);
	cli_printf(cx,
	    "    Monitor logging: level debugging, %lu messages "
	    "logged, xml disabled,\n                     filtering disabled\n",
	    n);
	if (size > 0)
		cli_printf(cx,
		    "    Buffer logging:  level %s, %lu "
		    "messages logged, xml disabled,\n"
		    "                    filtering disabled\n",
		    mgmt_level_name(Z(cx)->mgmt->log_level), n);
	else
		cli_puts(cx,
		    "    Buffer logging:  disabled, xml disabled,\n"
		    "                    filtering disabled\n");
	cli_puts(cx,
	    "    Exception Logging: size (4096 bytes)\n"
	    "    Count and timestamp logging messages: disabled\n"
	    "    Persistent logging: disabled\n\n"
	    "No active filter modules.\n\n");
	cli_printf(cx,
	    "    Trap logging: level informational, %lu message "
	    "lines logged\n        Logging Source-Interface:       VRF Name:\n"
	    "\n",
	    n);
	if (size == 0)
		return CLI_OK;
	cli_printf(cx, "Log Buffer (%zu bytes):\n\n", size);
	buf_init(&lines);
	ra.b = &lines;
	ra.level = Z(cx)->mgmt->log_level >= 0 ? Z(cx)->mgmt->log_level : 7;
	log_ring_walk(ring_line, &ra);
	if (lines.len > 0)
		cli_puts(cx, lines.p);
	buf_free(&lines);
	return CLI_OK;
}

static int
cmd_clear_logging(struct cli_ctx *cx, const struct cli_args *a)
{
	size_t size = log_ring_size();

	log_ring_resize(0);
	log_ring_resize(size);
	return CLI_OK;
}

/* show ip interface brief: the host's interfaces in IOS layout */

/* The IOS name of a Linux interface named after one (gi0-0-0 is shown as
 * GigabitEthernet0/0/0); other names as they are. */
void
sys_ifname_ios(const char *linux_name, char *out, size_t len)
{
	char typed[IF_NAMESIZE + 1], conf[64], lx[IF_NAMESIZE + 1];
	size_t i;

	snprintf(out, len, "%s", linux_name);
	snprintf(typed, sizeof(typed), "%s", linux_name);
	for (i = 0; typed[i] != '\0'; i++)
		if (typed[i] == '-')
			typed[i] = '/';
	if (zone_ifname_canon(typed, conf, sizeof(conf), lx, sizeof(lx)) == 0 &&
	    strcmp(lx, linux_name) == 0)
		snprintf(out, len, "%s", conf);
}

static int
cmd_show_ip_int_brief(struct cli_ctx *cx, const struct cli_args *a)
{
	struct ifaddrs *ifa, *i, *j;
	char addr[INET_ADDRSTRLEN], name[64];
	char row[256];
	const char *ip, *status;
	size_t n;

	if (getifaddrs(&ifa) < 0)
		return cli_error(cx, "Cannot list interfaces: %s",
		    strerror(errno));
	cli_puts(cx,
	    "Interface                  IP-Address      OK? Method "
	    "Status                Protocol\n");
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_PACKET)
			continue;
		ip = "unassigned";
		for (j = ifa; j != NULL; j = j->ifa_next)
			if (j->ifa_addr != NULL &&
			    j->ifa_addr->sa_family == AF_INET &&
			    strcmp(j->ifa_name, i->ifa_name) == 0) {
				inet_ntop(AF_INET,
				    &((struct sockaddr_in *)j->ifa_addr)
					 ->sin_addr,
				    addr, sizeof(addr));
				ip = addr;
				break;
			}
		status = (i->ifa_flags & IFF_UP) ? "up" :
						   "administratively down";
		sys_ifname_ios(i->ifa_name, name, sizeof(name));
		snprintf(row, sizeof(row), "%-26s %-15s YES %-6s %-21s %s",
		    name, ip,
		    strcmp(ip, "unassigned") == 0 ? "unset" : "manual", status,
		    (i->ifa_flags & IFF_RUNNING) && (i->ifa_flags & IFF_UP) ?
			"up" :
			"down");
		n = strlen(row);
		while (n > 0 && row[n - 1] == ' ')
			row[--n] = '\0';
		cli_printf(cx, "%s\n", row);
	}
	freeifaddrs(ifa);
	return CLI_OK;
}

static int
cmd_show_login(struct cli_ctx *cx, const struct cli_args *a)
{
	struct buf b;

	buf_init(&b);
	vty_show_login(Z(cx), &b);
	cli_puts(cx, b.p);
	buf_free(&b);
	return CLI_OK;
}

/* show privilege, clear line vty N */

static int
cmd_show_privilege(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_printf(cx, "Current privilege level is %d\n",
	    cli_session_priv(cli_session(cx)));
	return CLI_OK;
}

static int
clear_line_confirm(struct cli_session *s, const char *line, struct buf *out,
    void *arg)
{
	struct zbfw *z = cli_session_owner(s);
	int n = (int)(intptr_t)arg;

	if (line[0] != '\0' && line[0] != 'y' && line[0] != 'Y')
		return CLI_OK;
	if (vty_clear_line(z, n) < 0 && ssh_clear_line(z->ssh, n) < 0) {
		buf_printf(out, "%% Not an active line\n");
		return CLI_ERR;
	}
	buf_puts(out, " [OK]\n");
	return CLI_OK;
}

static int
cmd_clear_line(struct cli_ctx *cx, const struct cli_args *a)
{
	int n = (int)cli_num(a, "LINE", -1);
	struct fe_sess *f;

	TAILQ_FOREACH(f, &fe_sessions, entry)
		if (f->vty && f->lineno == n)
			break;
	if (f == NULL)
		return cli_error(cx, "Not an active line");
	if (f->cs == cli_session(cx))
		return cli_error(cx, "Cannot clear your own line");
	cli_session_expect(cli_session(cx), "[confirm]", true,
	    clear_line_confirm, (void *)(intptr_t)n, NULL);
	return CLI_OK;
}

/* debug */

static int
cmd_debug_pmap(struct cli_ctx *cx, const struct cli_args *a)
{
	unsigned f = cli_has(a, "events") ? DBG_PMAP_EVENTS :
	    cli_has(a, "detail")	  ? DBG_PMAP_DETAIL :
					    DBG_PMAP_EVENTS | DBG_PMAP_DETAIL;

	log_debug_flags |= f;
	if (f & DBG_PMAP_EVENTS)
		cli_puts(cx,
		    "Policy-map type inspect events debugging is "
		    "on\n");
	if (f & DBG_PMAP_DETAIL)
		cli_puts(cx,
		    "Policy-map type inspect detail debugging is "
		    "on\n");
	return CLI_OK;
}

static int
cmd_debug_cce(struct cli_ctx *cx, const struct cli_args *a)
{
	log_debug_flags |= DBG_CCE;
	cli_puts(cx, "CCE debugging is on\n");
	return CLI_OK;
}

static int
cmd_undebug_all(struct cli_ctx *cx, const struct cli_args *a)
{
	log_debug_flags = 0;
	cli_puts(cx, "All possible debugging has been turned off\n");
	return CLI_OK;
}

static int
cmd_show_debugging(struct cli_ctx *cx, const struct cli_args *a)
{
	unsigned f = log_debug_flags;

	if (f & (DBG_PMAP_EVENTS | DBG_PMAP_DETAIL)) {
		cli_puts(cx, "Policy-map type inspect:\n");
		if (f & DBG_PMAP_EVENTS)
			cli_puts(cx,
			    "  Policy-map type inspect events "
			    "debugging is on\n");
		if (f & DBG_PMAP_DETAIL)
			cli_puts(cx,
			    "  Policy-map type inspect detail "
			    "debugging is on\n");
	}
	if (f & DBG_CCE)
		cli_puts(cx, "CCE:\n  CCE debugging is on\n");
	if (f & (DBG_SIP | DBG_SIP_DETAIL))
		cli_puts(cx, "SIP:\n");
	if (f & DBG_SIP)
		cli_puts(cx, "  SIP ALG debugging is on\n");
	if (f & DBG_SIP_DETAIL)
		cli_puts(cx, "  SIP ALG detail debugging is on\n");
	if (f & DBG_DAEMON)
		cli_puts(cx, "Daemon:\n  Daemon (zbfwd -v) debugging is on\n");
	return CLI_OK;
}

static const struct cli_cmd sys_cmds[] = {
	/* view full: zbfw hides no default lines, the same text. */
	{ CLI_MODE_PRIV, "show running-config [view full]",
	    { "Show running system information",
		"Current operating configuration", "View options",
		"Enable full view" },
	    cmd_show_running, CLI_F_NONO },
	{ CLI_MODE_PRIV, "show startup-config",
	    { "Show running system information",
		"Contents of startup configuration" },
	    cmd_show_startup, CLI_F_NONO },
	{ CLI_MODE_PRIV, "write [{memory|terminal}]",
	    { "Write running configuration to memory, network, or terminal",
		"Write to NV memory", "Write to terminal" },
	    cmd_write, CLI_F_NONO },
	{ CLI_MODE_PRIV, "copy running-config startup-config",
	    { "Copy from one file to another",
		"Copy from current system configuration",
		"Copy to startup configuration" },
	    cmd_copy_run_start, CLI_F_NONO },
	{ CLI_MODE_PRIV, "copy startup-config running-config",
	    { "Copy from one file to another",
		"Copy from startup configuration",
		"Update (merge with) current system configuration" },
	    cmd_copy_start_run, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show version",
	    { "Show running system information",
		"System hardware and software status" },
	    cmd_show_version, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show clock",
	    { "Show running system information", "Display the system clock" },
	    cmd_show_clock, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show users",
	    { "Show running system information",
		"Display information about terminal lines" },
	    cmd_show_users, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show logging",
	    { "Show running system information",
		"Show the contents of logging buffers" },
	    cmd_show_logging, CLI_F_NONO },
	{ CLI_MODE_PRIV, "clear logging",
	    { "Reset functions", "Clear logging buffer" }, cmd_clear_logging,
	    CLI_F_NONO },
	{ CLI_MODE_EXEC, "show ip interface brief",
	    { "Show running system information", "IP information",
		"IP interface status and configuration",
		"Brief summary of IP status and configuration" },
	    cmd_show_ip_int_brief, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show login",
	    { "Show running system information", "Show login parameters" },
	    cmd_show_login, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show privilege",
	    { "Show running system information",
		"Show current privilege level" },
	    cmd_show_privilege, CLI_F_NONO },
	{ CLI_MODE_PRIV, "clear line vty LINE:<0-1869>",
	    { "Reset functions", "Reset a terminal line", "Virtual terminal",
		"Line number" },
	    cmd_clear_line, CLI_F_NONO },
	{ CLI_MODE_PRIV, "debug policy-map type inspect [{events|detail}]",
	    { "Debugging functions (see also 'undebug')",
		"Policy-map debugging", "Configure Policy Map type",
		"Policy Map type inspect", "Events debugging",
		"Detailed debugging" },
	    cmd_debug_pmap, CLI_F_NONO },
	{ CLI_MODE_PRIV, "debug cce",
	    { "Debugging functions (see also 'undebug')",
		"Common Classification Engine debugging" },
	    cmd_debug_cce, CLI_F_NONO },
	{ CLI_MODE_PRIV, "undebug all",
	    { "Disable debugging functions (see also 'debug')",
		"Disable all debugging" },
	    cmd_undebug_all, CLI_F_NONO },
	{ CLI_MODE_PRIV, "no debug all",
	    { "Negate a command or set its defaults",
		"Debugging functions (see also 'undebug')",
		"Disable all debugging" },
	    cmd_undebug_all, CLI_F_NONO },
	{ CLI_MODE_PRIV, "show debugging",
	    { "Show running system information",
		"State of each debugging option" },
	    cmd_show_debugging, CLI_F_NONO },
};

void
sys_cli_init(struct zbfw *z)
{
	cli_register(z->cli, sys_cmds, sizeof(sys_cmds) / sizeof(sys_cmds[0]),
	    z);
	sys_if_cli_init(z);
	sys_host_cli_init(z);
	sys_fs_cli_init(z);
	sys_route_cli_init(z);
	sys_ping_cli_init(z);
	sys_cpu_cli_init(z);
	sys_trace_cli_init(z);
}

void
daemon_cli_init(struct zbfw *z)
{
	cli_builtin_init(z->cli);
	zone_cli_init(z->cli, z->cfg);
	mgmt_cli_init(z->cli, z->mgmt);
	sip_cli_config_init(z->cli, &z->sip_cli); /* before the load */
	sys_cli_init(z);
	if (z->ssh != NULL)
		ssh_cli_init(z->cli, z->ssh);
}

/* The dataplane's rows need the dataplane (started after the load). */
void
daemon_cli_init_dp(struct zbfw *z)
{
	dp_cli_init(z->cli, z->dp);
	z->sip_cli.alg = z->sip;
	z->sip_cli.zone_name = zbfw_zone_name;
	z->sip_cli.arg = z;
	sip_cli_init(z->cli, &z->sip_cli);
}
