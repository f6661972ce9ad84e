import {
  DeleteQueryDefinitionCommand,
  DescribeQueryDefinitionsCommand,
  PutQueryDefinitionCommand,
  type CloudWatchLogsClient,
  type QueryDefinition,
} from '@aws-sdk/client-cloudwatch-logs';
import type { MetaDb } from '../meta/db';

/** What the mirror needs of a saved query. */
export interface MirroredQuery {
  id: string;
  name: string;
  folder: string;
  ql: string;
  visibility: 'private' | 'team';
}

/**
 * Team queries mirrored to CloudWatch Logs Insights query definitions (AWS mode), so they also
 * appear in the AWS console. Private queries are never mirrored; a query made private or deleted
 * is removed. Definitions are named `Logline/<folder>/<name>`; the link from saved query to
 * definition id is kept in `meta.query_definition_links` (meta/schema.ts) so renames update in place.
 */
export class QueryDefinitionMirror {
  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly db: MetaDb,
    private readonly prefix = 'Logline/',
  ) {}

  definitionName(q: Pick<MirroredQuery, 'name' | 'folder'>): string {
    return `${this.prefix}${q.folder ? `${q.folder}/` : ''}${q.name}`;
  }

  async sync(q: MirroredQuery | { id: string; deleted: true }): Promise<void> {
    const linked = await this.linkedId(q.id);
    if ('deleted' in q || q.visibility !== 'team') {
      if (linked) await this.client.send(new DeleteQueryDefinitionCommand({ queryDefinitionId: linked }));
      await this.db.run('DELETE FROM meta.query_definition_links WHERE saved_query_id = $1', [q.id]);
      return;
    }
    const out = await this.client.send(new PutQueryDefinitionCommand({ name: this.definitionName(q), queryString: q.ql, queryDefinitionId: linked ?? undefined }));
    if (out.queryDefinitionId && out.queryDefinitionId !== linked) {
      await this.db.run('INSERT OR REPLACE INTO meta.query_definition_links (saved_query_id, definition_id) VALUES ($1, $2)', [q.id, out.queryDefinitionId]);
    }
  }

  /** Brings CloudWatch in line with the library: every team query present, no stale Logline definitions. */
  async reconcile(teamQueries: readonly MirroredQuery[]): Promise<{ put: number; deleted: number }> {
    for (const q of teamQueries) await this.sync(q);
    const keep = new Set((await this.db.all('SELECT definition_id FROM meta.query_definition_links')).map((r) => String(r.definition_id)));
    let deleted = 0;
    for (const d of await this.listOurs()) {
      if (d.queryDefinitionId && !keep.has(d.queryDefinitionId)) {
        await this.client.send(new DeleteQueryDefinitionCommand({ queryDefinitionId: d.queryDefinitionId }));
        deleted++;
      }
    }
    return { put: teamQueries.length, deleted };
  }

  private async listOurs(): Promise<QueryDefinition[]> {
    const all: QueryDefinition[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: this.prefix, maxResults: 1000, nextToken }));
      all.push(...(page.queryDefinitions ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return all;
  }

  private async linkedId(savedQueryId: string): Promise<string | null> {
    const row = await this.db.one('SELECT definition_id FROM meta.query_definition_links WHERE saved_query_id = $1', [savedQueryId]);
    return row ? String(row.definition_id) : null;
  }
}
