/*
 * show processes cpu from /proc: a 5-second sampler (a libevent timer on
 * the daemon's loop) reads /proc/stat and every /proc/PID/stat; the
 * five-second figure is the last interval, the one- and five-minute
 * figures decay exponentially as IOS's do.  The second number of
 * "five seconds: A%/B%" is the interrupt share (irq + softirq).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "daemon/sys_int.h"
#include "lib/buf.h"

#define CPU_TICK_S 5
#define CPU_PROCS_MAX 65536 /* processes followed at most */
/* The decay per 5 s tick of the 1 and 5 minute figures: exp(-5/60) and
 * exp(-5/300) (constants: no libm for two numbers). */
#define CPU_A1 0.920044414629323
#define CPU_A5 0.983471453821617

struct cpu_proc {
	int pid;
	unsigned long long ticks; /* utime + stime */
	double s5, m1, m5;	  /* percent of all CPUs */
};

struct sys_cpu {
	struct event *ev;
	unsigned long long total, busy, irq; /* /proc/stat, ticks */
	bool sampled;			     /* one interval done */
	double s5, s5irq, m1, m5;
	struct cpu_proc *procs; /* sorted by pid */
	size_t nprocs;
};

static int
stat_totals(unsigned long long *total, unsigned long long *busy,
    unsigned long long *irq)
{
	unsigned long long v[8] = { 0 };
	FILE *f;
	int n;

	if ((f = fopen("/proc/stat", "re")) == NULL)
		return -errno;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
	    &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n < 4)
		return -EIO;
	*total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
	*busy = *total - v[3] - v[4]; /* less idle and iowait */
	*irq = v[5] + v[6];
	return 0;
}

/* utime + stime of one process, and its name (comm); 0 or -errno. */
static int
proc_ticks(int pid, unsigned long long *ticks, char *name, size_t len)
{
	char path[64], line[1024], *l, *r;
	unsigned long long ut, st;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((f = fopen(path, "re")) == NULL)
		return -errno;
	l = fgets(line, sizeof(line), f);
	fclose(f);
	/* "PID (comm) S ..." where comm may hold spaces and ')' */
	if (l == NULL || (l = strchr(line, '(')) == NULL ||
	    (r = strrchr(line, ')')) == NULL || r < l)
		return -EIO;
	if (name != NULL)
		snprintf(name, len, "%.*s", (int)(r - l - 1), l + 1);
	if (sscanf(r + 2,
		"%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu "
		"%llu",
		&ut, &st) != 2)
		return -EIO;
	*ticks = ut + st;
	return 0;
}

static int
pid_cmp(const void *a, const void *b)
{
	const struct cpu_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static const struct cpu_proc *
proc_find(const struct sys_cpu *c, int pid)
{
	struct cpu_proc key = { .pid = pid };

	if (c->nprocs == 0)
		return NULL;
	return bsearch(&key, c->procs, c->nprocs, sizeof(key), pid_cmp);
}

/* Every process's ticks, with its figures carried from the last sample. */
static void
sample_procs(struct sys_cpu *c, unsigned long long dtotal, double a1, double a5)
{
	struct cpu_proc *v = NULL, *nv;
	const struct cpu_proc *old;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int pid;

	if ((d = opendir("/proc")) == NULL)
		return;
	while ((de = readdir(d)) != NULL && n < CPU_PROCS_MAX) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = atoi(de->d_name);
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				break;
			v = nv;
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].pid = pid;
		if (proc_ticks(pid, &v[n].ticks, NULL, 0) < 0)
			continue;
		if ((old = proc_find(c, pid)) != NULL && dtotal > 0 &&
		    v[n].ticks >= old->ticks) {
			v[n].s5 = 100.0 * (double)(v[n].ticks - old->ticks) /
			    (double)dtotal;
			/* The first interval starts the averages, as for
			 * the system's. */
			v[n].m1 = c->sampled ?
			    old->m1 * a1 + v[n].s5 * (1 - a1) :
			    v[n].s5;
			v[n].m5 = c->sampled ?
			    old->m5 * a5 + v[n].s5 * (1 - a5) :
			    v[n].s5;
		}
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), pid_cmp);
	free(c->procs);
	c->procs = v;
	c->nprocs = n;
}

static void
cpu_tick(evutil_socket_t fd, short what, void *arg)
{
	struct sys_cpu *c = arg;
	unsigned long long total, busy, irq, dt;
	double a1 = CPU_A1, a5 = CPU_A5;

	if (stat_totals(&total, &busy, &irq) < 0 || total <= c->total)
		return;
	dt = total - c->total;
	c->s5 = 100.0 * (double)(busy - c->busy) / (double)dt;
	c->s5irq = 100.0 * (double)(irq - c->irq) / (double)dt;
	c->m1 = c->sampled ? c->m1 * a1 + c->s5 * (1 - a1) : c->s5;
	c->m5 = c->sampled ? c->m5 * a5 + c->s5 * (1 - a5) : c->s5;
	c->total = total;
	c->busy = busy;
	c->irq = irq;
	sample_procs(c, dt, a1, a5);
	c->sampled = true;
}

int
sys_cpu_start(struct zbfw *z)
{
	struct timeval tv = { CPU_TICK_S, 0 };
	struct sys_cpu *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -ENOMEM;
	if ((c->ev = event_new(z->evb, -1, EV_PERSIST, cpu_tick, c)) == NULL ||
	    event_add(c->ev, &tv) < 0) {
		if (c->ev != NULL)
			event_free(c->ev);
		free(c);
		return -ENOMEM;
	}
	if (stat_totals(&c->total, &c->busy, &c->irq) == 0)
		sample_procs(c, 0, 0, 0);
	z->cpu = c;
	return 0;
}

void
sys_cpu_stop(struct zbfw *z)
{
	struct sys_cpu *c = z->cpu;

	if (c == NULL)
		return;
	event_free(c->ev);
	free(c->procs);
	free(c);
	z->cpu = NULL;
}

/* Context switches of a process (IOS's "Invoked"). */
static unsigned long long
proc_switches(int pid)
{
	char path[64], line[256];
	unsigned long long n, sum = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "voluntary_ctxt_switches: %llu", &n) == 1 ||
		    sscanf(line, "nonvoluntary_ctxt_switches: %llu", &n) == 1)
			sum += n;
	fclose(f);
	return sum;
}

static int
cmd_show_proc_cpu(struct cli_ctx *cx, const struct cli_args *a)
{
	struct zbfw *z = cli_module(cx);
	const struct sys_cpu *c = z->cpu;
	unsigned long long total, busy, irq, ticks, inv, ms;
	double s5, s5irq, m1, m5;
	long hz = sysconf(_SC_CLK_TCK);
	const struct cpu_proc *p;
	char name[64];
	size_t i;

	if (c == NULL || stat_totals(&total, &busy, &irq) < 0)
		return cli_error(cx, "CPU statistics are not available");
	if (c->sampled) {
		s5 = c->s5;
		s5irq = c->s5irq;
		m1 = c->m1;
		m5 = c->m5;
	} else {
		/* The first 5 s after start: the averages since boot. */
		s5 = m1 = m5 = 100.0 * (double)busy / (double)total;
		s5irq = 100.0 * (double)irq / (double)total;
	}
	cli_printf(cx,
	    "CPU utilization for five seconds: %.0f%%/%.0f%%; one "
	    "minute: %.0f%%; five minutes: %.0f%%\n",
	    s5, s5irq, m1, m5);
	cli_puts(cx,
	    " PID Runtime(ms)     Invoked      uSecs   5Sec   1Min"
	    "   5Min TTY Process \n");
	for (i = 0; i < c->nprocs; i++) {
		p = &c->procs[i];
		if (proc_ticks(p->pid, &ticks, name, sizeof(name)) < 0)
			continue; /* ended since the sample */
		ms = hz > 0 ? ticks * 1000 / (unsigned long long)hz : 0;
		inv = proc_switches(p->pid);
		cli_printf(cx,
		    "%4d %11llu %11llu %10llu %5.2f%% %5.2f%% "
		    "%5.2f%% %3d %s\n",
		    p->pid, ms, inv, inv > 0 ? ms * 1000 / inv : 0, p->s5,
		    p->m1, p->m5, 0, name);
	}
	return CLI_OK;
}

static const struct cli_cmd sys_cpu_cmds[] = {
	{ CLI_MODE_EXEC, "show processes cpu",
	    { "Show running system information", "Active process statistics",
		"Show CPU use per process" },
	    cmd_show_proc_cpu, CLI_F_NONO },
};

void
sys_cpu_cli_init(struct zbfw *z)
{
	cli_register(z->cli, sys_cpu_cmds,
	    sizeof(sys_cpu_cmds) / sizeof(sys_cpu_cmds[0]), z);
}
