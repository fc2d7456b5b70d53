/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * pmdi trace format, version 1 (unreleased; version 0 released) -- the one
 * source of truth. v1 is v0 plus event types 19 REQ_REFUSED, 20 NET_DROP and
 * 21 NET_LINK.
 *
 * Freestanding: no libc, no Linux includes. Used by the Linux dispatcher
 * module, the AP kernel and the host-side tools; trace-format/FORMAT.md is
 * the prose spec of the same bytes, and the Java codec's tests check the
 * offset tables below.
 *
 * Two representations of one event:
 *
 *  1. The ring record, in shared or per-CPU memory (fixed 16-byte slots):
 *
 *       0               8          12         16
 *       +---------------+----------+----------+
 *       | tsc:56 type:8 |   req    |   arg    |   header slot
 *       +---------------+----------+----------+
 *       | extension slot(s), per type          |   0..n more slots
 *       +--------------------------------------+
 *
 *  2. The stream record, inside a COBS frame (serial line, debugfs, file):
 *     a head byte, a TSC delta and a request id delta as varints, then the
 *     type's arguments as varints (see FORMAT.md, "Records").
 *
 * All fields are little-endian; no bitfields, no pointers.
 * Never change a field: add a version (each version has its own magic).
 */
#ifndef PMDI_TRACE_FORMAT_H
#define PMDI_TRACE_FORMAT_H

typedef __UINT8_TYPE__ pmdi_u8;
typedef __UINT16_TYPE__ pmdi_u16;
typedef __UINT32_TYPE__ pmdi_u32;
typedef __UINT64_TYPE__ pmdi_u64;
typedef __INT8_TYPE__ pmdi_s8;
typedef __INT32_TYPE__ pmdi_s32;
typedef __INT64_TYPE__ pmdi_s64;

#define PMDI_OFFSETOF(t, m) __builtin_offsetof(t, m)

/*
 * "\x89PMDT<v>\r\n": the high bit catches 7-bit links, CR LF catches tty
 * newline translation. Writers write the newest version's magic.
 */
#define PMDI_TRACE_MAGIC_V0 "\x89PMDT0\r\n"
#define PMDI_TRACE_MAGIC_V1 "\x89PMDT1\r\n"
#define PMDI_TRACE_MAGIC PMDI_TRACE_MAGIC_V1
#define PMDI_TRACE_MAGIC_LEN 8
#define PMDI_TRACE_VERSION 1

/*
 * Event types. Ids are never reused; a removed type is marked reserved.
 * The most frequent events have the smallest ids. Types 1..63 have a fixed
 * argument list; types 64..127 carry a length-prefixed blob.
 */
enum pmdi_ev {
	PMDI_EV_RESERVED = 0,
	PMDI_EV_REQ_POST = 1,		/* AP: request written into the request ring */
	PMDI_EV_DOORBELL_SEND = 2,	/* either: IPI sent after publishing a ring index */
	PMDI_EV_DOORBELL_SUPPRESS = 3,	/* either: IPI skipped, consumer was awake */
	PMDI_EV_IPI_RECV = 4,		/* either: doorbell interrupt taken */
	PMDI_EV_DISPATCH = 5,		/* Linux: request copied out and validated */
	PMDI_EV_DRV_BEGIN = 6,		/* Linux: call into the Linux driver */
	PMDI_EV_DRV_END = 7,		/* Linux: the driver finished */
	PMDI_EV_REPLY_POST = 8,		/* Linux: completion written into the completion ring */
	PMDI_EV_REPLY_TAKE = 9,		/* AP: completion read from the completion ring */
	PMDI_EV_REQ_DONE = 10,		/* AP: request handed back to its caller */
	PMDI_EV_EVENT_POST = 11,	/* Linux: unsolicited event written into the event ring */
	PMDI_EV_EVENT_TAKE = 12,	/* AP: unsolicited event read */
	PMDI_EV_HEARTBEAT = 13,		/* AP: periodic liveness */
	PMDI_EV_UNEXPECTED_IRQ = 14,	/* AP: an interrupt vector it did not expect */
	PMDI_EV_RING_OVERFLOW = 15,	/* either: a mailbox ring was full */
	PMDI_EV_LOST = 16,		/* either: trace events this ring dropped */
	PMDI_EV_CLOCK_SYNC = 17,	/* Linux: offset of the AP's TSC from this CPU's */
	PMDI_EV_TRACE_CTRL = 18,	/* Linux: tracing switched on/off, class mask */
	PMDI_EV_REQ_REFUSED = 19,	/* Linux: request failed without a driver call (v1) */
	PMDI_EV_NET_DROP = 20,		/* Linux: a frame dropped, no receive buffer posted (v1) */
	PMDI_EV_NET_LINK = 21,		/* Linux: a NIC's link went up or down (v1) */
	PMDI_EV_FIXED_LAST = 21,	/* the highest fixed type this version lists */
	PMDI_EV_FIXED_MAX = 63,
	PMDI_EV_LOG = 64,		/* either: free-form text */
	PMDI_EV_AP_FAULT = 65,		/* AP: CPU exception state */
	PMDI_EV_INFLIGHT = 66,		/* Linux: snapshot of outstanding requests */
	PMDI_EV_NET_FRAME = 67,		/* Linux: the start of a NIC's frame (v1) */
	PMDI_EV_MAX = 127,
};

/* Which mailbox ring a doorbell or overflow event talks about. */
enum pmdi_ring_id {
	PMDI_RING_REQUEST = 0,		/* AP -> Linux */
	PMDI_RING_COMPLETION = 1,	/* Linux -> AP */
	PMDI_RING_EVENT = 2,		/* Linux -> AP, unsolicited */
};

/* Request operations, as in the mailbox ABI. */
enum pmdi_op {
	PMDI_OP_NULL = 0,
	PMDI_OP_READ = 1,
	PMDI_OP_WRITE = 2,
	PMDI_OP_FLUSH = 3,
	PMDI_OP_SEND = 4,
	PMDI_OP_RECV = 5,
};

/* Where DISPATCH ran. */
enum pmdi_dispatch_ctx {
	PMDI_CTX_IRQ = 0,
	PMDI_CTX_WORKER = 1,
};

/* Event classes, for runtime filtering (TRACE_CTRL mask bits). */
enum pmdi_ev_class {
	PMDI_CLASS_REQUEST = 1 << 0,	/* REQ_POST, DISPATCH, REPLY_*, REQ_DONE, REQ_REFUSED */
	PMDI_CLASS_DOORBELL = 1 << 1,	/* DOORBELL_*, IPI_RECV */
	PMDI_CLASS_DRIVER = 1 << 2,	/* DRV_BEGIN, DRV_END */
	PMDI_CLASS_EVENT = 1 << 3,	/* EVENT_POST, EVENT_TAKE, NET_LINK */
	PMDI_CLASS_HEALTH = 1 << 4,	/* HEARTBEAT, UNEXPECTED_IRQ, AP_FAULT, RING_OVERFLOW,
					 * NET_DROP */
	PMDI_CLASS_LOG = 1 << 5,	/* LOG */
	PMDI_CLASS_FRAME = 1 << 6,	/* NET_FRAME (v1) */
	/* LOST, CLOCK_SYNC, TRACE_CTRL and INFLIGHT are never filtered. */
};

/* ------------------------------------------------------------------ */
/* Ring records (16-byte slots)                                        */
/* ------------------------------------------------------------------ */

#define PMDI_SLOT_SIZE 16
#define PMDI_TSC_BITS 56
#define PMDI_TSC_MASK ((1ULL << PMDI_TSC_BITS) - 1)

/* Header slot of every record. */
struct pmdi_trace_rec {
	pmdi_u64 tsc_type;	/* bits 0..55 TSC, bits 56..63 enum pmdi_ev */
	pmdi_u32 req;		/* request id; 0 when none applies */
	pmdi_u32 arg;		/* per type, see below */
};

_Static_assert(sizeof(struct pmdi_trace_rec) == 16, "rec size");
_Static_assert(PMDI_OFFSETOF(struct pmdi_trace_rec, tsc_type) == 0, "rec.tsc_type");
_Static_assert(PMDI_OFFSETOF(struct pmdi_trace_rec, req) == 8, "rec.req");
_Static_assert(PMDI_OFFSETOF(struct pmdi_trace_rec, arg) == 12, "rec.arg");

/*
 * The header slot's arg, per type (bit ranges, low bits first):
 *   REQ_POST          dev 0..7, op 8..15, slot 16..31   + 1 extension slot
 *   DOORBELL_SEND     ring 0..7, slot 8..23
 *   DOORBELL_SUPPRESS ring 0..7, slot 8..23
 *   IPI_RECV          vector 0..7
 *   DISPATCH          ctx 0..7
 *   DRV_BEGIN         dev 0..7
 *   DRV_END           status 0..7 (s8: 0 or -errno), bytes 8..31
 *   REPLY_POST        status 0..7 (s8), slot 8..23
 *   REPLY_TAKE        slot 0..15
 *   REQ_DONE          status 0..7 (s8)
 *   EVENT_POST        dev 0..7, kind 8..15, slot 16..31
 *   EVENT_TAKE        slot 0..15
 *   HEARTBEAT         counter 0..31
 *   UNEXPECTED_IRQ    vector 0..7
 *   RING_OVERFLOW     ring 0..7, count 8..31
 *   LOST              count 0..31
 *   CLOCK_SYNC        (unused)                          + 1 extension slot
 *   TRACE_CTRL        enabled 0..7, class mask 8..31
 *   REQ_REFUSED       reason 0..31 (enum pmdi_mbox_reason of mailbox.h)
 *   NET_DROP          dev 0..7, frame length 8..31
 *   NET_LINK          dev 0..7, up 8..15 (1 up, 0 down)
 *   blob types        byte length 0..31; ceil(len/16) extension slots follow
 */

/* Extension slot of REQ_POST. */
struct pmdi_ext_req_post {
	pmdi_u64 offset;	/* byte offset on the device */
	pmdi_u32 len;		/* bytes */
	pmdi_u32 rsvd;
};

_Static_assert(sizeof(struct pmdi_ext_req_post) == 16, "req_post size");
_Static_assert(PMDI_OFFSETOF(struct pmdi_ext_req_post, offset) == 0, "req_post.offset");
_Static_assert(PMDI_OFFSETOF(struct pmdi_ext_req_post, len) == 8, "req_post.len");

/* Extension slot of CLOCK_SYNC: AP TSC = this CPU's TSC + offset, +- uncertainty. */
struct pmdi_ext_clock_sync {
	pmdi_s64 offset;	/* cycles */
	pmdi_u32 uncertainty;	/* cycles, half the best round trip */
	pmdi_u32 rtt;		/* cycles, the best round trip */
};

_Static_assert(sizeof(struct pmdi_ext_clock_sync) == 16, "clock_sync size");
_Static_assert(PMDI_OFFSETOF(struct pmdi_ext_clock_sync, offset) == 0, "clock_sync.offset");
_Static_assert(PMDI_OFFSETOF(struct pmdi_ext_clock_sync, uncertainty) == 8, "clock_sync.unc");
_Static_assert(PMDI_OFFSETOF(struct pmdi_ext_clock_sync, rtt) == 12, "clock_sync.rtt");

/* Blob of AP_FAULT (48 bytes, the same in ring and stream). */
#define PMDI_BUILD_ID_LEN 20
struct pmdi_blob_ap_fault {
	pmdi_u64 rip;
	pmdi_u64 cr2;
	pmdi_u64 error_code;
	pmdi_u8 vector;
	pmdi_u8 rsvd[3];
	pmdi_u8 build_id[PMDI_BUILD_ID_LEN];
};

_Static_assert(sizeof(struct pmdi_blob_ap_fault) == 48, "ap_fault size");
_Static_assert(PMDI_OFFSETOF(struct pmdi_blob_ap_fault, rip) == 0, "ap_fault.rip");
_Static_assert(PMDI_OFFSETOF(struct pmdi_blob_ap_fault, cr2) == 8, "ap_fault.cr2");
_Static_assert(PMDI_OFFSETOF(struct pmdi_blob_ap_fault, error_code) == 16, "ap_fault.err");
_Static_assert(PMDI_OFFSETOF(struct pmdi_blob_ap_fault, vector) == 24, "ap_fault.vector");
_Static_assert(PMDI_OFFSETOF(struct pmdi_blob_ap_fault, build_id) == 28, "ap_fault.build_id");

/* Blob of LOG: one level byte then UTF-8 text (no terminator). */
enum pmdi_log_level {
	PMDI_LOG_ERR = 3,
	PMDI_LOG_WARN = 4,
	PMDI_LOG_INFO = 6,
	PMDI_LOG_DEBUG = 7,
};

/* Phase of an in-flight request, as the dispatcher sees it. */
enum pmdi_phase {
	PMDI_PHASE_QUEUED = 0,		/* posted, not yet dispatched */
	PMDI_PHASE_DISPATCHED = 1,	/* validated, waiting for a worker */
	PMDI_PHASE_IN_DRIVER = 2,	/* inside the Linux driver */
	PMDI_PHASE_REPLIED = 3,		/* completion posted, not yet taken */
};

/* One entry of the INFLIGHT blob (the blob is 1..PMDI_INFLIGHT_MAX of these). */
struct pmdi_blob_inflight {
	pmdi_u64 since_tsc;	/* writer's TSC when the request entered its phase */
	pmdi_u32 req;
	pmdi_u8 dev;
	pmdi_u8 op;
	pmdi_u8 phase;		/* enum pmdi_phase */
	pmdi_u8 rsvd;
};

_Static_assert(sizeof(struct pmdi_blob_inflight) == 16, "inflight size");
_Static_assert(PMDI_OFFSETOF(struct pmdi_blob_inflight, since_tsc) == 0, "inflight.since");
_Static_assert(PMDI_OFFSETOF(struct pmdi_blob_inflight, req) == 8, "inflight.req");
_Static_assert(PMDI_OFFSETOF(struct pmdi_blob_inflight, dev) == 12, "inflight.dev");
_Static_assert(PMDI_OFFSETOF(struct pmdi_blob_inflight, op) == 13, "inflight.op");
_Static_assert(PMDI_OFFSETOF(struct pmdi_blob_inflight, phase) == 14, "inflight.phase");

/* A blob must fit one frame with its record head: at most this many bytes. */
#define PMDI_BLOB_MAX 192
#define PMDI_INFLIGHT_MAX (PMDI_BLOB_MAX / 16)

/* ------------------------------------------------------------------ */
/* Stream framing                                                       */
/* ------------------------------------------------------------------ */

/*
 * frame := COBS(kind:u8 body CRC32C(kind body):u32le) 0x00
 * A frame's payload (kind + body) is at most PMDI_FRAME_PAYLOAD_MAX bytes,
 * so a frame on the wire, with its COBS overhead byte and delimiter, is at
 * most PMDI_FRAME_WIRE_MAX bytes.
 */
#define PMDI_FRAME_PAYLOAD_MAX 250
#define PMDI_FRAME_CRC_LEN 4
#define PMDI_FRAME_WIRE_MAX 256
#define PMDI_FRAME_DELIM 0x00

_Static_assert(PMDI_FRAME_PAYLOAD_MAX + PMDI_FRAME_CRC_LEN + 1 + 1 == PMDI_FRAME_WIRE_MAX,
	       "frame budget: payload + crc + cobs code byte + delimiter");

enum pmdi_frame_kind {
	PMDI_FRAME_EVENTS = 0x01,	/* source, first seq, base tsc, records */
	PMDI_FRAME_HEADER = 0x02,	/* one chunk of the session header */
	PMDI_FRAME_INDEX = 0x03,	/* one chunk of a saved file's index (files only) */
	PMDI_FRAME_TRAILER = 0x04,	/* where the index starts (files only, last frame) */
	PMDI_FRAME_GAP = 0x05,		/* the recorder lost its input for a while */
};

/* Head byte of a stream record: bit 7 says the request id did not change. */
#define PMDI_REC_SAME_REQ 0x80
#define PMDI_REC_TYPE_MASK 0x7f

/* ------------------------------------------------------------------ */
/* Session header (a TLV blob, carried in HEADER frames)               */
/* ------------------------------------------------------------------ */

enum pmdi_hdr_tag {
	PMDI_HDR_END = 0,
	PMDI_HDR_SESSION = 1,	/* struct pmdi_hdr_session */
	PMDI_HDR_CLOCK = 2,	/* struct pmdi_hdr_clock */
	PMDI_HDR_SOURCE = 3,	/* struct pmdi_hdr_source, once per trace ring */
	PMDI_HDR_DEVICE = 4,	/* struct pmdi_hdr_device + name + driver */
	PMDI_HDR_BUILD_ID = 5,	/* which:u8, len:u8, id bytes */
	PMDI_HDR_TEXT = 6,	/* key:u8 (enum pmdi_hdr_text), UTF-8 */
};

enum pmdi_side {
	PMDI_SIDE_AP = 0,
	PMDI_SIDE_LINUX = 1,
};

enum pmdi_build_which {
	PMDI_BUILD_AP_KERNEL = 0,
	PMDI_BUILD_MODULE = 1,
};

enum pmdi_hdr_text {
	PMDI_TEXT_AP_IMAGE = 0,		/* firmware name of the AP kernel image */
	PMDI_TEXT_LINUX_RELEASE = 1,	/* uname -r of the Linux side */
	PMDI_TEXT_BOARD = 2,		/* free-form board description */
};

enum pmdi_dev_class {
	PMDI_DEV_NULL = 0,
	PMDI_DEV_CONSOLE = 1,
	PMDI_DEV_BLOCK = 2,
	PMDI_DEV_NET = 3,
	PMDI_DEV_RNG = 4,
	PMDI_DEV_CLOCK = 5,
};

struct pmdi_hdr_session {
	pmdi_u32 session_id;	/* random per session; HEADER frames carry it too */
	pmdi_u32 flags;
	pmdi_u64 start_tsc;	/* Linux TSC at session start (source of the writer) */
	pmdi_u64 start_mono_ns;	/* CLOCK_MONOTONIC at start_tsc */
	pmdi_u64 start_real_ns;	/* CLOCK_REALTIME at start_tsc */
};

_Static_assert(sizeof(struct pmdi_hdr_session) == 32, "hdr_session size");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_session, session_id) == 0, "hdr_session.id");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_session, flags) == 4, "hdr_session.flags");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_session, start_tsc) == 8, "hdr_session.start_tsc");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_session, start_mono_ns) == 16, "hdr_session.mono");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_session, start_real_ns) == 24, "hdr_session.real");

struct pmdi_hdr_clock {
	pmdi_u32 tsc_khz_linux;
	pmdi_u32 tsc_khz_ap;
};

_Static_assert(sizeof(struct pmdi_hdr_clock) == 8, "hdr_clock size");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_clock, tsc_khz_linux) == 0, "hdr_clock.linux");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_clock, tsc_khz_ap) == 4, "hdr_clock.ap");

struct pmdi_hdr_source {
	pmdi_u8 source;		/* id used in EVENTS frames */
	pmdi_u8 side;		/* enum pmdi_side */
	pmdi_u16 cpu;		/* Linux CPU number (the AP's former number for the AP) */
	pmdi_u32 apic_id;
	pmdi_u32 ring_slots;	/* capacity of the trace ring, in 16-byte slots */
	pmdi_u32 rsvd;
};

_Static_assert(sizeof(struct pmdi_hdr_source) == 16, "hdr_source size");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_source, source) == 0, "hdr_source.source");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_source, side) == 1, "hdr_source.side");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_source, cpu) == 2, "hdr_source.cpu");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_source, apic_id) == 4, "hdr_source.apic_id");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_source, ring_slots) == 8, "hdr_source.ring_slots");

/* Followed by name_len:u8 name[name_len] driver_len:u8 driver[driver_len]. */
struct pmdi_hdr_device {
	pmdi_u8 id;
	pmdi_u8 dev_class;	/* enum pmdi_dev_class */
	pmdi_u16 flags;
	pmdi_u32 block_size;	/* bytes; 0 when not a block device */
	pmdi_u64 capacity;	/* bytes; 0 when not a block device */
};

_Static_assert(sizeof(struct pmdi_hdr_device) == 16, "hdr_device size");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_device, dev_class) == 1, "hdr_device.class");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_device, flags) == 2, "hdr_device.flags");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_device, block_size) == 4, "hdr_device.block_size");
_Static_assert(PMDI_OFFSETOF(struct pmdi_hdr_device, capacity) == 8, "hdr_device.capacity");

/* A HEADER frame's body: session_id:u32 chunk:u8 chunks:u8 data. */
#define PMDI_HEADER_CHUNK_MAX (PMDI_FRAME_PAYLOAD_MAX - 1 - 6)

#endif /* PMDI_TRACE_FORMAT_H */
