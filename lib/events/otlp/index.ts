/** OpenTelemetry (OTLP) logs → Logline events: pure, shared by the HTTP edge and the AWS ingest Lambda. */
export { mapOtlpLogs, severityLevel, type MappedLogs, type OtlpMapOptions } from './map';
export { parseLogsRequest, UndecodableLogRecord, type OtlpLogRecord, type OtlpLogsRequest, type ParsedRequest } from './schema';
export { MAX_RECORD_VALUES } from './values';
