// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The few ABI numbers the kernel's arch code needs before the library's
//! abi.rs (h-rl) is merged: region layout, struct pmdi_shared offsets,
//! the console ring and Linux's MTRR hand-over (interface/include/pmdi/
//! boot.h, shared.h). Offsets are the C headers' _Static_asserts.
#![allow(dead_code)]

pub const SHARED_MAGIC: u32 = 0x5248_5350;
pub const ABI_VERSION: u32 = 1;
pub const AP_KVBASE: u64 = 0xffff_ffff_8000_0000;
pub const SHARED_OFFSET: u64 = 0;
pub const MTRR_OFFSET: u64 = 0x800;
pub const CONSOLE_OFFSET: u64 = 0x1000;
pub const MAILBOX_OFFSET: u64 = 0x10000;
pub const MAILBOX_SIZE: u64 = 0x70000;
pub const TRACE_OFFSET: u64 = 0x80000;
pub const TRACE_SIZE: u64 = 0x80000;

pub const AP_VEC_WAKE: u8 = 0x40;
pub const AP_VEC_TIMER: u8 = 0x41;
pub const AP_VEC_ERROR: u8 = 0xfe;
pub const AP_VEC_SPURIOUS: u8 = 0xff;

pub const AP_STATE_BOOTING: u32 = 1;
pub const AP_STATE_READY: u32 = 2;
pub const AP_STATE_STOPPED: u32 = 3;
pub const AP_STATE_FAULTED: u32 = 4;
pub const CMD_STOP: u32 = 1;
pub const APIC_XAPIC: u32 = 1;
pub const APIC_X2APIC: u32 = 2;

pub const MT_UC: u32 = 0;
pub const MT_WT: u32 = 4;
pub const MT_WB: u32 = 6;
pub const MT_MIXED: u32 = 0xfe;
pub const MT_UNKNOWN: u32 = 0xff;
pub const MTRR_MATCHED: u32 = 0;
pub const MTRR_COPIED: u32 = 1;
pub const MTRR_NO_INFO: u32 = 2;
pub const BUILD_ID_MAX: usize = 32;

#[allow(non_upper_case_globals)]
pub mod shared {
    pub const magic: usize = 0;
    pub const abi_version: usize = 4;
    pub const region_phys: usize = 8;
    pub const region_size: usize = 16;
    pub const tsc_khz: usize = 36;
    pub const image_end: usize = 40;
    pub const command: usize = 56;
    pub const command_seq: usize = 60;
    pub const lapic_phys: usize = 72;
    pub const state: usize = 128;
    pub const command_ack: usize = 132;
    pub const heartbeat: usize = 136;
    pub const heartbeat_hz: usize = 144;
    pub const unexpected_irqs: usize = 148;
    pub const last_unexpected_vector: usize = 152;
    pub const nmi_count: usize = 156;
    pub const wake_count: usize = 160;
    pub const free_pages: usize = 168;
    pub const cr0: usize = 192;
    pub const cr4: usize = 200;
    pub const efer: usize = 208;
    pub const pat: usize = 216;
    pub const mtrr_def_type: usize = 224;
    pub const region_mtrr_type: usize = 232;
    pub const region_pat_type: usize = 236;
    pub const apic_mode: usize = 240;
    pub const apic_id: usize = 244;
    pub const build_id: usize = 248;
    pub const build_id_len: usize = 280;
    pub const mtrr_sync: usize = 284;
    pub const fault_count: usize = 320;
    pub const fault_vector: usize = 324;
    pub const fault_error_code: usize = 328;
    pub const fault_rip: usize = 336;
    pub const fault_cr2: usize = 344;
    pub const fault_rsp: usize = 352;
    pub const fault_rflags: usize = 360;
    pub const fault_cs: usize = 368;
    pub const fault_build_id: usize = 376;
    pub const fault_build_id_len: usize = 408;
}

pub const MTRR_MAX_VAR: usize = 16;
pub const MTRR_NR_FIXED: usize = 11;

#[allow(non_upper_case_globals)]
pub mod mtrr_state {
    pub const valid: usize = 0;
    pub const var_count: usize = 4;
    pub const cap: usize = 8;
    pub const def_type: usize = 16;
    pub const fixed: usize = 24;
    pub const var_base: usize = 112;
    pub const var_mask: usize = 240;
}

pub const CONSOLE_BUF_SIZE: u32 = 4096;

#[allow(non_upper_case_globals)]
pub mod console {
    pub const head: usize = 0;
    pub const lost: usize = 4;
    pub const tail: usize = 64;
    pub const buf: usize = 128;
}
