import { describe, expect, it } from 'vitest';
import { CAPABILITIES, ROLES, can, capabilitiesOf, minRole, roleAtLeast, type Capability, type Role } from './roles';

describe('roles', () => {
  it.each<[Role, Capability[]]>([
    ['viewer', ['read']],
    ['reviewer', ['read', 'review', 'comment']],
    ['curator', ['read', 'review', 'comment', 'import', 'curate', 'export', 'tokens', 'adjudicate']],
    ['admin', [...CAPABILITIES]],
  ])('%s may do exactly %j', (role, caps) => {
    expect(CAPABILITIES.filter((c) => can(role, c))).toEqual(caps);
    expect(
      Object.entries(capabilitiesOf(role))
        .filter(([, v]) => v)
        .map(([k]) => k),
    ).toEqual(caps);
  });

  it('orders the roles, each including the ones below', () => {
    for (const [i, a] of ROLES.entries()) for (const [j, b] of ROLES.entries()) expect(roleAtLeast(a, b)).toBe(i >= j);
  });

  it.each<[Role, Role, Role]>([
    ['admin', 'viewer', 'viewer'],
    ['reviewer', 'curator', 'reviewer'],
    ['curator', 'curator', 'curator'],
  ])('an API key limited to %s of a %s acts as %s', (a, b, r) => {
    expect(minRole(a, b)).toBe(r);
  });

  it('a reviewer cannot export, delete or change recipes', () => {
    expect(can('reviewer', 'export')).toBe(false);
    expect(can('reviewer', 'deleteDatasets')).toBe(false);
    expect(can('reviewer', 'curate')).toBe(false);
  });
});
