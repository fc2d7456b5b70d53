// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The Rust mailbox client against Linux's side built from the module's own
//! code (tests/c/linux_sim.c over mailbox_ring.h): posting, wrap-around of
//! the free-running indices, full rings and credits, out-of-order
//! completions, the sleeping flags and doorbell decisions on both sides, the
//! db_gen seqlock, Linux's refusals, hostile indices, and a two-thread storm
//! in which a lost wake-up hangs (and fails) the test.

use crate::abi::*;
use crate::ffi::*;
use crate::mailbox::*;
use crate::volatile::testmem::Buf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

const MBOX: usize = 256 * 1024;
const WIN: u64 = 0x4000_0000;
const WIN_SIZE: u64 = 4 << 20;
const WIN2: u64 = 0x8000_0000;
const NULL: u16 = 0;
const CONSOLE: u16 = 1;
const VDA: u16 = 2;
const VDB: u16 = 3;
const VDA_CAP: u64 = 1 << 20;

fn dev(class: u8, name: &str, bs: u32, cap: u64, max_len: u32, align: u32) -> MboxDev {
    let mut d = MboxDev {
        id: 0,
        dev_class: class,
        flags: 0,
        block_size: bs,
        capacity: cap,
        max_len,
        align,
        mac: [0; 6],
        rx_pool: 0,
        name: [0; 16],
        driver: [0; 16],
    };
    d.name[..name.len()].copy_from_slice(name.as_bytes());
    d.driver[..4].copy_from_slice(b"pmdi");
    d
}

fn devices() -> Vec<MboxDev> {
    let mut v = vec![
        dev(DEV_NULL, "null", 0, 0, 0, 0),
        dev(DEV_CONSOLE, "console", 0, 0, 4096, 1),
        dev(DEV_BLOCK, "vda", 512, VDA_CAP, 65536, 512),
        dev(DEV_BLOCK, "vdb", 512, 4 * VDA_CAP, 65536, 512),
    ];
    for (i, d) in v.iter_mut().enumerate() {
        d.id = i as u16;
    }
    v
}

/// Linux's side: the module's code, its own indices and copies.
struct Linux(*mut CSim);

unsafe impl Send for Linux {}

impl Linux {
    fn take(&self) -> Option<MboxReq> {
        let mut rq: MboxReq = unsafe { std::mem::zeroed() };
        match unsafe { rl_sim_take(self.0, &mut rq) } {
            1 => Some(rq),
            0 => None,
            _ => panic!("Linux found the AP's request index impossible"),
        }
    }

    fn take_all(&self) -> Vec<MboxReq> {
        std::iter::from_fn(|| self.take()).collect()
    }

    /// Check the request as the module does; the completion it answers with.
    fn answer(&self, rq: &MboxReq) -> MboxCpl {
        let mut c: MboxCpl = unsafe { std::mem::zeroed() };
        unsafe { rl_sim_check(self.0, rq, &mut c) };
        c
    }

    /// Post a completion: true if the AP must be sent its IPI.
    fn complete(&self, c: &MboxCpl) -> bool {
        match unsafe { rl_sim_complete(self.0, c) } {
            1 => true,
            0 => false,
            _ => panic!("no completion slot: credits broken"),
        }
    }

    fn sleep(&self) -> bool {
        unsafe { rl_sim_sleep(self.0) == 1 }
    }
}

struct Board {
    buf: Buf,
    linux: Linux,
}

impl Board {
    fn new(req: u32, cpl: u32, evt: u32, first: u32) -> Board {
        let buf = Buf::new(MBOX);
        let devs = devices();
        let win = [MboxWindow { phys: WIN, size: WIN_SIZE }, MboxWindow { phys: WIN2, size: 0x3000 }];
        let s = unsafe {
            rl_sim_new(buf.ptr(), MBOX as u32, req, cpl, evt, devs.as_ptr(), devs.len() as u32,
                       win.as_ptr(), 2, first)
        };
        assert!(!s.is_null());
        Board { buf, linux: Linux(s) }
    }

    fn mb(&self) -> Mailbox {
        Mailbox::attach(self.buf.shm()).expect("attach")
    }

    fn hdr(&self) -> MboxHdr {
        self.buf.shm().read(0)
    }

    /// Offset of a ring's control block.
    fn ring(&self, which: u8) -> usize {
        let h = self.hdr();
        [h.req_off, h.cpl_off, h.evt_off][which as usize] as usize
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        unsafe { rl_sim_free(self.linux.0) }
    }
}

/// A trace sink that keeps what the client recorded.
#[derive(Default)]
struct Rec(Vec<(u8, u32, u32, Vec<u8>)>);

impl TraceSink for Rec {
    fn record(&mut self, ty: u8, req: u32, arg: u32, ext: &[u8]) {
        self.0.push((ty, req, arg, ext.to_vec()));
    }
}

#[test]
fn attach_checks_magic_version_and_layout() {
    let b = Board::new(64, 64, 16, 0);
    let shm = b.buf.shm();
    assert!(Mailbox::attach(shm).is_ok());
    let bad = |off: usize, v: u32| {
        let old = shm.load32(off);
        shm.store32(off, v);
        let r = Mailbox::attach(shm).err();
        shm.store32(off, old);
        r.expect("accepted a bad header")
    };
    assert_eq!(bad(mbox_hdr::magic, 0x1234), AttachError::BadMagic(0x1234));
    assert_eq!(bad(mbox_hdr::version, 2), AttachError::BadVersion(2));
    assert!(matches!(bad(mbox_hdr::req_slots, 48), AttachError::BadLayout(_)));
    assert!(matches!(bad(mbox_hdr::cpl_slots, 1), AttachError::BadLayout(_)));
    assert!(matches!(bad(mbox_hdr::evt_off, 0x7fff_ffc0), AttachError::BadLayout(_)));
    assert!(matches!(bad(mbox_hdr::cpl_off, b.hdr().cpl_off + 8), AttachError::BadLayout(_)));
    assert!(matches!(bad(mbox_hdr::size, MBOX as u32 + 64), AttachError::BadLayout(_)));
    assert!(matches!(bad(mbox_hdr::ndev, 33), AttachError::BadLayout(_)));
    assert!(matches!(bad(mbox_hdr::nwin, 17), AttachError::BadLayout(_)));
    assert!(matches!(bad(mbox_hdr::req_slots, 1 << 20), AttachError::BadLayout(_)));
    // A window smaller than the header it would have to hold.
    assert_eq!(Mailbox::attach(shm.sub(0, 64).unwrap()).err(), Some(AttachError::BadMagic(0)));
    assert_eq!(AttachError::BadVersion(2).message(), "ABI version mismatch with the dispatcher");
}

#[test]
fn device_table_windows_and_buffers() {
    let b = Board::new(64, 64, 16, 0);
    let mb = b.mb();
    assert_eq!(mb.ndev(), 4);
    assert_eq!(mb.find(b"vda"), Some(VDA));
    assert_eq!(mb.find(b"vd"), None);
    assert_eq!(mb.find_class(DEV_BLOCK, Some(b"vdb")), Some(VDB));
    assert_eq!(mb.find_class(DEV_BLOCK, None), Some(VDA));
    assert_eq!(mb.find_class(DEV_CONSOLE, None), Some(CONSOLE));
    assert_eq!(mb.find_class(DEV_NET, None), None);
    let d = mb.device(VDA).unwrap();
    assert_eq!((d.block_size, d.capacity, d.driver()), (512, VDA_CAP, &b"pmdi"[..]));
    assert!(mb.device(4).is_none());
    assert_eq!(mb.devices().count(), 4);
    assert_eq!(mb.nwin(), 2);
    assert_eq!(mb.window(0).map(|w| (w.phys, w.size)), Some((WIN, WIN_SIZE)));
    assert!(mb.in_window(WIN, WIN_SIZE) && mb.in_window(WIN + WIN_SIZE, 0));
    assert!(!mb.in_window(WIN + WIN_SIZE - 1, 2) && !mb.in_window(WIN - 1, 1));
    assert!(!mb.in_window(u64::MAX, 2) && !mb.in_window(WIN + 4096, u64::MAX));
    let mut a = WindowAlloc::new();
    assert_eq!(a.alloc(&mb, 1), Some(WIN));
    assert_eq!(a.alloc(&mb, 4096), Some(WIN + 4096));
    assert_eq!(a.alloc(&mb, WIN_SIZE - 8192), Some(WIN + 8192));
    assert_eq!(a.alloc(&mb, 8192), Some(WIN2), "the next chunk");
    assert_eq!(a.alloc(&mb, 8192), None, "only 4 KiB left");
    assert_eq!(a.alloc(&mb, 4096), None, "a failed allocation moves past its chunk");
}

#[test]
fn post_take_complete_reap_with_traces() {
    let b = Board::new(64, 64, 16, 0);
    let mut mb = b.mb();
    let mut t = Rec::default();
    let p1 = mb.post(&Request::null(NULL).cookie(0xc0ffee), &mut t).unwrap();
    assert_eq!(p1, Posted { id: 1, slot: 0, doorbell: true }, "Linux starts asleep: ring");
    let p2 = mb.post(&Request::new(VDA, OP_READ, WIN + 8192, 4096, 512), &mut t).unwrap();
    assert_eq!(p2, Posted { id: 2, slot: 1, doorbell: false }, "Linux was woken: suppress");
    assert_eq!(mb.outstanding(), 2);
    let rqs = b.linux.take_all();
    assert_eq!(rqs.len(), 2);
    assert_eq!((rqs[0].id, rqs[0].dev, rqs[0].op, rqs[0].abi, rqs[0].cookie), (1, NULL, OP_NULL, 1, 0xc0ffee));
    assert_eq!((rqs[1].buf, rqs[1].len, rqs[1].offset, rqs[1].flags), (WIN + 8192, 4096, 512, 0));
    assert!(mb.reap(&mut t).unwrap().is_none());
    assert!(b.linux.complete(&b.linux.answer(&rqs[0])), "the AP starts asleep too");
    assert!(!b.linux.complete(&b.linux.answer(&rqs[1])));
    let c1 = mb.reap(&mut t).unwrap().unwrap();
    let c2 = mb.reap(&mut t).unwrap().unwrap();
    assert!(mb.reap(&mut t).unwrap().is_none());
    assert_eq!((c1.id, c1.status, c1.reason, c1.cookie), (1, 0, R_OK, 0xc0ffee));
    assert_eq!((c2.id, c2.status, c2.bytes), (2, 0, 4096));
    assert_eq!(mb.outstanding(), 0);
    let s = mb.stats();
    assert_eq!((s.submitted, s.completed, s.doorbells, s.suppressed), (2, 2, 1, 1));
    let mut ext = vec![0u8; 16];
    ext[..8].copy_from_slice(&512u64.to_le_bytes());
    ext[8..12].copy_from_slice(&4096u32.to_le_bytes());
    assert_eq!(t.0, vec![
        (EV_REQ_POST, 1, 0, vec![0; 16]),
        (EV_DOORBELL_SEND, 1, 0, vec![]),
        (EV_REQ_POST, 2, VDA as u32 | (OP_READ as u32) << 8 | 1 << 16, ext),
        (EV_DOORBELL_SUPPRESS, 2, 1 << 8, vec![]),
        (EV_REPLY_TAKE, 1, 0, vec![]),
        (EV_REQ_DONE, 1, 0, vec![]),
        (EV_REPLY_TAKE, 2, 1, vec![]),
        (EV_REQ_DONE, 2, 0, vec![]),
    ]);
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, (self.next() % (i as u64 + 1)) as usize);
        }
    }
}

#[test]
fn indices_wrap_around_u32_and_the_rings() {
    let b = Board::new(8, 8, 4, 0xffff_ffe0);
    let mut mb = b.mb();
    let mut rng = Rng(12345);
    let mut next = 1u32;
    for round in 0..2000 {
        let k = 1 + rng.next() % 8;
        let mut ids = Vec::new();
        for _ in 0..k {
            let p = mb.post(&Request::null(NULL).cookie(next as u64 * 7), &mut ()).unwrap();
            assert_eq!(p.id, next);
            ids.push(p.id);
            next += 1;
        }
        let mut rqs = b.linux.take_all();
        assert_eq!(rqs.iter().map(|r| r.id).collect::<Vec<_>>(), ids, "round {}", round);
        rng.shuffle(&mut rqs);
        for r in &rqs {
            b.linux.complete(&b.linux.answer(r));
        }
        for r in &rqs {
            let c = mb.reap(&mut ()).unwrap().expect("completion");
            assert_eq!((c.id, c.cookie), (r.id, r.id as u64 * 7), "in Linux's order");
        }
    }
    let h = b.buf.shm();
    assert!(h.load32(b.ring(0) + mbox_ring::prod) < 0xffff_ffe0, "the request index wrapped");
    assert!(mb.broken().is_none());
}

#[test]
fn full_ring_and_completion_credits() {
    // Fewer completion slots than request slots: credits stop posting.
    let b = Board::new(8, 4, 4, 0);
    let mut mb = b.mb();
    let mut t = Rec::default();
    for _ in 0..4 {
        mb.post(&Request::null(NULL), &mut t).unwrap();
    }
    assert_eq!(mb.post(&Request::null(NULL), &mut t), Err(PostError::Full));
    assert_eq!(b.buf.shm().load32(b.ring(0) + mbox_ring::overflows), 1);
    assert_eq!(t.0.last().unwrap(), &(EV_RING_OVERFLOW, 0, RING_REQUEST as u32 | 1 << 8, vec![]));
    let rqs = b.linux.take_all();
    b.linux.complete(&b.linux.answer(&rqs[2]));
    assert_eq!(mb.post(&Request::null(NULL), &mut t), Err(PostError::Full), "not reaped yet");
    assert_eq!(mb.reap(&mut t).unwrap().unwrap().id, 3);
    assert!(mb.post(&Request::null(NULL), &mut t).is_ok(), "a credit came back");
    assert_eq!(mb.stats().ring_full, 2);
    assert_eq!(b.buf.shm().load32(b.ring(0) + mbox_ring::overflows), 2);

    // Fewer request slots: a full request ring stops posting until Linux takes.
    let b = Board::new(4, 8, 4, 0);
    let mut mb = b.mb();
    for _ in 0..4 {
        mb.post(&Request::null(NULL), &mut ()).unwrap();
    }
    assert_eq!(mb.post(&Request::null(NULL), &mut ()), Err(PostError::Full));
    b.linux.take().unwrap();
    b.linux.take().unwrap();
    mb.post(&Request::null(NULL), &mut ()).unwrap();
    mb.post(&Request::null(NULL), &mut ()).unwrap();
    assert_eq!(mb.post(&Request::null(NULL), &mut ()), Err(PostError::Full));
    assert_eq!((mb.outstanding(), mb.max_outstanding()), (6, 4));
}

#[test]
fn completions_out_of_order_are_matched_by_id() {
    let b = Board::new(64, 64, 16, 0);
    let mut mb = b.mb();
    let mut ids = Vec::new();
    for i in 0..16u64 {
        let rq = Request::new(VDA, OP_READ, WIN + i * 4096, 4096, i * 4096).cookie(i);
        ids.push(mb.post(&rq, &mut ()).unwrap().id);
    }
    let rqs = b.linux.take_all();
    for r in rqs.iter().rev() {
        b.linux.complete(&b.linux.answer(r));
    }
    let got: Vec<(u32, u64, i32)> = std::iter::from_fn(|| mb.reap(&mut ()).unwrap())
        .map(|c| (c.id, c.cookie, c.status))
        .collect();
    let want: Vec<(u32, u64, i32)> = ids.iter().rev().map(|&id| (id, id as u64 - 1, 0)).collect();
    assert_eq!(got, want);
}

#[test]
fn sleeping_flags_decide_every_doorbell() {
    let b = Board::new(16, 16, 4, 0);
    let shm = b.buf.shm();
    let (req, cpl, evt) = (b.ring(0), b.ring(1), b.ring(2));
    let mut mb = b.mb();
    // AP -> Linux: Linux's flag, set by its sleep, taken by our exchange.
    assert!(mb.post(&Request::null(NULL), &mut ()).unwrap().doorbell);
    assert_eq!(shm.load32(req + mbox_ring::sleeping), 0);
    assert!(!mb.post(&Request::null(NULL), &mut ()).unwrap().doorbell);
    assert!(!b.linux.sleep(), "Linux may not sleep with requests pending");
    assert!(!mb.post(&Request::null(NULL), &mut ()).unwrap().doorbell);
    let rqs = b.linux.take_all();
    assert!(b.linux.sleep());
    assert!(mb.post(&Request::null(NULL), &mut ()).unwrap().doorbell, "Linux sleeps: ring");
    assert!(!mb.post(&Request::null(NULL), &mut ()).unwrap().doorbell);
    // Linux -> AP: our flag, set by may_sleep, taken by Linux's exchange.
    assert!(b.linux.complete(&b.linux.answer(&rqs[0])), "the AP starts asleep");
    assert!(!mb.may_sleep(), "a completion is waiting");
    assert_eq!(shm.load32(cpl + mbox_ring::sleeping), 0, "flag cleared again");
    assert!(!b.linux.complete(&b.linux.answer(&rqs[1])), "AP awake: suppressed");
    while mb.reap(&mut ()).unwrap().is_some() {}
    assert!(mb.may_sleep());
    assert_eq!((shm.load32(cpl + mbox_ring::sleeping), shm.load32(evt + mbox_ring::sleeping)), (1, 1));
    assert!(b.linux.complete(&b.linux.answer(&rqs[2])), "AP asleep: Linux must ring");
    mb.reap(&mut ()).unwrap().unwrap();
    // An event also keeps the AP awake.
    let mut e: MboxEvt = unsafe { std::mem::zeroed() };
    e.seq = 9;
    e.dev = CONSOLE;
    assert!(mb.may_sleep());
    assert_eq!(unsafe { rl_sim_event(b.linux.0, &e) }, 1, "event ring: ring the sleeper");
    assert!(!mb.may_sleep());
    let mut t = Rec::default();
    assert_eq!(mb.take_event(&mut t).unwrap().map(|e| (e.seq, e.dev)), Some((9, CONSOLE)));
    assert!(mb.take_event(&mut t).unwrap().is_none());
    assert_eq!(t.0, vec![(EV_EVENT_TAKE, 9, 0, vec![])]);
    assert!(mb.may_sleep());
}

#[test]
fn doorbell_target_is_read_under_the_db_gen_seqlock() {
    let b = Board::new(16, 16, 4, 0);
    let shm = b.buf.shm();
    let mb = b.mb();
    let publish = move |gen: u32, k: u32| {
        shm.store_release32(mbox_hdr::db_gen, gen | 1);
        shm.store32(mbox_hdr::db_vector, k & 0xff);
        shm.store32(mbox_hdr::db_dest, k);
        shm.store32(mbox_hdr::db_dest_mode, k & 1);
        shm.store_release32(mbox_hdr::db_gen, gen + 2);
    };
    publish(0, 0xec);
    assert_eq!(mb.doorbell_target(), DoorbellTarget { vector: 0xec, dest: 0xec, logical: false });
    publish(2, 0x1ed);
    assert_eq!(mb.doorbell_target(), DoorbellTarget { vector: 0xed, dest: 0x1ed, logical: true });

    // While db_gen is odd the reader waits; it returns what Linux finished writing.
    shm.store32(mbox_hdr::db_gen, 5);
    let (tx, rx) = std::sync::mpsc::channel();
    let mb2 = b.mb();
    let reader = std::thread::spawn(move || tx.send(mb2.doorbell_target()).unwrap());
    std::thread::sleep(Duration::from_millis(50));
    assert!(rx.try_recv().is_err(), "read a target while Linux was rewriting it");
    shm.store32(mbox_hdr::db_vector, 0x42);
    shm.store32(mbox_hdr::db_dest, 0x42);
    shm.store32(mbox_hdr::db_dest_mode, 0);
    shm.store_release32(mbox_hdr::db_gen, 6);
    reader.join().unwrap();
    assert_eq!(rx.recv().unwrap(), DoorbellTarget { vector: 0x42, dest: 0x42, logical: false });

    // Linux re-publishing all the time: no torn (mixed) target is ever seen.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut gen = 6;
            let mut k = 1u32;
            while !stop.load(Ordering::Relaxed) {
                publish(gen, k);
                gen += 2;
                k = k.wrapping_mul(2654435761).wrapping_add(1);
            }
        })
    };
    let mut seen = std::collections::HashSet::new();
    let start = std::time::Instant::now();
    let mut reads = 0;
    // On a loaded host the writer may start late: read until it has run a while.
    while reads < 200_000 || (seen.len() < 1000 && start.elapsed() < Duration::from_secs(20)) {
        reads += 1;
        let t = mb.doorbell_target();
        assert_eq!(t.vector as u32, t.dest & 0xff, "torn read {:?}", t);
        assert_eq!(t.logical, t.dest & 1 == 1, "torn read {:?}", t);
        seen.insert(t.dest);
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    assert!(seen.len() >= 1000, "the writer hardly ran ({} targets seen)", seen.len());
}

#[test]
fn refusals_come_back_with_linux_reasons() {
    let b = Board::new(16, 16, 4, 0);
    let mut mb = b.mb();
    let ok = Request::new(VDA, OP_READ, WIN, 4096, 0);
    // Spec B.6's cases, in its order.
    let cases: Vec<(&str, Request, u16, i32)> = vec![
        ("bad-version", Request { abi: 99, ..Request::null(NULL) }, R_BAD_VERSION, -EPROTO),
        ("bad-device", Request::null(mb.ndev()), R_BAD_DEVICE, -ENODEV),
        ("bad-op", Request { op: 7, ..Request::null(NULL) }, R_BAD_OP, -EOPNOTSUPP),
        ("bad-buffer", Request { buf: 0x1000_0000, ..ok }, R_BAD_BUFFER, -EFAULT),
        ("bad-length", Request { len: 100, ..ok }, R_BAD_LENGTH, -EINVAL),
        ("bad-offset", Request { offset: VDA_CAP, ..ok }, R_BAD_OFFSET, -EINVAL),
        ("bad-flags", Request { flags: 0x8000_0000, ..Request::null(NULL) }, R_BAD_FLAGS, -EINVAL),
        ("good", ok, R_OK, 0),
    ];
    for (name, rq, reason, status) in cases {
        let id = mb.post(&rq, &mut ()).unwrap().id;
        let r = b.linux.take().unwrap();
        b.linux.complete(&b.linux.answer(&r));
        let c = mb.reap(&mut ()).unwrap().unwrap();
        assert_eq!((c.id, c.reason, c.status), (id, reason, status), "{}", name);
    }
}

#[test]
fn hostile_indices_break_the_client_without_panics() {
    // Completion ring: Linux's producer index more than a ring ahead.
    let b = Board::new(8, 8, 4, 100);
    let shm = b.buf.shm();
    let mut mb = b.mb();
    mb.post(&Request::null(NULL), &mut ()).unwrap();
    shm.store32(b.ring(1) + mbox_ring::prod, 100 + 9);
    assert_eq!(mb.reap(&mut ()), Err(Broken::CplIndex));
    assert_eq!(mb.broken(), Some(Broken::CplIndex));
    assert_eq!(mb.post(&Request::null(NULL), &mut ()), Err(PostError::Broken(Broken::CplIndex)));
    assert_eq!(mb.ready(), Err(Broken::CplIndex));
    assert!(mb.may_sleep(), "a broken mailbox never rings: sleep");
    shm.store32(b.ring(1) + mbox_ring::prod, 100);
    assert_eq!(mb.reap(&mut ()), Err(Broken::CplIndex), "broken stays broken");
    assert_eq!(shm.load32(b.ring(1) + mbox_ring::cons), 100, "nothing was taken");

    // Behind our consumer index (free-running: a huge distance).
    let b = Board::new(8, 8, 4, 0);
    let mut mb = b.mb();
    b.buf.shm().store32(b.ring(1) + mbox_ring::prod, u32::MAX);
    assert_eq!(mb.reap(&mut ()), Err(Broken::CplIndex));

    // Request ring: Linux's consumer index ahead of what we produced.
    let b = Board::new(8, 8, 4, 0);
    let mut mb = b.mb();
    b.buf.shm().store32(b.ring(0) + mbox_ring::cons, 3);
    assert_eq!(mb.post(&Request::null(NULL), &mut ()), Err(PostError::Broken(Broken::ReqIndex)));

    // Event ring.
    let b = Board::new(8, 8, 4, 0);
    let mut mb = b.mb();
    b.buf.shm().store32(b.ring(2) + mbox_ring::prod, 5);
    assert_eq!(mb.take_event(&mut ()).err(), Some(Broken::EvtIndex));

    // Exactly a ring ahead is possible: every slot is read, none outside,
    // and completions nobody asked for do not wrap the outstanding count.
    let b = Board::new(8, 8, 4, 0);
    let mut mb = b.mb();
    b.buf.shm().store32(b.ring(1) + mbox_ring::prod, 8);
    let n = std::iter::from_fn(|| mb.reap(&mut ()).unwrap()).count();
    assert_eq!((n, mb.outstanding(), mb.broken()), (8, 0, None));
}

/// A kernel for call(): the doorbell and the wait run Linux synchronously.
struct Kernel<'a> {
    linux: &'a Linux,
    serve: bool,
    doorbells: u32,
    waits: u32,
    others: Vec<u32>,
}

impl<'a> Kernel<'a> {
    fn run_linux(&mut self) {
        if self.serve {
            for r in self.linux.take_all() {
                self.linux.complete(&self.linux.answer(&r));
            }
        }
    }
}

impl<'a> TraceSink for Kernel<'a> {
    fn record(&mut self, _: u8, _: u32, _: u32, _: &[u8]) {}
}

impl<'a> Env for Kernel<'a> {
    fn doorbell(&mut self, t: DoorbellTarget) {
        assert_eq!(t.vector, 0xec);
        self.doorbells += 1;
        self.run_linux();
    }

    fn wait(&mut self, mb: &mut Mailbox) {
        self.waits += 1;
        assert!(self.waits < 100, "call() waits without end");
        if mb.may_sleep() {
            self.serve = true; // "the IPI arrives"
        }
        self.run_linux();
    }

    fn other(&mut self, c: &MboxCpl) {
        self.others.push(c.id);
    }
}

#[test]
fn call_waits_for_its_own_completion() {
    let b = Board::new(8, 4, 4, 0);
    let shm = b.buf.shm();
    shm.store32(mbox_hdr::db_vector, 0xec);
    let mut mb = b.mb();
    let mut k = Kernel { linux: &b.linux, serve: false, doorbells: 0, waits: 0, others: vec![] };
    // Four asynchronous requests Linux has not served: no credit left.
    for _ in 0..4 {
        mb.submit(&Request::null(NULL), &mut k).unwrap();
    }
    let c = mb.call(&Request::new(VDA, OP_READ, WIN, 512, 0), &mut k).unwrap();
    assert_eq!((c.id, c.status, c.bytes), (5, 0, 512));
    assert_eq!(k.others, vec![1, 2, 3, 4], "the others' completions went to Env::other");
    assert!(k.waits >= 1 && k.doorbells >= 1);
    let c = mb.call(&Request::null(NULL), &mut k).unwrap();
    assert_eq!(c.id, 6);
}

/// An interrupt as the local APIC holds it: one pending bit per vector.
struct Ipi {
    pending: Mutex<bool>,
    cv: Condvar,
}

impl Ipi {
    fn new() -> Arc<Ipi> {
        Arc::new(Ipi { pending: Mutex::new(false), cv: Condvar::new() })
    }

    fn send(&self) {
        *self.pending.lock().unwrap() = true;
        self.cv.notify_one();
    }

    /// Sleep until it arrives; false after 2 s without one.
    fn wait(&self) -> bool {
        let g = self.pending.lock().unwrap();
        let (mut g, r) = self.cv.wait_timeout_while(g, Duration::from_secs(2), |p| !*p).unwrap();
        *g = false;
        !r.timed_out()
    }
}

#[test]
fn storm_of_requests_loses_no_wake_up() {
    const N: u32 = 100_000;
    let b = Board::new(64, 32, 4, 0xffff_0000);
    let (to_linux, to_ap) = (Ipi::new(), Ipi::new());
    let stop = Arc::new(AtomicBool::new(false));
    let lost = Arc::new(AtomicU64::new(0));
    let linux_suppressed = Arc::new(AtomicU64::new(0));
    let linux = Linux(b.linux.0);
    let lx = {
        let (to_linux, to_ap, stop, lost, sup) =
            (to_linux.clone(), to_ap.clone(), stop.clone(), lost.clone(), linux_suppressed.clone());
        std::thread::spawn(move || {
            let linux = linux;
            let mut rng = Rng(99);
            while !stop.load(Ordering::Acquire) {
                // The doorbell IRQ: drain, complete half at once, the rest
                // later and in another order (the "worker").
                let mut later = Vec::new();
                for r in linux.take_all() {
                    let c = linux.answer(&r);
                    if rng.next() % 2 == 0 {
                        later.push(c);
                    } else if linux.complete(&c) {
                        to_ap.send();
                    } else {
                        sup.fetch_add(1, Ordering::Relaxed);
                    }
                }
                rng.shuffle(&mut later);
                for c in &later {
                    if linux.complete(c) {
                        to_ap.send();
                    } else {
                        sup.fetch_add(1, Ordering::Relaxed);
                    }
                }
                // Asleep; 2 s without a doorbell is fine while nothing waits
                // (the AP may be slow on a loaded host), but not twice in a
                // row with a request there: that doorbell was lost.
                if linux.sleep() {
                    let mut quiet = 0;
                    while !to_linux.wait() && !stop.load(Ordering::Acquire) {
                        quiet = if unsafe { rl_sim_req_pending(linux.0) } != 0 { quiet + 1 } else { 0 };
                        if quiet == 2 {
                            lost.fetch_add(1, Ordering::Relaxed);
                            return; // the AP side fails the test on it
                        }
                    }
                }
            }
        })
    };
    let mut mb = b.mb();
    let (mut posted, mut done) = (0u32, 0u32);
    let mut seen = vec![false; N as usize + 1];
    let mut max_out = 0;
    while done < N {
        while posted < N {
            match mb.post(&Request::null(NULL).cookie(posted as u64), &mut ()) {
                Ok(p) => {
                    posted += 1;
                    if p.doorbell {
                        to_linux.send();
                    }
                }
                Err(PostError::Full) => break,
                Err(e) => panic!("{:?}", e),
            }
        }
        max_out = max_out.max(mb.outstanding());
        let mut n = 0;
        while let Some(c) = mb.reap(&mut ()).unwrap() {
            assert!(!seen[c.id as usize], "id {} completed twice", c.id);
            seen[c.id as usize] = true;
            assert_eq!(c.cookie, c.id as u64 - 1);
            n += 1;
        }
        done += n;
        // "cli; if may_sleep { sti; hlt }": the hlt is the IPI wait.
        if n == 0 && mb.may_sleep() {
            // As Linux's side: a completion waiting through two timeouts
            // (4 s) is a lost wake-up; a slow Linux alone is not, up to 60 s.
            let (mut quiet, mut waits) = (0, 0);
            while !to_ap.wait() {
                assert_eq!(lost.load(Ordering::Relaxed), 0, "Linux slept through a doorbell");
                quiet = if mb.ready().unwrap() > 0 { quiet + 1 } else { 0 };
                assert!(quiet < 2, "lost wake-up: a completion waited 4 s without a doorbell");
                waits += 1;
                assert!(waits < 30, "no completion for 60 s ({} of {} done)", done, N);
            }
        }
    }
    stop.store(true, Ordering::Release);
    to_linux.send();
    lx.join().unwrap();
    let s = mb.stats();
    assert_eq!((s.submitted, s.completed), (N as u64, N as u64));
    assert_eq!(lost.load(Ordering::Relaxed), 0, "Linux slept through a doorbell");
    assert_eq!(max_out, 32, "credits: at most cpl_slots outstanding");
    assert!(s.doorbells > 0 && s.suppressed > 0, "doorbells {:?}", s);
    assert!(linux_suppressed.load(Ordering::Relaxed) > 0);
    assert_eq!(unsafe { rl_sim_cpl_pending(b.linux.0) }, 0, "the AP took every completion");
}

#[test]
fn clock_sync_and_ping_words() {
    let b = Board::new(16, 16, 4, 0);
    let shm = b.buf.shm();
    let mb = b.mb();
    assert!(!mb.answer_clock_sync(|| panic!("read the TSC without a request")));
    shm.store32(mbox_hdr::sync_req, 3);
    assert!(mb.answer_clock_sync(|| 0x1234_5678_9abc));
    assert_eq!((shm.load32(mbox_hdr::sync_ack), shm.load64(mbox_hdr::sync_ap_tsc)), (3, 0x1234_5678_9abc));
    assert!(!mb.answer_clock_sync(|| 1), "answered once");
    let words = mb.words(); // what an interrupt handler keeps
    shm.store32(mbox_hdr::sync_req, 4);
    assert!(words.answer_clock_sync(|| 77));
    assert_eq!((shm.load32(mbox_hdr::sync_ack), shm.load64(mbox_hdr::sync_ap_tsc)), (4, 77));
    assert_eq!(mb.ping_send(), 1);
    assert_eq!(mb.ping_send(), 2);
    assert_eq!(shm.load32(mbox_hdr::ping_req), 2);
    shm.store32(mbox_hdr::ping_ack, 2);
    assert_eq!(mb.ping_ack(), 2);
    shm.store32(mbox_hdr::workload, WORKLOAD_CONFORMANCE);
    shm.store32(mbox_hdr::workload_seed, 0xdeadbeef);
    shm.store32(mbox_hdr::trace_mask, 0x3f);
    assert_eq!((mb.workload(), mb.workload_seed(), mb.trace_mask()), (12, 0xdeadbeef, 0x3f));
    assert_eq!((words.trace_mask(), words.ping_ack()), (0x3f, 2));
}
