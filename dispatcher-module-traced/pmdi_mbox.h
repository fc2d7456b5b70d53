/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmdi_mbox.h - the Linux side of the mailbox: the dispatcher and its
 * device backends. The ABI is interface/include/pmdi/mailbox.h, the protocol
 * mailbox_ring.h; this is what Linux keeps privately.
 *
 * Who runs where, and who may post a completion:
 *   doorbell IRQ (hardirq, one CPU)  drains the request ring (drain_lock),
 *                                    copies and checks each request, completes
 *                                    null and refused requests at once, queues
 *                                    the rest
 *   worker kthread "pmdi-mbox"       the mailbox's own process context: console
 *                                    output, bio submission, the credit-stall
 *                                    retry; fails what is queued at unload
 *   bio completion (softirq/hardirq) posts block completions
 *   unload (process context)         posts nothing once the AP is stopped
 * Posting is serialized by cpl_lock (irqsave): the completion ring keeps one
 * logical producer. Each taken request holds one credit and one struct
 * pmdi_io until its completion is posted, so at most PMDI_MBOX_MAX_INFLIGHT
 * are served at once and no allocation happens per request.
 *
 * Lifetimes: an io whose bio is submitted can be reached by the block layer
 * until its end_io; unload stops the AP, gives its CPU back, then waits for
 * every such bio without a timeout (TASK_IDLE, saying in dmesg what it waits
 * for) before it frees the window, the ios or closes the disks.
 */
#ifndef PMDI_MBOX_H
#define PMDI_MBOX_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/list.h>
#include <linux/wait.h>
#include <linux/ratelimit.h>
#include <linux/blk_types.h>
#include <pmdi/mailbox_ring.h>
#include <pmdi/trace_format.h>

/* Credits bound what Linux serves at once to the completion ring's size. */
#define PMDI_MBOX_MAX_INFLIGHT	64
/*
 * Receive buffers a NIC keeps waiting (the device table's rx_pool). They hold
 * no credit: the completion ring has room for them beside the credits.
 */
#define PMDI_NET_RX_POOL	64

struct pmdi;
struct pmdi_trace;
struct pmdi_mbox;
struct pmdi_io;
struct pmdi_rng;
struct pmdi_net;
struct task_struct;
struct dentry;

/* A device backend: how one class of requests reaches a Linux driver. */
struct pmdi_backend {
	const char *name;
	/* May sleep? Then requests go to the worker, else complete in the IRQ. */
	bool sleeps;
	/* Serve @io; the backend (or its I/O completion) calls pmdi_io_done(). */
	void (*submit)(struct pmdi_io *io);
	/*
	 * Optional, in the drain (IRQs off): take @rq in place instead of
	 * queueing it (net RECV into the receive pool). True if it did; it
	 * then answers @rq itself, now or later.
	 */
	bool (*take)(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, u64 seq);
	/*
	 * Optional, at unload once the worker has stopped and before the AP
	 * does: fail what waits inside the backend (READs, receive buffers).
	 */
	void (*shutdown)(struct pmdi_mbox *mb, unsigned int dev);
	void (*release)(struct pmdi_mbox *mb, unsigned int dev);
};

/* One request being served: a private copy of the slot and its context. */
struct pmdi_io {
	struct pmdi_mbox *mb;
	struct pmdi_mbox_req rq;	/* read once from the ring, checked */
	u64 seq;			/* order in which Linux took it (from 1) */
	struct list_head node;		/* on the worker's queue */
	u8 phase;			/* enum pmdi_phase, for snapshots (io_lock) */
	bool used;			/* (io_lock) */
	u64 since;			/* TSC when it entered the phase (io_lock) */
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
	u32 db_gen;			/* Linux's copy of hdr.db_gen */
	unsigned int db_cpu;
	u32 ping_seen;			/* last IPI ping-pong request echoed (IRQ only) */
	u32 ap_poll_us;			/* Linux's copy of hdr.ap_poll_us (a hint to the AP) */
	bool worker_fifo;		/* the worker at SCHED_FIFO 1 (debugfs worker_fifo) */
	unsigned long storm_start;	/* jiffies: start of the storm window (IRQ only) */
	u32 storm_empty;		/* doorbells with nothing to do in it (IRQ only) */
	u32 storm_secs;			/* storm seconds in a row before it (IRQ only) */

	/* request ring: Linux's consumer side (drain_lock) */
	spinlock_t drain_lock;
	struct pmdi_mbox_side req;
	u64 take_seq;			/* (drain_lock) requests taken so far */
	u32 in_flight_max;		/* (drain_lock to write) most in service at once */

	/* completion ring: Linux's producer side (cpl_lock) */
	spinlock_t cpl_lock;
	struct pmdi_mbox_side cpl;
	struct pmdi_mbox_side evt;	/* (cpl_lock) the event ring, Linux's producer side */
	u32 evt_seq;			/* (cpl_lock) events posted */
	atomic64_t evt_overflows;	/* events the AP had no room for */
	/*
	 * Credits: in_service - rx_waiting + completions not yet taken stay
	 * below credit_limit = completion slots - every NIC's rx_pool, so a
	 * completion slot is certain for each waiting receive buffer too.
	 */
	u32 credit_limit;
	atomic_t rx_waiting;		/* taken RECV buffers in a receive pool */
	bool ap_gone;			/* (cpl_lock) the AP is stopped: post nothing */
	u64 posted_seq_max;		/* (cpl_lock) latest-taken request posted so far */
	u64 out_of_order;		/* (cpl_lock to write) posted after a later-taken one */
	atomic_t in_service;		/* taken, not yet completed */
	u32 seen_cpl_cons;		/* the AP's completion index, last look (drain kthread) */
	u64 cpl_cons_since;		/* TSC since when it has not moved (drain kthread) */

	/* one io per credit, and the worker's queue (io_lock) */
	spinlock_t io_lock;
	struct pmdi_io io[PMDI_MBOX_MAX_INFLIGHT];
	struct list_head queue;
	struct task_struct *worker;	/* referenced until the IRQ is freed */
	bool worker_stopped;
	bool stalled;			/* (drain_lock) out of credits: the worker retries */
	bool more;			/* (drain_lock) budget spent: the worker drains on */

	atomic_t bios;			/* submitted, not yet ended */
	wait_queue_head_t bios_done;
	bool shutting_down;		/* (drain_lock to set; READ_ONCE elsewhere) */
	atomic_t broken;		/* enum pmdi_mbox_broken, set once */

	struct pmdi_rng *rng;		/* the hwrng pool (pmdi_be_rng.c), NULL: none */
	struct pmdi_net *net;		/* the AP's NIC, or NULL */

	/* console device: one writer at a time (the worker), partial lines kept */
	struct mutex con_lock;
	char con_line[160];
	size_t con_len;

	/* counters, for debugfs and dmesg */
	atomic64_t requests, completed, dropped, refused[PMDI_MBOX_R_MAX + 1];
	atomic64_t accepted[PMDI_MBOX_MAX_DEVICES];	/* passed the checks, per device */
	atomic64_t irqs, empty_irqs, doorbells_sent, doorbells_suppressed, credit_stalls;
	struct ratelimit_state rs;	/* messages the AP can cause */
};

/* pmdi_mailbox.c */
int pmdi_mbox_init(struct pmdi *p, const char *disks, const char *ap_mac, unsigned int window_mb,
		   bool bounce);
int pmdi_mbox_start(struct pmdi_mbox *mb);
void pmdi_mbox_shutdown(struct pmdi_mbox *mb);
void pmdi_mbox_ap_gone(struct pmdi_mbox *mb);
void pmdi_mbox_free(struct pmdi_mbox *mb);
void pmdi_mbox_republish_doorbell(struct pmdi_mbox *mb);
void pmdi_mbox_debugfs(struct pmdi_mbox *mb, struct dentry *dir);
void pmdi_mbox_set_poll(struct pmdi_mbox *mb, u32 us);
/* The AP broke the protocol: stop serving it, say why once (any context). */
void pmdi_mbox_break(struct pmdi_mbox *mb, enum pmdi_mbox_broken why);
/*
 * Is a request stuck: in service longer than @cycles, or completions the AP
 * has not taken for that long? Says which in @why.
 */
bool pmdi_mbox_stuck(struct pmdi_mbox *mb, u64 cycles, char *why, size_t len);
/* Copy the requests in service into @out (at most @max); returns the count. */
unsigned int pmdi_mbox_snapshot(struct pmdi_mbox *mb, struct pmdi_blob_inflight *out,
				unsigned int max);
/* Post @io's completion (any context); _done also releases a queued @io. */
void pmdi_io_post(struct pmdi_io *io, int status, u32 bytes, unsigned int reason);
void pmdi_io_done(struct pmdi_io *io, int status, u32 bytes, unsigned int reason);
/* A request a backend's take() kept: refuse it at once, or end it (DRV_END, any context). */
void pmdi_mbox_refuse_taken(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, u64 seq,
			    unsigned int reason);
void pmdi_mbox_end_rx(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, u64 seq, int status,
		      u32 bytes, unsigned int reason);
/* Post an event for the AP (any context; dropped and counted if its ring is full). */
void pmdi_mbox_event(struct pmdi_mbox *mb, u16 dev, u8 kind, const void *data, u32 len);
void *pmdi_mbox_window_va(struct pmdi_mbox *mb, u64 pa, u32 len);

/* backends */
extern const struct pmdi_backend pmdi_be_null;
extern const struct pmdi_backend pmdi_be_console;
extern const struct pmdi_backend pmdi_be_block;
extern const struct pmdi_backend pmdi_be_rng;
extern const struct pmdi_backend pmdi_be_net;
int pmdi_be_block_open(struct pmdi_mbox *mb, unsigned int dev, const char *name);
int pmdi_be_rng_open(struct pmdi_mbox *mb, unsigned int dev);
void pmdi_be_rng_debugfs(struct pmdi_mbox *mb, struct dentry *dir);
/* pmdi_be_net.c: find the NIC by @mac ("" or absent: none), describe it in devs[@dev] */
int pmdi_be_net_open(struct pmdi_mbox *mb, unsigned int dev, const char *mac);
void pmdi_be_net_start(struct pmdi_mbox *mb);
void pmdi_be_net_debugfs(struct pmdi_mbox *mb, struct dentry *dir);

#endif /* PMDI_MBOX_H */
