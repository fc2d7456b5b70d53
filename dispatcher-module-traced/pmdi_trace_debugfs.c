// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_trace_debugfs.c - the trace in /sys/kernel/debug/pmdi/:
 *
 *   trace_pipe  the framed binary stream (trace-format/FORMAT.md), like
 *               ftrace's trace_pipe: one reader at a time (-EBUSY for a
 *               second), opening restarts the stream with the session
 *               header so `cat trace_pipe > x.pmdt` is a valid trace; read
 *               blocks until bytes arrive (interruptible, -EAGAIN with
 *               O_NONBLOCK) and returns end of file once tracing is off and
 *               everything was read; poll works.
 *   tracing     0/1: tracing off/on
 *   events      the event class mask, hex (enum pmdi_ev_class)
 *   serial      the serial line: tty, baud, rate cap, bytes written, and the
 *               frames/events its reader lost
 *
 * Concurrency: open/release are serialized by pipe_open_lock, reads by the
 * reader's mutex; the drain fills the buffer (head, counters) and the reader
 * empties it (tail), each index published with release/acquire. tracing and
 * events go through pmdi_trace_switch()/pmdi_trace_set_events(), which hold
 * the trace's ctl_lock.
 *
 * An open trace_pipe holds a module reference (.owner): rmmod is refused
 * while somebody reads. debugfs on 6.1 calls a file's release even after
 * the file was removed, so the module must outlive every open file.
 * Switching tracing off (echo 0 > tracing) ends the read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": trace: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include "pmdi.h"
#include "pmdi_trace.h"

/* One open trace_pipe at a time, across open and release. */
static DEFINE_MUTEX(pipe_open_lock);
static bool pipe_open;

static bool pipe_eof(struct pmdi_trace *t, struct pmdi_trace_reader *r)
{
	return !READ_ONCE(t->enabled) && !pmdi_reader_avail(&r->rb);
}

static int trace_pipe_open(struct inode *inode, struct file *f)
{
	struct pmdi_trace *t = inode->i_private;
	int ret = 0;

	mutex_lock(&pipe_open_lock);
	if (pipe_open) {
		ret = -EBUSY;
	} else {
		pipe_open = true;
		f->private_data = t;
		pmdi_trace_attach(t, PMDI_READER_DEBUGFS);
	}
	mutex_unlock(&pipe_open_lock);
	if (ret)
		return ret;
	pr_info("trace_pipe opened by %s[%d]\n", current->comm, task_pid_nr(current));
	return nonseekable_open(inode, f);
}

static int trace_pipe_release(struct inode *inode, struct file *f)
{
	struct pmdi_trace *t = f->private_data;
	struct pmdi_reader_buf *rb = &t->reader[PMDI_READER_DEBUGFS].rb;
	u64 frames, lost_frames, lost_records;

	mutex_lock(&pipe_open_lock);
	pmdi_trace_detach(t, PMDI_READER_DEBUGFS);
	/* Detached: the drain no longer counts; the next open resets them. */
	frames = rb->frames;
	lost_frames = rb->lost_frames;
	lost_records = rb->lost_records;
	pipe_open = false;
	mutex_unlock(&pipe_open_lock);
	pr_info("trace_pipe closed: %llu frames delivered, %llu frames (%llu events) lost\n",
		frames, lost_frames, lost_records);
	return 0;
}

static ssize_t trace_pipe_read(struct file *f, char __user *ubuf, size_t len, loff_t *ppos)
{
	struct pmdi_trace *t = f->private_data;
	struct pmdi_trace_reader *r = &t->reader[PMDI_READER_DEBUGFS];
	struct pmdi_reader_buf *rb = &r->rb;
	u64 avail, tail;
	u32 pos, first;
	ssize_t ret;

	if (!len)
		return 0;
	if (mutex_lock_interruptible(&r->lock))
		return -ERESTARTSYS;
	while (!(avail = pmdi_reader_avail(rb))) {
		if (!READ_ONCE(t->enabled)) {
			ret = 0;	/* tracing stopped and all read: end of file */
			goto out;
		}
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			goto out;
		}
		mutex_unlock(&r->lock);
		if (wait_event_interruptible(r->wait, pmdi_reader_avail(rb) || pipe_eof(t, r)))
			return -ERESTARTSYS;
		if (mutex_lock_interruptible(&r->lock))
			return -ERESTARTSYS;
	}
	/* pmdi_reader_avail() read the head with acquire: the bytes are there. */
	len = min_t(u64, len, avail);
	tail = rb->tail;
	pos = tail & (rb->size - 1);
	first = min_t(u64, len, rb->size - pos);
	if (copy_to_user(ubuf, rb->buf + pos, first) ||
	    copy_to_user(ubuf + first, rb->buf, len - first)) {
		ret = -EFAULT;
		goto out;
	}
	/* Our copies of the bytes before the drain may overwrite them. */
	pmdi_store_release(&rb->tail, tail + len);
	ret = len;
out:
	mutex_unlock(&r->lock);
	return ret;
}

static __poll_t trace_pipe_poll(struct file *f, struct poll_table_struct *pt)
{
	struct pmdi_trace *t = f->private_data;
	struct pmdi_trace_reader *r = &t->reader[PMDI_READER_DEBUGFS];

	poll_wait(f, &r->wait, pt);
	if (pmdi_reader_avail(&r->rb))
		return EPOLLIN | EPOLLRDNORM;
	if (!READ_ONCE(t->enabled))
		return EPOLLIN | EPOLLRDNORM | EPOLLHUP;	/* read gives end of file */
	return 0;
}

static const struct file_operations trace_pipe_fops = {
	.owner = THIS_MODULE,
	.open = trace_pipe_open,
	.release = trace_pipe_release,
	.read = trace_pipe_read,
	.poll = trace_pipe_poll,
	.llseek = no_llseek,
};

static int tracing_get(void *data, u64 *val)
{
	struct pmdi_trace *t = data;

	*val = READ_ONCE(t->enabled);
	return 0;
}

static int tracing_set(void *data, u64 val)
{
	struct pmdi_trace *t = data;

	if (val > 1)
		return -EINVAL;
	pmdi_trace_switch(t, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(tracing_fops, tracing_get, tracing_set, "%llu\n");

static int events_get(void *data, u64 *val)
{
	struct pmdi_trace *t = data;

	*val = READ_ONCE(t->class_mask);
	return 0;
}

static int events_set(void *data, u64 val)
{
	struct pmdi_trace *t = data;

	if (val > U32_MAX)
		return -EINVAL;
	/* Off stays off: the mask is kept for the next "on". */
	pmdi_trace_set_events(t, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(events_fops, events_get, events_set, "0x%08llx\n");

static int serial_show(struct seq_file *m, void *v)
{
	struct pmdi_trace *t = m->private;
	struct pmdi_trace_serial *s = &t->serial;
	struct pmdi_reader_buf *rb = &t->reader[PMDI_READER_SERIAL].rb;

	/* The drain writes rb's counters (word-sized): a display, read once each. */
	seq_printf(m, "session: %08x\n", t->session_id);
	seq_printf(m, "tty: %s\n", READ_ONCE(s->tty) ? s->name : "none");
	seq_printf(m, "baud: %u\n", s->baud);
	seq_printf(m, "rate: %u\n", s->rate);
	seq_printf(m, "bytes_written: %llu\n", READ_ONCE(s->bytes_written));
	seq_printf(m, "write_errors: %llu\n", READ_ONCE(s->write_errors));
	seq_printf(m, "frames: %llu\n", U64(READ_ONCE(rb->frames)));
	seq_printf(m, "lost_frames: %llu\n", U64(READ_ONCE(rb->lost_frames)));
	seq_printf(m, "lost_records: %llu\n", U64(READ_ONCE(rb->lost_records)));
	seq_printf(m, "buffered: %llu\n", U64(pmdi_reader_avail(rb)));
	seq_printf(m, "buffer_size: %u\n", READ_ONCE(rb->size));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(serial);

void pmdi_trace_debugfs(struct pmdi_trace *t, struct dentry *dir)
{
	debugfs_create_file("trace_pipe", 0400, dir, t, &trace_pipe_fops);
	debugfs_create_file_unsafe("tracing", 0600, dir, t, &tracing_fops);
	debugfs_create_file_unsafe("events", 0600, dir, t, &events_fops);
	debugfs_create_file("serial", 0444, dir, t, &serial_fops);
}
