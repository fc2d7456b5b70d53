// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The Rust trace writer against the C one: the golden vectors written with
//! every AP record from Rust, ring bytes equal to pmdi_ring_emit's after
//! every step, and test_ring.c's expectations (full ring, LOST accounting,
//! records never split, a producer and a consumer thread) with Linux's C
//! consumer reading what Rust wrote.

use crate::abi::*;
use crate::ffi::*;
use crate::mailbox::TraceSink;
use crate::trace::*;
use crate::volatile::testmem::Buf;
use crate::volatile::Shm;
use std::os::raw::{c_char, c_int, c_uint};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The Rust writers golden_shim.c hands AP records to, one per ring.
static WRITERS: Mutex<Vec<(usize, TraceWriter)>> = Mutex::new(Vec::new());

#[no_mangle]
pub extern "C" fn rl_rust_emit(
    r: *mut u8,
    ty: c_uint,
    tsc: u64,
    req: u32,
    arg: u32,
    ext: *const u8,
    len: u32,
) -> c_int {
    let mut ws = WRITERS.lock().unwrap();
    let i = match ws.iter().position(|(a, _)| *a == r as usize) {
        Some(i) => i,
        None => {
            // The C side set the ring up (pmdi_ring_init); attach as the AP does.
            let n = unsafe { (r.add(trace_ring::nslots) as *const u32).read() };
            let shm = unsafe { Shm::new(r, rl_c_ring_bytes(n) as usize) };
            ws.push((r as usize, TraceWriter::attach(shm).expect("attach")));
            ws.len() - 1
        }
    };
    let ext = if len == 0 { &[][..] } else { unsafe { std::slice::from_raw_parts(ext, len as usize) } };
    if ws[i].1.emit(ty as u8, tsc, req, arg, ext) {
        0
    } else {
        -1
    }
}

#[test]
fn golden_vectors_with_every_ap_record_from_the_rust_writer() {
    let golden = std::env::var("RL_GOLDEN_DIR").unwrap_or("../trace-format/golden/v1".into());
    let out = std::env::temp_dir().join(format!("rl-golden-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let arg0 = b"golden_writer\0";
    let arg1 = format!("{}\0", out.display());
    let argv = [arg0.as_ptr() as *const c_char, arg1.as_ptr() as *const c_char];
    assert_eq!(unsafe { rl_golden_main(2, argv.as_ptr()) }, 0);
    let (rust, c) = unsafe { (rl_golden_rust_records, rl_golden_c_records) };
    assert!(rust > 500 && c > 200, "records: {} from Rust, {} from C", rust, c);
    let mut files = 0;
    for e in std::fs::read_dir(&golden).unwrap() {
        let p = e.unwrap().path();
        let want = std::fs::read(&p).unwrap();
        let got = std::fs::read(out.join(p.file_name().unwrap())).unwrap();
        assert!(got == want, "{}: Rust-written stream differs from the golden vector", p.display());
        files += 1;
    }
    assert_eq!(files, 6, "golden files in {}", golden);
    std::fs::remove_dir_all(&out).unwrap();
}

/// A ring set up by the C code (as Linux does), with Linux's C consumer.
struct Ring {
    buf: Buf,
    c: *mut CConsumer,
}

impl Ring {
    fn new(nslots: u32) -> Ring {
        let buf = Buf::new(unsafe { rl_c_ring_bytes(nslots) } as usize);
        assert_eq!(unsafe { rl_c_ring_init(buf.ptr(), nslots) }, 0);
        let c = unsafe { rl_c_consumer_new(buf.ptr()) };
        Ring { buf, c }
    }

    fn writer(&self) -> TraceWriter {
        TraceWriter::attach(self.buf.shm()).unwrap()
    }

    /// Linux's drain: up to `max` slots of whole records.
    fn consume(&self, max: u32) -> Vec<TraceRec> {
        let mut out = vec![TraceRec { tsc_type: 0, req: 0, arg: 0 }; max as usize];
        let n = unsafe { rl_c_consume(self.c, out.as_mut_ptr(), max) };
        assert!(n >= 0, "Linux's consumer broke the ring ({})", unsafe { rl_c_consumer_broken(self.c) });
        out.truncate(n as usize);
        out
    }

    fn bytes(&self) -> Vec<u8> {
        let s = self.buf.shm();
        (0..s.len()).map(|i| s.load8(i)).collect()
    }
}

impl Drop for Ring {
    fn drop(&mut self) {
        unsafe { rl_c_consumer_free(self.c) }
    }
}

/// One decoded event: (type, tsc, req, args, blob).
type Ev = (u8, u64, u32, [u64; 5], Vec<u8>);

fn decode(recs: &[TraceRec]) -> Vec<Ev> {
    let mut v = Vec::new();
    let mut k = 0;
    while k < recs.len() {
        let (mut ty, mut tsc, mut req, mut args) = (0u8, 0u64, 0u32, [0u64; 5]);
        let (mut blob, mut blen) = (std::ptr::null(), 0u32);
        let n = unsafe {
            rl_c_decode(recs[k..].as_ptr(), (recs.len() - k) as u32, &mut ty, &mut tsc, &mut req,
                        args.as_mut_ptr(), &mut blob, &mut blen)
        };
        assert!(n > 0, "malformed record at {}", k);
        let b = if blen > 0 { unsafe { std::slice::from_raw_parts(blob, blen as usize) }.to_vec() } else { vec![] };
        v.push((ty, tsc, req, args, b));
        k += n as usize;
    }
    v
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// A random AP event: (type, req, arg, ext).
fn random_event(rng: &mut Rng, i: u64) -> (u8, u32, u32, Vec<u8>) {
    let r = rng.next();
    match r % 9 {
        0 => (EV_REQ_POST, i as u32, arg_req_post(2, 1, i as u16), ext_req_post(i * 4096, 4096).to_vec()),
        1 => (EV_DOORBELL_SEND, i as u32, arg_doorbell(RING_REQUEST, i as u32), vec![]),
        2 => (EV_DOORBELL_SUPPRESS, i as u32, arg_doorbell(RING_REQUEST, i as u32), vec![]),
        3 => (EV_REPLY_TAKE, i as u32, (i & 0xffff) as u32, vec![]),
        4 => (EV_REQ_DONE, i as u32, (-5i32) as i8 as u8 as u32, vec![]),
        5 => {
            let len = (r >> 8) as usize % (BLOB_MAX + 1);
            let b: Vec<u8> = (0..len).map(|k| (i as usize + k) as u8).collect();
            (EV_LOG, 0, len as u32, b)
        }
        6 => (EV_IPI_RECV, 0, AP_VEC_WAKE as u32, vec![]),
        7 => (EV_AP_FAULT, 0, 48, vec![0xa5; 48]),
        _ => (EV_HEARTBEAT, 0, i as u32, vec![]),
    }
}

#[test]
fn ring_bytes_equal_the_c_writer_after_every_record() {
    for &nslots in &[16u32, 64, 4096] {
        let (rc, rr) = (Ring::new(nslots), Ring::new(nslots));
        let mut w = rr.writer();
        let mut rng = Rng(0x9e3779b97f4a7c15 ^ nslots as u64);
        let (mut dropped, mut taken) = (0, 0);
        for i in 1..20000u64 {
            let (ty, req, arg, ext) = random_event(&mut rng, i);
            let tsc = i * 1000 + (rng.next() & 0xff);
            let c_ok = unsafe { rl_c_emit(rc.buf.ptr(), ty as c_uint, tsc, req, arg, ext.as_ptr(), ext.len() as u32) } == 0;
            let r_ok = w.emit(ty, tsc, req, arg, &ext);
            assert_eq!(c_ok, r_ok, "record {} (type {}) kept by one writer only", i, ty);
            dropped += !r_ok as u32;
            // Linux drains now and then, the same amount from both rings.
            if rng.next() % 5 == 0 {
                let max = (rng.next() % (nslots as u64 + 1)) as u32;
                let (a, b) = (rc.consume(max), rr.consume(max));
                assert_eq!(decode(&a), decode(&b));
                taken += a.len();
            }
            assert!(rc.bytes() == rr.bytes(), "ring bytes differ after record {}", i);
        }
        assert!(taken > 2 * nslots as usize, "{} slots: the ring never wrapped", nslots);
        assert!(nslots > 64 || dropped > 100, "{} slots: only {} dropped", nslots, dropped);
        assert_eq!(w.lost_total(), dropped as u64);
    }
}

#[test]
fn full_ring_lost_accounting_and_whole_records() {
    let r = Ring::new(16);
    let mut w = r.writer();
    let shm = r.buf.shm();
    for i in 0..16u64 {
        assert!(w.emit(EV_HEARTBEAT, i, 0, i as u32, &[]), "fill {}", i);
    }
    assert!(!w.emit(EV_HEARTBEAT, 16, 0, 16, &[]), "full ring accepted");
    assert!(!w.emit(EV_HEARTBEAT, 17, 0, 17, &[]), "full ring accepted");
    assert_eq!(w.lost_total(), 2);
    assert_eq!(shm.load64(trace_ring::lost_total), 2);
    assert_eq!(shm.load64(trace_ring::pending_lost), 2);
    assert_eq!(r.consume(32).len(), 16);
    assert!(w.emit(EV_HEARTBEAT, 18, 0, 18, &[]), "after drain");
    let ev = decode(&r.consume(32));
    assert_eq!(ev.len(), 2);
    assert_eq!((ev[0].0, ev[0].3[0]), (EV_LOST, 2), "LOST record precedes the next event");
    assert_eq!((ev[1].0, ev[1].1), (EV_HEARTBEAT, 18));
    assert_eq!(shm.load64(trace_ring::pending_lost), 0);

    // A consumer buffer too small for a record leaves the record in the ring.
    assert!(w.emit(EV_REQ_POST, 19, 1, 0, &ext_req_post(0, 1)));
    assert_eq!(r.consume(1).len(), 0);
    let ev = decode(&r.consume(2));
    assert_eq!((ev[0].0, ev[0].3[3]), (EV_REQ_POST, 1));

    // A record Linux would refuse (and break the ring over) is never written.
    let head = shm.load64(trace_ring::head);
    assert!(!w.emit(50, 20, 0, 0, &[]));
    assert!(!w.emit(EV_LOG, 20, 0, BLOB_MAX as u32 + 1, &[0; BLOB_MAX + 1]));
    assert!(!w.emit(EV_LOG, 20, 0, 5, b"four"));
    assert!(!w.emit(EV_REQ_POST, 20, 0, 0, &[]));
    assert!(!w.emit(EV_HEARTBEAT, 20, 0, 0, &[1]));
    assert_eq!((w.refused(), w.lost_total()), (5, 2));
    assert_eq!(shm.load64(trace_ring::head), head);
    // A LOG longer than a blob is cut, not refused; the ring keeps working.
    assert!(w.log(21, LOG_INFO, &[b'x'; 300]));
    let ev = decode(&r.consume(32));
    assert_eq!((ev[0].0, ev[0].4.len(), ev[0].4[0]), (EV_LOG, BLOB_MAX, LOG_INFO));
    let f = BlobApFault { rip: 0xffffffff80201234, cr2: 8, error_code: 2, vector: 14, rsvd: [0; 3], build_id: [7; 20] };
    assert!(w.ap_fault(22, &f));
    let ev = decode(&r.consume(32));
    assert_eq!(ev[0].4[..8], 0xffffffff80201234u64.to_le_bytes());
    assert_eq!((ev[0].4[24], ev[0].4[47]), (14, 7));
}

#[test]
fn attach_refuses_what_linux_did_not_set_up() {
    let b = Buf::new(4096);
    assert_eq!(TraceWriter::attach(b.shm()).err(), Some(TraceAttachError::NoRing));
    unsafe { rl_c_ring_init(b.ptr(), 16) };
    let shm = b.shm();
    assert!(TraceWriter::attach(shm).is_ok());
    shm.store32(trace_ring::nslots, 24);
    assert_eq!(TraceWriter::attach(shm).err(), Some(TraceAttachError::BadGeometry));
    shm.store32(trace_ring::nslots, 1024); // 16 KiB of slots in a 4 KiB window
    assert_eq!(TraceWriter::attach(shm).err(), Some(TraceAttachError::BadGeometry));
    assert_eq!(TraceWriter::attach(shm.sub(0, 64).unwrap()).err(), Some(TraceAttachError::NoRing));
}

#[test]
fn class_mask_filters_as_the_c_kernel_does() {
    assert!(!wanted(0, EV_LOST));
    assert!(wanted(CLASS_LOG, EV_LOST), "LOST is never filtered");
    assert!(wanted(CLASS_REQUEST, EV_REQ_POST) && !wanted(CLASS_REQUEST, EV_DOORBELL_SEND));
    assert!(wanted(CLASS_DOORBELL, EV_IPI_RECV) && wanted(CLASS_HEALTH, EV_RING_OVERFLOW));
    let r = Ring::new(64);
    let mut w = r.writer();
    let mut t = 100;
    let mut sink = RingSink { writer: &mut w, mask: CLASS_REQUEST, clock: || { t += 1; t } };
    sink.record(EV_REQ_POST, 1, 0, &ext_req_post(0, 0));
    sink.record(EV_DOORBELL_SEND, 1, 0, &[]);
    sink.record(EV_REQ_DONE, 1, 0, &[]);
    let ev = decode(&r.consume(64));
    assert_eq!(ev.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(), vec![(EV_REQ_POST, 101), (EV_REQ_DONE, 102)]);
}

/// test_ring.c's two_threads: a Rust producer, Linux's C consumer on
/// another thread; order kept, values intact, loss counted exactly.
fn two_threads(nslots: u32, events: u64, delay_ns: u64) {
    let ring = Arc::new(Ring::new(nslots));
    struct SendRing(Arc<Ring>);
    unsafe impl Send for SendRing {}
    let done = Arc::new(AtomicBool::new(false));
    const END: u32 = 0xe0d;
    let consumer = {
        let r = SendRing(ring.clone());
        let done = done.clone();
        std::thread::spawn(move || {
            let r = r;
            let (mut expect, mut received, mut lost) = (1u64, 0u64, 0u64);
            let mut errors = Vec::new();
            loop {
                let recs = r.0.consume(256);
                for (ty, tsc, req, args, blob) in decode(&recs) {
                    if ty == EV_LOST {
                        lost += args[0];
                        expect += args[0];
                        continue;
                    }
                    if ty == EV_TRACE_CTRL && args[1] == (END >> 8) as u64 {
                        // LOST may count failed tries of the end mark.
                        if tsc > expect {
                            errors.push(format!("end mark at {} > {}", tsc, expect));
                        }
                        done.store(true, Ordering::Relaxed);
                        return (received, lost, errors);
                    }
                    if tsc != expect {
                        errors.push(format!("got {} want {}", tsc, expect));
                    }
                    expect = tsc + 1;
                    received += 1;
                    let ok = match ty {
                        EV_REQ_POST => args[3] == tsc as u32 as u64 && args[4] == tsc * 3,
                        EV_LOG => blob.len() as u64 == tsc % (BLOB_MAX as u64 + 1)
                            && blob.iter().enumerate().all(|(j, &b)| b == (tsc + j as u64) as u8),
                        _ => req == tsc as u32 && args[0] == tsc as u32 as u64,
                    };
                    if !ok {
                        errors.push(format!("bad values in record {}", tsc));
                    }
                }
                if delay_ns > 0 {
                    let t = std::time::Instant::now();
                    while t.elapsed().as_nanos() < delay_ns as u128 {}
                }
            }
        })
    };
    let mut w = ring.writer();
    let (mut ok, mut dropped, mut end_retries) = (0u64, 0u64, 0u64);
    for i in 1..=events {
        let kept = if i % 61 == 0 {
            let len = (i % (BLOB_MAX as u64 + 1)) as usize;
            let b: Vec<u8> = (0..len).map(|k| (i + k as u64) as u8).collect();
            w.emit(EV_LOG, i, i as u32, len as u32, &b)
        } else if i % 7 == 0 {
            w.emit(EV_REQ_POST, i, i as u32, arg_req_post(1, 1, i as u16), &ext_req_post(i * 3, i as u32))
        } else {
            w.emit(EV_HEARTBEAT, i, i as u32, i as u32, &[])
        };
        if kept { ok += 1 } else { dropped += 1 }
    }
    while !w.emit(EV_TRACE_CTRL, events + 1, 0, END, &[]) {
        end_retries += 1;
        std::thread::yield_now();
    }
    let (received, lost, errors) = consumer.join().unwrap();
    assert!(done.load(Ordering::Relaxed));
    assert!(errors.is_empty(), "{} slots: {} errors, first: {}", nslots, errors.len(), errors[0]);
    assert_eq!(received + lost, events + end_retries, "{} slots", nslots);
    assert_eq!(received, ok);
    assert_eq!((lost, w.lost_total()), (dropped + end_retries, dropped + end_retries));
    if delay_ns > 0 {
        assert!(lost > 0, "a slow consumer must cause loss");
    }
}

#[test]
fn two_threads_fast_consumer() {
    two_threads(1 << 16, 1_000_000, 0);
}

#[test]
fn two_threads_slow_consumer() {
    two_threads(256, 300_000, 2000);
}

#[test]
fn two_threads_tiny_ring() {
    two_threads(16, 300_000, 0);
}

/// The writer's state is its own: header words scribbled between records
/// (other than `head`, which Linux's consumer reads) do not change what it
/// writes; a `tail` Linux could never have published only drops records.
#[test]
fn writer_keeps_its_own_state_and_survives_an_impossible_tail() {
    let r = Ring::new(16);
    let mut w = r.writer();
    let shm = r.buf.shm();
    let mut expect = 0u64;
    for i in 0..200u64 {
        assert!(w.emit(EV_HEARTBEAT, i, 0, i as u32, &[]));
        shm.store32(trace_ring::nslots, if i % 2 == 0 { 0 } else { 0x8000_0000 });
        shm.store32(trace_ring::magic, 0);
        shm.store64(trace_ring::pending_lost, 0xdead_0000 + i);
        shm.store64(trace_ring::lost_total, 7);
        shm.store64(trace_ring::cached_tail, 0xffff_0000_0000);
        if i % 4 == 3 {
            shm.store32(trace_ring::nslots, 16); // the C consumer took its size at init
            for e in decode(&r.consume(32)) {
                assert_eq!((e.0, e.1), (EV_HEARTBEAT, expect));
                expect += 1;
            }
        }
    }
    assert_eq!((expect, w.lost_total()), (200, 0));
    // A full ring makes the writer re-read Linux's tail: one ahead of our
    // head, then one far behind it, leave no room; the records are counted.
    let head = shm.load64(trace_ring::head);
    for k in 0..16 {
        assert!(w.emit(EV_HEARTBEAT, 300 + k, 0, 0, &[]));
    }
    shm.store64(trace_ring::tail, head + 1016);
    assert!(!w.emit(EV_HEARTBEAT, 400, 0, 0, &[]));
    shm.store64(trace_ring::tail, head.wrapping_sub(1000));
    assert!(!w.emit(EV_HEARTBEAT, 401, 0, 0, &[]));
    assert_eq!((w.lost_total(), shm.load64(trace_ring::head)), (2, head + 16));
    shm.store64(trace_ring::tail, head); // what Linux really published
    assert_eq!(r.consume(32).len(), 16);
    assert!(w.emit(EV_HEARTBEAT, 402, 0, 0, &[]));
    let ev = decode(&r.consume(32));
    assert_eq!((ev[0].0, ev[0].3[0], ev[1].1), (EV_LOST, 2, 402));
}
