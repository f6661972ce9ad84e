// Functions the JS predicate evaluates (SEMANTICS.md "Functions in filters"): the string and
// numeric functions, ispresent, coalesce and the IP tests. Each mirrors its SQL twin in
// server/store/duckdb/query/fn-*.ts, null handling included.
import { IP_FUNCTIONS } from './predicate-ip';
import { arity, type FnCompiler, numOf, textOf } from './predicate-node';
import {
  codePointLength, duckSubstring, lower, roundHalfAway, roundTo, trimChars, trimSpace, truthy, upper, type Value,
} from './predicate-values';

export { type Eval, type Node, PredicateError } from './predicate-node';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function numeric1(f: (x: number) => number | null): FnCompiler {
  return (args, c, call) => {
    arity(call, 1);
    const x = numOf(c(args[0]));
    return (e) => {
      const v = x(e);
      return v === null ? null : f(v);
    };
  };
}

function extreme(pick: (a: number, b: number) => number): FnCompiler {
  return (args, c, call) => {
    arity(call, 1, Infinity);
    const xs = args.map((a) => numOf(c(a)));
    return (e) => {
      let best: number | null = null;
      for (const x of xs) {
        const v = x(e);
        if (v !== null) best = best === null ? v : pick(best, v);
      }
      return best;
    };
  };
}

function text1(f: (s: string) => Value): FnCompiler {
  return (args, c, call) => {
    arity(call, 1);
    const s = textOf(c(args[0]));
    return (e) => {
      const v = s(e);
      return v === null ? null : f(v);
    };
  };
}

function trimFn(side: 'l' | 'r' | 'both'): FnCompiler {
  return (args, c, call) => {
    arity(call, 1, 2);
    const s = textOf(c(args[0]));
    if (args.length === 1) {
      return (e) => {
        const v = s(e);
        return v === null ? null : trimSpace(v, side);
      };
    }
    const chars = textOf(c(args[1]));
    return (e) => {
      const v = s(e);
      const t = chars(e);
      return v === null || t === null ? null : trimChars(v, t, side);
    };
  };
}

function affix(test: (s: string, v: string) => boolean): FnCompiler {
  return (args, c, call) => {
    arity(call, 2);
    const s = textOf(c(args[0]));
    const v = textOf(c(args[1]));
    return (e) => {
      const a = s(e);
      const b = v(e);
      return a === null || b === null ? null : test(a, b) ? 1 : 0;
    };
  };
}

const radians = (d: number): number => (d * Math.PI) / 180;

export const PREDICATE_FUNCTIONS: Readonly<Record<string, FnCompiler>> = {
  // general
  ispresent: (args, c, call) => {
    arity(call, 1);
    const f = c(args[0]).f;
    return (e) => f(e) !== null;
  },
  coalesce: (args, c, call) => {
    arity(call, 1, Infinity);
    const fs = args.map((a) => c(a).f);
    return (e) => {
      for (const f of fs) {
        const v = f(e);
        if (v !== null) return v;
      }
      return null;
    };
  },

  // numeric
  abs: numeric1(Math.abs),
  ceil: numeric1(Math.ceil),
  floor: numeric1(Math.floor),
  sqrt: numeric1((x) => (x >= 0 ? Math.sqrt(x) : null)),
  log: numeric1((x) => (x > 0 ? Math.log(x) : null)),
  greatest: extreme(Math.max),
  least: extreme(Math.min),
  round: (args, c, call) => {
    arity(call, 1, 2);
    const x = numOf(c(args[0]));
    if (args.length === 1) {
      return (e) => {
        const v = x(e);
        return v === null ? null : roundHalfAway(v);
      };
    }
    const d = numOf(c(args[1]));
    return (e) => {
      const v = x(e);
      const digits = d(e);
      return v === null || digits === null ? null : finite(roundTo(v, Math.trunc(digits)));
    };
  },
  haversine: (args, c, call) => {
    arity(call, 4);
    const [lat1, lon1, lat2, lon2] = args.map((a) => numOf(c(a)));
    return (e) => {
      const a1 = lat1(e);
      const o1 = lon1(e);
      const a2 = lat2(e);
      const o2 = lon2(e);
      if (a1 === null || o1 === null || a2 === null || o2 === null) return null;
      const [p1, q1, p2, q2] = [radians(a1), radians(o1), radians(a2), radians(o2)];
      const h = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin((q2 - q1) / 2) ** 2;
      return finite(2 * 6371 * Math.asin(Math.sqrt(h)));
    };
  },
  toNumber: numeric1((x) => x),
  toDouble: numeric1((x) => x),
  toInt: numeric1((x) => (x >= -2147483648 && x <= 2147483647 ? Math.trunc(x) : null)),
  toLong: numeric1((x) => (x >= -9223372036854775808 && x <= 9223372036854775807 ? Math.trunc(x) : null)),

  // string
  isempty: (args, c, call) => {
    arity(call, 1);
    const s = textOf(c(args[0]));
    return (e) => {
      const v = s(e);
      return v === null || v === '' ? 1 : 0;
    };
  },
  isblank: (args, c, call) => {
    arity(call, 1);
    const s = textOf(c(args[0]));
    return (e) => {
      const v = s(e);
      return v === null || trimSpace(v, 'l') === '' ? 1 : 0;
    };
  },
  concat: (args, c, call) => {
    arity(call, 1, Infinity);
    const parts = args.map((a) => textOf(c(a)));
    return (e) => {
      let out = '';
      for (const p of parts) out += p(e) ?? '';
      return out;
    };
  },
  ltrim: trimFn('l'),
  rtrim: trimFn('r'),
  trim: trimFn('both'),
  strlen: text1(codePointLength),
  toupper: text1(upper),
  tolower: text1(lower),
  substr: (args, c, call) => {
    arity(call, 2, 3);
    const s = textOf(c(args[0]));
    const start = numOf(c(args[1]));
    const len = args.length === 3 ? numOf(c(args[2])) : null;
    return (e) => {
      const v = s(e);
      const st = start(e);
      if (v === null || st === null) return null;
      let n = Number.MAX_SAFE_INTEGER;
      if (len) {
        const l = len(e);
        if (l === null) return null;
        n = Math.max(Math.trunc(l), 0);
      }
      return duckSubstring(v, Math.trunc(st) + 1, n);
    };
  },
  replace: (args, c, call) => {
    arity(call, 3);
    const [s, from, to] = args.map((a) => textOf(c(a)));
    return (e) => {
      const v = s(e);
      const a = from(e);
      const b = to(e);
      if (v === null || a === null || b === null) return null;
      return a === '' ? v : v.split(a).join(b);
    };
  },
  strcontains: (args, c, call) => {
    arity(call, 2, 3);
    const s = textOf(c(args[0]));
    const v = textOf(c(args[1]));
    const ci = args.length === 3 ? c(args[2]).f : null;
    return (e) => {
      const a = s(e);
      const b = v(e);
      if (a === null || b === null) return null;
      if (ci && truthy(ci(e)) === true) return lower(a).includes(lower(b)) ? 1 : 0;
      return a.includes(b) ? 1 : 0;
    };
  },
  startsWith: affix((s, v) => s.startsWith(v)),
  endsWith: affix((s, v) => s.endsWith(v)),

  ...IP_FUNCTIONS,
};

/** Names, for the message that refuses any other function. */
export const PREDICATE_FUNCTION_NAMES: readonly string[] = Object.keys(PREDICATE_FUNCTIONS);

