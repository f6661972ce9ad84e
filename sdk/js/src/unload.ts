import type { Delivery } from './delivery';
import type { UnloadOptions } from './options';
import { utf8Length } from './runtime';

/**
 * Page hide (visibilitychange → hidden, pagehide): the last moment a page can send reliably.
 * Browsers keep at most 64 KiB of keepalive requests (fetch keepalive and sendBeacon alike) in
 * flight per page, so one request carries the oldest buffered events up to `maxBytes`, counted
 * across hide events until they settle. The rest stay buffered (a hidden page may come back);
 * at pagehide they are also saved to sessionStorage and sent by the tab's next page, except a
 * batch already on the wire (the server may have stored it: sending it again would double it;
 * batches up to 32 KB are keepalive requests, which the browser completes, see delivery.ts).
 * - `fetch` transport: keepalive fetch, the key in the Authorization header (CORS preflight,
 *   normally cached from the batches before).
 * - `beacon` transport, and the fallback where keepalive fetch is missing: sendBeacon, which
 *   sends no headers, so the key travels as `?key=` (the server takes only source-bound keys
 *   there) and the NDJSON as text/plain, the one type that needs no preflight.
 */

interface PageHideTarget {
  url: string;
  key: string;
  storageKey: string;
  summaries: (final: boolean) => void;
}

const BEACON_RELEASE_MS = 5000;

export function watchPageHide(delivery: Delivery, options: UnloadOptions, target: PageHideTarget): () => void {
  let inFlightBytes = 0;
  restore(delivery, target.storageKey);

  const send = (body: string): boolean => {
    const bytes = utf8Length(body);
    const release = () => (inFlightBytes = Math.max(0, inFlightBytes - bytes));
    if (options.transport === 'fetch' && keepaliveFetch()) {
      try {
        fetch(target.url, {
          method: 'POST',
          keepalive: true,
          headers: { authorization: `Bearer ${target.key}`, 'content-type': 'application/x-ndjson' },
          body,
        }).then(release, release);
        inFlightBytes += bytes;
        return true;
      } catch {
        // keepalive refused synchronously: try a beacon
      }
    }
    const nav = typeof navigator !== 'undefined' ? navigator : null;
    if (!nav || typeof nav.sendBeacon !== 'function') return false;
    const sep = target.url.includes('?') ? '&' : '?';
    let queued = false;
    try {
      queued = nav.sendBeacon(`${target.url}${sep}key=${encodeURIComponent(target.key)}`, body);
    } catch {
      queued = false;
    }
    if (queued) {
      inFlightBytes += bytes;
      setTimeout(release, BEACON_RELEASE_MS); // a beacon never says when it is done
    }
    return queued;
  };

  const flushNow = (persist: boolean) => {
    try {
      target.summaries(true);
      for (;;) {
        const budget = options.maxBytes - inFlightBytes - delivery.keepaliveBytes;
        if (budget <= 0) break;
        const chunk = delivery.takeForUnload(budget);
        if (!chunk) break;
        if (!send(chunk.body)) {
          delivery.restore(chunk.body.split('\n'));
          break;
        }
      }
      if (persist) save(delivery, target.storageKey, options.persistBytes);
    } catch {
      delivery.dropped.internal++;
    }
  };

  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flushNow(false);
  };
  const onPageHide = () => flushNow(true);
  const onPageShow = (e: PageTransitionEvent) => {
    // Back from the back/forward cache: the buffer is still in memory, the saved copy must go.
    if (e.persisted) removeSaved(target.storageKey);
  };
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('pageshow', onPageShow);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
  };
}

function keepaliveFetch(): boolean {
  return typeof fetch === 'function' && typeof Request === 'function' && 'keepalive' in Request.prototype;
}

function save(delivery: Delivery, storageKey: string, maxChars: number): void {
  const lines = delivery.pendingLines();
  if (lines.length === 0) return removeSaved(storageKey);
  const kept: string[] = [];
  let size = 2;
  for (const line of lines) {
    size += line.length + 3;
    if (size > maxChars) break;
    kept.push(line);
  }
  // What did not fit is counted by the next page (restore); if this page comes back from the
  // back/forward cache it still has them all and the saved copy is removed.
  try {
    window.sessionStorage.setItem(storageKey, JSON.stringify({ lines: kept, dropped: lines.length - kept.length }));
  } catch {
    // storage full or blocked: only the keepalive request carried anything
  }
}

function restore(delivery: Delivery, storageKey: string): void {
  try {
    const saved = window.sessionStorage.getItem(storageKey);
    if (saved === null) return;
    window.sessionStorage.removeItem(storageKey);
    const doc = JSON.parse(saved) as { lines?: unknown; dropped?: unknown };
    if (typeof doc.dropped === 'number' && doc.dropped > 0) delivery.dropped.unload += doc.dropped;
    if (Array.isArray(doc.lines)) delivery.restore(doc.lines.filter((l): l is string => typeof l === 'string'));
  } catch {
    // storage blocked or a damaged entry: nothing to restore
  }
}

function removeSaved(storageKey: string): void {
  try {
    window.sessionStorage.removeItem(storageKey);
  } catch {
    // storage blocked
  }
}
