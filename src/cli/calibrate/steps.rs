//! The probes, in order. Read-only: log in, list the lists, search one, get a contact that
//! cannot exist (not-found code), call with a made-up token (invalid-token code), search a list
//! that cannot exist (list-not-found code), search without a list (invalid-request code). With
//! writes: an add with an invalid e-mail, an add made twice (duplicate behaviour), an update, the
//! deletes, a two-row import and one status poll.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::probe::{Probe, Skip};
use super::report::CodeName;
use crate::dinamize::codes::{RATE_LIMITED, SUCCESS};
use crate::dinamize::{
    AuthRequest, ContactAddRequest, ContactDeleteRequest, ContactGetRequest,
    ContactListSearchRequest, ContactSearchRequest, ContactUpdateRequest, DinamizeCall, FileColumn,
    ImportGetRequest, ImportParameters, ImportRequest, RawAnswer,
};

/// A code no contact, list or import has: far past any real sequence.
const IMPOSSIBLE: &str = "999999999";
/// A token shaped like Dinamize's that Dinamize never issued.
const MADE_UP_TOKEN: &str = "00000.000000.00.Q2FsaWJyYXRlTWFkZVVwVG9rZW5Ob3RJc3N1ZWRCeURpbmFtaXpl";

/// The state of one calibration.
pub struct Calibration {
    pub probe: Probe,
    pub codes: BTreeMap<CodeName, String>,
    pub observations: BTreeMap<String, Value>,
    pub token: Option<String>,
    pub list: Option<String>,
}

impl Calibration {
    /// Logs in; false (and nothing else is tried) when that fails.
    pub async fn login(&mut self, user: &str, password: &str, client_code: &str) -> bool {
        let body = json!({"user": user, "password": password, "client_code": client_code});
        let Ok(answer) = self
            .probe
            .json("login", AuthRequest::PATH, None, body)
            .await
        else {
            return false;
        };
        self.token = answer.body["body"]["auth-token"]
            .as_str()
            .map(str::to_owned);
        answer.code().as_deref() == Some(SUCCESS) && self.token.is_some()
    }

    /// The read-only probes.
    pub async fn read_only(&mut self) {
        let token = self.token.clone().unwrap_or_default();
        let t = Some(token.as_str());
        let lists = json!({"page_number": "1", "page_size": "10"});
        if let Ok(a) = self
            .probe
            .json(
                "list_lists",
                ContactListSearchRequest::PATH,
                t,
                lists.clone(),
            )
            .await
            && self.list.is_none()
        {
            self.list = first_code(&a.body["body"]["items"]);
        }
        let list = self.list.clone().unwrap_or_else(|| "1".into());
        let search = json!({"contact-list_code": list, "page_number": "1", "page_size": "1"});
        let _ = self
            .probe
            .json("search_list", ContactSearchRequest::PATH, t, search)
            .await;
        let get = json!({"contact_code": IMPOSSIBLE, "contact-list_code": list});
        self.learn(
            CodeName::NotFound,
            "get_missing_contact",
            ContactGetRequest::PATH,
            t,
            get,
        )
        .await;
        let made_up = Some(MADE_UP_TOKEN);
        self.learn(
            CodeName::ExpiredToken,
            "made_up_token",
            ContactListSearchRequest::PATH,
            made_up,
            lists,
        )
        .await;
        let missing =
            json!({"contact-list_code": IMPOSSIBLE, "page_number": "1", "page_size": "1"});
        self.learn(
            CodeName::ListNotFound,
            "search_missing_list",
            ContactSearchRequest::PATH,
            t,
            missing,
        )
        .await;
        let bare = json!({"page_number": "1"});
        self.learn(
            CodeName::InvalidRequest,
            "search_without_list",
            ContactSearchRequest::PATH,
            t,
            bare,
        )
        .await;
    }

    /// The probes that change the list (`--allow-writes`).
    pub async fn writes(&mut self, stamp: i64) {
        let token = self.token.clone().unwrap_or_default();
        let t = Some(token.as_str());
        let list = self.list.clone().unwrap_or_default();
        let bad = json!({"email": "not-an-e-mail", "name": "Calibrate", "contact-list_code": list});
        self.learn(
            CodeName::InvalidEmail,
            "add_invalid_email",
            ContactAddRequest::PATH,
            t,
            bad,
        )
        .await;
        let email = format!("calibrate-{stamp}@example.com");
        let add = json!({"email": email, "name": "Calibrate", "contact-list_code": list});
        let first = self
            .probe
            .json("add", ContactAddRequest::PATH, t, add.clone())
            .await
            .ok();
        let first_code = first.as_ref().and_then(body_code);
        let second = self
            .probe
            .json("add_again", ContactAddRequest::PATH, t, add)
            .await
            .ok();
        let second_code = self.duplicate(second.as_ref());
        if let Some(code) = &first_code {
            let update =
                json!({"contact_code": code, "contact-list_code": list, "name": "Calibrate 2"});
            let _ = self
                .probe
                .json("update", ContactUpdateRequest::PATH, t, update)
                .await;
        }
        for code in [first_code, second_code].into_iter().flatten() {
            let delete = json!({"contact_code": code, "contact-list_code": list});
            let _ = self
                .probe
                .json("delete", ContactDeleteRequest::PATH, t, delete)
                .await;
        }
        self.import(&token, &list, stamp).await;
    }

    /// The second add's outcome: rejected (its code is the duplicate code) or a second contact.
    fn duplicate(&mut self, answer: Option<&RawAnswer>) -> Option<String> {
        let answer = answer?;
        match answer.code() {
            Some(code) if code == SUCCESS => {
                self.observe(
                    "duplicates",
                    json!("allowed: the same e-mail was added twice"),
                );
                body_code(answer)
            }
            Some(code) if code != RATE_LIMITED => {
                self.observe("duplicates", json!("rejected"));
                self.codes.insert(CodeName::DuplicateContact, code);
                None
            }
            _ => None,
        }
    }

    async fn import(&mut self, token: &str, list: &str, stamp: i64) {
        let csv = format!(
            "email;name\ncalibrate-import-1-{stamp}@example.com;Calibrate 1\ncalibrate-import-2-{stamp}@example.com;Calibrate 2\n"
        );
        let request = ImportRequest {
            file_name: "calibrate.csv".into(),
            csv: csv.into_bytes(),
            parameters: ImportParameters {
                contact_list_code: list.to_owned(),
                separator: ";".into(),
                header: true,
                file_columns: vec![FileColumn::new(0, "1"), FileColumn::new(1, "2")],
            },
        };
        let Ok(answer) = self.probe.import("import", token, &request).await else {
            return;
        };
        if let Some(code) = body_code(&answer) {
            let get = json!({"code": code});
            let _ = self
                .probe
                .json("import_status", ImportGetRequest::PATH, Some(token), get)
                .await;
        }
    }

    /// Sends a probe expected to fail and keeps its code as `name`'s.
    async fn learn(
        &mut self,
        name: CodeName,
        step: &str,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) {
        match self.probe.json(step, path, token, body).await {
            Ok(answer) => match answer.code() {
                Some(code) if code != SUCCESS && code != RATE_LIMITED => {
                    self.codes.insert(name, code);
                }
                other => self.observe(step, json!(format!("not learnt: answered {other:?}"))),
            },
            Err(Skip::Budget) => self.observe(step, json!("skipped: request budget spent")),
            Err(Skip::Failed(e)) => self.observe(step, json!(format!("no answer: {e}"))),
        }
    }

    fn observe(&mut self, key: &str, value: Value) {
        self.observations.insert(key.to_owned(), value);
    }
}

fn first_code(items: &Value) -> Option<String> {
    code_of(items.as_array()?.first()?.get("code")?)
}

fn body_code(answer: &RawAnswer) -> Option<String> {
    (answer.code().as_deref() == Some(SUCCESS))
        .then(|| code_of(answer.body["body"].get("code")?))
        .flatten()
}

fn code_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
