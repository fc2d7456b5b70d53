// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The local APIC of this CPU (Intel SDM Vol. 3A chapter 11). xAPIC: a 4 KiB
//! MMIO page at IA32_APIC_BASE, mapped uncached (paging.rs); x2APIC
//! (IA32_APIC_BASE.EXTD): MSRs 0x800 + offset/16, the ICR one 64-bit MSR.
//! INIT left it software-disabled with every LVT masked: enable it through
//! the spurious-interrupt register. The x2APIC path is for bare metal; QEMU
//! TCG offers xAPIC only, so it is untested here.

use crate::abi;
use crate::paging;
use crate::x86::{self, rd32, rdmsr, wr32, wrmsr};

const ID: u32 = 0x020;
const TPR: u32 = 0x080;
const EOI: u32 = 0x0b0;
const SVR: u32 = 0x0f0;
const ESR: u32 = 0x280;
const ICR_LOW: u32 = 0x300;
const ICR_HIGH: u32 = 0x310;
const LVT_TIMER: u32 = 0x320;
const LVT_LINT0: u32 = 0x350;
const LVT_LINT1: u32 = 0x360;
const LVT_ERROR: u32 = 0x370;
const TIMER_ICR: u32 = 0x380;
const TIMER_CCR: u32 = 0x390;
const TIMER_DCR: u32 = 0x3e0;

const BASE_ENABLE: u64 = 1 << 11;
const BASE_EXTD: u64 = 1 << 10;
const SVR_ENABLE: u32 = 1 << 8;
const LVT_MASKED: u32 = 1 << 16;
const LVT_PERIODIC: u32 = 1 << 17;
const DCR_DIV16: u32 = 0x3;
const ICR_BUSY: u32 = 1 << 12;
const ICR_DEST_LOGICAL: u32 = 1 << 11;
const ICR_SELF: u32 = 1 << 18;

static mut BASE: u64 = 0;
static mut X2APIC: bool = false;
static mut PERIOD: u32 = 0;

fn read(reg: u32) -> u32 {
    unsafe {
        if X2APIC {
            rdmsr(0x800 + (reg >> 4)) as u32
        } else {
            rd32(BASE + reg as u64)
        }
    }
}

fn write(reg: u32, v: u32) {
    unsafe {
        if X2APIC {
            wrmsr(0x800 + (reg >> 4), v as u64)
        } else {
            wr32(BASE + reg as u64, v)
        }
    }
}

pub fn eoi() {
    write(EOI, 0);
}

/// The EOI register's address (xAPIC, mapped at its physical address), or
/// 0 in x2APIC mode (MSR 0x80b): for the wake IPI's fast path (entry.rs).
pub fn eoi_addr() -> u64 {
    if is_x2apic() {
        0
    } else {
        unsafe { BASE + EOI as u64 }
    }
}

pub fn is_x2apic() -> bool {
    unsafe { X2APIC }
}

pub fn id() -> u32 {
    if is_x2apic() {
        read(ID)
    } else {
        read(ID) >> 24
    }
}

/// A Fixed IPI to `dest`. x2APIC ICR writes are not serializing: fence so
/// that the ring index the doorbell announces is visible first (Vol. 3A
/// 11.12.3); xAPIC: one ICR sequence at a time, with interrupts off.
pub fn send_fixed(dest: u32, vector: u8, logical: bool) {
    let low = vector as u32 | if logical { ICR_DEST_LOGICAL } else { 0 };
    let flags = x86::irq_save();
    if is_x2apic() {
        unsafe { core::arch::asm!("mfence", "lfence", options(nostack)) };
        wrmsr(0x830, ((dest as u64) << 32) | low as u64);
    } else {
        while read(ICR_LOW) & ICR_BUSY != 0 {
            x86::pause();
        }
        write(ICR_HIGH, dest << 24);
        write(ICR_LOW, low);
    }
    x86::irq_restore(flags);
}

/// A Fixed IPI to this CPU itself (destination shorthand "self").
pub fn send_self(vector: u8) {
    let low = vector as u32 | ICR_SELF;
    let flags = x86::irq_save();
    if is_x2apic() {
        wrmsr(0x830, low as u64);
    } else {
        while read(ICR_LOW) & ICR_BUSY != 0 {
            x86::pause();
        }
        write(ICR_LOW, low);
    }
    x86::irq_restore(flags);
}

/// APIC timer counts in 10 ms, against Linux's TSC calibration.
fn calibrate(tsc_khz: u32) -> u32 {
    let wait = tsc_khz as u64 * 10;
    write(TIMER_DCR, DCR_DIV16);
    write(LVT_TIMER, LVT_MASKED | abi::AP_VEC_TIMER as u32);
    write(TIMER_ICR, 0xffff_ffff);
    let t0 = x86::rdtsc();
    while x86::rdtsc() - t0 < wait {
        x86::pause();
    }
    0xffff_ffff - read(TIMER_CCR)
}

/// Map, enable, calibrate and start the periodic timer at `hz`. False when
/// the APIC is globally disabled or cannot be mapped.
pub fn init(tsc_khz: u32, hz: u32) -> bool {
    let base = rdmsr(x86::MSR_APIC_BASE);
    if base & BASE_ENABLE == 0 {
        return false;
    }
    unsafe {
        X2APIC = base & BASE_EXTD != 0;
        BASE = base & 0x000f_ffff_ffff_f000;
    }
    if !is_x2apic() && !paging::map_identity(unsafe { BASE }, 0x1000, paging::UC) {
        return false;
    }
    write(SVR, SVR_ENABLE | abi::AP_VEC_SPURIOUS as u32);
    write(TPR, 0);
    write(LVT_LINT0, LVT_MASKED);
    write(LVT_LINT1, LVT_MASKED);
    write(LVT_ERROR, abi::AP_VEC_ERROR as u32);
    write(ESR, 0);
    let mut per10ms = if tsc_khz != 0 { calibrate(tsc_khz) } else { 0 };
    if per10ms == 0 {
        per10ms = 62500; // 100 MHz bus / 16, a guess
    }
    unsafe { PERIOD = per10ms * (100 / hz) };
    timer_start();
    true
}

pub fn timer_start() {
    write(TIMER_DCR, DCR_DIV16);
    write(LVT_TIMER, LVT_PERIODIC | abi::AP_VEC_TIMER as u32);
    write(TIMER_ICR, unsafe { PERIOD });
}

pub fn timer_stop() {
    write(LVT_TIMER, LVT_MASKED | abi::AP_VEC_TIMER as u32);
    write(TIMER_ICR, 0);
}

/// The APIC error interrupt: latch and read ESR (Vol. 3A 11.5.3), count it.
pub fn error_handler() {
    write(ESR, 0);
    let _ = read(ESR);
}
