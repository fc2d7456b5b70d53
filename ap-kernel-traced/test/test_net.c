// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Host test of the AP kernel's network protocols (net.c): constructed frames
 * in, answers checked byte for byte. The frames and the checksums here are
 * built by this file's own code (a plain RFC 1071 sum over a pseudo-header
 * copied out), not by net.c's. Every input lives in a heap block of exactly
 * its length, so ASan catches a read past what the "wire" delivered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "net.h"

static int failures, checks;

#define CHECK(cond, ...) do {						\
	checks++;							\
	if (!(cond)) {							\
		failures++;						\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

static const uint8_t AP_MAC[6] = { 0x52, 0x54, 0x00, 0x50, 0x4d, 0x41 };
static const uint8_t GW_MAC[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
#define AP_IP	0x0a00020fu	/* 10.0.2.15 */
#define GW_IP	0x0a000202u	/* 10.0.2.2 */
#define HOST_IP	0x0a000202u	/* slirp forwards from the gateway's address */

/* RFC 1071, the textbook way: 16-bit words, end-around carry, complement. */
static uint16_t ref_csum(const uint8_t *p, size_t len)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint64_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint64_t)p[len - 1] << 8;
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void w16(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void w32(uint8_t *p, uint32_t v)
{
	w16(p, v >> 16);
	w16(p + 2, v & 0xffff);
}

static unsigned int r16(const uint8_t *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

static uint32_t r32(const uint8_t *p)
{
	return (uint32_t)r16(p) << 16 | r16(p + 2);
}

/* UDP checksum over pseudo-header + segment, by building the pseudo-header. */
static uint16_t ref_udp_csum(uint32_t src, uint32_t dst, const uint8_t *udp, size_t ulen)
{
	uint8_t *b = calloc(1, 12 + ulen);
	uint16_t s;

	w32(b, src);
	w32(b + 4, dst);
	b[9] = 17;
	w16(b + 10, (unsigned int)ulen);
	memcpy(b + 12, udp, ulen);
	s = ref_csum(b, 12 + ulen);
	free(b);
	return s;
}

struct frame {
	uint8_t b[2048];
	size_t len;
};

static size_t eth(uint8_t *f, const uint8_t *dst, const uint8_t *src, unsigned int type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	w16(f + 12, type);
	return 14;
}

static void ip_hdr(uint8_t *p, unsigned int proto, uint32_t src, uint32_t dst, size_t plen)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	w16(p + 2, (unsigned int)(20 + plen));
	w16(p + 4, 0x1234);
	w16(p + 6, 0x4000);	/* DF, as Linux sends */
	p[8] = 64;
	p[9] = (uint8_t)proto;
	w32(p + 12, src);
	w32(p + 16, dst);
	w16(p + 10, ref_csum(p, 20));
}

static void mk_arp(struct frame *fr, unsigned int op, uint32_t spa, uint32_t tpa)
{
	uint8_t *a = fr->b + eth(fr->b, op == 1 ? BCAST : AP_MAC, GW_MAC, 0x0806);

	w16(a, 1);
	w16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	w16(a + 6, op);
	memcpy(a + 8, GW_MAC, 6);
	w32(a + 14, spa);
	memset(a + 18, 0, 6);
	w32(a + 24, tpa);
	fr->len = 42;
}

static void mk_udp(struct frame *fr, uint16_t sport, uint16_t dport, const uint8_t *data,
		   size_t n, int with_csum)
{
	uint8_t *ip = fr->b + eth(fr->b, AP_MAC, GW_MAC, 0x0800), *u = ip + 20;

	w16(u, sport);
	w16(u + 2, dport);
	w16(u + 4, (unsigned int)(8 + n));
	w16(u + 6, 0);
	memcpy(u + 8, data, n);
	if (with_csum) {
		uint16_t s = ref_udp_csum(HOST_IP, AP_IP, u, 8 + n);

		w16(u + 6, s ? s : 0xffff);
	}
	ip_hdr(ip, 17, HOST_IP, AP_IP, 8 + n);
	fr->len = 14 + 20 + 8 + n;
}

static void mk_icmp(struct frame *fr, unsigned int type, uint32_t src, unsigned int id,
		    unsigned int seq, const uint8_t *data, size_t n)
{
	uint8_t *ip = fr->b + eth(fr->b, AP_MAC, GW_MAC, 0x0800), *c = ip + 20;

	c[0] = (uint8_t)type;
	c[1] = 0;
	w16(c + 2, 0);
	w16(c + 4, id);
	w16(c + 6, seq);
	memcpy(c + 8, data, n);
	w16(c + 2, ref_csum(c, 8 + n));
	ip_hdr(ip, 1, src, AP_IP, 8 + n);
	fr->len = 14 + 20 + 8 + n;
}

static struct net_if nif;

static void fresh(void)
{
	net_if_init(&nif, AP_MAC, AP_IP, 0xffffff00u, GW_IP);
}

/* Feed exactly @len bytes from a heap block of that size; the answer's length. */
static size_t feed(const uint8_t *f, size_t len, uint8_t *out)
{
	uint8_t *copy = malloc(len ? len : 1);
	size_t r;

	memcpy(copy, f, len);
	memset(out, 0xcc, NET_ETH_MAX);
	r = net_input(&nif, copy, (u32)len, out);
	free(copy);
	return r;
}

/* The IPv4 header of an answer: ours, to @dst, checksum right, no options. */
static void check_ip_answer(const uint8_t *out, size_t len, unsigned int proto, uint32_t dst,
			    const char *what)
{
	const uint8_t *ip = out + 14;

	CHECK(!memcmp(out, GW_MAC, 6), "%s: eth dst", what);
	CHECK(!memcmp(out + 6, AP_MAC, 6), "%s: eth src", what);
	CHECK(r16(out + 12) == 0x0800, "%s: ethertype", what);
	CHECK(ip[0] == 0x45, "%s: version/IHL %02x", what, ip[0]);
	CHECK(r16(ip + 2) == len - 14, "%s: total length %u vs %zu", what, r16(ip + 2), len - 14);
	CHECK((r16(ip + 6) & 0x3fff) == 0, "%s: fragment bits", what);
	CHECK(ip[8] > 0, "%s: ttl", what);
	CHECK(ip[9] == proto, "%s: protocol", what);
	CHECK(r32(ip + 12) == AP_IP, "%s: src ip", what);
	CHECK(r32(ip + 16) == dst, "%s: dst ip", what);
	CHECK(ref_csum(ip, 20) == 0, "%s: IP header checksum", what);
}

static void test_arp(void)
{
	struct frame fr;
	uint8_t out[NET_ETH_MAX];
	static const uint8_t want[42] = {
		0x52, 0x55, 0x0a, 0x00, 0x02, 0x02,	/* to the asker */
		0x52, 0x54, 0x00, 0x50, 0x4d, 0x41,	/* from us */
		0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x02,
		0x52, 0x54, 0x00, 0x50, 0x4d, 0x41, 10, 0, 2, 15,
		0x52, 0x55, 0x0a, 0x00, 0x02, 0x02, 10, 0, 2, 2,
	};
	size_t n;

	fresh();
	mk_arp(&fr, 1, GW_IP, AP_IP);
	n = feed(fr.b, fr.len, out);
	CHECK(n == 42 && !memcmp(out, want, 42), "ARP reply bytes (len %zu)", n);
	CHECK(nif.gw_known && !memcmp(nif.gw_mac, GW_MAC, 6), "gateway MAC learned");

	/* Padded to the 60-byte minimum, as on a real wire: same answer. */
	memset(fr.b + 42, 0xee, 18);
	n = feed(fr.b, 60, out);
	CHECK(n == 42 && !memcmp(out, want, 42), "padded ARP request");

	fresh();
	mk_arp(&fr, 1, GW_IP, 0x0a000203u);
	CHECK(feed(fr.b, fr.len, out) == 0 && nif.st.ignored == 1, "ARP for another IP ignored");
	CHECK(!nif.gw_known, "no MAC learned from a request to someone else");
	mk_arp(&fr, 1, GW_IP, AP_IP);
	CHECK(feed(fr.b, 41, out) == 0 && nif.st.malformed == 1, "short ARP malformed");
	fr.b[19] = 16;		/* hlen 16 */
	CHECK(feed(fr.b, fr.len, out) == 0 && nif.st.ignored == 2, "ARP hlen 16 ignored");
	mk_arp(&fr, 2, GW_IP, AP_IP);
	CHECK(feed(fr.b, fr.len, out) == 0 && nif.gw_known && nif.st.arp_replies == 1,
	      "ARP reply from the gateway learned, not answered");
	mk_arp(&fr, 1, GW_IP, AP_IP);
	fr.b[22] |= 1;		/* sender hardware address multicast */
	CHECK(feed(fr.b, fr.len, out) == 0, "ARP from a group MAC not answered");

	/* Our own request for the gateway. */
	fresh();
	n = net_arp_request(&nif, GW_IP, out);
	CHECK(n == 42 && !memcmp(out, BCAST, 6) && !memcmp(out + 6, AP_MAC, 6) &&
	      r16(out + 12) == 0x0806 && r16(out + 14) == 1 && r16(out + 16) == 0x0800 &&
	      out[18] == 6 && out[19] == 4 && r16(out + 20) == 1 &&
	      !memcmp(out + 22, AP_MAC, 6) && r32(out + 28) == AP_IP && r32(out + 38) == GW_IP,
	      "ARP request for the gateway");
}

static void test_icmp(void)
{
	struct frame fr;
	uint8_t out[NET_ETH_MAX], data[1472];
	size_t n, sizes[] = { 0, 1, 56, 1471, 1472 }, i, k;

	for (k = 0; k < sizeof(data); k++)
		data[k] = (uint8_t)(k * 31 + 7);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fresh();
		mk_icmp(&fr, 8, GW_IP, 0x4242, (unsigned int)i, data, sizes[i]);
		n = feed(fr.b, fr.len, out);
		CHECK(n == fr.len, "echo reply length %zu for %zu", n, fr.len);
		if (n != fr.len)
			continue;
		check_ip_answer(out, n, 1, GW_IP, "icmp");
		CHECK(out[34] == 0 && out[35] == 0, "echo reply type/code");
		CHECK(r16(out + 38) == 0x4242 && r16(out + 40) == i, "id/seq kept");
		CHECK(!memcmp(out + 42, data, sizes[i]), "echo data kept (%zu bytes)", sizes[i]);
		CHECK(ref_csum(out + 34, n - 34) == 0, "ICMP checksum (%zu bytes)", sizes[i]);
		CHECK(nif.st.icmp_echoes == 1, "counted");
	}

	/* Our ping: request well formed, the gateway's answer recognised. */
	fresh();
	mk_arp(&fr, 2, GW_IP, AP_IP);
	feed(fr.b, fr.len, out);
	n = net_ping_gw(&nif, 3, data, 16, out);
	CHECK(n == 14 + 20 + 8 + 16, "ping length");
	CHECK(!memcmp(out, GW_MAC, 6) && r16(out + 12) == 0x0800, "ping to the gateway's MAC");
	CHECK(out[14] == 0x45 && ref_csum(out + 14, 20) == 0 && out[23] == 1 &&
	      r32(out + 26) == AP_IP && r32(out + 30) == GW_IP, "ping IP header");
	CHECK(out[34] == 8 && ref_csum(out + 34, n - 34) == 0 && r16(out + 40) == 3 &&
	      !memcmp(out + 42, data, 16), "ping ICMP");
	mk_icmp(&fr, 0, GW_IP, r16(out + 38), 3, data, 16);
	CHECK(feed(fr.b, fr.len, out) == 0 && nif.ping_answered && nif.ping_seq_ok == 3,
	      "ping reply recognised");
	fresh();
	mk_icmp(&fr, 0, GW_IP, 0x9999, 3, data, 16);
	CHECK(feed(fr.b, fr.len, out) == 0 && !nif.ping_answered, "someone else's reply");
	mk_icmp(&fr, 8, GW_IP, 1, 1, data, 16);
	fr.b[40] ^= 1;		/* data changed after the checksum */
	CHECK(feed(fr.b, fr.len, out) == 0 && nif.st.malformed == 1, "bad ICMP checksum");
	mk_icmp(&fr, 8, GW_IP, 1, 1, data, 0);
	w16(fr.b + 16, 20 + 4);	/* IP says 4 bytes of ICMP */
	w16(fr.b + 24, 0);
	w16(fr.b + 24, ref_csum(fr.b + 14, 20));
	CHECK(feed(fr.b, fr.len, out) == 0 && nif.st.malformed == 2, "ICMP shorter than 8");
	mk_icmp(&fr, 13, GW_IP, 1, 1, data, 12);	/* timestamp request */
	CHECK(feed(fr.b, fr.len, out) == 0 && nif.st.ignored == 2, "other ICMP ignored");
}

static void test_udp(void)
{
	struct frame fr;
	uint8_t out[NET_ETH_MAX], data[1472];
	size_t n, k, sizes[] = { 0, 1, 2, 3, 17, 64, 1000, 1471, 1472 }, i;
	int with;

	for (k = 0; k < sizeof(data); k++)
		data[k] = (uint8_t)(k ^ (k >> 8) ^ 0xa5);
	data[0] = 0xff;	/* words that carry in the checksum */
	data[1] = 0xff;
	for (with = 0; with < 2; with++) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			fresh();
			mk_udp(&fr, 40000 + (uint16_t)i, 7, data, sizes[i], with);
			n = feed(fr.b, fr.len, out);
			CHECK(n == fr.len, "UDP echo length %zu for %zu", n, fr.len);
			if (n != fr.len)
				continue;
			check_ip_answer(out, n, 17, HOST_IP, "udp");
			CHECK(r16(out + 34) == 7 && r16(out + 36) == 40000 + i, "ports swapped");
			CHECK(r16(out + 38) == 8 + sizes[i], "UDP length");
			CHECK(r16(out + 40) != 0, "UDP checksum computed");
			CHECK(ref_udp_csum(AP_IP, HOST_IP, out + 34, 8 + sizes[i]) == 0,
			      "UDP checksum right (%zu bytes, sender csum %d)", sizes[i], with);
			CHECK(!memcmp(out + 42, data, sizes[i]), "payload echoed (%zu)", sizes[i]);
		}
	}

	/* A 1-byte datagram padded to 60 bytes: the padding is not echoed. */
	fresh();
	mk_udp(&fr, 5555, 7, data, 1, 1);
	memset(fr.b + fr.len, 0x77, 60 - fr.len);
	n = feed(fr.b, 60, out);
	CHECK(n == 43 && out[42] == data[0], "padded datagram: %zu", n);

	/* Every byte of a valid datagram changed: never answered with a wrong echo. */
	fresh();
	mk_udp(&fr, 5555, 7, data, 100, 1);
	for (k = 14; k < fr.len; k++) {
		size_t m;

		fr.b[k] ^= 0x10;
		m = feed(fr.b, fr.len, out);
		/* Checksums cover every byte: only a UDP checksum turned 0 (none) passes. */
		if (m) {
			CHECK(ref_csum(out + 14, 20) == 0, "flip %zu: IP checksum", k);
			CHECK(ref_udp_csum(AP_IP, r32(out + 30), out + 34, r16(out + 38)) == 0,
			      "flip %zu: UDP checksum", k);
			CHECK(!memcmp(out + 42, fr.b + 42, r16(out + 38) - 8),
			      "flip %zu: payload", k);
			CHECK((k == 40 || k == 41) && !r16(fr.b + 40),
			      "flip at %zu answered", k);
		}
		fr.b[k] ^= 0x10;
	}
}

/* Malformed and unwanted frames: no answer, counted as which. */
static void test_bad(void)
{
	struct frame fr, good;
	uint8_t out[NET_ETH_MAX], data[64] = { 1, 2, 3 }, big[2048];

	mk_udp(&good, 1234, 7, data, sizeof(data), 1);

#define BAD(desc, mutate, is_malformed) do {					\
	fresh();								\
	fr = good;								\
	mutate;									\
	CHECK(feed(fr.b, fr.len, out) == 0, "%s answered", desc);		\
	CHECK(is_malformed ? nif.st.malformed == 1 : nif.st.ignored == 1,	\
	      "%s: counted as %s", desc, is_malformed ? "malformed" : "ignored");	\
} while (0)

#define IPSUM() (w16(fr.b + 24, 0), w16(fr.b + 24, ref_csum(fr.b + 14, 20)))

	fresh();
	CHECK(feed(good.b, good.len, out) == good.len, "the good frame is answered");
	BAD("13-byte frame", fr.len = 13, 1);
	BAD("0-byte frame", fr.len = 0, 1);
	BAD("Ethernet header only", fr.len = 14, 1);
	BAD("19 bytes of IP", fr.len = 33, 1);
	BAD("IP version 6", (fr.b[14] = 0x65, IPSUM()), 1);
	BAD("IHL 4", (fr.b[14] = 0x44, IPSUM()), 1);
	BAD("IHL 15 beyond the frame", (fr.len = 14 + 40, fr.b[14] = 0x4f, IPSUM()), 1);
	BAD("total length beyond the frame", (w16(fr.b + 16, 20 + 8 + 65), IPSUM()), 1);
	BAD("total length below the header", (w16(fr.b + 16, 19), IPSUM()), 1);
	BAD("frame cut short", fr.len -= 1, 1);
	BAD("IP checksum wrong", fr.b[24] ^= 0x80, 1);
	BAD("UDP length > IP payload", w16(fr.b + 38, 8 + 65), 1);
	BAD("UDP length < 8", w16(fr.b + 38, 7), 1);
	BAD("UDP checksum wrong", fr.b[40] ^= 1, 1);
	BAD("UDP shorter than its header", (fr.len = 14 + 20 + 7, w16(fr.b + 16, 27), IPSUM()), 1);
	BAD("Ethernet source is a group address", fr.b[6] |= 1, 1);
	BAD("frame longer than the MTU", (memset(big, 0, sizeof(big)), memcpy(big, good.b, good.len),
					  memcpy(fr.b, big, sizeof(fr.b)), fr.len = 1515), 1);
	BAD("IP options (IHL 6)", ({
		memmove(fr.b + 38, fr.b + 34, 8 + 64);
		memset(fr.b + 34, 1, 4);	/* four NOPs */
		fr.b[14] = 0x46;
		w16(fr.b + 16, 24 + 8 + 64);
		fr.len += 4;
		w16(fr.b + 24, 0);
		w16(fr.b + 24, ref_csum(fr.b + 14, 24)); }), 0);
	BAD("more fragments", (w16(fr.b + 20, 0x2000), IPSUM()), 0);
	BAD("fragment offset", (w16(fr.b + 20, 0x0010), IPSUM()), 0);
	BAD("another IP", (w32(fr.b + 30, 0x0a000210u), IPSUM()), 0);
	BAD("another MAC", fr.b[5] ^= 2, 0);
	BAD("from a broadcast IP", (w32(fr.b + 26, 0x0a0002ffu), IPSUM()), 0);
	BAD("from a multicast IP", (w32(fr.b + 26, 0xe0000001u), IPSUM()), 0);
	BAD("from source port 0", (w16(fr.b + 34, 0), w16(fr.b + 40, 0)), 0);
	BAD("to port 8", (w16(fr.b + 36, 8), w16(fr.b + 40, 0)), 0);
	BAD("TCP", (fr.b[23] = 6, IPSUM()), 0);
	BAD("IPv6 ethertype", w16(fr.b + 12, 0x86dd), 0);
}

/* Random damage under ASan: no read past the frame, every answer well formed. */
static void test_random(unsigned int seed)
{
	struct frame base[3], fr;
	uint8_t out[NET_ETH_MAX], data[200];
	unsigned long i, answered = 0;
	size_t k;

	srandom(seed);
	for (k = 0; k < sizeof(data); k++)
		data[k] = (uint8_t)random();
	mk_udp(&base[0], 999, 7, data, sizeof(data), 1);
	mk_icmp(&base[1], 8, GW_IP, 7, 7, data, 100);
	mk_arp(&base[2], 1, GW_IP, AP_IP);
	fresh();
	for (i = 0; i < 200000; i++) {
		size_t n, flips = 1 + random() % 4;

		fr = base[random() % 3];
		for (k = 0; k < flips; k++)
			fr.b[random() % (fr.len + 8)] ^= (uint8_t)(1 + random() % 255);
		if (random() % 4 == 0)
			fr.len = random() % (fr.len + 8);
		n = feed(fr.b, fr.len, out);
		if (!n)
			continue;
		answered++;
		CHECK(n <= fr.len || n == 42, "answer longer than the question");
		if (r16(out + 12) == 0x0800) {
			CHECK(ref_csum(out + 14, 20) == 0, "random: IP checksum");
			if (out[23] == 17)
				CHECK(ref_udp_csum(AP_IP, r32(out + 30), out + 34,
						   r16(out + 38)) == 0, "random: UDP checksum");
			else
				CHECK(ref_csum(out + 34, n - 34) == 0, "random: ICMP checksum");
		}
	}
	CHECK(answered > 1000, "some damaged frames still answered (%lu)", answered);
	printf("random: 200000 damaged frames, %lu answered, all well formed\n", answered);
}

int main(int argc, char **argv)
{
	test_arp();
	test_icmp();
	test_udp();
	test_bad();
	test_random(argc > 1 ? (unsigned int)strtoul(argv[1], 0, 0) : 1);
	printf("ap net: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
