/*
 * The SSH vtys' internals, shared by daemon/ssh*.c only: the server
 * (listener, host keys, `ip ssh` settings, its connections) and one
 * connection.  daemon.h has what the rest of the daemon calls.
 */
#ifndef ZB_SSH_H
#define ZB_SSH_H

#include <limits.h>
#include <stdbool.h>
#include <sys/queue.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "daemon/daemon.h"
#include "daemon/fe_term.h"
#include "lib/buf.h"

#define SSH_TIMEOUT_DEFAULT 120 /* ip ssh time-out */
#define SSH_RETRIES_DEFAULT 3	/* ip ssh authentication-retries */
#define SSH_RSA_DEFAULT 2048	/* bits of the first RSA key */
#define SSH_METHODS                                                            \
	(SSH_AUTH_METHOD_PUBLICKEY | SSH_AUTH_METHOD_PASSWORD |                \
	    SSH_AUTH_METHOD_INTERACTIVE)

/* What the server offers (`show ip ssh` prints these lists). */
#define SSH_CIPHERS                                                            \
	"chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,"                \
	"aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr"
#define SSH_MACS                                                               \
	"hmac-sha2-256-etm@openssh.com,"                                       \
	"hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512"
#define SSH_KEX                                                                \
	"curve25519-sha256,curve25519-sha256@libssh.org,"                      \
	"ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"            \
	"diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"         \
	"diffie-hellman-group14-sha256"

#define SSH_PUBKEY_ALGS                                                        \
	"ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"                 \
	"ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256"

/* The host keys, one file each in the key directory. */
enum ssh_hk { SSH_HK_ED25519, SSH_HK_ECDSA, SSH_HK_RSA, SSH_HK_N };

struct sshc;

/* ip ssh pubkey-chain: a user's public keys, by their MD5 hash as IOS
 * keeps them (`key-hash ssh-rsa HEX [COMMENT]`). */
#define SSH_PK_MAX 16 /* keys per user */
struct ssh_pkkey {
	char type[32]; /* ssh-rsa, ssh-ed25519, ecdsa-... */
	char hash[33]; /* 32 upper-case hex digits */
	char comment[64];
};
struct ssh_pkuser {
	char name[64];
	int nkeys;
	struct ssh_pkkey keys[SSH_PK_MAX];
	struct buf partial; /* key-string typed so far */
};

struct ssh_srv {
	struct zbfw *z;
	/* `ip ssh …` (the configuration) */
	int version;	  /* 0: not configured, 2 */
	unsigned timeout; /* seconds to authenticate */
	unsigned retries; /* failures before the close */
	bool pk_chain;	  /* ip ssh pubkey-chain */
	struct ssh_pkuser *pk;
	size_t npk;
	/* The listener, once ssh_listen() ran. */
	struct evconnlistener *lis;
	struct event *monitor; /* terminal monitor tick */
	ssh_bind bind;	       /* the host keys; NULL before */
	char keydir[PATH_MAX];
	int port;
	char *pub[SSH_HK_N]; /* "type base64", NULL: none */
	int bits[SSH_HK_N];
	TAILQ_HEAD(, sshc) conns;
};

/* One SSH connection: one vty line, one session channel. */
struct sshc {
	TAILQ_ENTRY(sshc) entry;
	struct ssh_srv *srv;
	struct fe_term ft; /* line vty N, the CLI session */
	ssh_session s;
	ssh_event sev; /* after the key exchange */
	ssh_channel ch;
	struct ssh_server_callbacks_struct scb;
	struct ssh_channel_callbacks_struct ccb;
	struct event *ev_r, *ev_w; /* the socket */
	struct event *timer;	   /* auth time-out, exec-timeout */
	struct term *term;	   /* shell only */
	struct buf pend;	   /* output beyond the window */
	char *exec;		   /* exec request, not run yet */
	int line;
	int fails;	      /* authentication failures */
	char kbd_user[64];    /* keyboard-interactive */
	char auth_user[64];   /* of the check under way */
	ssh_message auth_msg; /* answered after the check */
	struct authq_job *job;
	bool kex_done, authed, shell, closing, closed, dead, fe_added,
	    lingering;
};

/* ssh_auth.c: authentication (from the messages libssh queued, with the
 * secret checked off the loop), then the channel open (c->scb). */
void sshc_auth_poll(struct sshc *);
void sshc_auth_cancel(struct sshc *);

/* ssh.c */
void sshc_channel_init(struct sshc *); /* c->ch's callbacks */
void sshc_close(struct sshc *);	       /* after the output */
void sshc_out(struct sshc *, const char *p, size_t n);
/* Go on from the loop (an answer came): sshc_after() by an event. */
void sshc_kick(struct sshc *);

/* ssh_pubkey.c: the pubkey-chain rows and printer; does user own key
 * (by the MD5 of its blob)? */
void ssh_pubkey_cli_init(struct cli *, struct ssh_srv *);
void ssh_pubkey_print(const struct ssh_srv *, struct buf *);
bool ssh_pubkey_known(const struct ssh_srv *, const char *user, ssh_key);
void ssh_pubkey_free(struct ssh_srv *);

/* ssh_keys.c: load the host keys in srv->keydir (making the missing RSA
 * and Ed25519 keys) into a new srv->bind. */
int ssh_keys_load(struct ssh_srv *);
/* Make a new key of that type (bits: RSA modulus or EC curve size), save
 * it and use it for new connections. */
int ssh_key_generate(struct ssh_srv *, enum ssh_hk, int bits);

#endif
