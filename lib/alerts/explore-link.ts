import { explorePath, type ExploreTarget } from '../explore/link';
import { SLACK_LIMITS } from './slack-text';

export type { ExploreTarget };

/**
 * The absolute Explore URL for a Slack button; `fallbackPath` when the link would be longer than
 * a Slack button accepts.
 */
export function exploreLink(baseUrl: string, target: ExploreTarget, fallbackPath = '/alerts'): string {
  const base = baseUrl.replace(/\/+$/, '');
  const url = `${base}${explorePath(target)}`;
  return url.length <= SLACK_LIMITS.buttonUrl ? url : `${base}${fallbackPath}`;
}
