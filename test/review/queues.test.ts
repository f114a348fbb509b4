/**
 * lib/db/review against a temporary database: queue sources, overlap and leases (two reviewers,
 * k=1 and k=2, expired lease, skip), the version check, undo, all-or-nothing import, and a queue's
 * statistics on a hand-computed example.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { fromStoredRollout } from '@/lib/db/rollout-row';
import { readStoredRows } from '@/lib/db/stored-reads';
import {
  addComment,
  adjudicateItem,
  createQueue,
  findSuspiciousRolloutIds,
  getQueueProgress,
  getQueueStats,
  importReviews,
  listComments,
  listLabels,
  listQueueDisagreements,
  listQueueItems,
  listReviewHistory,
  loadReviewOverlay,
  loadReviewsForExport,
  OVERLAY_ACCEPT,
  OVERLAY_DECIDED,
  OVERLAY_UNDECIDED,
  overlayOf,
  renewLease,
  saveReview,
  saveLabels,
  skipItem,
  takeNextItem,
  undoReview,
  type ReviewActor,
} from '@/lib/db/review';
import { findSuspiciousInDataset, type ReviewInput, type RolloutVerdict } from '@/lib/review';
import { isAppError } from '@/lib/errors';
import { makeDataset, makePeople, minutes, type Person } from './fixtures';

let datasetId: number;
let ids: number[];
let people: Record<string, Person>;
const as = (p: Person): ReviewActor => ({ id: p.id, role: p.role });
const T0 = new Date('2026-12-01T10:00:00.000Z');

function verdictInput(
  itemId: number | string,
  value: RolloutVerdict | null,
  extra: Partial<ReviewInput> = {},
): ReviewInput {
  return {
    itemId: String(itemId),
    verdict: value === null ? null : { kind: 'rollout', value },
    note: '',
    labels: [],
    annotations: [],
    durationMs: 1000,
    ...extra,
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
}

let seq = 0;
const queueOf = (rolloutIds: number[], overlap: number, extra: Record<string, unknown> = {}) =>
  createQueue({
    datasetId,
    name: `q${++seq}`,
    kind: 'rollout',
    source: { kind: 'rollouts', rolloutIds },
    overlap,
    createdById: people.carol.id,
    ...extra,
  });

beforeAll(async () => {
  getDb();
  ({ datasetId, ids } = await makeDataset('review-queues'));
  people = await makePeople([
    ['root', 'admin'],
    ['alice', 'reviewer'],
    ['bob', 'reviewer'],
    ['carol', 'curator'],
    ['vic', 'viewer'],
  ]);
});

describe('labels', () => {
  it('seeds the six default labels on first use, and a curator replaces the set', async () => {
    const labels = await listLabels({ datasetId });
    expect(labels.map((l) => l.key)).toEqual([1, 2, 3, 4, 5, 6]);
    const dup = [...labels, { ...labels[0], id: 'other', name: 'Other' }];
    expect(await codeOf(saveLabels({ datasetId, labels: dup }))).toBe('validation');
    const saved = await saveLabels({
      datasetId,
      labels: [...labels, { id: 'loop', name: 'Loop', colour: '#123456', key: 7, description: '' }],
    });
    expect(saved).toHaveLength(7);
    expect(await listLabels({ datasetId })).toHaveLength(7);
  });
});

describe('queue sources', () => {
  it('a seeded sample is the same for the same seed and differs for another', async () => {
    const a = await createQueue({
      datasetId,
      name: 's1',
      kind: 'rollout',
      source: { kind: 'all' },
      sample: { n: 10, seed: 1 },
      overlap: 1,
    });
    const b = await createQueue({
      datasetId,
      name: 's2',
      kind: 'rollout',
      source: { kind: 'all' },
      sample: { n: 10, seed: 1 },
      overlap: 1,
    });
    const c = await createQueue({
      datasetId,
      name: 's3',
      kind: 'rollout',
      source: { kind: 'all' },
      sample: { n: 10, seed: 2 },
      overlap: 1,
    });
    const of = (id: number) => listQueueItems({ queueId: id }).map((i) => i.rolloutIds[0]);
    expect(a.items).toBe(10);
    expect(of(a.queue.id)).toEqual(of(b.queue.id));
    expect(of(a.queue.id)).not.toEqual(of(c.queue.id));
    expect(new Set(of(a.queue.id)).size).toBe(10);
  });

  it('a recipe makes the SFT kept set, or DPO pairs as pair items; a filter the matching rollouts', async () => {
    const recipe = { version: 1 as const, sft: { minReward: 1 } };
    const sft = await createQueue({
      datasetId,
      name: 'sft',
      kind: 'rollout',
      source: { kind: 'recipe', recipe, part: 'sft' },
      overlap: 1,
    });
    const kept = getDb()
      .raw.prepare(`SELECT count(*) AS n FROM "Rollout" WHERE datasetId = ? AND reward >= 1`)
      .get(datasetId) as { n: number };
    expect(sft.items).toBe(kept.n);
    const dpo = await createQueue({
      datasetId,
      name: 'dpo',
      kind: 'pair',
      source: { kind: 'recipe', recipe: { version: 1 }, part: 'dpo' },
      overlap: 1,
    });
    expect(dpo.queue.kind).toBe('pair');
    expect(listQueueItems({ queueId: dpo.queue.id })[0].rolloutIds).toHaveLength(2);
    expect(
      await codeOf(
        createQueue({
          datasetId,
          name: 'bad',
          kind: 'rollout',
          source: { kind: 'recipe', recipe: {}, part: 'dpo' },
          overlap: 1,
        }),
      ),
    ).toBe('validation');
    const filtered = await createQueue({
      datasetId,
      name: 'filter',
      kind: 'rollout',
      source: { kind: 'filter', query: 'reward_min=1', filters: { metrics: {}, reward: { min: 1 } }, q: '' },
      overlap: 1,
    });
    expect(filtered.items).toBe(kept.n);
    const groups = await createQueue({ datasetId, name: 'groups', kind: 'group', source: { kind: 'all' }, overlap: 1 });
    expect(listQueueItems({ queueId: groups.queue.id }).every((i) => i.rolloutIds.length === 3)).toBe(true);
    expect(await codeOf(queueOf([ids[0]], 1, { name: 'sft' }))).toBe('name_taken');
  });

  it('the suspicious source flags what lib/review flags over the whole dataset', () => {
    const all = readStoredRows(getDb().raw, ids).map(fromStoredRollout);
    const expected = findSuspiciousInDataset(all, { highReward: 0.8 })
      .map((f, k) => (f.length ? ids[k] : -1))
      .filter((x) => x >= 0);
    expect(findSuspiciousRolloutIds({ datasetId })).toEqual(expected);
  });
});

describe('overlap and leases', () => {
  it('k=1: two reviewers asking at once get different items; a reload resumes the same item', async () => {
    const { queue } = await queueOf(ids.slice(0, 4), 1);
    const [a, b] = await Promise.all([
      takeNextItem({ queueId: queue.id, actor: as(people.alice), now: T0 }),
      takeNextItem({ queueId: queue.id, actor: as(people.bob), now: T0 }),
    ]);
    expect(a!.itemId).not.toBe(b!.itemId);
    expect((await takeNextItem({ queueId: queue.id, actor: as(people.alice), now: T0 }))!.itemId).toBe(a!.itemId);
    expect(await codeOf(takeNextItem({ queueId: queue.id, actor: as(people.vic) }))).toBe('forbidden');
  });

  it('k=1: an expired lease returns the item; the late reviewer cannot submit it over the new one', async () => {
    const { queue } = await queueOf(ids.slice(0, 2), 1);
    const a = await takeNextItem({ queueId: queue.id, actor: as(people.alice), now: T0 });
    const early = await takeNextItem({ queueId: queue.id, actor: as(people.bob), now: minutes(T0, 5) });
    expect(early!.itemId).not.toBe(a!.itemId);
    const late = await takeNextItem({ queueId: queue.id, actor: as(people.carol), now: minutes(T0, 11) });
    expect(late!.itemId).toBe(a!.itemId);
    expect(
      await codeOf(
        saveReview({
          input: verdictInput(a!.itemId, 'accept'),
          expectedVersion: 0,
          submit: true,
          actor: as(people.alice),
          now: minutes(T0, 11),
        }),
      ),
    ).toBe('lease_taken');
    expect(await codeOf(renewLease({ itemId: a!.itemId, actor: as(people.alice), now: minutes(T0, 11) }))).toBe(
      'lease_taken',
    );
    await saveReview({
      input: verdictInput(a!.itemId, 'reject'),
      expectedVersion: 0,
      submit: true,
      actor: as(people.carol),
      now: minutes(T0, 12),
    });
    expect(listQueueItems({ queueId: queue.id }).find((i) => i.id === a!.itemId)!.submitted).toBe(1);
  });

  it('renewing keeps the lease alive past its first ten minutes', async () => {
    const { queue } = await queueOf(ids.slice(0, 1), 1);
    const a = await takeNextItem({ queueId: queue.id, actor: as(people.alice), now: T0 });
    await renewLease({ itemId: a!.itemId, actor: as(people.alice), now: minutes(T0, 8) });
    expect(await takeNextItem({ queueId: queue.id, actor: as(people.bob), now: minutes(T0, 12) })).toBeNull();
  });

  it('skip returns the item to the others and moves the skipper on', async () => {
    const { queue } = await queueOf(ids.slice(0, 2), 1);
    const a = await takeNextItem({ queueId: queue.id, actor: as(people.alice), now: T0 });
    await skipItem({ itemId: a!.itemId, actor: as(people.alice), now: T0 });
    const next = await takeNextItem({ queueId: queue.id, actor: as(people.alice), now: T0 });
    expect(next!.itemId).not.toBe(a!.itemId);
    expect((await takeNextItem({ queueId: queue.id, actor: as(people.bob), now: T0 }))!.itemId).toBe(a!.itemId);
  });

  it('k=2: each item goes to two different reviewers, never twice to one', async () => {
    const { queue } = await queueOf(ids.slice(0, 3), 2);
    const a = await takeNextItem({ queueId: queue.id, actor: as(people.alice), now: T0 });
    const b = await takeNextItem({ queueId: queue.id, actor: as(people.bob), now: T0 });
    const c = await takeNextItem({ queueId: queue.id, actor: as(people.carol), now: T0 });
    expect(b!.itemId).toBe(a!.itemId);
    expect(c!.itemId).not.toBe(a!.itemId);
    await saveReview({
      input: verdictInput(a!.itemId, 'accept'),
      expectedVersion: 0,
      submit: true,
      actor: as(people.alice),
      now: T0,
    });
    const a2 = await takeNextItem({ queueId: queue.id, actor: as(people.alice), now: T0 });
    expect(a2!.itemId).toBe(c!.itemId);
    const progress = await getQueueProgress({ queueId: queue.id, now: T0 });
    expect(progress).toMatchObject({
      items: 3,
      overlap: 2,
      reviewsNeeded: 6,
      reviewsSubmitted: 1,
      itemsDone: 0,
      inProgress: 2,
    });
    expect(progress.reviewers.find((r) => r.reviewer === 'alice')).toMatchObject({ submitted: 1, medianMs: 1000 });
  });

  it('assignment: a reviewer not assigned gets nothing and may not write', async () => {
    const { queue } = await queueOf(ids.slice(0, 2), 1, { assignees: ['alice'] });
    expect(await takeNextItem({ queueId: queue.id, actor: as(people.bob) })).toBeNull();
    const a = await takeNextItem({ queueId: queue.id, actor: as(people.alice) });
    expect(
      await codeOf(
        saveReview({
          input: verdictInput(a!.itemId, 'accept'),
          expectedVersion: 0,
          submit: false,
          actor: as(people.bob),
        }),
      ),
    ).toBe('forbidden');
  });
});

describe('saving, the version check and undo', () => {
  it('a stale version is refused with who changed it and when; nothing is overwritten', async () => {
    const { queue } = await queueOf(ids.slice(5, 6), 1);
    const item = await takeNextItem({ queueId: queue.id, actor: as(people.alice), now: T0 });
    const v1 = await saveReview({
      input: verdictInput(item!.itemId, 'accept', { note: 'mine' }),
      expectedVersion: 0,
      submit: false,
      actor: as(people.alice),
      now: T0,
    });
    expect(v1.version).toBe(1);
    const v2 = await saveReview({
      input: verdictInput(item!.itemId, 'reject', { note: 'fixed by carol' }),
      expectedVersion: 1,
      submit: false,
      actor: as(people.carol),
      reviewerKey: people.alice.id,
      now: minutes(T0, 1),
    });
    expect(v2).toMatchObject({ version: 2, updatedBy: 'carol', reviewer: 'alice' });
    let caught: unknown;
    try {
      await saveReview({
        input: verdictInput(item!.itemId, 'needs_fix'),
        expectedVersion: 1,
        submit: false,
        actor: as(people.alice),
        now: minutes(T0, 2),
      });
    } catch (e) {
      caught = e;
    }
    expect(isAppError(caught, 'version_conflict')).toBe(true);
    expect((caught as Error).message).toMatch(/^carol changed this review at 2026-12-01 10:01:00/);
    expect((caught as { details: unknown }).details).toMatchObject({ by: 'carol', version: 2 });
    expect(
      await codeOf(
        saveReview({
          input: verdictInput(item!.itemId, 'accept'),
          expectedVersion: 0,
          submit: false,
          actor: as(people.bob),
          reviewerKey: people.alice.id,
        }),
      ),
    ).toBe('forbidden');
  });

  it('undo reverts my last change by appending an event, then the one before', async () => {
    const { queue } = await queueOf(ids.slice(6, 7), 1);
    const item = await takeNextItem({ queueId: queue.id, actor: as(people.alice) });
    const key = String(item!.itemId);
    await saveReview({
      input: verdictInput(key, 'accept'),
      expectedVersion: 0,
      submit: false,
      actor: as(people.alice),
    });
    const sub = await saveReview({
      input: verdictInput(key, 'reject', { note: 'bad' }),
      expectedVersion: 1,
      submit: true,
      actor: as(people.alice),
    });
    expect(listQueueItems({ queueId: queue.id })[0].submitted).toBe(1);
    const u1 = await undoReview({ itemId: key, expectedVersion: sub.version, actor: as(people.alice) });
    expect(u1).toMatchObject({ status: 'draft', verdict: { value: 'accept' }, version: 3 });
    expect(listQueueItems({ queueId: queue.id })[0].submitted).toBe(0);
    const u2 = await undoReview({ itemId: key, actor: as(people.alice) });
    expect(u2).toMatchObject({ verdict: null, note: '', version: 4 });
    expect(await codeOf(undoReview({ itemId: key, actor: as(people.alice) }))).toBe('nothing_to_undo');
    const history = listReviewHistory({ reviewId: u2.id });
    expect(history.map((e) => e.kind)).toEqual(['create', 'submit', 'undo', 'undo']);
    expect(history[2].undoOf).toBe(history[1].id);
  });

  it('a correction is checked against the rollout (assistant turns only) and kept beside the original', async () => {
    const [rollout] = readStoredRows(getDb().raw, [ids[7]]).map(fromStoredRollout);
    const assistant = rollout.messages.findIndex((m) => m.role === 'assistant');
    const user = rollout.messages.findIndex((m) => m.role === 'user');
    const ann = (messageIndex: number) => ({
      annotations: [
        {
          rolloutId: String(ids[7]),
          firstBadStep: { messageIndex, reasonLabel: 'wrong-tool' },
          ratings: [],
          corrections: [{ messageIndex, content: 'Better.' }],
        },
      ],
    });
    expect(
      await codeOf(
        saveReview({
          input: verdictInput(`rollout:${ids[7]}`, 'needs_fix', ann(user)),
          expectedVersion: 0,
          submit: true,
          actor: as(people.alice),
        }),
      ),
    ).toBe('validation');
    const saved = await saveReview({
      input: verdictInput(`rollout:${ids[7]}`, 'needs_fix', ann(assistant)),
      expectedVersion: 0,
      submit: true,
      actor: as(people.alice),
    });
    expect(saved.annotations[0].corrections[0].content).toBe('Better.');
    const exported = loadReviewsForExport({ datasetId });
    const mine = exported.byRollout.get(ids[7])!.map((k) => exported.reviews[k]);
    expect(mine.some((r) => r.annotations[0]?.firstBadStep?.messageIndex === assistant)).toBe(true);
    const stored = getDb().raw.prepare(`SELECT messages FROM "RolloutBody" WHERE rolloutId = ?`).get(ids[7]) as {
      messages: string;
    };
    expect(stored.messages).not.toContain('Better.');
  });

  it('comments: a rollout thread and a turn thread', async () => {
    await addComment({ rolloutId: ids[8], messageIndex: null, body: 'whole rollout', authorId: people.alice.id });
    await addComment({ rolloutId: ids[8], messageIndex: 2, body: 'this turn', authorId: null });
    expect(await codeOf(addComment({ rolloutId: ids[8], messageIndex: 9999, body: 'x', authorId: null }))).toBe(
      'validation',
    );
    expect(listComments({ rolloutId: ids[8] }).map((c) => [c.messageIndex, c.author, c.body])).toEqual([
      [null, 'alice', 'whole rollout'],
      [2, 'local owner', 'this turn'],
    ]);
  });
});

describe('import', () => {
  it('reports every bad line and writes nothing; a clean file imports in one go', async () => {
    const { queue } = await queueOf(ids.slice(10, 14), 2);
    const ext = (i: number) =>
      (getDb().raw.prepare(`SELECT externalId FROM "Rollout" WHERE id = ?`).get(ids[i]) as { externalId: string })
        .externalId;
    const bad = [
      JSON.stringify({ rollout: ext(10), reviewer: 'alice', verdict: 'accept' }),
      JSON.stringify({ rollout: 'no-such-rollout', reviewer: 'alice', verdict: 'accept' }),
      JSON.stringify({ rollout: ext(11), reviewer: 'nobody', verdict: 'reject' }),
      JSON.stringify({ rollout: ext(20), reviewer: 'bob', verdict: 'reject' }),
      '{not json',
    ].join('\n');
    const r1 = await importReviews({ queueId: queue.id, text: bad, actorId: people.carol.id });
    expect(r1.imported).toBe(0);
    expect(r1.issues.map((i) => i.line)).toEqual([2, 3, 4, 5]);
    expect(r1.issues.find((i) => i.line === 4)!.message).toMatch(/not in this queue/);
    expect(getDb().raw.prepare(`SELECT count(*) AS n FROM "Review" WHERE queueId = ?`).get(queue.id)).toEqual({ n: 0 });
    const good = [
      JSON.stringify({ rollout: ext(10), reviewer: 'alice', verdict: 'accept', labels: ['Wrong tool'] }),
      JSON.stringify({ rollout: ext(10), reviewer: 'bob', verdict: 'reject', firstBadStep: 2, note: 'n' }),
      JSON.stringify({ rollout: ext(11), reviewer: 'alice', verdict: 'needs_fix' }),
    ].join('\n');
    expect(await importReviews({ queueId: queue.id, text: good, actorId: people.carol.id })).toEqual({
      imported: 3,
      issues: [],
    });
    expect(listQueueItems({ queueId: queue.id }).map((i) => i.submitted)).toEqual([2, 1, 0, 0]);
    const again = await importReviews({ queueId: queue.id, text: good.split('\n')[2], actorId: null });
    expect(again.issues[0]).toMatchObject({
      line: 1,
      message: expect.stringMatching(/alice already has a submitted review/),
    });
  });
});

describe('statistics on a hand-computed example', () => {
  // Two reviewers, ten items:
  //   alice: A A A A A A R R R R        bob: A A A A R R R R A R
  // They agree on 7 of 10 items: percent agreement 0.7. Marginals: alice A 6/10, R 4/10; bob A 5/10,
  // R 5/10; chance agreement pe = 0.6·0.5 + 0.4·0.5 = 0.5; Cohen's kappa = (0.7 − 0.5) / (1 − 0.5) = 0.4.
  // Krippendorff's alpha (nominal): n = 20 values, n_A = 11, n_R = 9; the coincidences on the
  // diagonal are 2 per agreeing item: o_AA = 8, o_RR = 6. α = (19·14 − (11·10 + 9·8)) / (20·19 − 182)
  // = 84 / 198 = 0.4242…
  const ALICE: RolloutVerdict[] = [
    'accept',
    'accept',
    'accept',
    'accept',
    'accept',
    'accept',
    'reject',
    'reject',
    'reject',
    'reject',
  ];
  const BOB: RolloutVerdict[] = [
    'accept',
    'accept',
    'accept',
    'accept',
    'reject',
    'reject',
    'reject',
    'reject',
    'accept',
    'reject',
  ];
  let queueId: number;

  beforeAll(async () => {
    const { queue } = await queueOf(ids.slice(30, 40), 2);
    queueId = queue.id;
    for (let k = 0; k < 10; k++) {
      for (const [who, verdicts] of [
        [people.alice, ALICE],
        [people.bob, BOB],
      ] as const) {
        const item = await takeNextItem({ queueId, actor: as(who) });
        await saveReview({
          input: verdictInput(item!.itemId, verdicts[k], { labels: k < 2 ? ['unsafe'] : [] }),
          expectedVersion: 0,
          submit: true,
          actor: as(who),
        });
      }
    }
  });

  it('percent agreement, Cohen’s kappa and Krippendorff’s alpha', async () => {
    const { stats } = await getQueueStats({ queueId });
    expect(stats.items).toBe(10);
    expect(stats.reviewed).toBe(10);
    expect(stats.verdict.percentAgreement).toBeCloseTo(0.7, 10);
    expect(stats.verdict.cohenKappa).toBeCloseTo(0.4, 10);
    expect(stats.verdict.krippendorffAlpha).toBeCloseTo(84 / 198, 10);
    expect(stats.labels.unsafe.percentAgreement).toBe(1);
    expect(stats.reviewers.map((r) => [r.reviewer, r.items])).toEqual([
      ['alice', 10],
      ['bob', 10],
    ]);
    expect(stats.consensus).toMatchObject({ decided: 7, undecided: 3, disagreements: 3 });
    expect(stats.reward).toBeDefined();
  });

  it('disagreements, adjudication and the per-rollout overlay', async () => {
    const list = await listQueueDisagreements({ queueId });
    expect(list.map((d) => d.position)).toEqual([4, 5, 8]);
    await adjudicateItem({
      itemId: list[0].itemId,
      verdict: { kind: 'rollout', value: 'accept' },
      labels: ['wrong-tool'],
      note: 'ok',
      byId: people.carol.id,
    });
    expect(
      await codeOf(
        adjudicateItem({ itemId: list[0].itemId, verdict: { kind: 'pair', value: 'tie' }, note: '', byId: null }),
      ),
    ).toBe('validation');
    const after = await listQueueDisagreements({ queueId });
    expect(after.map((d) => d.consensus.status)).toEqual(['undecided', 'undecided', 'decided']);
    expect(after[2].adjudication).toMatchObject({ by: 'carol' });
    const overlay = loadReviewOverlay({
      datasetId,
      queueIds: [queueId],
      consensus: { rule: 'majority', minReviews: 2 },
    });
    expect(overlay.rolloutIds).toHaveLength(10);
    expect(overlayOf(overlay, ids[30])).toEqual({
      verdict: OVERLAY_ACCEPT,
      status: OVERLAY_DECIDED,
      labels: ['unsafe'],
    });
    expect(overlayOf(overlay, list[0].rolloutIds[0])).toEqual({
      verdict: OVERLAY_ACCEPT,
      status: OVERLAY_DECIDED,
      labels: ['wrong-tool'],
    });
    expect(overlayOf(overlay, list[1].rolloutIds[0])!.status).toBe(OVERLAY_UNDECIDED);
    const unanimous = loadReviewOverlay({ datasetId, queueIds: [queueId], consensus: { rule: 'unanimous' } });
    expect(overlayOf(unanimous, list[0].rolloutIds[0])!.status).toBe(OVERLAY_UNDECIDED);
  });
});
