import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { ButtonLink } from '@/components/ui/button';
import { parseRecipe } from '@/lib/curation';
import { listDatasets } from '@/lib/db/datasets';
import { listRecipes } from '@/lib/db/recipes';
import { DEFAULT_EXPORT_FORMAT, DEFAULT_MIN_REWARD, defaultSplitRule } from '@/lib/export/defaults';
import { listExportViews } from '@/lib/jobs/export-job';
import { previewExportAction } from './actions';
import { ExportCard } from './_components/export-card';
import { ExportForm, type FormInitial } from './_components/export-form';
import { capabilitiesOf } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Exports' };

/** `?dataset=<id>&recipe=<id | recipe JSON>` (the curate page links here) prefill the form. */
export default async function ExportsPage({
  searchParams,
}: {
  searchParams: Promise<{ dataset?: string; recipe?: string }>;
}) {
  const can = capabilitiesOf((await requirePageRole('viewer')).role);
  const sp = await searchParams;
  const [datasets, recipes, exports] = await Promise.all([listDatasets(), listRecipes(), listExportViews()]);

  const wantedDataset = Number(sp.dataset);
  const datasetId = datasets.find((d) => d.id === wantedDataset)?.id ?? datasets[0]?.id ?? null;
  const recipeParam = sp.recipe?.trim() ?? '';
  const saved = /^\d+$/.test(recipeParam) ? recipes.find((r) => r.id === Number(recipeParam)) : undefined;
  const inline = !saved && recipeParam.startsWith('{') ? parseRecipe(recipeParam) : null;
  const recipe = saved?.body ?? (inline?.ok ? inline.recipe : null);
  const rs = recipe?.split;
  const split = defaultSplitRule({ hasTaskIds: (datasets.find((d) => d.id === datasetId)?.tasks ?? 0) > 0 });
  const initial: FormInitial = {
    datasetId,
    format: DEFAULT_EXPORT_FORMAT,
    source: saved ? 'recipe' : inline?.ok ? 'inline' : 'quick',
    recipeId: saved?.id ?? null,
    inlineRecipe: inline?.ok ? inline.recipe : null,
    minReward: DEFAULT_MIN_REWARD,
    successOnly: false,
    // A recipe's own split section (held-out share) becomes the form's split rule.
    split: {
      by: rs?.by ?? split.by,
      ratio: typeof rs?.ratio === 'number' ? Math.round((1 - rs.ratio) * 1000) / 1000 : split.ratio,
      seed: rs?.seed ?? split.seed,
      stratify: rs?.stratify ?? split.stratify,
    },
  };
  const source =
    initial.source === 'recipe'
      ? { kind: 'recipe' as const, recipeId: initial.recipeId! }
      : initial.source === 'inline'
        ? { kind: 'inline' as const, recipe: initial.inlineRecipe }
        : { kind: 'quick' as const, minReward: initial.minReward, successOnly: false };
  const preview =
    datasetId === null || !can.export
      ? null
      : await previewExportAction({ datasetId, format: initial.format, source, split: initial.split });

  return (
    <div>
      <PageHeader
        title="Exports"
        subtitle="Write a curated dataset as training files, with a manifest that lets anyone re-run it byte for byte."
      />
      {datasets.length === 0 ? (
        <EmptyState title="Nothing to export yet" action={<ButtonLink href="/datasets">Import a dataset</ButtonLink>}>
          Import rollouts first, then curate them and export here. From a terminal:{' '}
          <code className="font-mono">npx sift export --list</code>.
        </EmptyState>
      ) : !can.export ? (
        <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">
          You can browse and download the exports below; starting one needs the curator role.
        </p>
      ) : (
        <ExportForm
          datasets={datasets.map((d) => ({ id: d.id, name: d.name, rollouts: d.rollouts, hasTaskIds: d.tasks > 0 }))}
          recipes={recipes.map((r) => ({ id: r.id, name: r.name }))}
          takenNames={exports.map((e) => e.name)}
          initial={initial}
          initialPreview={preview?.ok ? preview.data : null}
        />
      )}
      <h2 className="mb-3 text-sm font-semibold">All exports</h2>
      {exports.length === 0 ? (
        <p className="text-sm text-zinc-500">No exports yet.</p>
      ) : (
        <ul className="space-y-3" aria-label="Exports">
          {exports.map((e) => (
            <ExportCard key={e.id} exp={e} canManage={can.export} />
          ))}
        </ul>
      )}
    </div>
  );
}
