/**
 * Logline's producer SDK for browsers and Node (no dependencies). See README "Sending logs from
 * your code".
 */
export { createLogger, type Logger, type LoggerStats } from './logger';
export type { Fields, Level, LoggerOptions, UnloadOptions } from './options';
export type { DeliveryProblem, DropCounts, ProblemKind } from './delivery';
export type { RepeatGuardOptions } from './guard';
export type { RetryOptions } from './retry';
export type { ClickOptions } from './browser';
