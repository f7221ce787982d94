/* Internals shared by the mgmt/ sources (not for other modules). */
#ifndef ZB_MGMT_INT_H
#define ZB_MGMT_INT_H

#include <stdbool.h>

#include "cli/cli.h"
#include "mgmt/mgmt.h"

/* The management configuration a handler edits (its rows' context). */
struct mgmt_cfg *mgmt_of(struct cli_ctx *);

/* cfg.c / lines.c: a line as `line ...` creates it (vty: login). */
void mgmt_line_defaults(struct mgmt_line *, bool vty);
/* users.c */
void mgmt_user_free(struct mgmt_user *);

/* passwords.c */
/* Zero and free a password or secret (NULL is fine). */
void mgmt_pw_drop(char *pw);
/* pw as type 7 (malloc'ed), or NULL when out of memory. */
char *mgmt_t7_encode(const char *pw);
/* A `password [0|7] X` into *store and *type (type 7 with service
 * password-encryption); CLI_OK, or CLI_ERR with a `%` error printed. */
int mgmt_password_set(struct cli_ctx *, const struct cli_args *,
    const char *val, int *type, char **store);
/* Does pw match a password stored as type (0 or 7)? */
bool mgmt_password_check(int type, const char *stored, const char *pw);

#define MGMT_NROWS(rows) (sizeof(rows) / sizeof((rows)[0]))

/* Each file's command rows (mgmt_cli_init() registers them in order). */
void mgmt_hostname_cli_init(struct cli *, struct mgmt_cfg *);
void mgmt_users_cli_init(struct cli *, struct mgmt_cfg *);
void mgmt_lines_cli_init(struct cli *, struct mgmt_cfg *);
void mgmt_logging_cli_init(struct cli *, struct mgmt_cfg *);
void mgmt_passwords_cli_init(struct cli *, struct mgmt_cfg *);

#endif
