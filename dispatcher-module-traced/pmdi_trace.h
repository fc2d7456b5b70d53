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
 */
#ifndef PMDI_TRACE_H
#define PMDI_TRACE_H

#include <linux/percpu.h>
#include <linux/wait.h>
#include <linux/mutex.h>
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
	u32 session_id;

	struct pmdi_trace_ring *ap_ring;	/* in the shared region */
	struct pmdi_trace_ring * __percpu *cpu_ring;	/* one per possible CPU */
	u32 cpu_ring_slots;

	struct pmdi_drain drain;
	struct mutex drain_lock;	/* the kthread vs. readers attaching */
	struct task_struct *drain_task;
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
