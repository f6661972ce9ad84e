import { signIn } from './sign-in';
import { TEST_ADMIN } from './spawn-server';

/** What GET /api/admin/health answers (the public /api/health gives only status, mode and reachable). */
export interface AdminHealth {
  status: string;
  mode: 'local' | 'aws';
  reachable: boolean;
  events?: number;
  cloudwatch?: { reachable: boolean; where: string; logGroups?: number; storedBytes?: number; error?: string };
}

/** The store's health in detail, read as the test server's admin (`admin` when it started with another). */
export async function adminHealth(url: string, admin: { email: string; password: string } = TEST_ADMIN): Promise<AdminHealth> {
  const cookie = await signIn(url, admin.email, admin.password);
  const res = await fetch(`${url}/api/admin/health`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET /api/admin/health answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as AdminHealth;
}
