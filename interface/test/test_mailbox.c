// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Host-side test of the mailbox: the AP's client library on one thread, a
 * dispatcher built from mailbox_ring.h on two others (an "IRQ" thread that
 * drains the request ring and completes null requests at once, and a
 * "worker" that completes the rest later and out of order, both posting
 * completions under one lock, as the module does). Doorbells are semaphores;
 * a consumer that sleeps while work is pending is a lost wake-up and fails
 * the test by timeout. Also: validation of every kind of bad request, flooding
 * the ring past full, and a hostile producer index.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pmdi/mailbox_ring.h>
#include <pmdi/trace_format.h>
#include "pmdi_client.h"

#include "../../trace-format/c/host_util.h"

#define MBOX_SIZE (256 * 1024)
#define WIN_BASE 0x40000000ULL
#define WIN_SIZE (4ULL << 20)

enum { DEV_NULL, DEV_VDA, DEV_CONSOLE, NDEV };

/*
 * An IPI as the local APIC holds it: one pending bit per vector, so doorbells
 * sent while one is pending coalesce, and a CPU that goes to sleep with one
 * pending wakes at once (sti; hlt takes it).
 */
struct ipi {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int pending;
};

static void ipi_init(struct ipi *i)
{
	pthread_mutex_init(&i->lock, NULL);
	pthread_cond_init(&i->cond, NULL);
	i->pending = 0;
}

static void ipi_send(struct ipi *i)
{
	pthread_mutex_lock(&i->lock);
	i->pending = 1;
	pthread_cond_signal(&i->cond);
	pthread_mutex_unlock(&i->lock);
}

/* Sleep until the IPI arrives; 0, or ETIMEDOUT after 2 s. */
static int ipi_wait(struct ipi *i)
{
	struct timespec ts;
	int err = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 2;
	pthread_mutex_lock(&i->lock);
	while (!i->pending && !err)
		err = pthread_cond_timedwait(&i->cond, &i->lock, &ts);
	i->pending = 0;
	pthread_mutex_unlock(&i->lock);
	return err;
}

struct board {
	_Alignas(64) uint8_t mbox[MBOX_SIZE];
	struct pmdi_mbox_view v;
	/* Linux's private copies: never read back from shared memory. */
	struct pmdi_mbox_dev devs[NDEV];
	struct pmdi_mbox_window win[1];
	struct ipi to_linux, to_ap;	/* the two doorbell IPIs */
	pthread_mutex_t cpl_lock;	/* serializes completion posting */
	uint32_t cpl_prod;
	atomic_int stop;
	/* requests handed from the IRQ thread to the worker */
	pthread_mutex_t q_lock;
	struct pmdi_mbox_cpl queue[4096];
	int qlen;
	atomic_ulong linux_doorbells_sent, linux_doorbells_suppressed, irq_wakeups;
	atomic_ulong lost_wakeups;
};

static void sleep_until_rung(struct ipi *i, atomic_ulong *lost, int (*pending)(void *), void *arg)
{
	if (ipi_wait(i) == ETIMEDOUT && pending(arg))
		(*lost)++;	/* slept 2 s with work waiting: a lost doorbell */
}

/* ---- the Linux side ---- */

static void post_completion(struct board *b, const struct pmdi_mbox_cpl *cpl)
{
	int ring;

	pthread_mutex_lock(&b->cpl_lock);
	/* Credits guarantee room; a full ring here would be a protocol bug. */
	if (!pmdi_mbox_room(b->v.cpl_ring, b->cpl_prod, b->v.cpl_slots)) {
		fprintf(stderr, "completion ring full\n");
		abort();
	}
	b->v.cpl[b->cpl_prod & (b->v.cpl_slots - 1)] = *cpl;
	ring = pmdi_mbox_publish(b->v.cpl_ring, ++b->cpl_prod);
	pthread_mutex_unlock(&b->cpl_lock);
	if (ring) {
		b->linux_doorbells_sent++;
		ipi_send(&b->to_ap);
	} else {
		b->linux_doorbells_suppressed++;
	}
}

static int linux_pending(void *arg)
{
	struct board *b = arg;

	return pmdi_mbox_ready(b->v.req_ring, b->v.req_ring->cons, b->v.req_slots) > 0;
}

/* The doorbell IRQ handler: drain, check each private copy, complete or hand off. */
static void *linux_irq(void *arg)
{
	struct board *b = arg;
	uint32_t cons = 0;
	unsigned int seed = 7;

	while (!b->stop) {
		int n = pmdi_mbox_ready(b->v.req_ring, cons, b->v.req_slots);

		if (n < 0) {
			fprintf(stderr, "request ring broken\n");
			abort();
		}
		while (n-- > 0) {
			struct pmdi_mbox_req rq;
			struct pmdi_mbox_cpl cpl = { 0 };
			unsigned int reason;

			pmdi_mbox_copy_req(&rq, &b->v.req[cons & (b->v.req_slots - 1)]);
			pmdi_mbox_release(b->v.req_ring, ++cons);
			reason = pmdi_mbox_check(&rq, b->devs, NDEV, b->win, 1);
			cpl.id = rq.id;
			cpl.cookie = rq.cookie;
			cpl.reason = (uint16_t)reason;
			cpl.status = pmdi_mbox_reason_errno(reason);
			cpl.bytes = reason ? 0 : rq.len;
			if (reason || rq.op == PMDI_MBOX_OP_NULL) {
				post_completion(b, &cpl);	/* non-sleeping: right here */
				continue;
			}
			pthread_mutex_lock(&b->q_lock);
			/* Insert at a random place: the worker completes out of order. */
			seed = seed * 1103515245 + 12345;
			{
				int at = b->qlen ? (int)(seed % (unsigned int)(b->qlen + 1)) : 0;

				memmove(&b->queue[at + 1], &b->queue[at],
					sizeof(b->queue[0]) * (size_t)(b->qlen - at));
				b->queue[at] = cpl;
				b->qlen++;
			}
			pthread_mutex_unlock(&b->q_lock);
		}
		if (pmdi_mbox_prepare_sleep(b->v.req_ring, cons)) {
			b->irq_wakeups++;
			sleep_until_rung(&b->to_linux, &b->lost_wakeups, linux_pending, b);
		}
	}
	return NULL;
}

static void *linux_worker(void *arg)
{
	struct board *b = arg;

	while (!b->stop) {
		struct pmdi_mbox_cpl batch[8];
		int n = 0;

		pthread_mutex_lock(&b->q_lock);
		while (n < 8 && b->qlen)
			batch[n++] = b->queue[--b->qlen];
		pthread_mutex_unlock(&b->q_lock);
		for (int i = 0; i < n; i++)
			post_completion(b, &batch[i]);
		if (!n)
			sched_yield();
	}
	return NULL;
}

/* ---- the AP side: the client library with OS callbacks ---- */

struct ap {
	struct board *b;
	struct pmdi_client c;
	atomic_ulong traced[128];
};

static void ap_doorbell(void *ctx)
{
	ipi_send(&((struct ap *)ctx)->b->to_linux);
}

static pmdi_u64 ap_clock(void *ctx)
{
	(void)ctx;
	return 0;
}

static void ap_trace(void *ctx, unsigned int type, pmdi_u64 tsc, pmdi_u32 req, pmdi_u32 arg,
		     const void *ext, pmdi_u32 len)
{
	(void)tsc, (void)req, (void)arg, (void)ext, (void)len;
	((struct ap *)ctx)->traced[type & 127]++;
}

static int ap_pending(void *arg)
{
	struct ap *ap = arg;

	return pmdi_mbox_ready(ap->c.mb.cpl_ring, ap->c.cpl_cons, ap->c.mb.cpl_slots) > 0;
}

/* The OS's wait: decide with "interrupts off", then sleep. */
static void ap_wait(void *ctx)
{
	struct ap *ap = ctx;

	if (pmdi_client_may_sleep(&ap->c))
		sleep_until_rung(&ap->b->to_ap, &ap->b->lost_wakeups, ap_pending, ap);
}

static const struct pmdi_client_ops ap_ops = {
	.doorbell = ap_doorbell, .clock = ap_clock, .trace = ap_trace, .wait = ap_wait,
};

static void setup(struct board *b, uint32_t slots)
{
	memset(b, 0, sizeof(*b));
	if (pmdi_mbox_format(b->mbox, MBOX_SIZE, NDEV, slots, slots, slots) ||
	    pmdi_mbox_view_init(&b->v, b->mbox, MBOX_SIZE))
		abort();
	if (!b->v.req_ring->sleeping || !b->v.cpl_ring->sleeping || !b->v.evt_ring->sleeping) {
		fprintf(stderr, "FAIL: consumers must start asleep, or the first post never rings\n");
		host_failures++;
	}
	b->devs[DEV_NULL] = (struct pmdi_mbox_dev){ .id = DEV_NULL, .dev_class = PMDI_MBOX_DEV_NULL,
						    .name = "null", .driver = "pmdi" };
	b->devs[DEV_VDA] = (struct pmdi_mbox_dev){ .id = DEV_VDA, .dev_class = PMDI_MBOX_DEV_BLOCK,
						   .block_size = 512, .capacity = 64 << 20,
						   .max_len = 1 << 20, .align = 512,
						   .name = "vda", .driver = "virtio_blk" };
	b->devs[DEV_CONSOLE] = (struct pmdi_mbox_dev){ .id = DEV_CONSOLE,
						       .dev_class = PMDI_MBOX_DEV_CONSOLE,
						       .max_len = 4096, .align = 1,
						       .name = "console", .driver = "pmdi_console" };
	memcpy(b->v.dev, b->devs, sizeof(b->devs));
	b->win[0] = (struct pmdi_mbox_window){ WIN_BASE, WIN_SIZE };
	b->v.hdr->win[0] = b->win[0];
	b->v.hdr->nwin = 1;
	ipi_init(&b->to_linux);
	ipi_init(&b->to_ap);
	pthread_mutex_init(&b->cpl_lock, NULL);
	pthread_mutex_init(&b->q_lock, NULL);
}

/* A bad request of each kind, with the reason Linux must give. */
struct bad {
	struct pmdi_request rq;
	unsigned int reason;
	const char *what;
};

static const struct bad bad_requests[] = {
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 4096, 0x1000, 0, 0 }, PMDI_MBOX_R_BAD_BUFFER,
	  "buffer below the window" },
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 4096, WIN_BASE + WIN_SIZE - 512, 0, 0 },
	  PMDI_MBOX_R_BAD_BUFFER, "buffer crossing the window end" },
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 4096, UINT64_MAX - 100, 0, 0 }, PMDI_MBOX_R_BAD_BUFFER,
	  "buffer address wrapping" },
	{ { 9, PMDI_MBOX_OP_READ, 512, WIN_BASE, 0, 0 }, PMDI_MBOX_R_BAD_DEVICE, "no device 9" },
	{ { DEV_VDA, 77, 512, WIN_BASE, 0, 0 }, PMDI_MBOX_R_BAD_OP, "op 77" },
	{ { DEV_VDA, PMDI_MBOX_OP_SEND, 512, WIN_BASE, 0, 0 }, PMDI_MBOX_R_BAD_OP,
	  "send to a disk" },
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 0, WIN_BASE, 0, 0 }, PMDI_MBOX_R_BAD_LENGTH, "zero length" },
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 2 << 20, WIN_BASE, 0, 0 }, PMDI_MBOX_R_BAD_LENGTH,
	  "longer than max_len" },
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 100, WIN_BASE, 0, 0 }, PMDI_MBOX_R_BAD_LENGTH,
	  "not whole blocks" },
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 512, WIN_BASE, 64 << 20, 0 }, PMDI_MBOX_R_BAD_OFFSET,
	  "offset at the end" },
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 1024, WIN_BASE, (64 << 20) - 512, 0 },
	  PMDI_MBOX_R_BAD_OFFSET, "running past the end" },
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 512, WIN_BASE, UINT64_MAX - 511, 0 },
	  PMDI_MBOX_R_BAD_OFFSET, "offset wrapping" },
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 512, WIN_BASE, 3, 0 }, PMDI_MBOX_R_BAD_OFFSET,
	  "unaligned offset" },
	{ { DEV_VDA, PMDI_MBOX_OP_READ, 512, WIN_BASE + 8, 0, 0 }, PMDI_MBOX_R_MISALIGNED,
	  "unaligned buffer" },
	{ { DEV_NULL, PMDI_MBOX_OP_NULL, 64, 0, 0, 0 }, PMDI_MBOX_R_BAD_LENGTH,
	  "null with a length" },
};

#define NBAD (sizeof(bad_requests) / sizeof(bad_requests[0]))

/* Many requests outstanding, completions in any order, bad ones mixed in. */
static void run_traffic(uint32_t slots, unsigned int total)
{
	static struct board b;
	static struct ap ap;
	static uint8_t seen[1 << 20];
	pthread_t irq, worker;
	unsigned int done = 0, sent = 0, seed = 1;
	struct timespec t0, t1;

	setup(&b, slots);
	memset(&ap, 0, sizeof(ap));
	memset(seen, 0, sizeof(seen));
	ap.b = &b;
	CHECK(pmdi_client_init(&ap.c, b.mbox, MBOX_SIZE, &ap_ops, &ap) == 0, "client init");
	CHECK(pmdi_client_find(&ap.c, "vda") == DEV_VDA, "find vda");
	CHECK(pmdi_client_find(&ap.c, "vd") == -1, "no prefix match");
	pthread_create(&irq, NULL, linux_irq, &b);
	pthread_create(&worker, NULL, linux_worker, &b);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (done < total) {
		struct pmdi_mbox_cpl cpl[16];
		int n;

		/* Post as many as there is room for. */
		while (sent < total) {
			struct pmdi_request rq;
			long id;

			seed = seed * 1103515245 + 12345;
			if (sent % 97 == 5) {
				rq = bad_requests[(sent / 97) % NBAD].rq;
				rq.cookie = 1000000 + (sent / 97) % NBAD;
			} else if (seed % 3) {
				rq = (struct pmdi_request){ DEV_NULL, PMDI_MBOX_OP_NULL, 0, 0, 0, 0 };
			} else {
				rq = (struct pmdi_request){ DEV_VDA, PMDI_MBOX_OP_READ,
							    512u << (seed >> 8) % 5,
							    WIN_BASE + 4096 * (seed >> 4 & 255),
							    512ULL * (seed >> 12 & 1023), 0 };
			}
			id = pmdi_submit(&ap.c, &rq);
			if (id == -PMDI_EAGAIN)
				break;
			CHECK(id > 0 && id < (long)sizeof(seen), "id %ld", id);
			seen[id] = rq.cookie >= 1000000 ? 2 : 1;
			sent++;
		}
		n = pmdi_reap(&ap.c, cpl, 16);
		CHECK(n >= 0, "reap %d", n);
		for (int i = 0; i < n; i++) {
			uint32_t id = cpl[i].id;

			CHECK(id < sizeof(seen) && seen[id], "completion for unknown id %u", id);
			if (id < sizeof(seen) && seen[id] == 2) {
				const struct bad *bad = &bad_requests[cpl[i].cookie - 1000000];

				CHECK(cpl[i].reason == bad->reason && cpl[i].status < 0,
				      "%s: reason %u status %d, want %u", bad->what, cpl[i].reason,
				      cpl[i].status, bad->reason);
			} else if (id < sizeof(seen)) {
				CHECK(cpl[i].reason == 0 && cpl[i].status == 0, "good request failed");
			}
			if (id < sizeof(seen))
				seen[id] = 0;	/* a duplicate completion now fails */
		}
		done += (unsigned int)n;
		if (n == 0)
			ap_wait(&ap);	/* interrupt-driven completion */
		if (b.lost_wakeups)
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	b.stop = 1;
	ipi_send(&b.to_linux);
	pthread_join(irq, NULL);
	pthread_join(worker, NULL);
	CHECK(b.lost_wakeups == 0, "%lu lost wake-ups", (unsigned long)b.lost_wakeups);
	CHECK(done == total, "completed %u of %u", done, total);
	CHECK(ap.c.stats.doorbells + ap.c.stats.suppressed == ap.c.stats.submitted,
	      "every post either rang or was suppressed");
	CHECK(ap.traced[PMDI_EV_REQ_POST] == total && ap.traced[PMDI_EV_REQ_DONE] == total,
	      "traced %lu posts, %lu done", (unsigned long)ap.traced[PMDI_EV_REQ_POST],
	      (unsigned long)ap.traced[PMDI_EV_REQ_DONE]);
	printf("%3u slots: %u requests in %.0f ms; AP doorbells %llu sent, %llu suppressed; "
	       "Linux doorbells %lu sent, %lu suppressed; ring full %llu times\n", slots, total,
	       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6,
	       (unsigned long long)ap.c.stats.doorbells, (unsigned long long)ap.c.stats.suppressed,
	       (unsigned long)b.linux_doorbells_sent, (unsigned long)b.linux_doorbells_suppressed,
	       (unsigned long long)ap.c.stats.ring_full);
}

static void test_hostile_indices(void)
{
	static struct board b;
	struct pmdi_client c;
	struct pmdi_mbox_cpl cpl;
	static const struct pmdi_client_ops ops = { .doorbell = ap_doorbell, .clock = ap_clock };
	uint32_t old;

	setup(&b, 16);
	CHECK(pmdi_client_init(&c, b.mbox, MBOX_SIZE, &ops, NULL) == 0, "init");
	/* Linux's view of a request ring whose producer jumped far ahead. */
	b.v.req_ring->prod = 1000;
	CHECK(pmdi_mbox_ready(b.v.req_ring, 0, 16) < 0, "wild request index detected");
	/* The AP's view of a completion ring Linux corrupted. */
	b.v.cpl_ring->prod = 17;
	CHECK(pmdi_reap(&c, &cpl, 1) == -PMDI_EPROTO && c.broken, "wild completion index");
	/* Layout checks. */
	old = b.v.hdr->version;
	b.v.hdr->version = 99;
	CHECK(pmdi_client_init(&c, b.mbox, MBOX_SIZE, &ops, NULL) == -2, "version mismatch");
	b.v.hdr->version = old;
	b.v.hdr->req_slots = 24;
	CHECK(pmdi_client_init(&c, b.mbox, MBOX_SIZE, &ops, NULL) == -3, "bad slots");
	b.v.hdr->magic = 0;
	CHECK(pmdi_client_init(&c, b.mbox, MBOX_SIZE, &ops, NULL) == -1, "bad magic");
}

/* The slot is copied once: rewriting it after the copy changes nothing. */
static void test_copy_once(void)
{
	static struct board b;
	struct pmdi_mbox_req priv = { 0 }, *shared;

	setup(&b, 16);
	shared = &b.v.req[0];
	*shared = (struct pmdi_mbox_req){ .id = 1, .dev = DEV_VDA, .op = PMDI_MBOX_OP_READ,
					  .abi = PMDI_MBOX_VERSION, .len = 512, .buf = WIN_BASE };
	pmdi_mbox_copy_req(&priv, shared);
	shared->buf = 0x1000;	/* the AP rewrites it after the check */
	CHECK(pmdi_mbox_check(&priv, b.devs, NDEV, b.win, 1) == PMDI_MBOX_R_OK &&
	      priv.buf == WIN_BASE, "private copy unaffected");
	priv.abi = 0;
	CHECK(pmdi_mbox_check(&priv, b.devs, NDEV, b.win, 1) == PMDI_MBOX_R_BAD_VERSION, "abi");
	priv.abi = PMDI_MBOX_VERSION;
	priv.flags = 4;
	CHECK(pmdi_mbox_check(&priv, b.devs, NDEV, b.win, 1) == PMDI_MBOX_R_BAD_FLAGS, "flags");
}

/*
 * pmdi_submit_as puts the given ABI version and flags in the slot, and the
 * conformance workload's seven refusal cases (PORTING.md) get their reasons in
 * Linux's check order.
 */
static void no_doorbell(void *ctx)
{
	(void)ctx;	/* nobody serves this ring: the test reads the slots itself */
}

static void test_submit_as_and_refusal_cases(void)
{
	static struct board b;
	struct pmdi_client c;
	static const struct pmdi_client_ops ops = { .doorbell = no_doorbell };
	const struct {
		struct pmdi_request rq;
		uint8_t abi;
		uint32_t flags;
		unsigned int reason;
		int status;
	} cases[] = {
		{ { .dev = DEV_NULL, .op = PMDI_MBOX_OP_NULL }, 99, 0, PMDI_MBOX_R_BAD_VERSION,
		  -PMDI_EPROTO },
		{ { .dev = NDEV, .op = PMDI_MBOX_OP_NULL }, PMDI_MBOX_VERSION, 0,
		  PMDI_MBOX_R_BAD_DEVICE, -PMDI_ENODEV },
		{ { .dev = DEV_NULL, .op = 7 }, PMDI_MBOX_VERSION, 0, PMDI_MBOX_R_BAD_OP,
		  -PMDI_EOPNOTSUPP },
		{ { .dev = DEV_VDA, .op = PMDI_MBOX_OP_READ, .len = 4096, .buf = 0x10000000 },
		  PMDI_MBOX_VERSION, 0, PMDI_MBOX_R_BAD_BUFFER, -PMDI_EFAULT },
		{ { .dev = DEV_VDA, .op = PMDI_MBOX_OP_READ, .len = 100, .buf = WIN_BASE },
		  PMDI_MBOX_VERSION, 0, PMDI_MBOX_R_BAD_LENGTH, -PMDI_EINVAL },
		{ { .dev = DEV_VDA, .op = PMDI_MBOX_OP_READ, .len = 4096, .buf = WIN_BASE,
		    .offset = 64 << 20 }, PMDI_MBOX_VERSION, 0, PMDI_MBOX_R_BAD_OFFSET, -PMDI_EINVAL },
		{ { .dev = DEV_NULL, .op = PMDI_MBOX_OP_NULL }, PMDI_MBOX_VERSION, 0x80000000u,
		  PMDI_MBOX_R_BAD_FLAGS, -PMDI_EINVAL },
	};
	unsigned int i;

	setup(&b, 16);
	CHECK(pmdi_client_init(&c, b.mbox, MBOX_SIZE, &ops, NULL) == 0, "init");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pmdi_mbox_req priv;
		unsigned int reason;
		long id = pmdi_submit_as(&c, &cases[i].rq, cases[i].abi, cases[i].flags);

		CHECK(id > 0, "posted");
		pmdi_mbox_copy_req(&priv, &b.v.req[(c.req_prod - 1) & (c.mb.req_slots - 1)]);
		CHECK(priv.abi == cases[i].abi && priv.flags == cases[i].flags &&
		      priv.id == (uint32_t)id, "slot carries the given abi and flags");
		reason = pmdi_mbox_check(&priv, b.devs, NDEV, b.win, 1);
		CHECK(reason == cases[i].reason, "refusal case gets its reason");
		CHECK(pmdi_mbox_reason_errno(reason) == cases[i].status, "and its status");
	}
	/* pmdi_submit is pmdi_submit_as with the client's version and no flags. */
	CHECK(pmdi_submit(&c, &cases[0].rq) > 0, "posted");
	CHECK(b.v.req[(c.req_prod - 1) & (c.mb.req_slots - 1)].abi == PMDI_MBOX_VERSION &&
	      b.v.req[(c.req_prod - 1) & (c.mb.req_slots - 1)].flags == 0, "plain submit");
}

/*
 * Receive buffers (RECV) are at most rx_reserve = the sum of the NET
 * devices' rx_pool: posting all of them leaves the others cpl_slots -
 * rx_reserve credits; in all, never more outstanding than cpl_slots.
 */
static void test_rx_credits(void)
{
	static struct board b;
	struct pmdi_client c;
	static const struct pmdi_client_ops ops = { .doorbell = no_doorbell };
	struct pmdi_request rx = { .dev = DEV_CONSOLE, .op = PMDI_MBOX_OP_RECV, .len = 1514,
				   .buf = WIN_BASE };
	struct pmdi_request nul = { .dev = DEV_NULL, .op = PMDI_MBOX_OP_NULL };
	struct pmdi_mbox_cpl cpl[16];
	long id, rx_ids[6];
	int i;

	setup(&b, 16);
	b.v.dev[DEV_CONSOLE].dev_class = PMDI_MBOX_DEV_NET;	/* stands in for a NIC */
	b.v.dev[DEV_CONSOLE].rx_pool = 6;
	CHECK(pmdi_client_init(&c, b.mbox, MBOX_SIZE, &ops, NULL) == 0 && c.rx_reserve == 6,
	      "rx_reserve is the NIC's rx_pool");
	CHECK(pmdi_client_room(&c, PMDI_MBOX_OP_RECV) == 6 &&
	      pmdi_client_room(&c, PMDI_MBOX_OP_NULL) == 16, "room: the reserve, the ring");
	for (i = 0; i < 6; i++) {
		rx_ids[i] = pmdi_submit(&c, &rx);
		CHECK(rx_ids[i] > 0 && (rx_ids[i] & PMDI_CLIENT_ID_RECV), "RECV id has bit 31");
	}
	CHECK(pmdi_client_room(&c, PMDI_MBOX_OP_RECV) == 0 &&
	      pmdi_client_room(&c, PMDI_MBOX_OP_NULL) == 10, "room: no RECV, 10 request slots");
	CHECK(c.stats.ring_full == 0, "asking for room counts no full ring");
	CHECK(pmdi_submit(&c, &rx) == -PMDI_EAGAIN && c.stats.ring_full == 1, "a 7th RECV waits");
	b.v.req_ring->cons = c.req_prod;	/* Linux took them: the ring has room */
	CHECK(pmdi_client_room(&c, PMDI_MBOX_OP_NULL) == 10, "room: 16 - 6 credits");
	for (i = 0; i < 10; i++) {
		id = pmdi_submit(&c, &nul);
		CHECK(id > 0 && !(id & PMDI_CLIENT_ID_RECV), "other requests keep 16 - 6 credits");
	}
	b.v.req_ring->cons = c.req_prod;
	CHECK(pmdi_client_room(&c, PMDI_MBOX_OP_NULL) == 0, "room: no credit");
	CHECK(pmdi_submit(&c, &nul) == -PMDI_EAGAIN, "the 11th waits");
	/* A frame fills the oldest buffer: one RECV credit comes back, not another kind. */
	post_completion(&b, &(struct pmdi_mbox_cpl){ .id = (uint32_t)rx_ids[0], .bytes = 60 });
	CHECK(pmdi_reap(&c, cpl, 16) == 1 && c.rx_outstanding == 5 && c.outstanding == 10,
	      "RECV completion returns a RECV credit");
	CHECK(pmdi_submit(&c, &rx) > 0, "a RECV again");
	CHECK(pmdi_submit(&c, &rx) == -PMDI_EAGAIN, "and no 7th");
	/* Others may use what RECV leaves free, never more than the ring. */
	post_completion(&b, &(struct pmdi_mbox_cpl){ .id = (uint32_t)rx_ids[1], .bytes = 60 });
	CHECK(pmdi_reap(&c, cpl, 16) == 1 && c.rx_outstanding == 5, "one more frame");
	b.v.req_ring->cons = c.req_prod;
	CHECK(pmdi_submit(&c, &nul) > 0, "a NULL in the slot RECV left");
	b.v.req_ring->cons = c.req_prod;
	CHECK(pmdi_submit(&c, &nul) == -PMDI_EAGAIN && pmdi_submit(&c, &rx) == -PMDI_EAGAIN,
	      "16 outstanding: nothing more");
	/* A table that would take every credit: half of them stay for the rest. */
	setup(&b, 16);
	b.v.dev[DEV_CONSOLE].dev_class = PMDI_MBOX_DEV_NET;
	b.v.dev[DEV_CONSOLE].rx_pool = 40;
	CHECK(pmdi_client_init(&c, b.mbox, MBOX_SIZE, &ops, NULL) == 0 && c.rx_reserve == 8,
	      "rx_pool beyond cpl_slots: half the credits");
}

/*
 * pmdi_client_ready, the poll before sleeping: it sees a completion or an
 * event as soon as Linux publishes it, and only reads: the mailbox is the
 * same byte for byte afterwards, the sleeping flags included. While the AP
 * polls with a ring's flag clear (as after the doorbell that woke it), what
 * Linux posts needs no doorbell; with the flag set it still rings.
 */
static void test_client_ready(void)
{
	static struct board b;
	static uint8_t before[MBOX_SIZE];
	struct pmdi_client c;
	struct pmdi_mbox_cpl cpl = { .id = 7 }, got;
	struct pmdi_mbox_evt ev = { .seq = 1, .kind = PMDI_MBOX_EVT_LINK }, evt;
	static const struct pmdi_client_ops ops = { .doorbell = ap_doorbell, .clock = ap_clock };
	int flag;

	setup(&b, 16);
	CHECK(pmdi_client_init(&c, b.mbox, MBOX_SIZE, &ops, NULL) == 0, "init");
	CHECK(!pmdi_client_ready(&c), "ready: nothing posted");
	for (flag = 0; flag <= 1; flag++) {
		b.v.cpl_ring->sleeping = (uint32_t)flag;
		b.v.cpl[b.cpl_prod & (b.v.cpl_slots - 1)] = cpl;
		CHECK(pmdi_mbox_publish(b.v.cpl_ring, ++b.cpl_prod) == flag,
		      "a completion posted while the AP polls rings only if its flag was set (%d)",
		      flag);
		b.v.cpl_ring->sleeping = (uint32_t)flag;
		memcpy(before, b.mbox, MBOX_SIZE);
		CHECK(pmdi_client_ready(&c), "ready: a completion (flag %d)", flag);
		CHECK(!memcmp(before, b.mbox, MBOX_SIZE), "ready only reads (flag %d)", flag);
		CHECK(pmdi_reap(&c, &got, 1) == 1 && got.id == 7, "reaped");
		CHECK(!pmdi_client_ready(&c), "ready: all taken");
	}
	b.v.evt[0] = ev;
	pmdi_mbox_publish(b.v.evt_ring, 1);
	memcpy(before, b.mbox, MBOX_SIZE);
	CHECK(pmdi_client_ready(&c), "ready: an event");
	CHECK(!memcmp(before, b.mbox, MBOX_SIZE), "ready only reads (event)");
	CHECK(pmdi_take_event(&c, &evt) == 1 && !pmdi_client_ready(&c), "event taken");
	b.v.cpl_ring->prod = b.cpl_prod + 1;
	c.broken = 1;
	CHECK(!pmdi_client_ready(&c), "ready: never on a broken channel");
}

int main(int argc, char **argv)
{
	unsigned int n = argc > 1 ? (unsigned int)atoi(argv[1]) : 300000;

	test_copy_once();
	test_hostile_indices();
	test_submit_as_and_refusal_cases();
	test_rx_credits();
	test_client_ready();
	run_traffic(64, n);
	run_traffic(4, n / 4);	/* tiny rings: constantly full, credits exhausted */
	printf("test_mailbox: %s\n", host_failures ? "FAILED" : "ok");
	return host_failures ? 1 : 0;
}
