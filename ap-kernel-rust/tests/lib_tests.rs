// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! Host tests of the Rust kernel's library (run by `make -C ap-kernel-rust
//! test`): the library modules, compiled for the host with std, linked with
//! small C programs built from the interface headers (tests/c/): the C
//! compiler's offsets, the C trace ring and Linux's drain, the golden writer,
//! and Linux's side of the mailbox.

// The kernel uses parts of the library these tests do not.
#![allow(dead_code)]

#[path = "../src/volatile.rs"]
mod volatile;
#[path = "../src/abi.rs"]
mod abi;
#[path = "../src/mailbox.rs"]
mod mailbox;
#[path = "../src/trace.rs"]
mod trace;

mod ffi;
mod abi_test;
mod mailbox_test;
mod trace_test;
