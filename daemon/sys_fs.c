/*
 * The file system as IOS shows it: the startup-config's directory is both
 * bootflash: and nvram: (dir).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

#include "cli/cli.h"
#include "daemon/daemon.h"
#include "daemon/sys_int.h"
#include "lib/buf.h"

static struct zbfw *
Z(struct cli_ctx *cx)
{
	return cli_module(cx);
}

/* The directory holding the startup-config (".": a bare file name). */
static void
startup_dir(const struct zbfw *z, char *out, size_t len)
{
	const char *slash = strrchr(z->startup_path, '/');

	if (slash == NULL)
		snprintf(out, len, ".");
	else if (slash == z->startup_path)
		snprintf(out, len, "/");
	else
		snprintf(out, len, "%.*s", (int)(slash - z->startup_path),
		    z->startup_path);
}

/* " +00:00", as IOS writes the offset. */
static void
tz_text(long off, char *out, size_t len)
{
	long m = off < 0 ? -off / 60 : off / 60;

	snprintf(out, len, " %c%02ld:%02ld", off < 0 ? '-' : '+', m / 60,
	    m % 60);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmd_dir(struct cli_ctx *cx, const struct cli_args *a)
{
	char dir[PATH_MAX], path[PATH_MAX + 256], when[64], perm[8];
	const char *fs = cli_arg(a, "FILESYSTEM");
	struct dirent *de;
	struct statvfs vfs;
	struct stat st;
	struct tm tm;
	char **names = NULL, **nn;
	size_t n = 0, i;
	DIR *d;

	/* Keywords cannot hold ':' in the grammar: the name is checked here. */
	if (fs == NULL || strcmp(fs, "flash:") == 0)
		fs = "bootflash:";
	else if (strcmp(fs, "bootflash:") != 0 && strcmp(fs, "nvram:") != 0)
		return cli_error(cx, "Error opening %s/ (No such device)", fs);
	startup_dir(Z(cx), dir, sizeof(dir));
	if ((d = opendir(dir)) == NULL)
		return cli_error(cx, "Error opening %s/ (%s)", fs,
		    strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((nn = realloc(names, (n + 1) * sizeof(*names))) == NULL ||
		    (nn[n] = strdup(de->d_name)) == NULL) {
			if (nn != NULL)
				names = nn;
			for (i = 0; i < n; i++)
				free(names[i]);
			free(names);
			closedir(d);
			return cli_error(cx, "Out of memory");
		}
		names = nn;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	cli_printf(cx, "Directory of %s/\n\n", fs);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lstat(path, &st) == 0) {
			snprintf(perm, sizeof(perm), "%c%c%c%c",
			    S_ISDIR(st.st_mode) ? 'd' : '-',
			    st.st_mode & S_IRUSR ? 'r' : '-',
			    st.st_mode & S_IWUSR ? 'w' : '-',
			    st.st_mode & S_IXUSR ? 'x' : '-');
			localtime_r(&st.st_mtime, &tm);
			strftime(when, sizeof(when), "%b %e %Y %H:%M:%S", &tm);
			tz_text(tm.tm_gmtoff, when + strlen(when),
			    sizeof(when) - strlen(when));
			cli_printf(cx, "%7llu  %-4s %16lld  %s  %s\n",
			    (unsigned long long)st.st_ino, perm,
			    (long long)st.st_size, when, names[i]);
		}
		free(names[i]);
	}
	free(names);
	if (n == 0)
		cli_printf(cx, "No files in directory\n");
	if (statvfs(dir, &vfs) == 0)
		cli_printf(cx, "\n%llu bytes total (%llu bytes free)\n",
		    (unsigned long long)vfs.f_blocks * vfs.f_frsize,
		    (unsigned long long)vfs.f_bavail * vfs.f_frsize);
	return CLI_OK;
}

static const struct cli_cmd sys_fs_cmds[] = {
	{ CLI_MODE_EXEC, "dir [FILESYSTEM]",
	    { "List files on a filesystem",
		"bootflash:, flash: or nvram: (each the startup-config's "
		"directory)" },
	    cmd_dir, CLI_F_NONO },
};

void
sys_fs_cli_init(struct zbfw *z)
{
	cli_register(z->cli, sys_fs_cmds,
	    sizeof(sys_fs_cmds) / sizeof(sys_fs_cmds[0]), z);
}
