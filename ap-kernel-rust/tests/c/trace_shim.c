// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * The C trace ring, for the Rust writer's tests: the C producer (to compare
 * ring bytes) and Linux's consumer and decoder (to read what Rust wrote).
 */
#include <stdlib.h>

#include <pmdi/trace_ring.h>
#include <pmdi/trace_codec.h>

unsigned long long rl_c_ring_bytes(unsigned int nslots)
{
	return pmdi_ring_bytes(nslots);
}

int rl_c_ring_init(struct pmdi_trace_ring *r, unsigned int nslots)
{
	return pmdi_ring_init(r, nslots);
}

int rl_c_emit(struct pmdi_trace_ring *r, unsigned int type, pmdi_u64 tsc, pmdi_u32 req,
	      pmdi_u32 arg, const void *ext, pmdi_u32 len)
{
	if (!len)
		return pmdi_ring_emit(r, type, tsc, req, arg);
	return pmdi_ring_emit_ext(r, type, tsc, req, arg, ext, len);
}

struct pmdi_ring_consumer *rl_c_consumer_new(struct pmdi_trace_ring *r)
{
	struct pmdi_ring_consumer *c = malloc(sizeof(*c));

	if (c)
		pmdi_ring_consumer_init(c, r);
	return c;
}

void rl_c_consumer_free(struct pmdi_ring_consumer *c)
{
	free(c);
}

int rl_c_consume(struct pmdi_ring_consumer *c, struct pmdi_trace_rec *out, pmdi_u32 max)
{
	return pmdi_ring_consume(c, out, max);
}

unsigned int rl_c_consumer_broken(const struct pmdi_ring_consumer *c)
{
	return c->broken;
}

/*
 * Decode the record at @slots (@n slots available) as Linux's drain does:
 * its slot count (header + extension), or -1 if malformed.
 */
int rl_c_decode(const struct pmdi_trace_rec *slots, pmdi_u32 n, pmdi_u8 *type, pmdi_u64 *tsc,
		pmdi_u32 *req, pmdi_u64 args[PMDI_EVENT_MAX_ARGS], const pmdi_u8 **blob,
		pmdi_u32 *blob_len)
{
	struct pmdi_event ev;
	int ext = pmdi_rec_ext_slots(&slots[0]), i;

	if (ext < 0 || pmdi_event_from_rec(slots, n, &ev))
		return -1;
	*type = ev.type;
	*tsc = ev.tsc;
	*req = ev.req;
	for (i = 0; i < PMDI_EVENT_MAX_ARGS; i++)
		args[i] = i < ev.nargs ? ev.args[i] : 0;
	*blob = ev.blob;
	*blob_len = ev.blob_len;
	return 1 + ext;
}
