//! The `relgraph` command-line tool.

mod cli;

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc, mi_zalloc_aligned};

/// mimalloc: a one-document run starts ~20% sooner and a long run is ~10% faster than with the
/// system allocator (the build and the extraction allocate many small strings and tables).
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

/// Every mimalloc block is aligned to a machine word (block sizes are whole words).
const MI_BLOCK_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc as the global allocator, through its plain entry points for the alignments every block
/// has. Its aligned entry points (which the `mimalloc` crate always calls) fall back to a slow path,
/// over-allocating, whenever the first free block of a size class is not aligned by chance, and
/// cannot grow a block in place: ~12% of a one-document run's instructions.
struct MiMalloc;

// SAFETY: each method hands mimalloc a layout it serves with the layout's alignment (the plain
// entry points only for alignments of a word or less); blocks are freed by the same allocator.
unsafe impl GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc returns null or a block of at least `size` bytes, word-aligned.
        unsafe {
            if layout.align() <= MI_BLOCK_ALIGN {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`, the block zeroed.
        unsafe {
            if layout.align() <= MI_BLOCK_ALIGN {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the `GlobalAlloc` contract).
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; the new block keeps its alignment.
        unsafe {
            if layout.align() <= MI_BLOCK_ALIGN {
                mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

/// `mi_option_arena_eager_commit` of mimalloc's `mi_option_t` (v2), which `libmimalloc-sys` does
/// not name.
#[cfg(target_os = "linux")]
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// Arena memory committed as it is used, not all at once (but see [`HUGE_PAGE_ARENA`]): with eager
/// commit a one-document run held ~80 MiB resident instead of ~40. Set before `main`, where the
/// runtime's first allocations would already have reserved an arena.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static CONFIGURE_ALLOCATOR: extern "C" fn() = configure_allocator;

/// The first arena: 32 MiB committed at once and backed by transparent huge pages where the
/// kernel offers them (`madvise` mode included). The extractor's build touches ~30 MiB of fresh
/// memory; taken 4 KiB page fault by page fault, that was a third of a one-document run's CPU time
/// (~7,500 faults; with this arena ~1,700, and the run ~8 ms sooner). A corpus runs ~4% faster as
/// well (fewer TLB misses). The price: the unused part of a huge page is resident too (a
/// one-document run holds 46 instead of 37 MiB). Beyond it, memory is committed as it is used.
#[cfg(target_os = "linux")]
const HUGE_PAGE_ARENA: usize = 32 << 20;

#[cfg(target_os = "linux")]
extern "C" fn configure_allocator() {
    // SAFETY: sets a plain integer option; mimalloc reads it when it reserves an arena.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
    let mut arena: libmimalloc_sys::mi_arena_id_t = std::ptr::null_mut();
    // SAFETY: initialises mimalloc (once; later calls return at once), then gives it a first arena
    // of its own, not exclusive: any allocation may use it. Reserved before the runtime's first
    // allocation, it is the arena allocations come from first. On failure (no memory to commit)
    // nothing changes and allocation goes on from arenas reserved on demand.
    let _ = unsafe {
        libmimalloc_sys::mi_process_init();
        libmimalloc_sys::mi_reserve_os_memory_ex(HUGE_PAGE_ARENA, true, true, false, &mut arena)
    };
}

fn main() {
    std::process::exit(cli::run());
}
