//! One chunk of leads as the bulk import's CSV file and `parameters`: the same fields the
//! sync job sends (e-mail, name, external code, the mapped `cmpN`), one column each.

use crate::dinamize::{FieldValue, FileColumn, ImportParameters, ImportRequest};
use crate::sync::mapping::MappedContact;

/// The column separator.
pub const SEPARATOR: char = ';';

/// The import of `contacts` into `list`, whose custom fields are `custom` (`cmpN` codes, in
/// column order after e-mail, name and external code).
pub fn import_request(
    list: &str,
    custom: &[String],
    contacts: &[MappedContact],
    file_name: String,
) -> ImportRequest {
    let mut columns = vec![
        FileColumn::new(0, "1"),
        FileColumn::new(1, "2"),
        FileColumn::new(2, "3"),
    ];
    for (i, code) in custom.iter().enumerate() {
        let field = code.trim_start_matches("cmp");
        columns.push(FileColumn::new(3 + i as u32, field));
    }
    let mut csv = header(custom);
    for contact in contacts {
        csv.push_str(&row(contact, custom));
    }
    ImportRequest {
        file_name,
        csv: csv.into_bytes(),
        parameters: ImportParameters {
            contact_list_code: list.to_owned(),
            separator: SEPARATOR.to_string(),
            header: true,
            file_columns: columns,
        },
    }
}

fn header(custom: &[String]) -> String {
    let mut names = vec!["email".to_owned(), "name".into(), "external_code".into()];
    names.extend(custom.iter().cloned());
    names.join(&SEPARATOR.to_string()) + "\n"
}

fn row(contact: &MappedContact, custom: &[String]) -> String {
    let mut cells = vec![
        cell(&contact.email),
        cell(contact.name.as_deref().unwrap_or("")),
        cell(&contact.external_code),
    ];
    for code in custom {
        let value = contact
            .custom_fields
            .get(code)
            .map(text)
            .unwrap_or_default();
        cells.push(cell(&value));
    }
    cells.join(&SEPARATOR.to_string()) + "\n"
}

/// A value as one cell's text: a list's values joined with commas (a CSV cell holds one
/// value; how Dinamize reads several in one cell is not documented).
fn text(value: &FieldValue) -> String {
    match value {
        FieldValue::List(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        other => other.as_text().unwrap_or_default(),
    }
}

/// Quoted when it holds the separator, a quote or a line break (`"` doubled inside); line
/// breaks become spaces, since a row is one line.
fn cell(value: &str) -> String {
    let value = value.replace(['\r', '\n'], " ");
    if value.contains([SEPARATOR, '"']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dinamize::CustomFields;
    use crate::sim::data::import::parse_csv;

    fn contact(email: &str, name: Option<&str>, cmp4: Option<FieldValue>) -> MappedContact {
        let mut custom_fields = CustomFields::new();
        if let Some(value) = cmp4 {
            custom_fields.insert("cmp4".into(), value);
        }
        MappedContact {
            email: email.into(),
            name: name.map(Into::into),
            external_code: "7".into(),
            custom_fields,
        }
    }

    #[test]
    fn every_field_gets_its_column_and_cells_survive_the_simulators_reader() {
        let contacts = [
            contact("a@x.com", Some("Silva; \"Ana\"\nline"), None),
            contact(
                "b@x.com",
                None,
                Some(FieldValue::List(vec!["1".into(), "2".into()])),
            ),
        ];
        let request = import_request("3", &["cmp4".into()], &contacts, "f.csv".into());
        let fields: Vec<_> = request
            .parameters
            .file_columns
            .iter()
            .map(|c| (c.position, c.field.as_str()))
            .collect();
        assert_eq!(fields, [(0, "1"), (1, "2"), (2, "3"), (3, "4")]);
        assert!(request.parameters.header);
        let rows = parse_csv(std::str::from_utf8(&request.csv).unwrap(), SEPARATOR);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1], ["a@x.com", "Silva; \"Ana\" line", "7", ""]);
        assert_eq!(rows[2], ["b@x.com", "", "7", "1,2"]);
    }
}
