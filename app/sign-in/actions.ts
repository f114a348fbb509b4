'use server';

import { z } from 'zod';
import { ok, parseInput, toActionResult, type ActionResult } from '@/lib/action-result';
import { safeNext, signInWithPassword } from '@/lib/auth/session';

const signInSchema = z.object({
  username: z.string().trim().min(1, 'enter your user name').max(64),
  password: z.string().min(1, 'enter your password').max(256),
  next: z.string().max(2000).optional(),
});

/** Public by nature (it is how one gets a session); throttled per user name in lib/auth/throttle.ts. */
export async function signInAction(input: z.input<typeof signInSchema>): Promise<ActionResult<{ next: string }>> {
  const p = parseInput(signInSchema, input);
  if (!p.ok) return p.result;
  try {
    await signInWithPassword(p.data);
    return ok({ next: safeNext(p.data.next) });
  } catch (e) {
    return toActionResult(e);
  }
}
