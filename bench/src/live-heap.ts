import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/**
 * Watches the heap in use right after each major garbage collection: the data the process keeps alive, without
 * the garbage V8 lets pile up between collections (with a high allocation rate it lets the heap grow to several
 * times the live data, so peak RSS also measures how long the run lasted). `stop()` returns the largest, MiB
 * (0 if no major collection ran). Read in the observer's callback, a little after the collection.
 */
export function watchLiveHeap(): { stop: () => number } {
  let most = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR)
        most = Math.max(most, getHeapStatistics().used_heap_size);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      observer.disconnect();
      return most / 1048576;
    },
  };
}
