import { describe, expect, it } from 'vitest';
import { navItems, routeAllowed } from './nav';
import { parseRoute, routeHash } from './router';

describe('navigation by role', () => {
  it('gives each role its screens, in order', () => {
    expect(navItems('monitor').map((i) => i.label)).toEqual(['Subjects', 'Queries', 'Reports', 'Audit trail']);
    expect(navItems('coordinator').map((i) => i.label)).toEqual([
      'Subjects',
      'Queries',
      'Worklist',
      'Reports',
      'Export',
    ]);
    expect(navItems('investigator').map((i) => i.label)).toEqual([
      'Subjects',
      'Queries',
      'Worklist',
      'Reports',
      'Export',
    ]);
    expect(navItems('admin').map((i) => i.label)).toEqual([
      'Subjects',
      'Users',
      'Audit trail',
      'Reports',
      'Export',
      'Lock data cut',
    ]);
  });
  it('refuses a typed address outside the role', () => {
    expect(routeAllowed('monitor', { name: 'worklist' })).toBe(false);
    expect(routeAllowed('coordinator', { name: 'audit' })).toBe(false);
    expect(routeAllowed('monitor', { name: 'export' })).toBe(true);
    expect(
      routeAllowed('admin', { name: 'form', subjectId: 'MMC-0001', event: 'screening', form: 'REG', instance: 1 }),
    ).toBe(true);
  });
  it('links a query to its field', () => {
    const r = parseRoute('#/form/MMC-0001/screening/BASE/1/vas_pre');
    expect(r).toEqual({
      name: 'form',
      subjectId: 'MMC-0001',
      event: 'screening',
      form: 'BASE',
      instance: 1,
      field: 'vas_pre',
    });
    expect(routeHash(r)).toBe('#/form/MMC-0001/screening/BASE/1/vas_pre');
    expect(parseRoute('#/audit')).toEqual({ name: 'audit' });
  });
});
