//! One cache for the panels: a value made from a key and kept until the key changes (the
//! project's revision, a document, the coders compared…). The key's type says what the value
//! depends on.

#[derive(Debug)]
pub struct Memo<K, V> {
    kept: Option<(K, V)>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self { kept: None }
    }
}

impl<K: PartialEq, V> Memo<K, V> {
    /// The value for `key`, made by `make` unless the kept one was made for the same key.
    pub fn get_or_make(&mut self, key: K, make: impl FnOnce(&K) -> V) -> &mut V {
        if self.kept.as_ref().is_some_and(|(k, _)| *k != key) {
            self.kept = None;
        }
        let (_, value) = self.kept.get_or_insert_with(|| {
            let value = make(&key);
            (key, value)
        });
        value
    }

    /// The value kept, whatever key it was made for.
    pub fn kept(&self) -> Option<&V> {
        self.kept.as_ref().map(|(_, v)| v)
    }

    /// The value kept if it was made for `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.kept.as_ref().filter(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value kept for `from`, now kept for `to` (the caller brings it up to date), or
    /// `None` (and nothing kept) when the value kept was not made for `from`.
    pub fn rekey(&mut self, from: &K, to: K) -> Option<&mut V> {
        if self.kept.as_ref().is_none_or(|(k, _)| k != from) {
            self.kept = None;
            return None;
        }
        let (k, v) = self.kept.as_mut()?;
        *k = to;
        Some(v)
    }

    pub fn clear(&mut self) {
        self.kept = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_per_key() {
        let mut made = 0;
        let mut m: Memo<u64, String> = Memo::default();
        for key in [1, 1, 2, 2, 1] {
            m.get_or_make(key, |k| {
                made += 1;
                format!("revision {k}")
            });
        }
        assert_eq!(made, 3);
        assert_eq!(m.get(&1).map(String::as_str), Some("revision 1"));
        assert_eq!(m.get(&2), None);
        m.clear();
        assert_eq!(m.kept(), None);
    }
}
