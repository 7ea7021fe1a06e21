//! Key naming. Every key carries `REDIS_KEY_PREFIX`; per-company keys carry the company id as
//! a `{hash tag}` so that all of a company's keys live on one Redis Cluster slot and a Lua
//! script may touch several of them.

/// The prefix and the rules that build keys from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpace {
    prefix: String,
}

impl KeySpace {
    /// Keys under `prefix` (e.g. `dwu_crm:`).
    pub fn new(prefix: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
        }
    }

    /// The prefix itself (for scans and clean-up).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A per-company key: `<prefix><kind>:{<company_id>}`.
    pub fn company(&self, kind: &str, company_id: i64) -> String {
        format!("{}{kind}:{{{company_id}}}", self.prefix)
    }

    /// A key that belongs to no company: `<prefix><name>`.
    pub fn global(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_keys_carry_the_prefix_and_a_hash_tag() {
        let keys = KeySpace::new("dwu_crm:");
        assert_eq!(keys.company("ratelimit", 42), "dwu_crm:ratelimit:{42}");
        assert_eq!(keys.global("sync:ready"), "dwu_crm:sync:ready");
    }
}
