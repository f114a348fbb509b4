'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { fail, ok, parseInput, toActionResult, type ActionResult } from '@/lib/action-result';
import type { Actor } from '@/lib/auth/actor';
import { ROLES } from '@/lib/auth/roles';
import { authorize } from '@/lib/auth/session';
import { createApiKey, revokeApiKey, type CreatedApiKey } from '@/lib/auth/users';

/** Keys belong to accounts: the local owner has none (and needs none: nothing asks it to sign in). */
function ownerOnly(actor: Actor): ActionResult<never> | null {
  return actor.kind === 'user'
    ? null
    : fail('user_not_found', 'API keys belong to accounts, and Sift has none yet (see docs/security.md).');
}

const createSchema = z.object({
  label: z.string().trim().min(1, 'say what the key is for').max(32, 'at most 32 characters'),
  role: z.enum(ROLES).optional(),
});

/** A key of one's own, shown once; any role may have keys, each capped at its owner's role. */
export async function createApiKeyAction(input: z.input<typeof createSchema>): Promise<ActionResult<CreatedApiKey>> {
  const auth = await authorize('viewer');
  if (!auth.ok) return auth.result;
  const p = parseInput(createSchema, input);
  if (!p.ok) return p.result;
  const denied = ownerOnly(auth.actor);
  if (denied) return denied;
  try {
    const key = await createApiKey({ username: auth.actor.name, ...p.data });
    revalidatePath('/settings/api-keys');
    return ok(key);
  } catch (e) {
    return toActionResult(e);
  }
}

const revokeSchema = z.object({ id: z.string().min(1).max(100) });

/** Revokes one of one's own keys (another user's key id answers api_key_not_found). */
export async function revokeApiKeyAction(input: z.input<typeof revokeSchema>): Promise<ActionResult<null>> {
  const auth = await authorize('viewer');
  if (!auth.ok) return auth.result;
  const p = parseInput(revokeSchema, input);
  if (!p.ok) return p.result;
  const denied = ownerOnly(auth.actor);
  if (denied) return denied;
  try {
    await revokeApiKey({ id: p.data.id, username: auth.actor.name });
    revalidatePath('/settings/api-keys');
    return ok(null);
  } catch (e) {
    return toActionResult(e);
  }
}
