// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The IDT (Intel SDM Vol. 3A 6.14.1: 16-byte gates), the one Rust entry
//! for every vector, and the fault report.
//!
//! All gates are interrupt gates (IF cleared on entry: handlers never nest,
//! except NMI and machine check), and each names an IST stack (gdt.rs).
//! Exceptions write the fault record into the control block first, with
//! plain stores that cannot fault again, then halt: Linux takes the CPU
//! back with INIT.

use crate::entry::{self, TrapFrame};
use crate::gdt;
use crate::abi;
use crate::x86::{self, rd32, rd8, wr32, wr64, wr8};
use core::arch::asm;

pub type Handler = fn(&mut TrapFrame);

#[repr(C, align(16))]
struct Idt([[u64; 2]; 256]);

static mut IDT: Idt = Idt([[0; 2]; 256]);
static mut HANDLERS: [Option<Handler>; 256] = [None; 256];
static mut IN_FAULT: bool = false;

const VEC_NMI: u64 = 2;
const VEC_DF: u64 = 8;
const VEC_MC: u64 = 18;

fn gate(addr: u64, ist: u8) -> [u64; 2] {
    // P=1, DPL 0, type 0xE (64-bit interrupt gate)
    let lo = (addr & 0xffff)
        | ((gdt::SEL_CODE as u64) << 16)
        | ((ist as u64) << 32)
        | (0x8e << 40)
        | (((addr >> 16) & 0xffff) << 48);
    [lo, addr >> 32]
}

pub fn init() {
    unsafe {
        for v in 0..256usize {
            let ist = match v as u64 {
                VEC_DF => gdt::IST_DOUBLE_FAULT,
                VEC_NMI => gdt::IST_NMI,
                VEC_MC => gdt::IST_MACHINE_CHECK,
                0..=31 => gdt::IST_FAULT,
                _ => gdt::IST_IRQ,
            };
            IDT.0[v] = gate(entry::stub_addr(v), ist);
        }
        let ptr = gdt::DescPtr {
            limit: (core::mem::size_of::<Idt>() - 1) as u16,
            base: &IDT as *const Idt as u64,
        };
        asm!("lidt [{}]", in(reg) &ptr as *const gdt::DescPtr, options(nostack));
    }
}

pub fn set_handler(vector: u8, h: Handler) {
    unsafe { HANDLERS[vector as usize] = Some(h) };
}

fn sh(off: usize) -> u64 {
    abi::AP_KVBASE + abi::SHARED_OFFSET + off as u64
}

#[no_mangle]
extern "C" fn trap_dispatch(tf: &mut TrapFrame) {
    let v = tf.vector;
    if v == VEC_NMI {
        // May be stray: count it and carry on.
        wr32(sh(abi::shared::nmi_count), rd32(sh(abi::shared::nmi_count)).wrapping_add(1));
        return;
    }
    if v < 32 {
        fault_report(tf);
    }
    if let Some(h) = unsafe { HANDLERS[v as usize] } {
        h(tf);
        return;
    }
    // Nobody asked for this vector: count it, acknowledge, carry on.
    wr32(sh(abi::shared::unexpected_irqs), rd32(sh(abi::shared::unexpected_irqs)).wrapping_add(1));
    wr32(sh(abi::shared::last_unexpected_vector), v as u32);
    crate::trace_unexpected(v as u32);
    if v != abi::AP_VEC_SPURIOUS as u64 {
        crate::lapic::eoi();
    }
}

const NAMES: [&str; 22] = [
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor segment overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack-segment fault",
    "#GP general protection",
    "#PF page fault",
    "reserved exception",
    "#MF x87 error",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD error",
    "#VE virtualization",
    "#CP control protection",
];

fn fault_report(tf: &TrapFrame) -> ! {
    let cr2 = x86::read_cr2();
    if unsafe { IN_FAULT } {
        // A fault while reporting one: the first record stands.
        x86::halt_forever();
    }
    unsafe { IN_FAULT = true };
    wr32(sh(abi::shared::fault_vector), tf.vector as u32);
    wr64(sh(abi::shared::fault_error_code), tf.error_code);
    wr64(sh(abi::shared::fault_rip), tf.rip);
    wr64(sh(abi::shared::fault_cr2), cr2);
    wr64(sh(abi::shared::fault_rsp), tf.rsp);
    wr64(sh(abi::shared::fault_rflags), tf.rflags);
    wr64(sh(abi::shared::fault_cs), tf.cs);
    publish_fault();
    crate::trace_fault(tf.vector as u8, tf.rip, cr2, tf.error_code);
    let name = NAMES.get(tf.vector as usize).copied().unwrap_or("reserved exception");
    crate::ringln!(
        "FAULT vector {} ({}) rip={:#x} cr2={:#x} error={:#x} rsp={:#x}",
        tf.vector,
        name,
        tf.rip,
        cr2,
        tf.error_code,
        tf.rsp
    );
    x86::halt_forever();
}

/// Completes a fault record whose registers are written: the build id of
/// the code that faulted, then the count that announces the record to
/// Linux, then the FAULTED state (a CPU exception here, a panic in main.rs).
pub fn publish_fault() {
    for i in 0..abi::BUILD_ID_MAX {
        wr8(sh(abi::shared::fault_build_id + i), rd8(sh(abi::shared::build_id + i)));
    }
    wr32(sh(abi::shared::fault_build_id_len), rd32(sh(abi::shared::build_id_len)));
    x86::barrier(); // the record before the count that announces it
    wr32(sh(abi::shared::fault_count), rd32(sh(abi::shared::fault_count)).wrapping_add(1));
    x86::barrier();
    wr32(sh(abi::shared::state), abi::AP_STATE_FAULTED);
}
