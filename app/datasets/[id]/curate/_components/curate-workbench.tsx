'use client';

import { useEffect, useMemo, useState } from 'react';
import { resolveRecipe, type ResolvedRecipe } from '@/lib/curation';
import { DpoControls } from '@/components/curate/dpo-controls';
import { modelFacts } from '@/components/curate/model-facts';
import { PpoControls } from '@/components/curate/ppo-controls';
import { compactRecipe, curateQuery, sameRecipe, type CurateTab } from '@/components/curate/recipe-url';
import { DpoResults, PpoResults, SftResults } from '@/components/curate/results';
import { SftControls } from '@/components/curate/sft-controls';
import { useCuration } from '@/components/curate/use-curation';
import { useCurationModel } from '@/components/curate/use-curation-model';
import { EmptyState } from '@/components/ui/empty-state';
import { fmtBytes, fmtInt } from '@/lib/ui/format';
import { CurateTabs } from './curate-tabs';
import { RecipeBar, type RecipeOption } from './recipe-bar';

interface Base {
  id: number | null;
  body: ResolvedRecipe;
}

const ms = (v: number) => (v < 10 ? v.toFixed(1) : Math.round(v).toString());

/**
 * The curate page's client side: fetches the dataset's curation model once, then recomputes every
 * figure, chart and sample locally with evaluateRecipe on each input event (the same call the CLI
 * and the exports make). Settings mirror into the URL so a reload restores them.
 */
export function CurateWorkbench({
  datasetId,
  recipes,
  initial,
  can,
}: {
  datasetId: number;
  recipes: RecipeOption[];
  can: { save: boolean; export: boolean };
  initial: { recipeId: number | null; saved: ResolvedRecipe; recipe: ResolvedRecipe; tab: CurateTab };
}) {
  const [recipe, setRecipe] = useState(initial.recipe);
  const [base, setBase] = useState<Base>({ id: initial.recipeId, body: initial.saved });
  const [tab, setTab] = useState<CurateTab>(initial.tab);
  const state = useCurationModel(`/api/datasets/${datasetId}/curation-model`);
  const model = state.status === 'ready' ? state.model : null;
  const facts = useMemo(() => (model ? modelFacts(model) : null), [model]);
  const { view, statics, isStale } = useCuration(model, recipe);
  const modified = !sameRecipe(recipe, base.body);

  // Mirror the settings into the URL (debounced: browsers throttle history updates during a drag).
  const query = curateQuery({ recipeId: base.id, recipe, saved: base.body, tab });
  useEffect(() => {
    const t = setTimeout(() => {
      const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
      if (url !== window.location.pathname + window.location.search) window.history.replaceState(null, '', url);
    }, 200);
    return () => clearTimeout(t);
  }, [query]);

  const recipeParam = base.id !== null && !modified ? String(base.id) : JSON.stringify(compactRecipe(recipe));
  const exportHref = `/exports?dataset=${datasetId}&recipe=${encodeURIComponent(recipeParam)}`;
  const applyQuery = new URLSearchParams(query);
  applyQuery.delete('tab');
  const applyHref = `/curate${applyQuery.size ? `?${applyQuery}` : ''}`;

  // The charts depend only on the recompute's output: memoised so the urgent render of a slider
  // move (which re-renders this component) skips them and paints the slider at once.
  const results = useMemo(
    () =>
      model && facts && view && statics ? (
        <div role="tabpanel" id={`curate-panel-${tab}`} aria-labelledby={`curate-tab-${tab}`} className="min-w-0">
          {tab === 'sft' && (
            <SftResults model={model} facts={facts} view={view} statics={statics} datasetId={datasetId} />
          )}
          {tab === 'dpo' && (
            <DpoResults model={model} facts={facts} view={view} statics={statics} datasetId={datasetId} />
          )}
          {tab === 'ppo' && (
            <PpoResults model={model} facts={facts} view={view} statics={statics} datasetId={datasetId} />
          )}
        </div>
      ) : null,
    [tab, model, facts, view, statics, datasetId],
  );

  if (state.status === 'error') {
    return <EmptyState title="The curation model could not be loaded">{state.message}</EmptyState>;
  }

  const set = (patch: Partial<ResolvedRecipe>) => setRecipe((r) => ({ ...r, ...patch }));
  return (
    <div className="space-y-3">
      <RecipeBar
        recipes={recipes}
        currentId={base.id}
        modified={modified}
        recipe={recipe}
        onPick={(r) => {
          const body = resolveRecipe(r?.body ?? {});
          setBase({ id: r?.id ?? null, body });
          setRecipe(body);
        }}
        onSaved={(id, body) => setBase({ id, body: resolveRecipe(body) })}
        applyHref={applyHref}
        exportHref={exportHref}
        can={can}
      />
      <CurateTabs
        tab={tab}
        onTab={setTab}
        counts={
          view
            ? {
                sft: `${fmtInt(view.summary.sft.kept)} examples`,
                dpo: `${fmtInt(view.summary.dpo.pairs)} pairs`,
                ppo: `${fmtInt(view.summary.ppo.zeroVarianceGroups)} zero-variance`,
              }
            : null
        }
        flags={view ? view.summary.redFlags : []}
        status={
          view && state.status === 'ready' ? (
            <span
              data-testid="model-load"
              data-json-bytes={state.load.bytes}
              data-transfer-bytes={state.load.transferBytes ?? ''}
              data-fetch-ms={state.load.fetchMs.toFixed(1)}
              data-decode-ms={state.load.decodeMs.toFixed(1)}
              title={`Model: ${fmtInt(state.model.n)} rollouts, ${fmtBytes(state.load.bytes)} JSON${state.load.transferBytes ? `, ${fmtBytes(state.load.transferBytes)} transferred (gzip)` : ''}; fetched and inflated in ${ms(state.load.fetchMs)} ms, decoded in ${ms(state.load.decodeMs)} ms`}
            >
              <span data-testid="recompute-ms" className={isStale ? 'opacity-50' : undefined}>
                recomputed in {ms(view.ms)} ms
              </span>
              <span className="text-zinc-400 dark:text-zinc-500">
                {' '}
                · model {fmtBytes(state.load.transferBytes ?? state.load.bytes)}
              </span>
            </span>
          ) : null
        }
      />
      {!model || !facts || !view || !statics ? (
        <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-12 text-center text-sm text-zinc-500 dark:border-zinc-700">
          Loading the curation model…
        </p>
      ) : (
        <div className="grid items-start gap-4 lg:grid-cols-[320px_minmax(0,1fr)]">
          <aside
            aria-label="Settings"
            className="rounded-lg border border-zinc-200 bg-white p-3 lg:sticky lg:top-16 dark:border-zinc-800 dark:bg-zinc-900"
          >
            {tab === 'sft' && (
              <SftControls
                facts={facts}
                sft={recipe.sft}
                onChange={(sft) => set({ sft })}
                tokensHref={`/datasets/${datasetId}/tokens`}
              />
            )}
            {tab === 'dpo' && <DpoControls facts={facts} dpo={recipe.dpo} onChange={(dpo) => set({ dpo })} />}
            {tab === 'ppo' && <PpoControls ppo={recipe.ppo} onChange={(ppo) => set({ ppo })} />}
          </aside>
          {results}
        </div>
      )}
    </div>
  );
}
