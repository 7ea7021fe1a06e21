//! SQL identifiers named in configuration (schema, table and column names): checked here so
//! that what reaches a query is a plain name, and quoted again wherever it is used.

use super::ConfigError;

/// What an identifier setting accepts.
pub const IDENTIFIER: &str =
    "a SQL identifier: a letter or '_', then letters, digits or '_' (at most 63)";

/// `raw` when it is a plain SQL identifier (case kept: it is quoted where used).
pub fn identifier(var: &str, raw: &str) -> Result<String, ConfigError> {
    let mut chars = raw.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if first_ok && rest_ok && raw.len() <= 63 {
        Ok(raw.to_string())
    } else {
        Err(ConfigError::invalid(var, IDENTIFIER, raw))
    }
}

#[cfg(test)]
mod tests {
    use super::identifier;

    #[test]
    fn plain_names_pass_and_anything_that_could_break_out_of_quotes_is_refused() {
        for good in ["dinamize_sync", "userId", "_x1", "crm_user_companies"] {
            assert_eq!(identifier("V", good).unwrap(), good);
        }
        for bad in [
            "",
            "1abc",
            "a b",
            "a\"b",
            "a;drop",
            "a.b",
            "ç",
            &"x".repeat(64),
        ] {
            let error = identifier("V", bad).unwrap_err().to_string();
            assert!(error.starts_with("V: expected a SQL identifier"), "{error}");
        }
    }
}
