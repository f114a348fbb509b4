/**
 * Who is acting: the value every server action, route handler and page gets from lib/auth/session.ts
 * and records in `createdById`. Pure (types and small helpers; the browser imports ActorView).
 */
import { capabilitiesOf, type Capabilities, type Role } from './roles';

export type Actor =
  /** Sift bound to 127.0.0.1 with no accounts: the one person at this machine may do everything. */
  | { kind: 'owner'; id: null; name: typeof OWNER_NAME; role: 'admin' }
  /** A signed-in account (browser session), the owner of an API key (route handlers only), or `sift --as NAME`. */
  | { kind: 'user'; id: string; name: string; role: Role; via: 'session' | 'api-key' | 'cli' };

export const OWNER_NAME = 'local owner';

/** How to make the first admin, as every refusal that needs one says it. */
export const CREATE_ADMIN_HINT = 'npx sift users add NAME --role admin';
export const LOCAL_OWNER: Actor = { kind: 'owner', id: null, name: OWNER_NAME, role: 'admin' };

/** What a record's `createdById` should hold for this actor (null: the local owner). */
export function actorId(actor: Actor): string | null {
  return actor.id;
}

/** The name to show for a record's creator ("by NAME"); null means the local owner or a removed account. */
export function creatorName(createdBy: { username: string | null; name: string } | null | undefined): string {
  return createdBy ? (createdBy.username ?? createdBy.name) : OWNER_NAME;
}

/** What client components get: the name, role and the capabilities to show or hide controls by. */
export interface ActorView {
  name: string;
  role: Role;
  isOwner: boolean;
  can: Capabilities;
}

export function actorView(actor: Actor): ActorView {
  return { name: actor.name, role: actor.role, isOwner: actor.kind === 'owner', can: capabilitiesOf(actor.role) };
}
