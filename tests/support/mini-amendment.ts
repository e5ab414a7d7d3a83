/** MINI's version 0.2 as a study file's text: a new field on VISIT (waist_cm) and a new event (week12). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MINI_TEXT = readFileSync(join(__dirname, '../fixtures/studies/mini.json'), 'utf8');

export function miniV02Text(): string {
  const d = JSON.parse(MINI_TEXT) as {
    version: string;
    forms: { id: string; fields: unknown[] }[];
    events: { id: string; label: string; forms: string[] }[];
  };
  d.version = '0.2';
  d.forms.find((f) => f.id === 'VISIT')!.fields.push({ id: 'waist_cm', label: 'Waist', type: 'int', phi: 'none' });
  d.events.push({ id: 'week12', label: 'Week 12', forms: ['VISIT'] });
  return JSON.stringify(d, null, 2);
}
