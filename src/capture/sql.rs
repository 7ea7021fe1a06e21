//! The SQL of an installed capture, generated from a mapping (a pure function: every name
//! double-quoted, every literal from a checked name). The service's own tables are in
//! `ours` (its schema), named explicitly because the trigger runs with the CRM's search path.

use super::mapping::{CaptureMapping, TableName};

/// The trigger's name on the CRM's table.
pub const TRIGGER: &str = "dsync_capture";

/// `"name"`.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `"schema"."table"` or `"table"`.
pub fn table_ref(table: &TableName) -> String {
    match &table.schema {
        Some(schema) => format!("{}.{}", quote(schema), quote(&table.table)),
        None => quote(&table.table),
    }
}

/// The function's name, in our schema: one per captured table.
pub fn function_ref(ours: &str, table: &TableName) -> String {
    let schema = table.schema.as_deref().unwrap_or("search_path");
    format!(
        "{}.{}",
        quote(ours),
        quote(&format!("dsync_capture_{schema}_{}", table.table))
    )
}

/// `row.column` cast to `ty`.
fn col(row: &str, column: &str, ty: &str) -> String {
    format!("({row}.{})::{ty}", quote(column))
}

fn optional(row: &str, column: Option<&String>, ty: &str) -> String {
    column.map_or_else(|| "NULL".to_owned(), |c| col(row, c, ty))
}

/// Our `crm_leads.crm_id` of `row`: the source table and its key (two captured tables never
/// share an id space).
fn crm_id(table: &TableName, mapping: &CaptureMapping, row: &str) -> String {
    let source = match &table.schema {
        Some(schema) => format!("{schema}.{}", table.table),
        None => table.table.clone(),
    };
    format!("'{source}:' || {}", col(row, &mapping.id, "text"))
}

/// The `INSERT ... ON CONFLICT` that makes our lead hold `row` (`NEW`, or a table alias).
fn upsert(
    ours: &str,
    table: &TableName,
    mapping: &CaptureMapping,
    row: &str,
    from: &str,
) -> String {
    let id = crm_id(table, mapping, row);
    let custom: Vec<String> = mapping
        .custom_fields
        .iter()
        .map(|(name, column)| format!("'{name}', {}", quote_value(row, column)))
        .collect();
    let custom = if custom.is_empty() {
        "'{}'::jsonb".to_owned()
    } else {
        format!(
            "jsonb_strip_nulls(jsonb_build_object({}))",
            custom.join(", ")
        )
    };
    // The contact's external code: the CRM's own key unless a column is named for it.
    let external = mapping
        .external_code
        .as_ref()
        .map_or_else(|| col(row, &mapping.id, "text"), |c| col(row, c, "text"));
    format!(
        "INSERT INTO {ours}.crm_companies (id, name) \
         SELECT DISTINCT {company}, 'company ' || {company} {from} \
         ON CONFLICT (id) DO NOTHING; \
         INSERT INTO {ours}.crm_leads (crm_id, company_id, email, name, phone, external_code, \
             custom_fields, deleted_at, updated_at) \
         SELECT {id}, {company}, COALESCE({email}, ''), {name}, {phone}, {external}, {custom}, \
             {deleted}, now() {from} \
         ON CONFLICT (crm_id) WHERE crm_id IS NOT NULL DO UPDATE SET \
             company_id = EXCLUDED.company_id, email = EXCLUDED.email, name = EXCLUDED.name, \
             phone = EXCLUDED.phone, external_code = EXCLUDED.external_code, \
             custom_fields = EXCLUDED.custom_fields, deleted_at = EXCLUDED.deleted_at, \
             updated_at = now();",
        ours = quote(ours),
        company = col(row, &mapping.company, "bigint"),
        email = col(row, &mapping.email, "text"),
        name = optional(row, mapping.name.as_ref(), "text"),
        phone = optional(row, mapping.phone.as_ref(), "text"),
        deleted = optional(row, mapping.deleted_at.as_ref(), "timestamptz"),
    )
}

/// A custom field's value as JSON (numbers stay numbers, text stays text).
fn quote_value(row: &str, column: &str) -> String {
    format!("to_jsonb({row}.{})", quote(column))
}

/// Creates (or replaces) the function and the trigger, with the mapping as the trigger's
/// comment (what `capture check` shows). Run in one transaction.
pub fn install(ours: &str, table: &TableName, mapping: &CaptureMapping) -> Vec<String> {
    let function = function_ref(ours, table);
    let target = table_ref(table);
    let old_id = crm_id(table, mapping, "OLD");
    let new_id = crm_id(table, mapping, "NEW");
    let body = format!(
        "BEGIN \
           IF TG_OP = 'DELETE' THEN \
             DELETE FROM {ours_q}.crm_leads WHERE crm_id = {old_id}; \
             RETURN OLD; \
           END IF; \
           IF TG_OP = 'UPDATE' AND {old_id} IS DISTINCT FROM {new_id} THEN \
             DELETE FROM {ours_q}.crm_leads WHERE crm_id = {old_id}; \
           END IF; \
           {upsert} \
           RETURN NEW; \
         END",
        ours_q = quote(ours),
        upsert = upsert(ours, table, mapping, "NEW", ""),
    );
    let comment = serde_json::to_string(mapping)
        .unwrap_or_default()
        .replace('\'', "''");
    vec![
        format!(
            "CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql \
             AS $dsync$ {body} $dsync$"
        ),
        format!("DROP TRIGGER IF EXISTS {TRIGGER} ON {target}"),
        format!(
            "CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {target} \
             FOR EACH ROW EXECUTE FUNCTION {function}()"
        ),
        format!("COMMENT ON TRIGGER {TRIGGER} ON {target} IS '{comment}'"),
    ]
}

/// Copies every row the table holds now (a first connection), through the same mapping.
pub fn copy_existing(ours: &str, table: &TableName, mapping: &CaptureMapping) -> String {
    upsert(
        ours,
        table,
        mapping,
        "src",
        &format!("FROM {} AS src", table_ref(table)),
    )
}

/// Removes the trigger and its function.
pub fn uninstall(ours: &str, table: &TableName) -> Vec<String> {
    vec![
        format!("DROP TRIGGER IF EXISTS {TRIGGER} ON {}", table_ref(table)),
        format!("DROP FUNCTION IF EXISTS {}()", function_ref(ours, table)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> CaptureMapping {
        CaptureMapping::from_pairs(
            &[
                "id=dwu_id".into(),
                "company=dwu_company_id".into(),
                "email=dwu_email".into(),
            ],
            &["segment=dwu_segment".into()],
        )
        .unwrap()
    }

    #[test]
    fn every_name_is_quoted_and_our_tables_are_named_with_our_schema() {
        let table = TableName::parse("crm.crm_leads").unwrap();
        let sql = install("dinamize_sync", &table, &mapping()).join(";\n");
        assert!(sql.contains("ON \"crm\".\"crm_leads\""));
        assert!(sql.contains("\"dinamize_sync\".crm_leads"));
        assert!(sql.contains("(NEW.\"dwu_company_id\")::bigint"));
        assert!(sql.contains("'segment', to_jsonb(NEW.\"dwu_segment\")"));
        assert!(
            !sql.contains("NEW.dwu_"),
            "an unquoted column slipped through"
        );
    }
}
