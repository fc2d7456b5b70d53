// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The AP's trace ring writer: the producer of interface/include/pmdi/
//! trace_ring.h written anew in Rust, byte for byte what the C writer
//! (pmdi_ring_emit, pmdi_ring_emit_ext) leaves in the ring, header words
//! included, so Linux's drain cannot tell the two apart.
//!
//! ```ignore
//! let shm = unsafe { Shm::new(trace_virt, TRACE_SIZE as usize) };
//! let mut w = TraceWriter::attach(shm)?;        // Linux initialised it (magic)
//! // with interrupts off: the writer must not be re-entered
//! w.emit(EV_HEARTBEAT, rdtsc(), 0, n, &[]);
//! w.log(rdtsc(), LOG_INFO, b"up");
//! ```
//!
//! Records are 16-byte slots: a header (TSC in bits 0..55, type in 56..63,
//! request id, argument) then extension slots (REQ_POST's offset and
//! length, a blob of up to 192 bytes). Drop-newest: a record that does not
//! fit is dropped and counted; the next one that fits is preceded by a LOST
//! record with the exact count. The writer never waits for Linux.
//!
//! The producer's state (head, lost counts, cached tail) is kept privately
//! and mirrored into the ring's header, as the C writer keeps it there; the
//! only words read back from Linux are `tail` (acquire) at attach and when
//! the cached copy says the ring is full.
//!
//! `wanted(mask, type)` is the class filter of the mailbox header's
//! `trace_mask`; the arg_* functions encode the header slot's argument as
//! trace_format.h lays it out per type.

use crate::abi::*;
use crate::mailbox::TraceSink;
use crate::volatile::Shm;

/// The class of an event type, for the `trace_mask` filter (0: never filtered).
pub fn class_of(ty: u8) -> u32 {
    match ty {
        EV_REQ_POST | EV_DISPATCH | EV_REPLY_POST | EV_REPLY_TAKE | EV_REQ_DONE
        | EV_REQ_REFUSED => CLASS_REQUEST,
        EV_DOORBELL_SEND | EV_DOORBELL_SUPPRESS | EV_IPI_RECV => CLASS_DOORBELL,
        EV_DRV_BEGIN | EV_DRV_END => CLASS_DRIVER,
        EV_EVENT_POST | EV_EVENT_TAKE => CLASS_EVENT,
        EV_HEARTBEAT | EV_UNEXPECTED_IRQ | EV_AP_FAULT | EV_RING_OVERFLOW => CLASS_HEALTH,
        EV_LOG => CLASS_LOG,
        _ => 0,
    }
}

/// Does Linux want events of `ty` under `mask` (0 = tracing off)?
pub fn wanted(mask: u32, ty: u8) -> bool {
    let c = class_of(ty);
    mask != 0 && (c == 0 || mask & c != 0)
}

pub fn arg_req_post(dev: u8, op: u8, slot: u16) -> u32 {
    dev as u32 | (op as u32) << 8 | (slot as u32) << 16
}

pub fn arg_doorbell(ring: u8, index: u32) -> u32 {
    ring as u32 | (index & 0xffff) << 8
}

/// Status as an s8 in bits 0..7, a 24-bit value above it.
pub fn arg_status_u24(status: i32, v: u32) -> u32 {
    status as i8 as u8 as u32 | (v & 0xff_ffff) << 8
}

/// REQ_POST's extension slot.
pub fn ext_req_post(offset: u64, len: u32) -> [u8; 16] {
    let mut e = [0u8; 16];
    e[..8].copy_from_slice(&offset.to_le_bytes());
    e[8..12].copy_from_slice(&len.to_le_bytes());
    e
}

/// Extension bytes a record of `ty` with argument `arg` must carry, or
/// None for a type Linux's consumer would refuse (and break the ring over).
fn ext_len(ty: u8, arg: u32) -> Option<usize> {
    match ty {
        EV_REQ_POST | EV_CLOCK_SYNC => Some(16),
        1..=EV_FIXED_LAST => Some(0),
        EV_LOG..=EV_INFLIGHT if arg as usize <= BLOB_MAX => Some(arg as usize),
        _ => None,
    }
}

/// Why the trace ring could not be attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceAttachError {
    /// Linux did not set up a ring there (no "PMTR" magic).
    NoRing,
    /// Not a power of two of at least 16 slots, or larger than its window.
    BadGeometry,
}

/// The producer of one trace ring (see the module docs).
pub struct TraceWriter {
    shm: Shm,
    nslots: u32,
    head: u64,
    cached_tail: u64,
    pending_lost: u64,
    lost_total: u64,
    refused: u64,
}

impl TraceWriter {
    /// Attach to the ring Linux initialised in `shm`.
    pub fn attach(shm: Shm) -> Result<TraceWriter, TraceAttachError> {
        if shm.len() < trace_ring::SIZE {
            return Err(TraceAttachError::NoRing);
        }
        if shm.load32(trace_ring::magic) != RING_MAGIC {
            return Err(TraceAttachError::NoRing);
        }
        let n = shm.load32(trace_ring::nslots);
        if n < 16 || n & (n - 1) != 0 || (n as u64) * SLOT_SIZE as u64 > (shm.len() - TRACE_RING_SLOTS) as u64 {
            return Err(TraceAttachError::BadGeometry);
        }
        Ok(TraceWriter {
            shm,
            nslots: n,
            head: shm.load64(trace_ring::head),
            cached_tail: shm.load64(trace_ring::cached_tail),
            pending_lost: shm.load64(trace_ring::pending_lost),
            lost_total: shm.load64(trace_ring::lost_total),
            refused: 0,
        })
    }

    pub fn nslots(&self) -> u32 {
        self.nslots
    }

    /// Records dropped because the ring was full, since the ring was set up.
    pub fn lost_total(&self) -> u64 {
        self.lost_total
    }

    /// Records refused as malformed (a type or length Linux would not take).
    pub fn refused(&self) -> u64 {
        self.refused
    }

    fn slot(&self, i: u64) -> usize {
        TRACE_RING_SLOTS + (i & (self.nslots as u64 - 1)) as usize * SLOT_SIZE
    }

    fn set(&self, i: u64, ty: u8, tsc: u64, req: u32, arg: u32) {
        let rec = TraceRec { tsc_type: (tsc & TSC_MASK) | (ty as u64) << TSC_BITS, req, arg };
        self.shm.write(self.slot(i), &rec);
    }

    /// Room for `need` slots? Re-reads Linux's tail only when the cached one
    /// says no.
    fn room(&mut self, need: u32) -> bool {
        let n = self.nslots as u64;
        if self.head.wrapping_add(need as u64).wrapping_sub(self.cached_tail) <= n {
            return true;
        }
        // Pairs with Linux's release of tail: its reads of the slots are done.
        self.cached_tail = self.shm.load_acquire64(trace_ring::tail);
        self.shm.store64(trace_ring::cached_tail, self.cached_tail);
        self.head.wrapping_add(need as u64).wrapping_sub(self.cached_tail) <= n
    }

    /// Where a record of 1 + `ext` slots goes, after a pending LOST record;
    /// None when it is dropped (and counted).
    fn reserve(&mut self, tsc: u64, ext: u32) -> Option<u64> {
        let lost_slot = if self.pending_lost != 0 { 1 } else { 0 };
        if !self.room(lost_slot + 1 + ext) {
            self.pending_lost += 1;
            self.lost_total += 1;
            self.shm.store64(trace_ring::pending_lost, self.pending_lost);
            self.shm.store64(trace_ring::lost_total, self.lost_total);
            return None;
        }
        let mut h = self.head;
        if lost_slot != 0 {
            let count = if self.pending_lost > 0xffff_ffff { 0xffff_ffff } else { self.pending_lost as u32 };
            self.set(h, EV_LOST, tsc, 0, count);
            self.pending_lost = 0;
            self.shm.store64(trace_ring::pending_lost, 0);
            h += 1;
        }
        Some(h)
    }

    /// Write one record: `ext` is REQ_POST's or CLOCK_SYNC's 16 bytes, a
    /// blob (then `arg` is its length), or empty. False if it was dropped
    /// (counted, reported by the next LOST) or refused as malformed.
    pub fn emit(&mut self, ty: u8, tsc: u64, req: u32, arg: u32, ext: &[u8]) -> bool {
        if ext_len(ty, arg) != Some(ext.len()) {
            self.refused += 1;
            return false;
        }
        let n = ((ext.len() + SLOT_SIZE - 1) / SLOT_SIZE) as u64;
        let h = match self.reserve(tsc, n as u32) {
            Some(h) => h,
            None => return false,
        };
        self.set(h, ty, tsc, req, arg);
        for (k, chunk) in ext.chunks(SLOT_SIZE).enumerate() {
            // A whole slot (REQ_POST's extension, on every request) is one
            // 16-byte move; only a blob's last piece is padded, which costs
            // a memset and a memcpy (rep stosb/movsb: slow when emulated).
            let s: [u8; SLOT_SIZE] = match chunk.try_into() {
                Ok(whole) => whole,
                Err(_) => {
                    let mut s = [0u8; SLOT_SIZE];
                    s[..chunk.len()].copy_from_slice(chunk);
                    s
                }
            };
            self.shm.write(self.slot(h + 1 + k as u64), &s);
        }
        self.head = h + 1 + n;
        // The slot contents before the head that makes them visible.
        self.shm.store_release64(trace_ring::head, self.head);
        true
    }

    /// A LOG record: one level byte, then the text (cut at 191 bytes).
    pub fn log(&mut self, tsc: u64, level: u8, text: &[u8]) -> bool {
        let mut b = [0u8; BLOB_MAX];
        let n = if text.len() < BLOB_MAX - 1 { text.len() } else { BLOB_MAX - 1 };
        b[0] = level;
        b[1..1 + n].copy_from_slice(&text[..n]);
        self.emit(EV_LOG, tsc, 0, 1 + n as u32, &b[..1 + n])
    }

    /// An AP_FAULT record.
    pub fn ap_fault(&mut self, tsc: u64, f: &BlobApFault) -> bool {
        let mut b = [0u8; blob_ap_fault::SIZE];
        b[0..8].copy_from_slice(&f.rip.to_le_bytes());
        b[8..16].copy_from_slice(&f.cr2.to_le_bytes());
        b[16..24].copy_from_slice(&f.error_code.to_le_bytes());
        b[24] = f.vector;
        b[28..48].copy_from_slice(&f.build_id);
        self.emit(EV_AP_FAULT, tsc, 0, b.len() as u32, &b)
    }
}

/// A [`TraceSink`] for the mailbox client that writes the ring under the
/// class mask, timestamped by `clock`. The caller keeps interrupts off
/// while it is in use (the writer must not be re-entered).
pub struct RingSink<'a, C: FnMut() -> u64> {
    pub writer: &'a mut TraceWriter,
    pub mask: u32,
    pub clock: C,
}

impl<'a, C: FnMut() -> u64> TraceSink for RingSink<'a, C> {
    fn record(&mut self, ty: u8, req: u32, arg: u32, ext: &[u8]) {
        if wanted(self.mask, ty) {
            let tsc = (self.clock)();
            self.writer.emit(ty, tsc, req, arg, ext);
        }
    }
}
