// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The mailbox client: the AP's side of the pmdi interface, the protocol of
//! interface/include/pmdi/mailbox_ring.h written anew in Rust (same bytes,
//! same orderings as interface/client/pmdi_client.c; not a binding).
//!
//! ```ignore
//! let shm = unsafe { Shm::new(mailbox_virt, MAILBOX_SIZE as usize) };
//! let mut mb = Mailbox::attach(shm)?;            // checks magic, version, layout
//! let vda = mb.find(b"vda").unwrap();
//! // asynchronous: post as many as there is room for, reap in any order
//! let p = mb.post(&Request::new(vda, OP_READ, buf_phys, 4096, 0), &mut sink)?;
//! if p.doorbell { send_ipi(mb.doorbell_target()) }   // the IPI is the kernel's
//! while let Some(cpl) = mb.reap(&mut sink)? { /* match cpl.id or cpl.cookie */ }
//! // synchronous: post, ring, wait, reap (Env supplies doorbell and wait)
//! let cpl = mb.call(&Request::null(null_dev), &mut env)?;
//! ```
//!
//! Waiting without losing a wake-up (the kernel's idle loop, `Env::wait`):
//! `cli; if mb.may_sleep() { sti; hlt } else { sti }` -- may_sleep sets the
//! rings' `sleeping` flags, fences, and re-checks them; the instruction
//! after `sti` runs before any interrupt is taken, so a doorbell between the
//! check and `hlt` wakes the `hlt`.
//!
//! Everything Linux wrote is read once into private memory ([`MboxCpl`],
//! [`MboxDev`] are copies); the geometry is taken once at attach and checked.
//! An impossible index from Linux marks the client broken ([`Broken`]):
//! every later call returns the error, nothing indexes out of the rings, and
//! nothing panics. At most `cpl_slots` requests are outstanding (credits),
//! so Linux always has a completion slot for what it owes.
//!
//! The client traces through [`TraceSink`] (REQ_POST, DOORBELL_SEND or
//! _SUPPRESS, REPLY_TAKE, REQ_DONE, EVENT_TAKE, RING_OVERFLOW) with the
//! arguments of trace_format.h; `()` traces nothing, trace.rs has a sink
//! that writes the AP's trace ring.

use crate::abi::*;
use crate::volatile::{fence_acquire, fence_full, Shm};

/// Where the client's trace points go (pmdi_client_ops.trace).
pub trait TraceSink {
    /// One event of trace_format.h: `ext` is the extension (REQ_POST's 16
    /// bytes) or empty.
    fn record(&mut self, ty: u8, req: u32, arg: u32, ext: &[u8]);
}

/// No tracing.
impl TraceSink for () {
    fn record(&mut self, _ty: u8, _req: u32, _arg: u32, _ext: &[u8]) {}
}

/// What the kernel supplies for the synchronous [`Mailbox::call`].
pub trait Env: TraceSink {
    /// Send the doorbell IPI (Fixed, to `t.dest`, logical if `t.logical`).
    fn doorbell(&mut self, t: DoorbellTarget);
    /// Wait for an interrupt: `cli; if mb.may_sleep() { sti; hlt } else { sti }`.
    /// A kernel that polls may return at once.
    fn wait(&mut self, mb: &mut Mailbox);
    /// A completion `call` reaped for another (asynchronous) request.
    fn other(&mut self, _cpl: &MboxCpl) {}
}

/// Why the mailbox could not be attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachError {
    /// No mailbox header: the magic is not "MBOX" (or the window is too small).
    BadMagic(u32),
    /// Linux speaks another mailbox ABI version.
    BadVersion(u32),
    /// Sizes or offsets that do not fit together; says which.
    BadLayout(&'static str),
}

impl AttachError {
    pub fn message(&self) -> &'static str {
        match self {
            AttachError::BadMagic(_) => "no mailbox (bad magic)",
            AttachError::BadVersion(_) => "ABI version mismatch with the dispatcher",
            AttachError::BadLayout(why) => why,
        }
    }
}

/// Why the client stopped: Linux's index on a ring was impossible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Broken {
    /// Linux's consumer index of the request ring is ahead of our producer.
    ReqIndex,
    /// Linux's producer index of the completion ring is beyond the ring.
    CplIndex,
    /// Linux's producer index of the event ring is beyond the ring.
    EvtIndex,
}

impl Broken {
    pub fn message(&self) -> &'static str {
        match self {
            Broken::ReqIndex => "Linux's request ring consumer index is impossible",
            Broken::CplIndex => "Linux's completion ring index is impossible",
            Broken::EvtIndex => "Linux's event ring index is impossible",
        }
    }
}

/// Why a request was not posted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostError {
    /// No request slot or no completion credit: reap, then post again.
    Full,
    /// The mailbox is broken; nothing more goes through it.
    Broken(Broken),
}

impl From<Broken> for PostError {
    fn from(b: Broken) -> PostError {
        PostError::Broken(b)
    }
}

/// What the OS asks for; the client fills the slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    pub dev: u16,
    pub op: u8,
    pub len: u32,
    /// Physical address inside the I/O window.
    pub buf: u64,
    /// Byte offset on the device (block).
    pub offset: u64,
    /// Opaque to Linux, returned in the completion.
    pub cookie: u64,
    /// MBOX_VERSION; anything else is refused by Linux (BAD_VERSION).
    pub abi: u8,
    /// 0; reserved bits set are refused by Linux (BAD_FLAGS).
    pub flags: u32,
}

impl Request {
    pub fn new(dev: u16, op: u8, buf: u64, len: u32, offset: u64) -> Request {
        Request { dev, op, len, buf, offset, cookie: 0, abi: MBOX_VERSION as u8, flags: 0 }
    }

    pub fn null(dev: u16) -> Request {
        Request::new(dev, OP_NULL, 0, 0, 0)
    }

    pub fn cookie(mut self, cookie: u64) -> Request {
        self.cookie = cookie;
        self
    }
}

/// A posted request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posted {
    /// Its id (never 0), echoed by the completion.
    pub id: u32,
    /// The request ring slot it went into.
    pub slot: u32,
    /// Linux may be asleep: the caller must send the doorbell IPI now.
    pub doorbell: bool,
}

/// Where the doorbell IPI goes, as Linux last published it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DoorbellTarget {
    pub vector: u8,
    pub dest: u32,
    /// Logical destination mode (xAPIC flat), else physical.
    pub logical: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub submitted: u64,
    pub completed: u64,
    pub doorbells: u64,
    pub suppressed: u64,
    pub ring_full: u64,
    pub events: u64,
}

/// One ring as the client sees it: offsets of its control block and slots.
#[derive(Clone, Copy)]
struct RingGeo {
    ctl: usize,
    slots: usize,
    n: u32,
}

impl RingGeo {
    fn slot(&self, idx: u32) -> usize {
        self.slots + (idx & (self.n - 1)) as usize * MBOX_SLOT_SIZE
    }
}

fn pow2(n: u32) -> bool {
    n >= 2 && n & (n - 1) == 0
}

/// The attached client (one per mailbox; all state private to the AP).
pub struct Mailbox {
    shm: Shm,
    ndev: u32,
    nwin: u32,
    dev_off: usize,
    req: RingGeo,
    cpl: RingGeo,
    evt: RingGeo,
    req_prod: u32,
    cpl_cons: u32,
    evt_cons: u32,
    next_id: u32,
    outstanding: u32,
    broken: Option<Broken>,
    stats: Stats,
}

impl Mailbox {
    /// Check what Linux wrote (magic, version, geometry) and attach to it.
    pub fn attach(shm: Shm) -> Result<Mailbox, AttachError> {
        if shm.len() < mbox_hdr::SIZE {
            return Err(AttachError::BadMagic(0));
        }
        let h: MboxHdr = shm.read(0);
        if h.magic != MBOX_MAGIC {
            return Err(AttachError::BadMagic(h.magic));
        }
        if h.version != MBOX_VERSION {
            return Err(AttachError::BadVersion(h.version));
        }
        let size = h.size as u64;
        let fits = |off: u32, slots: u32| {
            off as u64 + mbox_ring::SIZE as u64 + slots as u64 * MBOX_SLOT_SIZE as u64 <= size
        };
        if size > shm.len() as u64 || size < mbox_hdr::SIZE as u64 {
            return Err(AttachError::BadLayout("mailbox: size does not fit its window"));
        }
        if h.ndev > MBOX_MAX_DEVICES || h.nwin > MBOX_MAX_WINDOWS as u32 {
            return Err(AttachError::BadLayout("mailbox: too many devices or windows"));
        }
        if !pow2(h.req_slots) || !pow2(h.cpl_slots) || !pow2(h.evt_slots) {
            return Err(AttachError::BadLayout("mailbox: ring sizes are not powers of two"));
        }
        if (h.dev_off | h.req_off | h.cpl_off | h.evt_off) & 63 != 0 {
            return Err(AttachError::BadLayout("mailbox: parts not on cache lines"));
        }
        if h.dev_off as u64 + h.ndev as u64 * mbox_dev::SIZE as u64 > size
            || !fits(h.req_off, h.req_slots)
            || !fits(h.cpl_off, h.cpl_slots)
            || !fits(h.evt_off, h.evt_slots)
        {
            return Err(AttachError::BadLayout("mailbox: a part runs past its end"));
        }
        let ring = |off: u32, n: u32| RingGeo {
            ctl: off as usize,
            slots: off as usize + mbox_ring::SIZE,
            n,
        };
        let req = ring(h.req_off, h.req_slots);
        let cpl = ring(h.cpl_off, h.cpl_slots);
        let evt = ring(h.evt_off, h.evt_slots);
        Ok(Mailbox {
            shm,
            ndev: h.ndev,
            nwin: h.nwin,
            dev_off: h.dev_off as usize,
            req_prod: shm.load32(req.ctl + mbox_ring::prod),
            cpl_cons: shm.load32(cpl.ctl + mbox_ring::cons),
            evt_cons: shm.load32(evt.ctl + mbox_ring::cons),
            req,
            cpl,
            evt,
            next_id: 1,
            outstanding: 0,
            broken: None,
            stats: Stats::default(),
        })
    }

    // ---- the device table and the I/O window ----

    pub fn ndev(&self) -> u16 {
        self.ndev as u16
    }

    /// A private copy of device `i`.
    pub fn device(&self, i: u16) -> Option<MboxDev> {
        if (i as u32) < self.ndev {
            Some(self.shm.read(self.dev_off + i as usize * mbox_dev::SIZE))
        } else {
            None
        }
    }

    /// Every device with its index (the index is what requests name).
    pub fn devices(&self) -> impl Iterator<Item = (u16, MboxDev)> + '_ {
        (0..self.ndev as u16).filter_map(move |i| self.device(i).map(|d| (i, d)))
    }

    /// The index of the device Linux calls `name` ("vda").
    pub fn find(&self, name: &[u8]) -> Option<u16> {
        self.devices().find(|(_, d)| d.name() == name).map(|(i, _)| i)
    }

    /// The first device of `class`, with `name` if given.
    pub fn find_class(&self, class: u8, name: Option<&[u8]>) -> Option<u16> {
        self.devices()
            .find(|(_, d)| d.dev_class == class && name.map_or(true, |n| d.name() == n))
            .map(|(i, _)| i)
    }

    pub fn nwin(&self) -> u32 {
        self.nwin
    }

    /// Chunk `i` of the I/O window (physical).
    pub fn window(&self, i: u32) -> Option<MboxWindow> {
        if i < self.nwin {
            Some(self.shm.read(mbox_hdr::win + i as usize * mbox_window::SIZE))
        } else {
            None
        }
    }

    /// Is `[buf, buf + len)` inside one chunk (Linux's BAD_BUFFER check)?
    pub fn in_window(&self, buf: u64, len: u64) -> bool {
        (0..self.nwin).filter_map(|i| self.window(i)).any(|w| {
            buf >= w.phys && buf - w.phys <= w.size && len <= w.size - (buf - w.phys)
        })
    }

    // ---- header words ----

    fn hdr32(&self, off: usize) -> u32 {
        self.shm.load32(off)
    }

    /// enum pmdi_workload: what Linux asks the AP to run.
    pub fn workload(&self) -> u32 {
        self.hdr32(mbox_hdr::workload)
    }

    pub fn workload_arg(&self) -> u32 {
        self.hdr32(mbox_hdr::workload_arg)
    }

    pub fn workload_seed(&self) -> u32 {
        self.hdr32(mbox_hdr::workload_seed)
    }

    /// The vector Linux sends to wake the AP.
    pub fn ap_vector(&self) -> u32 {
        self.hdr32(mbox_hdr::ap_vector)
    }

    /// Tracing classes Linux wants now (0 = off).
    pub fn trace_mask(&self) -> u32 {
        self.hdr32(mbox_hdr::trace_mask)
    }

    /// Linux's enum pmdi_mbox_broken: non-zero once Linux stopped serving.
    pub fn linux_broken(&self) -> u32 {
        self.hdr32(mbox_hdr::broken)
    }

    /// Where the doorbell goes, read consistently against Linux
    /// re-publishing it (a seqlock: db_gen odd while Linux rewrites).
    pub fn doorbell_target(&self) -> DoorbellTarget {
        let s = &self.shm;
        loop {
            let gen = s.load_acquire32(mbox_hdr::db_gen);
            let vector = s.load32(mbox_hdr::db_vector);
            let dest = s.load32(mbox_hdr::db_dest);
            let mode = s.load32(mbox_hdr::db_dest_mode);
            // The three reads before the second look at the generation.
            fence_acquire();
            if gen & 1 == 0 && gen == s.load32(mbox_hdr::db_gen) {
                return DoorbellTarget {
                    vector: vector as u8,
                    dest,
                    logical: mode == DEST_LOGICAL,
                };
            }
            core::hint::spin_loop();
        }
    }

    /// From the wake IPI: answer a pending clock-sync ping with `tsc()`, read
    /// only then. Returns whether there was one.
    pub fn answer_clock_sync<F: FnOnce() -> u64>(&self, tsc: F) -> bool {
        self.words().answer_clock_sync(tsc)
    }

    /// The header words interrupt handlers use, as a handle of their own.
    pub fn words(&self) -> HdrWords {
        HdrWords { shm: self.shm }
    }

    /// Start an IPI ping (Linux echoes ping_req into ping_ack, then IPIs us):
    /// returns the sequence to wait for; the caller rings the doorbell.
    pub fn ping_send(&self) -> u32 {
        let seq = self.shm.load32(mbox_hdr::ping_req).wrapping_add(1);
        self.shm.store_release32(mbox_hdr::ping_req, seq);
        seq
    }

    pub fn ping_ack(&self) -> u32 {
        self.shm.load_acquire32(mbox_hdr::ping_ack)
    }

    // ---- requests ----

    pub fn broken(&self) -> Option<Broken> {
        self.broken
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Requests posted and not yet reaped.
    pub fn outstanding(&self) -> u32 {
        self.outstanding
    }

    /// Most requests that may be outstanding at once (the credits).
    pub fn max_outstanding(&self) -> u32 {
        if self.cpl.n < self.req.n {
            self.cpl.n
        } else {
            self.req.n
        }
    }

    fn fail<T>(&mut self, why: Broken) -> Result<T, Broken> {
        self.broken = Some(why);
        Err(why)
    }

    /// Free request slots, or broken if Linux's consumer index is impossible.
    fn room(&mut self) -> Result<u32, Broken> {
        // Pairs with Linux's release of cons: it is done with those slots.
        let cons = self.shm.load_acquire32(self.req.ctl + mbox_ring::cons);
        let used = self.req_prod.wrapping_sub(cons);
        if used > self.req.n {
            return self.fail(Broken::ReqIndex);
        }
        Ok(self.req.n - used)
    }

    /// Write one request and publish it. `doorbell` in the result says
    /// whether Linux may be asleep: then the caller sends the IPI.
    pub fn post<T: TraceSink + ?Sized>(
        &mut self,
        rq: &Request,
        t: &mut T,
    ) -> Result<Posted, PostError> {
        if let Some(b) = self.broken {
            return Err(PostError::Broken(b));
        }
        if self.outstanding >= self.cpl.n || self.room()? == 0 {
            self.stats.ring_full += 1;
            self.shm.store32(self.req.ctl + mbox_ring::overflows, self.stats.ring_full as u32);
            t.record(EV_RING_OVERFLOW, 0, RING_REQUEST as u32 | 1 << 8, &[]);
            return Err(PostError::Full);
        }
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        if self.next_id == 0 {
            self.next_id = 1; // 0 means "no request" in traces
        }
        let slot = self.req_prod & (self.req.n - 1);
        let r = MboxReq {
            id,
            dev: rq.dev,
            op: rq.op,
            abi: rq.abi,
            len: rq.len,
            flags: rq.flags,
            buf: rq.buf,
            offset: rq.offset,
            cookie: rq.cookie,
            rsvd: [0; 3],
        };
        self.shm.write(self.req.slot(self.req_prod), &r);
        let mut ext = [0u8; 16];
        ext[..8].copy_from_slice(&rq.offset.to_le_bytes());
        ext[8..12].copy_from_slice(&rq.len.to_le_bytes());
        t.record(EV_REQ_POST, id, (rq.dev & 0xff) as u32 | (rq.op as u32) << 8 | slot << 16, &ext);
        self.outstanding += 1;
        self.stats.submitted += 1;
        self.req_prod = self.req_prod.wrapping_add(1);
        // The slot before the index that makes it visible; then the
        // exchange, a full fence: the index before Linux's sleeping flag.
        self.shm.store_release32(self.req.ctl + mbox_ring::prod, self.req_prod);
        let doorbell = self.shm.xchg32(self.req.ctl + mbox_ring::sleeping, 0) != 0;
        let arg = RING_REQUEST as u32 | (slot & 0xffff) << 8;
        if doorbell {
            self.stats.doorbells += 1;
            t.record(EV_DOORBELL_SEND, id, arg, &[]);
        } else {
            self.stats.suppressed += 1;
            t.record(EV_DOORBELL_SUPPRESS, id, arg, &[]);
        }
        Ok(Posted { id, slot, doorbell })
    }

    /// Post and, if Linux may be asleep, ring: the request's id.
    pub fn submit<E: Env + ?Sized>(&mut self, rq: &Request, env: &mut E) -> Result<u32, PostError> {
        let p = self.post(rq, env)?;
        if p.doorbell {
            env.doorbell(self.doorbell_target());
        }
        Ok(p.id)
    }

    /// Completions ready to take (without taking them).
    pub fn ready(&mut self) -> Result<u32, Broken> {
        if let Some(b) = self.broken {
            return Err(b);
        }
        // The index before the slot contents it covers.
        let prod = self.shm.load_acquire32(self.cpl.ctl + mbox_ring::prod);
        let n = prod.wrapping_sub(self.cpl_cons);
        if n > self.cpl.n {
            return self.fail(Broken::CplIndex);
        }
        Ok(n)
    }

    /// Take one completion, in the order Linux posted them (which need not
    /// be the order of the requests: match by id or cookie).
    pub fn reap<T: TraceSink + ?Sized>(&mut self, t: &mut T) -> Result<Option<MboxCpl>, Broken> {
        if self.ready()? == 0 {
            return Ok(None);
        }
        let slot = self.cpl_cons & (self.cpl.n - 1);
        let c: MboxCpl = self.shm.read(self.cpl.slot(self.cpl_cons));
        self.cpl_cons = self.cpl_cons.wrapping_add(1);
        // Our read of the slot before Linux may reuse it.
        self.shm.store_release32(self.cpl.ctl + mbox_ring::cons, self.cpl_cons);
        t.record(EV_REPLY_TAKE, c.id, slot, &[]);
        t.record(EV_REQ_DONE, c.id, c.status as i8 as u8 as u32, &[]);
        self.outstanding = self.outstanding.saturating_sub(1);
        self.stats.completed += 1;
        Ok(Some(c))
    }

    /// Take one unsolicited event.
    pub fn take_event<T: TraceSink + ?Sized>(
        &mut self,
        t: &mut T,
    ) -> Result<Option<MboxEvt>, Broken> {
        if let Some(b) = self.broken {
            return Err(b);
        }
        let prod = self.shm.load_acquire32(self.evt.ctl + mbox_ring::prod);
        let n = prod.wrapping_sub(self.evt_cons);
        if n > self.evt.n {
            return self.fail(Broken::EvtIndex);
        }
        if n == 0 {
            return Ok(None);
        }
        let slot = self.evt_cons & (self.evt.n - 1);
        let e: MboxEvt = self.shm.read(self.evt.slot(self.evt_cons));
        self.evt_cons = self.evt_cons.wrapping_add(1);
        self.shm.store_release32(self.evt.ctl + mbox_ring::cons, self.evt_cons);
        self.stats.events += 1;
        t.record(EV_EVENT_TAKE, e.seq, slot, &[]);
        Ok(Some(e))
    }

    /// Set our sleeping flag on one ring, fence, re-check: true if we may
    /// sleep (Linux will ring), false if something arrived meanwhile.
    fn prepare_sleep(&self, r: &RingGeo, cons: u32) -> bool {
        self.shm.store32(r.ctl + mbox_ring::sleeping, 1);
        // Full fence: the flag before re-reading Linux's index.
        fence_full();
        if self.shm.load32(r.ctl + mbox_ring::prod) != cons {
            self.shm.store32(r.ctl + mbox_ring::sleeping, 0);
            return false;
        }
        true
    }

    /// With interrupts off, right before `sti; hlt`: true if the OS may
    /// sleep (Linux will ring for the next completion or event), false if
    /// one is already there. A broken mailbox never rings: true.
    pub fn may_sleep(&mut self) -> bool {
        if self.broken.is_some() {
            return true;
        }
        self.prepare_sleep(&self.cpl, self.cpl_cons) && self.prepare_sleep(&self.evt, self.evt_cons)
    }

    /// Submit and wait for this request's completion; completions of other
    /// requests reaped meanwhile go to `env.other`.
    pub fn call<E: Env + ?Sized>(&mut self, rq: &Request, env: &mut E) -> Result<MboxCpl, PostError> {
        let id = loop {
            match self.submit(rq, env) {
                Ok(id) => break id,
                Err(PostError::Full) => match self.reap(env)? {
                    Some(c) => env.other(&c),
                    None => env.wait(self),
                },
                Err(e) => return Err(e),
            }
        };
        loop {
            match self.reap(env)? {
                Some(c) if c.id == id => return Ok(c),
                Some(c) => env.other(&c),
                None => env.wait(self),
            }
        }
    }
}

/// The mailbox header words an interrupt handler needs (trace mask, clock
/// sync, ping), without the client that ordinary code owns: a copy that
/// only reads words and answers Linux's clock-sync request.
#[derive(Clone, Copy)]
pub struct HdrWords {
    shm: Shm,
}

impl HdrWords {
    pub fn trace_mask(&self) -> u32 {
        self.shm.load32(mbox_hdr::trace_mask)
    }

    pub fn ping_ack(&self) -> u32 {
        self.shm.load_acquire32(mbox_hdr::ping_ack)
    }

    /// Answer a pending clock-sync request with `tsc()`, read only then.
    pub fn answer_clock_sync<F: FnOnce() -> u64>(&self, tsc: F) -> bool {
        let s = &self.shm;
        let req = s.load32(mbox_hdr::sync_req);
        if req == s.load32(mbox_hdr::sync_ack) {
            return false;
        }
        s.store64(mbox_hdr::sync_ap_tsc, tsc());
        // Our TSC before the ack that announces it.
        s.store_release32(mbox_hdr::sync_ack, req);
        true
    }
}

/// A bump allocator of I/O window memory (physical addresses), for buffers
/// Linux's drivers read and write. Never frees.
pub struct WindowAlloc {
    chunk: u32,
    used: u64,
}

impl WindowAlloc {
    pub const fn new() -> WindowAlloc {
        WindowAlloc { chunk: 0, used: 0 }
    }

    /// `bytes` (rounded up to 4 KiB) in one chunk, 4 KiB aligned.
    pub fn alloc(&mut self, mb: &Mailbox, bytes: u64) -> Option<u64> {
        let bytes = bytes.checked_add(4095)? & !4095;
        while let Some(w) = mb.window(self.chunk) {
            // Chunks Linux gave are page aligned; be safe if one is not.
            let start = (w.phys.checked_add(4095)? & !4095) - w.phys;
            let at = if self.used < start { start } else { self.used };
            if at <= w.size && bytes <= w.size - at {
                self.used = at + bytes;
                return Some(w.phys + at);
            }
            self.chunk += 1;
            self.used = 0;
        }
        None
    }
}
