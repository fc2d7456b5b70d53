// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * mbox.c - the AP kernel's side of the pmdi interface: it plugs the
 * freestanding client (pmdi_client.c) into this kernel.
 *
 * The doorbell is a Fixed IPI to the vector and destination Linux publishes
 * (logical or physical destination mode, as Linux's APIC driver uses; Intel
 * SDM Vol. 3A 11.6.1). Waiting is "cli; may I sleep?; sti; hlt", so a
 * completion doorbell arriving between the check and the hlt is taken by hlt
 * (the instruction after sti runs before interrupts are recognised).
 */
#include "layout.h"
#include "x86.h"
#include "lapic.h"
#include "paging.h"
#include "console.h"
#include "mbox.h"
#include "trace.h"
#include "command.h"

static struct pmdi_client client;
static void (*other_done)(const struct pmdi_mbox_cpl *cpl);
static void (*on_event)(const struct pmdi_mbox_evt *evt);
static bool taking_events;
static u64 events_dropped;
static bool up;
static u32 win_chunk;
static u64 win_used;


static void ap_doorbell(void *ctx)
{
	u32 vector, dest, mode;
	u64 flags;

	(void)ctx;
	pmdi_client_doorbell_target(&client, &vector, &dest, &mode);
	flags = irq_save();
	lapic_send_fixed(dest, (u8)vector, mode == PMDI_MBOX_DEST_LOGICAL);
	irq_restore(flags);
}

static pmdi_u64 ap_clock(void *ctx)
{
	(void)ctx;
	return rdtsc();
}

/* The client's trace points go into our ring; the TSC it read is close enough. */
static void ap_trace(void *ctx, unsigned int type, pmdi_u64 tsc, pmdi_u32 req, pmdi_u32 arg,
		     const void *ext, pmdi_u32 len)
{
	(void)ctx, (void)tsc;
	if (len)
		trace_event_ext(type, req, arg, ext, len);
	else
		trace_event(type, req, arg);
}

static void ap_wait(void *ctx)
{
	(void)ctx;
	ap_wait_irq();	/* a STOP from Linux ends here, whatever we waited for */
}

/* pmdi_call() took a completion of an asynchronous request: hand it to its owner. */
static void ap_complete(void *ctx, const struct pmdi_mbox_cpl *cpl)
{
	(void)ctx;
	if (other_done)
		other_done(cpl);
}

static const struct pmdi_client_ops ops = {
	.doorbell = ap_doorbell,
	.clock = ap_clock,
	.trace = ap_trace,
	.wait = ap_wait,
	.complete = ap_complete,
};

void mbox_set_other_done(void (*done)(const struct pmdi_mbox_cpl *cpl))
{
	other_done = done;
}

void mbox_set_event_handler(void (*on)(const struct pmdi_mbox_evt *evt))
{
	on_event = on;
}

void mbox_take_events(void)
{
	struct pmdi_mbox_evt e;

	/* A handler's console line waits, and its wait comes back here: the outer loop takes them. */
	if (!up || taking_events)
		return;
	taking_events = true;
	while (pmdi_take_event(&client, &e) == 1) {
		if (on_event) {
			on_event(&e);
		} else if (!events_dropped++) {
			kprintf("mailbox: event %u of device %u dropped: this workload takes none\n",
				e.kind, e.dev);
		}
	}
	taking_events = false;
}

int mbox_init(void)
{
	void *base = (void *)(PMDI_AP_KVBASE + PMDI_MAILBOX_OFFSET);
	int err = pmdi_client_init(&client, base, PMDI_MAILBOX_SIZE, &ops, 0);
	u32 i;
	u64 off;

	if (err) {
		kprintf("mailbox: %s\n", err == -2 ? "ABI version mismatch with the dispatcher" :
			err == -1 ? "no mailbox (bad magic)" : "inconsistent layout");
		return err;
	}
	for (i = 0; i < client.mb.hdr->nwin; i++) {
		const struct pmdi_mbox_window *w = &client.mb.hdr->win[i];

		for (off = 0; off < w->size; off += PAGE_SIZE)
			if (paging_map_4k(w->phys + off, w->phys + off,
					  PTE_RW | PTE_NX | PTE_CACHE_WB)) {
				kprintf("mailbox: cannot map the I/O window\n");
				return -4;
			}
	}
	up = true;
	trace_init();
	return 0;
}

struct pmdi_client *mbox_client(void)
{
	return &client;
}

bool mbox_ready(void)
{
	return up;
}

u64 mbox_alloc(u64 bytes)
{
	const struct pmdi_mbox_hdr *h = client.mb.hdr;

	bytes = ALIGN_UP(bytes, PAGE_SIZE);
	while (win_chunk < h->nwin) {
		if (win_used + bytes <= h->win[win_chunk].size) {
			u64 pa = h->win[win_chunk].phys + win_used;

			win_used += bytes;
			return pa;
		}
		win_chunk++;
		win_used = 0;
	}
	return 0;
}

u32 mbox_poll_us(void)
{
	u32 us;

	if (!up)
		return 0;
	us = READ_ONCE(client.mb.hdr->ap_poll_us);
	return us > PMDI_MBOX_POLL_MAX_US ? PMDI_MBOX_POLL_MAX_US : us;
}

bool mbox_poll(void)
{
	u32 us = mbox_poll_us();
	u64 until;

	if (!us)
		return false;	/* no poll: sleep as before */
	mbox_take_events();	/* one left on the ring would end every poll at once */
	until = rdtsc() + (u64)us * SHARED_VA->tsc_khz / 1000;
	do {
		if (pmdi_client_ready(&client))
			return true;
		cpu_relax();
	} while (rdtsc() < until);
	return false;
}

bool mbox_may_sleep(void)
{
	if (!up)
		return true;
	/*
	 * An event left on its ring would keep us awake for good (the NIC's
	 * link event, for a workload that uses no NIC). A handler may have
	 * slept, interrupts on: off again before the check.
	 */
	mbox_take_events();
	cli();
	return pmdi_client_may_sleep(&client);
}

int mbox_call(u16 dev, u8 op, u64 buf, u32 len, u64 offset)
{
	struct pmdi_request rq = { .dev = dev, .op = op, .buf = buf, .len = len,
				   .offset = offset };
	struct pmdi_mbox_cpl cpl;

	return pmdi_call(&client, &rq, &cpl);
}

int mbox_console_write(const char *s, u32 len)
{
	static u64 buf;
	static int dev = -2;
	u32 i;

	if (dev == -2)
		dev = pmdi_client_find(&client, "console");
	if (!buf)
		buf = mbox_alloc(PAGE_SIZE);
	if (dev < 0 || !buf)
		return -PMDI_ENODEV;
	if (len > PAGE_SIZE)
		len = PAGE_SIZE;
	for (i = 0; i < len; i++)
		((char *)buf)[i] = s[i];
	return mbox_call((u16)dev, PMDI_MBOX_OP_WRITE, buf, len, 0);
}

int mbox_transfer(u16 dev, u8 op, u64 buf, u64 len, u64 offset, u32 chunk, u32 depth)
{
	struct pmdi_mbox_cpl cpl[16];
	u64 posted = 0;
	u32 inflight = 0;
	int status = 0, i, n;

	if (depth > 16)
		depth = 16;
	while (posted < len || inflight) {
		while (posted < len && inflight < depth && !status) {
			u32 this = len - posted < chunk ? (u32)(len - posted) : chunk;
			struct pmdi_request rq = { .dev = dev, .op = op, .buf = buf + posted,
						   .len = this, .offset = offset + posted };
			long id = pmdi_submit(&client, &rq);

			if (id == -PMDI_EAGAIN)
				break;
			if (id < 0)
				return (int)id;
			posted += this;
			inflight++;
		}
		if (status && !inflight)
			break;
		n = pmdi_reap(&client, cpl, 16);
		if (n < 0)
			return n;
		for (i = 0; i < n; i++)
			if (cpl[i].status && !status)
				status = cpl[i].status;
		inflight -= (u32)n;
		if (!n)
			ap_wait(0);
		if (status && posted < len)
			posted = len;	/* stop posting after an error, reap the rest */
	}
	return status;
}
