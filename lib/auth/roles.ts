/**
 * Sift's four roles and what each may do: the one table the server's checks (lib/auth/session.ts),
 * the auth library's access control (lib/db/auth.ts) and the UI's hidden buttons all read.
 *
 * Roles are ordered: each includes everything the roles below it may do.
 *   viewer   read everything (datasets, rollouts, recipes, exports, token analyses)
 *   reviewer + review what is assigned to them, comment
 *   curator  + import, curate (recipes, queues, adjudication), export, token analyses
 *   admin    + people (accounts, roles, passwords), delete datasets
 *
 * Pure: no Node, React, Next or database imports; the browser imports it too.
 */

export const ROLES = ['viewer', 'reviewer', 'curator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, reviewer: 1, curator: 2, admin: 3 };

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/** True when `role` includes everything `min` may do. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** Each capability and the least role that has it. */
export const CAPABILITY_ROLE = {
  read: 'viewer',
  review: 'reviewer',
  comment: 'reviewer',
  import: 'curator',
  curate: 'curator',
  export: 'curator',
  tokens: 'curator',
  adjudicate: 'curator',
  managePeople: 'admin',
  deleteDatasets: 'admin',
} as const satisfies Record<string, Role>;

export type Capability = keyof typeof CAPABILITY_ROLE;
export const CAPABILITIES = Object.keys(CAPABILITY_ROLE) as Capability[];

/** What a role may do, as plain booleans: pages pass this to client components to hide controls. */
export type Capabilities = Record<Capability, boolean>;

export function can(role: Role, capability: Capability): boolean {
  return roleAtLeast(role, CAPABILITY_ROLE[capability]);
}

export function capabilitiesOf(role: Role): Capabilities {
  return Object.fromEntries(CAPABILITIES.map((c) => [c, can(role, c)])) as Capabilities;
}

/** The capabilities a role has, as a list (the auth library's access-control statements). */
export function capabilityList(role: Role): Capability[] {
  return CAPABILITIES.filter((c) => can(role, c));
}

/** The lower of two roles: an API key acts with at most its owner's role. */
export function minRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
