/*
 * The iptables side of the packet path, IPv4 and IPv6, installed in one
 * `iptables-restore --noflush` transaction per family (chains replaced
 * atomically, other rules untouched).  One table, one chain:
 *
 *   filter ZBFW (from FORWARD, INPUT ! -i lo, OUTPUT ! -o lo, position 1):
 *     connmark says accepted in this direction, no L7 -> RETURN (fast
 *     path: one connmark match per packet, as a stateful ruleset's one
 *     ctstate match);
 *     a packet back from the daemon (NF_REPEAT with a zbfw packet mark)
 *     saves its mark as the connection's mark (ZBFW-SAVE) and RETURNs;
 *     otherwise restore the connmark into the packet mark, add the queue
 *     info bits (reply direction, NEW, RELATED) and NFQUEUE it, no bypass.
 *
 * The verdict cannot reach conntrack directly on this kernel; NF_REPEAT
 * runs the chain again with the verdict's mark, which the save rule
 * catches before the queue rule (a verdict without a mark is NF_ACCEPT).
 * The chains stay after the daemon exits: fail closed (see dp_stop).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dataplane/dp_int.h"
#include "lib/buf.h"
#include "lib/log.h"

extern char **environ;

/* Run argv with input on stdin (NULL: /dev/null); output to /dev/null
 * unless show_err.  Returns the exit status, or -errno. */
static int
run(char *const argv[], const char *input, int show_err)
{
	posix_spawn_file_actions_t fa;
	int p[2], st, rc;
	pid_t pid;
	size_t off = 0, len = input ? strlen(input) : 0;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[0], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (!show_err)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null",
		    O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[0]);
	if (rc != 0) {
		close(p[1]);
		return -rc;
	}
	signal(SIGPIPE, SIG_IGN);
	while (off < len) {
		ssize_t n = write(p[1], input + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += n;
	}
	close(p[1]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -EIO;
}

static int
hooked(const char *cmd, const char *table, const char *chain,
    const char *match, const char *target)
{
	char *argv[16];
	char buf[128], *tok, *save = NULL;
	int n = 0;

	argv[n++] = (char *)cmd;
	argv[n++] = "-w";
	argv[n++] = "-t";
	argv[n++] = (char *)table;
	argv[n++] = "-C";
	argv[n++] = (char *)chain;
	snprintf(buf, sizeof(buf), "%s", match);
	for (tok = strtok_r(buf, " ", &save); tok != NULL && n < 12;
	    tok = strtok_r(NULL, " ", &save))
		argv[n++] = tok;
	argv[n++] = "-j";
	argv[n++] = (char *)target;
	argv[n] = NULL;
	return run(argv, NULL, 0) == 0;
}

static const struct {
	const char	*chain, *match;
} hooks[] = {
	{ "FORWARD", "" },
	{ "INPUT", "! -i lo" },
	{ "OUTPUT", "! -o lo" },
};

static void
add_hooks(struct buf *b, const char *cmd)
{
	size_t i;

	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (!hooked(cmd, "filter", hooks[i].chain, hooks[i].match,
		    "ZBFW"))
			buf_printf(b, "-I %s 1 %s%s-j ZBFW\n", hooks[i].chain,
			    hooks[i].match, *hooks[i].match ? " " : "");
}

static int
install_family(int v6, unsigned queue)
{
	const char *cmd = v6 ? "ip6tables" : "iptables";
	char restore[32];
	char *argv[] = { restore, "-w", "--noflush", NULL };
	struct buf b;
	int rc;

	snprintf(restore, sizeof(restore), "%s-restore", cmd);
	buf_init(&b);
	buf_puts(&b, "*filter\n:ZBFW - [0:0]\n:ZBFW-SAVE - [0:0]\n");
	if (v6) {
		/* neighbour discovery and MLD are not connections */
		static const int nd[] = { 130, 131, 132, 133, 134, 135, 136,
		    137, 143 };
		size_t i;

		for (i = 0; i < sizeof(nd) / sizeof(nd[0]); i++)
			buf_printf(&b, "-A ZBFW -p ipv6-icmp -m icmp6 "
			    "--icmpv6-type %d -j RETURN\n", nd[i]);
	}
	buf_printf(&b,
	    "-A ZBFW -m connmark --mark 0x%08x/0x%08x -j RETURN\n"
	    "-A ZBFW -m connmark --mark 0x%08x/0x%08x "
	    "-m conntrack --ctdir ORIGINAL -j RETURN\n"
	    "-A ZBFW -m connmark --mark 0x%08x/0x%08x "
	    "-m conntrack --ctdir REPLY -j RETURN\n"
	    "-A ZBFW -m mark --mark 0x%08x/0x%08x -j ZBFW-SAVE\n"
	    "-A ZBFW -m mark --mark 0x%08x/0x%08x -j RETURN\n"
	    "-A ZBFW -j CONNMARK --restore-mark\n"
	    "-A ZBFW -m conntrack --ctdir REPLY -j MARK --or-mark 0x%08x\n"
	    "-A ZBFW -m conntrack --ctstate NEW -j MARK --or-mark 0x%08x\n"
	    "-A ZBFW -m conntrack --ctstate RELATED -j MARK --or-mark 0x%08x\n"
	    "-A ZBFW -j NFQUEUE --queue-num %u\n"
	    "-A ZBFW-SAVE -j CONNMARK --save-mark\n",
	    DPM_ZB | DPM_FWD | DPM_REV, DPM_ZB | DPM_FWD | DPM_REV | DPM_L7,
	    DPM_ZB | DPM_FWD, DPM_ZB | DPM_FWD | DPM_L7,
	    DPM_ZB | DPM_REV, DPM_ZB | DPM_REV | DPM_L7,
	    DPM_ZB, DPM_ZB, DPM_ZB, DPM_ZB,
	    DPM_I_REPLY, DPM_I_NEW, DPM_I_REL, queue);
	add_hooks(&b, cmd);
	buf_puts(&b, "COMMIT\n");
	rc = run(argv, b.p, 1);
	if (rc != 0)
		log_warnx("dataplane: %s failed (%d)", restore, rc);
	buf_free(&b);
	return rc == 0 ? 0 : rc < 0 ? rc : -EIO;
}

/* Conntrack knobs of this network namespace the dataplane relies on. */
static void
sysctl_set(const char *name, const char *val)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/netfilter/%s", name);
	if ((f = fopen(path, "w")) == NULL) {
		log_warn("dataplane: %s", path);
		return;
	}
	fputs(val, f);
	fclose(f);
}

int
dp_ipt_install(unsigned queue)
{
	int rc;

	if ((rc = install_family(0, queue)) < 0 ||
	    (rc = install_family(1, queue)) < 0)
		return rc;
	sysctl_set("nf_conntrack_acct", "1");	/* byte/packet counters */
	sysctl_set("nf_conntrack_events", "1");	/* session end events */
	return 0;
}
