// Logs Insights QL: the Query AST, its parser and its canonical printer.
export * from './ast';
export type { QueryError } from './errors';
export { parse, parseWithWork, MAX_AST_DEPTH, type ParseResult } from './parser';
export { MAX_NESTING, type ParseWork } from './parser-core';
export { print, printCommand, printInlineQuery } from './printer';
export { printExpr, printPath, printName, quote } from './print-expr';
export { stripSpans, walkExpr, walkQuery, exprChildren, commandExprs, commandSubqueries } from './walk';
export {
  canonicalFunctionName, functionCategory, isStatsFunction, KNOWN_FUNCTIONS, type FunctionCategory,
} from './functions';
export { regexNamedGroups, regexInlineFlags, parseOutputs } from './inspect';
