'use server';

import { ok, type ActionResult } from '@/lib/action-result';
import { signOut } from '@/lib/auth/session';

/** Ends this browser's session (the user menu's "Sign out"); harmless when there is none. */
export async function signOutAction(): Promise<ActionResult<null>> {
  await signOut();
  return ok(null);
}
