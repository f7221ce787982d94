/*
 * Host EXEC commands from the Linux host's own data: show inventory (DMI),
 * show memory [statistics] (/proc/meminfo), show hosts (/etc/resolv.conf,
 * /etc/hosts), and the fixed IOS answers for features zbfw does not have:
 * show archive, show lldp, show cdp.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "daemon/sys_int.h"
#include "lib/buf.h"

/* First line of a file, trailing blanks removed; "" when unreadable. */
static void
read_line(const char *path, char *out, size_t len)
{
	FILE *f;
	size_t n;

	out[0] = '\0';
	if ((f = fopen(path, "re")) == NULL)
		return;
	if (fgets(out, (int)len, f) == NULL)
		out[0] = '\0';
	fclose(f);
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
}

/* show inventory: the chassis as DMI names it (a VM or a container
 * without DMI: the kernel's machine type), serial from DMI or the
 * machine-id. */
static int
cmd_show_inventory(struct cli_ctx *cx, const struct cli_args *a)
{
	char vendor[128], product[128], version[64], serial[128];
	struct utsname u;

	read_line("/sys/class/dmi/id/sys_vendor", vendor, sizeof(vendor));
	read_line("/sys/class/dmi/id/product_name", product, sizeof(product));
	read_line("/sys/class/dmi/id/product_version", version,
	    sizeof(version));
	read_line("/sys/class/dmi/id/product_serial", serial, sizeof(serial));
	if (serial[0] == '\0' || strchr(serial, ' ') != NULL)
		read_line("/etc/machine-id", serial, sizeof(serial));
	if (uname(&u) < 0)
		snprintf(u.machine, sizeof(u.machine), "unknown");
	if (product[0] == '\0')
		snprintf(product, sizeof(product), "ZBFW-LINUX-%s", u.machine);
	cli_printf(cx, "NAME: \"Chassis\", DESCR: \"%s%s%s\"\n", vendor,
	    vendor[0] != '\0' ? " " : "", product);
	cli_printf(cx, "PID: %-18s, VID: %-4s, SN: %s\n\n", product,
	    version[0] != '\0' ? version : "V00", serial);
	return CLI_OK;
}

/* show memory [statistics] */

struct meminfo {
	unsigned long long total, free, avail; /* bytes */
};

static int
meminfo(struct meminfo *m)
{
	char line[256];
	unsigned long long kb;
	FILE *f;

	memset(m, 0, sizeof(*m));
	if ((f = fopen("/proc/meminfo", "re")) == NULL)
		return -errno;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "MemTotal: %llu kB", &kb) == 1)
			m->total = kb * 1024;
		else if (sscanf(line, "MemFree: %llu kB", &kb) == 1)
			m->free = kb * 1024;
		else if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			m->avail = kb * 1024;
	}
	fclose(f);
	return m->total > 0 ? 0 : -EIO;
}

/* IOS's Head is the pool's start address: zbfwd's own heap start
 * (/proc/self/maps), in hex as IOS prints it ("0" if there is none). */
static void
heap_head(char *out, size_t len)
{
	char line[256];
	unsigned long start;
	FILE *f;

	snprintf(out, len, "0");
	if ((f = fopen("/proc/self/maps", "re")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, "[heap]") != NULL &&
		    sscanf(line, "%lx-", &start) == 1) {
			snprintf(out, len, "%lX", start);
			break;
		}
	fclose(f);
}

/* The IOS table: Free is MemAvailable, Lowest the never-used MemFree and
 * Largest MemAvailable again (the kernel gives no free-block sizes). */
static int
cmd_show_memory(struct cli_ctx *cx, const struct cli_args *a)
{
	struct meminfo m;
	char head[32];
	int rc;

	if ((rc = meminfo(&m)) < 0)
		return cli_error(cx, "Cannot read /proc/meminfo: %s",
		    strerror(-rc));
	cli_puts(cx,
	    "                Head    Total(b)     Used(b)     Free(b)"
	    "   Lowest(b)  Largest(b)\n");
	heap_head(head, sizeof(head));
	cli_printf(cx,
	    "Processor  %8s  %10llu  %10llu  %10llu  %10llu  "
	    "%10llu\n",
	    head, m.total, m.total - m.avail, m.avail, m.free, m.avail);
	return CLI_OK;
}

/* show hosts */

static int
cmd_show_hosts(struct cli_ctx *cx, const struct cli_args *a)
{
	char line[512], domain[256] = "", ns[512] = "", *p, *name, *save;
	char addr[64];
	FILE *f;

	if ((f = fopen("/etc/resolv.conf", "re")) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			if (sscanf(line, "search %255s", domain) == 1 ||
			    sscanf(line, "domain %255s", domain) == 1)
				continue;
			if (sscanf(line, "nameserver %63s", addr) == 1 &&
			    strlen(ns) + strlen(addr) + 2 < sizeof(ns)) {
				if (ns[0] != '\0')
					strcat(ns, ", ");
				strcat(ns, addr);
			}
		}
		fclose(f);
	}
	if (domain[0] != '\0')
		cli_printf(cx, "Default domain is %s\n", domain);
	else
		cli_puts(cx, "Default domain is not set\n");
	cli_puts(cx, "Name/address lookup uses domain service\n");
	cli_printf(cx, "Name servers are %s\n\n",
	    ns[0] != '\0' ? ns : "255.255.255.255");
	cli_puts(cx,
	    "Codes: UN - unknown, EX - expired, OK - OK, ?? - "
	    "revalidate\n       temp - temporary, perm - permanent\n"
	    "       NA - Not Applicable None - Not defined\n\n");
	cli_puts(cx,
	    "Host                      Port  Flags      Age Type   "
	    "Address(es)\n");
	if ((f = fopen("/etc/hosts", "re")) == NULL)
		return CLI_OK;
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		if ((p = strtok_r(line, " \t\n", &save)) == NULL)
			continue;
		snprintf(addr, sizeof(addr), "%s", p);
		while ((name = strtok_r(NULL, " \t\n", &save)) != NULL)
			cli_printf(cx, "%-25s None  (perm, OK)  0   %-6s %s\n",
			    name, strchr(addr, ':') != NULL ? "IPV6" : "IP",
			    addr);
	}
	fclose(f);
	return CLI_OK;
}

/* Features zbfw does not have: what IOS answers while they are off. */

static int
cmd_show_archive(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_puts(cx, " Archive feature not enabled\n");
	return CLI_OK;
}

static int
cmd_show_lldp(struct cli_ctx *cx, const struct cli_args *a)
{
	return cli_error(cx, "LLDP is not enabled");
}

static int
cmd_show_cdp(struct cli_ctx *cx, const struct cli_args *a)
{
	return cli_error(cx, "CDP is not enabled");
}

#define SHOW_HELP "Show running system information"

static const struct cli_cmd sys_host_cmds[] = {
	{ CLI_MODE_EXEC, "show inventory",
	    { SHOW_HELP, "Show the physical inventory" }, cmd_show_inventory,
	    CLI_F_NONO },
	{ CLI_MODE_EXEC, "show memory [statistics]",
	    { SHOW_HELP, "Memory statistics", "Memory statistics" },
	    cmd_show_memory, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show hosts",
	    { SHOW_HELP,
		"IP domain-name, lookup style, nameservers, and host "
		"table" },
	    cmd_show_hosts, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show archive",
	    { SHOW_HELP, "Archive of the running configuration information" },
	    cmd_show_archive, CLI_F_NONO },
	{ CLI_MODE_EXEC, "show lldp [LINE:LINE]",
	    { SHOW_HELP, "LLDP information", "LLDP subcommand" }, cmd_show_lldp,
	    CLI_F_NONO },
	{ CLI_MODE_EXEC, "show cdp [LINE:LINE]",
	    { SHOW_HELP, "CDP information", "CDP subcommand" }, cmd_show_cdp,
	    CLI_F_NONO },
};

void
sys_host_cli_init(struct zbfw *z)
{
	cli_register(z->cli, sys_host_cmds,
	    sizeof(sys_host_cmds) / sizeof(sys_host_cmds[0]), z);
}
