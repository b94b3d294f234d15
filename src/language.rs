//! Guessing a document's language: counting the stop words of each language's rule pack.
//!
//! Every document is counted (up to its first 20 KB), a word at a time, so the lookup is kept
//! cheap: on ASCII text a word of up to 16 bytes is folded into a `u128` and found in a small
//! open-addressing table by one multiply and a compare or two, where a `HashMap<String, _>` hashed
//! the bytes and compared strings (a tenth of a dictionary-only run).

use crate::normalize::NormalizedText;

/// Longest word the packed table holds: a `u128` of bytes.
const PACKED_MAX: usize = 16;

/// Whether an ASCII byte belongs to a word as the language guess splits words: letters, digits,
/// '\'' and '`' (a table: this is asked of every byte of every document).
const IN_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'\'' || c == b'`';
        b += 1;
    }
    table
};

/// Where the word that goes on at `at` of ASCII `bytes` ends: the first byte from `at` that
/// [`IN_WORD`] leaves out (or the end). Eight bytes are asked at once, each a lane of a `u64`
/// computed by itself (no carry or borrow crosses lanes), so the lowest marked lane is the end:
/// a word is mostly found in one step, where the byte loop took one per byte.
fn word_end(bytes: &[u8], mut at: usize) -> usize {
    use crate::lanes::{HIGH, alphanumeric, equal, first_marked, load};
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = load(chunk);
        let in_word = alphanumeric(x) | equal(x, b'\'') | equal(x, b'`');
        let ends = !in_word & HIGH;
        if ends != 0 {
            return at + first_marked(ends);
        }
        at += 8;
    }
    while at < bytes.len() && IN_WORD[usize::from(bytes[at])] {
        at += 1;
    }
    at
}

/// The stop words of each language, folded (`NormalizedText::fold_form`), and the languages each
/// is a stop word of.
#[derive(Debug, Clone)]
pub(crate) struct StopWords {
    /// Each stop word and the indexes of its languages (any script, any length).
    languages_of: foldhash::HashMap<String, Vec<usize>>,
    /// The ASCII stop words of up to [`PACKED_MAX`] bytes: (packed word, index into `sets` plus
    /// one), 0 for an empty slot; a power of two long, at most half full.
    packed: Box<[(u128, u32)]>,
    /// The distinct language lists of the packed words.
    sets: Vec<Vec<usize>>,
    /// Length of the longest ASCII stop word: on ASCII text a longer word is not looked up.
    longest_ascii: usize,
    /// Bit [`prefix_key`] of the first two bytes (folded) of each ASCII stop word, the first
    /// byte and 0 for a word of one: on ASCII text another word is not looked up. Numbers, most
    /// of the words of a table of figures, and most words of running text are passed over at once.
    prefixes: Box<[u64]>,
}

/// The key of a word's first two bytes, folded (lower case, '`' as '\''), for
/// [`StopWords::prefixes`]: `second` is 0 for a word of one byte.
fn prefix_key(first: u8, second: u8) -> usize {
    let fold = |b: u8| if b == b'`' { b'\'' } else { b.to_ascii_lowercase() };
    usize::from(fold(first) & 0x7F) << 7 | usize::from(fold(second) & 0x7F)
}

/// The packed form of an ASCII word of at most [`PACKED_MAX`] bytes, folded as
/// `NormalizedText::fold_form` folds ASCII words (letters to lower case, '`' to '\'').
fn pack(word: &[u8]) -> u128 {
    let mut bytes = [0u8; PACKED_MAX];
    for (slot, &b) in bytes.iter_mut().zip(word) {
        *slot = if b == b'`' { b'\'' } else { b.to_ascii_lowercase() };
    }
    u128::from_le_bytes(bytes)
}

/// Each byte of a `u128` set to `b`.
const fn every_byte(b: u8) -> u128 {
    u128::from_le_bytes([b; PACKED_MAX])
}

/// [`pack`] of the `len` bytes (at most [`PACKED_MAX`], ASCII) at `start` of `bytes`, read at once
/// when sixteen bytes are there: a load, a mask and case folding on all the bytes together, where
/// the byte loop of `pack` was half the cost of a stop-word lookup.
fn pack_at(bytes: &[u8], start: usize, len: usize) -> u128 {
    let Some(chunk) = bytes.get(start..start + PACKED_MAX) else { return pack(&bytes[start..start + len]) };
    let chunk: [u8; PACKED_MAX] = chunk.try_into().expect("sixteen bytes");
    let word = u128::from_le_bytes(chunk) & u128::MAX.checked_shr(8 * (PACKED_MAX - len) as u32).unwrap_or(0);
    // For an ASCII byte b, b + 0x3F has its high bit set from 'A' on, b + 0x25 from '[' on (no
    // carry into the next byte): the high bit of the first and not the second marks a capital,
    // which moves to the 0x20 bit.
    let capitals = word.wrapping_add(every_byte(0x3F)) & !word.wrapping_add(every_byte(0x25)) & every_byte(0x80);
    // A '`' (folded to '\'') is rare: the byte loop takes it. (x - 0x01.. & !x & 0x80.. is
    // non-zero when x has a zero byte, here where the word has a '`'.)
    let grave = word ^ every_byte(b'`');
    if grave.wrapping_sub(every_byte(0x01)) & !grave & every_byte(0x80) != 0 {
        return pack(&bytes[start..start + len]);
    }
    word | (capitals >> 2)
}

fn slot_of(key: u128, mask: usize) -> usize {
    let mixed = (key as u64 ^ ((key >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 32) as usize & mask
}

impl StopWords {
    /// The index of `lists[i]`, the stop words of language `i` (folded).
    pub(crate) fn new<'w>(lists: impl IntoIterator<Item = impl IntoIterator<Item = &'w String>>) -> StopWords {
        let mut languages_of: foldhash::HashMap<String, Vec<usize>> = foldhash::HashMap::default();
        for (i, list) in lists.into_iter().enumerate() {
            for w in list {
                let langs = languages_of.entry(w.clone()).or_default();
                if !langs.contains(&i) {
                    langs.push(i);
                }
            }
        }
        let packable: Vec<(&String, &Vec<usize>)> =
            languages_of.iter().filter(|(w, _)| w.is_ascii() && !w.is_empty() && w.len() <= PACKED_MAX).collect();
        let len = (packable.len() * 2).next_power_of_two().max(16);
        let mut packed = vec![(0u128, 0u32); len].into_boxed_slice();
        let mut sets: Vec<Vec<usize>> = Vec::new();
        for (w, langs) in packable {
            let set = match sets.iter().position(|s| s == langs) {
                Some(k) => k,
                None => {
                    sets.push(langs.clone());
                    sets.len() - 1
                }
            };
            let key = pack(w.as_bytes());
            let mut slot = slot_of(key, len - 1);
            while packed[slot].1 != 0 {
                slot = (slot + 1) & (len - 1);
            }
            packed[slot] = (key, set as u32 + 1);
        }
        let longest_ascii = languages_of.keys().filter(|w| w.is_ascii()).map(String::len).max().unwrap_or(0);
        let mut prefixes = vec![0u64; (1 << 14) / 64].into_boxed_slice();
        for w in languages_of.keys().filter(|w| w.is_ascii() && !w.is_empty()) {
            let key = prefix_key(w.as_bytes()[0], w.as_bytes().get(1).copied().unwrap_or(0));
            prefixes[key / 64] |= 1 << (key % 64);
        }
        StopWords { languages_of, packed, sets, longest_ascii, prefixes }
    }

    /// The languages (indexes) `word` (folded) is a stop word of.
    fn languages(&self, word: &str) -> &[usize] {
        self.languages_of.get(word).map_or(&[], Vec::as_slice)
    }

    /// The languages an ASCII word of at most [`PACKED_MAX`] bytes is a stop word of, by its
    /// [`pack`]ed form.
    fn packed_languages(&self, key: u128) -> &[usize] {
        let mask = self.packed.len() - 1;
        let mut slot = slot_of(key, mask);
        loop {
            match self.packed[slot] {
                (_, 0) => return &[],
                (k, set) if k == key => return &self.sets[set as usize - 1],
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Adds to `counts[i]` the words of `sample` that are stop words of language `i`, words being
    /// those of the folded sample (`NormalizedText::fold_form`) split at characters other than
    /// letters, digits and `'`. ASCII text is folded word by word instead of copied whole.
    pub(crate) fn count(&self, sample: &str, counts: &mut [usize]) {
        if !sample.is_ascii() {
            return self.count_folded(sample, counts);
        }
        // fold_form on ASCII: letters to lower case, '`' to '\'', white space runs, dashes and
        // quotes to other separators; nothing else a word is made of changes.
        let bytes = sample.as_bytes();
        let in_word = |b: u8| IN_WORD[usize::from(b)];
        let mut i = 0;
        while i < bytes.len() {
            if !in_word(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            i = word_end(bytes, i + 1);
            let key = prefix_key(bytes[start], if i - start >= 2 { bytes[start + 1] } else { 0 });
            if self.prefixes[key / 64] & 1 << (key % 64) == 0 {
                continue;
            }
            let word = &bytes[start..i];
            let languages = match word.len() {
                n if n > self.longest_ascii => continue,
                n if n <= PACKED_MAX => self.packed_languages(pack_at(bytes, start, n)),
                _ => {
                    let folded: String = word.iter().map(|&b| if b == b'`' { '\'' } else { char::from(b.to_ascii_lowercase()) }).collect();
                    self.languages(&folded)
                }
            };
            for &l in languages {
                counts[l] += 1;
            }
        }
    }

    /// [`StopWords::count`] on any text: folds the sample, then splits it.
    pub(crate) fn count_folded(&self, sample: &str, counts: &mut [usize]) {
        let folded = NormalizedText::fold_form(sample);
        for w in folded.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()) {
            for &l in self.languages(w) {
                counts[l] += 1;
            }
        }
    }

    /// Every stop word (folded).
    #[cfg(test)]
    pub(crate) fn words(&self) -> impl Iterator<Item = &String> {
        self.languages_of.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn index() -> StopWords {
        let en: Vec<String> =
            ["the", "of", "a", "it's", "o'clock", "nevertheless", "notwithstanding", "incomprehensible", "antidisestablishment"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        let it: Vec<String> =
            ["il", "a", "perché", "è", "dell'", "nonostantetuttociò", "incomprehensible"].iter().map(|s| s.to_string()).collect();
        StopWords::new([&en, &it])
    }

    #[test]
    fn each_word_counts_for_each_of_its_languages() {
        let sw = index();
        let counts = |text: &str| {
            let mut counts = [0, 0];
            sw.count(text, &mut counts);
            counts
        };
        assert_eq!(
            counts("The cat of IL Gatto: a It`s, NEVERTHELESS thee o'clock!"),
            [6, 2],
            "the, of, a, it's, nevertheless, o'clock; il, a"
        );
        assert_eq!(counts("Perché è così"), [0, 2]);
        assert_eq!(
            counts("INCOMPREHENSIBLE antidisestablishment antidisestablishments"),
            [2, 1],
            "16 bytes (packed) and 20 (looked up by string)"
        );
        assert_eq!(counts(""), [0, 0]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// A word's end found eight bytes at a time is where the byte loop ends it.
        #[test]
        fn word_ends_are_those_of_the_byte_loop(text in "[\\x00-\\x7f]{0,30}", at in 0usize..=30) {
            let bytes = text.as_bytes();
            let at = at.min(bytes.len());
            let expected = (at..bytes.len()).find(|&k| !IN_WORD[usize::from(bytes[k])]).unwrap_or(bytes.len());
            prop_assert_eq!(word_end(bytes, at), expected, "{:?} from {}", text, at);
        }

        /// Packing a word read with the bytes after it is packing the word alone.
        #[test]
        fn packing_in_place_packs_the_word(text in "[ -~]{0,40}", start in 0usize..=40, len in 0usize..=PACKED_MAX) {
            let bytes = text.as_bytes();
            let start = start.min(bytes.len());
            let len = len.min(bytes.len() - start);
            prop_assert_eq!(pack_at(bytes, start, len), pack(&bytes[start..start + len]), "{:?}", &text[start..start + len]);
        }

        /// The ASCII path counts what folding the whole sample counts.
        #[test]
        fn the_ascii_path_counts_as_the_folded_one(text in "(the|The|OF|a|It`s|it's|o'clock|NotWithStanding|notwithstandings|Incomprehensible|ANTIDISESTABLISHMENT|antidisestablishments|dell'|il|x|[a-z0-9'`]{0,3}|[ ,.;:()\n\"/_-]){0,30}") {
            let sw = index();
            let (mut fast, mut folded) = ([0; 2], [0; 2]);
            sw.count(&text, &mut fast);
            sw.count_folded(&text, &mut folded);
            prop_assert_eq!(fast, folded, "{:?}", text);
        }
    }
}
