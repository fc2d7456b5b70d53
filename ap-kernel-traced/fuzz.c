// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * fuzz.c - a hostile AP kernel, seeded (struct pmdi_mbox_hdr.workload_seed):
 * the same seed makes the same decisions here (TCG timing still decides when
 * Linux answers). For workload_arg * 1000 mailbox messages it mixes
 *
 *   - requests over the whole space the ABI can express: every device id
 *     (also >= ndev), every op 0..255, lengths, offsets and buffer addresses
 *     at and around every boundary (0, 1, block +-1, align +-1, max_len +-1,
 *     capacity, each window chunk's edges, every buffer alignment from one
 *     byte to a page, addresses outside the window), nonzero flags and abi;
 *   - valid requests whose data is checked: a seeded pattern written to vdb
 *     and read back byte for byte, with nothing else in flight;
 *   - slots rewritten after they were published (Linux may copy the old or
 *     the new 8-byte words, in any mix: every mix is a plausible outcome);
 *   - completions left untaken for a while, then taken;
 *   - doorbell bursts (at most 2000, at most one per second: below Linux's
 *     storm guard, which would stop us);
 *   - bounded bursts of random bytes over what this CPU may write in the
 *     shared region (control block status/report/fault, console ring, trace
 *     ring header and slots, the clock-sync words, our rings' counters,
 *     reserved words and sleep flags), then the real values put back.
 *
 * Oracles, on this side: every id completes exactly once (none twice, none
 * missing after a drain), with its own cookie; a success only for a request
 * nothing is wrong with (a buffer outside the window never succeeds), a
 * refusal only with a reason that applies and its errno. The model of "what
 * applies" is our own (violations()), not the module's check function.
 *
 * The network device, when there is one: SEND and RECV of every length and
 * buffer, and valid receive buffers past the device's rx_pool. No frame is
 * sent that draws an answer, so a receive buffer Linux keeps waits until
 * unload: those (at most rx_pool) are counted as waiting, not missing, and
 * the buffers beyond the pool must come back refused (rx_pool_full).
 *
 * workload_arg bit 31 adds a last phase: our request-ring producer index is
 * moved to an impossible value; Linux must declare the channel broken
 * (hdr->broken == PMDI_MBOX_BROKEN_REQ_INDEX) and still complete exactly
 * once every request it had taken.
 *
 * workload_arg bit 30 adds a last phase instead: a doorbell storm, doorbells
 * with nothing posted for up to 10 s. Linux must stop this CPU (INIT): the
 * verdict is Linux's (dmesg, debugfs); a "not stopped" line here is a FAIL.
 *
 * Output: "fuzz: ..." lines and one summary with PASS or FAIL.
 */
#include "layout.h"
#include "x86.h"
#include "console.h"
#include "mbox.h"
#include "trace.h"
#include "workload.h"
#include "command.h"

#include <pmdi/trace_ring.h>

#define FUZZ_BROKEN_PHASE	(1u << 31)
#define FUZZ_STORM_PHASE	(1u << 30)
#define TAB_SIZE		8192u	/* ids in flight, indexed by id % TAB_SIZE */
#define VERIFY_MAX		(256u << 10)
#define MAX_DOORBELLS		2000u
#define MAX_WRONG_SHOWN		6
#define NREASON			(PMDI_MBOX_R_MAX + 1)

struct entry {
	u32 id;
	bool busy;
	bool ok_possible;	/* some mix of the words Linux may copy is valid */
	u32 reasons;		/* bit r: refusal r is plausible */
	u32 bytes[3];		/* what a success may report, per valid mix */
	u32 nbytes;
	bool net_recv;		/* some valid mix is a net RECV: it may wait for a frame */
	bool net_send;		/* some valid mix is a net SEND */
	u64 cookie;
	struct pmdi_mbox_req rq;	/* as first posted, for the report */
};

static struct entry tab[TAB_SIZE];
static struct pmdi_client *c;
static const struct pmdi_mbox_hdr *h;
static u64 rng;
static u32 seed;

static struct {
	u64 messages, valid, refused, completions, missing, duplicate, wrong, unknown;
	u64 by_reason[NREASON], other_reason;
	u64 scribbles, doorbell_bursts, doorbells, rewritten, hoards, verified_bytes;
	u64 verify_fail, unservable, no_memory;
	u64 recv_out;		/* outstanding entries that may be waiting receive buffers */
	u64 digest;	/* of every request as posted: the same seed, the same digest */
	u64 word_digest[8];	/* the same, per 8-byte word of the slot */
} st;

/* splitmix64: small, and every seed gives a good stream */
static u64 draws;	/* the decisions made: the same seed, the same count */

static u64 rnd(void)
{
	u64 z = (rng += 0x9e3779b97f4a7c15ull);

	draws++;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static u32 below(u32 n)
{
	return n ? (u32)(rnd() % n) : 0;
}

/* Read once: the scribbles below may rewrite our status fields (heartbeat_hz). */
static u64 khz;
static u32 hz;

static u64 tsc_per_ms(void)
{
	return khz;
}

/* One long output line (kprintf stops at 256 bytes). */
struct line {
	char b[768];
	u32 n;
};

static void put_s(struct line *l, const char *s)
{
	while (*s && l->n < sizeof(l->b) - 1)
		l->b[l->n++] = *s++;
}

static void put_u(struct line *l, u64 v)
{
	char t[24];
	int n = 0;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n && l->n < sizeof(l->b) - 1)
		l->b[l->n++] = t[--n];
}

static void put_hex(struct line *l, u64 v, u32 digits)
{
	char hex[2] = { 0, 0 };

	while (digits--) {
		hex[0] = "0123456789abcdef"[(v >> (4 * digits)) & 15];
		put_s(l, hex);
	}
}

static void put_kv(struct line *l, const char *k, u64 v)
{
	put_s(l, " ");
	put_s(l, k);
	put_s(l, "=");
	put_u(l, v);
}

/* Through the console device while the mailbox works, else the console ring. */
static void emit(struct line *l, bool mailbox)
{
	put_s(l, "\n");
	if (mailbox && !mbox_console_write(l->b, l->n)) {
		l->n = 0;
		return;
	}
	/* A scribble may have left half a line in the ring: end it first. */
	console_write("\n", 1);
	console_write(l->b, l->n);
	l->n = 0;
}

static struct line wrong_text[MAX_WRONG_SHOWN];
static u32 wrong_shown;

static void note_wrong(const char *why, const struct entry *e, const struct pmdi_mbox_cpl *cpl)
{
	struct line *l;

	st.wrong++;
	if (wrong_shown >= MAX_WRONG_SHOWN)
		return;
	/* A print now would be a request among the ones we count: keep it for the end. */
	l = &wrong_text[wrong_shown++];
	put_s(l, "fuzz: wrong: ");
	put_s(l, why);
	put_kv(l, "id", cpl->id);
	put_s(l, cpl->status < 0 ? " status=-" : " status=");
	put_u(l, cpl->status < 0 ? -(s64)cpl->status : cpl->status);
	put_kv(l, "reason", cpl->reason);
	put_kv(l, "bytes", cpl->bytes);
	if (e->id == cpl->id) {
		put_kv(l, "dev", e->rq.dev);
		put_kv(l, "op", e->rq.op);
		put_kv(l, "abi", e->rq.abi);
		put_kv(l, "flags", e->rq.flags);
		put_kv(l, "len", e->rq.len);
		put_kv(l, "buf", e->rq.buf);
		put_kv(l, "offset", e->rq.offset);
		put_kv(l, "plausible_mask", e->reasons);
		put_kv(l, "ok_possible", e->ok_possible);
	}
}

/* ---- what may Linux answer -------------------------------------------- */

static bool in_one_chunk(u64 buf, u64 len)
{
	u32 i;

	for (i = 0; i < h->nwin && i < PMDI_MBOX_MAX_WINDOWS; i++) {
		u64 lo = h->win[i].phys, hi = lo + h->win[i].size;

		if (buf >= lo && buf <= hi && len <= hi - buf)
			return true;
	}
	return false;
}

static bool op_fits(const struct pmdi_mbox_dev *d, u8 op)
{
	switch (d->dev_class) {
	case PMDI_MBOX_DEV_NULL:
		return op == PMDI_MBOX_OP_NULL;
	case PMDI_MBOX_DEV_CONSOLE:
		return op == PMDI_MBOX_OP_WRITE;
	case PMDI_MBOX_DEV_BLOCK:
		if (op == PMDI_MBOX_OP_WRITE && (d->flags & PMDI_MBOX_DEVF_READONLY))
			return false;
		return op == PMDI_MBOX_OP_READ || op == PMDI_MBOX_OP_WRITE ||
		       op == PMDI_MBOX_OP_FLUSH;
	case PMDI_MBOX_DEV_NET:
		return op == PMDI_MBOX_OP_SEND || op == PMDI_MBOX_OP_RECV;
	default:
		return op == PMDI_MBOX_OP_READ;
	}
}

/*
 * Every reason a check could give @rq, in any order the checks run: bit r
 * set for reason r; 0 means nothing is wrong with it.
 */
static u32 violations(const struct pmdi_mbox_req *rq)
{
	const struct pmdi_mbox_dev *d;
	u32 m = 0, bs;
	bool block;

	if (rq->abi != PMDI_MBOX_VERSION)
		m |= 1u << PMDI_MBOX_R_BAD_VERSION;
	if (rq->flags)
		m |= 1u << PMDI_MBOX_R_BAD_FLAGS;
	if (rq->dev >= h->ndev)
		return m | 1u << PMDI_MBOX_R_BAD_DEVICE;
	d = pmdi_client_dev(c, rq->dev);
	if (!op_fits(d, rq->op))
		m |= 1u << PMDI_MBOX_R_BAD_OP;
	if (rq->op == PMDI_MBOX_OP_NULL || rq->op == PMDI_MBOX_OP_FLUSH) {
		if (rq->len)
			m |= 1u << PMDI_MBOX_R_BAD_LENGTH;
		if (!(m & 1u << PMDI_MBOX_R_BAD_OP))
			return m;
	}
	block = d->dev_class == PMDI_MBOX_DEV_BLOCK;
	bs = d->block_size;
	if (d->dev_class == PMDI_MBOX_DEV_NET && op_fits(d, rq->op)) {
		/* a frame: a header up to max_len; a receive buffer: at least max_len */
		if (rq->len == 0 || (rq->op == PMDI_MBOX_OP_SEND ?
		    rq->len < PMDI_MBOX_ETH_HLEN || rq->len > d->max_len : rq->len < d->max_len))
			m |= 1u << PMDI_MBOX_R_BAD_LENGTH;
	} else if (rq->len == 0 || rq->len > d->max_len || (block && (!bs || rq->len % bs))) {
		m |= 1u << PMDI_MBOX_R_BAD_LENGTH;
	}
	if (!in_one_chunk(rq->buf, rq->len))
		m |= 1u << PMDI_MBOX_R_BAD_BUFFER;
	if (d->align > 1 && (rq->buf & (d->align - 1)))
		m |= 1u << PMDI_MBOX_R_MISALIGNED;
	if (block && bs && (rq->offset % bs || rq->offset > d->capacity ||
			    rq->len > d->capacity - rq->offset))
		m |= 1u << PMDI_MBOX_R_BAD_OFFSET;
	return m;
}

/* ---- choosing a request --------------------------------------------------- */

static int dev_vda, dev_vdb, dev_null, dev_con, dev_net;
static u64 rx_area, rx_area_len;	/* where valid receive buffers go */
static u32 net_max_len;
static u64 scratch, scratch_len;	/* window space for random valid I/O */
static u64 vw, vr;			/* the verify step's buffers */

static u32 pick_len(const struct pmdi_mbox_dev *d)
{
	u32 bs = d->block_size ? d->block_size : 1, ml = d->max_len, al = d->align ? d->align : 1;
	u32 set[] = { 0, 1, 2, bs - 1, bs, bs + 1, 2 * bs, al - 1, al, al + 1, 4095, 4096, 4097,
		      ml - bs, ml - 1, ml, ml + 1, ml + bs, 2 * ml, 0x7fffffffu, 0x80000000u,
		      0xffffffffu, 0xfffffe00u, 65536, 65536 + bs };

	if (below(4) == 0)
		return set[below(ARRAY_SIZE(set))];
	if (below(8) == 0)
		return (u32)rnd();
	/* whole blocks up to max_len */
	return ml >= bs ? (below(ml / bs) + 1) * bs : 1;
}

static u64 pick_offset(const struct pmdi_mbox_dev *d, u32 len)
{
	u64 bs = d->block_size ? d->block_size : 1, cap = d->capacity;
	u64 set[] = { 0, 1, bs - 1, bs, bs + 1, cap - len, cap - len + bs, cap - len - bs,
		      cap - bs, cap, cap + bs, cap - 1, cap + 1, ~0ull, ~0ull - bs + 1,
		      ~0ull - len + 1, 1ull << 63, 1ull << 32, (1ull << 32) - bs, 4096 };

	if (below(3) == 0)
		return set[below(ARRAY_SIZE(set))];
	if (below(16) == 0)
		return rnd();
	return cap > bs ? (rnd() % (cap / bs)) * bs : 0;
}

static u64 pick_buf(u32 len)
{
	const struct pmdi_mbox_window *w = &h->win[below(h->nwin)];
	u64 lo = w->phys, hi = w->phys + w->size;
	u64 outside[] = { 0, 1, 0x1000, 0x8000, 0x100000, 0x1000000, SHARED_VA->region_phys,
			  SHARED_VA->region_phys + PMDI_MAILBOX_OFFSET, lo - 1, lo - 4096,
			  lo - len, hi, hi + 1, hi - len + 1, hi - len + 512, ~0ull, ~0ull - len + 1,
			  ~0ull - 4095, 1ull << 52, 0x0000800000000000ull, 0xffff800000000000ull };
	u32 k = below(10);

	if (k == 0)
		return outside[below(ARRAY_SIZE(outside))];
	if (k == 1)
		return rnd();
	if (k == 2)	/* at the chunk's end, exactly fitting or one alignment short */
		return hi - len - (below(2) ? 0 : 1u << below(13));
	if (k == 3)	/* the chunk's start, every misalignment up to a page */
		return lo + below(4096);
	/* somewhere in the scratch area, aligned to 2^0 .. 2^12 */
	return (scratch + below((u32)scratch_len)) & ~((1ull << below(13)) - 1);
}

/* A request over the whole space: mostly for real devices, some not. */
static void random_request(struct pmdi_mbox_req *rq)
{
	u32 k = below(100);
	const struct pmdi_mbox_dev *d;
	u16 dev;

	*rq = (struct pmdi_mbox_req){ .abi = PMDI_MBOX_VERSION };
	if (k < 4) {
		u16 odd[] = { (u16)h->ndev, (u16)(h->ndev + 1), 31, 32, 255, 0x7fff, 0xffff };

		dev = odd[below(ARRAY_SIZE(odd))];
	} else {
		dev = (u16)below(h->ndev);
	}
	rq->dev = dev;
	d = pmdi_client_dev(c, dev < h->ndev ? dev : 0);
	k = below(100);
	if (k < 6)
		rq->op = (u8)rnd();
	else if (k < 12)
		rq->op = (u8)below(8);
	else if (d->dev_class == PMDI_MBOX_DEV_BLOCK)
		rq->op = (u8)(PMDI_MBOX_OP_READ + below(3));
	else if (d->dev_class == PMDI_MBOX_DEV_CONSOLE)
		rq->op = PMDI_MBOX_OP_WRITE;
	else if (d->dev_class == PMDI_MBOX_DEV_NULL)
		rq->op = PMDI_MBOX_OP_NULL;
	else
		rq->op = (u8)below(6);
	if (rq->op == PMDI_MBOX_OP_NULL || rq->op == PMDI_MBOX_OP_FLUSH)
		rq->len = below(8) ? 0 : pick_len(d);
	else
		rq->len = pick_len(d);
	rq->buf = pick_buf(rq->len);
	rq->offset = pick_offset(d, rq->len);
	if (below(40) == 0)
		rq->abi = (u8)rnd();
	if (below(40) == 0)
		rq->flags = 1u << below(32);
	rq->cookie = rnd();
}

/* A request nothing is wrong with, of a size that keeps the run short. */
static void valid_request(struct pmdi_mbox_req *rq)
{
	int devs[] = { dev_vda, dev_vdb, dev_null, dev_con, dev_net };
	int dev = devs[below(5)];
	const struct pmdi_mbox_dev *d;
	u32 bs, len;

	if (dev < 0)
		dev = dev_null;
	d = pmdi_client_dev(c, (u32)dev);
	*rq = (struct pmdi_mbox_req){ .abi = PMDI_MBOX_VERSION, .dev = (u16)dev,
				      .cookie = rnd() };
	switch (d->dev_class) {
	case PMDI_MBOX_DEV_NULL:
		rq->op = PMDI_MBOX_OP_NULL;
		return;
	case PMDI_MBOX_DEV_CONSOLE:
		rq->op = PMDI_MBOX_OP_WRITE;
		rq->len = 1 + below(64);
		rq->buf = scratch + below(4096);
		/* printable bytes: this is somebody's console */
		for (len = 0; len < rq->len; len++)
			((u8 *)rq->buf)[len] = (u8)('a' + below(26));
		((u8 *)rq->buf)[rq->len - 1] = '\n';
		return;
	case PMDI_MBOX_DEV_NET:
		/* a frame of any length to nobody who answers, or a receive buffer */
		if (below(2)) {
			rq->op = PMDI_MBOX_OP_SEND;
			rq->len = PMDI_MBOX_ETH_HLEN + below(d->max_len - PMDI_MBOX_ETH_HLEN + 1);
			rq->buf = scratch + below((u32)(scratch_len - rq->len));
			for (len = 0; len < 6; len++)	/* to a MAC nobody has */
				((u8 *)rq->buf)[len] = (u8)(0x02 + len * 0x11);
		} else {
			rq->op = PMDI_MBOX_OP_RECV;
			rq->len = d->max_len + below(64);
			rq->buf = rx_area + below((u32)(rx_area_len - rq->len));
		}
		return;
	default:
		break;
	}
	if (below(16) == 0) {
		rq->op = PMDI_MBOX_OP_FLUSH;
		return;
	}
	/* valid writes go to vdb only (random ones may write anywhere: scratch disks) */
	rq->op = dev == dev_vdb && below(2) ? PMDI_MBOX_OP_WRITE : PMDI_MBOX_OP_READ;
	bs = d->block_size;
	len = bs * (1 + below(below(8) ? 128 : d->max_len / bs));
	if (len > d->max_len)
		len = d->max_len;
	rq->len = len;
	rq->buf = (scratch + below((u32)(scratch_len - len))) & ~((u64)d->align - 1);
	rq->offset = (u64)below((u32)((d->capacity - len) / bs + 1)) * bs;
}

/* ---- posting and taking ---------------------------------------------------- */

static struct entry *slot_of(u32 id)
{
	return &tab[id % TAB_SIZE];
}

/* Write one 8-byte word of a published slot in one store: Linux sees old or new. */
static void put_word(struct pmdi_mbox_req *slot, u32 w, const struct pmdi_mbox_req *src)
{
	WRITE_ONCE(((volatile u64 *)slot)[w], ((const u64 *)src)[w]);
}

/* Reasons and success possible over every old/new mix of words 0..3. */
static void plausible(struct entry *e, const struct pmdi_mbox_req *a,
		      const struct pmdi_mbox_req *b, u32 changed)
{
	u32 mix, w;

	e->reasons = 0;
	e->ok_possible = false;
	e->net_recv = false;
	e->net_send = false;
	e->nbytes = 0;
	for (mix = 0; mix < 16; mix++) {
		struct pmdi_mbox_req x = *a;
		u32 m;

		if (mix & ~changed)
			continue;
		for (w = 0; w < 4; w++)
			if (mix & 1u << w)
				((u64 *)&x)[w] = ((const u64 *)b)[w];
		m = violations(&x);
		e->reasons |= m;
		if (!m && x.dev < h->ndev &&
		    pmdi_client_dev(c, x.dev)->dev_class == PMDI_MBOX_DEV_NET) {
			/* Linux may keep a receive buffer, or find its pool full; a frame
			 * may meet a down link or a full queue.
			 */
			if (x.op == PMDI_MBOX_OP_RECV) {
				e->net_recv = true;
				e->reasons |= 1u << PMDI_MBOX_R_RX_POOL_FULL;
			} else {
				e->net_send = true;
				e->reasons |= 1u << PMDI_MBOX_R_LINK_DOWN |
					      1u << PMDI_MBOX_R_DEVICE_ERROR;
			}
		}
		if (!m) {
			u32 n = x.op == PMDI_MBOX_OP_NULL || x.op == PMDI_MBOX_OP_FLUSH ? 0 : x.len, i;

			e->ok_possible = true;
			for (i = 0; i < e->nbytes && e->bytes[i] != n; i++)
				;
			if (i == e->nbytes && i < ARRAY_SIZE(e->bytes))
				e->bytes[e->nbytes++] = n;
		}
	}
}

/*
 * A buffer address as the seed decided it: Linux places the window chunks
 * anew at every load, so an address near chunk i counts as (i, offset).
 */
static u64 seed_relative(u64 buf)
{
	u32 i;

	for (i = 0; i < h->nwin && i < PMDI_MBOX_MAX_WINDOWS; i++)
		if (buf + (1u << 20) - h->win[i].phys <= h->win[i].size + (2u << 20))
			return (u64)(i + 1) << 56 | (buf - h->win[i].phys);
	return buf;
}

/* Post @rq under a fresh id; -1 when there is no room (credits or ring). */
static int post(struct pmdi_mbox_req *rq, bool rewrite)
{
	struct pmdi_mbox_req *slot, alt;
	struct pmdi_ext_req_post ext = { .offset = rq->offset, .len = rq->len };
	u32 idx = c->req_prod & (c->mb.req_slots - 1), id, w, changed = 0;
	/*
	 * Counted as the client counts (a RECV apart, id bit 31), with 16 more
	 * RECVs than the client allows: past the pool, to see rx_pool_full.
	 */
	bool rx = rq->op == PMDI_MBOX_OP_RECV && rq->dev < h->ndev &&
		  pmdi_client_dev(c, rq->dev)->dev_class == PMDI_MBOX_DEV_NET;
	struct entry *e;

	if ((rx ? c->rx_outstanding >= c->rx_reserve + 16 :
		  c->outstanding + 16 + c->rx_reserve >= c->mb.cpl_slots) ||
	    !pmdi_mbox_room(c->mb.req_ring, c->req_prod, c->mb.req_slots))
		return -1;
	/* A receive buffer may wait for good: its table slot stays taken, skip its id. */
	for (w = 0; w < 64 && slot_of(c->next_id)->busy && slot_of(c->next_id)->net_recv; w++)
		if (++c->next_id == PMDI_CLIENT_ID_RECV)
			c->next_id = 1;
	id = c->next_id | (rx ? PMDI_CLIENT_ID_RECV : 0);
	e = slot_of(id);
	if (e->busy)
		return -1;	/* an old one still out: take completions first */
	if (++c->next_id == PMDI_CLIENT_ID_RECV)
		c->next_id = 1;
	rq->id = id;
	e->id = id;
	e->busy = true;
	e->cookie = rq->cookie;
	e->rq = *rq;
	slot = &c->mb.req[idx];
	for (w = 0; w < 8; w++) {
		u64 v = w == 2 ? seed_relative(rq->buf) : ((const u64 *)rq)[w];

		put_word(slot, w, rq);
		/* far from the window (lo - len, ...) a buffer still moves with it: not in the sum */
		if (w != 2)
			st.digest = (st.digest ^ v) * 0x100000001b3ull;
		st.word_digest[w] = (st.word_digest[w] ^ v) * 0x100000001b3ull;
	}
	trace_event_ext(PMDI_EV_REQ_POST, id,
			(u32)(rq->dev & 0xff) | (u32)rq->op << 8 | idx << 16, &ext, sizeof(ext));
	if (rx)
		c->rx_outstanding++;
	else
		c->outstanding++;
	c->stats.submitted++;
	st.messages++;
	if (pmdi_mbox_publish(c->mb.req_ring, ++c->req_prod)) {
		c->stats.doorbells++;
		trace_event(PMDI_EV_DOORBELL_SEND, id, PMDI_RING_REQUEST | (idx & 0xffff) << 8);
		c->ops->doorbell(c->ctx);
	}
	if (!rewrite) {
		plausible(e, rq, rq, 0);
		st.recv_out += e->net_recv;
		return 0;
	}
	/* Scribble what we just published: id and cookie stay, the rest may change. */
	random_request(&alt);
	alt.id = id;
	alt.cookie = rq->cookie;
	alt.rsvd[0] = rnd();
	for (w = 0; w < 4; w++)
		if (((u64 *)&alt)[w] != ((u64 *)rq)[w] && below(2))
			changed |= 1u << w;
	for (w = 0; w < 4; w++)
		if (changed & 1u << w)
			put_word(slot, w, &alt);
	WRITE_ONCE(slot->rsvd[0], alt.rsvd[0]);
	plausible(e, rq, &alt, changed);
	st.recv_out += e->net_recv;
	st.rewritten++;
	return 0;
}

static bool bytes_plausible(const struct entry *e, u32 bytes)
{
	u32 i;

	for (i = 0; i < e->nbytes; i++)
		if (e->bytes[i] == bytes)
			return true;
	return false;
}

static void check_completion(const struct pmdi_mbox_cpl *cpl)
{
	struct entry *e = slot_of(cpl->id);

	st.completions++;
	if (!e->busy || e->id != cpl->id) {
		/* Ids are handed out in order: an old one is a second completion. */
		if (cpl->id && (cpl->id & ~PMDI_CLIENT_ID_RECV) < c->next_id)
			st.duplicate++;
		else
			st.unknown++;
		note_wrong("completion for an id not outstanding", e, cpl);
		return;
	}
	e->busy = false;
	st.recv_out -= e->net_recv;
	if (cpl->cookie != e->cookie)
		note_wrong("cookie not the request's", e, cpl);
	if (cpl->reason == PMDI_MBOX_R_OK) {
		st.valid++;
		if (cpl->status != 0)
			note_wrong("reason ok with a nonzero status", e, cpl);
		else if (!e->ok_possible)
			note_wrong("served a request that is wrong", e, cpl);
		else if (!bytes_plausible(e, cpl->bytes) &&
			 !(e->net_recv && cpl->bytes >= PMDI_MBOX_ETH_HLEN &&
			   cpl->bytes <= net_max_len))
			note_wrong("bytes differ from len", e, cpl);
		return;
	}
	st.refused++;
	if (cpl->reason < NREASON)
		st.by_reason[cpl->reason]++;
	else
		st.other_reason++;
	/* a frame the driver would not take: -ENOBUFS with the device-error reason */
	if (cpl->status >= 0 || (cpl->status != pmdi_mbox_reason_errno(cpl->reason) &&
	    !(e->net_send && cpl->reason == PMDI_MBOX_R_DEVICE_ERROR &&
	      cpl->status == -PMDI_ENOBUFS))) {
		note_wrong("refusal without its errno", e, cpl);
		return;
	}
	if (cpl->reason == PMDI_MBOX_R_NO_MEMORY) {
		st.no_memory++;	/* Linux may run short for any request */
		return;
	}
	if (cpl->reason >= NREASON || !(e->reasons & 1u << cpl->reason)) {
		if (e->ok_possible)
			st.unservable++;	/* admitted by the checks, failed by the backend */
		note_wrong(e->ok_possible ? "a valid request failed" :
			   "refused with a reason that does not apply", e, cpl);
	}
}

static u32 take(void)
{
	struct pmdi_mbox_cpl cpl[16];
	int n, i;
	u32 got = 0;

	while ((n = pmdi_reap(c, cpl, 16)) > 0) {
		for (i = 0; i < n; i++)
			check_completion(&cpl[i]);
		got += (u32)n;
	}
	return got;
}

/* Take completions until none is outstanding or @ms have passed. */
static void drain(u32 ms)
{
	u64 until = rdtsc() + (u64)ms * tsc_per_ms();

	while (c->outstanding + c->rx_outstanding > st.recv_out && rdtsc() < until) {
		if (!take())
			ap_wait_irq();
	}
	take();
}

/* ---- the verified data path ----------------------------------------------- */

static u8 pattern(u32 round, u64 k)
{
	return (u8)((k * 131 + (k >> 9) * 7 + round * 29 + seed) ^ (round >> 3));
}

/* Post one request and wait for it (nothing else in flight). */
static int call(struct pmdi_mbox_req *rq, struct pmdi_mbox_cpl *out)
{
	struct entry *e;
	u64 until;
	u32 id;

	while (post(rq, false) < 0) {
		if (!take())
			ap_wait_irq();
	}
	id = rq->id;
	e = slot_of(id);
	until = rdtsc() + 30000 * tsc_per_ms();
	for (;;) {
		struct pmdi_mbox_cpl cpl;
		int n = pmdi_reap(c, &cpl, 1);

		if (n < 0)
			return n;
		if (n == 1) {
			check_completion(&cpl);
			if (cpl.id == id) {
				*out = cpl;
				return cpl.status;
			}
			continue;
		}
		if (!e->busy)
			return -PMDI_EPROTO;
		if (rdtsc() > until)
			return -PMDI_EAGAIN;	/* still outstanding: the drain counts it */
		ap_wait_irq();
	}
}

static void verify_step(u32 round)
{
	const struct pmdi_mbox_dev *d;
	struct pmdi_mbox_req rq;
	struct pmdi_mbox_cpl cpl;
	u32 len, bs, k;
	u64 off, wcookie, rcookie;

	if (dev_vdb < 0)
		return;
	d = pmdi_client_dev(c, (u32)dev_vdb);
	bs = d->block_size;
	len = bs * (1 + below(VERIFY_MAX / bs));
	off = (u64)below((u32)((d->capacity - len) / bs + 1)) * bs;
	wcookie = rnd();
	rcookie = rnd();
	/* Nothing else in flight: no random write can land on this range. */
	drain(20000);
	if (c->outstanding + c->rx_outstanding > st.recv_out)
		return;
	for (k = 0; k < len; k++) {
		((u8 *)vw)[k] = pattern(round, k);
		((u8 *)vr)[k] = (u8)~pattern(round, k);
	}
	rq = (struct pmdi_mbox_req){ .dev = (u16)dev_vdb, .op = PMDI_MBOX_OP_WRITE,
				     .abi = PMDI_MBOX_VERSION, .len = len, .buf = vw,
				     .offset = off, .cookie = wcookie };
	if (call(&rq, &cpl)) {
		st.verify_fail++;
		return;
	}
	rq = (struct pmdi_mbox_req){ .dev = (u16)dev_vdb, .op = PMDI_MBOX_OP_READ,
				     .abi = PMDI_MBOX_VERSION, .len = len, .buf = vr,
				     .offset = off, .cookie = rcookie };
	if (call(&rq, &cpl)) {
		st.verify_fail++;
		return;
	}
	for (k = 0; k < len; k++)
		if (((u8 *)vr)[k] != pattern(round, k)) {
			st.verify_fail++;
			return;
		}
	st.verified_bytes += len;
}

/* ---- doorbells and scribbles ------------------------------------------------ */

static u64 last_burst;

static void doorbell_burst(void)
{
	u32 n = 1 + below(MAX_DOORBELLS), i;	/* drawn first: the seed decides, not time */

	/* One burst a second at most: the guard counts doorbells per time. */
	if (last_burst && rdtsc() - last_burst < 1000 * tsc_per_ms())
		return;
	for (i = 0; i < n; i++)
		c->ops->doorbell(c->ctx);
	last_burst = rdtsc();
	st.doorbell_bursts++;
	st.doorbells += n;
}

static void random_bytes(volatile u8 *p, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		p[i] = (u8)rnd();
}

/* Sleep @ticks heartbeat ticks: Linux's monitor looks every 100 ms. */
static void hold_ticks(u32 ticks)
{
	u64 until = rdtsc() + (u64)ticks * 1000 / hz * tsc_per_ms();

	while (rdtsc() < until)
		ap_wait_irq();
}

/*
 * The control block's AP part (status, CPU report, fault record). Our
 * interrupt handlers count into some status fields meanwhile: those are put
 * back as saved + what the handlers added.
 */
static void scribble_shared(void)
{
	struct pmdi_shared *sh = SHARED_VA;
	static struct pmdi_shared saved;
	u32 from = 128, to = (u32)sizeof(*sh), off, len;
	u64 hb, wake, f;
	u32 nmi, unexp, ack;

	f = irq_save();
	saved = *sh;
	off = from + below(to - from);
	len = 1 + below(to - off);
	random_bytes((volatile u8 *)sh + off, len);
	hb = READ_ONCE(sh->heartbeat);
	wake = READ_ONCE(sh->wake_count);
	nmi = READ_ONCE(sh->nmi_count);
	unexp = READ_ONCE(sh->unexpected_irqs);
	ack = READ_ONCE(sh->command_ack);
	irq_restore(f);
	hold_ticks(1);
	f = irq_save();
	saved.heartbeat += READ_ONCE(sh->heartbeat) - hb;
	saved.wake_count += READ_ONCE(sh->wake_count) - wake;
	saved.nmi_count += READ_ONCE(sh->nmi_count) - nmi;
	saved.unexpected_irqs += READ_ONCE(sh->unexpected_irqs) - unexp;
	/* a command acted on meanwhile keeps its ack */
	if (READ_ONCE(sh->command_ack) != ack)
		saved.command_ack = READ_ONCE(sh->command_ack);
	memcpy((u8 *)sh + from, (u8 *)&saved + from, to - from);
	irq_restore(f);
}

/* The console ring: head, lost, the bytes; Linux must resynchronise. */
static void scribble_console(void)
{
	struct pmdi_console *con = CONSOLE_VA;
	static u8 saved_buf[PMDI_CONSOLE_BUF_SIZE];
	u32 head, lost, what = below(4), off, len;
	u64 f = irq_save();

	head = con->head;
	lost = con->lost;
	memcpy(saved_buf, con->buf, sizeof(saved_buf));
	if (what == 0 || what == 3)
		WRITE_ONCE(con->head, what ? head + below(2 * PMDI_CONSOLE_BUF_SIZE) : (u32)rnd());
	if (what == 1)
		WRITE_ONCE(con->lost, (u32)rnd());
	off = below(PMDI_CONSOLE_BUF_SIZE);
	len = 1 + below(PMDI_CONSOLE_BUF_SIZE - off);
	random_bytes(con->buf + off, len);
	irq_restore(f);
	hold_ticks(1);
	f = irq_save();
	memcpy(con->buf, saved_buf, sizeof(saved_buf));
	WRITE_ONCE(con->lost, lost);
	WRITE_ONCE(con->head, head);
	irq_restore(f);
}

/*
 * Our trace ring: header and slots, with interrupts off the whole time (our
 * own handlers would trace into it), held for up to 2 ms of Linux's reading.
 */
static void scribble_trace(void)
{
	struct pmdi_trace_ring *r = (void *)(PMDI_AP_KVBASE + PMDI_TRACE_OFFSET);
	static u8 saved_hdr[sizeof(struct pmdi_trace_ring)];
	static struct pmdi_trace_rec saved_slots[64];
	static u8 junk[64 * sizeof(struct pmdi_trace_rec) + 64];
	u32 first, n, what = below(3), i;
	u64 f, until, h0;

	if (r->magic != PMDI_RING_MAGIC || r->nslots != PMDI_TRACE_SLOTS)
		return;
	f = irq_save();
	h0 = r->head;
	memcpy(saved_hdr, r, sizeof(saved_hdr));
	/* the slots Linux reads next are the interesting ones */
	first = (u32)(READ_ONCE(r->tail) + below(128)) & (PMDI_TRACE_SLOTS - 1);
	n = 1 + below(64);
	/* every byte drawn, used or not: where Linux's tail is must not change the draws */
	random_bytes(junk, sizeof(junk));
	if (first + n > PMDI_TRACE_SLOTS)
		n = PMDI_TRACE_SLOTS - first;
	for (i = 0; i < n; i++)
		saved_slots[i] = r->slots[first + i];
	if (what == 0)
		memcpy(r, junk + 1024, 32);	/* the producer's line */
	else if (what == 1)
		memcpy(&r->magic, junk + 1024 + 32, 8);
	memcpy(&r->slots[first], junk, n * sizeof(r->slots[0]));
	if (below(2))	/* publish them, as a confused producer would */
		WRITE_ONCE(r->head, h0 + below(256));
	until = rdtsc() + (1 + below(2000)) * tsc_per_ms() / 1000;
	while (rdtsc() < until)
		asm volatile("pause");
	for (i = 0; i < n; i++)
		r->slots[first + i] = saved_slots[i];
	/* Linux's tail and broken flag are Linux's: only our lines go back. */
	memcpy(r, saved_hdr, 64);
	memcpy((u8 *)r + 128, saved_hdr + 128, 64);
	irq_restore(f);
}

/*
 * The clock-sync words: the answer to Linux's next ping given in advance,
 * with a TSC of our choosing, for a tick. Our wake handler then sees the ping
 * answered and stays quiet; afterwards the old ack makes it answer again.
 */
static void scribble_sync(void)
{
	struct pmdi_mbox_hdr *hw = c->mb.hdr;
	u32 ack, ping;
	u64 tsc, f = irq_save();

	ack = hw->sync_ack;
	ping = hw->ping_req;
	tsc = hw->sync_ap_tsc;
	WRITE_ONCE(hw->sync_ap_tsc, below(2) ? rnd() : tsc - (rnd() >> below(64)));
	WRITE_ONCE(hw->sync_ack, READ_ONCE(hw->sync_req) + below(3));
	if (below(2))
		WRITE_ONCE(hw->ping_req, (u32)rnd());
	irq_restore(f);
	hold_ticks(1);
	f = irq_save();
	WRITE_ONCE(hw->sync_ap_tsc, tsc);
	WRITE_ONCE(hw->sync_ack, ack);
	WRITE_ONCE(hw->ping_req, ping);
	irq_restore(f);
}

/*
 * The words of our rings that are ours but not the protocol's indices: the
 * overflow counter, the reserved words of our lines, and our "I may sleep"
 * flags (wrong flags only cost doorbells or a tick of latency).
 */
static void scribble_ring_words(void)
{
	struct pmdi_mbox_ring *rr = c->mb.req_ring, *cr = c->mb.cpl_ring, *er = c->mb.evt_ring;
	static struct pmdi_mbox_ring saved[3];
	u64 f = irq_save();

	saved[0] = *rr;
	saved[1] = *cr;
	saved[2] = *er;
	WRITE_ONCE(rr->overflows, (u32)rnd());
	random_bytes((volatile u8 *)rr->rsvd0, sizeof(rr->rsvd0));
	random_bytes((volatile u8 *)cr->rsvd1, sizeof(cr->rsvd1));
	WRITE_ONCE(cr->sleeping, below(2));
	WRITE_ONCE(er->sleeping, below(2));
	irq_restore(f);
	hold_ticks(1);
	f = irq_save();
	WRITE_ONCE(rr->overflows, saved[0].overflows);
	memcpy(rr->rsvd0, saved[0].rsvd0, sizeof(rr->rsvd0));
	memcpy(cr->rsvd1, saved[1].rsvd1, sizeof(cr->rsvd1));
	/* asleep or not is decided again before the next hlt */
	WRITE_ONCE(cr->sleeping, 0);
	WRITE_ONCE(er->sleeping, 0);
	irq_restore(f);
}

static void scribble_burst(void)
{
	switch (below(5)) {
	case 0:
		scribble_shared();
		break;
	case 1:
		scribble_console();
		break;
	case 2:
		scribble_trace();
		break;
	case 3:
		scribble_sync();
		break;
	default:
		scribble_ring_words();
		break;
	}
	st.scribbles++;
}

/* ---- the broken-ring phase -------------------------------------------------- */

static bool broken_phase(void)
{
	struct pmdi_mbox_req rq;
	u32 taken_ids[16], n = 0, i, late = 0;
	u64 until, dup_before = st.duplicate;
	u32 prod_bad;
	struct line l = { .n = 0 };
	bool ok = true, pass;

	/* A few slow reads Linux has taken, so some are in the driver when it breaks. */
	for (i = 0; i < 8; i++) {
		if (dev_vdb >= 0) {
			rq = (struct pmdi_mbox_req){ .dev = (u16)dev_vdb, .op = PMDI_MBOX_OP_READ,
						     .abi = PMDI_MBOX_VERSION, .len = 65536,
						     .buf = vr, .offset = (u64)i * 65536,
						     .cookie = rnd() };
		} else {
			rq = (struct pmdi_mbox_req){ .dev = (u16)dev_null, .abi = PMDI_MBOX_VERSION,
						     .cookie = rnd() };
		}
		if (post(&rq, false) == 0)
			taken_ids[n++] = rq.id;
	}
	until = rdtsc() + 5000 * tsc_per_ms();
	while (READ_ONCE(c->mb.req_ring->cons) != c->req_prod && rdtsc() < until)
		ap_wait_irq();
	if (READ_ONCE(c->mb.req_ring->cons) != c->req_prod)
		ok = false;	/* Linux never took them */
	/* Two more posted, then the index jumps past the ring. */
	for (i = 0; i < 2; i++) {
		rq = (struct pmdi_mbox_req){ .dev = (u16)dev_null, .abi = PMDI_MBOX_VERSION,
					     .cookie = rnd() };
		post(&rq, false);
	}
	prod_bad = c->req_prod + c->mb.req_slots + 1 + below(1000);
	pmdi_store_release(&c->mb.req_ring->prod, prod_bad);
	c->ops->doorbell(c->ctx);
	until = rdtsc() + 5000 * tsc_per_ms();
	while (!READ_ONCE(h->broken) && rdtsc() < until)
		ap_wait_irq();
	/* Every request Linux had taken completes once; the two after may or may not. */
	until = rdtsc() + 10000 * tsc_per_ms();
	for (;;) {
		bool out = false;

		take();
		for (i = 0; i < n; i++)
			if (slot_of(taken_ids[i])->busy)
				out = true;
		if (!out || rdtsc() >= until)
			break;
		ap_wait_irq();
	}
	for (i = 0; i < n; i++)
		if (slot_of(taken_ids[i])->busy)
			late++;
	pass = ok && !late && st.duplicate == dup_before &&
	       READ_ONCE(h->broken) == PMDI_MBOX_BROKEN_REQ_INDEX;
	/* Nothing more goes through this mailbox: the console ring carries the verdict. */
	c->broken = 1;
	console_set_sink(0);
	/* Linux cuts the AP's lines at 160 bytes: the words first, the verdict alone. */
	put_s(&l, "fuzz: broken phase: Linux says: ");
	put_s(&l, pmdi_mbox_broken_name(READ_ONCE(h->broken)));
	emit(&l, false);
	put_s(&l, "fuzz: broken phase:");
	put_kv(&l, "index", prod_bad);
	put_kv(&l, "real", c->req_prod);
	put_kv(&l, "ring", c->mb.req_slots);
	put_kv(&l, "broken", READ_ONCE(h->broken));
	put_kv(&l, "taken", n);
	put_kv(&l, "in_time", ok);
	put_kv(&l, "missing", late);
	put_kv(&l, "duplicate", st.duplicate - dup_before);
	put_s(&l, pass ? ": PASS" : ": FAIL");
	emit(&l, false);
	return pass;
}

/* ---- the doorbell storm ----------------------------------------------------- */

/* Ring without end: Linux's storm guard must INIT us; if it does not, say so. */
static void storm_phase(void)
{
	u64 until = rdtsc() + 10000 * tsc_per_ms(), n = 0;

	kprintf("fuzz: storm phase: doorbells with nothing posted until Linux stops this CPU\n");
	while (rdtsc() < until) {
		c->ops->doorbell(c->ctx);
		n++;
	}
	kprintf("fuzz: storm phase: not stopped after %lu doorbells in 10 s: FAIL\n", n);
}

/* ---- the run -------------------------------------------------------------- */

void workload_fuzz(u32 arg, u32 the_seed)
{
	u64 total = (u64)(arg & ~(FUZZ_BROKEN_PHASE | FUZZ_STORM_PHASE)) * 1000, t0, ms, next_report;
	u32 hoard = 0, hoard_next = 0, round = 0, r, i;
	struct line l = { .n = 0 };
	bool pass, stalled = false;

	c = mbox_client();
	h = c->mb.hdr;
	khz = SHARED_VA->tsc_khz;
	hz = SHARED_VA->heartbeat_hz ? SHARED_VA->heartbeat_hz : 10;
	seed = the_seed;
	rng = the_seed;
	if (!total)
		total = 100000;
	dev_vda = pmdi_client_find(c, "vda");
	dev_vdb = pmdi_client_find(c, "vdb");
	dev_null = pmdi_client_find(c, "null");
	dev_con = pmdi_client_find(c, "console");
	dev_net = -1;
	for (i = 0; i < h->ndev; i++)
		if (pmdi_client_dev(c, i)->dev_class == PMDI_MBOX_DEV_NET) {
			dev_net = (int)i;
			net_max_len = pmdi_client_dev(c, i)->max_len;
		}
	scratch_len = 2u << 20;
	scratch = mbox_alloc(scratch_len);
	vw = mbox_alloc(VERIFY_MAX);
	vr = mbox_alloc(VERIFY_MAX);
	if (dev_net >= 0) {
		rx_area_len = (pmdi_client_dev(c, (u32)dev_net)->max_len + 64) * 4ull;
		rx_area = mbox_alloc(rx_area_len);
		if (!rx_area)
			dev_net = -1;
	}
	if (dev_null < 0 || !scratch || !vw || !vr) {
		kprintf("fuzz: needs the null device and 2.5 MiB of window: FAIL\n");
		return;
	}
	kprintf("fuzz: seed=%u messages=%lu%s, %u devices, %u window chunks, ring %u/%u\n", seed,
		total, arg & FUZZ_BROKEN_PHASE ? " then the broken-index phase" : "", h->ndev,
		h->nwin, c->mb.req_slots, c->mb.cpl_slots);
	/* From here until the summary we print nothing: a print is a request too. */
	console_set_sink(0);
	t0 = rdtsc();
	next_report = t0 + 10000 * tsc_per_ms();
	while (st.messages < total) {
		struct pmdi_mbox_req rq;
		bool rewrite;
		u64 since;

		if (READ_ONCE(h->broken) || c->broken)
			break;
		r = below(1000);
		if (r < 2)
			doorbell_burst();
		else if (r < 3)
			scribble_burst();
		else if (r < 5)
			verify_step(round++);
		else if (r < 7)
			hoard_next = 16 + below(c->mb.cpl_slots);
		/* drawn whether or not a stretch runs now: the seed alone decides the draws */
		if (r >= 5 && r < 7 && !hoard)
			hoard = hoard_next;
		if (below(2))
			valid_request(&rq);
		else
			random_request(&rq);
		rewrite = below(16) == 0;
		since = rdtsc();
		while (!stalled && post(&rq, rewrite) < 0) {
			/* No room: an untaken stretch ends here. */
			if (hoard) {
				hoard = 0;
				st.hoards++;
				hold_ticks(1);
			}
			if (!take())
				ap_wait_irq();
			/* Linux owes us completions it does not send: stop, count them missing. */
			if (rdtsc() - since > 30000 * tsc_per_ms())
				stalled = true;
		}
		if (stalled)
			break;
		if (hoard)
			hoard--;
		else
			take();
		if (rdtsc() > next_report) {
			/* a sign of life into the console ring, for whoever watches */
			kprintf("fuzz: %lu messages\n", st.messages);
			next_report = rdtsc() + 10000 * tsc_per_ms();
		}
	}
	drain(30000);
	/* Receive buffers Linux keeps may wait for ever, up to its pool; no more. */
	st.missing = c->outstanding + c->rx_outstanding - st.recv_out;
	if (dev_net >= 0 && st.recv_out > pmdi_client_dev(c, (u32)dev_net)->rx_pool)
		st.missing += st.recv_out - pmdi_client_dev(c, (u32)dev_net)->rx_pool;
	ms = (rdtsc() - t0) / tsc_per_ms();
	/* Linux rate-limits the AP's lines (a burst per 5 s): let the window pass. */
	hold_ticks(6 * hz);
	console_set_sink(mbox_console_write);
	for (i = 0; i < wrong_shown; i++)
		emit(&wrong_text[i], true);
	pass = !st.missing && !st.duplicate && !st.unknown && !st.wrong && !st.verify_fail &&
	       !stalled && !READ_ONCE(h->broken) && st.messages >= total;
	put_s(&l, "fuzz:");
	put_kv(&l, "seed", seed);
	put_kv(&l, "messages", st.messages);
	put_kv(&l, "valid", st.valid);
	put_kv(&l, "refused", st.refused);
	put_s(&l, " by reason");
	for (r = 1; r < NREASON; r++)
		if (st.by_reason[r]) {
			put_s(&l, " ");
			put_u(&l, r);
			put_s(&l, ":");
			put_u(&l, st.by_reason[r]);
		}
	emit(&l, true);
	/* Linux prints the AP's lines in pieces of 160 bytes: three lines, one verdict. */
	put_s(&l, "fuzz:");
	put_kv(&l, "seed", seed);
	put_kv(&l, "scribbles", st.scribbles);
	put_kv(&l, "doorbell_bursts", st.doorbell_bursts);
	put_kv(&l, "doorbells", st.doorbells);
	put_kv(&l, "rewritten", st.rewritten);
	put_kv(&l, "hoards", st.hoards);
	put_kv(&l, "verified_bytes", st.verified_bytes);
	put_kv(&l, "completions", st.completions);
	emit(&l, true);
	put_s(&l, "fuzz:");
	put_kv(&l, "seed", seed);
	put_kv(&l, "draws", draws);
	put_s(&l, " requests_digest=");
	put_hex(&l, st.digest, 16);
	put_s(&l, " by word");
	for (i = 0; i < 8; i++) {
		put_s(&l, " ");
		put_hex(&l, st.word_digest[i] ^ st.word_digest[i] >> 32, 8);
	}
	emit(&l, true);
	put_s(&l, "fuzz:");
	put_kv(&l, "seed", seed);
	put_kv(&l, "messages", st.messages);
	put_kv(&l, "missing", st.missing);
	put_kv(&l, "duplicate", st.duplicate);
	put_kv(&l, "unknown", st.unknown);
	/* receive buffers Linux keeps waiting (short: Linux cuts lines at 160 bytes) */
	put_kv(&l, "rxwait", st.recv_out);
	put_kv(&l, "wrong", st.wrong);
	put_kv(&l, "unservable", st.unservable);
	put_kv(&l, "no_memory", st.no_memory);
	put_kv(&l, "verify_fail", st.verify_fail);
	put_kv(&l, "stalled", stalled);
	put_kv(&l, "broken", READ_ONCE(h->broken));
	put_kv(&l, "ms", ms);
	put_s(&l, pass ? ": PASS" : ": FAIL");
	emit(&l, true);
	if (arg & FUZZ_BROKEN_PHASE)
		broken_phase();
	else if (arg & FUZZ_STORM_PHASE)
		storm_phase();
}
