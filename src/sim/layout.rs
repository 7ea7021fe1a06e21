//! An account's layout as Dinamize models it: its contact lists and its custom fields (`VC`
//! text or `LV` list of values with options), read from the accounts file in the shapes
//! `/emkt/field/search` and `/emkt/field-lov/search` answer, so a real account can be copied.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::HashSet;

/// A contact list of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSeed {
    /// The list code (`"1"` or `1` in a file).
    #[serde(deserialize_with = "code_u64")]
    pub code: u64,
    /// The list title.
    pub title: String,
}

/// One option of an `LV` field, as `/emkt/field-lov/search` answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldOption {
    /// The option code a contact's value holds (`"1"` or `1` in a file).
    #[serde(deserialize_with = "code_u64")]
    pub code: u64,
    /// The text shown for the option.
    pub value: String,
}

/// A custom field of an account; its key in `custom_fields` is `cmp<code>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSeed {
    /// The numeric field code (`N` of `cmpN`; `"7"`, `7` or `"cmp7"` in a file).
    #[serde(deserialize_with = "field_code")]
    pub code: u32,
    /// The title shown in Dinamize.
    pub title: String,
    /// `VC` (text) or `LV` (list of values).
    #[serde(rename = "type", alias = "kind")]
    pub kind: String,
    /// Whether the value must be unique in the list (`is_uniquevalue`).
    #[serde(rename = "is_uniquevalue", alias = "unique", default)]
    pub unique: bool,
    /// The options of an `LV` field.
    #[serde(default)]
    pub options: Vec<FieldOption>,
}

impl FieldSeed {
    /// A `VC` (text) field.
    pub fn text(code: u32, title: &str, unique: bool) -> Self {
        Self {
            code,
            title: title.into(),
            kind: "VC".into(),
            unique,
            options: Vec::new(),
        }
    }

    /// An `LV` field with these (code, value) options.
    pub fn list_of_values(code: u32, title: &str, options: &[(u64, &str)]) -> Self {
        Self {
            code,
            title: title.into(),
            kind: "LV".into(),
            unique: false,
            options: options
                .iter()
                .map(|(code, value)| FieldOption {
                    code: *code,
                    value: (*value).into(),
                })
                .collect(),
        }
    }

    /// Whether the field is a list of values.
    pub fn is_list_of_values(&self) -> bool {
        self.kind == "LV"
    }

    /// Whether `code` is one of the field's options.
    pub fn has_option(&self, code: u64) -> bool {
        self.options.iter().any(|o| o.code == code)
    }
}

/// The built-in fields: cmp1 e-mail, cmp2 name, cmp3 external code.
fn builtin_fields() -> [FieldSeed; 3] {
    [
        FieldSeed::text(1, "E-mail", true),
        FieldSeed::text(2, "Nome", false),
        FieldSeed::text(3, "Código externo", false),
    ]
}

/// The lists of an account that names none: list 1 "Leads CRM".
pub fn default_lists() -> Vec<ListSeed> {
    vec![ListSeed {
        code: 1,
        title: "Leads CRM".into(),
    }]
}

/// The fields of an account that names none: the built-ins, cmp4 Telefone, cmp5 Empresa,
/// cmp6 Cargo (`VC`) and cmp7 Origem (`LV`: 1 Site, 2 Feira, 3 Indicação).
pub fn default_fields() -> Vec<FieldSeed> {
    let mut fields = builtin_fields().to_vec();
    fields.extend([
        FieldSeed::text(4, "Telefone", false),
        FieldSeed::text(5, "Empresa", false),
        FieldSeed::text(6, "Cargo", false),
        FieldSeed::list_of_values(7, "Origem", &[(1, "Site"), (2, "Feira"), (3, "Indicação")]),
    ]);
    fields
}

/// An account's own fields with the built-ins it leaves out put first: every contact has an
/// e-mail, a name and an external code whatever the layout says.
pub fn with_builtins(fields: &[FieldSeed]) -> Vec<FieldSeed> {
    let mut all: Vec<FieldSeed> = builtin_fields()
        .into_iter()
        .filter(|b| fields.iter().all(|f| f.code != b.code))
        .collect();
    all.extend(fields.iter().cloned());
    all
}

/// Checks a layout: list, field and option codes unique, field codes from 1, types `VC`/`LV`,
/// options only on `LV` fields.
pub fn check(lists: &[ListSeed], fields: &[FieldSeed]) -> Result<(), String> {
    unique(lists.iter().map(|l| l.code), "list")?;
    unique(fields.iter().map(|f| u64::from(f.code)), "field")?;
    for field in fields {
        let name = format!("field cmp{}", field.code);
        if field.code == 0 {
            return Err("field codes start at 1".into());
        }
        match field.kind.as_str() {
            "VC" if !field.options.is_empty() => {
                return Err(format!("{name} is VC (text) and cannot have options"));
            }
            "VC" | "LV" => {}
            other => return Err(format!("{name} has type {other:?}, not VC or LV")),
        }
        unique(
            field.options.iter().map(|o| o.code),
            &format!("{name} option"),
        )?;
    }
    Ok(())
}

fn unique(codes: impl Iterator<Item = u64>, what: &str) -> Result<(), String> {
    let mut seen = HashSet::new();
    for code in codes {
        if !seen.insert(code) {
            return Err(format!("{what} code {code} appears twice"));
        }
    }
    Ok(())
}

fn code_u64<'de, D: Deserializer<'de>>(de: D) -> Result<u64, D::Error> {
    let value = Value::deserialize(de)?;
    crate::sim::params::as_u64(&value)
        .ok_or_else(|| serde::de::Error::custom(format!("code {value} is not a whole number")))
}

fn field_code<'de, D: Deserializer<'de>>(de: D) -> Result<u32, D::Error> {
    let value = Value::deserialize(de)?;
    let text = match &value {
        Value::String(s) => s.trim().trim_start_matches("cmp").to_string(),
        other => other.to_string(),
    };
    text.parse()
        .map_err(|_| serde::de::Error::custom(format!("field code {value} is not N or cmpN")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_field_reads_in_the_shape_the_field_routes_answer() {
        let field: FieldSeed = serde_json::from_value(json!({
            "code": "cmp9", "title": "Interesse", "type": "LV", "is_uniquevalue": false,
            "options": [{"code": "10", "value": "Curso"}, {"code": 11, "value": "Pós"}]
        }))
        .unwrap();
        assert_eq!(field.code, 9);
        assert!(field.has_option(10) && field.has_option(11) && !field.has_option(1));
        assert_eq!(check(&[], &[field]), Ok(()));
    }

    #[test]
    fn a_layout_with_repeated_codes_or_an_unknown_type_is_refused() {
        let twice = [
            FieldSeed::text(4, "a", false),
            FieldSeed::text(4, "b", false),
        ];
        assert!(check(&[], &twice).unwrap_err().contains("field code 4"));
        let mut odd = FieldSeed::text(5, "a", false);
        odd.kind = "DT".into();
        assert!(check(&[], &[odd]).unwrap_err().contains("DT"));
        let lists = [default_lists(), default_lists()].concat();
        assert!(check(&lists, &[]).unwrap_err().contains("list code 1"));
    }

    #[test]
    fn built_in_fields_are_added_when_a_layout_leaves_them_out() {
        let fields = with_builtins(&[FieldSeed::text(2, "Name", false)]);
        let codes: Vec<u32> = fields.iter().map(|f| f.code).collect();
        assert_eq!(codes, [1, 3, 2]);
        assert_eq!(fields[2].title, "Name");
    }
}
