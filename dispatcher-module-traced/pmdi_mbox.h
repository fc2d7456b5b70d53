/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmdi_mbox.h - the Linux side of the mailbox: the dispatcher and its
 * device backends. The ABI is include/pmdi/mailbox.h, the protocol
 * include/pmdi/mailbox_ring.h; this is what Linux keeps privately.
 *
 * Who runs where:
 *   doorbell IRQ (hardirq, one CPU)  drains the request ring, validates each
 *                                    private copy, completes null and refused
 *                                    requests at once, queues the rest
 *   workqueue (process context)      console output, bio submission
 *   bio completion (softirq/hardirq) posts block completions
 * Completions from all three are serialized by cpl_lock (irqsave).
 */
#ifndef PMDI_MBOX_H
#define PMDI_MBOX_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/wait.h>
#include <linux/ratelimit.h>
#include <linux/blk_types.h>
#include <pmdi/mailbox_ring.h>
#include <pmdi/trace_format.h>

/* Credits bound what Linux serves at once to the completion ring's size. */
#define PMDI_MBOX_MAX_INFLIGHT	64

struct pmdi;
struct pmdi_trace;
struct pmdi_mbox;
struct pmdi_io;

/* A device backend: how one class of requests reaches a Linux driver. */
struct pmdi_backend {
	const char *name;
	/* May sleep? Then requests go to the workqueue, else complete in the IRQ. */
	bool sleeps;
	/* Serve @io; the backend (or its I/O completion) calls pmdi_io_done(). */
	void (*submit)(struct pmdi_io *io);
	void (*release)(struct pmdi_mbox *mb, unsigned int dev);
};

/* A request Linux is serving, for in-flight snapshots in the trace. */
struct pmdi_inflight {
	u32 id;
	u8 dev, op, phase;		/* enum pmdi_phase */
	bool used;
	u64 since;			/* TSC when it entered the phase */
};

/* One request being served: a private copy of the slot and its context. */
struct pmdi_io {
	struct pmdi_mbox *mb;
	struct pmdi_mbox_req rq;	/* read once from the ring, validated */
	int inflight;			/* its entry in pmdi_mbox.inflight[], or -1 */
	struct work_struct work;
	void *bounce;			/* bounce buffer, when bouncing */
	unsigned int bounce_order;
};

/* Per device, Linux's private state. */
struct pmdi_mbox_devstate {
	const struct pmdi_backend *be;
	struct block_device *bdev;	/* block */
	fmode_t bdev_mode;
};

struct pmdi_mbox {
	struct pmdi *p;
	struct pmdi_trace *trace;	/* NULL: not traced */
	struct pmdi_mbox_view v;	/* the shared mailbox (AP can write it) */

	/* private copies: validation never reads shared memory */
	struct pmdi_mbox_dev devs[PMDI_MBOX_MAX_DEVICES];
	struct pmdi_mbox_devstate ds[PMDI_MBOX_MAX_DEVICES];
	u32 ndev;
	struct pmdi_mbox_window win[PMDI_MBOX_MAX_WINDOWS];
	struct page *win_pages[PMDI_MBOX_MAX_WINDOWS];
	u32 nwin;
	unsigned int win_order;
	bool bounce;

	/* doorbell AP -> Linux */
	int virq;
	u32 db_vector, db_dest;
	unsigned int db_cpu;
	u32 ping_seen;			/* last IPI ping-pong request echoed */

	/* request ring: consumer (IRQ handler or the retry work) */
	spinlock_t drain_lock;
	u32 req_cons;
	struct delayed_work retry;	/* out of completion credits: look again */

	/* completion ring: producer, serialized */
	spinlock_t cpl_lock;
	u32 cpl_prod;
	atomic_t in_service;		/* taken, not yet completed */
	u32 seen_cpl_cons;		/* the AP's completion index, last look */
	u64 cpl_cons_since;		/* TSC since when it has not moved */
	spinlock_t inflight_lock;
	struct pmdi_inflight inflight[PMDI_MBOX_MAX_INFLIGHT];

	struct workqueue_struct *wq;
	struct kmem_cache *io_cache;
	atomic_t bios;			/* submitted, not yet ended */
	wait_queue_head_t bios_done;
	bool shutting_down;
	bool broken;			/* the AP broke the ring protocol */

	/* console device: one writer at a time, partial lines kept */
	struct mutex con_lock;
	char con_line[160];
	size_t con_len;

	/* counters, for debugfs and dmesg */
	atomic64_t requests, completed, refused[PMDI_MBOX_R_MAX + 1];
	atomic64_t irqs, doorbells_sent, doorbells_suppressed, credit_stalls;
	struct ratelimit_state rs;	/* messages the AP can cause */
};

/* pmdi_mailbox.c */
int pmdi_mbox_init(struct pmdi *p, const char *disks, unsigned int window_mb, bool bounce);
void pmdi_mbox_shutdown(struct pmdi_mbox *mb);
void pmdi_mbox_free(struct pmdi_mbox *mb);
void pmdi_mbox_republish_doorbell(struct pmdi_mbox *mb);
void pmdi_mbox_debugfs(struct pmdi_mbox *mb, struct dentry *dir);
/*
 * Is a request stuck: in service longer than @cycles, or completions the AP
 * has not taken for that long? Says which in @why.
 */
bool pmdi_mbox_stuck(struct pmdi_mbox *mb, u64 cycles, char *why, size_t len);
/* Copy the requests in service into @out (at most @max); returns the count. */
unsigned int pmdi_mbox_snapshot(struct pmdi_mbox *mb, struct pmdi_blob_inflight *out,
				unsigned int max);
/* Post @io's completion (any context); _done also frees a queued @io. */
void pmdi_io_post(struct pmdi_io *io, int status, u32 bytes, unsigned int reason);
void pmdi_io_done(struct pmdi_io *io, int status, u32 bytes, unsigned int reason);
void *pmdi_mbox_window_va(struct pmdi_mbox *mb, u64 pa, u32 len);

/* backends */
extern const struct pmdi_backend pmdi_be_null;
extern const struct pmdi_backend pmdi_be_console;
extern const struct pmdi_backend pmdi_be_block;
int pmdi_be_block_open(struct pmdi_mbox *mb, unsigned int dev, const char *name);

#endif /* PMDI_MBOX_H */
