/*
 * The reference for tests/bench/dataplane.sh: a bare NFQUEUE loop that
 * accepts every packet (libnetfilter_queue over libmnl, one verdict per
 * packet, no classification).  zbfw's new-connection rate is compared with
 * it.  Usage: nfq_accept QUEUE
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

static struct mnl_socket *nl;
static unsigned queue;

static int
cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *attr[NFQA_MAX + 1] = { 0 };
	struct nfqnl_msg_packet_hdr *ph;
	char buf[256];
	struct nlmsghdr *v;

	if (nfq_nlmsg_parse(nlh, attr) < 0 || attr[NFQA_PACKET_HDR] == NULL)
		return MNL_CB_OK;
	ph = mnl_attr_get_payload(attr[NFQA_PACKET_HDR]);
	v = nfq_nlmsg_put(buf, NFQNL_MSG_VERDICT, queue);
	nfq_nlmsg_verdict_put(v, ntohl(ph->packet_id), NF_ACCEPT);
	if (mnl_socket_sendto(nl, v, v->nlmsg_len) < 0)
		perror("verdict");
	return MNL_CB_OK;
}

int
main(int argc, char *argv[])
{
	char *buf;
	struct nlmsghdr *nlh;
	size_t sz = 0xffff + MNL_SOCKET_BUFFER_SIZE / 2;
	unsigned portid;
	int big = 16 * 1024 * 1024;
	ssize_t n;

	if (argc != 2)
		return 2;
	queue = atoi(argv[1]);
	if ((buf = malloc(sz)) == NULL ||
	    (nl = mnl_socket_open(NETLINK_NETFILTER)) == NULL ||
	    mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("netlink");
		return 1;
	}
	portid = mnl_socket_get_portid(nl);
	setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &big,
	    sizeof(big));
	nlh = nfq_nlmsg_put(buf, NFQNL_MSG_CONFIG, queue);
	nfq_nlmsg_cfg_put_cmd(nlh, AF_INET, NFQNL_CFG_CMD_BIND);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return 1;
	nlh = nfq_nlmsg_put(buf, NFQNL_MSG_CONFIG, queue);
	nfq_nlmsg_cfg_put_params(nlh, NFQNL_COPY_PACKET, 0xffff);
	nfq_nlmsg_cfg_put_qmaxlen(nlh, 8192);
	mnl_attr_put_u32(nlh, NFQA_CFG_FLAGS, htonl(NFQA_CFG_F_GSO));
	mnl_attr_put_u32(nlh, NFQA_CFG_MASK, htonl(NFQA_CFG_F_GSO));
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return 1;
	for (;;) {
		if ((n = mnl_socket_recvfrom(nl, buf, sz)) < 0) {
			if (errno == ENOBUFS)
				continue;
			perror("recv");
			return 1;
		}
		mnl_cb_run(buf, n, 0, portid, cb, NULL);
	}
}
