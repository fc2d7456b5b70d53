// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The C side of the tests (tests/c/*.c, built into libpmdic.a).

use crate::abi::{MboxCpl, MboxDev, MboxEvt, MboxReq, MboxWindow, TraceRec};
use std::os::raw::{c_char, c_int, c_uint, c_ulong, c_ulonglong};

#[repr(C)]
pub struct CField {
    pub ty: *const c_char,
    pub field: *const c_char,
    pub offset: c_ulong,
    pub size: c_ulong,
}

#[repr(C)]
pub struct CConst {
    pub name: *const c_char,
    pub value: c_ulonglong,
}

/// Opaque C structs.
#[repr(C)]
pub struct CConsumer {
    _p: [u8; 0],
}

#[repr(C)]
pub struct CSim {
    _p: [u8; 0],
}

extern "C" {
    pub static rl_c_fields: CField;
    pub static rl_c_nfields: c_ulong;
    pub static rl_c_consts: CConst;
    pub static rl_c_nconsts: c_ulong;
    pub static rl_c_have_boot_fields: c_int;

    pub fn rl_c_ring_bytes(nslots: c_uint) -> c_ulonglong;
    pub fn rl_c_ring_init(r: *mut u8, nslots: c_uint) -> c_int;
    pub fn rl_c_emit(r: *mut u8, ty: c_uint, tsc: u64, req: u32, arg: u32, ext: *const u8, len: u32)
        -> c_int;
    pub fn rl_c_consumer_new(r: *mut u8) -> *mut CConsumer;
    pub fn rl_c_consumer_free(c: *mut CConsumer);
    pub fn rl_c_consume(c: *mut CConsumer, out: *mut TraceRec, max: u32) -> c_int;
    pub fn rl_c_consumer_broken(c: *const CConsumer) -> c_uint;
    pub fn rl_c_decode(
        slots: *const TraceRec,
        n: u32,
        ty: *mut u8,
        tsc: *mut u64,
        req: *mut u32,
        args: *mut u64,
        blob: *mut *const u8,
        blob_len: *mut u32,
    ) -> c_int;

    pub static rl_golden_rust_records: c_ulong;
    pub static rl_golden_c_records: c_ulong;
    pub fn rl_golden_main(argc: c_int, argv: *const *const c_char) -> c_int;

    pub fn rl_sim_new(
        base: *mut u8,
        size: u32,
        req_slots: u32,
        cpl_slots: u32,
        evt_slots: u32,
        devs: *const MboxDev,
        ndev: u32,
        win: *const MboxWindow,
        nwin: u32,
        first_index: u32,
    ) -> *mut CSim;
    pub fn rl_sim_free(s: *mut CSim);
    pub fn rl_sim_take(s: *mut CSim, out: *mut MboxReq) -> c_int;
    pub fn rl_sim_check(s: *const CSim, rq: *const MboxReq, cpl: *mut MboxCpl) -> c_uint;
    pub fn rl_sim_complete(s: *mut CSim, c: *const MboxCpl) -> c_int;
    pub fn rl_sim_event(s: *mut CSim, e: *const MboxEvt) -> c_int;
    pub fn rl_sim_sleep(s: *mut CSim) -> c_int;
    pub fn rl_sim_cpl_pending(s: *const CSim) -> c_int;
    pub fn rl_sim_req_pending(s: *const CSim) -> c_int;
}

pub fn cstr(p: *const c_char) -> String {
    unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

pub fn c_fields() -> Vec<(String, String, usize, usize)> {
    unsafe {
        std::slice::from_raw_parts(&rl_c_fields as *const CField, rl_c_nfields as usize)
            .iter()
            .map(|f| (cstr(f.ty), cstr(f.field), f.offset as usize, f.size as usize))
            .collect()
    }
}

pub fn c_consts() -> Vec<(String, u64)> {
    unsafe {
        std::slice::from_raw_parts(&rl_c_consts as *const CConst, rl_c_nconsts as usize)
            .iter()
            .map(|k| (cstr(k.name), k.value as u64))
            .collect()
    }
}
