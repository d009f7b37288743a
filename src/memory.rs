//! Handing memory the program has freed back to the system.
//!
//! glibc's allocator keeps freed memory for the program's next allocations, returning to the
//! system only what lies at the top of a heap. A big project's load frees hundreds of
//! megabytes in the middle of the heaps (the read of the rest re-reads this coder's layer and
//! drops the copy; parsing leaves its temporaries; the suggestions' pass and an autosave's
//! copy of a layer are let go of), and the window stayed that much bigger than what it held:
//! at 2,000,000 quotes it kept 1.85 GB resident where 1.38 GB were in use. `malloc_trim`
//! hands the free pages of every heap back (it dropped to 1.6 GB); nothing else can, short
//! of another allocator, so this is the crate's one call outside Rust.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static TRIMMING: AtomicBool = AtomicBool::new(false);

/// Hands the free memory of every heap back to the system, on a thread of its own (a
/// trim locks each heap while it walks it; the window's thread should not wait for that).
/// A call while a trim runs does nothing: that trim will find what this one would have.
pub fn give_back() {
    if TRIMMING.swap(true, Ordering::AcqRel) {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("giving memory back".into())
        .spawn(|| {
            trim();
            TRIMMING.store(false, Ordering::Release);
        });
    if spawned.is_err() {
        TRIMMING.store(false, Ordering::Release);
    }
}

/// Hands the free memory of every heap back now, and says how long it took.
pub fn give_back_now() -> Duration {
    let started = Instant::now();
    trim();
    started.elapsed()
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn trim() {
    unsafe extern "C" {
        /// glibc, `malloc.h`: `int malloc_trim(size_t pad)`. It takes no pointer and is safe
        /// to call from any thread at any time.
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: a plain call into the C library this program is linked with; it reads and
    // writes only the allocator's own state, under the allocator's own locks.
    unsafe {
        malloc_trim(0);
    }
}

/// Other systems' allocators give freed memory back on their own terms.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    /// This process's resident memory, in bytes.
    fn resident() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    }

    #[test]
    fn freed_memory_in_the_middle_of_a_heap_goes_back_to_the_system() {
        // Many small blocks (as a layer's quotes are), freed all but one at the end: that one
        // pins the heap's top, so the allocator alone keeps the rest.
        let blocks: Vec<Box<[u8; 200]>> =
            (0..1_000_000).map(|i| Box::new([i as u8; 200])).collect();
        let pin = Box::new([1u8; 200]);
        // Measured while the blocks are held: other tests hand memory back on threads of
        // their own too, and may already have done it for these by the time they are freed.
        let held = resident();
        drop(blocks);
        let took = super::give_back_now();
        let after = resident();
        assert!(
            held.saturating_sub(after) > 100 << 20,
            "resident {held} with the blocks, {after} after they were freed and trimmed ({took:?})"
        );
        assert_eq!(pin[0], 1);
    }
}
