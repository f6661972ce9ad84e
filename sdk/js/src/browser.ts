import type { Fields, Level } from './options';
import { isBrowser, withoutQueryValues } from './runtime';

type Record_ = (level: Level, message: unknown, fields: Fields, event?: string) => void;

export interface ClickOptions {
  /** What counts as clickable. Default: buttons, links, `[role=button]`, submit inputs and `[data-log-click]`. */
  selector?: string;
  /** Where to listen. Default `document`. */
  root?: Document | HTMLElement;
  /** Send the element's visible text (cut to 80 characters). Default true; turn off if labels can hold personal data. */
  text?: boolean;
}

const CLICKABLE = 'button, a, [role="button"], input[type="submit"], input[type="button"], [data-log-click]';

/** A `page_view` event: the path (query values removed), title and referrer. */
export function pageView(record: Record_, fields?: Fields): void {
  if (!isBrowser) return;
  try {
    const here = new URL(window.location.href);
    const base: Fields = { page: here.pathname, url: withoutQueryValues(here), title: document.title };
    if (document.referrer) base.referrer = withoutQueryValues(new URL(document.referrer));
    record('info', 'page_view', { ...base, ...fields }, 'page_view');
  } catch {
    // never into the app
  }
}

/**
 * `click` events, one listener for the whole page: `target` is `data-log-click` when set, else
 * the element as `tag#id`; `text` its visible label. Returns a function that stops tracking.
 */
export function trackClicks(record: Record_, options: ClickOptions = {}): () => void {
  if (!isBrowser) return () => undefined;
  const root = options.root ?? document;
  const selector = options.selector ?? CLICKABLE;
  const listener = (e: Event) => {
    try {
      const el = e.target instanceof Element ? e.target.closest(selector) : null;
      if (!el) return;
      const named = el.getAttribute('data-log-click');
      const fields: Fields = { target: named || `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`, page: window.location.pathname };
      if (options.text !== false) {
        const label = (el.getAttribute('aria-label') || (el as HTMLElement).innerText || el.textContent || '').trim().replace(/\s+/g, ' ');
        if (label) fields.text = label.slice(0, 80);
      }
      record('info', 'click', fields, 'click');
    } catch {
      // never into the app
    }
  };
  root.addEventListener('click', listener, { capture: true, passive: true });
  return () => root.removeEventListener('click', listener, { capture: true });
}
