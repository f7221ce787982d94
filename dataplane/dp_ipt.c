/*
 * The iptables side of the packet path, IPv4 and IPv6, installed in one
 * `iptables-restore --noflush` transaction per family (chains replaced
 * atomically, other rules untouched).  One table, one chain:
 *
 *   filter ZBFW (from FORWARD, INPUT ! -i lo, OUTPUT ! -o lo, position 1):
 *     connmark says accepted in this direction, no L7 -> RETURN (fast
 *     path: one connmark match per packet; the packet mark is not
 *     looked at, nor changed, so that another tool's unmasked
 *     save/restore of the whole mark stays consistent);
 *     a packet back from the daemon (NF_REPEAT) carries the per-start tag
 *     in bits 24-26 of its mark: ZBFW-SAVE saves zbfw's bits of its mark
 *     (DPM_SAVE, masked) as the connection's, clears the tag, and RETURNs
 *     through a copy of the fast path (ACCEPTs when the saved mark does
 *     not take the fast path, an L7 connection);
 *     otherwise replace zbfw's bits of the packet mark by the connmark's
 *     (whatever the packet arrived with), add the queue info bits (reply
 *     direction, NEW, RELATED) and NFQUEUE it, no bypass.
 *
 * Only zbfwd's verdict carries the tag: the connmark never holds bits
 * 24-26 (never saved), a queued packet's bits 24-26 are overwritten by the
 * chain, every verdict clears them (accept) or sets the tag (repeat), and
 * ZBFW-SAVE clears it before the packet goes on; so no packet leaves the
 * chain with the tag, and a mark inherited by decapsulation, restored by
 * another tool's CONNMARK --restore-mark or set by a MARK rule cannot hold
 * it unless that tool read the ruleset (root).  Zbfw's bits of such a mark
 * are then overwritten before the packet is queued: it is classified.
 *
 * The verdict cannot reach conntrack directly on this kernel; NF_REPEAT
 * runs the chain again with the verdict's mark, which the save rule
 * catches before the queue rule.  The chains stay after the daemon exits:
 * fail closed (see dp_stop).  The daemon checks them every few seconds
 * (dp_ipt_check) and restores them when another tool changed or removed
 * them.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dataplane/dp_int.h"
#include "lib/buf.h"
#include "lib/log.h"

extern char **environ;

/* Run argv with input on stdin (NULL: /dev/null); output to out (NULL:
 * /dev/null), stderr to /dev/null unless show_err.  Returns the exit
 * status, or -errno. */
static int
run_out(char *const argv[], const char *input, int show_err, struct buf *out)
{
	posix_spawn_file_actions_t fa;
	int p[2], o[2] = { -1, -1 }, st, rc;
	pid_t pid;
	size_t off = 0, len = input ? strlen(input) : 0;
	char chunk[4096];
	ssize_t n;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	if (out != NULL && pipe2(o, O_CLOEXEC) < 0) {
		rc = -errno;
		close(p[0]);
		close(p[1]);
		return rc;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[0], 0);
	if (out != NULL)
		posix_spawn_file_actions_adddup2(&fa, o[1], 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
		    0);
	if (!show_err)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY,
		    0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[0]);
	if (out != NULL)
		close(o[1]);
	if (rc != 0) {
		close(p[1]);
		if (out != NULL)
			close(o[0]);
		return -rc;
	}
	signal(SIGPIPE, SIG_IGN);
	while (off < len) {
		n = write(p[1], input + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += n;
	}
	close(p[1]);
	while (out != NULL) {
		n = read(o[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || buf_append(out, chunk, n) < 0)
			break;
	}
	if (out != NULL)
		close(o[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -EIO;
}

static int
run(char *const argv[], const char *input, int show_err)
{
	return run_out(argv, input, show_err, NULL);
}

static int
hooked(const char *cmd, const char *table, const char *chain, const char *match,
    const char *target)
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
	const char *chain, *match;
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

/* The fast path: the connmark says accepted in this direction, no L7. */
static void
fast_path(struct buf *b, const char *chain)
{
	buf_printf(b,
	    "-A %s -m connmark --mark 0x%08x/0x%08x -j RETURN\n"
	    "-A %s -m connmark --mark 0x%08x/0x%08x "
	    "-m conntrack --ctdir ORIGINAL -j RETURN\n"
	    "-A %s -m connmark --mark 0x%08x/0x%08x "
	    "-m conntrack --ctdir REPLY -j RETURN\n",
	    chain, DPM_ZB | DPM_FWD | DPM_REV,
	    DPM_ZB | DPM_FWD | DPM_REV | DPM_L7, chain, DPM_ZB | DPM_FWD,
	    DPM_ZB | DPM_FWD | DPM_L7, chain, DPM_ZB | DPM_REV,
	    DPM_ZB | DPM_REV | DPM_L7);
}

static int
install_family(int v6, unsigned queue, uint32_t tag)
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
			buf_printf(&b,
			    "-A ZBFW -p ipv6-icmp -m icmp6 "
			    "--icmpv6-type %d -j RETURN\n",
			    nd[i]);
	}
	fast_path(&b, "ZBFW");
	/* after the fast path, which trusts the connmark only: the saved
	 * packet comes back from ZBFW-SAVE only when its new connmark takes
	 * the fast path, which the copy below returns */
	buf_printf(&b, "-A ZBFW -m mark --mark 0x%08x/0x%08x -j ZBFW-SAVE\n",
	    tag, DPM_I_MASK);
	fast_path(&b, "ZBFW");
	buf_printf(&b,
	    "-A ZBFW -j CONNMARK --restore-mark --nfmask 0x%08x "
	    "--ctmask 0x%08x\n"
	    "-A ZBFW -m conntrack --ctdir REPLY -j MARK --or-mark 0x%08x\n"
	    "-A ZBFW -m conntrack --ctstate NEW -j MARK --or-mark 0x%08x\n"
	    "-A ZBFW -m conntrack --ctstate RELATED -j MARK --or-mark 0x%08x\n"
	    "-A ZBFW -j NFQUEUE --queue-num %u\n"
	    "-A ZBFW-SAVE -j CONNMARK --save-mark --nfmask 0x%08x "
	    "--ctmask 0x%08x\n"
	    "-A ZBFW-SAVE -j MARK --and-mark 0x%08x\n",
	    DPM_OWN, DPM_SAVE, DPM_I_REPLY, DPM_I_NEW, DPM_I_REL, queue,
	    DPM_SAVE, DPM_SAVE, ~DPM_I_MASK);
	fast_path(&b, "ZBFW-SAVE");
	buf_puts(&b, "-A ZBFW-SAVE -j ACCEPT\n");
	add_hooks(&b, cmd);
	buf_puts(&b, "COMMIT\n");
	rc = run(argv, b.p, 1);
	if (rc != 0)
		log_warnx("dataplane: %s failed (%d)", restore, rc);
	buf_free(&b);
	return rc == 0 ? 0 : rc < 0 ? rc : -EIO;
}

/* What iptables-save says of zbfw's chains and of the jumps to them. */
static int
snapshot(int v6, struct buf *out)
{
	char save[32], *line, *nl;
	char *argv[] = { save, "-t", "filter", NULL };
	struct buf b;
	int rc;

	snprintf(save, sizeof(save), "%s-save", v6 ? "ip6tables" : "iptables");
	buf_init(&b);
	buf_reset(out);
	if ((rc = run_out(argv, NULL, 0, &b)) != 0 ||
	    buf_append(&b, "", 0) < 0) {
		buf_free(&b);
		return rc < 0 ? rc : rc > 0 ? -EIO : -ENOMEM;
	}
	for (line = b.p; line != NULL && *line != '\0'; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		if (strncmp(line, "-A ZBFW ", 8) == 0 ||
		    strncmp(line, "-A ZBFW-SAVE ", 13) == 0 ||
		    (strncmp(line, "-A ", 3) == 0 &&
			strstr(line, " -j ZBFW") != NULL &&
			strcmp(strstr(line, " -j ZBFW"), " -j ZBFW") == 0)) {
			buf_puts(out, line);
			buf_putc(out, '\n');
		}
	}
	buf_free(&b);
	return buf_append(out, "", 0) < 0 ? -ENOMEM : 0;
}

static int
install_checked(struct dp *dp, int v6)
{
	int rc;

	if ((rc = install_family(v6, dp->queue, dp->mark_tag)) < 0)
		return rc;
	if ((rc = snapshot(v6, &dp->ipt_ref[v6])) < 0)
		log_warnx("dataplane: %s-save failed (%d): the chains are not "
			  "watched",
		    v6 ? "ip6tables" : "iptables", rc);
	return 0;
}

/*
 * The chains as installed, or restored: another tool that flushed,
 * deleted or edited ZBFW or ZBFW-SAVE, or removed a jump to ZBFW, opened
 * (or broke) the firewall; say so and install them again.
 */
void
dp_ipt_check(struct dp *dp)
{
	struct buf now;
	int v6;

	buf_init(&now);
	for (v6 = 0; v6 < 2; v6++) {
		if (dp->ipt_ref[v6].p == NULL || snapshot(v6, &now) < 0)
			continue;
		if (strcmp(now.p, dp->ipt_ref[v6].p) == 0)
			continue;
		dp->ipt_restored++;
		log_fw(2, "CHAINS_CHANGED",
		    "%s chain ZBFW or its jumps were "
		    "changed or removed by another tool; restoring them",
		    v6 ? "IPv6" : "IPv4");
		if (install_checked(dp, v6) == 0)
			log_fw(5, "CHAINS_RESTORED",
			    "%s chain ZBFW and its "
			    "jumps restored",
			    v6 ? "IPv6" : "IPv4");
	}
	buf_free(&now);
}

void
dp_ipt_fini(struct dp *dp)
{
	buf_free(&dp->ipt_ref[0]);
	buf_free(&dp->ipt_ref[1]);
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
dp_ipt_install(struct dp *dp)
{
	uint8_t r;
	int rc;

	/* the tag: 1..7 in bits 24-26, new at every start */
	if (getrandom(&r, 1, 0) != 1)
		return -errno;
	dp->mark_tag = (uint32_t)(1 + r % 7) << 24;
	buf_init(&dp->ipt_ref[0]);
	buf_init(&dp->ipt_ref[1]);
	if ((rc = install_checked(dp, 0)) < 0 ||
	    (rc = install_checked(dp, 1)) < 0)
		return rc;
	sysctl_set("nf_conntrack_acct", "1");	/* byte/packet counters */
	sysctl_set("nf_conntrack_events", "1"); /* session end events */
	return 0;
}
