import { describe, expect, it } from 'vitest';
import { parseFileAll } from '../parse-file';
import { fixture, pairingProblems } from '../test-helpers';
import { format } from './tau2';

describe('tau2', () => {
  it('maps the monolithic Results JSON', async () => {
    const { rollouts, issues, summary } = await parseFileAll(fixture('tau2/results-mini.json'));
    expect(summary).toMatchObject({ format: 'tau2', read: 2, rollouts: 2, skipped: 0 });
    expect(issues).toEqual([]);
    const [a, b] = rollouts;
    expect(a).toMatchObject({ externalId: 'sim-a', taskId: '1', trial: 0, reward: 1, success: true });
    expect(a.messages[0]).toEqual({ role: 'system', content: '# Mini airline policy\nBe nice. Verify the user.' });
    expect(a.meta).toMatchObject({
      policy: a.messages[0].content,
      agentImplementation: 'llm_agent',
      terminationReason: 'user_stop',
      domain: 'airline',
    });
    expect(a.metrics).toMatchObject({ db_reward: 1, db_match: 1, 'reward_breakdown.DB': 1, agent_cost: 0.01 });
    // parallel calls with text; arguments serialised; results out of order paired by id
    expect(a.messages[3]).toMatchObject({ role: 'assistant', content: 'Let me look.' });
    expect(a.messages[3].tool_calls).toEqual([
      { id: 'c1', name: 'get_user', arguments: '{"user_id":"u1"}' },
      { id: 'c2', name: 'get_res', arguments: '{"id":"R1"}' },
    ]);
    expect(a.messages[4]).toMatchObject({ role: 'tool', tool_call_id: 'c2', name: 'get_res' });
    expect(a.messages[5]).toMatchObject({ role: 'tool', tool_call_id: 'c1', error: true });
    expect(a.messages[6].reasoning).toBe('The user confirmed.');
    // repeated id "dup": each result answers the call just before it
    expect(a.messages[7]).toMatchObject({ tool_call_id: 'dup', content: 'cancelled' });
    expect(a.messages[9]).toMatchObject({ tool_call_id: 'dup', content: 'cancelled again' });
    expect(a.promptLength).toBe(3); // system + greeting + first user turn
    expect(pairingProblems(a.messages)).toEqual([]);
    // reward_info null → reward null; user-side tool call keeps requestor on call, message, result
    expect(b).toMatchObject({ taskId: '[mobile]roaming[PERSONA:None]', trial: 1, reward: null, success: null });
    const userCall = b.messages.find((m) => m.tool_calls)!;
    expect(userCall).toMatchObject({ role: 'user', requestor: 'user', tool_calls: [{ id: 'u1', requestor: 'user' }] });
    expect(b.messages.find((m) => m.role === 'tool')).toMatchObject({ tool_call_id: 'u1', requestor: 'user' });
  });

  it('maps the non-standard wrapper with a per-simulation policy and reports the empty one', async () => {
    const { rollouts, issues, summary } = await parseFileAll(fixture('tau2/wrapper.json'));
    expect(summary).toMatchObject({ format: 'tau2', read: 2, rollouts: 1, skipped: 1 });
    expect(rollouts[0].messages[0].content).toContain('Medical triage policy');
    expect(rollouts[0].meta).toMatchObject({ domain: 'medical_triage', agentImplementation: 'adaptive' });
    expect(issues[0]).toMatchObject({ record: 1, path: '$.messages' });
    expect(issues[0].message).toContain('infrastructure_error');
  });

  it.each([['tau2/dir'], ['tau2/dir/results.json']])('reads the dir format from %s', async (p) => {
    const { rollouts, issues, summary } = await parseFileAll(fixture(p));
    expect(summary).toMatchObject({ format: 'tau2', read: 3, rollouts: 2, skipped: 1 });
    expect(rollouts[0].meta?.policy).toContain('Mini airline policy');
    expect(rollouts[1].messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Hi, how can I help?' },
      { role: 'user', content: 'Return my order.' },
    ]);
    expect(issues.map((i) => i.message).join('\n')).toMatch(/ticks carry no text/);
  });

  it.each([
    ['not an object', 42],
    ['messages of wrong types', { id: 'x', messages: [1, { role: 'alien' }, { role: 'assistant', tool_calls: [{}] }] }],
    ['reward_info wrong type', { id: 'y', messages: [{ role: 'user', content: 'hi' }], reward_info: 'big' }],
  ])('reports bad records (%s) without throwing', (_name, value) => {
    const res = format.mapRecord(value, { file: 'f', record: 0, doc: {} });
    expect(res.issues.length).toBeGreaterThan(0);
  });
});
