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
//! (fxsave) because handlers are Rust code that may use XMM registers.

use core::arch::global_asm;

global_asm!(
    r#"
    .section .text.entry, "ax"
    .code64
    .globl pmdi_rust_entry
pmdi_rust_entry:
    cli
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

    .section .text
    .balign 16
    .globl  pmdi_vector_stubs
pmdi_vector_stubs:
    .set    vec, 0
    .rept   256
    .balign 16
    .if !((vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30))
    pushq   $0
    .endif
    pushq   $vec
    jmp     pmdi_trap_common
    .set    vec, vec + 1
    .endr
    .balign 16
pmdi_vector_stubs_end:

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

extern "C" {
    pub static pmdi_vector_stubs: u8;
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
// ABI this kernel speaks. The loader refuses an image without it.
global_asm!(
    r#"
    .section .note.pmdi, "a", @note
    .balign 4
    .long   5, 4, 1                 /* namesz, descsz, PMDI_ELF_NOTE_ABI */
    .asciz  "PMDI"
    .balign 4
    .long   1                       /* PMDI_ABI_VERSION */
    .balign 4
"#,
    options(att_syntax)
);
