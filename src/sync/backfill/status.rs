//! Reading an import's status, whose fields Dinamize has not published: `status` names the
//! state (the simulator's `processing` and `finished`; a few other spellings are read too),
//! and a `rejected` list of `{email, reason}` names refused rows when the answer has one.

use serde_json::Value;

use super::store::Refused;
use crate::dinamize::ImportStatus;

/// Where an import stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportState {
    /// Still working.
    Processing,
    /// Done: the rows it names as refused.
    Finished(Vec<Refused>),
    /// Dinamize says it failed: its words.
    Failed(String),
}

/// Reads `status`.
pub fn state(status: &ImportStatus) -> ImportState {
    let word = status.status.as_deref().unwrap_or("").to_lowercase();
    match word.as_str() {
        "finished" | "done" | "completed" | "complete" | "success" | "imported" => {
            ImportState::Finished(refused(status))
        }
        "failed" | "error" | "canceled" | "cancelled" => {
            ImportState::Failed(format!("the import ended {word:?}: {:?}", status.details))
        }
        _ => ImportState::Processing,
    }
}

fn refused(status: &ImportStatus) -> Vec<Refused> {
    let Some(Value::Array(rows)) = status.details.get("rejected") else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|row| {
            let email = row.get("email")?.as_str()?.trim().to_owned();
            let reason = row
                .get("reason")
                .and_then(Value::as_str)
                .unwrap_or("refused");
            Some(Refused {
                reason: format!("Dinamize refused the row in the bulk import: {reason}"),
                email,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn status(value: Value) -> ImportStatus {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn processing_then_finished_with_the_refused_rows() {
        let first = status(json!({"code": "1", "status": "processing"}));
        assert_eq!(state(&first), ImportState::Processing);
        let done = status(json!({"code": "1", "status": "finished", "invalid": "1",
            "rejected": [{"line": "3", "email": "bad@", "reason": "invalid e-mail"}]}));
        let ImportState::Finished(refused) = state(&done) else {
            panic!("finished")
        };
        assert_eq!(refused[0].email, "bad@");
        assert!(refused[0].reason.ends_with("invalid e-mail"));
        assert!(matches!(
            state(&status(json!({"status": "ERROR"}))),
            ImportState::Failed(_)
        ));
    }
}
