// Date and time functions (reference §5.2). Times are epoch milliseconds throughout; functions
// that return a timestamp mark the value so results print it as `YYYY-MM-DD HH:MM:SS.mmm`.
import type { DurationLit, Expr } from '@/lib/query';
import { invalid } from './errors';
import type { Clock } from './expr';
import { arity, literalString, num, str, type FnImpl } from './fn-types';
import { constNum, resolveField } from './scope';
import { int } from './sql';
import { readsNum, text, type Val } from './values';

const FIXED_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const MONTHS: Record<string, number> = { mo: 1, q: 3, y: 12 };
/** 1970-01-05 was a Monday, 1970-01-04 a Sunday: week bins count from there. */
const WEEK_ORIGIN = { monday: 4 * 86_400_000, sunday: 3 * 86_400_000 };

export function periodOf(e: Expr, what: string): DurationLit {
  if (e.kind !== 'duration' || e.value <= 0) throw invalid(`${what} needs a positive time period such as 5m, 1h or 1w`, e.span);
  return e;
}

/** Fixed-length period in ms, or undefined for calendar units (months, quarters, years). */
export function fixedPeriodMs(p: DurationLit): number | undefined {
  const unit = FIXED_MS[p.unit];
  return unit === undefined ? undefined : Math.round(p.value * unit);
}

/**
 * The start of the period holding time `t` (SQL, epoch ms). Fixed units count from the epoch (weeks
 * from a Monday, or Sunday); months, quarters and years follow the UTC calendar.
 */
export function floorTime(t: string, p: DurationLit, clock: Clock): string {
  const fixed = fixedPeriodMs(p);
  if (fixed !== undefined) {
    const origin = p.unit === 'w' ? WEEK_ORIGIN[clock.weekStart] : 0;
    const o = int(origin);
    const size = int(fixed);
    return `(${t} - (((${t} - ${o}) % ${size}) + ${size}) % ${size})`;
  }
  const months = Math.round(p.value * (MONTHS[p.unit] ?? Number.NaN));
  if (!Number.isSafeInteger(months) || months <= 0) throw invalid(`bad calendar period ${p.value}${p.unit}`, p.span);
  const ts = `epoch_ms(TRY_CAST(${t} AS BIGINT))`;
  const index = `(year(${ts}) * 12 + month(${ts}) - 1)`;
  const start = `(${index} - ${index} % ${months})`;
  // try(): a time far outside the calendar's range gives null rather than failing the query.
  return `try(epoch_ms(make_timestamp(CAST(${start} // 12 AS BIGINT), CAST(${start} % 12 + 1 AS BIGINT), 1, 0, 0, 0)))`;
}

/** The end of the period (its next start) unless `t` is already on a boundary. */
function ceilTime(t: string, p: DurationLit, clock: Clock): string {
  const f = floorTime(t, p, clock);
  const fixed = fixedPeriodMs(p);
  const next = fixed !== undefined
    ? `(${f} + ${int(fixed)})`
    : `try(epoch_ms(epoch_ms(TRY_CAST(${f} AS BIGINT)) + to_months(${int(Math.round(p.value * (MONTHS[p.unit] ?? 1)))})))`;
  return `CASE WHEN ${f} = ${t} THEN ${t} ELSE ${next} END`;
}

const time = (sql: string): Val => ({ sql, t: 'num', time: true });

/** The query's @timestamp; bin() "always implicitly uses the @timestamp field". */
export function timestampOf(env: Parameters<FnImpl>[2], span?: Expr['span']): Val {
  if (!env.scope.event && !env.scope.defined.has('@timestamp')) {
    throw invalid('bin() uses @timestamp, which is not available after stats: keep it in the first stats ' +
      '(max(@timestamp) as @t) and use dateceil(@t, 5m) or datefloor(@t, 5m)', span);
  }
  return resolveField(['@timestamp'], env.scope, env.params, span);
}

/** Java DateTimeFormatter pattern letters (by letter and run length) → strptime directives. */
const JAVA_DIRECTIVES: Record<string, string> = {
  yyyy: '%Y', uuuu: '%Y', yy: '%y', MMMM: '%B', MMM: '%b', MM: '%m', M: '%-m', dd: '%d', d: '%-d',
  HH: '%H', H: '%-H', hh: '%I', mm: '%M', ss: '%S', SSS: '%g', SSSSSS: '%f', a: '%p', EEEE: '%A', EEE: '%a',
  XXX: '%z', XX: '%z', X: '%z', Z: '%z', xxx: '%z',
};

function javaToStrptime(fmt: string, span?: Expr['span']): string {
  let out = '';
  for (let i = 0; i < fmt.length;) {
    const ch = fmt[i];
    if (ch === "'") {
      const close = fmt.indexOf("'", i + 1);
      const lit = close === -1 ? fmt.slice(i + 1) : fmt.slice(i + 1, close);
      out += lit.replace(/%/g, '%%');
      i = close === -1 ? fmt.length : close + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (j < fmt.length && fmt[j] === ch) j++;
      const run = fmt.slice(i, j);
      const d = JAVA_DIRECTIVES[run];
      if (!d) throw invalid(`parseDate() does not support the pattern letters ${JSON.stringify(run)}`, span);
      out += d;
      i = j;
    } else {
      out += ch === '%' ? '%%' : ch;
      i++;
    }
  }
  return out;
}

export const TIME_FUNCTIONS: Record<string, FnImpl> = {
  bin: (args, _c, env, call) => {
    arity(call, 1);
    return time(floorTime(timestampOf(env, call.span).sql, periodOf(args[0], 'bin()'), env.clock));
  },
  datefloor: (args, c, env, call) => {
    arity(call, 2);
    return time(floorTime(readsNum(c(args[0])), periodOf(args[1], 'datefloor()'), env.clock));
  },
  dateceil: (args, c, env, call) => {
    arity(call, 2);
    return time(ceilTime(readsNum(c(args[0])), periodOf(args[1], 'dateceil()'), env.clock));
  },
  fromMillis: (args, c, _env, call) => {
    arity(call, 1);
    return time(readsNum(c(args[0])));
  },
  toMillis: (args, c, _env, call) => {
    arity(call, 1);
    return num(readsNum(c(args[0])));
  },
  // "the time that the query processing was started, in epoch seconds"
  now: (_args, _c, env, call) => {
    arity(call, 0);
    return constNum(Math.floor(env.clock.now / 1000));
  },
  parseDate: (args, c, env, call) => {
    arity(call, 2, 3);
    const fmt = javaToStrptime(literalString(args[1], 'parseDate() format'), args[1].span);
    const parsed = `try_strptime(${text(c(args[0]))}, ${env.params.str(fmt)})`;
    if (fmt.includes('%z') || args.length === 2) return num(`epoch_ms(${parsed})`);
    return num(`epoch_ms(timezone(${env.params.str(literalString(args[2], 'parseDate() time zone'))}, ${parsed}))`);
  },
  formatDate: formatDate(),
  strftime: formatDate(),
};

function formatDate(): FnImpl {
  return (args, c, env, call) => {
    arity(call, 2, 3);
    const t = readsNum(c(args[0]));
    const fmt = env.params.str(literalString(args[1], `${call.name}() format`));
    if (args.length === 2) return str(`try(strftime(epoch_ms(TRY_CAST(${t} AS BIGINT)), ${fmt}))`);
    const tz = env.params.str(literalString(args[2], `${call.name}() time zone`));
    return str(`try(strftime(timezone(${tz}, to_timestamp(${t} / 1000)), ${fmt}))`);
  };
}
