/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmdi_dispatcher internals: one AP kernel on one CPU taken from Linux.
 * The mailbox and dispatcher (next stage) hang off struct pmdi.
 */
#ifndef PMDI_H
#define PMDI_H

#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/ratelimit.h>
#include <linux/platform_device.h>
#include <pmdi/boot.h>
#include <pmdi/shared.h>
#include <pmdi/console_ring.h>

#define PMDI_NAME "pmdi"

struct pmdi_mbox;
struct pmdi_trace;

/* The ABI header's pmdi_u64 is unsigned long; printk wants u64. */
#define U64(x) ((u64)(x))

struct pmdi {
	/* what the module parameters asked for, checked */
	unsigned int cpu;
	u32 ap_apicid;
	phys_addr_t tramp_pa;
	phys_addr_t region_pa;
	u64 region_size;
	const char *image;
	u32 test_mode;			/* only the fault-test image reads it */

	struct platform_device *pdev;	/* for request_firmware, logging */
	u64 load_start_ns;		/* insmod began (ktime_get_ns) */

	/* region: claimed, mapped write-back */
	struct resource *region_res;
	void *region;
	struct pmdi_shared *shared;
	struct pmdi_console *console;

	/* trampoline page: mapped, original contents saved */
	void *tramp;
	void *tramp_saved;

	/* what the image said about itself */
	char image_name[64];		/* flat: its header's; ELF: the file name */
	u32 image_flags;
	bool image_elf;			/* ELF, not the legacy flat image */
	bool image_traces;		/* its pmdi note: writes its trace ring */
	u64 boot_rsp;			/* the boot stack's top, virtual (%rsp at entry) */
	u8 build_id[PMDI_BUILD_ID_MAX];
	u32 build_id_len;

	/* CPU ownership, in the order it is taken */
	int veto_state;			/* cpuhp dynamic state, or < 0 */
	bool cpu_removed;		/* remove_cpu() succeeded */
	bool ap_started;		/* INIT-SIPI-SIPI sent */

	/* monitor: console ring, faults, heartbeat */
	struct delayed_work monitor;
	bool monitor_running;
	struct ratelimit_state ap_rs;	/* AP can flood: rate-limit it */
	unsigned long ap_suppressed;
	char line[160];
	size_t line_len;
	u32 seen_fault_count;
	unsigned long fault_dumped;	/* jiffies | 1 of the last fault's flight dump, 0: none */
	struct pmdi_console_reader con_reader;
	u64 seen_heartbeat;
	unsigned long heartbeat_jiffies;
	bool stall_reported;
	struct dentry *debugfs;

	struct pmdi_mbox *mbox;		/* the dispatcher (pmdi_mailbox.c) */
	struct pmdi_trace *trace;	/* tracing (pmdi_trace.c) */

	/* tracing parameters */
	bool trace_on;
	u32 trace_events;		/* enum pmdi_ev_class mask */
	u8 trace_tsc_shift;
	u8 trace_snap;			/* NET_FRAME bytes per frame, 0 = none */
	const char *trace_tty;		/* "" = no serial stream */
	unsigned int trace_baud;
	unsigned int trace_rate;	/* bytes/s cap; 0 = baud / 10 */
	unsigned int flight_kib;	/* flight recorder size; 0 = off */
	unsigned int flight_stuck_ms;	/* a request this old triggers a dump */
};

/* pmdi_region.c */
int pmdi_region_claim(struct pmdi *p);
void pmdi_region_release(struct pmdi *p);
int pmdi_trampoline_claim(struct pmdi *p);
void pmdi_trampoline_release(struct pmdi *p);

/* pmdi_image.c */
int pmdi_image_load(struct pmdi *p);

/* pmdi_cpu.c */
int pmdi_cpu_check(struct pmdi *p);
int pmdi_cpu_take(struct pmdi *p);
int pmdi_cpu_start(struct pmdi *p, unsigned int timeout_ms);
void pmdi_cpu_give_back(struct pmdi *p);
void pmdi_cpu_wake(struct pmdi *p);
void pmdi_cpu_nmi(struct pmdi *p);
void pmdi_cpu_stop_now(struct pmdi *p);

/* pmdi_monitor.c */
void pmdi_monitor_poll(struct pmdi *p);
void pmdi_monitor_start(struct pmdi *p);
void pmdi_monitor_stop(struct pmdi *p);
void pmdi_report_fault(struct pmdi *p);
const char *pmdi_state_name(u32 state);

#endif /* PMDI_H */
