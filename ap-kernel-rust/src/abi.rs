// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The pmdi ABI in Rust: the constants and `#[repr(C)]` structs of
//! interface/include/pmdi/{boot,shared,mailbox,trace_format,trace_ring}.h
//! that an AP kernel needs. The C headers are the reference for the bytes.
//!
//! Each struct comes with a module of the same name in lower case holding
//! its field offsets as constants (`shared::heartbeat`, `mbox_hdr::db_gen`),
//! computed from the field types by C's layout rule (each field at the next
//! multiple of its alignment). The shared-memory code addresses fields by
//! these offsets, never through references. The `const _: () = assert!(..)`
//! lines mirror the headers' `_Static_assert`s; the host test
//! (tests/abi_offsets.c) compares every offset and size with what the C
//! compiler computes from the headers themselves.

#![allow(dead_code)]

use crate::volatile::Plain;

pub const fn align_up(x: usize, a: usize) -> usize {
    (x + a - 1) & !(a - 1)
}

/// A `#[repr(C)]` struct, `Plain`, plus `mod $md` with its field offsets.
macro_rules! layout {
    (@off $at:expr;) => {};
    (@off $at:expr; $f:ident : $t:ty, $($rest:tt)*) => {
        pub const $f: usize = align_up($at, core::mem::align_of::<$t>());
        layout!(@off $f + core::mem::size_of::<$t>(); $($rest)*);
    };
    ($(#[$m:meta])* pub struct $name:ident in $md:ident {
        $($(#[$fm:meta])* pub $f:ident : $t:ty,)*
    }) => {
        $(#[$m])*
        #[repr(C)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name {
            $($(#[$fm])* pub $f: $t,)*
        }
        unsafe impl Plain for $name {}
        /// Field offsets (bytes) and size of the struct of the same name.
        #[allow(non_upper_case_globals)]
        pub mod $md {
            use super::*;
            layout!(@off 0usize; $($f: $t,)*);
            pub const SIZE: usize = core::mem::size_of::<$name>();
        }
    };
}

// ---- boot.h ------------------------------------------------------------

pub const IMAGE_MAGIC: u32 = 0x4944_4d50; // "PMDI"
pub const SHARED_MAGIC: u32 = 0x5248_5350; // "PSHR"
pub const ABI_VERSION: u32 = 1;

pub const SHARED_OFFSET: u64 = 0x000000;
pub const MTRR_OFFSET: u64 = 0x000800;
pub const CONSOLE_OFFSET: u64 = 0x001000;
pub const MAILBOX_OFFSET: u64 = 0x010000;
pub const MAILBOX_SIZE: u64 = 0x070000;
pub const TRACE_OFFSET: u64 = 0x080000;
pub const TRACE_SIZE: u64 = 0x080000;
pub const TRACE_SLOTS: u32 = 16384;
pub const BOOT_PT_OFFSET: u64 = 0x100000;
pub const BOOT_PT_SIZE: u64 = 0x005000;
pub const IMAGE_OFFSET: u64 = 0x200000;
pub const SHARED_AREA_SIZE: u64 = IMAGE_OFFSET;
pub const REGION_ALIGN: u64 = 0x200000;
pub const REGION_MIN_SIZE: u64 = 0x800000;
pub const REGION_MAX_SIZE: u64 = 0x4000_0000;

/// Where the boot page tables map the region (kernel code model, top 2 GiB).
pub const AP_KVBASE: u64 = 0xffff_ffff_8000_0000;
pub const AP_IMAGE_VADDR: u64 = AP_KVBASE + IMAGE_OFFSET;

/// Vectors the AP kernel owns on its own CPU.
pub const AP_VEC_WAKE: u8 = 0x40;
pub const AP_VEC_TIMER: u8 = 0x41;
pub const AP_VEC_ERROR: u8 = 0xfe;
pub const AP_VEC_SPURIOUS: u8 = 0xff;

/// The pmdi ELF note (name "PMDI", namesz 5).
pub const ELF_NOTE_NAME: &[u8; 5] = b"PMDI\0";
pub const ELF_NOTE_ABI: u32 = 1; // u32: ABI version
pub const ELF_NOTE_STACK: u32 = 2; // u64: boot stack bytes
pub const ELF_NOTE_TRACE: u32 = 3; // u32: 1 = the OS writes its trace ring
pub const BOOT_STACK_DEFAULT: u64 = 16 * 1024;

/// Selectors of the loader's GDT at the OS's entry point.
pub const BOOT_CS: u16 = 0x08;
pub const BOOT_DS: u16 = 0x10;

// ---- shared.h ----------------------------------------------------------

/// `Shared::state`, written by the AP.
pub const AP_STATE_OFF: u32 = 0;
pub const AP_STATE_BOOTING: u32 = 1;
pub const AP_STATE_READY: u32 = 2;
pub const AP_STATE_STOPPED: u32 = 3;
pub const AP_STATE_FAULTED: u32 = 4;

/// `Shared::command`, written by Linux.
pub const CMD_NONE: u32 = 0;
pub const CMD_STOP: u32 = 1;

pub const TEST_FAULT_AFTER_READY: u32 = 0;
pub const TEST_FAULT_AT_BOOT: u32 = 1;
pub const TEST_HANG_AT_BOOT: u32 = 2;

pub const APIC_XAPIC: u32 = 1;
pub const APIC_X2APIC: u32 = 2;

/// Memory types as the SDM encodes them in PAT and MTRRs.
pub const MT_UC: u32 = 0;
pub const MT_WC: u32 = 1;
pub const MT_WT: u32 = 4;
pub const MT_WP: u32 = 5;
pub const MT_WB: u32 = 6;
pub const MT_UC_MINUS: u32 = 7;
pub const MT_MIXED: u32 = 0xfe;
pub const MT_UNKNOWN: u32 = 0xff;

pub const MTRR_MATCHED: u32 = 0;
pub const MTRR_COPIED: u32 = 1;
pub const MTRR_NO_INFO: u32 = 2;

pub const BUILD_ID_MAX: usize = 32;

layout! {
    /// The control block at region + SHARED_OFFSET (struct pmdi_shared).
    pub struct Shared in shared {
        // boot info: Linux writes before start
        pub magic: u32,
        pub abi_version: u32,
        pub region_phys: u64,
        pub region_size: u64,
        pub ap_cpu: u32,
        pub ap_apic_id: u32,
        pub linux_apic_id: u32,
        pub tsc_khz: u32,
        pub image_end: u64,
        pub mailbox_offset: u32,
        pub mailbox_size: u32,
        // command: Linux writes
        pub command: u32,
        pub command_seq: u32,
        pub test_mode: u32,
        pub reserved_cmd0: u32,
        // boot protocol (issue #17, spec A.3): physical addresses, Linux writes
        pub lapic_phys: u64,
        pub mailbox_phys: u64,
        pub trace_phys: u64,
        pub console_phys: u64,
        pub reserved_cmd: [u64; 3],
        // status: AP writes
        pub state: u32,
        pub command_ack: u32,
        pub heartbeat: u64,
        pub heartbeat_hz: u32,
        pub unexpected_irqs: u32,
        pub last_unexpected_vector: u32,
        pub nmi_count: u32,
        pub wake_count: u64,
        pub free_pages: u64,
        pub reserved_status: [u64; 2],
        // CPU report: AP writes before READY
        pub cr0: u64,
        pub cr4: u64,
        pub efer: u64,
        pub pat: u64,
        pub mtrr_def_type: u64,
        pub region_mtrr_type: u32,
        pub region_pat_type: u32,
        pub apic_mode: u32,
        pub apic_id: u32,
        pub build_id: [u8; BUILD_ID_MAX],
        pub build_id_len: u32,
        pub mtrr_sync: u32,
        pub reserved_report: [u32; 8],
        // fault record: AP writes, first thing in the handler
        pub fault_count: u32,
        pub fault_vector: u32,
        pub fault_error_code: u64,
        pub fault_rip: u64,
        pub fault_cr2: u64,
        pub fault_rsp: u64,
        pub fault_rflags: u64,
        pub fault_cs: u64,
        pub fault_build_id: [u8; BUILD_ID_MAX],
        pub fault_build_id_len: u32,
        pub reserved_fault: [u32; 9],
    }
}

const _: () = assert!(shared::SIZE == 448);
const _: () = assert!(shared::region_phys == 8 && shared::image_end == 40);
const _: () = assert!(shared::mailbox_size == 52 && shared::command == 56);
const _: () = assert!(shared::reserved_cmd0 == 68 && shared::lapic_phys == 72);
const _: () = assert!(shared::mailbox_phys == 80 && shared::trace_phys == 88);
const _: () = assert!(shared::console_phys == 96 && shared::state == 128);
const _: () = assert!(shared::heartbeat == 136 && shared::wake_count == 160);
const _: () = assert!(shared::reserved_status == 176 && shared::cr0 == 192);
const _: () = assert!(shared::mtrr_def_type == 224 && shared::apic_id == 244);
const _: () = assert!(shared::build_id == 248 && shared::build_id_len == 280);
const _: () = assert!(shared::reserved_report == 288 && shared::fault_count == 320);
const _: () = assert!(shared::fault_error_code == 328 && shared::fault_cs == 368);
const _: () = assert!(shared::fault_build_id == 376 && shared::fault_build_id_len == 408);
const _: () = assert!(shared::reserved_fault == 412);
const _: () = assert!(shared::SIZE as u64 <= MTRR_OFFSET);

pub const MTRR_MAX_VAR: usize = 16;
pub const MTRR_NR_FIXED: usize = 11;

layout! {
    /// Linux's MTRRs at region + MTRR_OFFSET (struct pmdi_mtrr_state).
    pub struct MtrrState in mtrr_state {
        pub valid: u32,
        pub var_count: u32,
        pub cap: u64,
        pub def_type: u64,
        pub fixed: [u64; MTRR_NR_FIXED],
        pub var_base: [u64; MTRR_MAX_VAR],
        pub var_mask: [u64; MTRR_MAX_VAR],
    }
}

const _: () = assert!(mtrr_state::SIZE == 368 && mtrr_state::fixed == 24);
const _: () = assert!(mtrr_state::var_base == 112 && mtrr_state::var_mask == 240);

/// The console ring at region + CONSOLE_OFFSET (struct pmdi_console):
/// the AP produces (head), Linux consumes (tail).
pub const CONSOLE_BUF_SIZE: usize = 4096;

layout! {
    pub struct ConsoleHdr in console {
        pub head: u32,
        pub lost: u32,
        pub pad0: [u8; 56],
        pub tail: u32,
        pub pad1: [u8; 60],
        pub buf: [u8; CONSOLE_BUF_SIZE],
    }
}

const _: () = assert!(console::SIZE == 128 + CONSOLE_BUF_SIZE);
const _: () = assert!(console::lost == 4 && console::tail == 64 && console::buf == 128);

// ---- mailbox.h ---------------------------------------------------------

pub const MBOX_MAGIC: u32 = 0x584f_424d; // "MBOX"
pub const MBOX_VERSION: u32 = 1;
pub const MBOX_SLOT_SIZE: usize = 64;
pub const MBOX_MAX_DEVICES: u32 = 32;
pub const MBOX_MAX_WINDOWS: usize = 16;
pub const MBOX_EVT_INLINE: usize = 40;

/// Operations (enum pmdi_mbox_op).
pub const OP_NULL: u8 = 0;
pub const OP_READ: u8 = 1;
pub const OP_WRITE: u8 = 2;
pub const OP_FLUSH: u8 = 3;
pub const OP_SEND: u8 = 4;
pub const OP_RECV: u8 = 5;
pub const OP_MAX: u8 = 5;

/// Device classes (enum pmdi_mbox_class).
pub const DEV_NULL: u8 = 0;
pub const DEV_CONSOLE: u8 = 1;
pub const DEV_BLOCK: u8 = 2;
pub const DEV_NET: u8 = 3;
pub const DEV_RNG: u8 = 4;
pub const DEV_CLOCK: u8 = 5;

pub const DEVF_READONLY: u8 = 0x1;

/// Why a request failed (enum pmdi_mbox_reason).
pub const R_OK: u16 = 0;
pub const R_BAD_VERSION: u16 = 1;
pub const R_BAD_DEVICE: u16 = 2;
pub const R_BAD_OP: u16 = 3;
pub const R_BAD_BUFFER: u16 = 4;
pub const R_BAD_LENGTH: u16 = 5;
pub const R_BAD_OFFSET: u16 = 6;
pub const R_MISALIGNED: u16 = 7;
pub const R_DEVICE_ERROR: u16 = 8;
pub const R_SHUTDOWN: u16 = 9;
pub const R_NO_MEMORY: u16 = 10;
pub const R_BAD_FLAGS: u16 = 11;
pub const R_LINK_DOWN: u16 = 12;
pub const R_RX_POOL_FULL: u16 = 13;
pub const R_MAX: u16 = 13;

/// What the AP runs once its mailbox is up (enum pmdi_workload).
pub const WORKLOAD_IDLE: u32 = 0;
pub const WORKLOAD_DEMO: u32 = 1;
pub const WORKLOAD_BENCH: u32 = 2;
pub const WORKLOAD_BADREQ: u32 = 3;
pub const WORKLOAD_BURST: u32 = 4;
pub const WORKLOAD_MIXED: u32 = 5;
pub const WORKLOAD_NO_DOORBELL: u32 = 6;
pub const WORKLOAD_NO_REAP: u32 = 7;
pub const WORKLOAD_SILENT: u32 = 8;
pub const WORKLOAD_FAULT: u32 = 9;
pub const WORKLOAD_READ_VDB: u32 = 10;
pub const WORKLOAD_FUZZ: u32 = 11;
pub const WORKLOAD_CONFORMANCE: u32 = 12;
pub const WORKLOAD_NET: u32 = 13;
pub const WORKLOAD_RNG: u32 = 14;

/// Why Linux stopped serving the mailbox (enum pmdi_mbox_broken).
pub const BROKEN_NONE: u32 = 0;
pub const BROKEN_REQ_INDEX: u32 = 1;
pub const BROKEN_CPL_INDEX: u32 = 2;
pub const BROKEN_DOORBELL_STORM: u32 = 3;

/// Doorbell destination modes (enum pmdi_mbox_dest_mode).
pub const DEST_PHYSICAL: u32 = 0;
pub const DEST_LOGICAL: u32 = 1;

/// Linux errno values (x86) as completions carry them, negated.
pub const EIO: i32 = 5;
pub const EAGAIN: i32 = 11;
pub const ENOMEM: i32 = 12;
pub const EFAULT: i32 = 14;
pub const ENODEV: i32 = 19;
pub const EINVAL: i32 = 22;
pub const EPROTO: i32 = 71;
pub const EOPNOTSUPP: i32 = 95;
pub const ESHUTDOWN: i32 = 108;

layout! {
    /// A request slot, written by the AP (struct pmdi_mbox_req).
    pub struct MboxReq in mbox_req {
        pub id: u32,
        pub dev: u16,
        pub op: u8,
        pub abi: u8,
        pub len: u32,
        pub flags: u32,
        pub buf: u64,
        pub offset: u64,
        pub cookie: u64,
        pub rsvd: [u64; 3],
    }
}

const _: () = assert!(mbox_req::SIZE == MBOX_SLOT_SIZE);
const _: () = assert!(mbox_req::dev == 4 && mbox_req::op == 6 && mbox_req::abi == 7);
const _: () = assert!(mbox_req::len == 8 && mbox_req::flags == 12 && mbox_req::buf == 16);
const _: () = assert!(mbox_req::offset == 24 && mbox_req::cookie == 32);

layout! {
    /// A completion slot, written by Linux (struct pmdi_mbox_cpl).
    pub struct MboxCpl in mbox_cpl {
        pub id: u32,
        pub status: i32,
        pub bytes: u32,
        pub reason: u16,
        pub rsvd0: u16,
        pub cookie: u64,
        pub rsvd: [u64; 5],
    }
}

const _: () = assert!(mbox_cpl::SIZE == MBOX_SLOT_SIZE);
const _: () = assert!(mbox_cpl::status == 4 && mbox_cpl::bytes == 8);
const _: () = assert!(mbox_cpl::reason == 12 && mbox_cpl::cookie == 16);

layout! {
    /// An unsolicited event slot, written by Linux (struct pmdi_mbox_evt).
    pub struct MboxEvt in mbox_evt {
        pub seq: u32,
        pub dev: u16,
        pub kind: u8,
        pub flags: u8,
        pub len: u32,
        pub rsvd0: u32,
        pub buf: u64,
        pub data: [u8; MBOX_EVT_INLINE],
    }
}

const _: () = assert!(mbox_evt::SIZE == MBOX_SLOT_SIZE);
const _: () = assert!(mbox_evt::dev == 4 && mbox_evt::len == 8);
const _: () = assert!(mbox_evt::buf == 16 && mbox_evt::data == 24);

layout! {
    /// One device of the table, written by Linux (struct pmdi_mbox_dev).
    pub struct MboxDev in mbox_dev {
        pub id: u16,
        pub dev_class: u8,
        pub flags: u8,
        pub block_size: u32,
        pub capacity: u64,
        pub max_len: u32,
        pub align: u32,
        pub mac: [u8; 6],
        pub rx_pool: u16,
        pub name: [u8; 16],
        pub driver: [u8; 16],
    }
}

const _: () = assert!(mbox_dev::SIZE == 64 && mbox_dev::block_size == 4);
const _: () = assert!(mbox_dev::capacity == 8 && mbox_dev::max_len == 16);
const _: () = assert!(mbox_dev::align == 20 && mbox_dev::mac == 24);
const _: () = assert!(mbox_dev::name == 32 && mbox_dev::driver == 48);

fn cstr(b: &[u8]) -> &[u8] {
    let n = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    &b[..n]
}

impl MboxDev {
    /// The Linux name up to its NUL ("vda"); all 16 bytes if Linux wrote none.
    pub fn name(&self) -> &[u8] {
        cstr(&self.name)
    }

    pub fn driver(&self) -> &[u8] {
        cstr(&self.driver)
    }
}

layout! {
    /// Control block of one ring (struct pmdi_mbox_ring): the producer's
    /// cache line, then the consumer's.
    pub struct MboxRing in mbox_ring {
        pub prod: u32,
        pub overflows: u32,
        pub rsvd0: [u32; 14],
        pub cons: u32,
        pub sleeping: u32,
        pub rsvd1: [u32; 14],
    }
}

const _: () = assert!(mbox_ring::SIZE == 128 && mbox_ring::overflows == 4);
const _: () = assert!(mbox_ring::cons == 64 && mbox_ring::sleeping == 68);

layout! {
    /// A physically contiguous chunk of the I/O window.
    pub struct MboxWindow in mbox_window {
        pub phys: u64,
        pub size: u64,
    }
}

const _: () = assert!(mbox_window::SIZE == 16);

layout! {
    /// The mailbox header at region + MAILBOX_OFFSET (struct pmdi_mbox_hdr).
    pub struct MboxHdr in mbox_hdr {
        pub magic: u32,
        pub version: u32,
        pub size: u32,
        pub ndev: u32,
        pub req_slots: u32,
        pub cpl_slots: u32,
        pub evt_slots: u32,
        pub nwin: u32,
        pub dev_off: u32,
        pub req_off: u32,
        pub cpl_off: u32,
        pub evt_off: u32,
        pub ap_vector: u32,
        pub ap_apic_id: u32,
        pub workload: u32,
        pub workload_arg: u32,
        pub db_gen: u32,
        pub db_vector: u32,
        pub db_dest: u32,
        pub db_dest_mode: u32,
        pub ping_req: u32,
        pub ping_ack: u32,
        pub trace_mask: u32,
        pub sync_req: u32,
        pub sync_ack: u32,
        pub trace_ready: u32,
        pub sync_ap_tsc: u64,
        pub broken: u32,
        pub workload_seed: u32,
        pub ap_poll_us: u32,
        pub rsvd1: [u32; 1],
        pub win: [MboxWindow; MBOX_MAX_WINDOWS],
    }
}

const _: () = assert!(mbox_hdr::SIZE == 128 + 16 * MBOX_MAX_WINDOWS);
const _: () = assert!(mbox_hdr::ndev == 12 && mbox_hdr::nwin == 28);
const _: () = assert!(mbox_hdr::dev_off == 32 && mbox_hdr::ap_vector == 48);
const _: () = assert!(mbox_hdr::workload == 56 && mbox_hdr::db_gen == 64);
const _: () = assert!(mbox_hdr::db_vector == 68 && mbox_hdr::db_dest == 72);
const _: () = assert!(mbox_hdr::db_dest_mode == 76 && mbox_hdr::ping_req == 80);
const _: () = assert!(mbox_hdr::ping_ack == 84 && mbox_hdr::trace_mask == 88);
const _: () = assert!(mbox_hdr::sync_req == 92 && mbox_hdr::sync_ack == 96);
const _: () = assert!(mbox_hdr::trace_ready == 100 && mbox_hdr::sync_ap_tsc == 104);
const _: () = assert!(mbox_hdr::broken == 112 && mbox_hdr::workload_seed == 116);
const _: () = assert!(mbox_hdr::win == 128);

// ---- trace_format.h ----------------------------------------------------

pub const TRACE_VERSION: u32 = 1;

/// Event types (enum pmdi_ev).
pub const EV_REQ_POST: u8 = 1;
pub const EV_DOORBELL_SEND: u8 = 2;
pub const EV_DOORBELL_SUPPRESS: u8 = 3;
pub const EV_IPI_RECV: u8 = 4;
pub const EV_DISPATCH: u8 = 5;
pub const EV_DRV_BEGIN: u8 = 6;
pub const EV_DRV_END: u8 = 7;
pub const EV_REPLY_POST: u8 = 8;
pub const EV_REPLY_TAKE: u8 = 9;
pub const EV_REQ_DONE: u8 = 10;
pub const EV_EVENT_POST: u8 = 11;
pub const EV_EVENT_TAKE: u8 = 12;
pub const EV_HEARTBEAT: u8 = 13;
pub const EV_UNEXPECTED_IRQ: u8 = 14;
pub const EV_RING_OVERFLOW: u8 = 15;
pub const EV_LOST: u8 = 16;
pub const EV_CLOCK_SYNC: u8 = 17;
pub const EV_TRACE_CTRL: u8 = 18;
pub const EV_REQ_REFUSED: u8 = 19;
pub const EV_NET_DROP: u8 = 20;
pub const EV_NET_LINK: u8 = 21;
pub const EV_FIXED_LAST: u8 = 21;
pub const EV_LOG: u8 = 64;
pub const EV_AP_FAULT: u8 = 65;
pub const EV_INFLIGHT: u8 = 66;
pub const EV_NET_FRAME: u8 = 67;

/// Mailbox rings as trace events name them (enum pmdi_ring_id).
pub const RING_REQUEST: u8 = 0;
pub const RING_COMPLETION: u8 = 1;
pub const RING_EVENT: u8 = 2;

/// Event classes: bits of the mailbox header's `trace_mask`.
pub const CLASS_REQUEST: u32 = 1 << 0;
pub const CLASS_DOORBELL: u32 = 1 << 1;
pub const CLASS_DRIVER: u32 = 1 << 2;
pub const CLASS_EVENT: u32 = 1 << 3;
pub const CLASS_HEALTH: u32 = 1 << 4;
pub const CLASS_LOG: u32 = 1 << 5;
pub const CLASS_FRAME: u32 = 1 << 6;

/// Log levels (first byte of a LOG blob).
pub const LOG_ERR: u8 = 3;
pub const LOG_WARN: u8 = 4;
pub const LOG_INFO: u8 = 6;
pub const LOG_DEBUG: u8 = 7;

pub const SLOT_SIZE: usize = 16;
pub const TSC_BITS: u32 = 56;
pub const TSC_MASK: u64 = (1 << TSC_BITS) - 1;
pub const BLOB_MAX: usize = 192;
pub const BUILD_ID_LEN: usize = 20;

layout! {
    /// Header slot of every trace record (struct pmdi_trace_rec).
    pub struct TraceRec in trace_rec {
        pub tsc_type: u64,
        pub req: u32,
        pub arg: u32,
    }
}

const _: () = assert!(trace_rec::SIZE == SLOT_SIZE && trace_rec::req == 8 && trace_rec::arg == 12);

layout! {
    /// Extension slot of REQ_POST.
    pub struct ExtReqPost in ext_req_post {
        pub offset: u64,
        pub len: u32,
        pub rsvd: u32,
    }
}

const _: () = assert!(ext_req_post::SIZE == 16 && ext_req_post::len == 8);

layout! {
    /// Blob of AP_FAULT (48 bytes).
    pub struct BlobApFault in blob_ap_fault {
        pub rip: u64,
        pub cr2: u64,
        pub error_code: u64,
        pub vector: u8,
        pub rsvd: [u8; 3],
        pub build_id: [u8; BUILD_ID_LEN],
    }
}

const _: () = assert!(blob_ap_fault::SIZE == 48 && blob_ap_fault::vector == 24);
const _: () = assert!(blob_ap_fault::build_id == 28);

// ---- trace_ring.h ------------------------------------------------------

pub const RING_MAGIC: u32 = 0x5254_4d50; // "PMTR"

layout! {
    /// The trace ring's header (struct pmdi_trace_ring without its slots).
    pub struct TraceRingHdr in trace_ring {
        pub head: u64,
        pub lost_total: u64,
        pub pending_lost: u64,
        pub cached_tail: u64,
        pub pad0: [u8; 32],
        pub tail: u64,
        pub broken: u32,
        pub pad1: [u8; 52],
        pub magic: u32,
        pub nslots: u32,
        pub pad2: [u8; 56],
    }
}

const _: () = assert!(trace_ring::lost_total == 8 && trace_ring::tail == 64);
const _: () = assert!(trace_ring::broken == 72 && trace_ring::magic == 128);
const _: () = assert!(trace_ring::nslots == 132 && trace_ring::SIZE == 192);

/// Where the slots start (offsetof(struct pmdi_trace_ring, slots)).
pub const TRACE_RING_SLOTS: usize = trace_ring::SIZE;
