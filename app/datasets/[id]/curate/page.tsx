import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CURATE_TABS, decodeRecipeParam, type CurateTab } from '@/components/curate/recipe-url';
import { resolveRecipe } from '@/lib/curation';
import { getDataset } from '@/lib/db/datasets';
import { listRecipes } from '@/lib/db/recipes';
import { DatasetNav } from '../_components/dataset-nav';
import { DatasetTitle } from '../_components/dataset-title';
import { CurateWorkbench } from './_components/curate-workbench';
import { capabilitiesOf } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Curate' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * /datasets/[id]/curate?recipe=<id>&s=<settings json>&tab=sft|dpo|ppo. The page sends settings and
 * recipes; the model itself is fetched once by the client from the curation-model route, so a
 * settings change never re-sends it.
 */
export default async function CuratePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const can = capabilitiesOf((await requirePageRole('viewer')).role);
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const dataset = /^\d+$/.test(id) ? await getDataset({ id: Number(id) }) : null;
  if (!dataset) notFound();
  const recipes = await listRecipes();

  const notices: string[] = [];
  const rawId = one(sp.recipe);
  const saved = rawId && /^\d+$/.test(rawId) ? (recipes.find((r) => r.id === Number(rawId)) ?? null) : null;
  if (rawId && !saved) notices.push(`Recipe ${rawId} no longer exists; showing the defaults.`);
  const base = resolveRecipe(saved?.body ?? {});
  let recipe = base;
  const s = one(sp.s);
  if (s) {
    const decoded = decodeRecipeParam(s);
    if (decoded) recipe = decoded;
    else notices.push('The settings in the address are not a valid recipe and were ignored.');
  }
  const rawTab = one(sp.tab);
  const tab: CurateTab = CURATE_TABS.includes(rawTab as CurateTab) ? (rawTab as CurateTab) : 'sft';

  return (
    <div>
      <DatasetTitle
        name={dataset.name}
        section="Curate"
        subtitle="Choose what becomes training data. Every figure recomputes in your browser as you move a control; exports use the very same selection."
      />
      <DatasetNav datasetId={dataset.id} active="curate" canExport={can.export} />
      {notices.map((n) => (
        <p
          key={n}
          role="status"
          className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-900/30 dark:text-amber-300"
        >
          {n}
        </p>
      ))}
      <CurateWorkbench
        key={dataset.id}
        datasetId={dataset.id}
        recipes={recipes.map((r) => ({ id: r.id, name: r.name, body: r.body, createdBy: r.createdBy }))}
        initial={{ recipeId: saved?.id ?? null, saved: base, recipe, tab }}
        can={{ save: can.curate, export: can.export }}
      />
    </div>
  );
}
