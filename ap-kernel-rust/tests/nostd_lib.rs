// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! The library modules alone, as a `no_std` crate built with the kernel's
//! flags (test.mk's lib-check): they must not need std or an allocator.
#![no_std]

#[path = "../src/volatile.rs"]
pub mod volatile;
#[path = "../src/abi.rs"]
pub mod abi;
#[path = "../src/mailbox.rs"]
pub mod mailbox;
#[path = "../src/trace.rs"]
pub mod trace;
