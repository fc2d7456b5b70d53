// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The instructions Rust cannot express (Intel SDM Vol. 3A 2.5 control
//! registers, Vol. 4 MSRs, 6.8.1 "sti" shadow), and the kernel's raw
//! accesses to memory the other CPU or a device also touches: volatile,
//! never through a Rust reference.
#![allow(dead_code)]

use core::arch::asm;

pub const CR0_MP: u64 = 1 << 1;
pub const CR0_EM: u64 = 1 << 2;
pub const CR0_NE: u64 = 1 << 5;
pub const CR0_WP: u64 = 1 << 16;
pub const CR0_NW: u64 = 1 << 29;
pub const CR0_CD: u64 = 1 << 30;
pub const CR4_MCE: u64 = 1 << 6;
pub const CR4_PGE: u64 = 1 << 7;

pub const MSR_APIC_BASE: u32 = 0x1b;
pub const MSR_MTRRCAP: u32 = 0xfe;
pub const MSR_MTRR_PHYSBASE0: u32 = 0x200;
pub const MSR_PAT: u32 = 0x277;
pub const MSR_MTRR_DEF_TYPE: u32 = 0x2ff;
pub const MSR_EFER: u32 = 0xc000_0080;
pub const EFER_NXE: u64 = 1 << 11;
pub const RFLAGS_IF: u64 = 1 << 9;

macro_rules! cr {
    ($read:ident, $write:ident, $reg:literal) => {
        #[inline(always)]
        pub fn $read() -> u64 {
            let v: u64;
            unsafe { asm!(concat!("mov {}, ", $reg), out(reg) v, options(nomem, nostack)) };
            v
        }
        #[inline(always)]
        pub fn $write(v: u64) {
            unsafe { asm!(concat!("mov ", $reg, ", {}"), in(reg) v, options(nostack)) };
        }
    };
}
cr!(read_cr0, write_cr0, "cr0");
cr!(read_cr3, write_cr3, "cr3");
cr!(read_cr4, write_cr4, "cr4");

#[inline(always)]
pub fn read_cr2() -> u64 {
    let v: u64;
    unsafe { asm!("mov {}, cr2", out(reg) v, options(nomem, nostack)) };
    v
}

#[inline(always)]
pub fn rdmsr(msr: u32) -> u64 {
    let (lo, hi): (u32, u32);
    unsafe { asm!("rdmsr", in("ecx") msr, out("eax") lo, out("edx") hi, options(nomem, nostack)) };
    ((hi as u64) << 32) | lo as u64
}

#[inline(always)]
pub fn wrmsr(msr: u32, v: u64) {
    unsafe {
        asm!("wrmsr", in("ecx") msr, in("eax") v as u32, in("edx") (v >> 32) as u32,
             options(nostack))
    };
}

#[inline(always)]
pub fn rdtsc() -> u64 {
    let (lo, hi): (u32, u32);
    unsafe { asm!("rdtsc", out("eax") lo, out("edx") hi, options(nomem, nostack)) };
    ((hi as u64) << 32) | lo as u64
}

pub fn cpuid(leaf: u32) -> (u32, u32, u32, u32) {
    let r = unsafe { core::arch::x86_64::__cpuid_count(leaf, 0) };
    (r.eax, r.ebx, r.ecx, r.edx)
}

#[inline(always)]
pub fn cli() {
    unsafe { asm!("cli", options(nostack)) };
}

#[inline(always)]
pub fn sti() {
    unsafe { asm!("sti", options(nostack)) };
}

/// Sleep until an interrupt. The caller checked for work with interrupts
/// off; the instruction after "sti" runs before any interrupt is taken, so
/// a wake-up between the check and the "hlt" still ends the "hlt".
#[inline(always)]
pub fn sti_hlt() {
    unsafe { asm!("sti", "hlt", options(nostack)) };
}

#[inline(always)]
pub fn hlt() {
    unsafe { asm!("hlt", options(nostack)) };
}

pub fn halt_forever() -> ! {
    loop {
        cli();
        hlt();
    }
}

#[inline(always)]
pub fn irq_save() -> u64 {
    let f: u64;
    unsafe { asm!("pushfq", "pop {}", "cli", out(reg) f) };
    f
}

/// Are interrupts on (RFLAGS.IF)?
#[inline(always)]
pub fn interrupts_on() -> bool {
    let f: u64;
    unsafe { asm!("pushfq", "pop {}", out(reg) f, options(nomem, preserves_flags)) };
    f & RFLAGS_IF != 0
}

#[inline(always)]
pub fn irq_restore(f: u64) {
    if f & RFLAGS_IF != 0 {
        sti();
    }
}

#[inline(always)]
pub fn wbinvd() {
    unsafe { asm!("wbinvd", options(nostack)) };
}

#[inline(always)]
pub fn invlpg(va: u64) {
    unsafe { asm!("invlpg [{}]", in(reg) va, options(nostack)) };
}

#[inline(always)]
pub fn pause() {
    unsafe { asm!("pause", options(nomem, nostack)) };
}

/// Full fence: earlier stores before later loads (Vol. 3A 9.2.2).
#[inline(always)]
pub fn mfence() {
    unsafe { asm!("mfence", options(nostack)) };
}

/// Compiler barrier: x86 keeps store-store and load-load order itself.
#[inline(always)]
pub fn barrier() {
    core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::SeqCst);
}

// Raw shared or device memory at a virtual address the caller mapped.
#[inline(always)]
pub fn rd8(a: u64) -> u8 {
    unsafe { core::ptr::read_volatile(a as *const u8) }
}
#[inline(always)]
pub fn rd32(a: u64) -> u32 {
    unsafe { core::ptr::read_volatile(a as *const u32) }
}
#[inline(always)]
pub fn rd64(a: u64) -> u64 {
    unsafe { core::ptr::read_volatile(a as *const u64) }
}
#[inline(always)]
pub fn wr8(a: u64, v: u8) {
    unsafe { core::ptr::write_volatile(a as *mut u8, v) }
}
#[inline(always)]
pub fn wr32(a: u64, v: u32) {
    unsafe { core::ptr::write_volatile(a as *mut u32, v) }
}
#[inline(always)]
pub fn wr64(a: u64, v: u64) {
    unsafe { core::ptr::write_volatile(a as *mut u64, v) }
}
