/** A link that opens Explore on a query over an exact range (epoch ms, both inclusive). */
export function exploreHref(ql: string, start: number, end: number): string {
  return `/explore?${new URLSearchParams({ q: ql, start: new Date(start).toISOString(), end: new Date(end).toISOString() })}`;
}
