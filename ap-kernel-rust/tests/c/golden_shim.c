// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * trace-format/c/golden_writer.c, unchanged, with every record of an AP
 * ring written by the Rust writer (rl_rust_emit, in the Rust test) instead
 * of pmdi_ring_emit*: the drain, encoder and framing stay C. The files it
 * writes must equal the committed golden vectors byte for byte.
 *
 * golden_writer.c makes its AP rings with 4096 slots (all-events) and 16
 * (loss-and-corruption), Linux's with 8192: the slot count tells them apart.
 */
#include <pmdi/trace_ring.h>
#include <pmdi/trace_codec.h>

#define RL_LINUX_RING_SLOTS 8192

int rl_rust_emit(struct pmdi_trace_ring *r, unsigned int type, pmdi_u64 tsc, pmdi_u32 req,
		 pmdi_u32 arg, const void *ext, pmdi_u32 len);

unsigned long rl_golden_rust_records, rl_golden_c_records;

static int rl_emit_ext(struct pmdi_trace_ring *r, unsigned int type, pmdi_u64 tsc, pmdi_u32 req,
		       pmdi_u32 arg, const void *ext, pmdi_u32 len)
{
	if (r->nslots == RL_LINUX_RING_SLOTS) {
		rl_golden_c_records++;
		return pmdi_ring_emit_ext(r, type, tsc, req, arg, ext, len);
	}
	rl_golden_rust_records++;
	return rl_rust_emit(r, type, tsc, req, arg, ext, len);
}

static int rl_emit(struct pmdi_trace_ring *r, unsigned int type, pmdi_u64 tsc, pmdi_u32 req,
		   pmdi_u32 arg)
{
	return rl_emit_ext(r, type, tsc, req, arg, 0, 0);
}

#define pmdi_ring_emit rl_emit
#define pmdi_ring_emit_ext rl_emit_ext
#define main rl_golden_main
#include "../../../trace-format/c/golden_writer.c"
