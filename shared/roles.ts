/** Roles and what each may do (architecture.md). Every service call checks one permission. */
export const ROLES = ['coordinator', 'investigator', 'monitor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const SITE_DATA: Role[] = ['coordinator', 'investigator'];
const EVERYONE: Role[] = [...ROLES];

export const PERMISSIONS = {
  'subject.read': EVERYONE,
  'subject.register': SITE_DATA,
  'subject.withdraw': SITE_DATA,
  /** Looking a subject up by MRN or name: identified, for site staff only (never the monitor). */
  'subject.identified': ['coordinator', 'investigator', 'admin'],
  'form.read': EVERYONE,
  'form.save': SITE_DATA,
  'draft.keep': SITE_DATA,
  'form.verify': ['monitor'],
  'casebook.sign': ['investigator'],
  'form.lock': ['admin'],
  'query.open': ['monitor', 'coordinator', 'investigator'],
  'query.answer': ['coordinator', 'investigator'],
  'query.close': ['monitor'],
  'query.read': EVERYONE,
  'user.manage': ['admin'],
  'user.self': EVERYONE,
  'audit.read': ['admin', 'monitor'],
  'export.deidentified': ['coordinator', 'investigator', 'admin', 'monitor'],
  'export.identified': ['coordinator', 'investigator', 'admin'],
  'report.read': EVERYONE,
  'worklist.read': ['coordinator', 'investigator', 'admin'],
  'backup.run': ['admin'],
  'demo.generate': ['admin', 'coordinator'],
  'site.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function may(role: Role, p: Permission): boolean {
  return (PERMISSIONS[p] as readonly Role[]).includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  coordinator: 'Research coordinator',
  investigator: 'Investigator',
  monitor: 'Monitor',
  admin: 'Administrator',
};
