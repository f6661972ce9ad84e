/**
 * What the demo product ("Classwork", assignments and grading for schools) is made of: api routes,
 * pages and screens, click targets and features. Plain data; the generators pick from it.
 */

/**
 * How a piece of code spells its log fields. The ingest normalizer maps all of them to
 * `level`, `user.id` and `request.id`, which is the point of mixing them here.
 */
export type FieldStyle = 'nested' | 'snake' | 'camel';

export interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  /** At most one `:param`. */
  path: string;
  /** Share of requests per week, index 0 = week -8 … index 8 = the current week. */
  weights: readonly number[];
  medianMs: number;
  sigma: number;
  /** Which logger wrote this route's lines (the older Django apps log snake_case, upper-case levels). */
  style: FieldStyle;
  /** Highest id substituted for the path parameter. */
  maxId: number;
}

const steady = (w: number): readonly number[] => Array.from({ length: 9 }, () => w);

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/api/me', weights: steady(14), medianMs: 35, sigma: 0.4, style: 'camel', maxId: 0 },
  { method: 'GET', path: '/api/notifications', weights: steady(10), medianMs: 45, sigma: 0.5, style: 'camel', maxId: 0 },
  { method: 'POST', path: '/api/auth/login', weights: steady(3), medianMs: 180, sigma: 0.35, style: 'camel', maxId: 0 },
  { method: 'GET', path: '/api/classes', weights: steady(8), medianMs: 60, sigma: 0.5, style: 'nested', maxId: 0 },
  { method: 'GET', path: '/api/classes/:id/roster', weights: steady(4), medianMs: 120, sigma: 0.6, style: 'nested', maxId: 900 },
  { method: 'GET', path: '/api/assignments', weights: steady(12), medianMs: 90, sigma: 0.5, style: 'nested', maxId: 0 },
  { method: 'GET', path: '/api/assignments/:id', weights: steady(14), medianMs: 70, sigma: 0.5, style: 'nested', maxId: 48_000 },
  { method: 'POST', path: '/api/assignments', weights: steady(2), medianMs: 140, sigma: 0.5, style: 'nested', maxId: 0 },
  { method: 'PATCH', path: '/api/assignments/:id', weights: steady(2), medianMs: 110, sigma: 0.5, style: 'nested', maxId: 48_000 },
  { method: 'GET', path: '/api/assignments/:id/submissions', weights: steady(7), medianMs: 160, sigma: 0.6, style: 'nested', maxId: 48_000 },
  { method: 'POST', path: '/api/submissions', weights: steady(5), medianMs: 220, sigma: 0.6, style: 'snake', maxId: 0 },
  { method: 'GET', path: '/api/submissions/:id', weights: steady(6), medianMs: 80, sigma: 0.5, style: 'snake', maxId: 910_000 },
  { method: 'POST', path: '/api/grades', weights: steady(8), medianMs: 130, sigma: 0.5, style: 'snake', maxId: 0 },
  { method: 'GET', path: '/api/gradebook/:classId', weights: steady(6), medianMs: 450, sigma: 0.7, style: 'snake', maxId: 900 },
  { method: 'POST', path: '/api/reports/export', weights: steady(0.6), medianMs: 2400, sigma: 0.6, style: 'snake', maxId: 0 },
  {
    method: 'GET',
    path: '/api/dashboard/assignments',
    weights: [0, 0, 1, 1, 1, 1, 1, 9, 9],
    medianMs: 260,
    sigma: 0.6,
    style: 'nested',
    maxId: 0,
  },
];

export function routeIndex(method: string, path: string): number {
  const i = ROUTES.findIndex((r) => r.method === method && r.path === path);
  if (i < 0) throw new Error(`demo catalog: no route ${method} ${path}`);
  return i;
}

/** Replaces the one `:param` in a path template with `id`. */
export function fillPath(template: string, id: number): string {
  const colon = template.indexOf(':');
  if (colon < 0) return template;
  const slash = template.indexOf('/', colon);
  return template.slice(0, colon) + id + (slash < 0 ? '' : template.slice(slash));
}

export const WEB_PAGES: readonly string[] = [
  '/',
  '/assignments',
  '/assignments/:id',
  '/assignments/:id',
  '/assignments/new',
  '/classes',
  '/classes/:id',
  '/gradebook/:id',
  '/gradebook/:id',
  '/submissions/:id',
  '/messages',
  '/calendar',
  '/reports',
  '/settings',
];

export const APP_SCREENS: readonly string[] = [
  'Home',
  'AssignmentList',
  'AssignmentDetail',
  'AssignmentDetail',
  'Gradebook',
  'SubmissionDetail',
  'ClassRoster',
  'Messages',
  'Calendar',
  'Settings',
];

export const CLICK_TARGETS: readonly string[] = [
  'button#save-grade',
  'button#submit-work',
  'link#open-assignment',
  'tab#gradebook',
  'tab#roster',
  'button#export-csv',
  'menu#class-switcher',
  'button#new-assignment',
  'checkbox#select-all',
  'button#send-message',
  'nav#sidebar-toggle',
];

export const DASHBOARD_FEATURE = 'assignment-dashboard';
export const DASHBOARD_PAGE = '/assignments/dashboard';

export interface Feature {
  name: string;
  /** Relative use per week, index 0 = week -8 … index 8 = the current week. */
  weights: readonly number[];
}

const trend = (w: number, perWeek: number): readonly number[] =>
  Array.from({ length: 9 }, (_, i) => w * Math.pow(perWeek, i));

/** Background features; `assignment-dashboard` is generated separately with exact weekly counts. */
export const FEATURES: readonly Feature[] = [
  { name: 'bulk-grade', weights: steady(1.3) },
  { name: 'gradebook-export', weights: steady(1.0) },
  { name: 'rubric-editor', weights: steady(0.8) },
  { name: 'comment-bank', weights: trend(0.5, 1.06) },
  { name: 'parent-messages', weights: steady(0.7) },
  { name: 'plagiarism-check', weights: steady(0.45) },
  { name: 'quiz-builder', weights: trend(0.35, 1.09) },
  { name: 'calendar-sync', weights: steady(0.35) },
  { name: 'legacy-reports', weights: trend(1.2, 0.8) },
  { name: 'dark-mode', weights: steady(0.25) },
];

export const BROWSERS: readonly string[] = [
  'Chrome 131',
  'Chrome 131',
  'Chrome 130',
  'Chrome 131',
  'Edge 131',
  'Safari 18.1',
  'Safari 17.6',
  'Firefox 132',
];

export const IOS_VERSIONS: readonly string[] = ['iOS 18.1', 'iOS 18.1', 'iOS 18.0', 'iOS 17.6'];
export const ANDROID_VERSIONS: readonly string[] = ['Android 15', 'Android 14', 'Android 14', 'Android 13'];

/** Mobile releases: days after the start of the data; 4.12.0 ships at the bad deploy instead. */
export const APP_RELEASES: readonly { version: string; day: number }[] = [
  { version: '4.9.2', day: -30 },
  { version: '4.10.0', day: 6 },
  { version: '4.11.0', day: 27 },
  { version: '4.11.1', day: 33 },
];
export const BAD_APP_VERSION = '4.12.0';
export const HOTFIX_APP_VERSION = '4.12.1';
