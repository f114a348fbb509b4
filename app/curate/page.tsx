import type { Metadata } from 'next';
import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { listDatasets } from '@/lib/db/datasets';
import { listRecipes } from '@/lib/db/recipes';
import { fmtInt, fmtNum } from '@/lib/ui/format';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Curate' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Pick a dataset to curate; with ?recipe=<id>[&s=…] the links carry that recipe along. */
export default async function CurateIndexPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageRole('viewer');
  const sp = await searchParams;
  const [datasets, recipes] = await Promise.all([listDatasets(), listRecipes()]);
  const carry = new URLSearchParams();
  const recipeId = one(sp.recipe);
  const s = one(sp.s);
  if (recipeId && /^\d+$/.test(recipeId)) carry.set('recipe', recipeId);
  if (s) carry.set('s', s);
  const suffix = carry.size ? `?${carry}` : '';
  const carried = recipeId ? recipes.find((r) => r.id === Number(recipeId)) : undefined;

  return (
    <>
      <PageHeader
        title="Curate"
        subtitle={
          carried || s
            ? `Pick the dataset to apply ${carried ? `the recipe "${carried.name}"` : 'these settings'}${carried && s ? ' (with unsaved changes)' : ''} to.`
            : 'Pick a dataset to turn into SFT examples, DPO pairs or a PPO/GRPO set.'
        }
      />
      {datasets.length === 0 ? (
        <EmptyState
          title="No datasets yet"
          action={
            <ButtonLink href="/datasets" variant="primary">
              Import rollouts
            </ButtonLink>
          }
        >
          Curation works on an imported dataset. Import a file of rollouts first.
        </EmptyState>
      ) : (
        <div className="grid gap-4 lg:grid-cols-3">
          <Card title="Datasets" className="lg:col-span-2">
            <Table>
              <THead>
                <tr>
                  <Th>Name</Th>
                  <Th numeric>Rollouts</Th>
                  <Th numeric>Tasks</Th>
                  <Th numeric>Mean reward</Th>
                </tr>
              </THead>
              <TBody>
                {datasets.map((d) => (
                  <Tr key={d.id}>
                    <Td>
                      <Link
                        href={`/datasets/${d.id}/curate${suffix}`}
                        className="font-medium text-indigo-700 hover:underline dark:text-indigo-400"
                      >
                        {d.name}
                      </Link>
                    </Td>
                    <Td numeric>{fmtInt(d.rollouts)}</Td>
                    <Td numeric>{fmtInt(d.tasks)}</Td>
                    <Td numeric>{fmtNum(d.meanReward)}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </Card>
          <Card title="Saved recipes">
            {recipes.length === 0 ? (
              <p className="text-sm text-zinc-500">
                None yet. Save one from a dataset&apos;s Curate page; recipes apply to any dataset.
              </p>
            ) : (
              <ul className="space-y-1 text-sm">
                {recipes.map((r) => (
                  <li key={r.id} className="flex items-center justify-between gap-2">
                    <span className="truncate">{r.name}</span>
                    <Link
                      href={`/curate?recipe=${r.id}`}
                      className="shrink-0 text-xs text-indigo-700 hover:underline dark:text-indigo-400"
                    >
                      Apply to…
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
