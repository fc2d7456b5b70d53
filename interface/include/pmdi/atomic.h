/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * The memory-ordering primitives of pmdi's shared-memory rings (the trace
 * ring and the mailbox), in one place. Freestanding: GCC's __atomic
 * builtins, which need no library for these sizes on x86-64. Each is
 * overridable, e.g. by the Linux module with smp_load_acquire() and friends.
 */
#ifndef PMDI_ATOMIC_H
#define PMDI_ATOMIC_H

#ifndef pmdi_load_acquire
#define pmdi_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#endif
#ifndef pmdi_store_release
#define pmdi_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#endif
#ifndef pmdi_load_relaxed
#define pmdi_load_relaxed(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#endif
#ifndef pmdi_store_relaxed
#define pmdi_store_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#endif
/* A full fence: stores before it are visible before loads after it (mfence). */
#ifndef pmdi_fence_full
#define pmdi_fence_full() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
/* An exchange that is also a full fence (a locked xchg on x86). */
#ifndef pmdi_xchg
#define pmdi_xchg(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#endif

#endif /* PMDI_ATOMIC_H */
