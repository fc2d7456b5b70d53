// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * net.c - Ethernet II, ARP (RFC 826), IPv4 (RFC 791), ICMP echo (RFC 792)
 * and UDP echo (RFC 768, RFC 862) for one interface; see net.h.
 *
 * Fields are read and written byte by byte in network order: frames sit at
 * any alignment and nothing here depends on the host's byte order. Answers
 * are never longer than the frame that asked, so @out needs NET_ETH_MAX.
 * Not handled on purpose: IP options and fragments (ignored, as the echo
 * service never needs them), anything not addressed to our MAC or to the
 * broadcast MAC, and datagrams not addressed to our IP.
 */
#include "net.h"

#define ARP_LEN		28
#define IP_HLEN		20
#define ICMP_HLEN	8
#define UDP_HLEN	8
#define IP_TTL		64
#define IP_FRAG_MASK	0x3fff	/* MF flag and fragment offset; DF (0x4000) is fine */

static u16 get16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void put16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static void put32(u8 *p, u32 v)
{
	put16(p, (u16)(v >> 16));
	put16(p + 2, (u16)v);
}

static void copy(u8 *d, const u8 *s, u32 n)
{
	while (n--)
		*d++ = *s++;
}

static bool mac_eq(const u8 *a, const u8 *b)
{
	u32 i;

	for (i = 0; i < 6; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static bool mac_is_bcast(const u8 *a)
{
	static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	return mac_eq(a, bcast);
}

u32 net_csum_add(u32 sum, const u8 *p, u32 len)
{
	/* Two bytes at a time: at most 1514 bytes, so a u32 cannot overflow. */
	for (; len > 1; p += 2, len -= 2)
		sum += get16(p);
	if (len)
		sum += (u32)p[0] << 8;
	return sum;
}

/* The value to store in a checksum field; 0 over data whose checksum is right. */
u16 net_csum_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
}

void net_if_init(struct net_if *n, const u8 mac[6], u32 ip, u32 mask, u32 gw)
{
	memset(n, 0, sizeof(*n));
	copy(n->mac, mac, 6);
	n->ip = ip;
	n->mask = mask;
	n->gw = gw;
	n->ip_id = 1;
	n->ping_id = 0x504d;	/* "PM" */
}

static u8 *eth_header(struct net_if *n, u8 *out, const u8 *dst, u16 type)
{
	copy(out, dst, 6);
	copy(out + 6, n->mac, 6);
	put16(out + 12, type);
	return out + NET_ETH_HLEN;
}

/* An IPv4 header without options, from us to @dst, before @plen payload bytes. */
static u8 *ip_header(struct net_if *n, u8 *p, u8 proto, u32 dst, u32 plen)
{
	p[0] = 0x45;
	p[1] = 0;
	put16(p + 2, (u16)(IP_HLEN + plen));
	put16(p + 4, n->ip_id++);
	put16(p + 6, 0);
	p[8] = IP_TTL;
	p[9] = proto;
	put16(p + 10, 0);
	put32(p + 12, n->ip);
	put32(p + 16, dst);
	put16(p + 10, net_csum_fold(net_csum_add(0, p, IP_HLEN)));
	return p + IP_HLEN;
}

/* The UDP checksum's pseudo-header: addresses, protocol, UDP length. */
static u32 udp_pseudo(u32 src, u32 dst, u16 ulen)
{
	return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
	       NET_IP_PROTO_UDP + ulen;
}

static u32 malformed(struct net_if *n)
{
	n->st.malformed++;
	return 0;
}

static u32 ignored(struct net_if *n)
{
	n->st.ignored++;
	return 0;
}

/* An Ethernet/IPv4 ARP frame from us: @op 1 request, 2 reply, to @tha/@tpa. */
static u32 arp_frame(struct net_if *n, u8 *out, const u8 *dst, u16 op, const u8 *tha, u32 tpa)
{
	u8 *r = eth_header(n, out, dst, NET_ETH_P_ARP);

	put16(r, 1);
	put16(r + 2, NET_ETH_P_IP);
	r[4] = 6;
	r[5] = 4;
	put16(r + 6, op);
	copy(r + 8, n->mac, 6);
	put32(r + 14, n->ip);
	copy(r + 18, tha, 6);
	put32(r + 24, tpa);
	return NET_ETH_HLEN + ARP_LEN;
}

static u32 arp_input(struct net_if *n, const u8 *a, u32 len, u8 *out)
{
	const u8 *sha = a + 8;
	u32 spa, tpa;
	u16 op;

	if (len < ARP_LEN)
		return malformed(n);
	/* Ethernet and IPv4 only: other sizes would move every field. */
	if (get16(a) != 1 || get16(a + 2) != NET_ETH_P_IP || a[4] != 6 || a[5] != 4)
		return ignored(n);
	op = get16(a + 6);
	spa = get32(a + 14);
	tpa = get32(a + 24);
	if (sha[0] & 1)		/* a group address owns no IP address */
		return malformed(n);
	if (tpa != n->ip)
		return ignored(n);
	if (spa == n->gw) {
		copy(n->gw_mac, sha, 6);
		n->gw_known = true;
	}
	if (op == 2) {
		n->st.arp_replies++;
		return 0;
	}
	if (op != 1)
		return ignored(n);
	n->st.arp_requests++;
	return arp_frame(n, out, sha, 2, sha, spa);
}

static u32 icmp_input(struct net_if *n, const u8 *src_mac, u32 src, const u8 *p, u32 len,
		      u8 *out)
{
	u8 *r;

	if (len < ICMP_HLEN || net_csum_fold(net_csum_add(0, p, len)))
		return malformed(n);
	if (p[0] == 0 && p[1] == 0 && src == n->gw && get16(p + 4) == n->ping_id) {
		n->ping_seq_ok = get16(p + 6);
		n->ping_answered = true;
		return 0;
	}
	if (p[0] != 8 || p[1] != 0)
		return ignored(n);
	n->st.icmp_echoes++;
	r = ip_header(n, eth_header(n, out, src_mac, NET_ETH_P_IP), NET_IP_PROTO_ICMP, src, len);
	copy(r, p, len);
	r[0] = 0;		/* echo reply; code, identifier, sequence, data as they came */
	put16(r + 2, 0);
	put16(r + 2, net_csum_fold(net_csum_add(0, r, len)));
	return NET_ETH_HLEN + IP_HLEN + len;
}

static u32 udp_input(struct net_if *n, const u8 *src_mac, u32 src, const u8 *p, u32 len,
		     u8 *out)
{
	u16 sport, ulen, sum;
	u8 *r;

	if (len < UDP_HLEN)
		return malformed(n);
	sport = get16(p);
	ulen = get16(p + 4);
	if (ulen < UDP_HLEN || ulen > len)
		return malformed(n);
	/* 0: the sender computed none (allowed over IPv4). */
	if (get16(p + 6) && net_csum_fold(net_csum_add(udp_pseudo(src, n->ip, ulen), p, ulen)))
		return malformed(n);
	if (get16(p + 2) != NET_UDP_ECHO_PORT || sport == 0)
		return ignored(n);
	n->st.udp_echoes++;
	r = ip_header(n, eth_header(n, out, src_mac, NET_ETH_P_IP), NET_IP_PROTO_UDP, src, ulen);
	put16(r, NET_UDP_ECHO_PORT);
	put16(r + 2, sport);
	put16(r + 4, ulen);
	put16(r + 6, 0);
	copy(r + UDP_HLEN, p + UDP_HLEN, ulen - UDP_HLEN);
	sum = net_csum_fold(net_csum_add(udp_pseudo(n->ip, src, ulen), r, ulen));
	put16(r + 6, sum ? sum : 0xffff);	/* a computed 0 is sent as all ones */
	return NET_ETH_HLEN + IP_HLEN + ulen;
}

/* May we answer @src? Never a broadcast, multicast, loopback or unset address. */
static bool ip_unicast_peer(const struct net_if *n, u32 src)
{
	return src && src != 0xffffffffu && (src >> 28) != 0xe && (src >> 24) != 127 &&
	       src != n->ip && src != (n->ip | ~n->mask);
}

static u32 ip_input(struct net_if *n, const u8 *src_mac, const u8 *p, u32 len, u8 *out)
{
	u32 ihl, tot, src;

	if (len < IP_HLEN || p[0] >> 4 != 4)
		return malformed(n);
	ihl = (p[0] & 15) * 4u;
	tot = get16(p + 2);
	/* The frame may be longer (padding to 60 bytes), never shorter. */
	if (ihl < IP_HLEN || ihl > len || tot < ihl || tot > len)
		return malformed(n);
	if (net_csum_fold(net_csum_add(0, p, ihl)))
		return malformed(n);
	if (ihl != IP_HLEN || (get16(p + 6) & IP_FRAG_MASK))
		return ignored(n);	/* options, fragments: not needed here */
	src = get32(p + 12);
	if (get32(p + 16) != n->ip || !ip_unicast_peer(n, src))
		return ignored(n);
	if (p[9] == NET_IP_PROTO_ICMP)
		return icmp_input(n, src_mac, src, p + ihl, tot - ihl, out);
	if (p[9] == NET_IP_PROTO_UDP)
		return udp_input(n, src_mac, src, p + ihl, tot - ihl, out);
	return ignored(n);
}

u32 net_input(struct net_if *n, const u8 *f, u32 len, u8 *out)
{
	n->st.rx++;
	if (len < NET_ETH_HLEN || len > NET_ETH_MAX || (f[6] & 1))
		return malformed(n);
	if (!mac_eq(f, n->mac) && !mac_is_bcast(f))
		return ignored(n);
	switch (get16(f + 12)) {
	case NET_ETH_P_ARP:
		return arp_input(n, f + NET_ETH_HLEN, len - NET_ETH_HLEN, out);
	case NET_ETH_P_IP:
		return ip_input(n, f + 6, f + NET_ETH_HLEN, len - NET_ETH_HLEN, out);
	default:
		return ignored(n);
	}
}

u32 net_arp_request(struct net_if *n, u32 ip, u8 *out)
{
	static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const u8 unknown[6];

	return arp_frame(n, out, bcast, 1, unknown, ip);
}

u32 net_ping_gw(struct net_if *n, u16 seq, const u8 *payload, u32 plen, u8 *out)
{
	u8 *r;

	if (plen > NET_ETH_MAX - NET_ETH_HLEN - IP_HLEN - ICMP_HLEN)
		plen = NET_ETH_MAX - NET_ETH_HLEN - IP_HLEN - ICMP_HLEN;
	r = ip_header(n, eth_header(n, out, n->gw_mac, NET_ETH_P_IP), NET_IP_PROTO_ICMP, n->gw,
		      ICMP_HLEN + plen);
	r[0] = 8;
	r[1] = 0;
	put16(r + 2, 0);
	put16(r + 4, n->ping_id);
	put16(r + 6, seq);
	copy(r + ICMP_HLEN, payload, plen);
	put16(r + 2, net_csum_fold(net_csum_add(0, r, ICMP_HLEN + plen)));
	n->ping_seq = seq;
	return NET_ETH_HLEN + IP_HLEN + ICMP_HLEN + plen;
}
