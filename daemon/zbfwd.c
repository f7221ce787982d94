/*
 * zbfwd: the zone-based firewall daemon.  One libevent loop serves the
 * console socket, the telnet and SSH vtys and the dataplane.
 *
 * zbfwd [-Dv] [-f FILE] [-S SOCKET] [-t [ADDR:]PORT] [--ssh [ADDR:]PORT]
 *       [-K DIR] [-q QUEUE] [--no-dataplane] [--check] [--dump-commands]
 *
 * It stays in the foreground (what systemd's Type=simple expects, and what
 * OpenBSD daemons do with -d); -D/--daemon detaches.  -d is refused: it
 * meant "detach" here and "do not detach" on OpenBSD.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "dataplane/dp.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"
#include "zones/policy.h"
#include "zones/zones.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#ifndef RUNSTATEDIR
#define RUNSTATEDIR "/run"
#endif

#define DEFAULT_CONFIG SYSCONFDIR "/zbfw/startup-config"
#define DEFAULT_SOCKET RUNSTATEDIR "/zbfw/zbfwd.sock"

#define USAGE                                                                  \
	"usage: zbfwd [-Dv] [-f FILE] [-S SOCKET] [-t [ADDR:]PORT] "           \
	"[--ssh [[ADDR:]PORT]]\n"                                              \
	"             [-K DIR] [-q QUEUE] [--no-dataplane] [--check] "         \
	"[--dump-commands]\n"

#define HELP                                                                   \
	USAGE                                                                  \
	"  -f FILE          startup-config (default %s)\n"                     \
	"  -S SOCKET        console socket (default %s)\n"                     \
	"  -t [ADDR:]PORT   telnet listener, 0 a free port, none for no "      \
	"telnet (default 23)\n"                                                \
	"  --ssh [[ADDR:]PORT]\n"                                              \
	"                   SSH listener, 0 a free port (default 22: --ssh "   \
	"alone or\n"                                                           \
	"                   ADDR:; without --ssh there is no SSH server)\n"    \
	"  -K DIR           SSH host keys (default: the startup-config's "     \
	"directory)\n"                                                         \
	"  -q QUEUE         NFQUEUE number (default 0)\n"                      \
	"  -D, --daemon     detach and log to syslog (default: stay in the "   \
	"foreground,\n"                                                        \
	"                   log to stderr)\n"                                  \
	"  -v, --verbose    log the daemon's debug messages (telnet protocol " \
	"errors)\n"                                                            \
	"  --no-dataplane   configuration and CLI only, no packets\n"          \
	"  --check          load FILE, print its errors, exit 1 if any\n"      \
	"  --dump-commands  print the command reference (Markdown)\n"          \
	"  -h, --help       this text\n"

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct zbfw *z = arg;

	log_info("zbfwd: signal %d, exiting", (int)sig);
	event_base_loopbreak(z->evb);
}

static int
write_port_file(const char *sock, const char *what, const char *bound)
{
	char *path, *tmp;
	FILE *f;
	int rc = 0;

	if (asprintf(&path, "%s.%s", sock, what) < 0)
		return -ENOMEM;
	if (asprintf(&tmp, "%s.%s.tmp", sock, what) < 0) {
		free(path);
		return -ENOMEM;
	}
	if ((f = fopen(tmp, "w")) == NULL)
		rc = -errno;
	else {
		fprintf(f, "%s\n", bound);
		if (fclose(f) != 0 || rename(tmp, path) < 0)
			rc = -errno;
	}
	free(path);
	free(tmp);
	return rc;
}

/* Where a listener is: on stderr in the foreground (tests read it). */
static void
announce(bool detach, const char *what, const char *bound)
{
	if (detach)
		log_info("zbfwd: %s on %s", what, bound);
	else {
		fprintf(stderr, "zbfwd: %s on %s\n", what, bound);
		fflush(stderr);
	}
}

static void
state_free(struct zbfw *z)
{
	zbfw_commit_shutdown(z);
	if (z->graph != NULL)
		zone_graph_free((struct zone_graph *)z->graph);
	z->graph = NULL;
	zone_cfg_free(z->cfg);
	mgmt_cfg_free(z->mgmt);
	cli_free(z->cli);
	ssh_srv_free(z->ssh);
	z->ssh = NULL;
	vty_lines_free(z);
}

int
main(int argc, char *argv[])
{
	enum { OPT_NODP = 256, OPT_CHECK, OPT_DUMP, OPT_SSH };
	static const struct option longopts[] = { { "daemon", no_argument, NULL,
						      'D' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-dataplane", no_argument, NULL, OPT_NODP },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "dump-commands", no_argument, NULL, OPT_DUMP },
		{ "ssh", optional_argument, NULL, OPT_SSH },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *file = DEFAULT_CONFIG, *sock = DEFAULT_SOCKET;
	const char *telnet = "23", *ssh = NULL, *keydir = NULL;
	char sshspec[128], kdir[PATH_MAX], sdir[PATH_MAX], spath[PATH_MAX];
	struct dp_config dcfg = { .queue = 0 };
	bool detach = false, nodp = false, check = false, dump = false;
	struct event *sigterm, *sigint;
	struct zbfw z;
	struct buf errs;
	char bound[128];
	char *end;
	int ch, rc, bad;

	while ((ch = getopt_long(argc, argv, "f:S:t:K:q:dDvh", longopts,
		    NULL)) != -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			break;
		case 'S':
			sock = optarg;
			break;
		case 't':
			telnet = optarg;
			break;
		case OPT_SSH:
			/* --ssh alone: port 22; --ssh SPEC and --ssh=SPEC. */
			ssh = optarg != NULL ? optarg :
			    optind < argc && argv[optind][0] != '-' ?
					       argv[optind++] :
					       "22";
			break;
		case 'K':
			keydir = optarg;
			break;
		case 'q':
			errno = 0;
			dcfg.queue = (unsigned)strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || dcfg.queue > 65535) {
				fprintf(stderr, "zbfwd: bad queue number %s\n",
				    optarg);
				return 2;
			}
			break;
		case 'd':
			fprintf(stderr,
			    "zbfwd: -d is not an option: zbfwd "
			    "stays in the foreground unless given -D "
			    "(--daemon)\n" USAGE);
			return 2;
		case 'D':
			detach = true;
			break;
		case 'v':
			log_debug_flags |= DBG_DAEMON;
			break;
		case OPT_NODP:
			nodp = true;
			break;
		case OPT_CHECK:
			check = true;
			break;
		case OPT_DUMP:
			dump = true;
			break;
		case 'h':
			printf(HELP, DEFAULT_CONFIG, DEFAULT_SOCKET);
			return fflush(stdout) == 0 ? 0 : 1;
		default:
			fputs(USAGE, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(USAGE, stderr);
		return 2;
	}

	log_init(1, "zbfwd");
	/* Each compile builds a graph as large as the configuration and frees
	 * the previous one: keep that memory in the heap for the next compile
	 * rather than unmapping it and faulting it in again (a 100,000-line
	 * configuration compiles about twice as fast). */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
	signal(SIGPIPE, SIG_IGN);
	memset(&z, 0, sizeof(z));
	z.startup_path = file;
	z.sock_path = sock;
	z.boot_time = time(NULL);
	if ((z.cfg = zone_cfg_new()) == NULL ||
	    (z.mgmt = mgmt_cfg_new()) == NULL || (z.cli = cli_new()) == NULL ||
	    ssh_srv_new(&z, &z.ssh) < 0)
		fatalx("out of memory");
	daemon_cli_init(&z);
	if (dump) {
		daemon_cli_init_dp(&z);
		buf_init(&errs);
		cli_doc_markdown(z.cli, &errs);
		fwrite(errs.p, 1, errs.len, stdout);
		buf_free(&errs);
		state_free(&z);
		return fflush(stdout) == 0 ? 0 : 1;
	}

	if (!check)
		config_cleanup_temps(file);
	buf_init(&errs);
	bad = config_load(&z, file, &errs);
	if (errs.len > 0) {
		fwrite(errs.p, 1, errs.len, stderr);
		fflush(stderr);
	}
	buf_free(&errs);
	if (bad < 0) {
		fprintf(stderr, "zbfwd: %s: %s\n", file, strerror(-bad));
		state_free(&z);
		return 1;
	}
	if (check) {
		state_free(&z);
		return bad > 0 ? 1 : 0;
	}

	if (detach) {
		if (daemon(0, 0) < 0)
			fatal("daemon");
		log_init(0, "zbfwd");
	}
	if ((z.evb = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	if ((rc = authq_start(z.evb, &z.authq)) < 0) {
		fprintf(stderr, "%% zbfwd: login checker thread: %s\n",
		    strerror(-rc));
		return 1;
	}

	if (!nodp) {
		dcfg.evb = z.evb;
		dcfg.graph = z.graph;
		/* the SIP ALG's state beside the console socket (/run/zbfw) */
		snprintf(sdir, sizeof(sdir), "%s", sock);
		snprintf(spath, sizeof(spath), "%s/sip-alg.state",
		    dirname(sdir));
		dcfg.sip_state = spath;
		if ((rc = dp_start(&dcfg, &z.dp)) < 0) {
			fprintf(stderr,
			    "%% zbfwd: cannot start the dataplane: "
			    "%s%s\n",
			    strerror(-rc),
			    rc == -EPERM ?
				" (needs CAP_NET_ADMIN; use --no-dataplane to run "
				"the CLI only)" :
				"");
			return 1;
		}
		z.sip = dp_sip_alg(z.dp);
		zone_cfg_set_stats(z.cfg, &dp_stats_ops, z.dp);
	}
	daemon_cli_init_dp(&z);
	if ((rc = console_listen(&z, sock)) < 0) {
		fprintf(stderr, "%% zbfwd: console socket %s: %s\n", sock,
		    strerror(-rc));
		return 1;
	}
	if (strcmp(telnet, "none") != 0) {
		if ((rc = vty_listen(&z, telnet, bound, sizeof(bound))) < 0) {
			fprintf(stderr, "%% zbfwd: telnet %s: %s\n", telnet,
			    strerror(-rc));
			console_shutdown(&z);
			return 1;
		}
		announce(detach, "telnet", bound);
		if (write_port_file(sock, "port", bound) < 0)
			log_warn("%s.port", sock);
	}
	if (ssh != NULL) {
		/* "ADDR:" alone means port 22. */
		snprintf(sshspec, sizeof(sshspec), "%s%s", ssh,
		    ssh[0] != '\0' && ssh[strlen(ssh) - 1] == ':' ? "22" : "");
		if (keydir == NULL) {
			snprintf(kdir, sizeof(kdir), "%s", file);
			keydir = dirname(kdir);
		}
		if ((rc = ssh_listen(z.ssh, sshspec, keydir, bound,
			 sizeof(bound))) < 0) {
			fprintf(stderr,
			    "%% zbfwd: ssh %s (host keys in %s): "
			    "%s\n",
			    ssh, keydir, strerror(-rc));
			vty_shutdown(&z);
			console_shutdown(&z);
			return 1;
		}
		announce(detach, "ssh", bound);
		if (write_port_file(sock, "ssh-port", bound) < 0)
			log_warn("%s.ssh-port", sock);
	}

	sigterm = evsignal_new(z.evb, SIGTERM, on_signal, &z);
	sigint = evsignal_new(z.evb, SIGINT, on_signal, &z);
	if (sigterm == NULL || sigint == NULL ||
	    evsignal_add(sigterm, NULL) < 0 || evsignal_add(sigint, NULL) < 0)
		fatalx("cannot install signal handlers");
	if (sys_cpu_start(&z) < 0)
		fatalx("out of memory");
	log_info("zbfwd: ready (config %s, %u error%s)", file, (unsigned)bad,
	    bad == 1 ? "" : "s");

	event_base_dispatch(z.evb);

	ssh_srv_free(z.ssh);
	z.ssh = NULL;
	vty_shutdown(&z);
	vty_lines_free(&z);  /* after telnet's and SSH's vtys */
	authq_stop(z.authq); /* after the sessions that use it */
	z.authq = NULL;
	console_shutdown(&z);
	if (z.dp != NULL) {
		zone_cfg_set_stats(z.cfg, NULL, NULL);
		z.sip = NULL;
		dp_stop(z.dp);
		z.dp = NULL;
	}
	z.sip_cli.alg = NULL;
	event_free(sigterm);
	event_free(sigint);
	sys_cpu_stop(&z);
	event_base_free(z.evb);
	state_free(&z);
	{
		char *port;

		if (asprintf(&port, "%s.port", sock) >= 0) {
			unlink(port);
			free(port);
		}
		if (asprintf(&port, "%s.ssh-port", sock) >= 0) {
			unlink(port);
			free(port);
		}
	}
	return 0;
}
