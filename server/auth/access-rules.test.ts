import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCESS_RULES } from './access-rules';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APP = path.join(ROOT, 'app');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

function files(dir: string, name: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, name) : name.test(e.name) ? [p] : [];
  });
}

/** `app/api/saved-queries/[id]/route.ts` → `/api/saved-queries/[id]`; route groups `(x)` vanish. */
function urlPath(file: string): string {
  const rel = path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
  return `/${rel.join('/')}`;
}

describe('every route handler has an explicit access rule', () => {
  const routes = files(APP, /^route\.tsx?$/);
  const declared = new Set<string>();

  it.each(routes.map((f) => [path.relative(ROOT, f), f]))('%s', (_rel, file) => {
    const source = fs.readFileSync(file, 'utf8');
    for (const m of METHODS) {
      expect(source, `${m} must be wrapped with route(...)`).not.toMatch(new RegExp(`export\\s+(async\\s+)?function\\s+${m}\\b`));
      const exported = new RegExp(`export\\s+const\\s+${m}\\s*=\\s*route(<[^>]*>)?\\(\\s*'([A-Z]+) ([^']+)'`).exec(source);
      const anyExport = new RegExp(`export\\s+(const|let|var|\\{)[^\\n]*\\b${m}\\b`).test(source);
      if (!anyExport) continue;
      expect(exported, `${m} in ${file} must be exported as route('${m} ${urlPath(file)}', …)`).not.toBeNull();
      const id = `${exported![2]} ${exported![3]}`;
      expect(id).toBe(`${m} ${urlPath(file)}`);
      expect(Object.keys(ACCESS_RULES)).toContain(id);
      declared.add(id);
    }
  });

  it('lists no rule without a handler', () => {
    expect(Object.keys(ACCESS_RULES).sort()).toEqual([...declared].sort());
  });
});

describe('every page checks the role on the server', () => {
  const PUBLIC_PAGES = new Set(['/signin', '/forbidden']);
  it.each(files(APP, /^page\.tsx$/).map((f) => [urlPath(f), f]))('%s', (url, file) => {
    if (PUBLIC_PAGES.has(url)) return;
    const source = fs.readFileSync(file, 'utf8');
    const redirectOnly = /^\s*redirect\(/m.test(source) && !/return\s*</.test(source);
    if (redirectOnly) return;
    expect(source, `${file} must call requirePage('<role>')`).toMatch(/await requirePage\('(viewer|developer|admin)'\)/);
  });
});
