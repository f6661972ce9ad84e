/** The three roles, each including everything the one before may do. */
export const ROLES = ['viewer', 'developer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'dashboards, team queries and charts',
  developer: 'also ad-hoc queries, live tail and private saved queries',
  admin: 'also team and official queries, users, API keys and alert rules',
};
