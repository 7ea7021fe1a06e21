//! The bulk import: `POST /emkt/contact` as `multipart/form-data` (parts `file`, `command`,
//! `parameters`) and its status, `POST /emkt/import/get`. The status fields are not public, so
//! the answer keeps what it does not know in `details`.

use reqwest::multipart::{Form, Part};
use serde::{Deserialize, Serialize};

use crate::dinamize::call::{Body, DinamizeCall};
use crate::dinamize::de;
use crate::dinamize::error::DinamizeError;

/// The value of the `command` part.
pub const IMPORT_COMMAND: &str = "import";
/// The `Rule` public client code uses for every column (its meaning is not documented).
pub const DEFAULT_RULE: &str = "3";

/// A bulk import of a CSV file into one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRequest {
    /// File name given to the `file` part.
    pub file_name: String,
    /// The CSV content.
    pub csv: Vec<u8>,
    /// Sent as the JSON *string* of the `parameters` part.
    pub parameters: ImportParameters,
}

/// Posted as `multipart/form-data`, parts `file` (the CSV), `command` and `parameters` (a JSON
/// string); answered with the import's code. Never repeated: it would import twice.
impl DinamizeCall for ImportRequest {
    const PATH: &'static str = "/emkt/contact";
    const NAME: &'static str = "import";
    const REPEATABLE: bool = false;
    type Response = ImportResponse;

    fn body(&self) -> Result<Body, DinamizeError> {
        let encode = |message: String| DinamizeError::Encode { message };
        let parameters =
            serde_json::to_string(&self.parameters).map_err(|e| encode(e.to_string()))?;
        let file = Part::bytes(self.csv.clone())
            .file_name(self.file_name.clone())
            .mime_str("text/csv")
            .map_err(|e| encode(e.to_string()))?;
        let form = Form::new()
            .part("file", file)
            .text("command", IMPORT_COMMAND)
            .text("parameters", parameters);
        Ok(Body::Multipart(form))
    }
}

/// The `parameters` part, serialised to a JSON string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportParameters {
    /// Target list.
    #[serde(rename = "contact-list_code")]
    pub contact_list_code: String,
    /// Column separator (`;`).
    pub separator: String,
    /// Whether the first line is a header.
    pub header: bool,
    /// Column → field mapping.
    pub file_columns: Vec<FileColumn>,
}

/// One column of the CSV mapped to a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileColumn {
    /// Zero-based column position, sent as a string.
    #[serde(rename = "Position", serialize_with = "de::as_string")]
    pub position: u32,
    /// Target field code, as a string (`"1"` is the e-mail).
    #[serde(rename = "Field")]
    pub field: String,
    /// The rule (`"3"` as used publicly).
    #[serde(rename = "Rule")]
    pub rule: String,
}

impl FileColumn {
    /// Column `position` goes to field `field`, with the default rule.
    pub fn new(position: u32, field: impl Into<String>) -> Self {
        Self {
            position,
            field: field.into(),
            rule: DEFAULT_RULE.to_owned(),
        }
    }
}

/// The answer to an import: the import's code, used to poll its status.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ImportResponse {
    /// The import code (`body.code`; `import_code` accepted too).
    #[serde(alias = "import_code", deserialize_with = "de::string")]
    pub code: String,
}

/// `POST /emkt/import/get`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportGetRequest {
    /// The import code.
    pub code: String,
}

/// Answered with the import's status.
impl DinamizeCall for ImportGetRequest {
    const PATH: &'static str = "/emkt/import/get";
    const NAME: &'static str = "import_get";
    type Response = ImportStatus;

    fn body(&self) -> Result<Body, DinamizeError> {
        Body::json(self)
    }
}

/// The status of an import. Only `status` is interpreted; everything else stays in `details`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ImportStatus {
    /// The import code, when echoed.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub code: Option<String>,
    /// The import's state as the API spells it.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub status: Option<String>,
    /// Every other field of the answer.
    #[serde(flatten)]
    pub details: serde_json::Map<String, serde_json::Value>,
}
