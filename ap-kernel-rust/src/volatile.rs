// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! Memory shared with Linux: the only `unsafe` code of the library.
//!
//! The other CPU writes this memory at any time, so no Rust reference may
//! ever point into it (the compiler would assume it does not change). A
//! [`Shm`] is a bounds-checked window onto it; everything goes through its
//! methods:
//!
//! * index and flag words: atomics (`load32`, `load_acquire32`,
//!   `store_release32`, `xchg32`, ...), the orderings of
//!   interface/include/pmdi/atomic.h, the same instructions on x86-64;
//! * whole slots and records: one volatile copy of a [`Plain`] value
//!   (`read`, `write`), so each slot is read exactly once into private memory
//!   and only that copy is looked at.
//!
//! Every offset is checked against the window and the value's alignment: a
//! wrong offset is a bug of ours (the callers derive them from geometry they
//! checked at attach time) and panics instead of touching memory outside.
//!
//! Creating a `Shm` is the one promise the caller makes (`Shm::new` is
//! `unsafe`): the range is mapped, stays mapped, and nothing else in this
//! program holds a reference into it.

use core::mem::{align_of, size_of};
use core::ptr;
use core::sync::atomic::{fence, AtomicU16, AtomicU32, AtomicU64, AtomicU8, Ordering};

/// Types that may be copied to and from shared memory as raw bytes.
///
/// # Safety
/// Every bit pattern must be a valid value (integers and arrays of them,
/// `#[repr(C)]`, no padding that matters, no references, no bools or enums).
pub unsafe trait Plain: Copy {}

unsafe impl Plain for u8 {}
unsafe impl Plain for u16 {}
unsafe impl Plain for u32 {}
unsafe impl Plain for u64 {}
unsafe impl<const N: usize> Plain for [u8; N] {}
unsafe impl<const N: usize> Plain for [u64; N] {}

/// A window onto memory shared with another CPU (see the module docs).
#[derive(Clone, Copy)]
pub struct Shm {
    base: *mut u8,
    len: usize,
}

// The memory is only ever reached through atomic or volatile accesses, which
// is what a second CPU (or a test's second thread) requires.
unsafe impl Send for Shm {}
unsafe impl Sync for Shm {}

impl Shm {
    /// A window of `len` bytes at `base` (64-byte aligned: one cache line).
    ///
    /// # Safety
    /// `base..base + len` must be mapped, readable and writable for as long as
    /// this `Shm` or any copy of it is used, and no Rust reference may point
    /// into it meanwhile.
    pub unsafe fn new(base: *mut u8, len: usize) -> Shm {
        assert!(base as usize % 64 == 0, "shared memory must be 64-byte aligned");
        assert!((base as usize).checked_add(len).is_some());
        Shm { base, len }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Start address, for messages and for the kernel's address arithmetic.
    pub fn addr(&self) -> usize {
        self.base as usize
    }

    /// The sub-window `[off, off + len)`, or None when it does not fit or is
    /// not 64-byte aligned.
    pub fn sub(&self, off: usize, len: usize) -> Option<Shm> {
        if off % 64 != 0 || off > self.len || len > self.len - off {
            return None;
        }
        Some(Shm { base: self.base.wrapping_add(off), len })
    }

    fn at<T>(&self, off: usize) -> *mut T {
        let size = size_of::<T>();
        assert!(
            off <= self.len && size <= self.len - off && off % align_of::<T>() == 0,
            "shared memory access out of bounds or misaligned"
        );
        // In bounds of the mapping the caller of new() vouched for.
        self.base.wrapping_add(off) as *mut T
    }

    /// One volatile copy of the value at `off` into private memory.
    pub fn read<T: Plain>(&self, off: usize) -> T {
        // at() checked bounds and alignment; Plain: any bytes are a value.
        unsafe { ptr::read_volatile(self.at::<T>(off)) }
    }

    /// One volatile copy of `v` to `off`.
    pub fn write<T: Plain>(&self, off: usize, v: &T) {
        unsafe { ptr::write_volatile(self.at::<T>(off), *v) }
    }

    fn a8(&self, off: usize) -> &AtomicU8 {
        // Same size and alignment as u8; the reference lives only for one access.
        unsafe { &*(self.at::<u8>(off) as *const AtomicU8) }
    }

    fn a16(&self, off: usize) -> &AtomicU16 {
        unsafe { &*(self.at::<u16>(off) as *const AtomicU16) }
    }

    fn a32(&self, off: usize) -> &AtomicU32 {
        unsafe { &*(self.at::<u32>(off) as *const AtomicU32) }
    }

    fn a64(&self, off: usize) -> &AtomicU64 {
        unsafe { &*(self.at::<u64>(off) as *const AtomicU64) }
    }

    pub fn load8(&self, off: usize) -> u8 {
        self.a8(off).load(Ordering::Relaxed)
    }

    pub fn store8(&self, off: usize, v: u8) {
        self.a8(off).store(v, Ordering::Relaxed)
    }

    pub fn load16(&self, off: usize) -> u16 {
        self.a16(off).load(Ordering::Relaxed)
    }

    pub fn load32(&self, off: usize) -> u32 {
        self.a32(off).load(Ordering::Relaxed)
    }

    pub fn store32(&self, off: usize, v: u32) {
        self.a32(off).store(v, Ordering::Relaxed)
    }

    pub fn load64(&self, off: usize) -> u64 {
        self.a64(off).load(Ordering::Relaxed)
    }

    pub fn store64(&self, off: usize, v: u64) {
        self.a64(off).store(v, Ordering::Relaxed)
    }

    /// The index before the slot contents it covers.
    pub fn load_acquire32(&self, off: usize) -> u32 {
        self.a32(off).load(Ordering::Acquire)
    }

    pub fn load_acquire64(&self, off: usize) -> u64 {
        self.a64(off).load(Ordering::Acquire)
    }

    /// The slot contents before the index that publishes them.
    pub fn store_release32(&self, off: usize, v: u32) {
        self.a32(off).store(v, Ordering::Release)
    }

    pub fn store_release64(&self, off: usize, v: u64) {
        self.a64(off).store(v, Ordering::Release)
    }

    /// Exchange that is also a full fence (a locked xchg on x86).
    pub fn xchg32(&self, off: usize, v: u32) -> u32 {
        self.a32(off).swap(v, Ordering::SeqCst)
    }
}

/// A full fence: stores before it are visible before loads after it (mfence).
pub fn fence_full() {
    fence(Ordering::SeqCst)
}

/// Loads before it complete before later loads (a seqlock reader's fence).
pub fn fence_acquire() {
    fence(Ordering::Acquire)
}

#[cfg(test)]
pub mod testmem {
    //! Host tests: a zeroed, 4 KiB-aligned heap buffer to share between threads.
    use super::Shm;
    use std::alloc::{alloc_zeroed, dealloc, Layout};

    pub struct Buf {
        ptr: *mut u8,
        layout: Layout,
    }

    unsafe impl Send for Buf {}
    unsafe impl Sync for Buf {}

    impl Buf {
        pub fn new(len: usize) -> Buf {
            let layout = Layout::from_size_align(len, 4096).unwrap();
            let ptr = unsafe { alloc_zeroed(layout) };
            assert!(!ptr.is_null());
            Buf { ptr, layout }
        }

        pub fn shm(&self) -> Shm {
            unsafe { Shm::new(self.ptr, self.layout.size()) }
        }

        pub fn ptr(&self) -> *mut u8 {
            self.ptr
        }
    }

    impl Drop for Buf {
        fn drop(&mut self) {
            unsafe { dealloc(self.ptr, self.layout) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testmem::Buf;

    #[test]
    fn words_round_trip_little_endian() {
        let b = Buf::new(4096);
        let s = b.shm();
        s.store32(8, 0x11223344);
        s.store64(16, 0x0102030405060708);
        assert_eq!(s.read::<[u8; 4]>(8), [0x44, 0x33, 0x22, 0x11]);
        assert_eq!(s.load64(16), 0x0102030405060708);
        assert_eq!(s.xchg32(8, 7), 0x11223344);
        assert_eq!(s.load_acquire32(8), 7);
        s.write(64, &[9u8; 64]);
        assert_eq!(s.load8(127), 9);
        assert_eq!(s.load16(126), 0x0909);
    }

    #[test]
    fn sub_windows_are_checked() {
        let b = Buf::new(4096);
        let s = b.shm();
        assert!(s.sub(64, 4096 - 64).is_some());
        assert!(s.sub(64, 4096).is_none());
        assert!(s.sub(32, 64).is_none());
        assert!(s.sub(8192, 0).is_none());
    }

    #[test]
    #[should_panic(expected = "out of bounds")]
    fn out_of_bounds_panics_instead_of_touching_memory() {
        let b = Buf::new(4096);
        b.shm().sub(0, 128).unwrap().load32(128);
    }

    #[test]
    #[should_panic(expected = "misaligned")]
    fn misaligned_panics() {
        let b = Buf::new(4096);
        b.shm().load32(2);
    }
}
