// Every scalar function of the reference, by its documented spelling (the parser canonicalizes
// names). Aggregates and time-series functions are compiled by stats (aggregates.ts).
import { GENERAL_FUNCTIONS } from './fn-general';
import { IP_FUNCTIONS } from './fn-ip';
import { STRING_FUNCTIONS } from './fn-string';
import { TIME_FUNCTIONS } from './fn-time';
import type { FnImpl } from './fn-types';

export const FUNCTIONS: Readonly<Record<string, FnImpl>> = {
  ...STRING_FUNCTIONS,
  ...GENERAL_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...IP_FUNCTIONS,
};
