'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { fail, ok, parseInput, toActionResult, type ActionResult } from '@/lib/action-result';
import type { Actor } from '@/lib/auth/actor';
import { ROLES } from '@/lib/auth/roles';
import { authorize } from '@/lib/auth/session';
import { addUser, removeUser, resetPassword, revokeSessions, setRole } from '@/lib/auth/users';

const username = z.string().trim().min(1, 'enter a user name').max(64);
const password = z.string().min(1, 'enter a password').max(256);
const role = z.enum(ROLES);

async function run<T>(write: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    const out = await write();
    revalidatePath('/settings/people');
    return ok(out);
  } catch (e) {
    return toActionResult(e); // validation / name_taken / last_admin carry the field they are about
  }
}

const notYourself = (actor: Actor, name: string, what: string): ActionResult<never> | null =>
  actor.kind === 'user' && actor.name === name.trim().toLowerCase()
    ? fail('forbidden', `You cannot ${what} your own account here; another admin can.`)
    : null;

const addSchema = z.object({ username, password, role });
export async function addUserAction(
  input: z.input<typeof addSchema>,
): Promise<ActionResult<{ username: string; role: string; firstAdmin: boolean }>> {
  const auth = await authorize('admin');
  if (!auth.ok) return auth.result;
  const p = parseInput(addSchema, input);
  if (!p.ok) return p.result;
  return run(async () => {
    const u = await addUser(p.data);
    return { username: u.username, role: u.role, firstAdmin: Boolean(u.inherited) };
  });
}

const setRoleSchema = z.object({ username, role });
export async function setRoleAction(input: z.input<typeof setRoleSchema>): Promise<ActionResult<{ username: string }>> {
  const auth = await authorize('admin');
  if (!auth.ok) return auth.result;
  const p = parseInput(setRoleSchema, input);
  if (!p.ok) return p.result;
  const self = notYourself(auth.actor, p.data.username, 'change the role of');
  if (self) return self;
  return run(() => setRole(p.data));
}

const resetSchema = z.object({ username, password });
export async function resetPasswordAction(
  input: z.input<typeof resetSchema>,
): Promise<ActionResult<{ username: string }>> {
  const auth = await authorize('admin');
  if (!auth.ok) return auth.result;
  const p = parseInput(resetSchema, input);
  if (!p.ok) return p.result;
  return run(() => resetPassword(p.data));
}

const nameSchema = z.object({ username });
export async function signOutUserAction(input: z.input<typeof nameSchema>): Promise<ActionResult<null>> {
  const auth = await authorize('admin');
  if (!auth.ok) return auth.result;
  const p = parseInput(nameSchema, input);
  if (!p.ok) return p.result;
  return run(async () => {
    await revokeSessions(p.data);
    return null;
  });
}

export async function removeUserAction(input: z.input<typeof nameSchema>): Promise<ActionResult<{ username: string }>> {
  const auth = await authorize('admin');
  if (!auth.ok) return auth.result;
  const p = parseInput(nameSchema, input);
  if (!p.ok) return p.result;
  const self = notYourself(auth.actor, p.data.username, 'remove');
  if (self) return self;
  return run(() => removeUser(p.data));
}
