// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The kernel's own 4-level page tables (Intel SDM Vol. 3A 4.5), replacing
//! the loader's boot tables (which map only the region and the trampoline's
//! low 2 MiB):
//!
//!   PMDI_AP_KVBASE + off   the region, write-back, 2 MiB pages (PAT index 0)
//!   phys (identity)        the local APIC page, uncached (PCD|PWT: PAT
//!                          index 3, UC under the power-on PAT)
//!   phys (identity)        the mailbox's I/O window, write-back, so a
//!                          buffer's physical address is also its pointer
//!
//! Nothing else is mapped: a stray pointer faults and is reported. The
//! tables are static (in .bss): no page allocator is needed for them.

use crate::abi;
use crate::x86;

const P: u64 = 1;
const RW: u64 = 1 << 1;
const PWT: u64 = 1 << 3;
const PCD: u64 = 1 << 4;
const PS: u64 = 1 << 7;
const G: u64 = 1 << 8;
const NX: u64 = 1 << 63;
const ADDR: u64 = 0x000f_ffff_ffff_f000;

pub const WB: u64 = 0;
pub const UC: u64 = PCD | PWT;

const POOL: usize = 48;

#[repr(C, align(4096))]
#[derive(Clone, Copy)]
struct Table([u64; 512]);

static mut PML4: Table = Table([0; 512]);
static mut TABLES: [Table; POOL] = [Table([0; 512]); POOL];
static mut USED: usize = 0;
static mut REGION_PHYS: u64 = 0;
static mut NX_OK: bool = false;

/// Physical address of a static of this image (loaded at region +
/// (vaddr - PMDI_AP_KVBASE)).
fn phys_of(va: u64) -> u64 {
    unsafe { va - abi::AP_KVBASE + REGION_PHYS }
}

fn virt_of(pa: u64) -> *mut Table {
    unsafe { (pa - REGION_PHYS + abi::AP_KVBASE) as *mut Table }
}

fn next(table: *mut Table, idx: usize) -> Option<*mut Table> {
    unsafe {
        let e = (*table).0[idx];
        if e & P != 0 {
            if e & PS != 0 {
                return None; // already a large page
            }
            return Some(virt_of(e & ADDR));
        }
        if USED == POOL {
            return None;
        }
        let t = &mut TABLES[USED] as *mut Table;
        USED += 1;
        (*table).0[idx] = phys_of(t as u64) | P | RW;
        Some(t)
    }
}

fn pd_of(va: u64) -> Option<*mut Table> {
    let pdpt = next(unsafe { &mut PML4 as *mut Table }, ((va >> 39) & 511) as usize)?;
    next(pdpt, ((va >> 30) & 511) as usize)
}

fn map_2m(va: u64, pa: u64, flags: u64) -> bool {
    match pd_of(va) {
        Some(pd) => {
            unsafe { (*pd).0[((va >> 21) & 511) as usize] = pa | flags | P | PS };
            true
        }
        None => false,
    }
}

fn map_4k(va: u64, pa: u64, flags: u64) -> bool {
    let pt = match pd_of(va).and_then(|pd| next(pd, ((va >> 21) & 511) as usize)) {
        Some(pt) => pt,
        None => return false,
    };
    unsafe { (*pt).0[((va >> 12) & 511) as usize] = pa | flags | P };
    x86::invlpg(va);
    true
}

/// Build the tables for the region and switch to them.
pub fn init(region_phys: u64, region_size: u64, nx: bool) -> bool {
    unsafe {
        REGION_PHYS = region_phys;
        NX_OK = nx;
    }
    let mut off = 0;
    while off < region_size {
        if !map_2m(abi::AP_KVBASE + off, region_phys + off, RW | G | WB) {
            return false;
        }
        off += 0x20_0000;
    }
    x86::write_cr3(phys_of(unsafe { &PML4 as *const Table as u64 }));
    true
}

/// Identity-map [pa, pa + len) read/write, not executable, with cache type
/// `cache` (WB or UC). 2 MiB pages where alignment allows.
pub fn map_identity(pa: u64, len: u64, cache: u64) -> bool {
    let nx = if unsafe { NX_OK } { NX } else { 0 };
    let mut a = pa & !0xfff;
    let end = match pa.checked_add(len) {
        Some(e) => (e + 0xfff) & !0xfff,
        None => return false,
    };
    if end > 1 << 46 {
        return false; // not a canonical lower-half identity address
    }
    while a < end {
        if a & 0x1f_ffff == 0 && end - a >= 0x20_0000 {
            if !map_2m(a, a, RW | nx | cache) {
                return false;
            }
            a += 0x20_0000;
        } else {
            if !map_4k(a, a, RW | nx | cache) {
                return false;
            }
            a += 0x1000;
        }
    }
    true
}
