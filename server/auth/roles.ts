// Who may do what. A role includes everything the roles before it may do: viewers see aggregates with
// small numbers suppressed; analysts also see exact figures, child-level files and one child's timeline;
// admins also import, delete and manage users. A route's access is the least role it needs, or
// 'public' (the sign-in page and the session routes).
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type Access = 'public' | Role;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` may use a route that needs `access`. */
export function allows(role: Role, access: Access): boolean {
  return access === 'public' || ROLES.indexOf(role) >= ROLES.indexOf(access);
}

/** Exact figures (no small-number suppression) for every role but viewer. */
export function seesExactCounts(role: Role): boolean {
  return role !== 'viewer';
}

/** The access a route gets when its registration says nothing: reading needs an analyst, changing an admin. */
export function defaultAccess(method: string): Role {
  return method === 'GET' || method === 'HEAD' ? 'analyst' : 'admin';
}
