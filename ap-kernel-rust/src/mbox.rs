// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! This kernel's side of the pmdi interface: the library's mailbox client
//! (mailbox.rs) and trace writer (trace.rs) plugged into this CPU.
//!
//! * doorbell: a Fixed IPI to the vector and destination Linux publishes
//!   (logical or physical, as Linux's APIC driver uses);
//! * waiting: "cli; act on Linux's command; may I sleep?; sti; hlt", so a
//!   completion doorbell arriving between the check and the hlt ends the hlt;
//! * the I/O window is identity-mapped write-back: a buffer's physical
//!   address, which requests carry, is also its pointer here;
//! * tracing: one producer (this CPU), interrupts off around each record
//!   because the handlers (heartbeat, wake IPI) trace too.
//!
//! The client lives in a static that only ordinary code touches, through
//! the one `&mut Io` that `io()` hands out; interrupt handlers use only the
//! client's `HdrWords` (clock sync, trace mask).

use crate::abi;
use crate::console::{self, Line};
use crate::entry::{self, wake_fast};
use crate::lapic;
use crate::mailbox::{DoorbellTarget, Env, HdrWords, Mailbox, PostError, Request, TraceSink, WindowAlloc};
use crate::paging;
use crate::trace::{self, TraceWriter};
use crate::volatile::Shm;
use crate::x86::{self, rd32};
use core::fmt::{self, Write};

const HDR: u64 = abi::AP_KVBASE + abi::MAILBOX_OFFSET;

static mut TRACE: Option<TraceWriter> = None;
/// The header words the handlers read (trace mask, clock sync), apart from
/// the client that ordinary code owns.
static mut WORDS: Option<HdrWords> = None;
static mut IO: Option<Io> = None;

pub struct Io {
    pub mb: Mailbox,
    pub alloc: WindowAlloc,
    console: Option<(u16, u64)>,
    /// Completions a synchronous call took for a request it did not post.
    pub strays: u64,
}

/// The kernel's side of the client: doorbell, wait, trace.
pub struct KEnv<'a> {
    strays: &'a mut u64,
}

fn trace_mask() -> u32 {
    unsafe { WORDS.map_or(0, |w| w.trace_mask()) }
}

/// One trace record, from any context. IPI_RECV records the wake IPI's
/// fast path left pending go first, so the ring keeps the order of events.
pub fn record(ty: u8, req: u32, arg: u32, ext: &[u8]) {
    let want = trace::wanted(trace_mask(), ty);
    if !want && !wakes_pending() {
        return;
    }
    let flags = x86::irq_save();
    take_wakes();
    if want {
        unsafe {
            if let Some(w) = TRACE.as_mut() {
                w.emit(ty, x86::rdtsc(), req, arg, ext);
            }
        }
    }
    x86::irq_restore(flags);
}

// ---- the wake IPI's fast path (entry.rs: pmdi_wake_entry) ----------------

fn wf(i: usize) -> *mut u64 {
    unsafe { core::ptr::addr_of_mut!(entry::PMDI_WAKE_FAST[i]) }
}

/// Turn the fast path on: from now on a wake IPI with no clock-sync request
/// pending is counted, timestamped and acknowledged in a few instructions;
/// its IPI_RECV record is written by `take_wakes`.
fn wake_fast_enable() {
    let flags = x86::irq_save();
    unsafe {
        wf(wake_fast::WAKE_COUNT).write_volatile(crate::sh(abi::shared::wake_count));
        wf(wake_fast::SYNC_REQ).write_volatile(HDR + abi::mbox_hdr::sync_req as u64);
        wf(wake_fast::SYNC_ACK).write_volatile(HDR + abi::mbox_hdr::sync_ack as u64);
        wf(wake_fast::EOI).write_volatile(lapic::eoi_addr());
        wf(wake_fast::ON).write_volatile(1);
    }
    x86::irq_restore(flags);
}

/// Switch the fast path off or on again (the wake-entry benchmark).
pub fn wake_fast_set(on: bool) {
    let flags = x86::irq_save();
    unsafe { wf(wake_fast::ON).write_volatile(on as u64) };
    x86::irq_restore(flags);
}

/// Wake IPIs whose IPI_RECV record is not written yet?
#[inline]
pub fn wakes_pending() -> bool {
    unsafe { wf(wake_fast::HEAD).read_volatile() != wf(wake_fast::TAIL).read_volatile() }
}

/// With interrupts off: write the IPI_RECV records of the wake IPIs the
/// fast path took, with the TSC it read on entry (the C kernel's handler
/// writes the record itself; the event and its time are the same).
fn take_wakes() {
    let head = unsafe { wf(wake_fast::HEAD).read_volatile() };
    let mut tail = unsafe { wf(wake_fast::TAIL).read_volatile() };
    if head == tail {
        return;
    }
    let want = trace::wanted(trace_mask(), abi::EV_IPI_RECV);
    while tail != head {
        let tsc = unsafe { wf(wake_fast::TSC + (tail % wake_fast::NTSC) as usize).read_volatile() };
        tail = tail.wrapping_add(1);
        if want {
            unsafe {
                if let Some(w) = TRACE.as_mut() {
                    w.emit(abi::EV_IPI_RECV, tsc, 0, abi::AP_VEC_WAKE as u32, &[]);
                }
            }
        }
    }
    unsafe { wf(wake_fast::TAIL).write_volatile(tail) };
}

/// After a `hlt` (ordinary code, any interrupt state): trace the wake IPIs
/// that ended it now rather than at the next record.
#[inline]
pub fn wakes_flush() {
    if wakes_pending() {
        let flags = x86::irq_save();
        take_wakes();
        x86::irq_restore(flags);
    }
}

impl<'a> TraceSink for KEnv<'a> {
    fn record(&mut self, ty: u8, req: u32, arg: u32, ext: &[u8]) {
        record(ty, req, arg, ext);
    }
}

impl<'a> Env for KEnv<'a> {
    fn doorbell(&mut self, t: DoorbellTarget) {
        lapic::send_fixed(t.dest, t.vector, t.logical);
    }

    fn wait(&mut self, mb: &mut Mailbox) {
        wait(mb);
    }

    fn other(&mut self, _cpl: &abi::MboxCpl) {
        *self.strays += 1;
    }
}

/// The kernel's trace ring as a sink, outside a request's `Env`.
struct Traced;

impl TraceSink for Traced {
    fn record(&mut self, ty: u8, req: u32, arg: u32, ext: &[u8]) {
        record(ty, req, arg, ext);
    }
}

/// Sleep until an interrupt unless a completion or event is already there.
pub fn wait(mb: &mut Mailbox) {
    // This kernel drives no NIC and takes no event (a link change): one left
    // on the ring would keep it from ever sleeping, so they are dropped here.
    while let Ok(Some(_)) = mb.take_event(&mut Traced) {}
    x86::cli();
    crate::poll_command(); // a STOP from Linux ends here, whatever we waited for
    if mb.may_sleep() {
        x86::sti_hlt();
        wakes_flush();
    } else {
        x86::sti();
    }
}

/// From the wake IPI handler: answer Linux's clock-sync ping (its TSC read
/// only now: Linux is timing the round trip).
pub fn clock_answer() {
    if let Some(w) = unsafe { WORDS } {
        w.answer_clock_sync(x86::rdtsc);
    }
}

/// Attach to the mailbox Linux formatted, map its I/O window, start tracing.
/// False (and said why on the console ring) when there is no usable mailbox:
/// the kernel then idles.
pub fn init() -> bool {
    let shm = unsafe { Shm::new(HDR as *mut u8, abi::MAILBOX_SIZE as usize) };
    let mb = match Mailbox::attach(shm) {
        Ok(mb) => mb,
        Err(e) => {
            crate::kprintln!("mailbox: {}", e.message());
            return false;
        }
    };
    for i in 0..mb.nwin() {
        if let Some(w) = mb.window(i) {
            if !paging::map_identity(w.phys, w.size, paging::WB) {
                crate::kprintln!("mailbox: cannot map the I/O window chunk {:#x}+{:#x}", w.phys, w.size);
                return false;
            }
        }
    }
    let tshm = unsafe {
        Shm::new((abi::AP_KVBASE + abi::TRACE_OFFSET) as *mut u8, abi::TRACE_SIZE as usize)
    };
    // The handlers read TRACE and WORDS: no interrupt while they are written.
    let flags = x86::irq_save();
    unsafe {
        TRACE = TraceWriter::attach(tshm).ok();
        WORDS = Some(mb.words());
        IO = Some(Io { mb, alloc: WindowAlloc::new(), console: None, strays: 0 });
    }
    x86::irq_restore(flags);
    wake_fast_enable();
    let io = io();
    io.console = io
        .mb
        .find_class(abi::DEV_CONSOLE, None)
        .and_then(|d| io.alloc.alloc(&io.mb, 4096).map(|b| (d, b)));
    console::set_sink(Some(console_sink));
    true
}

/// The mailbox client. Only ordinary code (not handlers), one user at a time.
pub fn io() -> &'static mut Io {
    unsafe { IO.as_mut().expect("mailbox not attached") }
}

fn console_sink(s: &[u8]) -> bool {
    io().write_console(s)
}

impl Io {
    pub fn env(&mut self) -> (&mut Mailbox, KEnv<'_>) {
        (&mut self.mb, KEnv { strays: &mut self.strays })
    }

    /// One WRITE of `s` to the console device, waited for.
    pub fn write_console(&mut self, s: &[u8]) -> bool {
        let (dev, buf) = match self.console {
            Some(c) => c,
            None => return false,
        };
        let n = s.len().min(4096);
        for (i, &b) in s[..n].iter().enumerate() {
            x86::wr8(buf + i as u64, b);
        }
        let (mb, mut env) = self.env();
        matches!(mb.call(&Request::new(dev, abi::OP_WRITE, buf, n as u32, 0), &mut env),
                 Ok(c) if c.status == 0)
    }

    /// A line on the console device (the ring if that fails).
    pub fn println(&mut self, args: fmt::Arguments) {
        let mut l = Line::new();
        let _ = l.write_fmt(args);
        let _ = l.write_str("\n");
        if !self.write_console(l.bytes()) {
            console::ring_write(l.bytes());
        }
    }

    /// A synchronous request: its completion's (status, reason).
    pub fn call(&mut self, rq: &Request) -> Result<(i32, u16), PostError> {
        let (mb, mut env) = self.env();
        mb.call(rq, &mut env).map(|c| (c.status, c.reason))
    }

    /// Wait until Linux has measured our clock (its pings are answered in
    /// the wake IPI handler), at most 2 s: then every Linux event of the
    /// trace comes after a clock sync and maps onto our timeline.
    pub fn wait_trace_ready(&mut self) {
        let hb = crate::sh(abi::shared::heartbeat);
        let until = x86::rd64(hb) + 2 * crate::HEARTBEAT_HZ as u64;
        while rd32(HDR + abi::mbox_hdr::trace_ready as u64) == 0 && x86::rd64(hb) < until {
            crate::sleep_once();
        }
    }
}

/// The fault record into the trace (from the fault handler, interrupts off).
pub fn trace_fault(vector: u8, rip: u64, cr2: u64, err: u64) {
    if !trace::wanted(trace_mask(), abi::EV_AP_FAULT) {
        return;
    }
    let mut f = abi::BlobApFault { rip, cr2, error_code: err, vector, rsvd: [0; 3], build_id: [0; abi::BUILD_ID_LEN] };
    let n = (rd32(crate::sh(abi::shared::build_id_len)) as usize).min(f.build_id.len());
    for i in 0..n {
        f.build_id[i] = x86::rd8(crate::sh(abi::shared::build_id) + i as u64);
    }
    take_wakes();
    unsafe {
        if let Some(w) = TRACE.as_mut() {
            w.ap_fault(x86::rdtsc(), &f);
        }
    }
}

/// Flow control for the trace: Linux's drain empties the AP's ring every
/// 2 ms while records pour in (or when a doorbell kicks it), and a workload
/// that keeps 32 requests in flight with few doorbells can outrun it; the
/// ring then drops records (counted, but the trace is no longer lossless).
/// Before posting more, a workload calls this: past half full, it waits
/// (spinning: the storm step runs without a timer) until the drain has
/// brought the ring under a quarter, at most 100 ms. Outstanding requests
/// still complete and trace meanwhile: half a ring is their headroom.
pub fn trace_pace() {
    let ring = abi::AP_KVBASE + abi::TRACE_OFFSET;
    let on = unsafe { TRACE.is_some() } && trace_mask() != 0;
    if !on {
        return;
    }
    let n = unsafe { TRACE.as_ref().map(|w| w.nslots()).unwrap_or(0) } as u64;
    let used = || {
        x86::rd64(ring + abi::trace_ring::head as u64)
            .wrapping_sub(x86::rd64(ring + abi::trace_ring::tail as u64))
    };
    if used() <= n / 2 {
        return;
    }
    let khz = rd32(crate::sh(abi::shared::tsc_khz)) as u64;
    let limit = if khz != 0 { khz * 100 } else { 1 << 28 };
    let t0 = x86::rdtsc();
    while used() > n / 4 && x86::rdtsc() - t0 < limit {
        x86::pause();
    }
}
