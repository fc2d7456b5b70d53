// SPDX-License-Identifier: (GPL-2.0 OR MIT)
//! Text output. Two ways out:
//!
//! * the console ring (struct pmdi_console, shared.h): a byte ring in the
//!   region that Linux's monitor drains and prints with its "pmdi-ap: "
//!   prefix. Usable from the first instruction and from any handler; the AP
//!   never waits for space, bytes that do not fit are counted in `lost`.
//! * the mailbox console device, once the mailbox is up: one WRITE request
//!   per message, waited for. Not re-entrant and it sleeps, so only ordinary
//!   code with interrupts on uses it; handlers and panics use the ring.

use crate::abi;
use crate::x86::{self, rd32, wr32, wr8};
use core::fmt::{self, Write};

const RING: u64 = abi::AP_KVBASE + abi::CONSOLE_OFFSET;

/// The mailbox console: returns false when the message did not go out.
pub type Sink = fn(&[u8]) -> bool;

static mut SINK: Option<Sink> = None;
static mut IN_SINK: bool = false;

pub fn set_sink(s: Option<Sink>) {
    unsafe { SINK = s };
}

/// Append bytes to the console ring (any context).
pub fn ring_write(s: &[u8]) {
    let flags = x86::irq_save();
    let mut head = rd32(RING + abi::console::head as u64);
    let tail = rd32(RING + abi::console::tail as u64);
    for (i, &b) in s.iter().enumerate() {
        if head.wrapping_sub(tail) >= (abi::CONSOLE_BUF_SIZE as u32) {
            let lost = rd32(RING + abi::console::lost as u64);
            wr32(RING + abi::console::lost as u64, lost.wrapping_add((s.len() - i) as u32));
            break;
        }
        let at = RING + abi::console::buf as u64 + (head & ((abi::CONSOLE_BUF_SIZE as u32) - 1)) as u64;
        wr8(at, b);
        head = head.wrapping_add(1);
    }
    x86::barrier(); // bytes before the head that publishes them
    wr32(RING + abi::console::head as u64, head);
    x86::irq_restore(flags);
}

/// One message: through the mailbox console when it is usable here, else
/// into the ring.
pub fn write_msg(s: &[u8]) {
    unsafe {
        if let Some(sink) = SINK {
            if !IN_SINK && x86::interrupts_on() {
                IN_SINK = true;
                let ok = sink(s);
                IN_SINK = false;
                if ok {
                    return;
                }
            }
        }
    }
    ring_write(s);
}

/// A message is formatted into this buffer first, so that it goes out as
/// one piece (one mailbox WRITE per line).
pub struct Line {
    buf: [u8; 256],
    len: usize,
}

impl Line {
    pub const fn new() -> Line {
        Line { buf: [0; 256], len: 0 }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl Write for Line {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for &b in s.as_bytes() {
            if self.len < self.buf.len() {
                self.buf[self.len] = b;
                self.len += 1;
            }
        }
        Ok(())
    }
}

pub fn print(args: fmt::Arguments) {
    let mut l = Line::new();
    let _ = l.write_fmt(args);
    write_msg(l.bytes());
}

/// Into the ring only: for handlers, the fault report and panics.
pub fn print_ring(args: fmt::Arguments) {
    let mut l = Line::new();
    let _ = l.write_fmt(args);
    ring_write(l.bytes());
}

#[macro_export]
macro_rules! kprintln {
    ($($arg:tt)*) => {
        $crate::console::print(format_args!("{}\n", format_args!($($arg)*)))
    };
}

#[macro_export]
macro_rules! ringln {
    ($($arg:tt)*) => {
        $crate::console::print_ring(format_args!("{}\n", format_args!($($arg)*)))
    };
}
