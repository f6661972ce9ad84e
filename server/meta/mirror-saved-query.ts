import type { Services } from '../registry';
import type { SavedQuery } from './saved-queries';

/**
 * After a library change, updates the CloudWatch copy (AWS mode only). The library is the source of
 * truth and is already committed, so a failure here is reported to the caller, not rolled back;
 * the next start reconciles.
 */
export async function mirrorSavedQuery(services: Services, q: SavedQuery | { id: string; deleted: true }): Promise<string | undefined> {
  if (!services.queryMirror) return undefined;
  try {
    await services.queryMirror.sync(q);
    return undefined;
  } catch (error) {
    console.error('mirroring to CloudWatch failed', error);
    return `Saved, but the copy in CloudWatch could not be updated (${(error as Error).message}); it is retried on the next start.`;
  }
}
