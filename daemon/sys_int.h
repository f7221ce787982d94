/*
 * Inside the daemon's system commands (sys*.c): what the files share.
 * Each sys_*.c holds one family of EXEC rows and registers them with the
 * daemon as its context (sys_cli_init calls the *_cli_init below).
 */
#ifndef ZB_DAEMON_SYS_INT_H
#define ZB_DAEMON_SYS_INT_H

#include <stddef.h>
#include <stdint.h>

struct zbfw;

/* sys.c: the IOS name of a Linux interface (gi0-0-0 -> GigabitEthernet0/0/0;
 * other names unchanged). */
void sys_ifname_ios(const char *linux_name, char *out, size_t len);

/* sys_if.c: the Linux interface a typed name designates (an IOS name of
 * a gi0-0-0 style interface, or a Linux name); 0 or -ENODEV. */
int sys_ifname_linux(const char *typed, char *out, size_t len);
/* MAC address bytes as IOS prints them: aabb.ccdd.eeff */
void sys_mac_ios(const unsigned char *mac, size_t len, char *out,
    size_t outlen);

/* An interface's MAC (sysfs address) in IOS form; 0 or -ENOENT. */
int sys_if_mac(const char *ifname, char *out, size_t len);
/* inet_ntop with IPv6 hex digits in upper case, as IOS prints them. */
void sys_ip_upper(int family, const void *addr, char *out, size_t len);

void sys_if_cli_init(struct zbfw *);	/* sys_if.c */
void sys_route_cli_init(struct zbfw *); /* sys_route.c */
void sys_host_cli_init(struct zbfw *);	/* sys_host.c */
void sys_fs_cli_init(struct zbfw *);	/* sys_fs.c */
void sys_ping_cli_init(struct zbfw *);	/* sys_ping.c */
void sys_cpu_cli_init(struct zbfw *);	/* sys_cpu.c */
void sys_trace_cli_init(struct zbfw *); /* sys_trace.c */

#endif
