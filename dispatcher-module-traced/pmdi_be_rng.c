// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_be_rng.c - the hardware RNG: READs served with bytes that Linux's
 * hwrng driver produced (virtio-rng on the board), never the kernel's CRNG:
 * the AP asks for the device's entropy, not for a stretch of Linux's own.
 *
 * The path of the bytes: QEMU's virtio-rng -> Linux's virtio-rng driver ->
 * /dev/hwrng -> a user-space feeder (qemu-board/guest-bin/rngfeed.c) ->
 * /sys/devices/platform/pmdi/rng_feed -> the pool here -> the AP's buffer in
 * the I/O window.
 * Linux 6.1 has no in-kernel reader of the current hwrng: rng_get_data() is
 * static to drivers/char/hw_random/core.c, and kernel_read() of /dev/hwrng
 * fails because its file operations have .read but no .read_iter.
 *
 * The pool is a 64 KiB ring. READs take bytes in the order Linux took the
 * READs, each byte once (and zeroed once taken). A READ that finds too few
 * bytes waits on a FIFO, never in the worker, and completes when the feeder
 * has refilled enough; the feeder sleeps while the pool is full. A waiting
 * READ holds its credit and io like any request in a driver. At unload the
 * waiting READs complete with -ESHUTDOWN before the AP is stopped, and a
 * feeder asleep in its write returns -ESHUTDOWN before its file goes away.
 *
 * Contexts: the worker (submit), the feeder's write, unload; all process
 * context, so the pool's spinlock needs no IRQ protection. Completions are
 * posted after it is dropped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/platform_device.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "pmdi.h"
#include "pmdi_mbox.h"

#define PMDI_RNG_POOL		(64u << 10)	/* a power of two */
#define PMDI_RNG_MAX_LEN	4096u

struct pmdi_rng {
	struct pmdi_mbox *mb;
	spinlock_t lock;		/* everything below but the feeder's buffer */
	u8 *pool;			/* PMDI_RNG_POOL bytes, a ring */
	u32 head, fill;			/* next byte to hand out; bytes held */
	struct list_head waiting;	/* READs not yet served, oldest first */
	u32 nwaiting;
	bool closed;			/* unloading: nothing served or taken any more */
	wait_queue_head_t space;	/* the feeder waits for room here */
	struct mutex feed_lock;		/* one write at a time: fill only grows meanwhile */
	u64 fed, served, reads, reads_waited, reads_shutdown, feeds, feeder_waits;
};

/* Room in the pool, 0 once closed. */
static u32 pmdi_rng_room(struct pmdi_rng *r)
{
	u32 room;

	spin_lock(&r->lock);
	room = r->closed ? 0 : PMDI_RNG_POOL - r->fill;
	spin_unlock(&r->lock);
	return room;
}

/* Hand the oldest @len bytes to @dst, once: they are zeroed in the pool. */
static void pmdi_rng_take(struct pmdi_rng *r, u8 *dst, u32 len)
{
	u32 first = min(len, PMDI_RNG_POOL - r->head);

	memcpy(dst, r->pool + r->head, first);
	memzero_explicit(r->pool + r->head, first);
	memcpy(dst + first, r->pool, len - first);
	memzero_explicit(r->pool, len - first);
	r->head = (r->head + len) & (PMDI_RNG_POOL - 1);
	r->fill -= len;
	r->served += len;
}

/* Serve waiting READs in order while the oldest one fits; they move to @done. */
static bool pmdi_rng_serve_locked(struct pmdi_rng *r, struct list_head *done)
{
	struct pmdi_io *io;
	bool any = false;

	while (!r->closed) {
		io = list_first_entry_or_null(&r->waiting, struct pmdi_io, node);
		if (!io || io->rq.len > r->fill)
			break;
		/* pmdi_mbox_check() put [buf, buf + len) inside one window chunk. */
		pmdi_rng_take(r, pmdi_mbox_window_va(r->mb, io->rq.buf, io->rq.len), io->rq.len);
		list_move_tail(&io->node, done);
		r->nwaiting--;
		any = true;
	}
	return any;
}

/* Post what was served (no lock held: posting takes the mailbox's own locks). */
static void pmdi_rng_complete(struct list_head *done, int status, unsigned int reason)
{
	struct pmdi_io *io, *next;

	list_for_each_entry_safe(io, next, done, node) {
		u32 len = io->rq.len;

		/* Off the list first: once done, the io may serve another request. */
		list_del(&io->node);
		pmdi_io_done(io, status, status ? 0 : len, reason);
	}
}

static void pmdi_rng_submit(struct pmdi_io *io)
{
	struct pmdi_rng *r = io->mb->rng;
	LIST_HEAD(done);
	bool closed, any;

	spin_lock(&r->lock);
	r->reads++;
	closed = r->closed;
	if (!closed) {
		list_add_tail(&io->node, &r->waiting);
		r->nwaiting++;
	}
	any = pmdi_rng_serve_locked(r, &done);
	/* FIFO: if anything still waits, this READ (the newest) does. */
	if (r->nwaiting)
		r->reads_waited++;
	spin_unlock(&r->lock);
	if (closed) {
		pmdi_io_done(io, -ESHUTDOWN, 0, PMDI_MBOX_R_SHUTDOWN);
		return;
	}
	if (any)
		wake_up(&r->space);
	pmdi_rng_complete(&done, 0, PMDI_MBOX_R_OK);
}

/* Before the AP is stopped: waiting READs fail, the feeder is let go. */
static void pmdi_rng_shutdown(struct pmdi_mbox *mb, unsigned int dev)
{
	struct pmdi_rng *r = mb->rng;
	LIST_HEAD(done);
	u32 n;

	if (!r)
		return;
	spin_lock(&r->lock);
	r->closed = true;
	list_splice_tail_init(&r->waiting, &done);
	n = r->nwaiting;
	r->nwaiting = 0;
	r->reads_shutdown += n;
	spin_unlock(&r->lock);
	wake_up_all(&r->space);
	pmdi_rng_complete(&done, -ESHUTDOWN, PMDI_MBOX_R_SHUTDOWN);
	pr_info("rng: closed: %llu bytes fed, %llu bytes served in %llu reads (%llu waited for the feeder), %u waiting reads failed at unload (-ESHUTDOWN)\n",
		U64(r->fed), U64(r->served), U64(r->reads), U64(r->reads_waited), n);
}

/* ---- the feeder: sysfs rng_feed --------------------------------------- */

/*
 * Bytes from /dev/hwrng into the pool: /sys/devices/platform/pmdi/rng_feed,
 * an attribute of the module's platform device, not a debugfs file: an open
 * debugfs file pins the module (its proxy dereferences the module's fops at
 * release), so a feeder that keeps it open would make every rmmod fail, and
 * one that reopens it during rmmod would meet a WARN. A sysfs file pins
 * nothing; its removal waits for a write in progress, which unload wakes.
 *
 * A write takes what fits, at most a page (sysfs hands over one page at a
 * time), sleeping while the pool is full; -ESHUTDOWN once the module
 * unloads; -EAGAIN instead of sleeping with O_NONBLOCK is not possible
 * through sysfs (it does not pass the flags on). Returns the bytes taken.
 */
static ssize_t rng_feed_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct pmdi_rng *r = dev_get_drvdata(dev);
	LIST_HEAD(served);
	u32 room, n, tail, first;

	if (!r)
		return -ENODEV;
	if (mutex_lock_interruptible(&r->feed_lock))
		return -ERESTARTSYS;
	for (;;) {
		room = pmdi_rng_room(r);
		if (room || READ_ONCE(r->closed))
			break;
		spin_lock(&r->lock);
		r->feeder_waits++;
		spin_unlock(&r->lock);
		if (wait_event_interruptible(r->space, pmdi_rng_room(r) || READ_ONCE(r->closed))) {
			mutex_unlock(&r->feed_lock);
			return -ERESTARTSYS;
		}
	}
	spin_lock(&r->lock);
	if (r->closed) {
		spin_unlock(&r->lock);
		mutex_unlock(&r->feed_lock);
		return -ESHUTDOWN;
	}
	/* Only this writer adds (feed_lock): the room seen above is still there. */
	n = min_t(size_t, room, count);
	tail = (r->head + r->fill) & (PMDI_RNG_POOL - 1);
	first = min(n, PMDI_RNG_POOL - tail);
	memcpy(r->pool + tail, buf, first);
	memcpy(r->pool, buf + first, n - first);
	r->fill += n;
	r->fed += n;
	r->feeds++;
	pmdi_rng_serve_locked(r, &served);
	spin_unlock(&r->lock);
	mutex_unlock(&r->feed_lock);
	pmdi_rng_complete(&served, 0, PMDI_MBOX_R_OK);
	return n;
}
static DEVICE_ATTR_WO(rng_feed);

static int rng_show(struct seq_file *m, void *v)
{
	struct pmdi_rng *r = m->private;

	spin_lock(&r->lock);
	seq_printf(m, "pool: %u of %u bytes\nwaiting_reads: %u\nfed: %llu bytes in %llu writes\n",
		   r->fill, PMDI_RNG_POOL, r->nwaiting, U64(r->fed), U64(r->feeds));
	seq_printf(m, "served: %llu bytes\nreads: %llu\nreads_waited: %llu\nreads_failed_at_unload: %llu\nfeeder_waits: %llu\nclosed: %s\n",
		   U64(r->served), U64(r->reads), U64(r->reads_waited),
		   U64(r->reads_shutdown), U64(r->feeder_waits), r->closed ? "yes" : "no");
	spin_unlock(&r->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rng);

void pmdi_be_rng_debugfs(struct pmdi_mbox *mb, struct dentry *dir)
{
	if (!mb->rng)
		return;
	debugfs_create_file("rng", 0444, dir, mb->rng, &rng_fops);
}

static void pmdi_rng_release(struct pmdi_mbox *mb, unsigned int dev)
{
	struct pmdi_rng *r = mb->rng;

	if (!r)
		return;
	/* A load that failed before the shutdown: let a sleeping writer go too. */
	spin_lock(&r->lock);
	r->closed = true;
	spin_unlock(&r->lock);
	wake_up_all(&r->space);
	/* Waits for a write in progress; none starts afterwards. */
	device_remove_file(&mb->p->pdev->dev, &dev_attr_rng_feed);
	dev_set_drvdata(&mb->p->pdev->dev, NULL);
	mb->rng = NULL;
	kfree_sensitive(r->pool);
	kfree(r);
}

const struct pmdi_backend pmdi_be_rng = {
	.name = "rng",
	.sleeps = true,
	.submit = pmdi_rng_submit,
	.shutdown = pmdi_rng_shutdown,
	.release = pmdi_rng_release,
};

/* ---- set-up ------------------------------------------------------------ */

/* Linux's current hwrng ("virtio_rng.0"), as sysfs names it; "none" without one. */
static void pmdi_rng_current(char *name, size_t len)
{
	struct file *f = filp_open("/sys/class/misc/hw_random/rng_current", O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	strscpy(name, "none", len);
	if (IS_ERR(f))
		return;
	n = kernel_read(f, name, len - 1, &pos);
	filp_close(f, NULL);
	if (n <= 0) {
		strscpy(name, "none", len);
		return;
	}
	name[n] = 0;
	name[strcspn(name, "\n")] = 0;
}

/* Describe device @dev (added as class RNG) and allocate its pool. */
int pmdi_be_rng_open(struct pmdi_mbox *mb, unsigned int dev)
{
	struct pmdi_mbox_dev *d = &mb->devs[dev];
	struct pmdi_rng *r;
	int ret;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->pool = kzalloc(PMDI_RNG_POOL, GFP_KERNEL);
	if (!r->pool) {
		kfree(r);
		return -ENOMEM;
	}
	r->mb = mb;
	spin_lock_init(&r->lock);
	INIT_LIST_HEAD(&r->waiting);
	init_waitqueue_head(&r->space);
	mutex_init(&r->feed_lock);
	mb->rng = r;
	dev_set_drvdata(&mb->p->pdev->dev, r);
	ret = device_create_file(&mb->p->pdev->dev, &dev_attr_rng_feed);
	if (ret) {
		pr_err("cannot create rng_feed: %d\n", ret);
		dev_set_drvdata(&mb->p->pdev->dev, NULL);
		mb->rng = NULL;
		kfree(r->pool);
		kfree(r);
		return ret;
	}
	d->max_len = PMDI_RNG_MAX_LEN;
	d->align = 1;
	pmdi_rng_current(d->driver, sizeof(d->driver));
	pr_info("device %u: %s (%s), reads of up to %u bytes from /dev/hwrng through /sys/devices/platform/pmdi/rng_feed (a %u KiB pool)\n",
		dev, d->name, d->driver, d->max_len, PMDI_RNG_POOL >> 10);
	return 0;
}
