/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * A strict decoder of pmdi frame streams (trace-format/FORMAT.md) for the
 * fuzzers: the oracle that what the drain wrote decodes, and the reader of
 * golden vectors and sample traces for seeds. Every length is checked: a
 * frame the drain got wrong is reported, never read past.
 */
#ifndef PMDI_FUZZ_FRAMES_H
#define PMDI_FUZZ_FRAMES_H

#include <stdint.h>
#include <string.h>

#include <pmdi/trace_codec.h>

struct ff_event {
	unsigned int type;
	uint64_t tsc;
	uint32_t req;
	uint64_t args[PMDI_EVENT_MAX_ARGS];
	unsigned int nargs;
	const uint8_t *blob;
	uint32_t blob_len;
	uint32_t bytes;		/* the record's size in the frame (before COBS) */
};

/* Called for each EVENTS record; @src and @seq are the frame's. */
typedef void (*ff_event_fn)(void *ctx, unsigned int src, uint64_t seq, const struct ff_event *ev);

static inline int ff_varint(const uint8_t *p, uint32_t n, uint32_t *i, uint64_t *v)
{
	unsigned int s = 0;

	*v = 0;
	while (*i < n && s < 70) {
		uint8_t b = p[(*i)++];

		*v |= (uint64_t)(b & 0x7f) << s;
		if (!(b & 0x80))
			return 0;
		s += 7;
	}
	return -1;
}

/* COBS-decode @len bytes (no zero among them); returns the length or -1. */
static inline int ff_cobs(const uint8_t *in, uint32_t len, uint8_t *out, uint32_t cap)
{
	uint32_t i = 0, o = 0;

	while (i < len) {
		uint32_t code = in[i++], k;

		if (code == 0)
			return -1;
		for (k = 1; k < code; k++) {
			if (i >= len || in[i] == 0 || o >= cap)
				return -1;
			out[o++] = in[i++];
		}
		if (code != 0xff && i < len) {
			if (o >= cap)
				return -1;
			out[o++] = 0;
		}
	}
	return (int)o;
}

/*
 * Decode one frame's payload. Returns the number of EVENTS records (0 for
 * other kinds), -1 if the frame is malformed, or FF_REST_LOST when a record
 * is well framed but its blob is not (a NET_FRAME whose length does not add
 * up): the records before it were delivered, the rest of the frame is lost
 * (FORMAT.md §4).
 */
#define FF_REST_LOST (-2)

static inline int ff_frame(const uint8_t *wire, uint32_t len, ff_event_fn fn, void *ctx,
			   unsigned int *src_out, uint64_t *seq_out)
{
	uint8_t p[PMDI_FRAME_WIRE_MAX + 8];
	uint32_t i, n, crc;
	uint64_t seq, tsc, v;
	unsigned int src, shift;
	uint32_t req = 0;
	int count = 0, d;

	if (len > PMDI_FRAME_WIRE_MAX)
		return -1;
	d = ff_cobs(wire, len, p, sizeof(p));
	if (d < 1 + PMDI_FRAME_CRC_LEN)
		return -1;
	n = (uint32_t)d - PMDI_FRAME_CRC_LEN;
	crc = p[n] | p[n + 1] << 8 | p[n + 2] << 16 | (uint32_t)p[n + 3] << 24;
	if (n > PMDI_FRAME_PAYLOAD_MAX || pmdi_crc32c(p, n) != crc)
		return -1;
	if (p[0] != PMDI_FRAME_EVENTS)
		return 0;
	if (n < 2)
		return -1;
	src = p[1];
	i = 2;
	if (ff_varint(p, n, &i, &seq) || ff_varint(p, n, &i, &tsc) || i >= n)
		return -1;
	shift = p[i++];
	if (shift > 63)
		return -1;
	*src_out = src;
	*seq_out = seq;
	while (i < n) {
		struct ff_event ev = { 0 };
		unsigned int type = p[i] & PMDI_REC_TYPE_MASK, same = p[i] & PMDI_REC_SAME_REQ, a;
		uint32_t start = i;
		int nargs = pmdi_ev_nargs(type);

		i++;
		if (ff_varint(p, n, &i, &v))
			return -1;
		tsc += v << shift;
		if (pmdi_ev_has_req(type) && !same) {
			if (ff_varint(p, n, &i, &v))
				return -1;
			req += (uint32_t)(int32_t)((v >> 1) ^ -(v & 1));
		}
		ev.type = type;
		ev.tsc = tsc;
		ev.req = req;
		if (pmdi_ev_is_blob(type)) {
			if (ff_varint(p, n, &i, &v) || v > PMDI_BLOB_MAX || v > n - i)
				return -1;
			ev.blob = p + i;
			ev.blob_len = (uint32_t)v;
			i += (uint32_t)v;
			if (type == PMDI_EV_NET_FRAME && !pmdi_net_frame_ok(ev.blob, ev.blob_len))
				return FF_REST_LOST;
		} else {
			if (nargs < 0)
				return -1;
			for (a = 0; a < (unsigned int)nargs; a++) {
				if (ff_varint(p, n, &i, &ev.args[a]))
					return -1;
				if (pmdi_ev_arg_signed(type, a))
					ev.args[a] = (ev.args[a] >> 1) ^ -(ev.args[a] & 1);
			}
			ev.nargs = (unsigned int)nargs;
		}
		ev.bytes = i - start;
		if (fn)
			fn(ctx, src, seq + (uint64_t)count, &ev);
		count++;
	}
	return count;
}

#endif /* PMDI_FUZZ_FRAMES_H */
