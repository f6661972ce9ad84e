import { route } from '@/server/auth/route';
import { listParams, stormView } from '@/server/alerts/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** Active storms (live figures) then past ones, and the guard's counters since the process started. */
export const GET = route('GET /api/alerts/storms', async (req) => {
  const s = await getServices();
  const p = listParams.parse(Object.fromEntries(new URL(req.url).searchParams));
  const base = s.config.alerts.publicUrl ?? process.env.NEXTAUTH_URL ?? `http://localhost:${s.config.port}`;
  const storms = (await s.stormGuard.list(p.limit)).map((r) => stormView(r, base));
  return Response.json({ storms, totals: s.stormGuard.totals(), settings: { threshold: s.config.storm.threshold, perSource: s.config.storm.perSource, keepPerSecond: s.config.storm.keepPerSecond } });
});
