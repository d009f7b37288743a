//! Identifiers. Every id is a string newtype so that a speaker id can never be passed where a
//! topic id is expected, and so that RON files show them as plain strings.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $inner:ty) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub $inner);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(<$inner>::from(id.into()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(<$inner>::from(s))
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(Self::new)
            }
        }
    };
}

// Ids that many quotes repeat (their document, coder, speaker, topics) are shared: a layer
// read from disk gives each quote a second handle on the same string, not a copy of it
// (two million quotes held 200 MB of copies of their document's and coder's ids). A quote's own
// id is unique, so it is a plain boxed string, which has no count to keep.
string_id!(
    /// A document, e.g. `000_13e0dc0d1b2b0156`; its text lives in `articles/<id>.txt`.
    DocumentId, Arc<str>
);
string_id!(
    /// A topic of the codebook, e.g. `economy`.
    TopicId, Arc<str>
);
string_id!(
    /// An entry of the speaker registry, e.g. `lukashenko`.
    SpeakerId, Arc<str>
);
string_id!(
    /// A coder or editor; each person owns exactly one layer file `annotations/<id>.ron`.
    PersonId, Arc<str>
);
string_id!(
    /// A quote. Generated as a ULID, so quotes made by different coders on different machines
    /// never clash when their layers are brought together.
    QuoteId, Box<str>
);

impl QuoteId {
    /// A 64-bit hash of the id, the same in every run: the key of the indexes that find a
    /// quote among millions without holding a copy of its id.
    pub fn hash64(&self) -> u64 {
        use std::hash::BuildHasher;
        foldhash::fast::FixedState::default().hash_one(self.as_str())
    }

    /// A fresh, globally unique id (ULID: 48 bits of milliseconds, 80 random bits).
    pub fn generate() -> Self {
        Self::new(ulid::Ulid::new().to_string())
    }
}

/// Whether `id` is usable as a file name and a stable identifier on every platform:
/// ASCII letters, digits, `-` and `_`, not empty, at most 64 bytes.
pub fn is_valid_file_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_quote_ids_are_unique_and_sortable_text() {
        let a = QuoteId::generate();
        let b = QuoteId::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 26);
    }

    #[test]
    fn file_ids() {
        assert!(is_valid_file_id("000_13e0dc0d1b2b0156"));
        assert!(is_valid_file_id("sara-k"));
        assert!(!is_valid_file_id(""));
        assert!(!is_valid_file_id("../etc"));
        assert!(!is_valid_file_id("سارا"));
    }
}
