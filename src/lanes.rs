//! Eight bytes asked at once: each byte a lane of a `u64`, each answer the high bit of its lane.
//!
//! The byte loops that read every byte of every document (the normalised view's runs, the language
//! guess's words, the gazetteer walk's skip over the rest of a word) ask a question of eight bytes
//! in a handful of operations instead of a table lookup and a branch per byte. Every lane is
//! computed by itself (no carry or borrow crosses into the next lane), so the lowest marked lane is
//! the first byte with the answer ([`first_marked`]). (The language guess's stop-word key does the
//! same on the sixteen lanes of a `u128`, one operation for a whole key.)

/// 0x01 in every lane.
pub(crate) const LOW: u64 = u64::from_le_bytes([0x01; 8]);
/// 0x80 in every lane: the answers' bits.
pub(crate) const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// The first eight bytes of `bytes` (which must hold them) as lanes.
pub(crate) fn load(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..8].try_into().expect("eight bytes"))
}

/// Lanes whose byte is at least `n` (`n` at most 0x80). Exact for ASCII lanes; what a lane of a
/// byte beyond ASCII answers is left open here and in the functions below (callers mark those
/// lanes by their high bit). With its high bit set a lane is at least 0x80, so subtracting `n`
/// borrows from no other lane.
pub(crate) fn at_least(lanes: u64, n: u8) -> u64 {
    (lanes | HIGH).wrapping_sub(LOW * u64::from(n)) & HIGH
}

/// Lanes whose byte is below `n` (`n` at most 0x80).
pub(crate) fn below(lanes: u64, n: u8) -> u64 {
    !at_least(lanes, n) & HIGH
}

/// Lanes whose byte is the ASCII byte `c`.
pub(crate) fn equal(lanes: u64, c: u8) -> u64 {
    below(lanes ^ (LOW * u64::from(c)), 1)
}

/// Lanes whose byte is an ASCII letter or digit.
pub(crate) fn alphanumeric(lanes: u64) -> u64 {
    let lower = lanes | (LOW * 0x20);
    at_least(lanes, b'0') & below(lanes, b'9' + 1) | at_least(lower, b'a') & below(lower, b'z' + 1)
}

/// Where the run of ASCII letters and digits from `at` of `bytes` ends.
pub(crate) fn alphanumeric_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = load(chunk);
        let ends = (!alphanumeric(x) | x) & HIGH;
        if ends != 0 {
            return at + first_marked(ends);
        }
        at += 8;
    }
    while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
        at += 1;
    }
    at
}

/// The index of the lowest marked lane (8 when none is).
pub(crate) fn first_marked(marked: u64) -> usize {
    (marked.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Each ASCII lane answers for its own byte, whatever the other lanes hold.
        #[test]
        fn each_lane_answers_for_its_byte(bytes in proptest::collection::vec(any::<u8>(), 8), n in 0u8..=0x80, c in 0u8..0x80) {
            let lanes = load(&bytes);
            for (k, &b) in bytes.iter().enumerate().filter(|(_, b)| b.is_ascii()) {
                let bit = |marked: u64| marked >> (8 * k) & 0xFF == 0x80;
                prop_assert_eq!(bit(at_least(lanes, n)), b >= n, "byte {:#x} >= {:#x}", b, n);
                prop_assert_eq!(bit(below(lanes, n)), b < n, "byte {:#x} < {:#x}", b, n);
                prop_assert_eq!(bit(equal(lanes, c)), b == c, "byte {:#x} == {:#x}", b, c);
            }
            let run = bytes.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(8);
            prop_assert_eq!(alphanumeric_end(&bytes, 0), run);
            if bytes.is_ascii() {
                let first = bytes.iter().position(|&b| b == c).unwrap_or(8);
                prop_assert_eq!(first_marked(equal(lanes, c)), first);
            }
        }
    }
}
