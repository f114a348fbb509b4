'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { toRecipe } from '@/components/curate/recipe-url';
import { Badge } from '@/components/ui/badge';
import { Button, buttonClass } from '@/components/ui/button';
import type { Recipe, ResolvedRecipe } from '@/lib/curation';
import {
  createRecipeAction,
  deleteRecipeAction,
  duplicateRecipeAction,
  renameRecipeAction,
  updateRecipeAction,
} from '../actions';
import { OWNER_NAME } from '@/lib/auth/actor';

export interface RecipeOption {
  id: number;
  name: string;
  body: Recipe;
  /** Who saved it first (null: the local owner). */
  createdBy: string | null;
}

type Mode = null | 'save-as' | 'rename' | 'delete';

const inputClass = 'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950';

/** Recipe picker and management: save, save as, rename, duplicate, delete, apply elsewhere. */
export function RecipeBar({
  recipes,
  currentId,
  modified,
  recipe,
  onPick,
  onSaved,
  applyHref,
  exportHref,
  can,
}: {
  recipes: RecipeOption[];
  currentId: number | null;
  modified: boolean;
  recipe: ResolvedRecipe;
  onPick: (r: RecipeOption | null) => void;
  /** The recipe now picked and its stored body (after save, duplicate, delete). */
  onSaved: (id: number | null, body: Recipe | ResolvedRecipe) => void;
  applyHref: string;
  exportHref: string;
  /** What the signed-in role may do here: viewers and reviewers pick and preview, curators save and export. */
  can: { save: boolean; export: boolean };
}) {
  const [mode, setMode] = useState<Mode>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const current = recipes.find((r) => r.id === currentId) ?? null;

  const act = (
    fn: () => Promise<{ ok: true; data: { id: number } | null } | { ok: false; error: { message: string } }>,
    after?: (id: number | null) => void,
  ) =>
    start(async () => {
      setError(null);
      const res = await fn();
      if (!res.ok) {
        setError(res.error.message);
        return;
      }
      setMode(null);
      after?.(res.data?.id ?? null);
    });

  const openForm = (m: Mode, initial: string) => {
    setMode(m);
    setName(initial);
    setError(null);
  };

  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="recipe-picker" className="text-sm font-medium">
          Recipe
        </label>
        <select
          id="recipe-picker"
          value={currentId ?? ''}
          onChange={(e) => {
            const id = e.target.value ? Number(e.target.value) : null;
            onPick(recipes.find((r) => r.id === id) ?? null);
            setMode(null);
          }}
          className={`${inputClass} max-w-64`}
        >
          <option value="">Defaults</option>
          {recipes.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        {current && <span className="text-xs text-zinc-500">by {current.createdBy ?? OWNER_NAME}</span>}
        {modified && <Badge tone="warn">modified</Badge>}
        {can.save && current && modified && (
          <Button
            size="sm"
            variant="primary"
            disabled={pending}
            onClick={() =>
              act(
                () => updateRecipeAction({ id: current.id, body: toRecipe(recipe) }),
                (id) => onSaved(id, recipe),
              )
            }
          >
            Save
          </Button>
        )}
        {can.save && (
          <Button
            size="sm"
            variant={current && modified ? 'secondary' : 'primary'}
            disabled={pending}
            onClick={() => openForm('save-as', current ? `${current.name} 2` : '')}
          >
            Save as…
          </Button>
        )}
        {can.save && current && (
          <>
            <Button size="sm" variant="ghost" disabled={pending} onClick={() => openForm('rename', current.name)}>
              Rename
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={pending}
              onClick={() =>
                act(
                  () => duplicateRecipeAction({ id: current.id }),
                  (id) => onSaved(id, current.body),
                )
              }
            >
              Duplicate
            </Button>
            <Button size="sm" variant="ghost" disabled={pending} onClick={() => openForm('delete', '')}>
              Delete
            </Button>
          </>
        )}
        <span className="ml-auto flex items-center gap-2">
          <Link href={applyHref} className={buttonClass('ghost', 'sm')}>
            Apply to another dataset
          </Link>
          {can.export && (
            <Link href={exportHref} className={buttonClass('secondary', 'sm')}>
              Export this selection
            </Link>
          )}
        </span>
      </div>
      {(mode === 'save-as' || mode === 'rename') && (
        <form
          className="mt-2 flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (mode === 'save-as')
              act(
                () => createRecipeAction({ name, body: toRecipe(recipe) }),
                (id) => onSaved(id, recipe),
              );
            else if (current) act(() => renameRecipeAction({ id: current.id, name }));
          }}
        >
          <label htmlFor="recipe-name" className="text-sm">
            {mode === 'save-as' ? 'Save the current settings as' : `Rename "${current?.name}" to`}
          </label>
          <input
            id="recipe-name"
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={120}
            required
            className={`${inputClass} w-64`}
          />
          <Button type="submit" size="sm" variant="primary" disabled={pending || !name.trim()}>
            {mode === 'save-as' ? 'Save recipe' : 'Rename'}
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={() => setMode(null)}>
            Cancel
          </Button>
        </form>
      )}
      {mode === 'delete' && current && (
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          Delete the recipe &quot;{current.name}&quot;? Datasets and exports are not affected.
          <Button
            size="sm"
            variant="danger"
            disabled={pending}
            onClick={() =>
              act(
                () => deleteRecipeAction({ id: current.id }),
                () => onSaved(null, {}),
              )
            }
          >
            Delete recipe
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setMode(null)}>
            Cancel
          </Button>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
