import NextAuth from 'next-auth';
import { route } from '@/server/auth/route';
import { buildAuthOptions } from '@/server/auth/options';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

type Params = { nextauth: string[] };

async function auth(req: Request, params: Params): Promise<Response> {
  const options = buildAuthOptions(await getServices());
  return NextAuth(req as never, { params: Promise.resolve(params) } as never, options) as Promise<Response>;
}

export const GET = route<Params>('GET /api/auth/[...nextauth]', (req, { params }) => auth(req, params));
export const POST = route<Params>('POST /api/auth/[...nextauth]', (req, { params }) => auth(req, params));
