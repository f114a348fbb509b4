/**
 * The sample dataset loaded on first start: realistic multi-turn, tool-calling customer-support
 * rollouts with rewards, several trials per task. Deterministic: the same seed gives the same
 * rollouts byte for byte (seeded PRNG, no Math.random, no clock).
 */
import type { Message, RolloutDraft, ToolSpec } from '../formats/types';

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Mia', 'Noah', 'Olivia', 'Liam', 'Ava', 'Ethan', 'Sofia', 'Lucas', 'Yara', 'Omar', 'Chen', 'Priya'];
const LAST = ['Garcia', 'Smith', 'Kim', 'Patel', 'Nguyen', 'Rossi', 'Silva', 'Hughes', 'Khan', 'Novak'];
const ITEMS = [
  'wireless headphones',
  'hiking boots',
  'espresso machine',
  'desk lamp',
  'yoga mat',
  'mechanical keyboard',
  'water bottle',
  'backpack',
];
const REASONS = [
  'it arrived damaged',
  'it is the wrong size',
  'I found it cheaper elsewhere',
  'it stopped working after a week',
  'I ordered it twice by mistake',
];

const POLICY = `# Retail agent policy

You are a customer service agent for an online retail store. You can help users look up orders, cancel pending orders, and return delivered items.

- Before taking any action that changes an order, authenticate the user by email and confirm the order id.
- Only pending orders can be cancelled. Only delivered orders can be returned, within 30 days of delivery.
- Before you cancel or return, list the details of the action and obtain explicit user confirmation ("yes").
- Refunds go to the original payment method. Never promise a refund amount you have not computed from the order.
- You should transfer the user to a human agent if and only if the request cannot be handled within the scope of your actions.`;

export const SAMPLE_TOOLS: ToolSpec[] = [
  fn(
    'find_user_by_email',
    'Find a user id by email address.',
    { email: { type: 'string', description: 'The user email.' } },
    ['email'],
  ),
  fn(
    'get_order_details',
    'Get the status, items and payment of an order.',
    { order_id: { type: 'string', description: "The order id, such as '#W0000000'." } },
    ['order_id'],
  ),
  fn(
    'cancel_pending_order',
    'Cancel a pending order. The refund goes to the original payment method.',
    {
      order_id: { type: 'string' },
      reason: { type: 'string', enum: ['no longer needed', 'ordered by mistake'] },
    },
    ['order_id', 'reason'],
  ),
  fn(
    'return_delivered_order_items',
    'Return some items of a delivered order.',
    {
      order_id: { type: 'string' },
      item_ids: { type: 'array', items: { type: 'string' } },
    },
    ['order_id', 'item_ids'],
  ),
  fn(
    'transfer_to_human_agents',
    'Transfer the user to a human agent with a summary.',
    { summary: { type: 'string' } },
    ['summary'],
  ),
];

function fn(name: string, description: string, properties: Record<string, unknown>, required: string[]): ToolSpec {
  return { type: 'function', function: { name, description, parameters: { type: 'object', properties, required } } };
}

type Kind = 'cancel' | 'return' | 'status' | 'out-of-scope';

interface Task {
  id: string;
  kind: Kind;
  name: string;
  email: string;
  orderId: string;
  item: string;
  itemId: string;
  price: number;
  reason: string;
  /** probability that a trial succeeds */
  difficulty: number;
}

function makeTasks(n: number, rand: () => number): Task[] {
  const kinds: Kind[] = ['cancel', 'return', 'status', 'out-of-scope'];
  const tasks: Task[] = [];
  for (let i = 0; i < n; i++) {
    const first = FIRST[Math.floor(rand() * FIRST.length)];
    const last = LAST[Math.floor(rand() * LAST.length)];
    tasks.push({
      id: `retail_${String(i).padStart(3, '0')}`,
      kind: kinds[i % kinds.length],
      name: `${first} ${last}`,
      email: `${first}.${last}${Math.floor(rand() * 90 + 10)}@example.com`.toLowerCase(),
      orderId: `#W${Math.floor(rand() * 9_000_000 + 1_000_000)}`,
      item: ITEMS[Math.floor(rand() * ITEMS.length)],
      itemId: String(Math.floor(rand() * 9_000_000_000 + 1_000_000_000)),
      price: Math.round((rand() * 280 + 20) * 100) / 100,
      reason: REASONS[Math.floor(rand() * REASONS.length)],
      // A spread of task difficulty: some always pass, some always fail, most in between.
      difficulty: i % 10 === 0 ? 1 : i % 10 === 1 ? 0 : 0.2 + rand() * 0.7,
    });
  }
  return tasks;
}

let callCounter = 0;
function call(name: string, args: Record<string, unknown>, rand: () => number) {
  callCounter++;
  const id = `call_${Math.floor(rand() * 1e12).toString(36)}${callCounter.toString(36)}`;
  return { id, name, arguments: JSON.stringify(args) };
}

function trajectory(
  task: Task,
  trial: number,
  rand: () => number,
): { messages: Message[]; success: boolean; metrics: Record<string, number>; reward: number } {
  const ok = rand() < task.difficulty;
  const messages: Message[] = [{ role: 'system', content: POLICY }];
  const status = task.kind === 'cancel' ? 'pending' : 'delivered';
  const opener: Record<Kind, string> = {
    cancel: `Hi, I'd like to cancel my order ${task.orderId}. I ordered the ${task.item} by mistake.`,
    return: `Hello. I want to return the ${task.item} from order ${task.orderId} because ${task.reason}.`,
    status: `Hey, where is my order ${task.orderId}? It has been a while.`,
    'out-of-scope': `Can you change the shipping address on my order ${task.orderId} to my office? Also I want a discount code.`,
  };
  messages.push({ role: 'user', content: opener[task.kind] });
  messages.push({
    role: 'assistant',
    content: 'I can help with that. First, could you please confirm the email address on your account?',
  });
  messages.push({ role: 'user', content: `Sure, it's ${task.email}.` });
  const c1 = call('find_user_by_email', { email: task.email }, rand);
  messages.push({ role: 'assistant', content: null, tool_calls: [c1] });
  const userId = `${task.name.toLowerCase().replace(' ', '_')}_${task.itemId.slice(0, 4)}`;
  messages.push({ role: 'tool', tool_call_id: c1.id, name: c1.name, content: JSON.stringify(userId) });
  const c2 = call('get_order_details', { order_id: task.orderId }, rand);
  const reasoning =
    rand() < 0.35
      ? `<think>The user is authenticated as ${userId}. I need the order status before acting: only ${task.kind === 'cancel' ? 'pending orders can be cancelled' : 'delivered orders can be returned'}.</think>`
      : undefined;
  messages.push({ role: 'assistant', content: null, tool_calls: [c2], ...(reasoning ? { reasoning } : {}) });
  messages.push({
    role: 'tool',
    tool_call_id: c2.id,
    name: c2.name,
    content: JSON.stringify(
      {
        order_id: task.orderId,
        user_id: userId,
        status,
        items: [{ item_id: task.itemId, name: task.item, price: task.price }],
        payment: { method: 'credit_card_4417', amount: task.price },
      },
      null,
      1,
    ),
  });
  let dbMatch = 0;
  let actionRecall = 0;
  let communicated = 0;
  if (task.kind === 'cancel' || task.kind === 'return') {
    const verb = task.kind === 'cancel' ? 'cancel' : 'return';
    messages.push({
      role: 'assistant',
      content: `Thanks. Order ${task.orderId} is ${status}. Here is what I will do:\n\n- **${verb}** the ${task.item} (item ${task.itemId})\n- refund **$${task.price.toFixed(2)}** to credit card 4417\n\nShall I proceed? Please answer yes or no.`,
    });
    messages.push({ role: 'user', content: ok || rand() < 0.5 ? 'Yes, please go ahead.' : 'Hmm, yes I guess.' });
    const skipConfirm = !ok && rand() < 0.5;
    const c3 =
      task.kind === 'cancel'
        ? call(
            'cancel_pending_order',
            { order_id: task.orderId, reason: ok ? 'ordered by mistake' : 'no longer needed' },
            rand,
          )
        : call(
            'return_delivered_order_items',
            { order_id: task.orderId, item_ids: ok || skipConfirm ? [task.itemId] : [] },
            rand,
          );
    messages.push({ role: 'assistant', content: null, tool_calls: [c3] });
    messages.push({
      role: 'tool',
      tool_call_id: c3.id,
      name: c3.name,
      content: ok
        ? JSON.stringify({ status: task.kind === 'cancel' ? 'cancelled' : 'return requested', refund: task.price })
        : 'Error: invalid arguments for this order',
      ...(ok ? {} : { error: true }),
    });
    if (ok) {
      messages.push({
        role: 'assistant',
        content: `Done: your ${task.item} ${task.kind === 'cancel' ? 'order is cancelled' : 'return is requested'} and $${task.price.toFixed(2)} will be refunded to your card within 5-7 business days. Anything else?`,
      });
      dbMatch = 1;
      actionRecall = 1;
      communicated = 1;
    } else {
      messages.push({
        role: 'assistant',
        content: `I'm sorry, something went wrong with the request. I have noted it on your order ${task.orderId}.`,
      });
      actionRecall = Math.round(rand() * 50) / 100;
      communicated = rand() < 0.5 ? 1 : 0;
    }
  } else if (task.kind === 'status') {
    messages.push({
      role: 'assistant',
      content: ok
        ? `Your order ${task.orderId} was **delivered**. It contained the ${task.item} ($${task.price.toFixed(2)}). If you cannot find it, I can help you start a return.`
        : `Your order is on its way and should arrive soon.`,
    });
    dbMatch = 1;
    actionRecall = 1;
    communicated = ok ? 1 : 0;
  } else {
    const c3 = call(
      'transfer_to_human_agents',
      { summary: `User ${userId} asks to change the shipping address of ${task.orderId} and for a discount code.` },
      rand,
    );
    if (ok) {
      messages.push({
        role: 'assistant',
        content:
          'Changing the address of a delivered order and discount codes are outside what I can do. I will transfer you to a human agent.',
      });
      messages.push({ role: 'assistant', content: null, tool_calls: [c3] });
      messages.push({ role: 'tool', tool_call_id: c3.id, name: c3.name, content: 'Transfer successful' });
      messages.push({ role: 'assistant', content: 'You are being transferred now. Have a great day!' });
      dbMatch = 1;
      actionRecall = 1;
      communicated = 1;
    } else {
      messages.push({
        role: 'assistant',
        content: 'Sure! I have updated your address and here is a 20% discount code: SAVE20.',
      });
      dbMatch = 1;
    }
  }
  messages.push({ role: 'user', content: ok ? 'No, that is all. Thank you! ###STOP###' : 'Whatever. ###STOP###' });
  // Reward: binary task success, except the "status" tasks which are graded on a continuous scale.
  const reward =
    task.kind === 'status'
      ? Math.round((0.5 * dbMatch + 0.5 * communicated * (0.6 + rand() * 0.4)) * 1000) / 1000
      : ok
        ? 1
        : 0;
  void trial;
  return {
    messages,
    success: ok,
    reward,
    metrics: { db_match: dbMatch, action_recall: actionRecall, communicate: communicated },
  };
}

export interface SampleOptions {
  tasks?: number;
  trials?: number;
  seed?: number;
}

/** 60 tasks × 5 trials = 300 rollouts by default. */
export function generateSampleRollouts({ tasks = 60, trials = 5, seed = 7 }: SampleOptions = {}): RolloutDraft[] {
  callCounter = 0;
  const rand = mulberry32(seed);
  const out: RolloutDraft[] = [];
  let record = 0;
  for (const task of makeTasks(tasks, rand)) {
    for (let trial = 0; trial < trials; trial++) {
      const t = trajectory(task, trial, rand);
      out.push({
        externalId: `${task.id}-trial-${trial}`,
        taskId: task.id,
        trial,
        messages: t.messages,
        tools: SAMPLE_TOOLS,
        reward: t.reward,
        metrics: t.metrics,
        success: t.success,
        split: null,
        source: { file: 'sample-retail.generated', record, line: record + 1 },
        promptLength: 2,
        meta: { generator: 'sift-sample', domain: 'retail', kind: task.kind },
      });
      record++;
    }
  }
  return out;
}
