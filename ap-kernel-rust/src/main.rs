// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! pmdi-ap-rust: the pmdi AP kernel written in Rust, booted by the
//! dispatcher's ELF loader (interface/BOOT-PROTOCOL.md) on a CPU Linux gave
//! up, using Linux's devices through the mailbox.
//!
//! Order in kmain matters: GDT/TSS and IDT first, before anything that could
//! fault, so that a fault is recorded instead of becoming a triple fault
//! (which resets the board); then the CPU state INIT left (caches, CR4.MCE,
//! MTRRs), own page tables, the report Linux checks, the local APIC,
//! "ready". Idle is "cli; anything to do?; sti; hlt", never a busy spin.
#![no_std]
#![no_main]

mod console;
mod entry;
mod gdt;
mod idt;
#[allow(dead_code)] // the library (h-rl): more than this kernel uses
mod abi;
#[allow(dead_code)] // the library (h-rl): more than this kernel uses
mod mailbox;
mod mbox;
mod conformance;
mod workload;
#[allow(dead_code)] // the library (h-rl): more than this kernel uses
mod trace;
#[allow(dead_code)] // the library (h-rl): more than this kernel uses
mod volatile;
mod lapic;
mod mem;
mod mtrr;
mod paging;
mod x86;

use crate::x86::{rd32, rd64, rd8, wr32, wr64, wr8};
use entry::TrapFrame;

pub const HEARTBEAT_HZ: u32 = 10;
const VERSION: &str = "0.1";

pub fn sh(off: usize) -> u64 {
    abi::AP_KVBASE + abi::SHARED_OFFSET + off as u64
}

extern "C" {
    static __build_id_note: u8;
}

/// Copy the build id out of our own GNU note (namesz, descsz, type, "GNU").
fn build_id_init() {
    let note = unsafe { &__build_id_note as *const u8 as u64 };
    let namesz = rd32(note);
    let descsz = rd32(note + 4).min(abi::BUILD_ID_MAX as u32);
    let desc = note + 12 + ((namesz as u64 + 3) & !3);
    for i in 0..descsz as u64 {
        wr8(sh(abi::shared::build_id) + i, rd8(desc + i));
    }
    wr32(sh(abi::shared::build_id_len), descsz);
}

/// Returns whether NX is available (and now enabled).
fn cpu_setup() -> bool {
    // The loader left CD/NW clear; keep them so. EM stays clear (SSE is on).
    let cr0 = x86::read_cr0();
    x86::write_cr0((cr0 & !(x86::CR0_CD | x86::CR0_NW | x86::CR0_EM)) | x86::CR0_NE | x86::CR0_WP | x86::CR0_MP);
    // INIT clears CR4.MCE: without it a machine check is a shutdown.
    x86::write_cr4(x86::read_cr4() | x86::CR4_MCE | x86::CR4_PGE);
    let nx = x86::cpuid(0x8000_0000).0 >= 0x8000_0001 && x86::cpuid(0x8000_0001).3 & (1 << 20) != 0;
    if nx {
        x86::wrmsr(x86::MSR_EFER, x86::rdmsr(x86::MSR_EFER) | x86::EFER_NXE);
    }
    nx
}

fn cpu_report() {
    let region_phys = rd64(sh(abi::shared::region_phys));
    let region_size = rd64(sh(abi::shared::region_size));
    wr32(sh(abi::shared::mtrr_sync), mtrr::sync());
    wr64(sh(abi::shared::cr0), x86::read_cr0());
    wr64(sh(abi::shared::cr4), x86::read_cr4());
    wr64(sh(abi::shared::efer), x86::rdmsr(x86::MSR_EFER));
    let pat = x86::rdmsr(x86::MSR_PAT);
    wr64(sh(abi::shared::pat), pat);
    wr64(sh(abi::shared::mtrr_def_type), x86::rdmsr(x86::MSR_MTRR_DEF_TYPE));
    wr32(sh(abi::shared::region_mtrr_type), mtrr::type_of_range(region_phys, region_size));
    // paging.rs maps the region with PAT index 0
    wr32(sh(abi::shared::region_pat_type), (pat & 7) as u32);
    wr32(
        sh(abi::shared::apic_mode),
        if lapic::is_x2apic() { abi::APIC_X2APIC } else { abi::APIC_XAPIC },
    );
    wr32(sh(abi::shared::apic_id), lapic::id());
    // No page allocator: the region above image_end is unused so far.
    let image_end = rd64(sh(abi::shared::image_end));
    wr64(sh(abi::shared::free_pages), region_size.saturating_sub(image_end) >> 12);
}

fn timer_tick(_tf: &mut TrapFrame) {
    let hb = rd64(sh(abi::shared::heartbeat)).wrapping_add(1);
    wr64(sh(abi::shared::heartbeat), hb);
    trace_heartbeat(hb as u32);
    lapic::eoi();
}

fn apic_error(_tf: &mut TrapFrame) {
    lapic::error_handler();
    wr32(sh(abi::shared::unexpected_irqs), rd32(sh(abi::shared::unexpected_irqs)).wrapping_add(1));
    wr32(sh(abi::shared::last_unexpected_vector), abi::AP_VEC_ERROR as u32);
    lapic::eoi();
}

fn wake(_tf: &mut TrapFrame) {
    wr64(sh(abi::shared::wake_count), rd64(sh(abi::shared::wake_count)).wrapping_add(1));
    clock_answer(); // first: Linux is timing this
    trace_ipi_recv();
    lapic::eoi();
}

// ---- trace points of the handlers ---------------------------------------

pub fn clock_answer() {
    mbox::clock_answer();
}
pub fn trace_ipi_recv() {
    mbox::record(abi::EV_IPI_RECV, 0, abi::AP_VEC_WAKE as u32, &[]);
}
pub fn trace_heartbeat(hb: u32) {
    mbox::record(abi::EV_HEARTBEAT, 0, hb, &[]);
}
pub fn trace_unexpected(v: u32) {
    mbox::record(abi::EV_UNEXPECTED_IRQ, 0, v, &[]);
}
pub fn trace_fault(vector: u8, rip: u64, cr2: u64, err: u64) {
    mbox::trace_fault(vector, rip, cr2, err);
}

// ---- Linux's commands ----------------------------------------------------

static mut ACKED_SEQ: u32 = 0;

/// With interrupts off: act on Linux's latest command; STOP does not return.
pub fn poll_command() {
    let seq = rd32(sh(abi::shared::command_seq));
    if seq == unsafe { ACKED_SEQ } {
        return;
    }
    unsafe { ACKED_SEQ = seq };
    if rd32(sh(abi::shared::command)) == abi::CMD_STOP {
        lapic::timer_stop();
        ringln!("stopping on request");
        wr32(sh(abi::shared::command_ack), seq);
        x86::barrier();
        wr32(sh(abi::shared::state), abi::AP_STATE_STOPPED);
        x86::halt_forever(); // interrupts stay off; Linux sends INIT
    }
    wr32(sh(abi::shared::command_ack), seq);
}

/// Sleep until the next interrupt, acting on a command first.
pub fn sleep_once() {
    x86::cli();
    poll_command();
    x86::sti_hlt();
    mbox::wakes_flush();
}

fn idle() -> ! {
    loop {
        sleep_once();
    }
}

#[no_mangle]
pub extern "C" fn kmain(shared: u64, region_phys: u64) -> ! {
    gdt::init();
    idt::init();
    // A loader of another ABI lays the region out differently: touch nothing.
    if shared != sh(0)
        || rd32(sh(abi::shared::magic)) != abi::SHARED_MAGIC
        || rd32(sh(abi::shared::abi_version)) != abi::ABI_VERSION
        || rd64(sh(abi::shared::region_phys)) != region_phys
    {
        x86::halt_forever();
    }
    build_id_init();
    let nx = cpu_setup();
    wr32(sh(abi::shared::state), abi::AP_STATE_BOOTING);
    let region_size = rd64(sh(abi::shared::region_size));
    if !paging::init(region_phys, region_size, nx) {
        ringln!("out of page tables for the region");
        x86::halt_forever();
    }
    idt::set_handler(abi::AP_VEC_WAKE, wake);
    idt::set_handler(abi::AP_VEC_TIMER, timer_tick);
    idt::set_handler(abi::AP_VEC_ERROR, apic_error);
    if !lapic::init(rd32(sh(abi::shared::tsc_khz)), HEARTBEAT_HZ) {
        ringln!("local APIC disabled in IA32_APIC_BASE, or not mappable");
        x86::halt_forever();
    }
    wr32(sh(abi::shared::heartbeat_hz), HEARTBEAT_HZ);
    cpu_report();

    entry::print_boot_entry();
    let mut id = console::Line::new();
    for i in 0..rd32(sh(abi::shared::build_id_len)) as usize {
        let _ = core::fmt::Write::write_fmt(&mut id, format_args!("{:02x}", rd8(sh(abi::shared::build_id + i))));
    }
    kprintln!(
        "pmdi AP kernel (Rust) {} up on APIC id {}, {}, build id {}",
        VERSION,
        lapic::id(),
        if lapic::is_x2apic() { "x2APIC" } else { "xAPIC" },
        core::str::from_utf8(id.bytes()).unwrap_or("?")
    );
    kprintln!(
        "region {:#x} size {} MiB; CR0 {:#x} PAT {:#x}; region MTRR type {}, PAT type {}{}",
        region_phys,
        region_size >> 20,
        rd64(sh(abi::shared::cr0)),
        rd64(sh(abi::shared::pat)),
        rd32(sh(abi::shared::region_mtrr_type)),
        rd32(sh(abi::shared::region_pat_type)),
        if rd32(sh(abi::shared::mtrr_sync)) == abi::MTRR_COPIED { "; MTRRs copied from Linux's" } else { "" }
    );
    // The mailbox before READY: Linux's first clock-sync pings come right
    // after it and are answered from the wake handler, which needs it.
    let mbox_up = mbox::init();
    x86::barrier(); // the report before the state that says it is complete
    unsafe { ACKED_SEQ = rd32(sh(abi::shared::command_seq)) };
    wr32(sh(abi::shared::state), abi::AP_STATE_READY);
    x86::sti(); // workloads run like ordinary code: timer and doorbells on
    if mbox_up {
        workload::run();
    }
    idle();
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    x86::cli();
    // Reported like a fault (vector 0xff: not an exception; no RIP, the
    // message says where) so that Linux's monitor sees it.
    wr32(sh(abi::shared::fault_vector), 0xff);
    idt::publish_fault();
    ringln!("PANIC: {}", info);
    x86::halt_forever();
}
