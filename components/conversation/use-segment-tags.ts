'use client';

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { DEFAULT_SEGMENT_TAGS, parseTagList } from '@/lib/ui/segments';

const KEY = 'sift:segment-tags';
const EVENT = 'sift:segment-tags';

function subscribe(onChange: () => void) {
  window.addEventListener('storage', onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

function read(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The highlighted inline tags, configurable per browser (localStorage); defaults until hydrated. */
export function useSegmentTags(): {
  tags: readonly string[];
  setTags: (text: string | null) => void;
  isDefault: boolean;
} {
  const stored = useSyncExternalStore(subscribe, read, () => null);
  const tags = useMemo(() => (stored === null ? DEFAULT_SEGMENT_TAGS : parseTagList(stored)), [stored]);
  const setTags = useCallback((text: string | null) => {
    try {
      if (text === null) window.localStorage.removeItem(KEY);
      else window.localStorage.setItem(KEY, parseTagList(text).join(', '));
    } catch {
      // storage disabled: the setting just does not persist
    }
    window.dispatchEvent(new Event(EVENT));
  }, []);
  return { tags, setTags, isDefault: stored === null };
}
