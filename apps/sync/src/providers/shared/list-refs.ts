import type { ListWindow, SessionRef } from '../../engine/types.js';

/**
 * Turns newest-first list pages into pages of references, stopping once items are older than the window.
 * Items of one page at or after the boundary are still yielded; the first older item ends the listing.
 */
export async function* refsUntil<T>(
  pages: AsyncIterable<{ items: T[] }>,
  window: ListWindow,
  toRef: (item: T) => SessionRef,
): AsyncGenerator<SessionRef[]> {
  for await (const { items } of pages) {
    const refs: SessionRef[] = [];
    let done = false;
    for (const item of items) {
      const ref = toRef(item);
      if (window.stopBefore && ref.createdAt && ref.createdAt < window.stopBefore) {
        done = true;
        break;
      }
      refs.push(ref);
    }
    if (refs.length > 0) yield refs;
    if (done) return;
  }
}
