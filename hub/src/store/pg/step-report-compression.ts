/**
 * PostgreSQL step 4: stored reports' bodies are compressed with LZ4 instead of the default pglz,
 * several times quicker for the tens of megabytes of an all-sites weekly report. A server built
 * without LZ4 keeps pglz (the step then changes nothing).
 */
export const PG_STEP_REPORT_COMPRESSION = `
DO $$
BEGIN
  ALTER TABLE reports ALTER COLUMN body SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  RAISE NOTICE 'LZ4 is not available on this server: report bodies stay compressed with pglz';
END $$;`;
