import { jsonBody, route } from '@/server/auth/route';
import { getUsageSettings, updateUsageSettings } from '@/server/meta/team-settings';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

export const GET = route('GET /api/usage/settings', async () => {
  const { meta, config } = await getServices();
  return Response.json({ settings: await getUsageSettings(meta, { timeZone: config.timeZone }) });
});

/** The team's definition of a feature use and its time zone (admins). */
export const PUT = route('PUT /api/usage/settings', async (req, { user }) => {
  const { meta } = await getServices();
  return Response.json({ settings: await updateUsageSettings(meta, user!, await jsonBody(req)) });
});
