/*
 * mgmt/: the management configuration, a module of its own beside zones/:
 * hostname, enable secret/password, local users, console and vty lines,
 * login block-for, banner motd, logging buffered, service
 * password-encryption.  Plain data in struct mgmt_cfg, owned by the
 * daemon; the rows registered by mgmt_cli_init() with it as their module
 * context edit it (through the CLI engine, which knows nothing of them,
 * and never the daemon's state); mgmt_print() is its one printer; the front ends check logins
 * with mgmt_*_check().  Secrets are kept only in hashed form
 * (mgmt/secret.h, internal).
 */
#ifndef ZB_MGMT_H
#define ZB_MGMT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"

struct cli;

#define MGMT_VTY_MAX 1870  /* line vty <0-1869> */
#define MGMT_VTY_DEFAULT 5 /* line vty 0 4 exists by default */
#define MGMT_NAME_MAX 64

enum mgmt_login {
	MGMT_LOGIN_NONE,  /* no login: straight to the EXEC prompt */
	MGMT_LOGIN_LINE,  /* `login`: the line password */
	MGMT_LOGIN_LOCAL, /* `login local`: username + secret */
};

/* transport input */
#define MGMT_TR_TELNET 0x1
#define MGMT_TR_SSH 0x2
#define MGMT_TR_ALL (MGMT_TR_TELNET | MGMT_TR_SSH)

struct mgmt_line {
	bool exists;
	enum mgmt_login login;
	int pw_type;		     /* -1 none, 0 clear, 7 */
	char *password;		     /* as stored: clear or type 7 */
	unsigned transport;	     /* MGMT_TR_* bits */
	unsigned exec_min, exec_sec; /* exec-timeout (0 0: never) */
	int privilege;		     /* privilege level (1 or 15) */
};

struct mgmt_user {
	char *name;
	int priv;    /* 1..15 */
	bool secret; /* `secret` (hashed) or `password` */
	int type;    /* 5/8/9 for secret; 0/7 for password */
	char *value;
};

struct mgmt_cfg {
	char hostname[MGMT_NAME_MAX];
	char *enable_secret; /* "$9$..." or NULL */
	int enable_pw_type;  /* 0/7; -1 none */
	char *enable_password;
	struct mgmt_user *users;
	size_t nusers;
	struct mgmt_line con;
	struct mgmt_line vty[MGMT_VTY_MAX];
	unsigned block_for, block_attempts, block_within; /* 0: off */
	char motd_delim;
	char *motd; /* NULL: no banner */
	bool log_buffered;
	size_t log_size;    /* 0: default */
	int log_level;	    /* -1: default (debugging) */
	bool pw_encryption; /* service password-encryption */
};

struct mgmt_cfg *mgmt_cfg_new(void);
void mgmt_cfg_free(struct mgmt_cfg *);

/* Register the management configuration rows and enable/disable. */
void mgmt_cli_init(struct cli *, struct mgmt_cfg *);

enum mgmt_print_part {
	MGMT_PRINT_HEAD, /* service, hostname, logging, enable, usernames,
				 * login block-for (each block ends with `!`) */
	MGMT_PRINT_TAIL, /* banner motd, line con 0, line vty ... */
};
void mgmt_print(const struct mgmt_cfg *, enum mgmt_print_part, struct buf *);

/* "debugging", "informational", ... for a severity 0-7 (else
 * "debugging", the default). */
const char *mgmt_level_name(int level);

/* Login checks for the front ends. */
const struct mgmt_user *mgmt_user_find(const struct mgmt_cfg *,
    const char *name);
/* Does pw match the user's secret/password? */
bool mgmt_user_check(const struct mgmt_user *, const char *pw);
/* Does pw match the line password? false when none is set. */
bool mgmt_line_check(const struct mgmt_line *, const char *pw);
/* Is an enable secret or password set; does pw match it? */
bool mgmt_enable_set(const struct mgmt_cfg *);
bool mgmt_enable_check(const struct mgmt_cfg *, const char *pw);

#endif
