'use client';

import { useEffect } from 'react';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * j / k move the active row, Enter opens it, / focuses search. Ignored while typing in a field
 * (Escape leaves the field) and with modifier keys, so browser shortcuts keep working.
 */
export function useRowKeyboard({
  count,
  active,
  setActive,
  onOpen,
  searchRef,
}: {
  count: number;
  active: number | null;
  setActive(i: number): void;
  onOpen(i: number): void;
  searchRef?: { current: HTMLInputElement | null };
}) {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (isTyping(e.target)) {
        if (e.key === 'Escape') (e.target as HTMLElement).blur();
        return;
      }
      if (e.key === 'j' || e.key === 'ArrowDown') {
        if (count === 0) return;
        e.preventDefault();
        setActive(active === null ? 0 : Math.min(count - 1, active + 1));
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        if (count === 0) return;
        e.preventDefault();
        setActive(active === null ? 0 : Math.max(0, active - 1));
      } else if (
        e.key === 'Enter' &&
        active !== null &&
        !(e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement)
      ) {
        e.preventDefault();
        onOpen(active);
      } else if (e.key === '/' && searchRef?.current) {
        e.preventDefault();
        searchRef.current.focus();
        searchRef.current.select();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, active, setActive, onOpen, searchRef]);
}
