/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * net.h - the AP kernel's network protocols: Ethernet, ARP, IPv4, ICMP echo
 * and UDP echo (port 7), for one interface with a static address. Pure
 * functions on byte buffers (no mailbox, no globals): net_echo.c moves the
 * frames, the host test (test/test_net.c) feeds them constructed ones.
 *
 * Every length and field comes from the network and is checked before use;
 * anything not understood is ignored, never answered.
 */
#ifndef AP_NET_H
#define AP_NET_H

#include "types.h"

#define NET_ETH_HLEN		14
#define NET_ETH_MAX		1514	/* MTU 1500 + Ethernet header, no FCS */
#define NET_ETH_P_IP		0x0800
#define NET_ETH_P_ARP		0x0806
#define NET_IP_PROTO_ICMP	1
#define NET_IP_PROTO_UDP	17
#define NET_UDP_ECHO_PORT	7
#define NET_IP(a, b, c, d)	((u32)(a) << 24 | (u32)(b) << 16 | (u32)(c) << 8 | (u32)(d))

struct net_stats {
	u64 rx, arp_requests, arp_replies, icmp_echoes, udp_echoes;
	u64 malformed;		/* short, bad header, bad checksum, bad lengths */
	u64 ignored;		/* well formed, not for us or not handled */
};

struct net_if {
	u8 mac[6];
	u32 ip, mask, gw;	/* host byte order */
	u8 gw_mac[6];
	bool gw_known;		/* gw_mac learned from an ARP reply or request */
	u16 ip_id;		/* IPv4 identification of the next datagram sent */
	u16 ping_id;		/* our ICMP echo identifier */
	u16 ping_seq;		/* last echo request sent */
	u16 ping_seq_ok;	/* last echo reply matching ping_id */
	bool ping_answered;	/* ping_seq_ok is valid */
	struct net_stats st;
};

void net_if_init(struct net_if *n, const u8 mac[6], u32 ip, u32 mask, u32 gw);

/*
 * One received frame of @len bytes. If it calls for an answer (ARP reply,
 * ICMP echo reply, UDP echo), the answer frame is written to @out (at least
 * NET_ETH_MAX bytes, not overlapping @frame) and its length returned; else 0.
 */
u32 net_input(struct net_if *n, const u8 *frame, u32 len, u8 *out);

/* An ARP request for @ip (broadcast); returns the frame length. */
u32 net_arp_request(struct net_if *n, u32 ip, u8 *out);

/* An ICMP echo request to the gateway (gw_mac must be known), seq @seq; length. */
u32 net_ping_gw(struct net_if *n, u16 seq, const u8 *payload, u32 plen, u8 *out);

/* The Internet checksum (RFC 1071) of @len bytes, folded, not inverted. */
u32 net_csum_add(u32 sum, const u8 *p, u32 len);
u16 net_csum_fold(u32 sum);

#endif /* AP_NET_H */
