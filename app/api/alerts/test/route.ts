import { jsonBody, route } from '@/server/auth/route';
import { testInput } from '@/server/alerts/http';
import { getRule } from '@/server/alerts/rules-service';
import { checkWebhookUrl } from '@/lib/alerts/webhook-url';
import { ServiceError } from '@/server/meta/errors';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Sends a test message now, to a URL typed in the form or to a rule's stored webhook, and says how it went. */
export const POST = route('POST /api/alerts/test', async (req, { user }) => {
  const s = await getServices();
  const body = testInput.parse(await jsonBody(req));
  const rule = body.ruleId ? await getRule(s.meta, body.ruleId) : null;
  let url = rule?.webhookUrl ?? '';
  if (body.webhookUrl?.trim()) {
    const checked = checkWebhookUrl(body.webhookUrl, { allowedHosts: s.config.alerts.allowedHosts, allowLoopbackHttp: s.config.alerts.allowLoopbackHttp });
    if (!checked.ok) throw new ServiceError(400, `webhookUrl: ${checked.error}`);
    url = checked.url;
  }
  const outcome = await s.alerts.sendTest(url, { id: rule?.id ?? null, name: body.ruleName?.trim() || rule?.name || null }, user!.email);
  return Response.json({ delivery: outcome });
});
