import type { SavedQueryInput } from './saved-queries';

/** The team library a new install starts with: questions the demo data can answer at once. */
export const STARTER_QUERIES: readonly SavedQueryInput[] = [
  {
    name: 'Error rate by route',
    folder: 'API health',
    tags: ['api', 'errors'],
    description: 'Requests, 5xx responses and the error percentage per API route, worst first.',
    ql: 'filter @log = "api"\n| stats count(*) as requests, sum(if(status >= 500, 1, 0)) as errors, 100 * sum(if(status >= 500, 1, 0)) / count(*) as error_pct by route\n| sort error_pct desc',
  },
  {
    name: 'Slowest endpoints (p95)',
    folder: 'API health',
    tags: ['api', 'latency'],
    description: 'The 95th-percentile and average duration per route.',
    ql: 'filter @log = "api"\n| stats pct(duration_ms, 95) as p95_ms, avg(duration_ms) as avg_ms, count(*) as requests by route\n| sort p95_ms desc\n| limit 10',
  },
  {
    name: 'Client errors by page',
    folder: 'Clients',
    tags: ['web', 'app', 'errors'],
    description: 'Errors logged by the web and mobile clients, per page or screen.',
    ql: 'filter @log in ["web", "app"] and level = "error"\n| stats count(*) as errors by @log, page\n| sort errors desc',
  },
  {
    name: 'Feature adoption per week',
    folder: 'Product',
    tags: ['usage', 'features'],
    description: 'How often each feature is used, per week (weeks start Monday).',
    ql: 'filter event = "feature_used"\n| stats count(*) as uses by feature, bin(1w) as week\n| sort week asc',
  },
  {
    name: 'Unique users per week',
    folder: 'Product',
    tags: ['usage', 'users'],
    description: 'Distinct signed-in users seen in any source, per week.',
    ql: 'filter ispresent(user.id)\n| stats count_distinct(user.id) as users by bin(1w) as week\n| sort week asc',
  },
  {
    name: 'Top storm suspects by fingerprint',
    folder: 'Reliability',
    tags: ['storms', 'noise'],
    description: 'The message templates logged most often, with how many sessions logged them: one session with a huge count is a client stuck in a loop.',
    ql: 'stats count(*) as events, count_distinct(session.id) as sessions by @fingerprint, @log, level\n| sort events desc\n| limit 20',
  },
];
