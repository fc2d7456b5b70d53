// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * The C compiler's view of the ABI, for the Rust offsets test: every field
 * abi.rs mirrors, with its offset and size, and every struct's size, as the
 * headers themselves define them.
 */
#include <stddef.h>

#include <pmdi/shared.h>
#include <pmdi/mailbox_ring.h>
#include <pmdi/trace_ring.h>

struct rl_c_field {
	const char *type, *field;
	unsigned long offset, size;
};

#define F(t, f) { #t, #f, offsetof(struct t, f), sizeof(((struct t *)0)->f) }
#define S(t) { #t, "", 0, sizeof(struct t) }

const struct rl_c_field rl_c_fields[] = {
	S(pmdi_shared),
	F(pmdi_shared, magic), F(pmdi_shared, abi_version), F(pmdi_shared, region_phys),
	F(pmdi_shared, region_size), F(pmdi_shared, ap_cpu), F(pmdi_shared, ap_apic_id),
	F(pmdi_shared, linux_apic_id), F(pmdi_shared, tsc_khz), F(pmdi_shared, image_end),
	F(pmdi_shared, mailbox_offset), F(pmdi_shared, mailbox_size), F(pmdi_shared, command),
	F(pmdi_shared, command_seq), F(pmdi_shared, test_mode), F(pmdi_shared, reserved_cmd0),
#ifdef RL_HAVE_BOOT_FIELDS
	F(pmdi_shared, lapic_phys), F(pmdi_shared, mailbox_phys), F(pmdi_shared, trace_phys),
	F(pmdi_shared, console_phys),
#endif
	F(pmdi_shared, reserved_cmd),
	F(pmdi_shared, state), F(pmdi_shared, command_ack), F(pmdi_shared, heartbeat),
	F(pmdi_shared, heartbeat_hz), F(pmdi_shared, unexpected_irqs),
	F(pmdi_shared, last_unexpected_vector), F(pmdi_shared, nmi_count),
	F(pmdi_shared, wake_count), F(pmdi_shared, free_pages), F(pmdi_shared, reserved_status),
	F(pmdi_shared, cr0), F(pmdi_shared, cr4), F(pmdi_shared, efer), F(pmdi_shared, pat),
	F(pmdi_shared, mtrr_def_type), F(pmdi_shared, region_mtrr_type),
	F(pmdi_shared, region_pat_type), F(pmdi_shared, apic_mode), F(pmdi_shared, apic_id),
	F(pmdi_shared, build_id), F(pmdi_shared, build_id_len), F(pmdi_shared, mtrr_sync),
	F(pmdi_shared, reserved_report), F(pmdi_shared, fault_count),
	F(pmdi_shared, fault_vector), F(pmdi_shared, fault_error_code),
	F(pmdi_shared, fault_rip), F(pmdi_shared, fault_cr2), F(pmdi_shared, fault_rsp),
	F(pmdi_shared, fault_rflags), F(pmdi_shared, fault_cs), F(pmdi_shared, fault_build_id),
	F(pmdi_shared, fault_build_id_len), F(pmdi_shared, reserved_fault),

	S(pmdi_mtrr_state),
	F(pmdi_mtrr_state, valid), F(pmdi_mtrr_state, var_count), F(pmdi_mtrr_state, cap),
	F(pmdi_mtrr_state, def_type), F(pmdi_mtrr_state, fixed), F(pmdi_mtrr_state, var_base),
	F(pmdi_mtrr_state, var_mask),

	S(pmdi_console),
	F(pmdi_console, head), F(pmdi_console, lost), F(pmdi_console, pad0),
	F(pmdi_console, tail), F(pmdi_console, pad1), F(pmdi_console, buf),

	S(pmdi_mbox_req),
	F(pmdi_mbox_req, id), F(pmdi_mbox_req, dev), F(pmdi_mbox_req, op), F(pmdi_mbox_req, abi),
	F(pmdi_mbox_req, len), F(pmdi_mbox_req, flags), F(pmdi_mbox_req, buf),
	F(pmdi_mbox_req, offset), F(pmdi_mbox_req, cookie), F(pmdi_mbox_req, rsvd),

	S(pmdi_mbox_cpl),
	F(pmdi_mbox_cpl, id), F(pmdi_mbox_cpl, status), F(pmdi_mbox_cpl, bytes),
	F(pmdi_mbox_cpl, reason), F(pmdi_mbox_cpl, rsvd0), F(pmdi_mbox_cpl, cookie),
	F(pmdi_mbox_cpl, rsvd),

	S(pmdi_mbox_evt),
	F(pmdi_mbox_evt, seq), F(pmdi_mbox_evt, dev), F(pmdi_mbox_evt, kind),
	F(pmdi_mbox_evt, flags), F(pmdi_mbox_evt, len), F(pmdi_mbox_evt, rsvd0),
	F(pmdi_mbox_evt, buf), F(pmdi_mbox_evt, data),

	S(pmdi_mbox_dev),
	F(pmdi_mbox_dev, id), F(pmdi_mbox_dev, dev_class), F(pmdi_mbox_dev, flags),
	F(pmdi_mbox_dev, block_size), F(pmdi_mbox_dev, capacity), F(pmdi_mbox_dev, max_len),
	F(pmdi_mbox_dev, align), F(pmdi_mbox_dev, mac), F(pmdi_mbox_dev, rx_pool),
	F(pmdi_mbox_dev, name), F(pmdi_mbox_dev, driver),

	S(pmdi_mbox_ring),
	F(pmdi_mbox_ring, prod), F(pmdi_mbox_ring, overflows), F(pmdi_mbox_ring, rsvd0),
	F(pmdi_mbox_ring, cons), F(pmdi_mbox_ring, sleeping), F(pmdi_mbox_ring, rsvd1),

	S(pmdi_mbox_window),
	F(pmdi_mbox_window, phys), F(pmdi_mbox_window, size),

	S(pmdi_mbox_hdr),
	F(pmdi_mbox_hdr, magic), F(pmdi_mbox_hdr, version), F(pmdi_mbox_hdr, size),
	F(pmdi_mbox_hdr, ndev), F(pmdi_mbox_hdr, req_slots), F(pmdi_mbox_hdr, cpl_slots),
	F(pmdi_mbox_hdr, evt_slots), F(pmdi_mbox_hdr, nwin), F(pmdi_mbox_hdr, dev_off),
	F(pmdi_mbox_hdr, req_off), F(pmdi_mbox_hdr, cpl_off), F(pmdi_mbox_hdr, evt_off),
	F(pmdi_mbox_hdr, ap_vector), F(pmdi_mbox_hdr, ap_apic_id), F(pmdi_mbox_hdr, workload),
	F(pmdi_mbox_hdr, workload_arg), F(pmdi_mbox_hdr, db_gen), F(pmdi_mbox_hdr, db_vector),
	F(pmdi_mbox_hdr, db_dest), F(pmdi_mbox_hdr, db_dest_mode), F(pmdi_mbox_hdr, ping_req),
	F(pmdi_mbox_hdr, ping_ack), F(pmdi_mbox_hdr, trace_mask), F(pmdi_mbox_hdr, sync_req),
	F(pmdi_mbox_hdr, sync_ack), F(pmdi_mbox_hdr, trace_ready), F(pmdi_mbox_hdr, sync_ap_tsc),
	F(pmdi_mbox_hdr, broken), F(pmdi_mbox_hdr, workload_seed), F(pmdi_mbox_hdr, ap_poll_us),
	F(pmdi_mbox_hdr, rsvd1),
	F(pmdi_mbox_hdr, win),

	S(pmdi_trace_rec),
	F(pmdi_trace_rec, tsc_type), F(pmdi_trace_rec, req), F(pmdi_trace_rec, arg),

	S(pmdi_ext_req_post),
	F(pmdi_ext_req_post, offset), F(pmdi_ext_req_post, len), F(pmdi_ext_req_post, rsvd),

	S(pmdi_blob_ap_fault),
	F(pmdi_blob_ap_fault, rip), F(pmdi_blob_ap_fault, cr2), F(pmdi_blob_ap_fault, error_code),
	F(pmdi_blob_ap_fault, vector), F(pmdi_blob_ap_fault, rsvd),
	F(pmdi_blob_ap_fault, build_id),

	/* The header without its flexible slots[] (abi::TraceRingHdr). */
	S(pmdi_trace_ring),
	F(pmdi_trace_ring, head), F(pmdi_trace_ring, lost_total), F(pmdi_trace_ring, pending_lost),
	F(pmdi_trace_ring, cached_tail), F(pmdi_trace_ring, pad0), F(pmdi_trace_ring, tail),
	F(pmdi_trace_ring, broken), F(pmdi_trace_ring, pad1), F(pmdi_trace_ring, magic),
	F(pmdi_trace_ring, nslots), F(pmdi_trace_ring, pad2),
};

const unsigned long rl_c_nfields = sizeof(rl_c_fields) / sizeof(rl_c_fields[0]);

#ifdef RL_HAVE_BOOT_FIELDS
const int rl_c_have_boot_fields = 1;
#else
const int rl_c_have_boot_fields;
#endif

/* Constants abi.rs mirrors, by name. */
struct rl_c_const {
	const char *name;
	unsigned long long value;
};

#define K(n) { #n, (unsigned long long)(n) }

const struct rl_c_const rl_c_consts[] = {
	K(PMDI_IMAGE_MAGIC), K(PMDI_SHARED_MAGIC), K(PMDI_ABI_VERSION),
	K(PMDI_SHARED_OFFSET), K(PMDI_MTRR_OFFSET), K(PMDI_CONSOLE_OFFSET),
	K(PMDI_MAILBOX_OFFSET), K(PMDI_MAILBOX_SIZE), K(PMDI_TRACE_OFFSET), K(PMDI_TRACE_SIZE),
	K(PMDI_TRACE_SLOTS), K(PMDI_BOOT_PT_OFFSET), K(PMDI_BOOT_PT_SIZE), K(PMDI_IMAGE_OFFSET),
	K(PMDI_REGION_ALIGN), K(PMDI_REGION_MIN_SIZE), K(PMDI_REGION_MAX_SIZE),
	K(PMDI_AP_KVBASE), K(PMDI_AP_VEC_WAKE), K(PMDI_AP_VEC_TIMER), K(PMDI_AP_VEC_ERROR),
	K(PMDI_AP_VEC_SPURIOUS), K(PMDI_ELF_NOTE_ABI), K(PMDI_ELF_NOTE_STACK),
	K(PMDI_AP_STATE_READY), K(PMDI_AP_STATE_STOPPED), K(PMDI_AP_STATE_FAULTED),
	K(PMDI_CMD_STOP), K(PMDI_BUILD_ID_MAX), K(PMDI_CONSOLE_BUF_SIZE),
	K(PMDI_MBOX_MAGIC), K(PMDI_MBOX_VERSION), K(PMDI_MBOX_SLOT_SIZE),
	K(PMDI_MBOX_MAX_DEVICES), K(PMDI_MBOX_MAX_WINDOWS), K(PMDI_MBOX_EVT_INLINE),
	K(PMDI_MBOX_OP_NULL), K(PMDI_MBOX_OP_READ), K(PMDI_MBOX_OP_WRITE),
	K(PMDI_MBOX_OP_FLUSH), K(PMDI_MBOX_OP_MAX), K(PMDI_MBOX_DEV_NULL),
	K(PMDI_MBOX_DEV_CONSOLE), K(PMDI_MBOX_DEV_BLOCK), K(PMDI_MBOX_R_BAD_VERSION),
	K(PMDI_MBOX_R_BAD_DEVICE), K(PMDI_MBOX_R_BAD_OP), K(PMDI_MBOX_R_BAD_BUFFER),
	K(PMDI_MBOX_R_BAD_LENGTH), K(PMDI_MBOX_R_BAD_OFFSET), K(PMDI_MBOX_R_BAD_FLAGS),
	K(PMDI_MBOX_R_MAX), K(PMDI_WORKLOAD_FUZZ), K(PMDI_MBOX_BROKEN_DOORBELL_STORM),
	K(PMDI_MBOX_DEST_LOGICAL), K(PMDI_EPROTO), K(PMDI_ENODEV), K(PMDI_EOPNOTSUPP),
	K(PMDI_EFAULT), K(PMDI_EINVAL), K(PMDI_EAGAIN),
	K(PMDI_EV_REQ_POST), K(PMDI_EV_DOORBELL_SEND), K(PMDI_EV_DOORBELL_SUPPRESS),
	K(PMDI_EV_IPI_RECV), K(PMDI_EV_REPLY_TAKE), K(PMDI_EV_REQ_DONE), K(PMDI_EV_EVENT_TAKE),
	K(PMDI_EV_HEARTBEAT), K(PMDI_EV_UNEXPECTED_IRQ), K(PMDI_EV_RING_OVERFLOW),
	K(PMDI_EV_LOST), K(PMDI_EV_CLOCK_SYNC), K(PMDI_EV_REQ_REFUSED), K(PMDI_EV_FIXED_LAST),
	K(PMDI_EV_LOG), K(PMDI_EV_AP_FAULT), K(PMDI_EV_INFLIGHT), K(PMDI_EV_NET_FRAME),
	K(PMDI_RING_COMPLETION), K(PMDI_CLASS_FRAME),
	K(PMDI_CLASS_REQUEST), K(PMDI_CLASS_DOORBELL), K(PMDI_CLASS_HEALTH), K(PMDI_CLASS_LOG),
	K(PMDI_SLOT_SIZE), K(PMDI_TSC_BITS), K(PMDI_TSC_MASK), K(PMDI_BLOB_MAX),
	K(PMDI_BUILD_ID_LEN), K(PMDI_RING_MAGIC),
	/* What issue #17 adds, once the other branches are merged. */
#ifdef PMDI_ELF_NOTE_TRACE
	K(PMDI_ELF_NOTE_TRACE),
#endif
#ifdef PMDI_BOOT_STACK_DEFAULT
	K(PMDI_BOOT_STACK_DEFAULT),
#endif
#ifdef PMDI_BOOT_CS
	K(PMDI_BOOT_CS), K(PMDI_BOOT_DS),
#endif
#ifdef RL_HAVE_CONFORMANCE
	K(PMDI_WORKLOAD_CONFORMANCE),
#endif
};

const unsigned long rl_c_nconsts = sizeof(rl_c_consts) / sizeof(rl_c_consts[0]);
