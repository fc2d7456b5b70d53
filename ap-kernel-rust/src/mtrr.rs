// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! Which memory type the hardware really gives the region (Intel SDM Vol.
//! 3A 12.11 MTRRs, 12.12 PAT). An emulator ignores cache types, hardware
//! does not; Linux refuses an AP whose region is not write-back.
//!
//! MTRRs are per CPU and must agree on all CPUs (12.11.8). Hardware keeps
//! them across INIT; QEMU resets them (everything uncached). sync() compares
//! ours with the set Linux handed over at region + PMDI_MTRR_OFFSET and, if
//! they differ, loads Linux's with the procedure of 12.11.7.2 (caches off
//! and flushed, MTRRs off, write, flush, MTRRs on, caches on).

use crate::abi;
use crate::x86::{self, rd32, rd64, rdmsr, wrmsr};

const CPUID_1_EDX_MTRR: u32 = 1 << 12;
const DEF_E: u64 = 1 << 11;
const DEF_FE: u64 = 1 << 10;
const MASK_VALID: u64 = 1 << 11;
const CAP_FIX: u64 = 1 << 8;
const MAX_VAR: usize = 32;
const FIXED: [u32; abi::MTRR_NR_FIXED] =
    [0x250, 0x258, 0x259, 0x268, 0x269, 0x26a, 0x26b, 0x26c, 0x26d, 0x26e, 0x26f];

fn has_mtrr() -> bool {
    x86::cpuid(1).3 & CPUID_1_EDX_MTRR != 0
}

fn phys_mask() -> u64 {
    let mut bits = 36;
    if x86::cpuid(0x8000_0000).0 >= 0x8000_0008 {
        bits = x86::cpuid(0x8000_0008).0 & 0xff;
    }
    ((1u64 << bits) - 1) & !0xfff
}

/// The MTRR type of [phys, phys + size), PMDI_MT_MIXED when it varies.
pub fn type_of_range(phys: u64, size: u64) -> u32 {
    if !has_mtrr() {
        return abi::MT_UNKNOWN;
    }
    let def = rdmsr(x86::MSR_MTRR_DEF_TYPE);
    if def & DEF_E == 0 {
        return abi::MT_UC;
    }
    let n = ((rdmsr(x86::MSR_MTRRCAP) & 0xff) as usize).min(MAX_VAR);
    let am = phys_mask();
    let mut base = [0u64; MAX_VAR];
    let mut mask = [0u64; MAX_VAR];
    for i in 0..n {
        base[i] = rdmsr(x86::MSR_MTRR_PHYSBASE0 + 2 * i as u32);
        mask[i] = rdmsr(x86::MSR_MTRR_PHYSBASE0 + 2 * i as u32 + 1);
    }
    let mut result = abi::MT_UNKNOWN;
    let mut pa = phys;
    while pa < phys + size {
        let (mut uc, mut wt, mut wb, mut other) = (false, false, false, false);
        let mut t = abi::MT_UNKNOWN;
        for i in 0..n {
            let m = mask[i] & am;
            if mask[i] & MASK_VALID == 0 || pa & m != base[i] & m {
                continue;
            }
            let ty = (base[i] & 0xff) as u32;
            match ty {
                abi::MT_UC => uc = true,
                abi::MT_WT => wt = true,
                abi::MT_WB => wb = true,
                _ => {
                    if t != abi::MT_UNKNOWN && t != ty {
                        other = true;
                    }
                    t = ty;
                }
            }
        }
        // Precedence of overlapping ranges (12.11.4.1).
        t = if uc {
            abi::MT_UC
        } else if other || (t != abi::MT_UNKNOWN && (wt || wb)) {
            abi::MT_MIXED
        } else if wt {
            abi::MT_WT
        } else if wb {
            abi::MT_WB
        } else if t == abi::MT_UNKNOWN {
            (def & 0xff) as u32
        } else {
            t
        };
        if result == abi::MT_UNKNOWN {
            result = t;
        } else if result != t {
            return abi::MT_MIXED;
        }
        pa += 0x1000;
    }
    result
}

fn st(off: usize) -> u64 {
    abi::AP_KVBASE + abi::MTRR_OFFSET + off as u64
}

fn equal(cap: u64, var_count: usize) -> bool {
    if rdmsr(x86::MSR_MTRR_DEF_TYPE) != rd64(st(abi::mtrr_state::def_type)) {
        return false;
    }
    if cap & CAP_FIX != 0 {
        for (i, &msr) in FIXED.iter().enumerate() {
            if rdmsr(msr) != rd64(st(abi::mtrr_state::fixed + 8 * i)) {
                return false;
            }
        }
    }
    for i in 0..var_count {
        let b = rd64(st(abi::mtrr_state::var_base + 8 * i));
        let m = rd64(st(abi::mtrr_state::var_mask + 8 * i));
        if rdmsr(x86::MSR_MTRR_PHYSBASE0 + 2 * i as u32) != b
            || rdmsr(x86::MSR_MTRR_PHYSBASE0 + 2 * i as u32 + 1) != m
        {
            return false;
        }
    }
    true
}

/// Make this CPU's MTRRs Linux's. Returns PMDI_MTRR_*.
pub fn sync() -> u32 {
    if !has_mtrr() || rd32(st(abi::mtrr_state::valid)) == 0 {
        return abi::MTRR_NO_INFO;
    }
    let cap = rdmsr(x86::MSR_MTRRCAP);
    let vcnt = (cap & 0xff) as usize;
    // Linux wrote it before starting us; still, never index past our copy.
    let var_count = rd32(st(abi::mtrr_state::var_count)) as usize;
    if var_count > vcnt || var_count > abi::MTRR_MAX_VAR {
        return abi::MTRR_NO_INFO;
    }
    if equal(cap, var_count) {
        return abi::MTRR_MATCHED;
    }
    let def = rd64(st(abi::mtrr_state::def_type));
    let flags = x86::irq_save();
    let cr0 = x86::read_cr0();
    let cr4 = x86::read_cr4();
    x86::write_cr0((cr0 | x86::CR0_CD) & !x86::CR0_NW); // no-fill cache mode
    x86::wbinvd();
    x86::write_cr4(cr4 & !x86::CR4_PGE); // flushes global TLB entries
    x86::write_cr3(x86::read_cr3());
    wrmsr(x86::MSR_MTRR_DEF_TYPE, def & !(DEF_E | DEF_FE));
    if cap & CAP_FIX != 0 {
        for (i, &msr) in FIXED.iter().enumerate() {
            wrmsr(msr, rd64(st(abi::mtrr_state::fixed + 8 * i)));
        }
    }
    for i in 0..vcnt {
        let (b, m) = if i < var_count {
            (rd64(st(abi::mtrr_state::var_base + 8 * i)), rd64(st(abi::mtrr_state::var_mask + 8 * i)))
        } else {
            (0, 0)
        };
        wrmsr(x86::MSR_MTRR_PHYSBASE0 + 2 * i as u32, b);
        wrmsr(x86::MSR_MTRR_PHYSBASE0 + 2 * i as u32 + 1, m);
    }
    x86::wbinvd();
    x86::write_cr3(x86::read_cr3());
    wrmsr(x86::MSR_MTRR_DEF_TYPE, def);
    x86::write_cr0(cr0 & !(x86::CR0_CD | x86::CR0_NW));
    x86::write_cr4(cr4);
    x86::irq_restore(flags);
    abi::MTRR_COPIED
}
