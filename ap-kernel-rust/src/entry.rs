// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The kernel's assembly: the entry point the loader jumps to, and the 256
//! interrupt entry stubs with the common save/restore (Intel SDM Vol. 3A
//! 6.14: in 64-bit mode the CPU pushes SS, RSP, RFLAGS, CS, RIP and, for
//! vectors 8, 10-14, 17, 21, 29 and 30, an error code).
//!
//! Entry (interface/BOOT-PROTOCOL.md): long mode, interrupts off, %rdi =
//! the control block (virtual), %rsi = the region's physical base, %rsp =
//! the loader's boot stack. The code rustc generates for this target uses
//! SSE (core's memcpy-like loops, fmt), so SSE is switched on before the
//! first Rust instruction: CR0.EM clear, CR0.MP set, CR4.OSFXSR and
//! CR4.OSXMMEXCPT set (Vol. 3A 13.1.3); otherwise the first movaps is #UD.
//!
//! Every interrupt gate names an IST stack (gdt.rs), so the CPU always
//! switches stacks: the x86_64-unknown-linux-gnu code below the stack
//! pointer (the 128-byte red zone) is never overwritten by an interrupt
//! frame. The stubs save every general register and the x87/SSE state
//! (fxsave) because handlers are Rust code that may use XMM registers;
//! except the wake IPI's common case, which runs no Rust code at all (a
//! fast path in assembly, see `pmdi_wake_entry`).

use core::arch::global_asm;

global_asm!(
    r#"
    .section .text.entry, "ax"
    .code64
    .globl pmdi_rust_entry
pmdi_rust_entry:
    /* What the loader handed over, before anything changes it: kmain
       prints it, and the board compares it with BOOT-PROTOCOL.md. */
    pushfq
    cli
    popq    pmdi_boot_entry + 0(%rip)    /* RFLAGS */
    movq    %rsp, pmdi_boot_entry + 8(%rip)
    movq    %rdi, pmdi_boot_entry + 16(%rip)
    movq    %rsi, pmdi_boot_entry + 24(%rip)
    movq    %cr0, %rax
    movq    %rax, pmdi_boot_entry + 32(%rip)
    movq    %cr3, %rax
    movq    %rax, pmdi_boot_entry + 40(%rip)
    movq    %cr4, %rax
    movq    %rax, pmdi_boot_entry + 48(%rip)
    movl    $0xc0000080, %ecx            /* IA32_EFER */
    rdmsr
    movl    %eax, pmdi_boot_entry + 56(%rip)
    movl    %edx, pmdi_boot_entry + 60(%rip)
    movw    %cs, pmdi_boot_entry + 64(%rip)
    movw    %ds, pmdi_boot_entry + 66(%rip)
    movw    %es, pmdi_boot_entry + 68(%rip)
    movw    %ss, pmdi_boot_entry + 70(%rip)
    movw    %fs, pmdi_boot_entry + 72(%rip)
    movw    %gs, pmdi_boot_entry + 74(%rip)
    sidt    pmdi_boot_entry + 76(%rip)   /* limit (2 bytes), base (8) */
    cld
    movq    %cr0, %rax
    andq    $~(1 << 2), %rax        /* EM off: x87/SSE instructions execute */
    orq     $(1 << 1), %rax         /* MP: wait/fwait honours TS */
    movq    %rax, %cr0
    movq    %cr4, %rax
    orq     $((1 << 9) | (1 << 10)), %rax  /* OSFXSR, OSXMMEXCPT */
    movq    %rax, %cr4
    fninit
    andq    $~15, %rsp              /* the loader's stack, 16-byte aligned */
    xorl    %ebp, %ebp
    call    kmain                   /* %rdi, %rsi as the loader set them */
1:  cli
    hlt
    jmp     1b

    .section .bss
    .balign 8
    .globl  pmdi_boot_entry
pmdi_boot_entry:
    .skip   88

    .section .text
    .balign 16
    .globl  pmdi_vector_stubs
pmdi_vector_stubs:
    .set    vec, 0
    .rept   256
    .balign 16
    .if vec == 0x40                 /* PMDI_AP_VEC_WAKE (asserted below) */
    jmp     pmdi_wake_entry
    .else
    .if !((vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30))
    pushq   $0
    .endif
    pushq   $vec
    jmp     pmdi_trap_common
    .endif
    .set    vec, vec + 1
    .endr
    .balign 16
pmdi_vector_stubs_end:

    /* The wake IPI's fast path (see WakeFast below). Interrupts are off
       (interrupt gate) and we are on the IRQ IST stack. Only %rax, %rcx,
       %rdx and %rsi are used, saved here; no Rust code runs, so no x87/SSE
       register is touched and none needs saving. The common case, no
       clock-sync request pending (sync_req == sync_ack): count the wake,
       keep the TSC for the IPI_RECV record (written by the next trace
       record, or when the woken code returns from hlt), EOI, iretq.
       Anything else (fast path off, a clock-sync request, 8 TSCs already
       pending) goes the full way: the frame the other stubs build, every
       register and the x87/SSE state saved, the Rust handler. */
pmdi_wake_entry:
    pushq   %rax
    pushq   %rcx
    pushq   %rdx
    pushq   %rsi
    cmpq    $0, PMDI_WAKE_FAST + 0(%rip)        /* on */
    je      3f
    movq    PMDI_WAKE_FAST + 16(%rip), %rsi     /* &sync_req */
    movl    (%rsi), %eax
    movq    PMDI_WAKE_FAST + 24(%rip), %rsi     /* &sync_ack */
    cmpl    (%rsi), %eax
    jne     3f                      /* Linux is timing a clock sync: full path */
    movq    PMDI_WAKE_FAST + 40(%rip), %rcx     /* head */
    movq    %rcx, %rax
    subq    PMDI_WAKE_FAST + 48(%rip), %rax     /* - tail */
    cmpq    $8, %rax
    jae     3f                      /* no room for the TSC: full path */
    rdtsc
    shlq    $32, %rdx
    orq     %rdx, %rax
    movl    %ecx, %edx
    andl    $7, %edx
    leaq    PMDI_WAKE_FAST + 56(%rip), %rsi     /* tsc[8] */
    movq    %rax, (%rsi,%rdx,8)
    incq    %rcx
    movq    %rcx, PMDI_WAKE_FAST + 40(%rip)     /* head: the TSC before it */
    movq    PMDI_WAKE_FAST + 8(%rip), %rsi      /* &shared.wake_count */
    incq    (%rsi)
    movq    PMDI_WAKE_FAST + 32(%rip), %rsi     /* xAPIC EOI register, 0: x2APIC */
    testq   %rsi, %rsi
    jz      1f
    movl    $0, (%rsi)
    jmp     2f
1:  movl    $0x80b, %ecx            /* x2APIC EOI MSR */
    xorl    %eax, %eax
    xorl    %edx, %edx
    wrmsr
2:  popq    %rsi
    popq    %rdx
    popq    %rcx
    popq    %rax
    iretq
3:  popq    %rsi
    popq    %rdx
    popq    %rcx
    popq    %rax
    pushq   $0                      /* the frame of every other stub */
    pushq   $0x40
    jmp     pmdi_trap_common

pmdi_trap_common:
    pushq   %rax
    pushq   %rbx
    pushq   %rcx
    pushq   %rdx
    pushq   %rsi
    pushq   %rdi
    pushq   %rbp
    pushq   %r8
    pushq   %r9
    pushq   %r10
    pushq   %r11
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
    cld
    movq    %rsp, %rbx              /* the frame; callee-saved across the call */
    subq    $512, %rsp
    andq    $~15, %rsp              /* fxsave needs 16-byte alignment */
    fxsave64 (%rsp)
    movq    %rbx, %rdi
    call    trap_dispatch
    fxrstor64 (%rsp)
    movq    %rbx, %rsp
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %r11
    popq    %r10
    popq    %r9
    popq    %r8
    popq    %rbp
    popq    %rdi
    popq    %rsi
    popq    %rdx
    popq    %rcx
    popq    %rbx
    popq    %rax
    addq    $16, %rsp               /* vector, error code */
    iretq
"#,
    options(att_syntax)
);

// The vector the stubs above give the fast path is a literal in the asm.
const _: () = assert!(crate::abi::AP_VEC_WAKE == 0x40);

/// What the wake IPI's fast path reads and writes (the asm addresses it by
/// these word indices, times 8). Ordinary code changes it only with
/// interrupts off, through `crate::mbox` (enable, take the TSCs).
pub mod wake_fast {
    /// 0: every wake IPI takes the full path (before the mailbox is up).
    pub const ON: usize = 0;
    /// Address of the control block's `wake_count`.
    pub const WAKE_COUNT: usize = 1;
    /// Addresses of the mailbox header's `sync_req` and `sync_ack`.
    pub const SYNC_REQ: usize = 2;
    pub const SYNC_ACK: usize = 3;
    /// The xAPIC EOI register's address; 0: x2APIC (MSR 0x80b).
    pub const EOI: usize = 4;
    /// TSCs of wake IPIs not yet traced: written at `TSC + head % 8`.
    pub const HEAD: usize = 5;
    pub const TAIL: usize = 6;
    pub const TSC: usize = 7;
    pub const NTSC: u64 = 8;
    pub const WORDS: usize = TSC + NTSC as usize;
}

#[no_mangle]
pub static mut PMDI_WAKE_FAST: [u64; wake_fast::WORDS] = [0; wake_fast::WORDS];

extern "C" {
    pub static pmdi_vector_stubs: u8;
    static pmdi_boot_entry: BootEntry;
}

/// The entry state the stub recorded (layout: the stores above).
#[repr(C)]
pub struct BootEntry {
    pub rflags: u64,
    pub rsp: u64,
    pub rdi: u64,
    pub rsi: u64,
    pub cr0: u64,
    pub cr3: u64,
    pub cr4: u64,
    pub efer: u64,
    pub sel: [u16; 6], // cs ds es ss fs gs
    pub idt_limit: u16,
    pub idt_base: [u16; 4],
    pub pad: [u16; 1],
}

const _: () = assert!(core::mem::size_of::<BootEntry>() == 88);

/// Print it on the console ring, in the C kernel's words (boot_entry.c), so
/// that the board checks both kernels the same way.
pub fn print_boot_entry() {
    let e = unsafe { core::ptr::read_volatile(&pmdi_boot_entry) };
    crate::ringln!(
        "entry: cr0 {:#x} cr3 {:#x} cr4 {:#x} efer {:#x} rflags {:#x} idt limit {:#x}",
        e.cr0,
        e.cr3,
        e.cr4,
        e.efer,
        e.rflags,
        e.idt_limit
    );
    crate::ringln!(
        "entry: cs {:#x} ds {:#x} es {:#x} ss {:#x} fs {:#x} gs {:#x} rsp {:#x} rdi {:#x} rsi {:#x}",
        e.sel[0],
        e.sel[1],
        e.sel[2],
        e.sel[3],
        e.sel[4],
        e.sel[5],
        e.rsp,
        e.rdi,
        e.rsi
    );
}

/// Address of the entry stub of `vector` (each stub is 16 bytes).
pub fn stub_addr(vector: usize) -> u64 {
    unsafe { &pmdi_vector_stubs as *const u8 as u64 + 16 * vector as u64 }
}

/// What the stubs leave on the stack; the CPU's part is at the end.
#[repr(C)]
pub struct TrapFrame {
    pub r15: u64,
    pub r14: u64,
    pub r13: u64,
    pub r12: u64,
    pub r11: u64,
    pub r10: u64,
    pub r9: u64,
    pub r8: u64,
    pub rbp: u64,
    pub rdi: u64,
    pub rsi: u64,
    pub rdx: u64,
    pub rcx: u64,
    pub rbx: u64,
    pub rax: u64,
    pub vector: u64,
    pub error_code: u64,
    pub rip: u64,
    pub cs: u64,
    pub rflags: u64,
    pub rsp: u64,
    pub ss: u64,
}

// The pmdi ELF notes (boot.h PMDI_ELF_NOTE_*), in the image's PT_NOTE: the
// ABI this kernel speaks (the loader refuses an image without it), and
// that it writes its trace ring (mbox.rs), so Linux and the conformance
// judge expect its events.
global_asm!(
    r#"
    .section .note.pmdi, "a", @note
    .balign 4
    .long   5, 4, 1                 /* namesz, descsz, PMDI_ELF_NOTE_ABI */
    .asciz  "PMDI"
    .balign 4
    .long   1                       /* PMDI_ABI_VERSION */
    .balign 4
    .long   5, 4, 3                 /* namesz, descsz, PMDI_ELF_NOTE_TRACE */
    .asciz  "PMDI"
    .balign 4
    .long   1                       /* this OS writes its trace ring */
    .balign 4
"#,
    options(att_syntax)
);
