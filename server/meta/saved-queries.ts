import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parse } from '@/lib/query';
import type { SessionUser } from '../auth/current-user';
import { audit } from './audit';
import type { MetaDb, MetaTx, Row } from './db';
import { ServiceError } from './errors';

export const MAX_QL_LENGTH = 10_000;

export interface SavedQuery {
  id: string;
  name: string;
  description: string;
  folder: string;
  tags: string[];
  ql: string;
  ownerId: string;
  ownerEmail: string;
  visibility: 'private' | 'team';
  /** Official queries are locked: only admins change them. */
  official: boolean;
  version: number;
  createdAt: number;
  updatedAt: number;
  /** What the caller may do with it. */
  canEdit: boolean;
}

export interface SavedQueryVersion {
  version: number;
  name: string;
  description: string;
  folder: string;
  tags: string[];
  ql: string;
  visibility: 'private' | 'team';
  official: boolean;
  authorEmail: string;
  createdAt: number;
  note: string;
}

export const savedQueryInput = z.object({
  name: z.string().trim().min(1, 'give the query a name').max(120),
  description: z.string().trim().max(2000).default(''),
  folder: z.string().trim().max(100).default(''),
  tags: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
  ql: z.string().min(1, 'the query is empty').max(MAX_QL_LENGTH, `queries are limited to ${MAX_QL_LENGTH} characters`),
  visibility: z.enum(['private', 'team']).default('private'),
  official: z.boolean().default(false),
});
export type SavedQueryInput = z.input<typeof savedQueryInput>;

const SELECT = `SELECT q.*, u.email AS owner_email FROM meta.saved_queries q LEFT JOIN meta.users u ON u.id = q.owner_id`;

function visible(user: SessionUser, q: { visibility: string; ownerId: string }): boolean {
  return q.visibility === 'team' || q.ownerId === user.id;
}

/** Admins change anything; developers only their own private, unofficial queries. */
function editable(user: SessionUser, q: { visibility: string; ownerId: string; official: boolean }): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'developer' && q.ownerId === user.id && q.visibility === 'private' && !q.official;
}

function toSavedQuery(r: Row, user: SessionUser): SavedQuery {
  const q = {
    id: String(r.id),
    name: String(r.name),
    description: String(r.description),
    folder: String(r.folder),
    tags: JSON.parse(String(r.tags)) as string[],
    ql: String(r.ql),
    ownerId: String(r.owner_id),
    ownerEmail: r.owner_email === null ? '(deleted user)' : String(r.owner_email),
    visibility: r.visibility === 'team' ? ('team' as const) : ('private' as const),
    official: r.official === true,
    version: Number(r.version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    canEdit: false,
  };
  q.canEdit = editable(user, q);
  return q;
}

/** Refuses QL that does not parse, with the parser's position for the editor. */
function checkQl(ql: string): void {
  const r = parse(ql);
  if (!r.ok) {
    const { message, line, column, expected, excerpt } = r.error;
    throw new ServiceError(400, `the query does not parse: ${message} (line ${line}, column ${column})`, { line, column, expected, excerpt });
  }
}

function checkMayWrite(user: SessionUser, data: z.output<typeof savedQueryInput>): void {
  if (user.role === 'admin') return;
  if (user.role !== 'developer') throw new ServiceError(403, 'viewers cannot save queries; ask a developer or an admin');
  if (data.visibility === 'team') throw new ServiceError(403, 'only admins share queries with the team; save it as private');
  if (data.official) throw new ServiceError(403, 'only admins mark queries official');
}

async function nameTaken(tx: MetaTx, user: SessionUser, data: { name: string; visibility: string }, exceptId: string | null): Promise<boolean> {
  const rows = await tx.all(
    `SELECT id FROM meta.saved_queries WHERE deleted_at IS NULL AND lower(name) = lower($1) AND visibility = $2 AND ($2 = 'team' OR owner_id = $3) AND id <> $4`,
    [data.name, data.visibility, user.id, exceptId ?? ''],
  );
  return rows.length > 0;
}

async function checkUniqueName(tx: MetaTx, user: SessionUser, data: { name: string; visibility: string }, exceptId: string | null): Promise<void> {
  if (await nameTaken(tx, user, data, exceptId)) throw new ServiceError(409, `a ${data.visibility === 'team' ? 'team' : 'private'} query named "${data.name}" already exists; pick another name`);
}

/** `base`, else `base (2)`, `base (3)`… : the first name the user has no private query under. */
export async function freePrivateName(tx: MetaTx, user: SessionUser, base: string): Promise<string> {
  for (let n = 1; n <= 50; n++) {
    const name = n === 1 ? base : `${base} (${n})`;
    if (!(await nameTaken(tx, user, { name, visibility: 'private' }, null))) return name;
  }
  throw new ServiceError(409, `you already have 50 private queries named "${base}"; pick another title`);
}

async function writeVersion(tx: MetaTx, id: string, version: number, d: z.output<typeof savedQueryInput>, author: SessionUser, note: string): Promise<void> {
  await tx.run(
    `INSERT INTO meta.saved_query_versions (query_id, version, name, description, folder, tags, ql, visibility, official, author_id, created_at, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [id, version, d.name, d.description, d.folder, JSON.stringify(d.tags), d.ql, d.visibility, d.official, author.id, BigInt(Date.now()), note],
  );
}

export async function listSavedQueries(db: MetaDb, user: SessionUser, filter: { search?: string; folder?: string; tag?: string } = {}): Promise<SavedQuery[]> {
  const rows = await db.all(`${SELECT} WHERE q.deleted_at IS NULL AND (q.visibility = 'team' OR q.owner_id = $1) ORDER BY q.official DESC, lower(q.folder), lower(q.name)`, [user.id]);
  const search = filter.search?.trim().toLowerCase();
  return rows
    .map((r) => toSavedQuery(r, user))
    .filter((q) => !search || [q.name, q.description, q.ql, q.folder, ...q.tags].some((t) => t.toLowerCase().includes(search)))
    .filter((q) => filter.folder === undefined || q.folder === filter.folder)
    .filter((q) => !filter.tag || q.tags.includes(filter.tag));
}

export async function getSavedQuery(db: MetaDb, user: SessionUser, id: string): Promise<SavedQuery> {
  const r = await db.one(`${SELECT} WHERE q.id = $1 AND q.deleted_at IS NULL`, [id]);
  const q = r && toSavedQuery(r, user);
  if (!q || !visible(user, q)) throw new ServiceError(404, 'no such saved query (it may be private to someone else, or deleted)');
  return q;
}

export async function createSavedQuery(db: MetaDb, user: SessionUser, input: unknown): Promise<SavedQuery> {
  const id = await db.transaction((tx) => insertSavedQuery(tx, user, input));
  return getSavedQuery(db, user, id);
}

/** Creates a saved query inside the caller's transaction (checks, version 1, audit); returns its id. */
export async function insertSavedQuery(tx: MetaTx, user: SessionUser, input: unknown): Promise<string> {
  const data = savedQueryInput.parse(input);
  checkMayWrite(user, data);
  checkQl(data.ql);
  const id = randomUUID();
  await checkUniqueName(tx, user, data, null);
  await tx.run(
    `INSERT INTO meta.saved_queries (id, name, description, folder, tags, ql, owner_id, visibility, official, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)`,
    [id, data.name, data.description, data.folder, JSON.stringify(data.tags), data.ql, user.id, data.visibility, data.official, BigInt(Date.now())],
  );
  await writeVersion(tx, id, 1, data, user, 'created');
  await audit(tx, user, 'saved_query.create', 'saved_query', id, { name: data.name, visibility: data.visibility, official: data.official });
  return id;
}

/**
 * Saves a new version. `baseVersion` is the version the editor started from: when someone saved
 * in between, the later save gets 409 instead of silently overwriting their change.
 */
export async function updateSavedQuery(db: MetaDb, user: SessionUser, id: string, input: unknown, baseVersion: number, note = 'edited'): Promise<SavedQuery> {
  const data = savedQueryInput.parse(input);
  checkQl(data.ql);
  await db.transaction(async (tx) => {
    const [row] = await tx.all(`${SELECT} WHERE q.id = $1 AND q.deleted_at IS NULL`, [id]);
    const current = row && toSavedQuery(row, user);
    if (!current || !visible(user, current)) throw new ServiceError(404, 'no such saved query');
    if (!current.canEdit) throw new ServiceError(403, current.official ? 'this query is official: only admins change it' : 'you cannot change this query; save a copy of your own instead');
    checkMayWrite(user, data);
    if (current.version !== baseVersion) {
      throw new ServiceError(409, `someone saved version ${current.version} while you were editing version ${baseVersion}; reload to see their change, then reapply yours`, { currentVersion: current.version });
    }
    await checkUniqueName(tx, user, data, id);
    const version = current.version + 1;
    await tx.run(
      `UPDATE meta.saved_queries SET name = $1, description = $2, folder = $3, tags = $4, ql = $5, visibility = $6, official = $7, version = $8, updated_at = $9 WHERE id = $10`,
      [data.name, data.description, data.folder, JSON.stringify(data.tags), data.ql, data.visibility, data.official, version, BigInt(Date.now()), id],
    );
    await writeVersion(tx, id, version, data, user, note);
    await audit(tx, user, 'saved_query.update', 'saved_query', id, { version, name: data.name, note });
  });
  return getSavedQuery(db, user, id);
}

export async function deleteSavedQuery(db: MetaDb, user: SessionUser, id: string): Promise<void> {
  const q = await getSavedQuery(db, user, id);
  if (!q.canEdit) throw new ServiceError(403, q.official ? 'this query is official: only admins delete it' : 'you cannot delete this query');
  await db.transaction(async (tx) => {
    await tx.run('UPDATE meta.saved_queries SET deleted_at = $1 WHERE id = $2', [BigInt(Date.now()), id]);
    await audit(tx, user, 'saved_query.delete', 'saved_query', id, { name: q.name });
  });
}

export async function listVersions(db: MetaDb, user: SessionUser, id: string): Promise<SavedQueryVersion[]> {
  await getSavedQuery(db, user, id);
  const rows = await db.all(
    `SELECT v.*, u.email AS author_email FROM meta.saved_query_versions v LEFT JOIN meta.users u ON u.id = v.author_id WHERE v.query_id = $1 ORDER BY v.version DESC`,
    [id],
  );
  return rows.map((r) => ({
    version: Number(r.version),
    name: String(r.name),
    description: String(r.description),
    folder: String(r.folder),
    tags: JSON.parse(String(r.tags)) as string[],
    ql: String(r.ql),
    visibility: r.visibility === 'team' ? 'team' : 'private',
    official: r.official === true,
    authorEmail: r.author_email === null ? '(deleted user)' : String(r.author_email),
    createdAt: Number(r.created_at),
    note: String(r.note),
  }));
}

/** Restoring makes the old content the newest version; history is never rewritten. */
export async function restoreVersion(db: MetaDb, user: SessionUser, id: string, version: number, baseVersion: number): Promise<SavedQuery> {
  const old = (await listVersions(db, user, id)).find((v) => v.version === version);
  if (!old) throw new ServiceError(404, `version ${version} does not exist`);
  const { name, description, folder, tags, ql, visibility, official } = old;
  return updateSavedQuery(db, user, id, { name, description, folder, tags, ql, visibility, official }, baseVersion, `restored version ${version}`);
}

/** Every live team query, for the CloudWatch mirror's reconcile on start. */
export async function listTeamQueries(db: MetaDb): Promise<{ id: string; name: string; folder: string; ql: string; visibility: 'team' }[]> {
  const rows = await db.all("SELECT id, name, folder, ql FROM meta.saved_queries WHERE deleted_at IS NULL AND visibility = 'team'");
  return rows.map((r) => ({ id: String(r.id), name: String(r.name), folder: String(r.folder), ql: String(r.ql), visibility: 'team' }));
}
