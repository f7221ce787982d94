/* zbfwd internals shared by the daemon's files (not a module contract). */
#ifndef ZB_DAEMON_H
#define ZB_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/queue.h>
#include <time.h>

#include "alg/sip.h"
#include "cli/cli.h"
#include "lib/buf.h"

struct event;
struct event_base;
struct zone_cfg;   /* zones/zones.h: the configuration model */
struct zone_graph; /* zones/policy.h: compiled, immutable */
struct dp;	   /* dataplane/dp.h: NULL with --no-dataplane */
struct mgmt_cfg;   /* mgmt/mgmt.h: hostname, users, lines, secrets */
struct mgmt_user;
struct mgmt_line;
struct sys_cpu; /* daemon/sys_cpu.c: show processes cpu */

/*
 * The daemon's state.  The CLI edits cfg (and mgmt) through the module
 * contexts the rows were registered with; commit.c compiles cfg into a new
 * immutable graph (the dataplane reads only the graph).
 */
struct zbfw {
	struct event_base *evb;
	struct cli *cli; /* the command rows */
	struct zone_cfg *cfg;
	const struct zone_graph *graph;
	struct dp *dp;
	struct mgmt_cfg *mgmt;
	struct sip_alg *sip;	     /* NULL until the daemon creates it */
	struct ssh_srv *ssh;	     /* SSH vtys and `ip ssh` */
	struct vty_srv *vty;	     /* telnet vtys (vty.c) */
	struct vty_lines *lines;     /* vty lines, login block-for */
	struct console_srv *console; /* the console socket */
	struct sys_cpu *cpu;	     /* show processes cpu sampler */
	struct authq *authq;	     /* login checks; NULL: in place */
	struct sip_cli_ctx sip_cli;  /* the SIP rows' context */
	const char *startup_path;    /* -f */
	const char *sock_path;	     /* -S */
	time_t boot_time;
	unsigned commits; /* graph generations */
	/* commit.c: configuration changes not compiled yet */
	bool dirty;
	struct event *apply_ev; /* deferred compile */
	double compile_s;	/* duration of the last compile */
};

/*
 * Every interactive session (console socket or vty), for `show users`
 * and for the login/line bookkeeping.
 */
struct fe_sess {
	TAILQ_ENTRY(fe_sess) entry;
	struct cli_session *cs;
	bool vty;   /* else console */
	int lineno; /* vty N or con 0 */
	char user[64];
	char host[64];	   /* peer address, "" on console */
	int localport;	   /* vty: telnet's or SSH's port */
	double last_input; /* CLOCK_MONOTONIC seconds */
	/* A command that goes on after its line (CLI_WAIT): the front end
	 * that can wait sets answer, which ends the line with (rc, out);
	 * the command's job is cancelled if the session ends first. */
	void (*answer)(void *arg, int rc, struct buf *out);
	void *answer_arg;
	void (*cancel)(void *job);
	void *job;
};
TAILQ_HEAD(fe_list, fe_sess);
extern struct fe_list fe_sessions;

void fe_add(struct fe_sess *);
void fe_del(struct fe_sess *);
double fe_now(void);
/* True when the session waits for a command, not for pending input. */
bool fe_cli_ready(struct cli_session *);
/* The interactive session of cs, if its front end can wait for a command
 * (CLI_WAIT); NULL otherwise.  fe_wait() records the command's job (one
 * at a time), fe_done() ends the line with (rc, out) and forgets it. */
struct fe_sess *fe_waitable(struct cli_session *);
void fe_wait(struct fe_sess *, void (*cancel)(void *job), void *job);
void fe_done(struct fe_sess *, int rc, struct buf *out);
/* Run a line in f (logs %SYS-5-CONFIG_I on leaving config mode). */
int fe_line(struct fe_sess *, const char *line, struct buf *out);

/* login.c: login on a line (vty or console). */
struct mgmt_line;
enum login_state { LOGIN_USER, LOGIN_PASS, LOGIN_DONE };
struct authq_job;
struct login {
	enum login_state st;
	int mode; /* enum mgmt_login */
	int tries;
	/* A front end that can wait for the answer to a password (telnet
	 * vtys) sets answer: login_line() then returns TERM_LINE_WAIT and
	 * the check runs off the loop (authq.c); answer(answer_arg, rc,
	 * out) gives login_line()'s result later, in the loop.  Without it
	 * (the console) the check runs in place. */
	void (*answer)(void *arg, int rc, struct buf *out);
	void *answer_arg;
	struct authq_job *job; /* the check under way */
	struct zbfw *z;	       /* for the answer */
	const struct mgmt_line *l;
	struct fe_sess *f;
};
/* Banner and "User Access Verification" go to out.  Returns 1 when the
 * login prompts follow, 0 when the session is in EXEC already (no login),
 * -1 when it must be closed (login without a password; message in out). */
int login_begin(struct login *, struct zbfw *, const struct mgmt_line *,
    struct fe_sess *, struct buf *out);
/* A line typed at the login prompts: CLI_OK, or CLI_CLOSE after three
 * failures, or TERM_LINE_WAIT (see struct login).  Success sets the
 * session's privilege and LOGIN_DONE. */
int login_line(struct login *, struct zbfw *, const struct mgmt_line *,
    struct fe_sess *, const char *line, struct buf *out);
/* The session is going: its check under way is forgotten. */
void login_cancel(struct login *);
/* The line's login rule for user/pw (telnet and SSH): the privilege level,
 * or -EACCES (a failure for login block-for).  login_check() checks in
 * place; login_check_async() hands the check to z->authq and done(arg,
 * ok) later gives login_finish() its ok (0 or -errno). */
int login_check(struct zbfw *, const struct mgmt_line *, struct fe_sess *,
    const char *user, const char *pw);
int login_check_async(struct zbfw *, const struct mgmt_line *, const char *user,
    const char *pw, void (*done)(void *, bool), void *arg, struct authq_job **);
int login_finish(struct zbfw *, const struct mgmt_line *, struct fe_sess *,
    const char *user, bool ok);

/* authq.c: one worker thread checks login secrets off the loop (a type 9
 * check costs about 6 ms and the loop carries the packet path).  The job
 * copies the credential (u for login local, else l's password) and pw;
 * done(arg, ok) runs in the loop unless authq_cancel() came first. */
struct authq;
int authq_start(struct event_base *, struct authq **);
void authq_stop(struct authq *);
int authq_check(struct authq *, const struct mgmt_user *u,
    const struct mgmt_line *l, const char *pw, void (*done)(void *arg, bool ok),
    void *arg, struct authq_job **);
void authq_cancel(struct authq_job *);
/* banner motd, if any, on out. */
void login_banner(struct zbfw *, struct buf *out);
/* "Username: " / "Password: ", or NULL once logged in. */
const char *login_prompt(const struct login *);
bool login_echo(const struct login *);

/* console.c: the UNIX socket. */
int console_listen(struct zbfw *, const char *path);
void console_shutdown(struct zbfw *);

/* vty.c: the telnet listener.  spec is "[ADDR:]PORT"; the bound address
 * is written to bound (ADDR:PORT). */
int vty_listen(struct zbfw *, const char *spec, char *bound, size_t len);
void vty_shutdown(struct zbfw *);
/* End the session on vty N (`clear line vty N`): 0 or -ENOENT. */
int vty_clear_line(struct zbfw *, int line);

/* vty_lines.c: the vty lines, shared by telnet and SSH, and login
 * block-for (z->lines): vty_lines_init() before use, vty_lines_free()
 * after the last vty; vty_line_take() gives the lowest free line
 * accepting transport tr (MGMT_TR_*), or -1; vty_line_put() frees it. */
int vty_lines_init(struct zbfw *);
void vty_lines_free(struct zbfw *);
int vty_line_take(struct zbfw *, unsigned tr);
void vty_line_put(struct zbfw *, int line);
int vty_lines_with(struct zbfw *, unsigned tr);
/* login block-for: a login from host to the local port (telnet's or
 * SSH's), for the %SEC_LOGIN lines and the quiet mode. */
void vty_login_failed(struct zbfw *, const char *user, const char *host,
    int port);
void vty_login_ok(struct zbfw *, const char *user, const char *host, int port);
/* login block-for's quiet mode: refuse connections. */
bool vty_quiet(struct zbfw *);
/* Summary lines for `show login`. */
void vty_show_login(struct zbfw *, struct buf *out);

/*
 * ssh.c: the SSH vtys (libssh).  ssh_srv_new() before the configuration
 * is loaded (its rows, ssh_cli.c, keep `ip ssh …` in it); ssh_listen()
 * loads or makes the host keys in keydir and listens on spec
 * ("[ADDR:]PORT"), writing the bound address to bound.
 */
struct ssh_srv;
int ssh_srv_new(struct zbfw *, struct ssh_srv **);
int ssh_listen(struct ssh_srv *, const char *spec, const char *keydir,
    char *bound, size_t len);
void ssh_srv_free(struct ssh_srv *);
/* End the SSH session on vty N (`clear line vty N`): 0 or -ENOENT. */
int ssh_clear_line(struct ssh_srv *, int line);
/* `ip ssh …` lines of the running configuration (none when srv is NULL). */
void ssh_print(const struct ssh_srv *, struct buf *out);
/* ssh_cli.c: `ip ssh`, `crypto key generate`, `show ip ssh`, `show ssh`. */
void ssh_cli_init(struct cli *, struct ssh_srv *);

/* listen.c: a listening TCP socket for spec "[ADDR:]PORT" (PORT 0: any
 * free one); the bound "ADDR:PORT" in bound, the port in *port.  The
 * socket, or -errno. */
int tcp_listen(const char *spec, char *bound, size_t len, int *port);

/* config.c: the startup-config file. */
/* Load path through a file session; errors go to errs as
 * "FILE:LINE: % message" lines.  Returns the number of bad lines, or
 * -errno when the file cannot be read or loaded whole (-ENOMEM; a missing
 * file is an empty config and returns 0). */
int config_load(struct zbfw *, const char *path, struct buf *errs);
/* Load from memory (the fuzz harness). */
int config_load_mem(struct zbfw *, const char *name, const char *p, size_t len,
    struct buf *errs);
/* The running configuration (the part after "Current configuration"). */
void config_running(struct zbfw *, struct buf *out);
/* Write text to path atomically, keeping the previous file as path.bak. */
int config_write_atomic(const char *path, const char *p, size_t len);
/* Remove temporaries of an interrupted write (path.XXXXXX). */
void config_cleanup_temps(const char *path);

/* sys.c: system EXEC commands (show running-config, write memory, show
 * version, ...). */
void sys_cli_init(struct zbfw *);
/* sys_cpu.c: the 5 s CPU sampler on z->evb (show processes cpu); 0 or
 * -ENOMEM.  Stop before the event base is freed. */
int sys_cpu_start(struct zbfw *);
void sys_cpu_stop(struct zbfw *);
/* Every module's rows in z->cli, in the order zbfwd registers them: first
 * those a configuration file uses, then, once the dataplane is started (or
 * known absent), the dataplane's and the SIP ALG's. */
void daemon_cli_init(struct zbfw *);
void daemon_cli_init_dp(struct zbfw *);

/*
 * commit.c: configuration changes cost what they change.  A configuration
 * line marks the model dirty (zbfw_hooks.after_config); the compile runs
 * once for many lines: before the next EXEC command or on leaving
 * configuration mode in any session (zbfw_hooks.sync), or from a timer
 * armed by the first change (max(ZBFW_APPLY_MIN_MS, 4 x the last compile
 * time) later).  A failed compile keeps the previous graph and is reported
 * as a `%` error to every session with unapplied changes, and only to
 * them.
 */
#define ZBFW_APPLY_MIN_MS 50
extern const struct cli_hooks zbfw_hooks;
/* Compile z->cfg and swap z->graph now (and tell the dataplane).  0, or
 * -errno when the configuration does not compile (the old graph stays). */
int zbfw_commit(struct zbfw *);
/* Compile if dirty.  A failure is reported to the sessions with unapplied
 * changes: cur (when it is one of them) through err and the return value,
 * the others before their next output.  0 or -errno. */
int zbfw_apply(struct zbfw *, struct cli_session *cur, struct buf *err);
/* Zone name by id in the policy in force (the SIP rows' zone_name). */
const char *zbfw_zone_name(void *z, int id);
/* Before exit: the deferred-compile timer. */
void zbfw_commit_shutdown(struct zbfw *);

#endif
