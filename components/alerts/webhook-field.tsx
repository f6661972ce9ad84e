'use client';

import { Button, Field, Input } from '../ui/primitives';
import { useTestWebhook } from './use-alerts';

/** The Slack webhook, with a button that sends a test message to what is typed (or to the stored one). */
export function WebhookField({ value, onChange, stored, ruleId, ruleName }: { value: string; onChange: (v: string) => void; stored: string | null; ruleId?: string; ruleName: string }) {
  const test = useTestWebhook();
  const canTest = value.trim() !== '' || stored !== null;
  return (
    <div className="space-y-2">
      <Field
        label="Slack webhook URL"
        hint={stored ? `Stored: ${stored}. Leave empty to keep it.` : 'In Slack: Apps → Incoming Webhooks → Add to a channel, then paste the https://hooks.slack.com/services/… URL here.'}
      >
        <Input type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder="https://hooks.slack.com/services/T…/B…/…" value={value} onChange={(e) => onChange(e.target.value)} required={stored === null} />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button disabled={!canTest || test.isPending} onClick={() => test.mutate({ webhookUrl: value.trim() || undefined, ruleId, ruleName: ruleName || undefined })}>
          {test.isPending ? 'Sending…' : 'Send test message'}
        </Button>
        <span role="status" className="text-sm">
          {test.data && (test.data.ok ? <span className="text-emerald-700">Delivered (HTTP {test.data.httpStatus}{test.data.attempts > 1 ? `, after ${test.data.attempts} attempts` : ''}). Check the channel.</span> : <span className="text-red-700">Not delivered: {test.data.error}</span>)}
          {test.error && <span className="text-red-700">{test.error.message}</span>}
        </span>
      </div>
    </div>
  );
}
