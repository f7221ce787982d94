/*
 * The startup-config: loading it through a file session (every bad line
 * reported as FILE:LINE: % message, one compile at the end), printing the
 * running configuration, and writing it back atomically.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "lib/log.h"
#include "mgmt/mgmt.h"
#include "zones/zones.h"

int
config_load_mem(struct zbfw *z, const char *name, const char *p, size_t len,
    struct buf *errs)
{
	struct cli_session *s;
	struct buf out;
	const char *end = p + len, *nl;
	unsigned lineno = 0, asked = 0;
	int bad = 0, rc;
	char *line;
	size_t n;

	/* No hooks: the file is compiled once, at the end. */
	if ((s = cli_session_new(z->cli, CLI_ORIGIN_FILE, NULL, z)) == NULL)
		return -ENOMEM;
	/* A file is read in global configuration mode, as IOS reads it. */
	cli_session_set_priv(s, 15);
	cli_session_set_mode(s, CLI_MODE_CONFIG);
	buf_init(&out);
	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if ((line = strndup(p, n)) == NULL ||
		    cli_session_set_source(s, name, lineno) < 0) {
			/* Not a partial load reported as a good one. */
			free(line);
			cli_session_set_source(s, NULL, 0);
			cli_session_free(s);
			buf_free(&out);
			return -ENOMEM;
		}
		p = nl != NULL ? nl + 1 : end;
		buf_reset(&out);
		if (strlen(line) != n) {
			/* An embedded NUL: the line cannot be a command. */
			buf_printf(&out, "%s:%u: %% Invalid input (NUL byte)\n",
			    name, lineno);
			rc = CLI_ERR;
		} else {
			rc = cli_session_line(s, line, &out);
			/* the line that asked for more (banner motd ^) */
			if (!cli_session_pending(s))
				asked = 0;
			else if (asked == 0)
				asked = lineno;
		}
		free(line);
		if (rc == CLI_ERR)
			bad++;
		if (out.len > 0)
			buf_append(errs, out.p, out.len);
		if (rc == CLI_CLOSE)
			break;
	}
	if (asked > 0 && rc != CLI_CLOSE) {
		/* not dropped in silence: a banner whose delimiter never came */
		buf_printf(errs,
		    "%s:%u: %% Not ended before the end of the "
		    "file\n",
		    name, asked);
		bad++;
	}
	cli_session_set_source(s, NULL, 0);
	cli_session_free(s);
	buf_free(&out);
	z->dirty = true;
	if ((rc = zbfw_apply(z, NULL, NULL)) < 0) {
		buf_printf(errs,
		    "%s: %% the configuration does not compile: "
		    "%s\n",
		    name, strerror(-rc));
		bad++;
	}
	return bad;
}

int
config_load(struct zbfw *z, const char *path, struct buf *errs)
{
	struct buf text;
	char chunk[65536];
	ssize_t n;
	int fd, rc;

	buf_init(&text);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT) {
			/* A missing file is an empty configuration. */
			return config_load_mem(z, path, "", 0, errs);
		}
		return -errno;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_append(&text, chunk, (size_t)n) < 0) {
			close(fd);
			buf_free(&text);
			return -ENOMEM;
		}
	rc = n < 0 ? -errno : 0;
	close(fd);
	if (rc == 0)
		rc = config_load_mem(z, path, text.len > 0 ? text.p : "",
		    text.len, errs);
	buf_free(&text);
	return rc;
}

void
config_running(struct zbfw *z, struct buf *out)
{
	buf_puts(out, "!\n");
	mgmt_print(z->mgmt, MGMT_PRINT_HEAD, out);
	ssh_print(z->ssh, out);
	zone_print(z->cfg, ZONE_PRINT_MAIN, out);
	zone_print(z->cfg, ZONE_PRINT_ACL, out);
	sip_cli_print(&z->sip_cli, out);
	mgmt_print(z->mgmt, MGMT_PRINT_TAIL, out);
	buf_puts(out, "end\n");
}

static int
fsync_dir(const char *path)
{
	char *copy, *dir;
	int fd, rc = 0;

	if ((copy = strdup(path)) == NULL)
		return -ENOMEM;
	dir = dirname(copy);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		rc = -errno;
	else {
		if (fsync(fd) < 0)
			rc = -errno;
		close(fd);
	}
	free(copy);
	return rc;
}

static int
mkparent(const char *path)
{
	char *copy, *dir;
	int rc = 0;

	if ((copy = strdup(path)) == NULL)
		return -ENOMEM;
	dir = dirname(copy);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		rc = -errno;
	free(copy);
	return rc;
}

/*
 * Write a new file next to path, fsync it, keep the old one as path.bak
 * (a hard link, so path itself never disappears), rename the new file over
 * path and fsync the directory.  A crash at any point leaves path holding
 * either the old or the new contents.
 */
int
config_write_atomic(const char *path, const char *p, size_t len)
{
	char *tmp = NULL, *bak = NULL;
	size_t off = 0;
	ssize_t n;
	int fd = -1, rc;

	if ((rc = mkparent(path)) < 0)
		return rc;
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0 ||
	    asprintf(&bak, "%s.bak", path) < 0) {
		rc = -ENOMEM;
		goto out;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		rc = -errno;
		goto out;
	}
	while (off < len) {
		if ((n = write(fd, p + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fchmod(fd, 0640) < 0 || fsync(fd) < 0) {
		rc = -errno;
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		rc = -errno;
		goto fail;
	}
	fd = -1;
	if (access(path, F_OK) == 0) {
		if (unlink(bak) < 0 && errno != ENOENT) {
			rc = -errno;
			goto fail;
		}
		if (link(path, bak) < 0)
			log_warn("keeping %s", bak);
	}
	if (rename(tmp, path) < 0) {
		rc = -errno;
		goto fail;
	}
	rc = fsync_dir(path);
	goto out;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(tmp);
	free(bak);
	return rc;
}

/*
 * Temporary files "FILE.XXXXXX" left behind when zbfwd was killed during
 * `write memory` (the startup-config itself is intact): remove them.
 */
void
config_cleanup_temps(const char *path)
{
	char *copy, *copy2, *dir, *base, *full;
	struct dirent *de;
	size_t blen, i;
	DIR *d;

	if ((copy = strdup(path)) == NULL || (copy2 = strdup(path)) == NULL) {
		free(copy);
		return;
	}
	dir = dirname(copy);
	base = basename(copy2);
	blen = strlen(base);
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strlen(de->d_name) != blen + 7 ||
			    strncmp(de->d_name, base, blen) != 0 ||
			    de->d_name[blen] != '.')
				continue;
			for (i = blen + 1; i < blen + 7; i++)
				if (!isalnum((unsigned char)de->d_name[i]))
					break;
			if (i < blen + 7)
				continue;
			if (asprintf(&full, "%s/%s", dir, de->d_name) >= 0) {
				unlink(full);
				free(full);
			}
		}
		closedir(d);
	}
	free(copy);
	free(copy2);
}
