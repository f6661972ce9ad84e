'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { DEFAULT_ERROR_FILTER, DEFAULT_MESSAGES_PER_MINUTE, MEASURE_HELP, type Measure, type RuleInput, type RuleKind } from '@/lib/alerts/rules';
import { queryShape, type QueryShape } from '@/lib/alerts/threshold';
import { parse } from '@/lib/query';
import type { RuleView } from '@/server/alerts/types';
import { useSavedQueries } from '../queries/use-saved-queries';
import { Button, ErrorNote, Field, Input, Select, TextArea } from '../ui/primitives';
import { DurationInput } from './duration-input';
import { KIND_LABEL } from './state-badge';
import { useSaveRule } from './use-alerts';
import { WebhookField } from './webhook-field';

/** Every field of every kind, so switching kinds keeps what was typed. */
interface Values {
  kind: RuleKind;
  name: string;
  enabled: boolean;
  webhookUrl: string;
  maxMessagesPerMinute: number;
  updateEverySeconds: number;
  filter: string;
  sources: string;
  quietSeconds: number;
  resolveAfterSeconds: number;
  savedQueryId: string;
  measure: Measure;
  column: string;
  comparator: 'above' | 'below';
  threshold: string;
  windowSeconds: number;
  n: number;
  m: number;
}

function initialValues(kind: RuleKind, rule?: RuleView): Values {
  const r = rule as (RuleView & Partial<Record<string, unknown>>) | undefined;
  const get = <T,>(key: string, fallback: T): T => (r && r[key] !== undefined && r[key] !== null ? (r[key] as T) : fallback);
  return {
    kind: rule?.kind ?? kind,
    name: rule?.name ?? '',
    enabled: rule?.enabled ?? true,
    webhookUrl: '',
    maxMessagesPerMinute: rule?.maxMessagesPerMinute ?? DEFAULT_MESSAGES_PER_MINUTE,
    updateEverySeconds: rule?.updateEverySeconds ?? (kind === 'storm' ? 300 : 60),
    filter: get('filter', DEFAULT_ERROR_FILTER),
    sources: get<string[]>('sources', []).join(', '),
    quietSeconds: get('quietSeconds', 86_400),
    resolveAfterSeconds: get('resolveAfterSeconds', 300),
    savedQueryId: get('savedQueryId', ''),
    measure: get<Measure>('measure', 'count'),
    column: get('column', ''),
    comparator: get<'above' | 'below'>('comparator', 'above'),
    threshold: String(get('threshold', '')),
    windowSeconds: get('windowSeconds', 300),
    n: get('n', 1),
    m: get('m', 1),
  };
}

function toInput(v: Values): RuleInput {
  const common = { name: v.name, enabled: v.enabled, webhookUrl: v.webhookUrl.trim() || undefined, maxMessagesPerMinute: v.maxMessagesPerMinute, updateEverySeconds: v.updateEverySeconds };
  const sources = v.sources.split(',').map((s) => s.trim()).filter(Boolean);
  if (v.kind === 'fingerprint') return { ...common, kind: 'fingerprint', filter: v.filter, sources, quietSeconds: v.quietSeconds, resolveAfterSeconds: v.resolveAfterSeconds };
  if (v.kind === 'storm') return { ...common, kind: 'storm', sources };
  return { ...common, kind: 'threshold', savedQueryId: v.savedQueryId, measure: v.measure, column: v.column || null, comparator: v.comparator, threshold: Number(v.threshold), windowSeconds: v.windowSeconds, n: v.n, m: v.m, sources };
}

/** Create or edit a rule: a form per kind, the webhook with its test button. */
export function RuleForm({ kind = 'fingerprint', rule }: { kind?: RuleKind; rule?: RuleView }) {
  const router = useRouter();
  const [values, setValues] = useState(() => initialValues(kind, rule));
  const save = useSaveRule(rule?.id);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const saved = await save.mutateAsync(toInput(values));
    router.push(`/alerts/${saved.id}`);
  }

  return (
    <form onSubmit={(e) => void submit(e).catch(() => undefined)} aria-label="Alert rule" className="space-y-6">
      {!rule && (
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-700">What should alert?</legend>
          <div className="grid gap-3 md:grid-cols-3">
            {(Object.keys(KIND_LABEL) as RuleKind[]).map((k) => (
              <label key={k} className={`cursor-pointer rounded-lg border bg-white p-3 text-sm ${values.kind === k ? 'border-indigo-500 ring-2 ring-indigo-200' : 'border-slate-200 hover:border-slate-300'}`}>
                <input type="radio" name="kind" value={k} checked={values.kind === k} onChange={() => set('kind', k)} className="sr-only" />
                <span className="block font-medium text-slate-900">{KIND_LABEL[k]}</span>
                <span className="mt-1 block text-xs text-slate-500">{KIND_HELP[k]}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
          <Field label="Name">
            <Input required maxLength={120} value={values.name} onChange={(e) => set('name', e.target.value)} placeholder={values.kind === 'storm' ? 'Log storms' : 'API errors'} />
          </Field>
          <Field label="Sources" hint="Comma-separated; empty means every source.">
            <Input value={values.sources} onChange={(e) => set('sources', e.target.value)} placeholder="api, web" />
          </Field>
        </div>
        {values.kind === 'fingerprint' && <FingerprintFields values={values} set={set} />}
        {values.kind === 'threshold' && <ThresholdFields values={values} set={set} />}
        {values.kind === 'storm' && <p className="text-sm text-slate-600">The storm guard samples a fingerprint that sends more than its threshold of events a second (LOGLINE_STORM_THRESHOLD, per source with LOGLINE_STORM_THRESHOLDS). This rule posts when a storm starts, while it lasts (at most once per update interval) and when it ends.</p>}
      </section>
      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <WebhookField value={values.webhookUrl} onChange={(v) => set('webhookUrl', v)} stored={rule?.webhook ?? null} ruleId={rule?.id} ruleName={values.name} />
        <div className="grid gap-4 md:grid-cols-3">
          <Field label="At most, messages a minute" hint="Beyond this, messages are counted and summarized in one “N more suppressed” message.">
            <Input type="number" min={1} max={60} value={values.maxMessagesPerMinute} onChange={(e) => set('maxMessagesPerMinute', Number(e.target.value))} />
          </Field>
          <Field label="Follow-up updates at most every" hint="While a burst or storm goes on, an update says how many so far.">
            <DurationInput label="Update interval" seconds={values.updateEverySeconds} onChange={(s) => set('updateEverySeconds', s)} />
          </Field>
          <label className="flex items-center gap-2 self-center text-sm text-slate-700">
            <input type="checkbox" checked={values.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Enabled
          </label>
        </div>
      </section>
      <ErrorNote error={save.error} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {rule ? 'Save changes' : 'Create rule'}
        </Button>
        <Button variant="ghost" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

const KIND_HELP: Record<RuleKind, string> = {
  fingerprint: 'An error never seen before, or one back after a quiet period. One message per burst, then updates and a resolve.',
  threshold: 'A number from a team query (count, average or percentage) above or below a limit in n of the last m windows.',
  storm: 'One client floods the same log line and the storm guard starts sampling it.',
};

type SetValue = <K extends keyof Values>(key: K, value: Values[K]) => void;

function FingerprintFields({ values, set }: { values: Values; set: SetValue }) {
  return (
    <>
      <Field label="Which events (QL filter)" hint="Each distinct message template (fingerprint) among these events is tracked on its own.">
        <TextArea rows={2} spellCheck={false} value={values.filter} onChange={(e) => set('filter', e.target.value)} aria-label="Filter" />
      </Field>
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Alert again after quiet for" hint="A fingerprint silent this long that comes back is a regression.">
          <DurationInput label="Quiet period" seconds={values.quietSeconds} onChange={(s) => set('quietSeconds', s)} />
        </Field>
        <Field label="Resolve after no events for" hint="Then a resolve message says how many events the burst had.">
          <DurationInput label="Resolve delay" seconds={values.resolveAfterSeconds} onChange={(s) => set('resolveAfterSeconds', s)} />
        </Field>
      </div>
    </>
  );
}

function ThresholdFields({ values, set }: { values: Values; set: SetValue }) {
  const library = useSavedQueries('');
  const team = (library.data ?? []).filter((q) => q.visibility === 'team');
  const selected = team.find((q) => q.id === values.savedQueryId);
  const shape = useMemo<QueryShape | null>(() => {
    const p = selected ? parse(selected.ql) : null;
    return p?.ok ? queryShape(p.query) : null;
  }, [selected]);
  const help = MEASURE_HELP[values.measure];
  return (
    <>
      <Field label="Saved query" hint="Team queries only: the rule runs it over each window.">
        <Select required aria-label="Saved query" value={values.savedQueryId} onChange={(e) => set('savedQueryId', e.target.value)}>
          <option value="">Pick a team query…</option>
          {team.map((q) => (
            <option key={q.id} value={q.id}>
              {q.folder ? `${q.folder} / ` : ''}
              {q.name}
            </option>
          ))}
        </Select>
      </Field>
      {selected && <pre className="overflow-x-auto rounded bg-slate-50 px-3 py-2 font-mono text-xs text-slate-700">{selected.ql}</pre>}
      <div className="grid gap-4 md:grid-cols-4">
        <Field label="Measure">
          <Select value={values.measure} onChange={(e) => set('measure', e.target.value as Measure)}>
            <option value="count">count</option>
            <option value="avg">avg</option>
            <option value="pct">pct</option>
          </Select>
        </Field>
        <Field label="Column" hint={shape?.hasStats ? 'Empty: the first aggregate.' : 'Only for stats queries.'}>
          <Select value={values.column} disabled={!shape?.hasStats} onChange={(e) => set('column', e.target.value)}>
            <option value="">{shape?.valueColumns[0] ? `${shape.valueColumns[0]} (first)` : '—'}</option>
            {shape?.valueColumns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Fires when it is">
          <Select value={values.comparator} onChange={(e) => set('comparator', e.target.value === 'below' ? 'below' : 'above')}>
            <option value="above">above</option>
            <option value="below">below</option>
          </Select>
        </Field>
        <Field label="Threshold">
          <Input required type="number" step="any" value={values.threshold} onChange={(e) => set('threshold', e.target.value)} />
        </Field>
      </div>
      <p data-testid="measure-help" className="rounded border border-indigo-100 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
        <strong>{help.label}</strong> reads <Code text={shape ? (shape.hasStats ? help.withStats : help.withoutStats) : `${help.withStats}; without stats, ${help.withoutStats}`} />.
        {shape?.hasStats && ` Groups: ${shape.groupColumns.length ? shape.groupColumns.join(', ') : 'one (no by fields)'}.`}
      </p>
      <div className="grid gap-4 md:grid-cols-3">
        <Field label="Window" hint="The query runs over the last window, once per window.">
          <DurationInput label="Window" min={10} seconds={values.windowSeconds} onChange={(s) => set('windowSeconds', s)} />
        </Field>
        <Field label="Fire after (n)" hint="windows breached…">
          <Input type="number" min={1} max={20} value={values.n} onChange={(e) => set('n', Number(e.target.value))} />
        </Field>
        <Field label="of the last (m)" hint="windows.">
          <Input type="number" min={1} max={20} value={values.m} onChange={(e) => set('m', Number(e.target.value))} />
        </Field>
      </div>
    </>
  );
}

/** Help text with `code` spans. */
function Code({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-white/70 px-1 font-mono text-xs">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
