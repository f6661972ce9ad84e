'use client';

import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { QueryError } from '@/lib/query';
import { completions, highlightTokens, TOKEN_CLASS } from './ql-highlight';

/**
 * The QL editor: a textarea over a coloured copy of its text, with the parser's error underlined
 * in place, completions for commands, functions and fields, and Ctrl/Cmd+Enter to run.
 */
export function QlEditor({ value, onChange, onRun, error, fields }: {
  value: string;
  onChange: (text: string) => void;
  onRun: () => void;
  error: QueryError | null;
  fields: readonly string[];
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const overlay = useRef<HTMLPreElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const suggestions = useMemo(() => (dismissed ? { prefix: '', items: [] } : completions(value, caret, fields)), [value, caret, fields, dismissed]);

  function accept(word: string) {
    const start = caret - suggestions.prefix.length;
    const next = value.slice(0, start) + word + value.slice(caret);
    onChange(next);
    const at = start + word.length;
    requestAnimationFrame(() => {
      area.current?.setSelectionRange(at, at);
      setCaret(at);
    });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      onRun();
      return;
    }
    if (suggestions.items.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : suggestions.items.length - 1)) % suggestions.items.length);
    } else if (e.key === 'Tab' || (e.key === 'Enter' && !e.shiftKey)) {
      e.preventDefault();
      accept(suggestions.items[Math.min(active, suggestions.items.length - 1)]);
    } else if (e.key === 'Escape') {
      setDismissed(true);
    }
  }

  const tokens = highlightTokens(value);
  const errStart = error ? Math.min(error.offset, value.length) : -1;
  const errEnd = error ? Math.max(error.end, errStart + 1) : -1;

  return (
    <div className="relative">
      <div className="relative rounded border border-slate-300 bg-white focus-within:border-indigo-500 focus-within:ring-2 focus-within:ring-indigo-200">
        <pre ref={overlay} aria-hidden className="pointer-events-none absolute inset-0 m-0 overflow-hidden px-3 py-2 font-mono text-[13px] leading-5 break-words whitespace-pre-wrap">
          {tokens.map((t) => {
            const inError = errStart >= 0 && t.start < errEnd && t.start + t.text.length > errStart;
            return (
              <span key={t.start} className={`${TOKEN_CLASS[t.kind]} ${inError ? 'underline decoration-red-500 decoration-wavy' : ''}`}>
                {t.text}
              </span>
            );
          })}
          {errStart >= value.length && <span className="underline decoration-red-500 decoration-wavy">{'  '}</span>}
          {'\n'}
        </pre>
        <textarea
          ref={area}
          aria-label="Query (Logs Insights QL)"
          spellCheck={false}
          value={value}
          rows={Math.min(12, Math.max(3, value.split('\n').length + 1))}
          onChange={(e) => {
            setDismissed(false);
            setActive(0);
            setCaret(e.target.selectionStart);
            onChange(e.target.value);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onScroll={(e) => overlay.current && (overlay.current.scrollTop = e.currentTarget.scrollTop)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setDismissed(true), 150)}
          className="relative block w-full resize-y bg-transparent px-3 py-2 font-mono text-[13px] leading-5 text-transparent caret-slate-900 outline-none selection:bg-indigo-200"
        />
      </div>
      {suggestions.items.length > 0 && (
        <ul role="listbox" aria-label="Completions" className="absolute z-20 mt-1 max-h-56 w-72 overflow-auto rounded border border-slate-200 bg-white py-1 font-mono text-xs shadow-lg">
          {suggestions.items.map((w, i) => (
            <li key={w} role="option" aria-selected={i === active}>
              <button type="button" onMouseDown={(e) => { e.preventDefault(); accept(w); }} className={`block w-full px-3 py-1 text-left ${i === active ? 'bg-indigo-50 text-indigo-800' : 'text-slate-700'}`}>
                {w}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="status" data-testid="ql-error" className="mt-1 text-xs text-red-700">
          Line {error.line}, column {error.column}: {error.message}
        </p>
      )}
    </div>
  );
}
