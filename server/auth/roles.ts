// The roles table is pure and shared with the browser (lib/auth/roles.ts).
export * from '@/lib/auth/roles';
