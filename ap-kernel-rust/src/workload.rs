// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! What the kernel does with Linux's devices once the mailbox is up (Linux
//! chooses: the mailbox header's `workload`). Results go to the console
//! device, one "tag: ..." line each, for the board's checks.
//!
//! * conformance (12): spec B of issue #17, in conformance.rs;
//! * demo (1): a smoke check of the whole path: null requests, the Linux ->
//!   AP ping, a read of vda, the same bytes written to vdb, read back and
//!   compared;
//! * fault (9): a real #PF on an address nothing maps, a second after ready
//!   (workload_arg 1: a Rust panic instead), so that the board
//!   sees this kernel's fault report (control block, trace, console);
//! * anything else: the device list, then idle.

use crate::abi;
use crate::mailbox::Request;
use crate::mbox::{self, Io};
use crate::x86;

/// With the mailbox attached (mbox::init, before READY).
pub fn run() {
    let io = mbox::io();
    io.wait_trace_ready();
    devices(io);
    match io.mb.workload() {
        abi::WORKLOAD_CONFORMANCE => crate::conformance::run(io),
        abi::WORKLOAD_DEMO => smoke(io),
        abi::WORKLOAD_FAULT => fault(io),
        _ => {}
    }
}

fn devices(io: &mut Io) {
    let n = io.mb.ndev();
    for i in 0..n {
        if let Some(d) = io.mb.device(i) {
            io.println(format_args!(
                "device {}: {} ({}) class {} block {} capacity {} max_len {}",
                i,
                core::str::from_utf8(d.name()).unwrap_or("?"),
                core::str::from_utf8(d.driver()).unwrap_or("?"),
                d.dev_class,
                d.block_size,
                d.capacity,
                d.max_len
            ));
        }
    }
}

/// TSC cycles -> nanoseconds with Linux's calibration.
pub fn tsc_ns(cycles: u64) -> u64 {
    let khz = x86::rd32(crate::sh(abi::shared::tsc_khz)) as u64;
    if khz == 0 {
        return 0;
    }
    (cycles as u128 * 1_000_000 / khz as u128) as u64
}

fn smoke(io: &mut Io) {
    const LEN: u64 = 64 * 1024;
    let null = io.mb.find_class(abi::DEV_NULL, None);
    let vda = io.mb.find_class(abi::DEV_BLOCK, Some(b"vda"));
    let vdb = io.mb.find_class(abi::DEV_BLOCK, Some(b"vdb"));
    if let Some(null) = null {
        let t0 = x86::rdtsc();
        let mut ok = 0;
        for _ in 0..100 {
            if let Ok((0, _)) = io.call(&Request::null(null)) {
                ok += 1;
            }
        }
        let ns = tsc_ns(x86::rdtsc() - t0) / 100;
        io.println(format_args!("rust-smoke: null {}/100 ok, {} ns per round trip", ok, ns));
    }
    let pinged = ping_once(io, 2 * crate::HEARTBEAT_HZ as u64).is_some();
    io.println(format_args!("rust-smoke: ping {}", if pinged { "answered" } else { "NOT answered" }));
    if let (Some(null), true) = (null, pinged) {
        bench_round_trips(io, null);
        bench_wake_entry(io);
    }
    let (vda, vdb) = match (vda, vdb) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            io.println(format_args!("rust-smoke: no vda/vdb"));
            return;
        }
    };
    let (a, b) = match (io.alloc.alloc(&io.mb, LEN), io.alloc.alloc(&io.mb, LEN)) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            io.println(format_args!("rust-smoke: I/O window exhausted"));
            return;
        }
    };
    let r1 = io.call(&Request::new(vda, abi::OP_READ, a, LEN as u32, 0));
    let w = io.call(&Request::new(vdb, abi::OP_WRITE, a, LEN as u32, 0));
    let f = io.call(&Request::new(vdb, abi::OP_FLUSH, 0, 0, 0));
    let r2 = io.call(&Request::new(vdb, abi::OP_READ, b, LEN as u32, 0));
    let mut sum: u64 = 0;
    let mut same = true;
    for i in 0..LEN {
        let x = x86::rd8(a + i);
        sum = sum.wrapping_mul(31).wrapping_add(x as u64);
        if x != x86::rd8(b + i) {
            same = false;
        }
    }
    let st = |r: Result<(i32, u16), crate::mailbox::PostError>| match r {
        Ok((s, _)) => s,
        Err(_) => -1000,
    };
    io.println(format_args!(
        "rust-smoke: block read {} write {} flush {} readback {} compare {} sum {:016x}",
        st(r1),
        st(w),
        st(f),
        st(r2),
        if same { "equal" } else { "DIFFERENT" },
        sum
    ));
}

/// A canonical address nothing maps: the page fault's CR2.
const FAULT_ADDR: u64 = 0x0000_7ead_0000_b000;

fn fault(io: &mut Io) {
    // About a second after ready, as the C kernel's fault test: the loader
    // has seen "ready" and the report comes through Linux's running monitor.
    let hb = crate::sh(abi::shared::heartbeat);
    let until = x86::rd64(hb) + crate::HEARTBEAT_HZ as u64;
    while x86::rd64(hb) < until {
        crate::sleep_once();
    }
    if io.mb.workload_arg() == 1 {
        // The panic path instead: reported as a fault with vector 0xff.
        io.println(format_args!("rust-fault: panicking"));
        panic!("workload=fault workload_arg=1 asked for a panic");
    }
    io.println(format_args!("rust-fault: writing to {:#x}", FAULT_ADDR));
    x86::wr64(FAULT_ADDR, 0x1234);
}

/// One IPI ping-pong (Linux echoes ping_req into ping_ack, then sends us its
/// IPI): TSC cycles, None if no answer within `ticks` heartbeats.
fn ping_once(io: &mut Io, ticks: u64) -> Option<u64> {
    let t0 = x86::rdtsc();
    let seq = io.mb.ping_send();
    let (mb, mut env) = io.env();
    crate::mailbox::Env::doorbell(&mut env, mb.doorbell_target());
    let hb = crate::sh(abi::shared::heartbeat);
    let until = x86::rd64(hb) + ticks;
    loop {
        x86::cli();
        crate::poll_command();
        if io.mb.ping_ack() == seq {
            x86::sti();
            return Some(x86::rdtsc() - t0);
        }
        if x86::rd64(hb) >= until {
            x86::sti();
            return None;
        }
        x86::sti_hlt(); // Linux's IPI (or the next tick) ends it
        mbox::wakes_flush();
    }
}

const ROUNDS: usize = 10;
const PER_ROUND: usize = 200;
const SAMPLES: usize = ROUNDS * PER_ROUND;
static mut PING: [u64; SAMPLES] = [0; SAMPLES];
static mut NULL: [u64; SAMPLES] = [0; SAMPLES];

fn report(io: &mut Io, name: &str, v: &mut [u64]) -> u64 {
    v.sort_unstable();
    let n = v.len();
    io.println(format_args!(
        "rust-bench: {} n={} median_ns={} p99_ns={} min_ns={}",
        name,
        n,
        tsc_ns(v[n / 2]),
        tsc_ns(v[n * 99 / 100]),
        tsc_ns(v[0])
    ));
    v[n / 2]
}

/// The C kernel's round-trip benchmark, measured the same way (its bench.c:
/// rounds of 200 IPI ping-pongs then 200 synchronous null requests, TSC
/// around each), so the two kernels' figures compare.
fn bench_round_trips(io: &mut Io, null: u16) {
    let (ping, nul) = unsafe { (&mut PING, &mut NULL) };
    let mut n = 0;
    for _ in 0..ROUNDS {
        // Drop events (the NIC's link event, of no use here), as the C
        // kernel's bench.c does: one left on the event ring keeps may_sleep()
        // false, and the null requests would spin instead of sleeping.
        let (mb, mut env) = io.env();
        while let Ok(Some(_)) = mb.take_event(&mut env) {}
        for i in 0..PER_ROUND {
            ping[n + i] = ping_once(io, 2 * crate::HEARTBEAT_HZ as u64).unwrap_or(u64::MAX);
        }
        for i in 0..PER_ROUND {
            let t0 = x86::rdtsc();
            let _ = io.call(&Request::null(null));
            nul[n + i] = x86::rdtsc() - t0;
        }
        n += PER_ROUND;
    }
    let p = report(io, "ipi_pingpong", ping);
    let q = report(io, "null_rtt", nul);
    io.println(format_args!("rust-bench: null_rtt_over_pingpong ratio_x100={}", q * 100 / p.max(1)));
}

/// The wake IPI's cost on this CPU alone, fast path against full path:
/// self-IPIs on the wake vector, each waited for (wake_count), in rounds
/// alternating the two; the median of the rounds' per-IPI times. Linux
/// plays no part, so the host's load on its CPU matters less. Each IPI is
/// also an IPI_RECV trace record, as a wake from Linux is (the fast path's
/// written by the loop, as the woken code would, and timed with it).
fn bench_wake_entry(io: &mut Io) {
    const ROUNDS: usize = 8;
    const N: u64 = 200;
    let wc = crate::sh(abi::shared::wake_count);
    let mut t = [[0u64; ROUNDS]; 2];
    for r in 0..ROUNDS {
        for k in 0..2 {
            let fast = (r + k) % 2 == 0; // alternate which goes first
            crate::mbox::trace_pace();
            crate::mbox::wake_fast_set(fast);
            let t0 = x86::rdtsc();
            for _ in 0..N {
                let w = x86::rd64(wc);
                crate::lapic::send_self(abi::AP_VEC_WAKE);
                while x86::rd64(wc) == w {
                    x86::pause();
                }
                mbox::wakes_flush(); // the fast path's IPI_RECV record: counted in
            }
            t[if fast { 0 } else { 1 }][r] = (x86::rdtsc() - t0) / N;
        }
    }
    crate::mbox::wake_fast_set(true);
    mbox::wakes_flush();
    t[0].sort_unstable();
    t[1].sort_unstable();
    let (f, s) = (tsc_ns(t[0][ROUNDS / 2]), tsc_ns(t[1][ROUNDS / 2]));
    io.println(format_args!(
        "rust-bench: wake_ipi self n={} fast_ns={} full_ns={} saved_ns={}",
        ROUNDS as u64 * N,
        f,
        s,
        s as i64 - f as i64
    ));
}
