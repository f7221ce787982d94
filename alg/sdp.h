/*
 * SDP (RFC 4566) for offer/answer (RFC 3264): what a pinhole needs from
 * each m= line.  Bounded, zero-copy scan of the body slice.
 */
#ifndef ZB_SDP_H
#define ZB_SDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alg/sip.h"

#define SDP_MAX_STREAMS 8

enum sdp_media {
	SDP_M_AUDIO,
	SDP_M_VIDEO,
	SDP_M_IMAGE,
	SDP_M_APPLICATION,
	SDP_M_TEXT,
	SDP_M_MESSAGE,
	SDP_M_OTHER
};

enum sdp_dir { SDP_SENDRECV, SDP_SENDONLY, SDP_RECVONLY, SDP_INACTIVE };

enum sdp_ckind {
	SDP_C_NONE,   /* no c= at this level */
	SDP_C_IP,     /* a literal address */
	SDP_C_UNSPEC, /* 0.0.0.0 / :: (hold, RFC 2543) */
	SDP_C_FQDN,   /* a DNS name: never a pinhole */
};

struct sdp_conn {
	enum sdp_ckind kind;
	struct sip_addr addr;
};

struct sdp_stream {
	enum sdp_media media;
	uint16_t port;	    /* 0: stream disabled */
	uint16_t rtcp_port; /* a=rtcp or port+1; 0: none */
	bool rtcp_attr;	    /* a=rtcp given */
	bool rtcp_mux;
	bool udp;		   /* RTP/..., UDP/..., udptl: UDP based */
	bool secure;		   /* RTP/SAVP, RTP/SAVPF, UDP/TLS/... */
	bool t38;		   /* image udptl t38 */
	enum sdp_dir dir;	   /* media level, else session level */
	bool dir_set;		   /* a direction at media level */
	struct sdp_conn conn;	   /* media level, else session level */
	struct sdp_conn rtcp_conn; /* a=rtcp address, else conn */
};

struct sdp_info {
	unsigned nstreams; /* stored */
	unsigned nmedia;   /* m= lines in the body */
	struct sdp_conn session_conn;
	enum sdp_dir session_dir;
	struct sdp_stream s[SDP_MAX_STREAMS];
};

enum sdp_err {
	SDP_E_OK,
	SDP_E_SYNTAX,
	SDP_E_VERSION,
	SDP_E_CONN,
	SDP_E_MEDIA,
	SDP_E_PORT,
	SDP_E_NO_CONN,
	SDP_E_ATTR,
	SDP_E_COUNT
};

/* 0, or -enum sdp_err. */
int sdp_parse(const char *p, size_t len, struct sdp_info *);
const char *sdp_strerror(int code);
const char *sdp_media_name(enum sdp_media);

#endif
