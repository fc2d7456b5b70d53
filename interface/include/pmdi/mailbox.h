/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * pmdi mailbox ABI: the interface itself. The AP kernel posts requests
 * (device, operation, buffer, length, offset) and Linux answers with
 * completions; Linux may also post unsolicited events. Freestanding: no
 * libc, no Linux includes. This header is the reference for the bytes;
 * mailbox_ring.h has the protocol both sides run on them.
 *
 * The mailbox lives at region + PMDI_MAILBOX_OFFSET (see boot.h):
 *
 *   +0      struct pmdi_mbox_hdr    Linux writes before the AP starts, except
 *                                   the doorbell block (re-published by Linux)
 *   +hdr.dev_off  struct pmdi_mbox_dev[ndev]     device table (Linux)
 *   +hdr.req_off  struct pmdi_mbox_ring + req_slots x struct pmdi_mbox_req
 *   +hdr.cpl_off  struct pmdi_mbox_ring + cpl_slots x struct pmdi_mbox_cpl
 *   +hdr.evt_off  struct pmdi_mbox_ring + evt_slots x struct pmdi_mbox_evt
 *
 * Rings are single-producer, single-consumer, in the spirit of virtio's split
 * virtqueue: fixed 64-byte slots, free-running u32 indices masked on use, the
 * producer's and the consumer's index on separate cache lines.
 *
 *   ring        producer                 consumer
 *   request     AP                       Linux (doorbell IRQ handler)
 *   completion  Linux (serialized by a   AP
 *               spinlock: IRQ, workers,
 *               bio completions)
 *   event       Linux                    AP
 *
 * Buffers are named by physical address and must lie inside one chunk of the
 * I/O window (hdr.win[]); Linux checks every request against the window and
 * the device limits, on its own copy of the slot, and answers anything else
 * with an error completion and a reason code.
 *
 * Never change a field: add one in reserved space and bump
 * PMDI_MBOX_VERSION when an old peer would misread the new layout.
 */
#ifndef PMDI_MAILBOX_H
#define PMDI_MAILBOX_H

#include "boot.h"

#define PMDI_MBOX_MAGIC		0x584f424du	/* 'M' 'B' 'O' 'X' */
#define PMDI_MBOX_VERSION	1u
#define PMDI_MBOX_SLOT_SIZE	64u
#define PMDI_MBOX_MAX_DEVICES	32u
#define PMDI_MBOX_MAX_WINDOWS	16u
#define PMDI_MBOX_POLL_MAX_US	1000u	/* largest hdr.ap_poll_us Linux writes */

typedef __INT32_TYPE__ pmdi_s32;

/* Operations (the same numbers as the trace format's enum pmdi_op). */
enum pmdi_mbox_op {
	PMDI_MBOX_OP_NULL = 0,		/* no I/O: completes at once (latency probe) */
	PMDI_MBOX_OP_READ = 1,		/* device -> buffer */
	PMDI_MBOX_OP_WRITE = 2,		/* buffer -> device */
	PMDI_MBOX_OP_FLUSH = 3,		/* make earlier writes durable */
	PMDI_MBOX_OP_SEND = 4,		/* net: transmit one frame */
	PMDI_MBOX_OP_RECV = 5,		/* net: give a receive buffer */
	PMDI_MBOX_OP_MAX = 5,
};

/* Device classes (the same numbers as the trace format's enum pmdi_dev_class). */
enum pmdi_mbox_class {
	PMDI_MBOX_DEV_NULL = 0,
	PMDI_MBOX_DEV_CONSOLE = 1,
	PMDI_MBOX_DEV_BLOCK = 2,
	PMDI_MBOX_DEV_NET = 3,
	PMDI_MBOX_DEV_RNG = 4,
	PMDI_MBOX_DEV_CLOCK = 5,
};

/* Why a request failed, beside its -errno status. */
enum pmdi_mbox_reason {
	PMDI_MBOX_R_OK = 0,
	PMDI_MBOX_R_BAD_VERSION = 1,	/* slot's abi field != PMDI_MBOX_VERSION */
	PMDI_MBOX_R_BAD_DEVICE = 2,	/* no such device id */
	PMDI_MBOX_R_BAD_OP = 3,		/* operation unknown or not for this class */
	PMDI_MBOX_R_BAD_BUFFER = 4,	/* buffer not inside one I/O window chunk */
	PMDI_MBOX_R_BAD_LENGTH = 5,	/* zero, too long, or not whole blocks */
	PMDI_MBOX_R_BAD_OFFSET = 6,	/* beyond capacity, or not block aligned */
	PMDI_MBOX_R_MISALIGNED = 7,	/* buffer address not aligned as required */
	PMDI_MBOX_R_DEVICE_ERROR = 8,	/* the Linux driver reported an error */
	PMDI_MBOX_R_SHUTDOWN = 9,	/* the dispatcher is unloading */
	PMDI_MBOX_R_NO_MEMORY = 10,	/* Linux could not allocate for it */
	PMDI_MBOX_R_BAD_FLAGS = 11,	/* reserved flag bits set */
	PMDI_MBOX_R_LINK_DOWN = 12,	/* net SEND: the link is down (-ENETDOWN) */
	PMDI_MBOX_R_RX_POOL_FULL = 13,	/* net RECV: rx_pool buffers already wait (-ENOSPC) */
	PMDI_MBOX_R_MAX = 13,
};

/* What the AP kernel runs once its mailbox is up (struct pmdi_mbox_hdr.workload). */
enum pmdi_workload {
	PMDI_WORKLOAD_IDLE = 0,		/* banner and device list only */
	PMDI_WORKLOAD_DEMO = 1,		/* write/verify vdb, hash vda, then idle (arg: paced I/O) */
	PMDI_WORKLOAD_BENCH = 2,	/* the interface benchmarks, results on the console */
	PMDI_WORKLOAD_BADREQ = 3,	/* every kind of bad request, then good ones */
	PMDI_WORKLOAD_BURST = 4,	/* block reads without end (unload under load) */
	PMDI_WORKLOAD_MIXED = 5,	/* null, console, vda and vdb requests for arg seconds */
	/* Test modes: a request gets stuck on purpose, each in its own way. */
	PMDI_WORKLOAD_NO_DOORBELL = 6,	/* a request posted without ringing Linux */
	PMDI_WORKLOAD_NO_REAP = 7,	/* completions never taken by the AP */
	PMDI_WORKLOAD_SILENT = 8,	/* the AP spins with interrupts off */
	PMDI_WORKLOAD_FAULT = 9,	/* the AP faults after some I/O */
	PMDI_WORKLOAD_READ_VDB = 10,	/* one read of vdb, waited for (driver held by the host) */
	PMDI_WORKLOAD_FUZZ = 11,	/* hostile: random requests and scribbles (seed: workload_seed) */
	PMDI_WORKLOAD_CONFORMANCE = 12,	/* PORTING.md's conformance steps (seed: workload_seed) */
	PMDI_WORKLOAD_NET = 13,		/* network host: ARP, ICMP echo, UDP echo (arg: seconds) */
	PMDI_WORKLOAD_RNG = 14,		/* hwrng READ checks, waits, unload (bit 31: bench) */
};

/*
 * Why Linux stopped serving the mailbox (struct pmdi_mbox_hdr.broken, written
 * by Linux once, like virtio's BAD_RING): the AP broke the protocol. Linux
 * fails what it can with a reason and keeps running; the channel stays broken
 * until the module is reloaded.
 */
enum pmdi_mbox_broken {
	PMDI_MBOX_BROKEN_NONE = 0,
	PMDI_MBOX_BROKEN_REQ_INDEX = 1,		/* request ring: producer index impossible */
	PMDI_MBOX_BROKEN_CPL_INDEX = 2,		/* completion ring: consumer index impossible */
	PMDI_MBOX_BROKEN_DOORBELL_STORM = 3,	/* doorbells over the limit: the AP was stopped */
	PMDI_MBOX_BROKEN_MAX = 3,
};

/* "request index impossible", ...: Linux's dmesg and the AP print the same words. */
static inline const char *pmdi_mbox_broken_name(pmdi_u32 why)
{
	switch (why) {
	case PMDI_MBOX_BROKEN_NONE: return "working";
	case PMDI_MBOX_BROKEN_REQ_INDEX: return "the AP's request ring index is impossible";
	case PMDI_MBOX_BROKEN_CPL_INDEX: return "the AP's completion ring index is impossible";
	case PMDI_MBOX_BROKEN_DOORBELL_STORM: return "doorbell storm: the AP was stopped";
	default: return "unknown";
	}
}

/*
 * The network device (class PMDI_MBOX_DEV_NET). Its table entry has the NIC's
 * Linux name ("eth2"), driver ("virtio_net"), mac[], max_len = MTU + 14
 * (the largest frame without FCS, 1514), align 1, rx_pool (below);
 * block_size and capacity are 0. Buffers hold whole Ethernet frames: dst MAC,
 * src MAC, ethertype, payload, no FCS.
 *
 * SEND  buf, len: one frame, 14 <= len <= max_len (else BAD_LENGTH). Linux
 *       copies it into a buffer of its own and hands it to the driver from
 *       process context (dev_queue_xmit() in the pmdi-mbox worker), so the
 *       AP may reuse its buffer as soon as the completion arrives:
 *         0, bytes = len            the driver took the frame
 *         -ENETDOWN, LINK_DOWN      the link is down (no frame sent)
 *         -ENOBUFS, DEVICE_ERROR    the driver or its queue dropped it
 * RECV  buf, len: a receive buffer, len >= max_len (else BAD_LENGTH, "buffer
 *       too small"). Linux keeps it in the NIC's receive pool, oldest first,
 *       at most rx_pool buffers (one more: -ENOSPC, RX_POOL_FULL). A frame
 *       that arrives fills the oldest buffer, which completes with 0,
 *       bytes = the frame's length. A frame that finds no buffer is dropped,
 *       counted (debugfs net) and traced (NET_DROP). A buffer may wait for a
 *       frame for ever; at unload it completes with -ESHUTDOWN, SHUTDOWN.
 *       Waiting buffers hold no credit: the completion ring always has room
 *       for every NIC's rx_pool beside the requests Linux serves, so posting
 *       receive buffers never stalls a SEND or a disk request.
 * Link  The event ring carries PMDI_MBOX_EVT_LINK (dev = the NIC, data[0] =
 *       1 up, 0 down) whenever the carrier changes, and once when Linux
 *       starts serving the AP with the state at that time. While the link is
 *       down, a SEND fails with LINK_DOWN; RECV buffers keep waiting.
 */

/* Event kinds (struct pmdi_mbox_evt.kind), per device class. */
enum pmdi_mbox_evt_kind {
	PMDI_MBOX_EVT_LINK = 1,		/* net: data[0] = 1 link up, 0 link down */
};

#define PMDI_MBOX_ETH_HLEN	14u	/* the shortest frame SEND takes */

/*
 * The hardware RNG (class PMDI_MBOX_DEV_RNG). Its table entry: name "hwrng",
 * driver = Linux's current hwrng ("virtio_rng.0"), max_len = the largest
 * READ (4096), align 1; block_size, capacity 0.
 *
 * READ  buf, len: 1 <= len <= max_len (else BAD_LENGTH); offset ignored.
 *       Completes with 0, bytes = len once Linux has len bytes from the
 *       hardware RNG (Linux's hwrng driver, virtio-rng on the board; never
 *       the kernel's CRNG). Each byte is handed out once. READs are served
 *       in the order Linux took them; one may wait as long as the hardware
 *       RNG gives nothing, holding its credit meanwhile; at unload it
 *       completes with -ESHUTDOWN, SHUTDOWN.
 */

/* Device flags (struct pmdi_mbox_dev.flags). */
#define PMDI_MBOX_DEVF_READONLY	0x1u

/* A request, written by the AP (64 bytes, one cache line). */
struct pmdi_mbox_req {
	pmdi_u32 id;		/* chosen by the AP, echoed by the completion */
	pmdi_u16 dev;		/* index into the device table */
	pmdi_u8 op;		/* enum pmdi_mbox_op */
	pmdi_u8 abi;		/* PMDI_MBOX_VERSION */
	pmdi_u32 len;		/* bytes */
	pmdi_u32 flags;		/* none defined yet: must be 0 */
	pmdi_u64 buf;		/* physical address inside the I/O window */
	pmdi_u64 offset;	/* byte offset on the device (block) */
	pmdi_u64 cookie;	/* opaque to Linux, returned in the completion */
	pmdi_u64 rsvd[3];
};

_Static_assert(sizeof(struct pmdi_mbox_req) == PMDI_MBOX_SLOT_SIZE, "req size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_req, id) == 0, "req.id");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_req, dev) == 4, "req.dev");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_req, op) == 6, "req.op");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_req, abi) == 7, "req.abi");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_req, len) == 8, "req.len");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_req, flags) == 12, "req.flags");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_req, buf) == 16, "req.buf");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_req, offset) == 24, "req.offset");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_req, cookie) == 32, "req.cookie");

/* A completion, written by Linux (64 bytes). */
struct pmdi_mbox_cpl {
	pmdi_u32 id;		/* the request's id */
	pmdi_s32 status;	/* 0, or a negative errno */
	pmdi_u32 bytes;		/* bytes transferred */
	pmdi_u16 reason;	/* enum pmdi_mbox_reason */
	pmdi_u16 rsvd0;
	pmdi_u64 cookie;	/* the request's cookie */
	pmdi_u64 rsvd[5];
};

_Static_assert(sizeof(struct pmdi_mbox_cpl) == PMDI_MBOX_SLOT_SIZE, "cpl size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_cpl, id) == 0, "cpl.id");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_cpl, status) == 4, "cpl.status");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_cpl, bytes) == 8, "cpl.bytes");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_cpl, reason) == 12, "cpl.reason");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_cpl, cookie) == 16, "cpl.cookie");

#define PMDI_MBOX_EVT_INLINE	40u

/* An unsolicited event, written by Linux (64 bytes). */
struct pmdi_mbox_evt {
	pmdi_u32 seq;		/* event number, for tracing */
	pmdi_u16 dev;
	pmdi_u8 kind;		/* per device class */
	pmdi_u8 flags;
	pmdi_u32 len;		/* bytes in data[] or at buf */
	pmdi_u32 rsvd0;
	pmdi_u64 buf;		/* physical address, when the data is not inline */
	pmdi_u8 data[PMDI_MBOX_EVT_INLINE];
};

_Static_assert(sizeof(struct pmdi_mbox_evt) == PMDI_MBOX_SLOT_SIZE, "evt size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_evt, dev) == 4, "evt.dev");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_evt, len) == 8, "evt.len");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_evt, buf) == 16, "evt.buf");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_evt, data) == 24, "evt.data");

/* One device, written by Linux before the AP starts (64 bytes). */
struct pmdi_mbox_dev {
	pmdi_u16 id;
	pmdi_u8 dev_class;	/* enum pmdi_mbox_class */
	pmdi_u8 flags;		/* PMDI_MBOX_DEVF_* */
	pmdi_u32 block_size;	/* bytes; 0 when not a block device */
	pmdi_u64 capacity;	/* bytes; 0 when not a block device */
	pmdi_u32 max_len;	/* largest request, bytes */
	pmdi_u32 align;		/* buffer address alignment, bytes (power of two) */
	pmdi_u8 mac[6];		/* net */
	pmdi_u16 rx_pool;	/* net: most RECV buffers Linux keeps waiting */
	char name[16];		/* Linux name, NUL-terminated: "vda" */
	char driver[16];	/* Linux driver: "virtio_blk" */
};

_Static_assert(sizeof(struct pmdi_mbox_dev) == 64, "dev size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_dev, block_size) == 4, "dev.block_size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_dev, capacity) == 8, "dev.capacity");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_dev, max_len) == 16, "dev.max_len");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_dev, align) == 20, "dev.align");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_dev, mac) == 24, "dev.mac");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_dev, rx_pool) == 30, "dev.rx_pool");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_dev, name) == 32, "dev.name");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_dev, driver) == 48, "dev.driver");

/*
 * Control block of one ring (128 bytes): the producer's line, then the
 * consumer's. `sleeping` is the notification-suppression flag: the consumer
 * sets it before it sleeps, the producer takes it (atomic exchange) after
 * publishing and sends a doorbell only if it was set.
 */
struct pmdi_mbox_ring {
	pmdi_u32 prod;		/* producer: slots published, free-running */
	pmdi_u32 overflows;	/* producer: posts refused because the ring was full */
	pmdi_u32 rsvd0[14];
	pmdi_u32 cons;		/* consumer: slots consumed, free-running */
	pmdi_u32 sleeping;	/* consumer sets, producer exchanges with 0 */
	pmdi_u32 rsvd1[14];
};

_Static_assert(sizeof(struct pmdi_mbox_ring) == 128, "ring size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_ring, prod) == 0, "ring.prod");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_ring, overflows) == 4, "ring.overflows");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_ring, cons) == 64, "ring.cons");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_ring, sleeping) == 68, "ring.sleeping");

/* A physically contiguous chunk of the I/O window. */
struct pmdi_mbox_window {
	pmdi_u64 phys;
	pmdi_u64 size;
};

_Static_assert(sizeof(struct pmdi_mbox_window) == 16, "window size");

/* Destination modes of the AP -> Linux doorbell (the ICR's DM bit). */
enum pmdi_mbox_dest_mode {
	PMDI_MBOX_DEST_PHYSICAL = 0,
	PMDI_MBOX_DEST_LOGICAL = 1,
};

/*
 * The mailbox header. The doorbell block is re-published by Linux if the IRQ
 * ever moves: the AP reads it under `db_gen` like a seqlock (odd while
 * Linux rewrites it; read again if it changed).
 */
struct pmdi_mbox_hdr {
	/* Linux writes before the AP starts. */
	pmdi_u32 magic;		/* PMDI_MBOX_MAGIC */
	pmdi_u32 version;	/* PMDI_MBOX_VERSION */
	pmdi_u32 size;		/* bytes of the whole mailbox */
	pmdi_u32 ndev;
	pmdi_u32 req_slots;	/* powers of two */
	pmdi_u32 cpl_slots;
	pmdi_u32 evt_slots;
	pmdi_u32 nwin;		/* chunks in win[] */
	pmdi_u32 dev_off;	/* offsets from the mailbox base */
	pmdi_u32 req_off;
	pmdi_u32 cpl_off;
	pmdi_u32 evt_off;
	pmdi_u32 ap_vector;	/* vector Linux sends to wake the AP */
	pmdi_u32 ap_apic_id;	/* the AP's physical APIC id */
	pmdi_u32 workload;	/* enum pmdi_workload: what the AP should run */
	pmdi_u32 workload_arg;	/* per workload (e.g. seconds to run) */
	/* Linux writes; re-published when the doorbell IRQ moves. */
	pmdi_u32 db_gen;	/* even: stable; odd: being rewritten */
	pmdi_u32 db_vector;	/* vector of Linux's doorbell IRQ */
	pmdi_u32 db_dest;	/* APIC destination (physical id or logical mask) */
	pmdi_u32 db_dest_mode;	/* enum pmdi_mbox_dest_mode */
	/* IPI ping-pong (the floor of a round trip): AP bumps req, Linux echoes it */
	pmdi_u32 ping_req;	/* AP writes, then rings the doorbell */
	pmdi_u32 ping_ack;	/* Linux writes, then sends the AP its IPI */
	/* tracing: Linux switches it, the AP follows (0 = off, else class mask) */
	pmdi_u32 trace_mask;
	/* clock sync: Linux bumps sync_req and IPIs; the AP's handler answers */
	pmdi_u32 sync_req;
	pmdi_u32 sync_ack;	/* AP: after writing sync_ap_tsc */
	pmdi_u32 trace_ready;	/* Linux: the first clock sync is in the trace */
	pmdi_u64 sync_ap_tsc;	/* AP: its TSC when it answered */
	pmdi_u32 broken;	/* Linux: enum pmdi_mbox_broken, 0 while the channel works */
	pmdi_u32 workload_seed;	/* Linux: seed of a randomized workload (fuzz) */
	/*
	 * Linux (module parameter ap_poll_us, debugfs ap_poll_us at run time):
	 * how long the AP may poll its completion and event rings before it
	 * sleeps, in microseconds; 0 = sleep at once. A hint: the protocol is
	 * the same either way (an AP that ignores it is correct).
	 */
	pmdi_u32 ap_poll_us;
	pmdi_u32 rsvd1[1];
	struct pmdi_mbox_window win[PMDI_MBOX_MAX_WINDOWS];
};

_Static_assert(sizeof(struct pmdi_mbox_hdr) == 128 + 16 * PMDI_MBOX_MAX_WINDOWS, "hdr size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, ndev) == 12, "hdr.ndev");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, nwin) == 28, "hdr.nwin");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, dev_off) == 32, "hdr.dev_off");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, ap_vector) == 48, "hdr.ap_vector");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, workload) == 56, "hdr.workload");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, db_gen) == 64, "hdr.db_gen");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, db_vector) == 68, "hdr.db_vector");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, db_dest) == 72, "hdr.db_dest");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, db_dest_mode) == 76, "hdr.db_dest_mode");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, ping_req) == 80, "hdr.ping_req");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, ping_ack) == 84, "hdr.ping_ack");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, trace_mask) == 88, "hdr.trace_mask");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, sync_req) == 92, "hdr.sync_req");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, sync_ack) == 96, "hdr.sync_ack");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, trace_ready) == 100, "hdr.trace_ready");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, sync_ap_tsc) == 104, "hdr.sync_ap_tsc");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, broken) == 112, "hdr.broken");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, workload_seed) == 116, "hdr.workload_seed");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, ap_poll_us) == 120, "hdr.ap_poll_us");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mbox_hdr, win) == 128, "hdr.win");

#endif /* PMDI_MAILBOX_H */
