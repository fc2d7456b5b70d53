// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The kernel's own GDT and 64-bit TSS (Intel SDM Vol. 3A 3.4.5, 7.7,
//! 6.14.5). The loader's GDT lives in the low trampoline page, which the
//! kernel's page tables do not map: load this one first.
//!
//! The TSS holds the Interrupt Stack Table. Every IDT gate names one of its
//! stacks, so the CPU switches stacks on every interrupt and exception:
//! rustc's x86_64-unknown-linux-gnu code keeps data in the 128-byte red zone
//! below %rsp, which an interrupt frame pushed on the same stack would
//! overwrite. Faults, double fault, NMI and machine check each get their
//! own, so a fault with a broken stack still lands somewhere that works.

use core::arch::asm;

pub const SEL_CODE: u16 = 0x08;
pub const SEL_DATA: u16 = 0x10;
const SEL_TSS: u16 = 0x18;

pub const IST_FAULT: u8 = 1;
pub const IST_DOUBLE_FAULT: u8 = 2;
pub const IST_NMI: u8 = 3;
pub const IST_MACHINE_CHECK: u8 = 4;
pub const IST_IRQ: u8 = 5;

const STACK_SIZES: [usize; 5] = [16384, 8192, 8192, 8192, 16384];
const STACK_TOTAL: usize = 16384 + 8192 * 3 + 16384;

#[repr(C, packed)]
struct Tss {
    reserved0: u32,
    rsp: [u64; 3],
    reserved1: u64,
    ist: [u64; 7],
    reserved2: u64,
    reserved3: u16,
    iomap_base: u16,
}

const _: () = assert!(core::mem::size_of::<Tss>() == 104);

#[repr(C, align(16))]
struct Stacks([u8; STACK_TOTAL]);

#[repr(C, align(16))]
struct Gdt([u64; 5]);

static mut TSS: Tss = Tss {
    reserved0: 0,
    rsp: [0; 3],
    reserved1: 0,
    ist: [0; 7],
    reserved2: 0,
    reserved3: 0,
    iomap_base: 104,
};
static mut STACKS: Stacks = Stacks([0; STACK_TOTAL]);
// null, 64-bit code (L=1, P, DPL 0), data, then the 16-byte TSS descriptor.
static mut GDT: Gdt = Gdt([0, 0x00af_9a00_0000_ffff, 0x00cf_9200_0000_ffff, 0, 0]);

#[repr(C, packed)]
pub struct DescPtr {
    pub limit: u16,
    pub base: u64,
}

pub fn init() {
    unsafe {
        let mut top = &STACKS as *const Stacks as u64;
        let mut ist = [0u64; 7];
        for (i, size) in STACK_SIZES.iter().enumerate() {
            top += *size as u64;
            ist[i] = top;
        }
        TSS.ist = ist;
        let base = &TSS as *const Tss as u64;
        let limit = core::mem::size_of::<Tss>() as u64 - 1;
        // Type 9: available 64-bit TSS, present (Vol. 3A 7.2.3, figure 7-4).
        GDT.0[3] = (limit & 0xffff)
            | ((base & 0xff_ffff) << 16)
            | (0x89 << 40)
            | (((limit >> 16) & 0xf) << 48)
            | (((base >> 24) & 0xff) << 56);
        GDT.0[4] = base >> 32;
        let ptr = DescPtr {
            limit: (core::mem::size_of::<Gdt>() - 1) as u16,
            base: &GDT as *const Gdt as u64,
        };
        asm!(
            "lgdt ({0})",
            "pushq $0x08",          // SEL_CODE
            "leaq 2f(%rip), %rax",
            "pushq %rax",
            "lretq",
            "2:",
            "movw {1:x}, %ds",
            "movw {1:x}, %es",
            "movw {1:x}, %ss",
            "xorl %eax, %eax",
            "movw %ax, %fs",
            "movw %ax, %gs",
            "ltr {2:x}",
            in(reg) &ptr as *const DescPtr,
            in(reg) SEL_DATA as u32,
            in(reg) SEL_TSS as u32,
            out("rax") _,
            options(att_syntax)
        );
    }
}
