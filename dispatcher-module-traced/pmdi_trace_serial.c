// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_trace_serial.c - the framed trace stream on a tty, with no user space.
 *
 * The module opens the port itself (tty_kopen_exclusive, as speakup's
 * ttyio does): nothing else may use it, and a getty on it is refused with
 * -EBUSY. tty_kopen does not call the driver's open, so we do; then raw
 * termios: 8N1, no flow control, no CR/LF mapping (n_tty's OPOST would turn
 * every 0x0A of a binary frame into 0x0D 0x0A; we also bypass n_tty by
 * writing through tty->ops->write, the driver's own buffered,
 * interrupt-driven path).
 *
 * A kthread moves bytes from the serial reader's buffer
 * (t->reader[PMDI_READER_SERIAL].rb, filled by the drain) to the driver, at
 * most write_room() bytes at a time and never faster than the byte rate cap:
 * QEMU's UART ignores the baud rate, so the cap is what makes the board
 * behave like a real line. Bytes taken from the reader buffer are always
 * written eventually; when the line is slower than the events, the drain
 * finds the reader buffer full and drops whole frames for this reader only,
 * counted in rb.lost_frames/lost_records (the decoder sees exact seq gaps).
 *
 *   drain ──frames──> rb (64 KiB) ──get──> pending[] ──ops->write──> UART
 *                     (drops here)         (token bucket, write_room)
 *
 * With nothing to send the kthread sleeps on the reader's wait queue with no
 * timeout: the drain wakes it after it adds bytes (pmdi_trace_wake_readers:
 * a batch of 8 KiB or 20 ms at a time while events pour in),
 * kthread_stop() wakes it to stop. It wakes by itself only while it has
 * bytes: for the line's room and the rate cap.
 *
 * Who writes what: bytes_written and write_errors are the kthread's
 * (WRITE_ONCE; debugfs "serial" reads them with READ_ONCE); tty, name, baud
 * and rate are set by start/stop (module load/unload, one at a time) while
 * the kthread does not run; tty with WRITE_ONCE for serial_show().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": trace: " fmt

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/serial.h>
#include <linux/string.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <linux/tty_port.h>
#include "pmdi.h"
#include "pmdi_trace.h"

#define SERIAL_CHUNK		256	/* bytes taken from the reader buffer at once */
#define SERIAL_BURST_MS		20	/* token bucket depth, in ms of line time */
#define SERIAL_DRAIN_MS		500	/* at stop: how long the line may take to empty */

/* Token bucket: @rate bytes/s, at most @depth bytes banked. */
struct serial_bucket {
	u64 rate;
	u64 depth;
	u64 tokens;
	u64 frac;		/* leftover rate * ns below one byte, < NSEC_PER_SEC */
	u64 last_ns;
};

static void bucket_init(struct serial_bucket *b, unsigned int rate)
{
	b->rate = rate;
	b->depth = max_t(u64, (u64)rate * SERIAL_BURST_MS / MSEC_PER_SEC, 64);
	b->tokens = 0;		/* start empty: a burst at start would exceed the line */
	b->frac = 0;
	b->last_ns = ktime_get_ns();
}

static void bucket_refill(struct serial_bucket *b)
{
	u64 now = ktime_get_ns(), dt = now - b->last_ns;
	u32 rem;

	b->last_ns = now;
	dt = min_t(u64, dt, NSEC_PER_SEC);	/* anything longer fills it anyway */
	b->tokens += div_u64_rem(dt * b->rate + b->frac, NSEC_PER_SEC, &rem);
	b->frac = rem;
	if (b->tokens >= b->depth) {
		b->tokens = b->depth;
		b->frac = 0;
	}
}

/* Microseconds until @n bytes are allowed (n <= depth). */
static unsigned long bucket_wait_us(const struct serial_bucket *b, u64 n)
{
	u64 need = n - b->tokens;

	return (unsigned long)div_u64(need * NSEC_PER_SEC - b->frac + b->rate - 1, b->rate) /
	       NSEC_PER_USEC + 1;
}

/* Bytes of @p[0, n) up to and including the first frame delimiter, or n. */
static u32 to_frame_end(const u8 *p, u32 n)
{
	const u8 *z = memchr(p, PMDI_FRAME_DELIM, n);

	return z ? z - p + 1 : n;
}

static bool serial_has_work(struct pmdi_trace_reader *r)
{
	return pmdi_reader_avail(&r->rb) || kthread_should_stop();
}

static int pmdi_trace_serial_fn(void *data)
{
	struct pmdi_trace *t = data;
	struct pmdi_trace_serial *s = &t->serial;
	struct pmdi_trace_reader *r = &t->reader[PMDI_READER_SERIAL];
	struct tty_struct *tty = s->tty;
	unsigned long deadline = 0;
	struct serial_bucket b;
	u8 pending[SERIAL_CHUNK];
	u32 len = 0, off = 0;
	bool in_frame = false;	/* the last byte written was not a delimiter */

	bucket_init(&b, s->rate);
	for (;;) {
		bool stopping = kthread_should_stop();
		unsigned int room, n;
		int w;

		/*
		 * Stop between frames: a frame cut short would reach the reader
		 * as a corrupt one. Finishing it takes at most 256 bytes.
		 */
		if (stopping) {
			if (!deadline)
				deadline = jiffies + msecs_to_jiffies(SERIAL_DRAIN_MS);
			if (!in_frame || time_after(jiffies, deadline))
				break;
		}
		if (off == len) {
			len = pmdi_reader_get(&r->rb, pending, sizeof(pending));
			off = 0;
			if (!len) {
				if (stopping)
					break;	/* frames are put whole: cannot happen */
				wait_event_interruptible(r->wait, serial_has_work(r));
				continue;
			}
		}
		n = len - off;
		if (stopping)
			n = to_frame_end(pending + off, n);
		room = tty_write_room(tty);
		if (!room) {
			/* The UART drains its 4 KiB buffer by interrupts; poll it. */
			usleep_range(1000, 2000);
			continue;
		}
		n = min(n, room);
		if (b.rate) {
			u64 want = min_t(u64, n, b.depth);

			bucket_refill(&b);
			if (b.tokens < want) {
				unsigned long us = min(bucket_wait_us(&b, want), 100000UL);

				usleep_range(us, us + 500);
				continue;
			}
			n = min_t(u64, n, b.tokens);
		}
		w = tty->ops->write(tty, pending + off, n);
		if (w < 0) {
			WRITE_ONCE(s->write_errors, s->write_errors + 1);
			pr_warn_ratelimited("serial: %s: write failed (%d); %u bytes dropped\n",
					    s->name, w, len - off);
			/* Dropping a partial frame costs one corrupt frame, no more. */
			off = len;
			in_frame = false;
			msleep_interruptible(100);
			continue;
		}
		if (w > 0)
			in_frame = pending[off + w - 1] != PMDI_FRAME_DELIM;
		off += w;
		if (b.rate)
			b.tokens -= w;
		WRITE_ONCE(s->bytes_written, s->bytes_written + w);
	}
	return 0;
}

static void pmdi_trace_serial_raw(struct tty_struct *tty, unsigned int baud)
{
	struct ktermios tio;

	down_read(&tty->termios_rwsem);
	tio = tty->termios;
	up_read(&tty->termios_rwsem);

	/* cfmakeraw(), 8N1, no flow control, no modem lines needed to open */
	tio.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL |
			 IXON | IXOFF | IXANY | IMAXBEL | IUCLC);
	tio.c_oflag &= ~OPOST;
	tio.c_lflag &= ~(ECHO | ECHONL | ECHOE | ECHOK | ECHOCTL | ECHOKE | ICANON |
			 ISIG | IEXTEN);
	tio.c_cflag &= ~(CSIZE | PARENB | CSTOPB | CRTSCTS);
	tio.c_cflag |= CS8 | CREAD | CLOCAL;
	tty_termios_encode_baud_rate(&tio, baud, baud);
	tty_set_termios(tty, &tio);
}

/* Close a tty we opened with tty_kopen + ops->open. */
static void pmdi_trace_serial_close(struct tty_struct *tty)
{
	unsigned short closing_wait;

	tty_lock(tty);
	/*
	 * The port's closing_wait (30 s by default) applies to our close too:
	 * a host that holds the pty open without reading would stall rmmod.
	 * We waited briefly already; do not wait again.
	 */
	closing_wait = tty->port->closing_wait;
	tty->port->closing_wait = ASYNC_CLOSING_WAIT_NONE;
	if (tty->ops->close)
		tty->ops->close(tty, NULL);
	tty->port->closing_wait = closing_wait;
	tty_unlock(tty);
	tty_kclose(tty);
}

int pmdi_trace_serial_start(struct pmdi_trace *t, const char *name, unsigned int baud,
			    unsigned int rate)
{
	struct pmdi_trace_serial *s = &t->serial;
	struct task_struct *task;
	struct tty_struct *tty;
	speed_t got;
	dev_t dev;
	int ret;

	if (s->tty)
		return -EBUSY;
	if (!baud) {
		pr_err("serial: baud rate 0 for %s refused\n", name);
		return -EINVAL;
	}
	ret = tty_dev_name_to_number(name, &dev);
	if (ret) {
		pr_err("serial: no tty named %s (error %d)\n", name, ret);
		return ret;
	}
	tty = tty_kopen_exclusive(dev);
	if (IS_ERR(tty)) {
		ret = PTR_ERR(tty);
		if (ret == -EBUSY)
			pr_err("serial: %s is in use (a getty or another program has it open)\n",
			       name);
		else
			pr_err("serial: cannot open %s (error %d)\n", name, ret);
		return ret;
	}
	/* tty_kopen returns it locked and does not call the driver's open. */
	ret = tty->ops->open ? tty->ops->open(tty, NULL) : -ENODEV;
	if (ret) {
		pr_err("serial: %s: the driver's open failed (error %d)\n", name, ret);
		tty_unlock(tty);
		pmdi_trace_serial_close(tty);
		return ret;
	}
	clear_bit(TTY_HUPPED, &tty->flags);
	pmdi_trace_serial_raw(tty, baud);
	got = tty_termios_baud_rate(&tty->termios);
	tty_unlock(tty);
	if (got != baud)
		pr_warn("serial: %s runs at %u baud, not %u\n", name, got, baud);

	strscpy(s->name, name, sizeof(s->name));
	s->baud = got;
	s->rate = rate;
	WRITE_ONCE(s->bytes_written, 0);
	WRITE_ONCE(s->write_errors, 0);
	WRITE_ONCE(s->tty, tty);
	/* A fresh stream from here: delimiter and session header first. */
	pmdi_trace_attach(t, PMDI_READER_SERIAL);
	task = kthread_run(pmdi_trace_serial_fn, t, "pmdi-serial");
	if (IS_ERR(task)) {
		ret = PTR_ERR(task);
		pr_err("serial: cannot start the writer thread (error %d)\n", ret);
		pmdi_trace_detach(t, PMDI_READER_SERIAL);
		WRITE_ONCE(s->tty, NULL);
		pmdi_trace_serial_close(tty);
		return ret;
	}
	s->task = task;
	if (rate)
		pr_info("streaming to %s at %u baud (%u B/s cap)\n", s->name, s->baud, rate);
	else
		pr_info("streaming to %s at %u baud (no byte rate cap)\n", s->name, s->baud);
	return 0;
}

void pmdi_trace_serial_stop(struct pmdi_trace *t)
{
	struct pmdi_trace_serial *s = &t->serial;
	struct pmdi_trace_reader *r = &t->reader[PMDI_READER_SERIAL];
	struct tty_struct *tty = s->tty;
	unsigned long deadline;

	if (!tty)
		return;
	/*
	 * Give the writer a moment to pass on what the drain flushed last (the
	 * end of the session), at line speed, then stop it (it finishes the
	 * frame it is in).
	 */
	deadline = jiffies + msecs_to_jiffies(SERIAL_DRAIN_MS);
	while (pmdi_reader_avail(&r->rb) && time_before(jiffies, deadline))
		msleep(20);
	kthread_stop(s->task);
	s->task = NULL;
	pmdi_trace_detach(t, PMDI_READER_SERIAL);
	/* Bytes already in the UART's buffer: let them out, briefly. */
	tty_wait_until_sent(tty, msecs_to_jiffies(SERIAL_DRAIN_MS));
	tty_driver_flush_buffer(tty);
	WRITE_ONCE(s->tty, NULL);
	pmdi_trace_serial_close(tty);
	pr_info("serial: %s closed: %llu bytes written, %llu frames (%llu events) lost, %llu write errors\n",
		s->name, s->bytes_written, U64(r->rb.lost_frames), U64(r->rb.lost_records),
		s->write_errors);
}
