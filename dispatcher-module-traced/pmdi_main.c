// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_main.c - module parameters, load and unload.
 *
 * Loading takes one CPU away from Linux and boots the pmdi AP kernel on it;
 * unloading gives the CPU back. The steps, each undone in reverse order on
 * any failure (and on unload):
 *
 *   1. check the parameters (CPU, trampoline page, region)
 *   2. claim the reserved region and map it write-back   (pmdi_region.c)
 *   3. claim the trampoline page, saving its contents    (pmdi_region.c)
 *   4. load and check the image, build boot page tables  (pmdi_image.c)
 *   5. veto re-onlining, remove_cpu()                     (pmdi_cpu.c)
 *   6. INIT-SIPI-SIPI, wait for "ready", check the report (pmdi_cpu.c)
 *   7. poll the console ring, faults and heartbeat        (pmdi_monitor.c)
 *
 * Hardware background: Intel SDM Vol. 3A 9.4 (multiple-processor
 * initialization) and 10.6 (issuing IPIs).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include "pmdi.h"
#include "pmdi_mbox.h"
#include "pmdi_trace.h"

static int cpu = 1;
module_param(cpu, int, 0444);
MODULE_PARM_DESC(cpu, "Linux CPU number to give to the AP kernel (not 0)");

static ulong trampoline = 0x8000;
module_param(trampoline, ulong, 0444);
MODULE_PARM_DESC(trampoline,
		 "physical address of the low page for the STARTUP IPI (page aligned, 0x1000-0x9e000)");

static ulong region_base = 0x10000000;
module_param(region_base, ulong, 0444);
MODULE_PARM_DESC(region_base,
		 "physical base of the AP kernel's region, reserved with memmap=SIZE$BASE (2 MiB aligned)");

static ulong region_size = 64UL << 20;
module_param(region_size, ulong, 0444);
MODULE_PARM_DESC(region_size, "size of the AP kernel's region (2 MiB multiple, 8 MiB - 1 GiB)");

static char *image = "pmdi-ap.elf";
module_param(image, charp, 0444);
MODULE_PARM_DESC(image, "AP kernel image, ELF64 or legacy flat, loaded from /lib/firmware/pmdi/<image>");

static char *disks = "vda,vdb";
module_param(disks, charp, 0444);
MODULE_PARM_DESC(disks, "block devices to serve, comma-separated /dev names (missing ones are skipped)");

static char *ap_mac = "52:54:00:50:4d:41";
module_param(ap_mac, charp, 0444);
MODULE_PARM_DESC(ap_mac, "MAC address of the NIC given to the AP (its frames bypass Linux's stack; empty or absent NIC: no network device)");

static uint window_mb = 16;
module_param(window_mb, uint, 0444);
MODULE_PARM_DESC(window_mb, "size of the I/O window the AP's buffers live in, MiB (4 MiB chunks)");

static bool bounce;
module_param(bounce, bool, 0444);
MODULE_PARM_DESC(bounce, "copy block data through Linux pages instead of handing the window's pages to the block layer");

static char *workload = "idle";
module_param(workload, charp, 0444);
MODULE_PARM_DESC(workload, "what the AP kernel runs: idle, demo, bench, badreq, burst, mixed, fuzz, conformance (PORTING.md), net (the AP's UDP echo, ap_mac), rng (the hwrng checks; bit 31 of workload_arg: ./pmdi bench net); test modes: no_doorbell, no_reap, silent, fault, read_vdb");

static uint workload_arg;
module_param(workload_arg, uint, 0444);
MODULE_PARM_DESC(workload_arg, "argument of the workload (demo: then this many requests/s without end, 0: idle after the check; bench: seconds per measurement, mixed: seconds, fuzz: thousands of messages, bit 31: then an impossible request index, bit 30: then a doorbell storm)");

static uint workload_seed = 1;
module_param(workload_seed, uint, 0444);
MODULE_PARM_DESC(workload_seed, "seed of a randomized workload (fuzz: the same seed, the same AP decisions, 0: a seed from the hwrng; conformance: the pattern step's bytes)");

static uint ap_poll_us;
module_param(ap_poll_us, uint, 0444);
MODULE_PARM_DESC(ap_poll_us, "how long the AP may poll its rings before it sleeps, us (0: at once, max 1000; a hint; debugfs ap_poll_us changes it at run time)");

static bool trace = true;
module_param(trace, bool, 0444);
MODULE_PARM_DESC(trace, "trace the data path from the start (also /sys/kernel/debug/pmdi/tracing)");

static uint trace_events = 0x7f;
module_param(trace_events, uint, 0444);
MODULE_PARM_DESC(trace_events, "event classes: 1 request, 2 doorbell, 4 driver, 8 event, 0x10 health, 0x20 log, 0x40 frame");

static uint trace_snap = 96;
module_param(trace_snap, uint, 0444);
MODULE_PARM_DESC(trace_snap, "bytes of each network frame the trace keeps (NET_FRAME), 0..184 (0 = none)");

static uint tsc_shift = 4;
module_param(tsc_shift, uint, 0444);
MODULE_PARM_DESC(tsc_shift, "trace timestamps in units of 2^tsc_shift TSC cycles (0 = exact, max 16)");

static char *trace_tty = "ttyS1";
module_param(trace_tty, charp, 0444);
MODULE_PARM_DESC(trace_tty, "tty the framed trace stream is written to (empty: none)");

static uint trace_baud = 115200;
module_param(trace_baud, uint, 0444);
MODULE_PARM_DESC(trace_baud, "baud rate of trace_tty");

static uint trace_rate;
module_param(trace_rate, uint, 0444);
MODULE_PARM_DESC(trace_rate, "byte rate cap of the serial stream, bytes/s (0: trace_baud / 10, as a real line)");

static uint flight_kib;
module_param(flight_kib, uint, 0444);
MODULE_PARM_DESC(flight_kib, "flight-recorder mode: keep the newest KiB of trace in memory and send it only when a request is stuck, the AP faults, or on demand (0: off, stream everything)");

static uint flight_stuck_ms = 1000;
module_param(flight_stuck_ms, uint, 0444);
MODULE_PARM_DESC(flight_stuck_ms, "flight recorder: a request outstanding this long triggers a dump");

static uint ready_timeout_ms = 10000;
module_param(ready_timeout_ms, uint, 0444);
MODULE_PARM_DESC(ready_timeout_ms, "how long to wait for the AP kernel to report ready");

static uint ap_test;
module_param(ap_test, uint, 0444);
MODULE_PARM_DESC(ap_test,
		 "for the fault-test image only: 0 fault after ready, 1 fault at boot, 2 hang at boot");

static struct pmdi *pmdi;

static const char *const workloads[] = {
	[PMDI_WORKLOAD_IDLE] = "idle",
	[PMDI_WORKLOAD_DEMO] = "demo",
	[PMDI_WORKLOAD_BENCH] = "bench",
	[PMDI_WORKLOAD_BADREQ] = "badreq",
	[PMDI_WORKLOAD_BURST] = "burst",
	[PMDI_WORKLOAD_MIXED] = "mixed",
	[PMDI_WORKLOAD_NO_DOORBELL] = "no_doorbell",
	[PMDI_WORKLOAD_NO_REAP] = "no_reap",
	[PMDI_WORKLOAD_SILENT] = "silent",
	[PMDI_WORKLOAD_FAULT] = "fault",
	[PMDI_WORKLOAD_READ_VDB] = "read_vdb",
	[PMDI_WORKLOAD_FUZZ] = "fuzz",
	[PMDI_WORKLOAD_CONFORMANCE] = "conformance",
	/* match_string() stops at a hole: every number up to the last is named */
	[PMDI_WORKLOAD_NET] = "net",
	[PMDI_WORKLOAD_RNG] = "rng",
};

static void pmdi_teardown(struct pmdi *p)
{
	/* Requests in flight finish (or fail) while the AP still runs... */
	pmdi_mbox_shutdown(p->mbox);
	/* ...the trace readers get everything up to here, then end of file... */
	pmdi_trace_stop(p);
	pmdi_monitor_stop(p);
	/* ...completions from now on go nowhere (no IPI to a CPU Linux takes back)... */
	pmdi_mbox_ap_gone(p->mbox);
	pmdi_cpu_give_back(p);
	/* ...driver calls still outstanding are waited for, without a timeout... */
	/* ...and the window is freed only once the AP is stopped. */
	pmdi_mbox_free(p->mbox);
	pmdi_trace_free(p);
	pmdi_trampoline_release(p);
	pmdi_region_release(p);
	if (p->pdev)
		platform_device_unregister(p->pdev);
	kfree(p);
}

static int __init pmdi_init(void)
{
	struct pmdi *p;
	int ret;

	pr_info("loading: cpu %d, trampoline %#lx, region %#lx size %#lx, image pmdi/%s\n",
		cpu, trampoline, region_base, region_size, image);

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->load_start_ns = ktime_get_ns();
	p->veto_state = -1;
	/* the AP's console text: at most 50 lines per 5 s in the kernel log */
	ratelimit_state_init(&p->ap_rs, 5 * HZ, 50);
	p->tramp_pa = trampoline;
	p->region_pa = region_base;
	p->region_size = region_size;
	p->image = image;
	p->test_mode = ap_test;

	if (cpu < 0) {
		pr_err("refused: cpu %d does not exist\n", cpu);
		ret = -ENODEV;
		goto fail;
	}
	p->cpu = cpu;
	ret = pmdi_cpu_check(p);
	if (ret)
		goto fail;

	p->pdev = platform_device_register_simple(PMDI_NAME, -1, NULL, 0);
	if (IS_ERR(p->pdev)) {
		ret = PTR_ERR(p->pdev);
		p->pdev = NULL;
		pr_err("cannot register the platform device: %d\n", ret);
		goto fail;
	}

	ret = pmdi_region_claim(p);
	if (ret)
		goto fail;
	ret = pmdi_trampoline_claim(p);
	if (ret)
		goto fail;
	ret = pmdi_image_load(p);
	if (ret)
		goto fail;
	ret = match_string(workloads, ARRAY_SIZE(workloads), workload);
	if (ret < 0) {
		pr_err("refused: workload=%s (see modinfo pmdi_dispatcher)\n", workload);
		goto fail;
	}
	ret = pmdi_mbox_init(p, disks, ap_mac, window_mb, bounce);
	if (ret)
		goto fail;
	if (tsc_shift > 16) {
		pr_err("refused: tsc_shift=%u (0..16)\n", tsc_shift);
		ret = -EINVAL;
		goto fail;
	}
	if (ap_poll_us > PMDI_MBOX_POLL_MAX_US) {
		pr_err("refused: ap_poll_us=%u (0..%u)\n", ap_poll_us, PMDI_MBOX_POLL_MAX_US);
		ret = -EINVAL;
		goto fail;
	}
	if (trace_snap > PMDI_NET_FRAME_SNAP_MAX) {
		pr_err("refused: trace_snap=%u (0..%u)\n", trace_snap, PMDI_NET_FRAME_SNAP_MAX);
		ret = -EINVAL;
		goto fail;
	}
	p->trace_on = trace;
	p->trace_events = trace_events;
	p->trace_snap = trace_snap;
	p->trace_tsc_shift = tsc_shift;
	p->trace_tty = trace_tty;
	p->trace_baud = trace_baud;
	p->trace_rate = trace_rate;
	p->flight_kib = flight_kib;
	p->flight_stuck_ms = flight_stuck_ms;
	ret = pmdi_trace_init(p);
	if (ret)
		goto fail;
	p->mbox->trace = p->trace;
	p->mbox->v.hdr->workload = match_string(workloads, ARRAY_SIZE(workloads), workload);
	p->mbox->v.hdr->workload_arg = workload_arg;
	p->mbox->v.hdr->workload_seed = workload_seed;
	pmdi_mbox_set_poll(p->mbox, ap_poll_us);
	ret = pmdi_cpu_take(p);
	if (ret)
		goto fail;
	ret = pmdi_cpu_start(p, ready_timeout_ms);
	if (ret)
		goto fail;

	ret = pmdi_trace_start(p);
	if (ret)
		goto fail;
	pmdi_monitor_start(p);
	pmdi_mbox_start(p->mbox);
	pmdi = p;
	pr_info("AP kernel '%s' running on cpu%u (APIC id %u); rmmod %s gives the CPU back\n",
		p->image_name, p->cpu, p->ap_apicid, KBUILD_MODNAME);
	return 0;

fail:
	pmdi_teardown(p);
	pr_err("not loaded (error %d); everything undone\n", ret);
	return ret;
}

static void __exit pmdi_exit(void)
{
	pr_info("unloading: stopping the AP kernel on cpu%u\n", pmdi->cpu);
	pmdi_teardown(pmdi);
	pr_info("unloaded\n");
}

module_init(pmdi_init);
module_exit(pmdi_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pmdi: boot an AP kernel on a CPU taken from Linux (loader)");
MODULE_AUTHOR("pmdi project");
