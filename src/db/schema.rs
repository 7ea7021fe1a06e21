//! The tables of `migrations/` as diesel sees them.
// @generated shape: kept identical to what `diesel print-schema` prints for migrations/
// (a test compares every table and column with the migrated database).

diesel::table! {
    crm_auth_tokens (id) {
        id -> Int8,
        company_id -> Int8,
        token_encrypted -> Text,
        key_id -> Text,
        obtained_at -> Timestamptz,
        last_used_at -> Timestamptz,
        expires_at -> Timestamptz,
        active -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    crm_companies (id) {
        id -> Int8,
        name -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    crm_dinamize_accounts (id) {
        id -> Int8,
        company_id -> Int8,
        api_user -> Text,
        password_encrypted -> Text,
        client_code -> Text,
        default_list_code -> Nullable<Text>,
        requests_per_minute -> Int4,
        active -> Bool,
        misconfigured_at -> Nullable<Timestamptz>,
        misconfigured_reason -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        field_mapping -> Jsonb,
    }
}

diesel::table! {
    crm_lead_sync (id) {
        id -> Int8,
        company_id -> Int8,
        lead_id -> Int8,
        list_code -> Nullable<Text>,
        contact_code -> Nullable<Text>,
        status -> Text,
        last_sync_at -> Nullable<Timestamptz>,
        last_successful_sync_at -> Nullable<Timestamptz>,
        synced_fingerprint -> Nullable<Text>,
        error_count -> Int4,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        last_email -> Nullable<Text>,
        backfill_run -> Nullable<Int8>,
        backfill_email -> Nullable<Text>,
        backfill_fingerprint -> Nullable<Text>,
    }
}

diesel::table! {
    crm_leads (id) {
        id -> Int8,
        company_id -> Int8,
        name -> Nullable<Text>,
        email -> Text,
        phone -> Nullable<Text>,
        external_code -> Nullable<Text>,
        custom_fields -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
        crm_id -> Nullable<Text>,
    }
}

diesel::table! {
    crm_sync_logs (id) {
        id -> Int8,
        company_id -> Int8,
        queue_id -> Nullable<Int8>,
        lead_sync_id -> Nullable<Int8>,
        attempt -> Int4,
        success -> Bool,
        response_code -> Nullable<Text>,
        detail -> Nullable<Text>,
        category -> Nullable<Text>,
        retry_after_secs -> Nullable<Int4>,
        duration_ms -> Int4,
        request_unique -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    crm_sync_queue (id) {
        id -> Int8,
        company_id -> Int8,
        lead_sync_id -> Int8,
        operation -> Text,
        status -> Text,
        attempts -> Int4,
        max_attempts -> Int4,
        next_attempt_at -> Timestamptz,
        lease_until -> Nullable<Timestamptz>,
        fence -> Int8,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        started_at -> Nullable<Timestamptz>,
        completed_at -> Nullable<Timestamptz>,
        lead_id -> Int8,
        priority -> Int2,
        rerun -> Bool,
        run_id -> Nullable<Int8>,
    }
}

diesel::table! {
    crm_sync_runs (id) {
        id -> Int8,
        company_id -> Int8,
        mode -> Text,
        dry_run -> Bool,
        status -> Text,
        started_by -> Text,
        total -> Int4,
        done -> Int4,
        failed -> Int4,
        would_create -> Nullable<Int4>,
        would_update -> Nullable<Int4>,
        would_delete -> Nullable<Int4>,
        unchanged -> Nullable<Int4>,
        invalid -> Nullable<Int4>,
        invalid_leads -> Jsonb,
        started_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        phase -> Nullable<Text>,
        imports_total -> Int4,
        imports_done -> Int4,
        import_code -> Nullable<Text>,
        import_through -> Nullable<Int8>,
        exported_through -> Int8,
        lease_until -> Nullable<Timestamptz>,
        error -> Nullable<Text>,
    }
}

diesel::table! {
    crm_sync_schedule (company_id, kind) {
        company_id -> Int8,
        kind -> Text,
        next_run_at -> Timestamptz,
    }
}

diesel::joinable!(crm_auth_tokens -> crm_companies (company_id));
diesel::joinable!(crm_dinamize_accounts -> crm_companies (company_id));
diesel::joinable!(crm_lead_sync -> crm_companies (company_id));
diesel::joinable!(crm_lead_sync -> crm_leads (lead_id));
diesel::joinable!(crm_leads -> crm_companies (company_id));
diesel::joinable!(crm_sync_logs -> crm_companies (company_id));
diesel::joinable!(crm_sync_queue -> crm_companies (company_id));
diesel::joinable!(crm_sync_queue -> crm_lead_sync (lead_sync_id));
diesel::joinable!(crm_sync_queue -> crm_sync_runs (run_id));
diesel::joinable!(crm_sync_runs -> crm_companies (company_id));
diesel::joinable!(crm_sync_schedule -> crm_companies (company_id));

diesel::allow_tables_to_appear_in_same_query!(
    crm_auth_tokens,
    crm_companies,
    crm_dinamize_accounts,
    crm_lead_sync,
    crm_leads,
    crm_sync_logs,
    crm_sync_queue,
    crm_sync_runs,
    crm_sync_schedule,
);
