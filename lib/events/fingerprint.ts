/**
 * The template of a message: the parts that vary between repeats of one error (ids, numbers,
 * addresses, quoted values) replaced by placeholders, so `timeout after 31ms for user 8812`
 * and `timeout after 2ms for user 17` share one template.
 */
export function messageTemplate(message: string): string {
  return message
    .slice(0, 2000)
    .replace(/https?:\/\/[^\s"'<>]+/gi, '<url>')
    .replace(/[\w.+-]+@[\w-]+\.[\w.-]+/g, '<email>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/"[^"\n]{0,200}"|'[^'\n]{0,200}'/g, '<str>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/(?<![A-Za-z_<])-?\d+(\.\d+)?/g, '<num>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** FNV-1a, 64-bit, over UTF-16 code units: fast, stable across runtimes, no crypto needed. */
export function hash64(text: string): string {
  // The 64-bit state as two 32-bit halves, so the loop needs no BigInt.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    // state * 0x100000001b3 mod 2^64 = state * 0x1b3 + (lo << 40)
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = loMul >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Most events repeat a few thousand templates; remembering their hashes skips most hashing. */
const cache = new Map<string, string>();
const CACHE_SIZE = 20_000;

/** One fingerprint per kind of event: same source, level and message template. */
export function fingerprint(source: string, level: string, message: string): string {
  const key = `${source}\u0000${level}\u0000${messageTemplate(message)}`;
  let hash = cache.get(key);
  if (hash === undefined) {
    if (cache.size >= CACHE_SIZE) cache.clear();
    hash = hash64(key);
    cache.set(key, hash);
  }
  return hash;
}
