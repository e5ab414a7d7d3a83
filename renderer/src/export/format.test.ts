import { describe, expect, it } from 'vitest';
import { auditAllowed, exportFileNames } from './format';

describe('export formats on the screen', () => {
  it('names the files as main writes them', () => {
    const sh = { id: 'safe-harbor' as const, phi: false };
    const lim = { id: 'limited' as const, phi: true };
    expect(exportFileNames('S', 'MMC', '2026-09', sh, 'xlsx', false)).toEqual(['S_MMC_2026-09_safe-harbor.xlsx']);
    expect(exportFileNames('S', 'MMC', '2026-09', sh, 'odm', false)).toEqual(['S_MMC_2026-09_safe-harbor.odm.xml']);
    expect(exportFileNames('S', 'MMC', '2026-09', lim, 'odm', true)).toEqual([
      'S_MMC_2026-09_limited_PHI.odm.xml',
      'S_MMC_2026-09_limited_PHI_audit.odm.xml',
    ]);
  });
  it('offers the audit trail only with ODM and a profile that keeps dates', () => {
    expect(auditAllowed({ keepsDates: true }, 'odm')).toBe(true);
    expect(auditAllowed({ keepsDates: false }, 'odm')).toBe(false);
    expect(auditAllowed({ keepsDates: true }, 'xlsx')).toBe(false);
    expect(auditAllowed(null, 'odm')).toBe(false);
  });
});
