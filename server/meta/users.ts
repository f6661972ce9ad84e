import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, PASSWORD_MIN_LENGTH } from '../auth/passwords';
import { isRole, ROLES, type Role } from '../auth/roles';
import { audit, type Actor } from './audit';
import type { MetaDb, Row } from './db';
import { ServiceError } from './errors';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: number;
  lastLoginAt: number | null;
}

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: 'enter a valid e-mail address' })).pipe(z.string().max(254));
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH, `passwords need at least ${PASSWORD_MIN_LENGTH} characters`).max(200);
export const roleSchema = z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` });

export const newUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(100).optional(),
  role: roleSchema,
  password: passwordSchema.optional(),
});
export const userPatchSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
  password: passwordSchema.optional(),
});

const COLUMNS = 'id, email, name, role, disabled, password_hash IS NOT NULL AS has_password, created_at, last_login_at';

function toUser(r: Row): User {
  return {
    id: String(r.id),
    email: String(r.email),
    name: String(r.name),
    role: isRole(r.role) ? r.role : 'viewer',
    disabled: r.disabled === true,
    hasPassword: r.has_password === true,
    createdAt: Number(r.created_at),
    lastLoginAt: r.last_login_at === null ? null : Number(r.last_login_at),
  };
}

export async function listUsers(db: MetaDb): Promise<User[]> {
  return (await db.all(`SELECT ${COLUMNS} FROM meta.users ORDER BY email`)).map(toUser);
}

export async function findUser(db: MetaDb, id: string): Promise<User | undefined> {
  const r = await db.one(`SELECT ${COLUMNS} FROM meta.users WHERE id = $1`, [id]);
  return r && toUser(r);
}

/** The user and their password hash, for sign-in only. */
export async function findUserForSignIn(db: MetaDb, email: string): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const r = await db.one(`SELECT ${COLUMNS}, password_hash FROM meta.users WHERE email = $1`, [email.trim().toLowerCase()]);
  return r && { user: toUser(r), passwordHash: r.password_hash === null ? null : String(r.password_hash) };
}

export async function countUsers(db: MetaDb): Promise<number> {
  return Number((await db.one('SELECT count(*) AS n FROM meta.users'))?.n ?? 0);
}

export async function createUser(db: MetaDb, input: unknown, actor: Actor | null): Promise<User> {
  const data = newUserSchema.parse(input);
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const existing = await tx.all('SELECT 1 FROM meta.users WHERE email = $1', [data.email]);
    if (existing.length > 0) throw new ServiceError(409, `a user with e-mail ${data.email} already exists`);
    await tx.run('INSERT INTO meta.users (id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      id, data.email, data.name ?? data.email.split('@')[0], data.role, passwordHash, BigInt(Date.now()),
    ]);
    await audit(tx, actor, 'user.create', 'user', id, { email: data.email, role: data.role });
  });
  return (await findUser(db, id))!;
}

export async function updateUser(db: MetaDb, id: string, patch: unknown, actor: Actor): Promise<User> {
  const data = userPatchSchema.parse(patch);
  const passwordHash = data.password ? await hashPassword(data.password) : undefined;
  await db.transaction(async (tx) => {
    const [current] = await tx.all('SELECT role, disabled FROM meta.users WHERE id = $1', [id]);
    if (!current) throw new ServiceError(404, 'no such user');
    const losesAdmin = current.role === 'admin' && ((data.role !== undefined && data.role !== 'admin') || data.disabled === true);
    if (losesAdmin) {
      const [{ n }] = await tx.all("SELECT count(*) AS n FROM meta.users WHERE role = 'admin' AND NOT disabled");
      if (Number(n) <= 1) throw new ServiceError(409, 'this is the last active admin; make someone else admin first');
    }
    if (id === actor.id && data.disabled === true) throw new ServiceError(409, 'you cannot disable your own account');
    const sets: string[] = [];
    const params: (string | boolean)[] = [];
    if (data.name !== undefined) sets.push(`name = $${params.push(data.name)}`);
    if (data.role !== undefined) sets.push(`role = $${params.push(data.role)}`);
    if (data.disabled !== undefined) sets.push(`disabled = $${params.push(data.disabled)}`);
    if (passwordHash !== undefined) sets.push(`password_hash = $${params.push(passwordHash)}`);
    if (sets.length === 0) return;
    await tx.run(`UPDATE meta.users SET ${sets.join(', ')} WHERE id = $${params.push(id)}`, params);
    await audit(tx, actor, 'user.update', 'user', id, { ...data, password: data.password ? '(changed)' : undefined });
  });
  return (await findUser(db, id))!;
}

export async function recordLogin(db: MetaDb, id: string): Promise<void> {
  await db.run('UPDATE meta.users SET last_login_at = $1 WHERE id = $2', [BigInt(Date.now()), id]);
}
