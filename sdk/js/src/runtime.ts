/** The few things that differ between browsers and Node, detected at run time (no imports). */

export const isBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

/** A Node timer that must not keep the process alive; browsers' numeric ids pass through. */
export function unrefTimer<T>(timer: T): T {
  (timer as { unref?: () => void } | null)?.unref?.();
  return timer;
}

/** Undoes unrefTimer (Node): the process waits for this timer again. */
export function refTimer<T>(timer: T): T {
  (timer as { ref?: () => void } | null)?.ref?.();
  return timer;
}

/** UTF-8 size of a string without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Gzip with the platform's CompressionStream (browsers, Node 18+); null where there is none. */
export async function gzip(text: string): Promise<Uint8Array<ArrayBuffer> | null> {
  if (typeof CompressionStream !== 'function' || typeof Blob !== 'function' || typeof Response !== 'function') return null;
  try {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return null;
  }
}

/** A random UUID v4, also where crypto.randomUUID is missing (insecure contexts, old runtimes). */
export function uuid(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // not a secure context
    }
  }
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A monotonic clock for durations. */
export function now(): number {
  return typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance.now() : Date.now();
}

let processSession: string | null = null;

type ExitHook = () => void;
const exitHooks = new Set<ExitHook>();
let exitListening = false;

/**
 * Node: runs `hook` when the event loop empties (`beforeExit`), so a script that just ends still
 * sends what it logged. One listener for every logger; returns the function that removes the hook.
 */
export function onProcessIdle(hook: ExitHook): () => void {
  const proc = (globalThis as { process?: { on?: (event: string, listener: () => void) => void } }).process;
  if (isBrowser || typeof proc?.on !== 'function') return () => undefined;
  exitHooks.add(hook);
  if (!exitListening) {
    exitListening = true;
    proc.on('beforeExit', () => {
      for (const h of exitHooks) h();
    });
  }
  return () => exitHooks.delete(hook);
}

/**
 * `session.id`: in a browser one per tab (sessionStorage, so it survives reloads; in memory
 * where storage is blocked), in Node one per process.
 */
export function sessionId(): string {
  if (isBrowser) {
    try {
      const stored = window.sessionStorage.getItem('logline.session.id');
      if (stored) return stored;
      const id = uuid();
      window.sessionStorage.setItem('logline.session.id', id);
      return id;
    } catch {
      // storage blocked (sandboxed iframe, privacy mode): one per page instead
    }
  }
  processSession ??= uuid();
  return processSession;
}

/** A URL with the values of its query removed (`?q=secret&page=2` → `?q=&page=`) and no fragment. */
export function withoutQueryValues(url: URL): string {
  const keys = [...url.searchParams.keys()];
  const query = keys.length ? `?${keys.map((k) => `${encodeURIComponent(k)}=`).join('&')}` : '';
  return `${url.origin === 'null' ? '' : url.origin}${url.pathname}${query}`;
}
