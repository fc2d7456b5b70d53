/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * pmdi trace stream encoder: ring records -> stream records -> COBS frames.
 *
 * Freestanding (no libc, no Linux includes). Used by the Linux module's drain
 * and by the host-side golden-vector writer and benchmarks. The layouts are
 * specified in trace-format/FORMAT.md; the Java codec decodes them.
 */
#ifndef PMDI_TRACE_CODEC_H
#define PMDI_TRACE_CODEC_H

#include "trace_format.h"

#define PMDI_EVENT_MAX_ARGS 5

/* One event in its logical form: what a stream record carries. */
struct pmdi_event {
	pmdi_u64 tsc;
	pmdi_u32 req;
	pmdi_u8 type;
	pmdi_u8 nargs;
	pmdi_u16 blob_len;
	pmdi_u64 args[PMDI_EVENT_MAX_ARGS];	/* signed args hold the s64 bit pattern */
	const pmdi_u8 *blob;			/* blob types only */
};

/* Number of arguments of a fixed type, or -1 for unknown types and blob types. */
static inline int pmdi_ev_nargs(unsigned int type)
{
	static const pmdi_s8 nargs[PMDI_EV_FIXED_LAST + 1] = {
		[PMDI_EV_RESERVED] = -1,
		[PMDI_EV_REQ_POST] = 5,
		[PMDI_EV_DOORBELL_SEND] = 2,
		[PMDI_EV_DOORBELL_SUPPRESS] = 2,
		[PMDI_EV_IPI_RECV] = 1,
		[PMDI_EV_DISPATCH] = 1,
		[PMDI_EV_DRV_BEGIN] = 1,
		[PMDI_EV_DRV_END] = 2,
		[PMDI_EV_REPLY_POST] = 2,
		[PMDI_EV_REPLY_TAKE] = 1,
		[PMDI_EV_REQ_DONE] = 1,
		[PMDI_EV_EVENT_POST] = 3,
		[PMDI_EV_EVENT_TAKE] = 1,
		[PMDI_EV_HEARTBEAT] = 1,
		[PMDI_EV_UNEXPECTED_IRQ] = 1,
		[PMDI_EV_RING_OVERFLOW] = 2,
		[PMDI_EV_LOST] = 1,
		[PMDI_EV_CLOCK_SYNC] = 3,
		[PMDI_EV_TRACE_CTRL] = 2,
		[PMDI_EV_REQ_REFUSED] = 1,
		[PMDI_EV_NET_DROP] = 2,
		[PMDI_EV_NET_LINK] = 2,
	};

	return type <= PMDI_EV_FIXED_LAST ? nargs[type] : -1;
}

/* The class a type belongs to (enum pmdi_ev_class), 0 if never filtered. */
static inline pmdi_u32 pmdi_ev_class_of(unsigned int type)
{
	switch (type) {
	case PMDI_EV_REQ_POST:
	case PMDI_EV_DISPATCH:
	case PMDI_EV_REPLY_POST:
	case PMDI_EV_REPLY_TAKE:
	case PMDI_EV_REQ_DONE:
	case PMDI_EV_REQ_REFUSED:
		return PMDI_CLASS_REQUEST;
	case PMDI_EV_DOORBELL_SEND:
	case PMDI_EV_DOORBELL_SUPPRESS:
	case PMDI_EV_IPI_RECV:
		return PMDI_CLASS_DOORBELL;
	case PMDI_EV_DRV_BEGIN:
	case PMDI_EV_DRV_END:
		return PMDI_CLASS_DRIVER;
	case PMDI_EV_EVENT_POST:
	case PMDI_EV_EVENT_TAKE:
	case PMDI_EV_NET_LINK:
		return PMDI_CLASS_EVENT;
	case PMDI_EV_HEARTBEAT:
	case PMDI_EV_UNEXPECTED_IRQ:
	case PMDI_EV_AP_FAULT:
	case PMDI_EV_RING_OVERFLOW:
	case PMDI_EV_NET_DROP:
		return PMDI_CLASS_HEALTH;
	case PMDI_EV_LOG:
		return PMDI_CLASS_LOG;
	case PMDI_EV_NET_FRAME:
		return PMDI_CLASS_FRAME;
	default:
		return 0;
	}
}

static inline int pmdi_ev_is_blob(unsigned int type)
{
	return type >= PMDI_EV_LOG && type <= PMDI_EV_BLOB_LAST;
}

/*
 * Is a NET_FRAME blob well formed? Its head, then min(len, snap) bytes of
 * the frame for some snap <= PMDI_NET_FRAME_SNAP_MAX: at least the head, and
 * never more frame bytes than the frame has. A decoder that finds one that
 * is not treats it like a malformed record: the rest of its frame is lost.
 */
static inline int pmdi_net_frame_ok(const pmdi_u8 *blob, pmdi_u32 blob_len)
{
	pmdi_u32 len;

	if (blob_len < PMDI_NET_FRAME_HEAD || blob_len > PMDI_BLOB_MAX)
		return 0;
	len = blob[4] | (pmdi_u32)blob[5] << 8 | (pmdi_u32)blob[6] << 16 |
	      (pmdi_u32)blob[7] << 24;
	return blob_len - PMDI_NET_FRAME_HEAD <= len;
}

/*
 * Does a record of @type carry a request id on the stream? Types that never
 * belong to a request carry none: their request id reads as 0 and they leave
 * the "previous request id" of the frame unchanged, so they cost no bytes
 * when interleaved with a request's records.
 */
static inline int pmdi_ev_has_req(unsigned int type)
{
	switch (type) {
	case PMDI_EV_IPI_RECV:
	case PMDI_EV_HEARTBEAT:
	case PMDI_EV_UNEXPECTED_IRQ:
	case PMDI_EV_RING_OVERFLOW:
	case PMDI_EV_LOST:
	case PMDI_EV_CLOCK_SYNC:
	case PMDI_EV_TRACE_CTRL:
	case PMDI_EV_INFLIGHT:
	case PMDI_EV_NET_DROP:
	case PMDI_EV_NET_LINK:
		return 0;
	default:
		return 1;
	}
}

/* Is argument @i of @type an svarint (signed)? */
static inline int pmdi_ev_arg_signed(unsigned int type, unsigned int i)
{
	switch (type) {
	case PMDI_EV_DRV_END:
	case PMDI_EV_REPLY_POST:
	case PMDI_EV_REQ_DONE:
	case PMDI_EV_CLOCK_SYNC:
		return i == 0;
	default:
		return 0;
	}
}

/* Packers for the header slot's arg (layouts in trace_format.h). */
static inline pmdi_u32 pmdi_arg_req_post(pmdi_u8 dev, pmdi_u8 op, pmdi_u16 slot)
{
	return dev | (pmdi_u32)op << 8 | (pmdi_u32)slot << 16;
}

static inline pmdi_u32 pmdi_arg_doorbell(pmdi_u8 ring, pmdi_u32 index)
{
	return ring | (index & 0xffff) << 8;
}

static inline pmdi_u32 pmdi_arg_status_u24(int status, pmdi_u32 v)
{
	return (pmdi_u8)(pmdi_s8)status | (v & 0xffffff) << 8;
}

static inline pmdi_s64 pmdi_sext8(pmdi_u32 v)
{
	return (pmdi_s8)(pmdi_u8)v;
}

/*
 * Turn a ring record (header slot + its extension slots) into an event.
 * @blob points into @slots for blob types. Returns 0, or -1 if malformed.
 */
static inline int pmdi_event_from_rec(const struct pmdi_trace_rec *slots, pmdi_u32 nslots,
				      struct pmdi_event *ev)
{
	const struct pmdi_trace_rec *h = &slots[0];
	pmdi_u32 a = h->arg;
	unsigned int type = (unsigned int)(h->tsc_type >> PMDI_TSC_BITS);
	pmdi_u64 *x = ev->args;

	ev->tsc = h->tsc_type & PMDI_TSC_MASK;
	ev->req = h->req;
	ev->type = (pmdi_u8)type;
	ev->blob = 0;
	ev->blob_len = 0;
	ev->nargs = 0;
	if (pmdi_ev_is_blob(type)) {
		if (a > PMDI_BLOB_MAX || nslots < 1 + (a + PMDI_SLOT_SIZE - 1) / PMDI_SLOT_SIZE)
			return -1;
		ev->blob = (const pmdi_u8 *)&slots[1];
		ev->blob_len = (pmdi_u16)a;
		return 0;
	}
	switch (type) {
	case PMDI_EV_REQ_POST: {
		const struct pmdi_ext_req_post *e = (const void *)&slots[1];

		if (nslots < 2)
			return -1;
		x[0] = a & 0xff;
		x[1] = (a >> 8) & 0xff;
		x[2] = a >> 16;
		x[3] = e->len;
		x[4] = e->offset;
		break;
	}
	case PMDI_EV_DOORBELL_SEND:
	case PMDI_EV_DOORBELL_SUPPRESS:
		x[0] = a & 0xff;
		x[1] = (a >> 8) & 0xffff;
		break;
	case PMDI_EV_IPI_RECV:
	case PMDI_EV_DISPATCH:
	case PMDI_EV_DRV_BEGIN:
	case PMDI_EV_UNEXPECTED_IRQ:
		x[0] = a & 0xff;
		break;
	case PMDI_EV_DRV_END:
		x[0] = (pmdi_u64)pmdi_sext8(a);
		x[1] = a >> 8;
		break;
	case PMDI_EV_REPLY_POST:
		x[0] = (pmdi_u64)pmdi_sext8(a);
		x[1] = (a >> 8) & 0xffff;
		break;
	case PMDI_EV_REPLY_TAKE:
	case PMDI_EV_EVENT_TAKE:
		x[0] = a & 0xffff;
		break;
	case PMDI_EV_REQ_DONE:
		x[0] = (pmdi_u64)pmdi_sext8(a);
		break;
	case PMDI_EV_EVENT_POST:
		x[0] = a & 0xff;
		x[1] = (a >> 8) & 0xff;
		x[2] = a >> 16;
		break;
	case PMDI_EV_HEARTBEAT:
	case PMDI_EV_LOST:
	case PMDI_EV_REQ_REFUSED:
		x[0] = a;
		break;
	case PMDI_EV_RING_OVERFLOW:
	case PMDI_EV_TRACE_CTRL:
	case PMDI_EV_NET_DROP:
		x[0] = a & 0xff;
		x[1] = a >> 8;
		break;
	case PMDI_EV_NET_LINK:
		x[0] = a & 0xff;
		x[1] = (a >> 8) & 0xff;
		break;
	case PMDI_EV_CLOCK_SYNC: {
		const struct pmdi_ext_clock_sync *e = (const void *)&slots[1];

		if (nslots < 2)
			return -1;
		x[0] = (pmdi_u64)e->offset;
		x[1] = e->uncertainty;
		x[2] = e->rtt;
		break;
	}
	default:
		return -1;
	}
	ev->nargs = (pmdi_u8)pmdi_ev_nargs(type);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Primitive encoders                                                  */
/* ------------------------------------------------------------------ */

/* Append @v as LEB128 at @p; returns bytes written (1..10). */
static inline unsigned int pmdi_put_varint(pmdi_u8 *p, pmdi_u64 v)
{
	unsigned int n = 0;

	while (v >= 0x80) {
		p[n++] = (pmdi_u8)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (pmdi_u8)v;
	return n;
}

static inline pmdi_u64 pmdi_zigzag(pmdi_s64 v)
{
	return ((pmdi_u64)v << 1) ^ (pmdi_u64)(v >> 63);
}

static inline void pmdi_put_le32(pmdi_u8 *p, pmdi_u32 v)
{
	p[0] = (pmdi_u8)v;
	p[1] = (pmdi_u8)(v >> 8);
	p[2] = (pmdi_u8)(v >> 16);
	p[3] = (pmdi_u8)(v >> 24);
}

static inline void pmdi_put_le64(pmdi_u8 *p, pmdi_u64 v)
{
	pmdi_put_le32(p, (pmdi_u32)v);
	pmdi_put_le32(p + 4, (pmdi_u32)(v >> 32));
}

/* CRC-32C (Castagnoli), reflected, init and final xor 0xffffffff. */
static inline pmdi_u32 pmdi_crc32c(const pmdi_u8 *p, pmdi_u32 len)
{
	static const pmdi_u32 table[256] = {
	0x00000000, 0xf26b8303, 0xe13b70f7, 0x1350f3f4, 0xc79a971f, 0x35f1141c,
	0x26a1e7e8, 0xd4ca64eb, 0x8ad958cf, 0x78b2dbcc, 0x6be22838, 0x9989ab3b,
	0x4d43cfd0, 0xbf284cd3, 0xac78bf27, 0x5e133c24, 0x105ec76f, 0xe235446c,
	0xf165b798, 0x030e349b, 0xd7c45070, 0x25afd373, 0x36ff2087, 0xc494a384,
	0x9a879fa0, 0x68ec1ca3, 0x7bbcef57, 0x89d76c54, 0x5d1d08bf, 0xaf768bbc,
	0xbc267848, 0x4e4dfb4b, 0x20bd8ede, 0xd2d60ddd, 0xc186fe29, 0x33ed7d2a,
	0xe72719c1, 0x154c9ac2, 0x061c6936, 0xf477ea35, 0xaa64d611, 0x580f5512,
	0x4b5fa6e6, 0xb93425e5, 0x6dfe410e, 0x9f95c20d, 0x8cc531f9, 0x7eaeb2fa,
	0x30e349b1, 0xc288cab2, 0xd1d83946, 0x23b3ba45, 0xf779deae, 0x05125dad,
	0x1642ae59, 0xe4292d5a, 0xba3a117e, 0x4851927d, 0x5b016189, 0xa96ae28a,
	0x7da08661, 0x8fcb0562, 0x9c9bf696, 0x6ef07595, 0x417b1dbc, 0xb3109ebf,
	0xa0406d4b, 0x522bee48, 0x86e18aa3, 0x748a09a0, 0x67dafa54, 0x95b17957,
	0xcba24573, 0x39c9c670, 0x2a993584, 0xd8f2b687, 0x0c38d26c, 0xfe53516f,
	0xed03a29b, 0x1f682198, 0x5125dad3, 0xa34e59d0, 0xb01eaa24, 0x42752927,
	0x96bf4dcc, 0x64d4cecf, 0x77843d3b, 0x85efbe38, 0xdbfc821c, 0x2997011f,
	0x3ac7f2eb, 0xc8ac71e8, 0x1c661503, 0xee0d9600, 0xfd5d65f4, 0x0f36e6f7,
	0x61c69362, 0x93ad1061, 0x80fde395, 0x72966096, 0xa65c047d, 0x5437877e,
	0x4767748a, 0xb50cf789, 0xeb1fcbad, 0x197448ae, 0x0a24bb5a, 0xf84f3859,
	0x2c855cb2, 0xdeeedfb1, 0xcdbe2c45, 0x3fd5af46, 0x7198540d, 0x83f3d70e,
	0x90a324fa, 0x62c8a7f9, 0xb602c312, 0x44694011, 0x5739b3e5, 0xa55230e6,
	0xfb410cc2, 0x092a8fc1, 0x1a7a7c35, 0xe811ff36, 0x3cdb9bdd, 0xceb018de,
	0xdde0eb2a, 0x2f8b6829, 0x82f63b78, 0x709db87b, 0x63cd4b8f, 0x91a6c88c,
	0x456cac67, 0xb7072f64, 0xa457dc90, 0x563c5f93, 0x082f63b7, 0xfa44e0b4,
	0xe9141340, 0x1b7f9043, 0xcfb5f4a8, 0x3dde77ab, 0x2e8e845f, 0xdce5075c,
	0x92a8fc17, 0x60c37f14, 0x73938ce0, 0x81f80fe3, 0x55326b08, 0xa759e80b,
	0xb4091bff, 0x466298fc, 0x1871a4d8, 0xea1a27db, 0xf94ad42f, 0x0b21572c,
	0xdfeb33c7, 0x2d80b0c4, 0x3ed04330, 0xccbbc033, 0xa24bb5a6, 0x502036a5,
	0x4370c551, 0xb11b4652, 0x65d122b9, 0x97baa1ba, 0x84ea524e, 0x7681d14d,
	0x2892ed69, 0xdaf96e6a, 0xc9a99d9e, 0x3bc21e9d, 0xef087a76, 0x1d63f975,
	0x0e330a81, 0xfc588982, 0xb21572c9, 0x407ef1ca, 0x532e023e, 0xa145813d,
	0x758fe5d6, 0x87e466d5, 0x94b49521, 0x66df1622, 0x38cc2a06, 0xcaa7a905,
	0xd9f75af1, 0x2b9cd9f2, 0xff56bd19, 0x0d3d3e1a, 0x1e6dcdee, 0xec064eed,
	0xc38d26c4, 0x31e6a5c7, 0x22b65633, 0xd0ddd530, 0x0417b1db, 0xf67c32d8,
	0xe52cc12c, 0x1747422f, 0x49547e0b, 0xbb3ffd08, 0xa86f0efc, 0x5a048dff,
	0x8ecee914, 0x7ca56a17, 0x6ff599e3, 0x9d9e1ae0, 0xd3d3e1ab, 0x21b862a8,
	0x32e8915c, 0xc083125f, 0x144976b4, 0xe622f5b7, 0xf5720643, 0x07198540,
	0x590ab964, 0xab613a67, 0xb831c993, 0x4a5a4a90, 0x9e902e7b, 0x6cfbad78,
	0x7fab5e8c, 0x8dc0dd8f, 0xe330a81a, 0x115b2b19, 0x020bd8ed, 0xf0605bee,
	0x24aa3f05, 0xd6c1bc06, 0xc5914ff2, 0x37faccf1, 0x69e9f0d5, 0x9b8273d6,
	0x88d28022, 0x7ab90321, 0xae7367ca, 0x5c18e4c9, 0x4f48173d, 0xbd23943e,
	0xf36e6f75, 0x0105ec76, 0x12551f82, 0xe03e9c81, 0x34f4f86a, 0xc69f7b69,
	0xd5cf889d, 0x27a40b9e, 0x79b737ba, 0x8bdcb4b9, 0x988c474d, 0x6ae7c44e,
	0xbe2da0a5, 0x4c4623a6, 0x5f16d052, 0xad7d5351
	};
	pmdi_u32 crc = 0xffffffffu;

	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc ^ 0xffffffffu;
}

/*
 * COBS-encode @len (<= 254) bytes of @in into @out and append the 0x00
 * delimiter. Returns the bytes written: len + 2. With at most 254 bytes no
 * block of 254 non-zero bytes can end before the input does, so every byte
 * is copied one place on and each zero becomes the distance to the next one.
 */
static inline pmdi_u32 pmdi_cobs_encode(const pmdi_u8 *in, pmdi_u32 len, pmdi_u8 *out)
{
	pmdi_u32 code_at = 0, i;

	for (i = 0; i < len; i++) {
		pmdi_u8 b = in[i];

		out[i + 1] = b;
		if (!b) {
			out[code_at] = (pmdi_u8)(i + 1 - code_at);
			code_at = i + 1;
		}
	}
	out[code_at] = (pmdi_u8)(len + 1 - code_at);
	out[len + 1] = PMDI_FRAME_DELIM;
	return len + 2;
}

/*
 * Seal a frame payload (kind + body, at most PMDI_FRAME_PAYLOAD_MAX bytes,
 * in a buffer with 4 spare bytes after it for the CRC) into @wire
 * (PMDI_FRAME_WIRE_MAX bytes). Returns the frame's length on the wire.
 */
static inline pmdi_u32 pmdi_frame_seal(pmdi_u8 *payload, pmdi_u32 len, pmdi_u8 *wire)
{
	pmdi_put_le32(payload + len, pmdi_crc32c(payload, len));
	return pmdi_cobs_encode(payload, len + PMDI_FRAME_CRC_LEN, wire);
}

/* ------------------------------------------------------------------ */
/* EVENTS frame builder                                                */
/* ------------------------------------------------------------------ */

/* The longest record that is not a blob: head, TSC delta, request delta, arguments. */
#define PMDI_FB_FIXED_REC_MAX (1 + 10 + 10 + PMDI_EVENT_MAX_ARGS * 10)

_Static_assert(PMDI_FB_FIXED_REC_MAX >= PMDI_FRAME_CRC_LEN, "room for the CRC");

struct pmdi_frame_builder {
	/*
	 * The payload, then room for the CRC and for a fixed record written in
	 * place past PMDI_FRAME_PAYLOAD_MAX before it is found not to fit.
	 */
	pmdi_u8 buf[PMDI_FRAME_PAYLOAD_MAX + PMDI_FB_FIXED_REC_MAX];
	pmdi_u32 len;		/* payload bytes so far */
	pmdi_u32 nrec;		/* records in this frame */
	pmdi_u64 last_tsc;	/* as the decoder will reconstruct it */
	pmdi_u32 last_req;
	pmdi_u8 shift;		/* TSC deltas are in units of 2^shift cycles */
};

/*
 * Start an EVENTS frame for @source whose first record has number @seq.
 * @shift (0..16) trades timestamp resolution for bytes: record timestamps are
 * rounded down to multiples of 2^shift cycles after @base_tsc (0 = exact).
 */
static inline void pmdi_fb_start(struct pmdi_frame_builder *fb, pmdi_u8 source, pmdi_u64 seq,
				 pmdi_u64 base_tsc, pmdi_u8 shift)
{
	fb->buf[0] = PMDI_FRAME_EVENTS;
	fb->buf[1] = source;
	fb->len = 2;
	fb->len += pmdi_put_varint(fb->buf + fb->len, seq);
	fb->len += pmdi_put_varint(fb->buf + fb->len, base_tsc);
	fb->buf[fb->len++] = shift;
	fb->shift = shift;
	fb->nrec = 0;
	fb->last_tsc = base_tsc;
	fb->last_req = 0;
}

/*
 * Append @ev. Returns 0, or -1 when it does not fit (or its TSC goes
 * backwards): seal this frame and start a new one with @ev first.
 * An event that cannot fit even an empty frame (a blob over PMDI_BLOB_MAX)
 * returns -2.
 */
static inline int pmdi_fb_add(struct pmdi_frame_builder *fb, const struct pmdi_event *ev)
{
	pmdi_u8 blob_rec[1 + 10 + 10 + 10 + PMDI_BLOB_MAX];
	pmdi_u8 head = ev->type & PMDI_REC_TYPE_MASK, *rec, *p;
	int has_req = pmdi_ev_has_req(ev->type), blob = pmdi_ev_is_blob(ev->type);
	pmdi_u32 n, i;
	pmdi_u64 dtsc;

	if (ev->blob_len > PMDI_BLOB_MAX)
		return -2;
	if (ev->tsc < fb->last_tsc)
		return -1;
	/* A fixed record is written in place (buf has room past the payload). */
	rec = blob ? blob_rec : fb->buf + fb->len;
	p = rec + 1;
	if (has_req && ev->req == fb->last_req)
		head |= PMDI_REC_SAME_REQ;
	rec[0] = head;
	dtsc = (ev->tsc - fb->last_tsc) >> fb->shift;
	p += pmdi_put_varint(p, dtsc);
	if (has_req && !(head & PMDI_REC_SAME_REQ))
		p += pmdi_put_varint(p, pmdi_zigzag((pmdi_s32)(ev->req - fb->last_req)));
	if (blob) {
		p += pmdi_put_varint(p, ev->blob_len);
		for (i = 0; i < ev->blob_len; i++)
			*p++ = ev->blob[i];
	} else {
		for (i = 0; i < ev->nargs; i++) {
			pmdi_u64 v = ev->args[i];

			if (pmdi_ev_arg_signed(ev->type, i))
				v = pmdi_zigzag((pmdi_s64)v);
			p += pmdi_put_varint(p, v);
		}
	}
	n = (pmdi_u32)(p - rec);
	if (fb->len + n > PMDI_FRAME_PAYLOAD_MAX)
		return -1;
	if (blob)
		for (i = 0; i < n; i++)
			fb->buf[fb->len + i] = blob_rec[i];
	fb->len += n;
	fb->nrec++;
	fb->last_tsc += dtsc << fb->shift;
	if (has_req)
		fb->last_req = ev->req;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Session header                                                      */
/* ------------------------------------------------------------------ */

/* A growing header blob in caller memory. */
struct pmdi_hdr_builder {
	pmdi_u8 *buf;
	pmdi_u32 cap;
	pmdi_u32 len;
	int overflow;
};

static inline void pmdi_hdr_begin(struct pmdi_hdr_builder *hb, pmdi_u8 *buf, pmdi_u32 cap)
{
	const char *magic = PMDI_TRACE_MAGIC;
	pmdi_u32 i;

	hb->buf = buf;
	hb->cap = cap;
	hb->len = 0;
	hb->overflow = cap < PMDI_TRACE_MAGIC_LEN;
	for (i = 0; i < PMDI_TRACE_MAGIC_LEN && !hb->overflow; i++)
		buf[hb->len++] = (pmdi_u8)magic[i];
}

/* Append a TLV whose value is @a (@alen bytes) followed by @b (@blen bytes). */
static inline void pmdi_hdr_put2(struct pmdi_hdr_builder *hb, pmdi_u8 tag, const void *a,
				 pmdi_u32 alen, const void *b, pmdi_u32 blen)
{
	pmdi_u8 lenbuf[10];
	pmdi_u32 ln = pmdi_put_varint(lenbuf, alen + blen), i;

	if (hb->overflow || hb->len + 1 + ln + alen + blen > hb->cap) {
		hb->overflow = 1;
		return;
	}
	hb->buf[hb->len++] = tag;
	for (i = 0; i < ln; i++)
		hb->buf[hb->len++] = lenbuf[i];
	for (i = 0; i < alen; i++)
		hb->buf[hb->len++] = ((const pmdi_u8 *)a)[i];
	for (i = 0; i < blen; i++)
		hb->buf[hb->len++] = ((const pmdi_u8 *)b)[i];
}

static inline void pmdi_hdr_put(struct pmdi_hdr_builder *hb, pmdi_u8 tag, const void *v,
				pmdi_u32 len)
{
	pmdi_hdr_put2(hb, tag, v, len, 0, 0);
}

static inline pmdi_u32 pmdi_strlen(const char *s)
{
	pmdi_u32 n = 0;

	while (s[n])
		n++;
	return n;
}

/*
 * DEVICE tlv: the fixed part, name and driver as u8-length strings, then
 * @net's max_len and MAC for a net device (v1; NULL for other classes).
 */
static inline void pmdi_hdr_put_device_net(struct pmdi_hdr_builder *hb,
					   const struct pmdi_hdr_device *d, const char *name,
					   const char *driver,
					   const struct pmdi_hdr_device_net *net)
{
	pmdi_u8 tail[2 + 2 * 255 + sizeof(struct pmdi_hdr_device_net)];
	pmdi_u32 nl = pmdi_strlen(name), dl = pmdi_strlen(driver), n = 0, i;

	nl = nl > 255 ? 255 : nl;
	dl = dl > 255 ? 255 : dl;
	tail[n++] = (pmdi_u8)nl;
	for (i = 0; i < nl; i++)
		tail[n++] = (pmdi_u8)name[i];
	tail[n++] = (pmdi_u8)dl;
	for (i = 0; i < dl; i++)
		tail[n++] = (pmdi_u8)driver[i];
	for (i = 0; net && i < sizeof(*net); i++)
		tail[n++] = ((const pmdi_u8 *)net)[i];
	pmdi_hdr_put2(hb, PMDI_HDR_DEVICE, d, sizeof(*d), tail, n);
}

static inline void pmdi_hdr_put_device(struct pmdi_hdr_builder *hb,
				       const struct pmdi_hdr_device *d, const char *name,
				       const char *driver)
{
	pmdi_hdr_put_device_net(hb, d, name, driver, 0);
}

/* The net tail of a DEVICE tlv from the device table's max_len and MAC. */
static inline struct pmdi_hdr_device_net pmdi_hdr_device_net(pmdi_u32 max_len,
							     const pmdi_u8 *mac)
{
	struct pmdi_hdr_device_net t;
	pmdi_u32 i;

	pmdi_put_le32(t.max_len, max_len);
	for (i = 0; i < sizeof(t.mac); i++)
		t.mac[i] = mac[i];
	return t;
}

static inline void pmdi_hdr_end(struct pmdi_hdr_builder *hb)
{
	pmdi_hdr_put(hb, PMDI_HDR_END, 0, 0);
}

/*
 * Build HEADER frame @chunk of the blob into @wire (PMDI_FRAME_WIRE_MAX bytes).
 * Returns the wire length, or 0 past the last chunk.
 */
static inline pmdi_u32 pmdi_hdr_frame(const struct pmdi_hdr_builder *hb, pmdi_u32 session_id,
				      pmdi_u32 chunk, pmdi_u8 *wire)
{
	pmdi_u8 p[PMDI_FRAME_PAYLOAD_MAX + PMDI_FRAME_CRC_LEN];
	pmdi_u32 chunks = (hb->len + PMDI_HEADER_CHUNK_MAX - 1) / PMDI_HEADER_CHUNK_MAX;
	pmdi_u32 off = chunk * PMDI_HEADER_CHUNK_MAX, n = 0, i;

	if (chunk >= chunks || chunks > 255)
		return 0;
	p[n++] = PMDI_FRAME_HEADER;
	pmdi_put_le32(p + n, session_id);
	n += 4;
	p[n++] = (pmdi_u8)chunk;
	p[n++] = (pmdi_u8)chunks;
	for (i = off; i < hb->len && i < off + PMDI_HEADER_CHUNK_MAX; i++)
		p[n++] = hb->buf[i];
	return pmdi_frame_seal(p, n, wire);
}

#endif /* PMDI_TRACE_CODEC_H */
