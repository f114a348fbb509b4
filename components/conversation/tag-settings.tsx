'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** A small popover to edit which inline tags (<think>, <action>, …) are highlighted as blocks. */
export function TagSettings({
  tags,
  onChange,
  isDefault,
}: {
  tags: readonly string[];
  onChange: (text: string | null) => void;
  isDefault: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  return (
    <div className="relative">
      <Button
        size="sm"
        variant="ghost"
        aria-expanded={open}
        onClick={() => {
          setDraft(tags.join(', '));
          setOpen((v) => !v);
        }}
      >
        Highlighted tags
      </Button>
      {open && (
        <form
          className="absolute right-0 z-20 mt-1 w-80 rounded-lg border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
          onSubmit={(e) => {
            e.preventDefault();
            onChange(draft);
            setOpen(false);
          }}
        >
          <label htmlFor="segment-tags" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Tags shown as blocks (comma separated)
          </label>
          <input
            id="segment-tags"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
          />
          <div className="mt-2 flex justify-end gap-2">
            {!isDefault && (
              <Button
                size="sm"
                variant="ghost"
                type="button"
                onClick={() => {
                  onChange(null);
                  setOpen(false);
                }}
              >
                Reset
              </Button>
            )}
            <Button size="sm" variant="primary" type="submit">
              Apply
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
