// Canonical text for expressions and names. Parentheses are added only where precedence needs
// them; names get backticks only when they must; strings use double quotes with escapes.
import type { BinaryOp, Expr, FieldRef } from './ast';
import { canonicalFunctionName } from './functions';
import { printInlineQuery } from './printer';
import { isBareName, isBareSegment } from './tokens';

// Binding strength, loosest first; must mirror parse-expr.ts.
const OR = 1;
const AND = 2;
const NOT = 3;
const CMP = 4;
const ADD = 5;
const MUL = 6;
const NEG = 7;
const POW = 8;
const ATOM = 9;

function binaryPrec(op: BinaryOp): number {
  switch (op) {
    case 'or':
      return OR;
    case 'and':
      return AND;
    case '+':
    case '-':
      return ADD;
    case '*':
    case '/':
    case '%':
      return MUL;
    case '^':
      return POW;
    default:
      return CMP;
  }
}

export function printExpr(e: Expr, minPrec = 0): string {
  const [text, prec] = render(e);
  return prec < minPrec ? `(${text})` : text;
}

function render(e: Expr): [string, number] {
  switch (e.kind) {
    case 'string':
      return [quote(e.value), ATOM];
    case 'number':
      return [formatNumber(e.value), isNegative(e.value) ? NEG : ATOM];
    case 'duration':
      return [`${formatNumber(e.value)}${e.unit}`, isNegative(e.value) ? NEG : ATOM];
    case 'boolean':
      return [e.value ? 'true' : 'false', ATOM];
    case 'regex':
      return [printRegex(e.pattern), ATOM];
    case 'field':
      return [printPath(e.path), ATOM];
    case 'list':
      return [`[${e.items.map((i) => printExpr(i)).join(', ')}]`, ATOM];
    case 'star':
      return ['*', ATOM];
    case 'call':
      return [`${e.name}(${e.args.map((a) => printExpr(a)).join(', ')})`, ATOM];
    case 'member': {
      // `(5).x`: a bare `5.0` would read back as a decimal number.
      const obj = e.object.kind === 'number' ? `(${printExpr(e.object)})` : printExpr(e.object, ATOM);
      return [`${obj}.${printSegment(e.name)}`, ATOM];
    }
    case 'index':
      return [`${printExpr(e.object, ATOM)}[${printExpr(e.index)}]`, ATOM];
    case 'unary':
      return e.op === 'not' ? [`not ${printExpr(e.operand, NOT)}`, NOT] : [`-${printExpr(e.operand, NEG)}`, NEG];
    case 'binary': {
      const p = binaryPrec(e.op);
      // `^` is right-associative and its exponent may carry a sign: 2 ^ -1, 2 ^ 3 ^ 2.
      if (e.op === '^') return [`${printExpr(e.left, ATOM)} ^ ${printExpr(e.right, NEG)}`, POW];
      return [`${printExpr(e.left, p)} ${e.op} ${printExpr(e.right, p + 1)}`, p];
    }
    case 'subquery':
      return [`(${printInlineQuery(e.query)})`, ATOM];
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}

function isNegative(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

export function formatNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** Double-quoted string with \\ \" \n \r \t escapes (single quotes on request, for SOURCE). */
export function quote(value: string, q: '"' | "'" = '"'): string {
  let out = '';
  for (const ch of value) {
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return `${q}${out}${q}`;
}

// Parsed patterns never hold an unescaped `/` or a line break; hand-built ones might.
function printRegex(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      out += ch + pattern[++i];
    } else if (ch === '/') out += '\\/';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }
  return `/${out}/`;
}

function backtick(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** First segment of a field or a whole name: bare, `` @`…` `` or `` `…` ``. */
function printFirstSegment(seg: string): string {
  if (isBareName(seg)) return seg;
  // The docs put the @ of system fields outside the backticks: @`aws.tag.k:v`.
  if (seg.length > 1 && seg[0] === '@') return `@${backtick(seg.slice(1))}`;
  return backtick(seg);
}

export function printSegment(seg: string): string {
  return isBareSegment(seg) ? seg : backtick(seg);
}

export function printPath(path: string[]): string {
  return path.map((seg, i) => (i === 0 ? printFirstSegment(seg) : printSegment(seg))).join('.');
}

export function printField(f: FieldRef): string {
  return printPath(f.path);
}

/** A plain name (alias, table name): `a.b` stays bare when every part may be bare. */
export function printName(name: string): string {
  const parts = name.split('.');
  if (isBareName(parts[0]) && parts.slice(1).every(isBareSegment)) return name;
  return printFirstSegment(name);
}

// A run between stars lexes back to itself as names and dots; only after a star may it begin
// with a dot (the item itself has to start with a name or a star).
const WILDCARD_RUN_FIRST = /^[\p{L}_@][\p{L}\p{N}_@]*(?:\.[\p{L}\p{N}_@]*)*$/u;
const WILDCARD_RUN_NEXT = /^(?:[\p{L}_@][\p{L}\p{N}_@]*)?(?:\.[\p{L}\p{N}_@]*)*$/u;

/** `cpu*`, `` `x-y`* ``: each run between stars is bare when it lexes back to itself. */
export function printWildcard(pattern: string): string {
  return pattern
    .split('*')
    .map((run, i) => (run === '' || (i === 0 ? WILDCARD_RUN_FIRST : WILDCARD_RUN_NEXT).test(run) ? run : backtick(run)))
    .join('*');
}

/** Does the printed expression end in a bare name that `(` would turn into a call? */
export function endsInFunctionName(e: Expr): boolean {
  let cur = e;
  for (;;) {
    if (cur.kind === 'binary') cur = cur.right;
    else if (cur.kind === 'unary') cur = cur.operand;
    else return cur.kind === 'field' && cur.path.length === 1 && isBareName(cur.path[0]) &&
      canonicalFunctionName(cur.path[0]) !== undefined;
  }
}
