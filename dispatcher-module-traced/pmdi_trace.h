/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmdi_trace.h - tracing on the Linux side: per-CPU trace rings, the AP's
 * ring in the shared region, the drain kthread that turns them into one
 * framed stream per reader (interface/include/pmdi/trace_drain.h), and the
 * two readers: the debugfs trace_pipe and the serial line.
 *
 *   writers (any context, this CPU's ring, local IRQs off) ─┐
 *   AP kernel (its ring in the shared region) ──────────────┼─> drain kthread
 *                                                            │   (header, clock sync,
 *                                                            │    in-flight snapshots)
 *             reader 0: debugfs trace_pipe  <── frames ──────┤
 *             reader 1: serial tty kthread  <── frames ──────┘
 *
 * Each reader has its own byte buffer, cursor and lost counters: a slow
 * serial line loses its own frames (counted; the decoder sees exact sequence
 * gaps), never the debugfs reader's, and no writer ever waits.
 *
 * Who writes what (data races are documented here, not left to chance):
 *
 *   enabled, class_mask   pmdi_trace_set/switch/set_events() under ctl_lock
 *                         (debugfs writers), init and stop; WRITE_ONCE, read
 *                         anywhere with READ_ONCE (the hot path).
 *   reader[].attached     under drain_lock, WRITE_ONCE; read without the lock
 *                         (waking readers) with READ_ONCE.
 *   reader[].primed,      only under drain_lock.
 *     .rb.enabled
 *   reader[].rb counters  the drain under drain_lock (trace_drain.h writes them
 *                         plainly); status takes drain_lock, serial_show()
 *                         and the close messages read them once each
 *                         (READ_ONCE, or after the reader was detached).
 *   drain_idle            set to 1 by the drain only, before it sleeps with
 *                         nothing to do; taken back to 0 with xchg() by the
 *                         drain or by the first writer, in any context
 *                         (pmdi_trace_kick): one irq_work per idle period.
 *   kicked                set by the kicks (irq_work, process context), cleared
 *                         by the drain before each pass; READ/WRITE_ONCE.
 *   drain_task            under drain_lock (start, stop, process-context
 *                         kicks); the irq_work reads it with READ_ONCE, and a
 *                         task reference is held until irq_work_sync().
 *   reader[].unwoken_since  pmdi_trace_wake_readers(): the drain after each
 *                         pass, and a flight dump (process context), with no
 *                         common lock; READ/WRITE_ONCE: a race costs one wake-up
 *                         made early or one made at the drain's next pass.
 *   last_*, sync_seq,     the drain kthread only (and pmdi_trace_start()
 *     sync_soon,          before the kthread exists): not shared.
 *     readers_unwoken
 *   passes, poll_ns       every pass (pmdi_trace_poll_timed), under drain_lock;
 *                         status reads them under it.
 *   offset, rtt,          clock sync (the drain) with WRITE_ONCE, status reads
 *     uncertainty, sync   with READ_ONCE; each value on its own (status may
 *     statistics          show the offset of one sync and the rtt of the next).
 *   flight_dumps,         pmdi_trace_flight_dump() under drain_lock (monitor
 *     last_dump           work, debugfs, the drain); the check reads them with
 *                         READ_ONCE. flight is set at init, then constant.
 *   ap_broken,            the drain under drain_lock (NULL -> reason, once);
 *     broken_seen         status reads ap_broken with READ_ONCE.
 *   serial.bytes_written, the serial kthread only, WRITE_ONCE; serial_show()
 *     serial.write_errors reads with READ_ONCE.
 *   serial.tty            serial start/stop (process context, one at a time:
 *                         module load/unload), WRITE_ONCE; read with READ_ONCE.
 */
#ifndef PMDI_TRACE_H
#define PMDI_TRACE_H

#include <linux/irq_work.h>
#include <linux/percpu.h>
#include <linux/wait.h>
#include <linux/mutex.h>
#include <linux/hrtimer.h>
#include <pmdi/trace_drain.h>

struct pmdi;
struct task_struct;
struct tty_struct;
struct dentry;

enum pmdi_trace_reader_id {
	PMDI_READER_DEBUGFS = 0,
	PMDI_READER_SERIAL = 1,
	PMDI_READER_FLIGHT = 2,		/* the flight recorder: newest frames, no reader */
	PMDI_NR_READERS = 3,
};

/* One consumer of the framed stream. */
struct pmdi_trace_reader {
	struct pmdi_reader_buf rb;	/* filled by the drain, emptied by the reader */
	wait_queue_head_t wait;		/* woken by the drain after it adds bytes */
	struct mutex lock;		/* one reading task at a time */
	bool attached;			/* somebody reads: the drain feeds it */
	bool primed;			/* fed since the session started, not yet opened */
	u64 unwoken_since;		/* ns: bytes waiting, reader not yet woken (0: none) */
	const char *name;
};

/* Serial line state (pmdi_trace_serial.c). */
struct pmdi_trace_serial {
	struct tty_struct *tty;
	struct task_struct *task;
	char name[32];			/* "ttyS1" */
	unsigned int baud;		/* termios speed asked for */
	unsigned int rate;		/* byte rate cap, bytes/s (0 = none) */
	u64 bytes_written;
	u64 write_errors;
};

struct pmdi_trace {
	struct pmdi *p;
	bool enabled;			/* tracing on (module parameter, debugfs) */
	u32 class_mask;			/* enum pmdi_ev_class bits */
	u32 snap;			/* NET_FRAME: frame bytes kept (0 = none); constant */
	u32 session_id;
	struct mutex ctl_lock;		/* pmdi_trace_set(): enabled, class_mask, AP's mask */
	bool stopped;			/* under ctl_lock: unloading, set() does nothing */

	struct pmdi_trace_ring *ap_ring;	/* in the shared region */
	struct pmdi_trace_ring * __percpu *cpu_ring;	/* one per possible CPU */
	u32 cpu_ring_slots;

	struct pmdi_drain drain;
	struct mutex drain_lock;	/* the kthread vs. readers attaching */
	struct task_struct *drain_task;	/* a reference is held while it runs */
	/*
	 * Waking the drain (see pmdi_trace_drain_fn for the wake-up sources):
	 * drain_idle is 1 while it sleeps with nothing to do, so that the first
	 * event written (any context) queues kick_work; kicked says a wake-up
	 * came, so that the drain does not miss one between its pass and sleep.
	 */
	int drain_idle;
	bool kicked;
	struct irq_work kick_work;
	struct hrtimer kick_timer;	/* the kick wakes the drain when it fires */
	const char *ap_broken;		/* why the AP's ring is broken, or NULL */
	u64 broken_seen;		/* drain.broken_rings reported (drain_lock) */
	struct pmdi_trace_reader reader[PMDI_NR_READERS];

	/* the session header, repeated at attach and periodically */
	u8 hdr_blob[2048];
	struct pmdi_hdr_builder hb;
	unsigned long last_header;	/* jiffies */

	/* clock sync with the AP (see pmdi_trace_clock_sync) */
	unsigned long last_sync;	/* jiffies */
	s64 offset;			/* AP TSC - this CPU's TSC, cycles */
	u32 uncertainty, rtt;
	u32 sync_seq;
	bool sync_soon;			/* the AP's ring lost events: sync again soon */
	bool readers_unwoken;		/* the drain's: a reader has bytes, not yet woken */
	u64 passes, poll_ns;		/* drain passes, time in them (drain_lock) */
	u64 sync_rounds;		/* clock syncs run */
	/*
	 * Exchanges by how the AP answered: round trip < 10 us, < 25 us, within
	 * the spin bound, after it (late: no sample), not within the pause after.
	 */
	u64 sync_hist[5];

	struct pmdi_trace_serial serial;

	/*
	 * Flight-recorder mode: frames go to an overwrite buffer instead of the
	 * readers, which get its content (after the header) when a request is
	 * stuck, when the AP faults, or on demand.
	 */
	bool flight;
	u32 flight_stuck_ms;
	u32 flight_dumps;
	unsigned long last_dump;	/* jiffies */
};

/* pmdi_trace.c */
int pmdi_trace_init(struct pmdi *p);		/* before the AP starts */
int pmdi_trace_start(struct pmdi *p);		/* once it is ready */
void pmdi_trace_stop(struct pmdi *p);		/* before it is stopped: flush */
void pmdi_trace_free(struct pmdi *p);		/* after */
void pmdi_trace_emit(struct pmdi_trace *t, unsigned int type, u32 req, u32 arg);
void pmdi_trace_emit_ext(struct pmdi_trace *t, unsigned int type, u32 req, u32 arg,
			 const void *ext, u32 len);
/*
 * Switch tracing on or off at run time (the AP follows through the mailbox
 * header). Off: everything written so far is flushed to the readers, whose
 * trace_pipe then ends. @mask: enum pmdi_ev_class bits to keep.
 */
void pmdi_trace_set(struct pmdi_trace *t, bool on, u32 mask);
/* The same with the current mask, and the mask alone (tracing stays as it is). */
void pmdi_trace_switch(struct pmdi_trace *t, bool on);
void pmdi_trace_set_events(struct pmdi_trace *t, u32 mask);
/*
 * Wake the drain because there may be new events (e.g. the AP traced and rang
 * the doorbell). Any context, hardirq included; costs one READ_ONCE when the
 * drain is awake.
 */
void pmdi_trace_kick(struct pmdi_trace *t);
/* The AP rang: kick the drain if the AP traces (tracing on, or a flight recorder). */
void pmdi_trace_kick_ap(struct pmdi_trace *t);
/* A reader attaches: its buffer restarts with the session header. */
void pmdi_trace_attach(struct pmdi_trace *t, enum pmdi_trace_reader_id id);
void pmdi_trace_detach(struct pmdi_trace *t, enum pmdi_trace_reader_id id);

/* The tracing part of debugfs "status": rings, losses, readers, clock. */
struct seq_file;
void pmdi_trace_status(struct pmdi_trace *t, struct seq_file *m);

/* Flight recorder: send what it holds to the readers, saying why. */
void pmdi_trace_flight_dump(struct pmdi_trace *t, const char *why);
void pmdi_trace_flight_debugfs(struct pmdi_trace *t, struct dentry *dir);

/* pmdi_trace_debugfs.c: trace_pipe, tracing, events (control files) */
void pmdi_trace_debugfs(struct pmdi_trace *t, struct dentry *dir);

/* pmdi_trace_serial.c: the stream on a tty, from a kthread */
int pmdi_trace_serial_start(struct pmdi_trace *t, const char *tty, unsigned int baud,
			    unsigned int rate);
void pmdi_trace_serial_stop(struct pmdi_trace *t);

/*
 * Hot path: is this event class on? A predicted branch when tracing is off.
 * Callers: if (pmdi_tracing(t, PMDI_CLASS_X)) pmdi_trace_emit(t, ...);
 */
static inline bool pmdi_tracing(const struct pmdi_trace *t, u32 cls)
{
	return unlikely(t && READ_ONCE(t->enabled) && (READ_ONCE(t->class_mask) & cls));
}

#endif /* PMDI_TRACE_H */
