/*
 * Management configuration commands (hostname, enable, username, line,
 * login block-for, banner motd, logging buffered, service
 * password-encryption), the EXEC `enable`/`disable`, and the printer.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/mgmt.h"
#include "cli/secret.h"
#include "lib/log.h"

static void
line_defaults(struct mgmt_line *l, bool vty)
{
	free(l->password);
	memset(l, 0, sizeof(*l));
	l->login = vty ? MGMT_LOGIN_LINE : MGMT_LOGIN_NONE;
	l->pw_type = -1;
	l->transport = MGMT_TR_ALL;
	l->exec_min = 10;
	l->exec_sec = 0;
	l->privilege = 1;
}

struct mgmt_cfg *
mgmt_cfg_new(void)
{
	struct mgmt_cfg *m;
	unsigned i;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	snprintf(m->hostname, sizeof(m->hostname), "%s", "Router");
	m->enable_pw_type = -1;
	line_defaults(&m->con, false);
	m->con.exists = true;
	for (i = 0; i < MGMT_VTY_MAX; i++) {
		line_defaults(&m->vty[i], true);
		m->vty[i].exists = i < MGMT_VTY_DEFAULT;
	}
	m->log_level = -1;
	return m;
}

static void
pw_drop(char *pw)
{
	if (pw != NULL)
		explicit_bzero(pw, strlen(pw));
	free(pw);
}

static void
user_free(struct mgmt_user *u)
{
	free(u->name);
	pw_drop(u->value);
}

void
mgmt_cfg_free(struct mgmt_cfg *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nusers; i++)
		user_free(&m->users[i]);
	free(m->users);
	free(m->enable_secret);
	free(m->enable_password);
	free(m->con.password);
	for (i = 0; i < MGMT_VTY_MAX; i++)
		free(m->vty[i].password);
	free(m->motd);
	free(m);
}

static struct mgmt_cfg *
M(struct cli_ctx *cx)
{
	return cli_module(cx);
}

/* Deterministic type 7 offset, so that a saved file prints the same. */
static unsigned
t7_offset(const char *pw)
{
	unsigned sum = 0;

	while (*pw != '\0')
		sum += (unsigned char)*pw++;
	return sum % 16;
}

static char *
t7_encode(const char *pw)
{
	size_t n = 2 * strlen(pw) + 3;
	char *out;

	if ((out = malloc(n)) == NULL)
		return NULL;
	if (secret_type7_encode(pw, t7_offset(pw), out, n) < 0) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * A `password [0|7] X`: store clear text (type 0) or type 7; with
 * service password-encryption a clear one is stored as type 7.
 */
static int
set_password(struct cli_ctx *cx, const struct cli_args *a, const char *val,
    int *type, char **store)
{
	struct mgmt_cfg *m = M(cx);
	char dec[256];
	char *v;
	int t = cli_has(a, "7") ? 7 : 0;

	if (t == 7 && secret_type7_decode(val, dec, sizeof(dec)) < 0)
		return cli_error(cx, "Invalid encrypted password: %s", val);
	explicit_bzero(dec, sizeof(dec));
	if (t == 0 && m->pw_encryption) {
		v = t7_encode(val);
		t = 7;
	} else
		v = strdup(val);
	if (v == NULL)
		return cli_error(cx, "Out of memory");
	if (*store != NULL)
		explicit_bzero(*store, strlen(*store));
	free(*store);
	*store = v;
	*type = t;
	return CLI_OK;
}

/* A `secret [0|5|8|9] X` or `algorithm-type ALG secret X`. */
static int
make_secret(struct cli_ctx *cx, const struct cli_args *a, const char *val,
    char **out, int *typeout)
{
	char h[SECRET_MAX];
	int type = 0, htype = 9, rc;

	if (cli_has(a, "5"))
		type = 5;
	else if (cli_has(a, "8"))
		type = 8;
	else if (cli_has(a, "9"))
		type = 9;
	if (cli_has(a, "algorithm-type")) {
		if (cli_has(a, "md5"))
			htype = 5;
		else if (cli_has(a, "sha256"))
			htype = 8;
		else
			htype = 9;
	}
	if (type != 0) {
		if (!secret_valid(type, val))
			return cli_error(cx, "Invalid secret: not a valid "
			    "type %d hash", type);
		if ((*out = strdup(val)) == NULL)
			return cli_error(cx, "Out of memory");
		*typeout = type;
		return CLI_OK;
	}
	if ((rc = secret_hash(htype, val, NULL, h, sizeof(h))) < 0)
		return cli_error(cx, "Cannot hash the secret: %s",
		    strerror(-rc));
	if ((*out = strdup(h)) == NULL)
		return cli_error(cx, "Out of memory");
	*typeout = htype;
	return CLI_OK;
}

/* hostname */

static int
cmd_hostname(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = M(cx);
	const char *n = cli_arg(a, "NAME");
	size_t i, len;

	if (cli_no(a))
		n = "Router";
	if (n == NULL)
		return cli_error(cx, "Incomplete command.");
	len = strlen(n);
	if (len >= sizeof(m->hostname))
		return cli_error(cx, "Hostname too long (maximum %zu "
		    "characters)", sizeof(m->hostname) - 1);
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)n[i]) && n[i] != '-' &&
		    n[i] != '_' && n[i] != '.')
			return cli_error(cx, "Hostname contains one or more "
			    "illegal characters.");
	if (!isalpha((unsigned char)n[0]))
		return cli_error(cx, "Hostname must start with a letter.");
	snprintf(m->hostname, sizeof(m->hostname), "%s", n);
	cli_set_hostname(m->hostname);
	return CLI_OK;
}

/* enable secret / password */

static int
cmd_enable_secret(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = M(cx);
	const char *v = cli_arg(a, "SECRET");
	char *h;
	int t, rc;

	if (cli_no(a)) {
		free(m->enable_secret);
		m->enable_secret = NULL;
		return CLI_OK;
	}
	if ((rc = make_secret(cx, a, v, &h, &t)) != CLI_OK)
		return rc;
	free(m->enable_secret);
	m->enable_secret = h;
	return CLI_OK;
}

static int
cmd_enable_password(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = M(cx);

	if (cli_no(a)) {
		free(m->enable_password);
		m->enable_password = NULL;
		m->enable_pw_type = -1;
		return CLI_OK;
	}
	return set_password(cx, a, cli_arg(a, "PASSWORD"), &m->enable_pw_type,
	    &m->enable_password);
}

/* username */

static struct mgmt_user *
user_get(struct mgmt_cfg *m, const char *name, bool create)
{
	struct mgmt_user *u, *nu;

	if ((u = (struct mgmt_user *)mgmt_user_find(m, name)) != NULL ||
	    !create)
		return u;
	if ((nu = reallocarray(m->users, m->nusers + 1, sizeof(*nu))) == NULL)
		return NULL;
	m->users = nu;
	u = &m->users[m->nusers];
	memset(u, 0, sizeof(*u));
	if ((u->name = strdup(name)) == NULL)
		return NULL;
	u->priv = 1;
	u->type = -1;
	m->nusers++;
	return u;
}

static int
cmd_username(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = M(cx);
	const char *name = cli_arg(a, "NAME");
	struct mgmt_user *u;
	char *h = NULL;
	int t = -1, rc;
	size_t i;

	if (name == NULL)
		return cli_error(cx, "Incomplete command.");
	if (strlen(name) >= MGMT_NAME_MAX)
		return cli_error(cx, "Username too long (maximum %d "
		    "characters)", MGMT_NAME_MAX - 1);
	if (cli_no(a)) {
		for (i = 0; i < m->nusers; i++)
			if (strcmp(m->users[i].name, name) == 0) {
				user_free(&m->users[i]);
				memmove(&m->users[i], &m->users[i + 1],
				    (m->nusers - i - 1) * sizeof(m->users[0]));
				m->nusers--;
				return CLI_OK;
			}
		return CLI_OK;
	}
	/* The new value first: a failure leaves the user as it was. */
	if (cli_has(a, "secret"))
		rc = make_secret(cx, a, cli_arg(a, "SECRET"), &h, &t);
	else if (cli_has(a, "password"))
		rc = set_password(cx, a, cli_arg(a, "PASSWORD"), &t, &h);
	else
		rc = CLI_OK;
	if (rc != CLI_OK)
		return rc;
	if ((u = user_get(m, name, true)) == NULL) {
		pw_drop(h);
		return cli_error(cx, "Out of memory");
	}
	if (cli_arg(a, "LEVEL") != NULL)
		u->priv = (int)cli_num(a, "LEVEL", 1);
	if (h != NULL) {
		pw_drop(u->value);
		u->value = h;
		u->secret = cli_has(a, "secret");
		u->type = t;
	}
	return CLI_OK;
}

/* line con 0 / line vty A [B] */

static int
cmd_line_vty(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = M(cx);
	long long first = cli_num(a, "FIRST", -1), last;
	char range[48];
	long long i;

	if (first < 0)
		return cli_error(cx, "Incomplete command.");
	last = cli_num(a, "LAST", first);
	if (last < first)
		return cli_error(cx, "Invalid line range: %lld %lld", first,
		    last);
	if (cli_no(a)) {
		/* Lines 0-4 always exist, as on IOS. */
		for (i = first; i <= last; i++)
			if (i >= MGMT_VTY_DEFAULT) {
				line_defaults(&m->vty[i], true);
				m->vty[i].exists = false;
			}
		return CLI_OK;
	}
	snprintf(range, sizeof(range), "%lld %lld", first, last);
	if (cli_enter(cx, CLI_MODE_LINE, "vty", range) != CLI_OK)
		return CLI_ERR;
	for (i = first; i <= last; i++)
		m->vty[i].exists = true;
	return CLI_OK;
}

static int
cmd_line_con(struct cli_ctx *cx, const struct cli_args *a)
{
	if (cli_no(a))
		return cli_error(cx, "The console line cannot be removed");
	return cli_enter(cx, CLI_MODE_LINE, "con", "0 0");
}

/* The lines the (config-line) mode edits: *n lines from *l. */
static int
line_sel(struct cli_ctx *cx, struct mgmt_line **l, unsigned *n)
{
	struct mgmt_cfg *m = M(cx);
	const char *kind = cli_obj(cx, 0), *range = cli_obj(cx, 1);
	unsigned first = 0, last = 0;

	if (kind == NULL || range == NULL ||
	    sscanf(range, "%u %u", &first, &last) != 2 || last < first ||
	    first >= MGMT_VTY_MAX)
		return cli_error(cx, "No line selected");
	if (strcmp(kind, "con") == 0) {
		*l = &m->con;
		*n = 1;
		return CLI_OK;
	}
	if (last >= MGMT_VTY_MAX)
		last = MGMT_VTY_MAX - 1;
	*l = &m->vty[first];
	*n = last - first + 1;
	return CLI_OK;
}

/* Apply fn to every line the (config-line) mode edits. */
static int
each_line(struct cli_ctx *cx, void (*fn)(struct mgmt_line *, const void *),
    const void *arg)
{
	struct mgmt_line *l;
	unsigned n, i;

	if (line_sel(cx, &l, &n) != CLI_OK)
		return CLI_ERR;
	for (i = 0; i < n; i++)
		fn(&l[i], arg);
	return CLI_OK;
}

static void
do_login(struct mgmt_line *l, const void *arg)
{
	const struct cli_args *a = arg;

	if (cli_no(a))
		l->login = MGMT_LOGIN_NONE;
	else
		l->login = cli_has(a, "local") ? MGMT_LOGIN_LOCAL :
		    MGMT_LOGIN_LINE;
}

static int
cmd_login(struct cli_ctx *cx, const struct cli_args *a)
{
	return each_line(cx, do_login, a);
}

/* The copies are made first, so that out of memory changes no line. */
static int
cmd_line_password(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_line *l;
	char *store = NULL, **v;
	unsigned n, i;
	int type = -1, rc;

	if ((rc = line_sel(cx, &l, &n)) != CLI_OK)
		return rc;
	if (!cli_no(a) && (rc = set_password(cx, a, cli_arg(a, "PASSWORD"),
	    &type, &store)) != CLI_OK)
		return rc;
	if ((v = calloc(n, sizeof(*v))) == NULL)
		goto nomem;
	for (i = 0; store != NULL && i < n; i++)
		if ((v[i] = strdup(store)) == NULL)
			goto nomem;
	for (i = 0; i < n; i++) {
		pw_drop(l[i].password);
		l[i].password = v[i];
		l[i].pw_type = v[i] != NULL ? type : -1;
	}
	free(v);
	pw_drop(store);
	return CLI_OK;
nomem:
	for (i = 0; v != NULL && i < n; i++)
		pw_drop(v[i]);
	free(v);
	pw_drop(store);
	return cli_error(cx, "Out of memory: password not changed");
}

static void
do_transport(struct mgmt_line *l, const void *arg)
{
	const struct cli_args *a = arg;

	if (cli_no(a) || cli_has(a, "all"))
		l->transport = MGMT_TR_ALL;
	else if (cli_has(a, "none"))
		l->transport = 0;
	else if (cli_has(a, "telnet"))
		l->transport = MGMT_TR_TELNET |
		    (cli_has(a, "ssh") ? MGMT_TR_SSH : 0);
	else if (cli_has(a, "ssh"))
		l->transport = MGMT_TR_SSH;
}

static int
cmd_transport(struct cli_ctx *cx, const struct cli_args *a)
{
	return each_line(cx, do_transport, a);
}

static void
do_exec_timeout(struct mgmt_line *l, const void *arg)
{
	const struct cli_args *a = arg;

	if (cli_no(a)) {
		l->exec_min = 10;
		l->exec_sec = 0;
		return;
	}
	l->exec_min = (unsigned)cli_num(a, "MINUTES", 10);
	l->exec_sec = (unsigned)cli_num(a, "SECONDS", 0);
}

static int
cmd_exec_timeout(struct cli_ctx *cx, const struct cli_args *a)
{
	return each_line(cx, do_exec_timeout, a);
}

static void
do_privilege(struct mgmt_line *l, const void *arg)
{
	const struct cli_args *a = arg;

	l->privilege = cli_no(a) ? 1 : (int)cli_num(a, "LEVEL", 1);
}

static int
cmd_privilege(struct cli_ctx *cx, const struct cli_args *a)
{
	return each_line(cx, do_privilege, a);
}

/* login block-for */

static int
cmd_block_for(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = M(cx);

	if (cli_no(a)) {
		m->block_for = m->block_attempts = m->block_within = 0;
		return CLI_OK;
	}
	m->block_for = (unsigned)cli_num(a, "SECONDS", 0);
	m->block_attempts = (unsigned)cli_num(a, "TRIES", 0);
	m->block_within = (unsigned)cli_num(a, "WITHIN", 0);
	return CLI_OK;
}

/* banner motd: single line `banner motd #text#`, or multi-line until the
 * delimiter character appears again. */

/* The multi-line banner one session is typing: that session's pending
 * input owns it (two sessions may type banners at once). */
struct banner_input {
	struct mgmt_cfg	*m;
	char		 delim;
	struct buf	 text;
};

static void
banner_input_free(void *arg)
{
	struct banner_input *bi = arg;

	buf_free(&bi->text);
	free(bi);
}

/* Replace the banner; -ENOMEM leaves the old one. */
static int
banner_set(struct mgmt_cfg *m, char delim, const char *text, size_t len)
{
	char *t;

	if ((t = strndup(text, len)) == NULL)
		return -ENOMEM;
	free(m->motd);
	m->motd = t;
	m->motd_delim = delim;
	return 0;
}

static int
banner_more(struct cli_session *s, const char *line, struct buf *out,
    void *arg)
{
	struct banner_input *bi = arg;
	struct buf *b = &bi->text;
	const char *d = strchr(line, bi->delim);
	int rc = CLI_OK;

	if (d == NULL) {
		buf_puts(b, line);
		buf_putc(b, '\n');
		cli_session_expect(s, "", true, banner_more, bi,
		    banner_input_free);
		return CLI_OK;
	}
	buf_append(b, line, (size_t)(d - line));
	/* Drop the newline before a delimiter on a line of its own. */
	if (d == line && b->len > 0 && b->p[b->len - 1] == '\n')
		b->len--;
	if (banner_set(bi->m, bi->delim, b->len > 0 ? b->p : "", b->len) < 0) {
		buf_puts(out, "% Out of memory: banner not changed\n");
		rc = CLI_ERR;
	}
	banner_input_free(bi);
	return rc;
}

static int
cmd_banner(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = M(cx);
	const char *t = cli_arg(a, "TEXT"), *end;
	struct banner_input *bi;

	if (cli_no(a)) {
		free(m->motd);
		m->motd = NULL;
		return CLI_OK;
	}
	if (t == NULL || *t == '\0')
		return cli_error(cx, "Incomplete command.");
	if ((end = strchr(t + 1, t[0])) != NULL) {
		if (banner_set(m, t[0], t + 1, (size_t)(end - (t + 1))) < 0)
			return cli_error(cx, "Out of memory: banner not changed");
		return CLI_OK;
	}
	if ((bi = calloc(1, sizeof(*bi))) == NULL)
		return cli_error(cx, "Out of memory: banner not changed");
	bi->m = m;
	bi->delim = t[0];
	buf_init(&bi->text);
	if (t[1] != '\0') {
		buf_puts(&bi->text, t + 1);
		buf_putc(&bi->text, '\n');
	}
	if (!cli_loading(cx))
		cli_printf(cx, "Enter TEXT message.  End with the character "
		    "'%c'.\n", t[0]);
	cli_session_expect(cli_session(cx), "", true, banner_more, bi,
	    banner_input_free);
	return CLI_OK;
}

/* logging buffered */

static const char *const levels[] = {
	"emergencies", "alerts", "critical", "errors", "warnings",
	"notifications", "informational", "debugging",
};

const char *
mgmt_level_name(int level)
{
	return level >= 0 && level < 8 ? levels[level] : "debugging";
}

static int
cmd_logging_buffered(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = M(cx);
	const char *lv = cli_arg(a, "LEVEL");
	int i;

	if (cli_no(a)) {
		m->log_buffered = false;
		m->log_size = 0;
		m->log_level = -1;
		log_ring_resize(0);
		return CLI_OK;
	}
	m->log_buffered = true;
	m->log_size = (size_t)cli_num(a, "SIZE", 0);
	m->log_level = -1;
	if (lv != NULL) {
		for (i = 0; i < 8; i++)
			if (strcmp(lv, levels[i]) == 0)
				m->log_level = i;
		if (m->log_level < 0 && isdigit((unsigned char)lv[0]))
			m->log_level = atoi(lv);
	}
	log_ring_resize(m->log_size > 0 ? m->log_size : LOG_RING_DEFAULT);
	return CLI_OK;
}

/* service password-encryption: existing clear passwords become type 7. */

static void
encrypt_one(int *type, char **pw)
{
	char *v;

	if (*type != 0 || *pw == NULL || (v = t7_encode(*pw)) == NULL)
		return;
	explicit_bzero(*pw, strlen(*pw));
	free(*pw);
	*pw = v;
	*type = 7;
}

static int
cmd_service_pwenc(struct cli_ctx *cx, const struct cli_args *a)
{
	struct mgmt_cfg *m = M(cx);
	size_t i;

	m->pw_encryption = !cli_no(a);
	if (!m->pw_encryption)
		return CLI_OK;
	encrypt_one(&m->enable_pw_type, &m->enable_password);
	for (i = 0; i < m->nusers; i++)
		if (!m->users[i].secret)
			encrypt_one(&m->users[i].type, &m->users[i].value);
	encrypt_one(&m->con.pw_type, &m->con.password);
	for (i = 0; i < MGMT_VTY_MAX; i++)
		encrypt_one(&m->vty[i].pw_type, &m->vty[i].password);
	return CLI_OK;
}

/* EXEC enable / disable */

/* A session's pending `enable` password: that session's pending input
 * owns it. */
struct enable_input {
	const struct mgmt_cfg	*m;
	unsigned		 tries;
};

static int
enable_try(struct cli_session *s, const char *line, struct buf *out,
    void *arg)
{
	struct enable_input *ei = arg;

	if (mgmt_enable_check(ei->m, line)) {
		free(ei);
		cli_session_set_priv(s, 15);
		return CLI_OK;
	}
	if (++ei->tries < 3) {
		cli_session_expect(s, "Password: ", false, enable_try, ei, free);
		return CLI_OK;
	}
	free(ei);
	buf_puts(out, "% Bad secrets\n\n");
	return CLI_ERR;
}

static int
cmd_enable(struct cli_ctx *cx, const struct cli_args *a)
{
	struct cli_session *s = cli_session(cx);
	struct mgmt_cfg *m = M(cx);
	struct enable_input *ei;

	if (cli_session_priv(s) >= 15)
		return CLI_OK;
	if (m == NULL || !mgmt_enable_set(m)) {
		cli_session_set_priv(s, 15);
		return CLI_OK;
	}
	if ((ei = calloc(1, sizeof(*ei))) == NULL)
		return cli_error(cx, "Out of memory");
	ei->m = m;
	cli_session_expect(s, "Password: ", false, enable_try, ei, free);
	return CLI_OK;
}

static int
cmd_disable(struct cli_ctx *cx, const struct cli_args *a)
{
	cli_session_set_priv(cli_session(cx), 1);
	return CLI_OK;
}

/* Login checks */

const struct mgmt_user *
mgmt_user_find(const struct mgmt_cfg *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nusers; i++)
		if (strcmp(m->users[i].name, name) == 0)
			return &m->users[i];
	return NULL;
}

static bool
password_check(int type, const char *stored, const char *pw)
{
	char dec[256];
	bool ok;

	if (stored == NULL)
		return false;
	if (type == 7) {
		if (secret_type7_decode(stored, dec, sizeof(dec)) < 0)
			return false;
		ok = secret_equal(dec, pw);
		explicit_bzero(dec, sizeof(dec));
		return ok;
	}
	return secret_equal(stored, pw);
}

bool
mgmt_user_check(const struct mgmt_user *u, const char *pw)
{
	if (u->value == NULL)
		return false;
	if (u->secret)
		return secret_verify(u->value, pw);
	return password_check(u->type, u->value, pw);
}

bool
mgmt_line_check(const struct mgmt_line *l, const char *pw)
{
	return l->pw_type >= 0 && password_check(l->pw_type, l->password, pw);
}

bool
mgmt_enable_set(const struct mgmt_cfg *m)
{
	return m->enable_secret != NULL || m->enable_password != NULL;
}

bool
mgmt_enable_check(const struct mgmt_cfg *m, const char *pw)
{
	/* The secret, when set, takes precedence over the password. */
	if (m->enable_secret != NULL)
		return secret_verify(m->enable_secret, pw);
	return password_check(m->enable_pw_type, m->enable_password, pw);
}

/* The printer */

static void
print_pw(struct buf *out, const char *prefix, int type, const char *v)
{
	if (type == 7)
		buf_printf(out, "%s 7 %s\n", prefix, v);
	else
		buf_printf(out, "%s %s\n", prefix, v);
}

static void
print_head(const struct mgmt_cfg *m, struct buf *out)
{
	size_t i;
	int n;

	if (m->pw_encryption)
		buf_puts(out, "service password-encryption\n!\n");
	buf_printf(out, "hostname %s\n!\n", m->hostname);
	n = 0;
	if (m->log_buffered) {
		buf_puts(out, "logging buffered");
		if (m->log_size > 0)
			buf_printf(out, " %zu", m->log_size);
		if (m->log_level >= 0 && m->log_level < 8)
			buf_printf(out, " %s", levels[m->log_level]);
		buf_putc(out, '\n');
		n++;
	} else if (log_ring_size() == 0) {
		buf_puts(out, "no logging buffered\n");
		n++;
	}
	if (m->enable_secret != NULL) {
		buf_printf(out, "enable secret %d %s\n",
		    secret_type(m->enable_secret), m->enable_secret);
		n++;
	}
	if (m->enable_password != NULL) {
		print_pw(out, "enable password", m->enable_pw_type,
		    m->enable_password);
		n++;
	}
	if (n > 0)
		buf_puts(out, "!\n");
	for (i = 0; i < m->nusers; i++) {
		const struct mgmt_user *u = &m->users[i];

		buf_printf(out, "username %s", u->name);
		if (u->priv != 1)
			buf_printf(out, " privilege %d", u->priv);
		if (u->value == NULL)
			buf_putc(out, '\n');
		else if (u->secret)
			buf_printf(out, " secret %d %s\n", u->type, u->value);
		else
			buf_printf(out, " password %d %s\n",
			    u->type == 7 ? 7 : 0, u->value);
	}
	if (m->nusers > 0)
		buf_puts(out, "!\n");
	if (m->block_for > 0)
		buf_printf(out, "login block-for %u attempts %u within %u\n!\n",
		    m->block_for, m->block_attempts, m->block_within);
}

static bool
line_same(const struct mgmt_line *a, const struct mgmt_line *b)
{
	return a->exists == b->exists && a->login == b->login &&
	    a->pw_type == b->pw_type && a->transport == b->transport &&
	    a->exec_min == b->exec_min && a->exec_sec == b->exec_sec &&
	    a->privilege == b->privilege &&
	    (a->password == NULL) == (b->password == NULL) &&
	    (a->password == NULL || strcmp(a->password, b->password) == 0);
}

static void
print_line_body(const struct mgmt_line *l, bool vty, struct buf *out)
{
	if (l->exec_min != 10 || l->exec_sec != 0)
		buf_printf(out, " exec-timeout %u %u\n", l->exec_min,
		    l->exec_sec);
	if (l->privilege != 1)
		buf_printf(out, " privilege level %d\n", l->privilege);
	if (l->password != NULL)
		print_pw(out, " password", l->pw_type, l->password);
	if (l->login == MGMT_LOGIN_LOCAL)
		buf_puts(out, " login local\n");
	else if (l->login == MGMT_LOGIN_LINE)
		buf_puts(out, " login\n");
	else if (vty)
		buf_puts(out, " no login\n");
	if (l->transport != MGMT_TR_ALL)
		buf_printf(out, " transport input %s\n",
		    l->transport == 0 ? "none" :
		    l->transport == MGMT_TR_TELNET ? "telnet" :
		    l->transport == MGMT_TR_SSH ? "ssh" : "telnet ssh");
}

static void
print_tail(const struct mgmt_cfg *m, struct buf *out)
{
	unsigned i, j;

	if (m->motd != NULL) {
		if (strchr(m->motd, '\n') != NULL)
			buf_printf(out, "banner motd %c\n%s\n%c\n!\n",
			    m->motd_delim, m->motd, m->motd_delim);
		else
			buf_printf(out, "banner motd %c%s%c\n!\n",
			    m->motd_delim, m->motd, m->motd_delim);
	}
	buf_puts(out, "line con 0\n");
	print_line_body(&m->con, false, out);
	/* Consecutive identical vty lines print as one range; 0-4 stay a
	 * group of their own, as on IOS. */
	for (i = 0; i < MGMT_VTY_MAX; i = j) {
		if (!m->vty[i].exists) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < MGMT_VTY_MAX && m->vty[j].exists &&
		    j != MGMT_VTY_DEFAULT && line_same(&m->vty[i], &m->vty[j]);
		    j++)
			;
		if (j - 1 == i)
			buf_printf(out, "line vty %u\n", i);
		else
			buf_printf(out, "line vty %u %u\n", i, j - 1);
		print_line_body(&m->vty[i], true, out);
	}
	buf_puts(out, "!\n");
}

void
mgmt_print(const struct mgmt_cfg *m, enum mgmt_print_part part,
    struct buf *out)
{
	if (part == MGMT_PRINT_HEAD)
		print_head(m, out);
	else
		print_tail(m, out);
}

/* Command rows */

#define SECRET_HELP \
	"Specifies an UNENCRYPTED password will follow", \
	"Specifies a MD5 HASHED secret will follow", \
	"Specifies a PBKDF2 HASHED secret will follow", \
	"Specifies a SCRYPT HASHED secret will follow"
#define ALG_HELP \
	"Algorithm to use for hashing the plaintext secret", \
	"Encode the password using the MD5 algorithm", \
	"Encode the password using the PBKDF2 algorithm", \
	"Encode the password using the SCRYPT algorithm"

static const struct cli_cmd mgmt_cmds[] = {
	{ CLI_MODE_CONFIG, "hostname NAME",
	  { "Set system's network name", "This system's network name" },
	  cmd_hostname, 0 },
	{ CLI_MODE_CONFIG, "enable secret [{0|5|8|9}] SECRET:LINE",
	  { "Modify enable password parameters",
	    "Assign the privileged level secret (MAX of 25 characters)",
	    SECRET_HELP, "The UNENCRYPTED (cleartext) 'enable' secret" },
	  cmd_enable_secret, CLI_F_SECRET },
	{ CLI_MODE_CONFIG,
	  "enable algorithm-type {md5|sha256|scrypt} secret SECRET:LINE",
	  { "Modify enable password parameters", ALG_HELP,
	    "Assign the privileged level secret (MAX of 25 characters)",
	    "The UNENCRYPTED (cleartext) 'enable' secret" },
	  cmd_enable_secret, CLI_F_SECRET },
	{ CLI_MODE_CONFIG, "enable password [{0|7}] PASSWORD:LINE",
	  { "Modify enable password parameters",
	    "Assign the privileged level password (MAX of 25 characters)",
	    "Specifies an UNENCRYPTED password will follow",
	    "Specifies a HIDDEN password will follow",
	    "The UNENCRYPTED (cleartext) 'enable' password" },
	  cmd_enable_password, CLI_F_SECRET },
	{ CLI_MODE_CONFIG,
	  "username NAME [privilege LEVEL:<0-15>] secret [{0|5|8|9}] "
	  "SECRET:LINE",
	  { "Establish User Name Authentication", "User name",
	    "Set user privilege level", "User privilege level",
	    "Specify the secret for the user", SECRET_HELP,
	    "The UNENCRYPTED (cleartext) user secret" },
	  cmd_username, CLI_F_SECRET },
	{ CLI_MODE_CONFIG,
	  "username NAME [privilege LEVEL:<0-15>] algorithm-type "
	  "{md5|sha256|scrypt} secret SECRET:LINE",
	  { "Establish User Name Authentication", "User name",
	    "Set user privilege level", "User privilege level", ALG_HELP,
	    "Specify the secret for the user",
	    "The UNENCRYPTED (cleartext) user secret" },
	  cmd_username, CLI_F_SECRET },
	{ CLI_MODE_CONFIG,
	  "username NAME [privilege LEVEL:<0-15>] password [{0|7}] "
	  "PASSWORD:LINE",
	  { "Establish User Name Authentication", "User name",
	    "Set user privilege level", "User privilege level",
	    "Specify the password for the user",
	    "Specifies an UNENCRYPTED password will follow",
	    "Specifies a HIDDEN password will follow",
	    "The UNENCRYPTED (cleartext) user password" },
	  cmd_username, CLI_F_SECRET },
	{ CLI_MODE_CONFIG, "username NAME privilege LEVEL:<0-15>",
	  { "Establish User Name Authentication", "User name",
	    "Set user privilege level", "User privilege level" },
	  cmd_username, 0 },
	{ CLI_MODE_CONFIG, "line vty FIRST:<0-1869> [LAST:<0-1869>]",
	  { "Configure a terminal line", "Virtual terminal",
	    "First Line number", "Last Line number" },
	  cmd_line_vty, 0 },
	{ CLI_MODE_CONFIG, "line console FIRST:<0-0>",
	  { "Configure a terminal line", "Primary terminal line",
	    "First Line number" },
	  cmd_line_con, 0 },
	{ CLI_MODE_LINE, "login [local]",
	  { "Enable password checking",
	    "Local password checking" },
	  cmd_login, 0 },
	{ CLI_MODE_LINE, "password [{0|7}] PASSWORD:LINE",
	  { "Set a password",
	    "Specifies an UNENCRYPTED password will follow",
	    "Specifies a HIDDEN password will follow",
	    "The UNENCRYPTED (cleartext) line password" },
	  cmd_line_password, CLI_F_SECRET },
	{ CLI_MODE_LINE, "transport input {all|none|telnet|ssh}",
	  { "Define transport protocols for line",
	    "Define which protocols to use when connecting to the terminal "
	    "server", "All protocols", "No protocols", "TCP/IP Telnet "
	    "protocol", "TCP/IP SSH protocol" },
	  cmd_transport, 0 },
	{ CLI_MODE_LINE, "transport input telnet ssh",
	  { "Define transport protocols for line",
	    "Define which protocols to use when connecting to the terminal "
	    "server", "TCP/IP Telnet protocol", "TCP/IP SSH protocol" },
	  cmd_transport, 0 },
	{ CLI_MODE_LINE, "exec-timeout MINUTES:<0-35791> "
	  "[SECONDS:<0-2147483>]",
	  { "Set the EXEC timeout", "Timeout in minutes",
	    "Timeout in seconds" },
	  cmd_exec_timeout, 0 },
	{ CLI_MODE_LINE, "privilege level LEVEL:<0-15>",
	  { "Change privilege level for line", "Assign default privilege "
	    "level for line", "Default privilege level for line" },
	  cmd_privilege, 0 },
	{ CLI_MODE_CONFIG, "login block-for SECONDS:<1-65535> attempts "
	  "TRIES:<1-65535> within WITHIN:<1-65535>",
	  { "Enable secure login checking", "Set quiet-mode active time "
	    "period", "Quiet-mode active time period (in seconds)",
	    "Set max number of fail attempts", "Max number of fail attempts",
	    "Watch period for fail attempts",
	    "Watch period for fail attempts (in seconds)" },
	  cmd_block_for, 0 },
	{ CLI_MODE_CONFIG, "banner motd TEXT:LINE",
	  { "Define a login banner", "Set Message of the Day banner",
	    "c banner-text c, where 'c' is a delimiting character" },
	  cmd_banner, 0 },
	{ CLI_MODE_CONFIG, "logging buffered [SIZE:<4096-2147483647>] "
	  "[{LEVEL:<0-7>|emergencies|alerts|critical|errors|warnings|"
	  "notifications|informational|debugging}]",
	  { "Modify message logging facilities",
	    "Set buffered logging parameters", "Logging buffer size",
	    "Logging severity level", "System is unusable",
	    "Immediate action needed", "Critical conditions",
	    "Error conditions", "Warning conditions",
	    "Normal but significant conditions", "Informational messages",
	    "Debugging messages" },
	  cmd_logging_buffered, 0 },
	{ CLI_MODE_CONFIG, "service password-encryption",
	  { "Modify use of network based services",
	    "Encrypt system passwords" },
	  cmd_service_pwenc, 0 },
	{ CLI_MODE_EXEC, "enable",
	  { "Turn on privileged commands" },
	  cmd_enable, CLI_F_NONO },
	{ CLI_MODE_EXEC, "disable",
	  { "Turn off privileged commands" },
	  cmd_disable, CLI_F_NONO },
};

void
mgmt_cli_init(struct cli *c, struct mgmt_cfg *m)
{
	cli_register(c, mgmt_cmds, sizeof(mgmt_cmds) / sizeof(mgmt_cmds[0]), m);
}
