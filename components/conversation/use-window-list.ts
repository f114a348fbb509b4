'use client';

import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';

/**
 * A window-scrolled virtual list with dynamic row measurement. Rows render in normal flow between two
 * spacers (not absolutely positioned), so the server-rendered first rows paint correctly before
 * hydration; `initialRect` makes the server render the first screenful.
 */
export function useWindowList({
  count,
  estimateSize,
  overscan = 6,
}: {
  count: number;
  estimateSize: (index: number) => number;
  overscan?: number;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  // The list's distance from the top of the page; content above it (header, tabs) may change height.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const update = () => {
      const top = Math.round(el.getBoundingClientRect().top + window.scrollY);
      setScrollMargin((m) => (m === top ? m : top));
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(document.body);
    return () => ro.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count,
    estimateSize,
    overscan,
    scrollMargin,
    initialRect: { width: 1024, height: 1100 },
    initialOffset: 0,
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items.length ? items[0].start - scrollMargin : 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1].end - scrollMargin) : 0;

  /** Scrolls row `index` into view, then focuses the element with id `anchor` once it is rendered. */
  const goTo = useCallback(
    (index: number, anchor?: string) => {
      virtualizer.scrollToIndex(index, { align: 'center' });
      if (!anchor) return;
      let tries = 0;
      const settle = () => {
        const el = document.getElementById(anchor);
        if (!el) {
          if (tries++ < 30) requestAnimationFrame(settle);
          return;
        }
        // One more frame: measurement of newly rendered rows may still move the target.
        requestAnimationFrame(() => {
          el.scrollIntoView({ block: 'center' });
          el.focus({ preventScroll: true });
        });
      };
      requestAnimationFrame(settle);
      if (window.location.hash !== `#${anchor}`) window.history.replaceState(window.history.state, '', `#${anchor}`);
    },
    [virtualizer],
  );

  return { listRef, virtualizer, items, paddingTop, paddingBottom, goTo };
}
