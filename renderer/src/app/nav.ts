/** The shell's navigation by role: what each person opens their day with, in the order they use it. */
import { may, type Role } from '../../../shared/roles';
import type { Route } from './router';

export interface NavItem {
  label: string;
  route: Route;
  /** Routes that light this item up (a casebook belongs to Subjects). */
  owns: Route['name'][];
}

const ITEMS = {
  subjects: { label: 'Subjects', route: { name: 'subjects' }, owns: ['subjects', 'casebook', 'form'] },
  queries: { label: 'Queries', route: { name: 'queries' }, owns: ['queries'] },
  worklist: { label: 'Worklist', route: { name: 'worklist' }, owns: ['worklist'] },
  reports: { label: 'Reports', route: { name: 'reports' }, owns: ['reports'] },
  audit: { label: 'Audit trail', route: { name: 'audit' }, owns: ['audit'] },
  export: { label: 'Export', route: { name: 'export' }, owns: ['export'] },
  users: { label: 'Users', route: { name: 'admin' }, owns: ['admin'] },
  datacut: { label: 'Lock data cut', route: { name: 'datacut' }, owns: ['datacut'] },
} satisfies Record<string, NavItem>;

const BY_ROLE: Record<Role, (keyof typeof ITEMS)[]> = {
  monitor: ['subjects', 'queries', 'reports', 'audit'],
  coordinator: ['subjects', 'queries', 'worklist', 'reports', 'export'],
  investigator: ['subjects', 'queries', 'worklist', 'reports', 'export'],
  admin: ['subjects', 'users', 'audit', 'reports', 'export', 'datacut'],
};

export function navItems(role: Role): NavItem[] {
  return BY_ROLE[role].map((k) => ITEMS[k]);
}

/** Whether a role may open a route at all (a typed address is no way round the menu). */
export function routeAllowed(role: Role, r: Route): boolean {
  if (r.name === 'account' || r.name === 'admin') return true;
  // A monitor exports de-identified data from the Reports screen (not a menu item of theirs).
  if (r.name === 'export') return may(role, 'export.deidentified');
  return navItems(role).some((i) => i.owns.includes(r.name));
}
