/**
 * Roles come from catalog group membership (the user's ownership refs), never
 * from a hard-coded user list.
 */
export type PortalRole = 'platform' | 'on-call' | 'auditor' | 'developer';

export const DELIVERY_TEAMS = [
  'direct',
  'mono',
  'protocols',
  'chains',
  'listeners',
] as const;

const GROUP_ROLES: Record<string, PortalRole> = {
  'group:default/platform': 'platform',
  'group:default/on-call': 'on-call',
  'group:default/auditors': 'auditor',
  ...Object.fromEntries(
    DELIVERY_TEAMS.map(team => [`group:default/${team}`, 'developer' as const]),
  ),
};

/** Maps a signed-in user's ownership entity refs to the portal's roles. */
export function rolesFromOwnership(
  ownershipEntityRefs: string[],
): Set<PortalRole> {
  const roles = new Set<PortalRole>();
  for (const ref of ownershipEntityRefs) {
    const role = GROUP_ROLES[ref.toLocaleLowerCase('en-US')];
    if (role) {
      roles.add(role);
    }
  }
  return roles;
}
