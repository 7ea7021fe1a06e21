-- The attempt log is history: a line keeps the ids of the job and the sync row it was written
-- for, and outlives both (retention deletes finished jobs after an hour, the log after
-- `SYNC_LOG_RETENTION_DAYS`). So those two ids are no longer foreign keys. As keys they cost
-- each line two checks at insert, each one a `FOR KEY SHARE` lock on a row the same statement
-- had just updated: `bench noop` c5 1 693 -> 2 160 jobs/s, c50 5 772 -> 6 731 (medians of 3
-- interleaved runs each). Their `ON DELETE SET NULL` only erased which job a line was about.
-- The company stays a foreign key: deleting a company still deletes its log.
ALTER TABLE crm_sync_logs DROP CONSTRAINT crm_sync_logs_queue_id_fkey;
ALTER TABLE crm_sync_logs DROP CONSTRAINT crm_sync_logs_lead_sync_id_fkey;
