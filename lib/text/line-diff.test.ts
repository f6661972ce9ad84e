import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff';

describe('lineDiff', () => {
  it('marks changed lines and keeps the common ones', () => {
    expect(lineDiff('filter a\n| stats count(*)\n| sort x', 'filter a\n| stats count(*) by b\n| sort x')).toEqual([
      { kind: 'same', text: 'filter a' },
      { kind: 'removed', text: '| stats count(*)' },
      { kind: 'added', text: '| stats count(*) by b' },
      { kind: 'same', text: '| sort x' },
    ]);
  });
  it('handles additions at the end and identical texts', () => {
    expect(lineDiff('a', 'a\nb')).toEqual([{ kind: 'same', text: 'a' }, { kind: 'added', text: 'b' }]);
    expect(lineDiff('x\ny', 'x\ny').every((l) => l.kind === 'same')).toBe(true);
  });
});
