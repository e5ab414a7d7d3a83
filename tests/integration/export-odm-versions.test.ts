/**
 * ODM version history (issue 12): a site amended from 0.1 to 0.2 writes one MetaDataVersion per
 * stored version and one ClinicalData per version, each form instance in the ClinicalData of
 * the version it was last saved under, every OID it names defined by that version, and the file
 * still validates against the ODM 1.3.2 XSD.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOdm } from '../../main/export/odm/index';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { amendStudy } from '../../main/study/amend';
import { registerStudy } from '../../shared/studies/index';
import { xmllint } from '../support/xmllint';
import { makeSite, type Site } from './site-fixture';
import { MINI_TEXT, miniV02Text } from '../support/mini-amendment';

let site: Site;
let out: string;
const ids: string[] = [];
let xml: string;
let result: Awaited<ReturnType<typeof exportOdm>>;
const progress: [number, number][] = [];

beforeAll(async () => {
  registerStudy(JSON.parse(MINI_TEXT));
  site = makeSite({ studyId: 'MINI', siteCode: 'AAA' });
  out = mkdtempSync(join(tmpdir(), 'odm-versions-'));
  const enrol = (subjectId: string) => ({
    subjectId,
    event: 'baseline',
    form: 'ENROL',
    status: 'complete' as const,
    values: { initials: 'JQ', dob: '1980-05-01', arm: 'A', enrol_date: '2025-03-01' },
  });
  const c = site.login('coordinator');
  try {
    for (let i = 0; i < 2; i++) ids.push(registerSubject(c).subjectId);
    saveForm(c, enrol(ids[0]!));
    saveForm(c, {
      subjectId: ids[0]!,
      event: 'baseline',
      form: 'VISIT',
      status: 'complete',
      values: { visit_date: '2025-03-01', weight_kg: 80.3, smoker: 'N' },
    });
    saveForm(c, enrol(ids[1]!));
  } finally {
    c.close();
  }
  const a = site.login('admin');
  try {
    amendStudy(a, { text: miniV02Text(), reason: 'Amendment 1: waist circumference' });
  } finally {
    a.close();
  }
  const c2 = site.login('coordinator');
  try {
    saveForm(c2, {
      subjectId: ids[0]!,
      event: 'week12',
      form: 'VISIT',
      status: 'complete',
      values: { visit_date: '2025-05-24', weight_kg: 79.0, smoker: 'N', waist_cm: 92 },
    });
    // Saved again under 0.2: it moves to 0.2's ClinicalData.
    saveForm(c2, { ...enrol(ids[1]!), values: { ...enrol(ids[1]!).values, arm: 'P' }, reason: 'Arm misread' });
    ids.push(registerSubject(c2).subjectId); // no form yet
    result = await exportOdm(c2, { period: '2025-05', outDir: out, onProgress: (d, t) => progress.push([d, t]) });
  } finally {
    c2.close();
  }
  xml = readFileSync(result.file, 'utf8');
}, 60_000);
afterAll(() => {
  site.cleanup();
  rmSync(out, { recursive: true, force: true });
});

const all = (s: string, re: RegExp) => [...s.matchAll(re)].map((m) => m[1]!);
function mdv(oid: string): string {
  const m = new RegExp(`<MetaDataVersion OID="${oid.replace(/\./g, '\\.')}".*?</MetaDataVersion>`, 's').exec(xml);
  expect(m, oid).not.toBeNull();
  return m![0];
}
function clinical(): { mdv: string; body: string }[] {
  return [...xml.matchAll(/<ClinicalData [^>]*MetaDataVersionOID="([^"]+)">(.*?)<\/ClinicalData>/gs)].map((m) => ({
    mdv: m[1]!,
    body: m[2]!,
  }));
}
const subjectOf = (body: string, id: string) =>
  new RegExp(`<SubjectData SubjectKey="${id}"(?:/>|>.*?</SubjectData>)`, 's').exec(body)?.[0] ?? null;

describe('ODM export of an amended site', () => {
  it('validates against the ODM 1.3.2 XSD', () => {
    const v = xmllint(result.file);
    expect(v.ok, v.out).toBe(true);
  });

  it('carries one MetaDataVersion per stored version, each as that version defined it', () => {
    expect(all(xml, /<MetaDataVersion OID="([^"]+)"/g)).toEqual(['MDV.MINI.0.1', 'MDV.MINI.0.2']);
    const old = mdv('MDV.MINI.0.1');
    const now = mdv('MDV.MINI.0.2');
    expect(old).not.toContain('I.VISIT.waist_cm');
    expect(old).not.toContain('SE.week12');
    expect(now).toContain('<ItemDef OID="I.VISIT.waist_cm"');
    expect(now).toContain('<StudyEventDef OID="SE.week12"');
  });

  it('puts each form instance in the ClinicalData of the version it was last saved under', () => {
    const cd = clinical();
    expect(cd.map((c) => c.mdv)).toEqual(['MDV.MINI.0.1', 'MDV.MINI.0.2']);
    const [old, now] = [cd[0]!, cd[1]!];
    // Subject 1: baseline under 0.1, week 12 under 0.2.
    const s1old = subjectOf(old.body, ids[0]!)!;
    expect(s1old).toContain('<StudyEventData StudyEventOID="SE.baseline">');
    expect(all(s1old, /FormOID="([^"]+)"/g)).toEqual(['F.ENROL', 'F.VISIT']);
    const s1now = subjectOf(now.body, ids[0]!)!;
    expect(all(s1now, /StudyEventOID="([^"]+)"/g)).toEqual(['SE.week12']);
    expect(s1now).toContain('<ItemData ItemOID="I.VISIT.waist_cm" Value="92"/>');
    // Subject 2: its one form saved again under 0.2, so only there.
    expect(subjectOf(old.body, ids[1]!)).toBeNull();
    expect(subjectOf(now.body, ids[1]!)).toContain('<ItemData ItemOID="I.ENROL.arm" Value="P"/>');
    // Subject 3, no form yet: registered under the running version.
    expect(subjectOf(now.body, ids[2]!)).toBe(`<SubjectData SubjectKey="${ids[2]}"/>`);
    expect(subjectOf(old.body, ids[2]!)).toBeNull();
    expect(result.forms).toBe(4);
    expect(result.subjects).toBe(3);
  });

  it('reports its progress in subjects over the passes of both versions, and hashes the bytes it wrote', () => {
    // Three subjects, read for 0.1's ClinicalData and again for 0.2's: the bar counts them once.
    expect(progress.at(-1)).toEqual([3, 3]);
    expect(createHash('sha256').update(readFileSync(result.file)).digest('hex')).toBe(result.sha256);
  });

  it('names in each ClinicalData only OIDs its MetaDataVersion defines', () => {
    for (const c of clinical()) {
      const defs = mdv(c.mdv);
      const defined = (kind: string) => new Set(all(defs, new RegExp(`<${kind} OID="([^"]+)"`, 'g')));
      for (const [attr, kind] of [
        ['ItemOID', 'ItemDef'],
        ['ItemGroupOID', 'ItemGroupDef'],
        ['FormOID', 'FormDef'],
        ['StudyEventOID', 'StudyEventDef'],
      ] as const) {
        const used = all(c.body, new RegExp(`${attr}="([^"]+)"`, 'g'));
        expect(used.length, `${c.mdv} ${attr}`).toBeGreaterThan(0);
        const known = defined(kind);
        expect(
          used.filter((o) => !known.has(o)),
          `${c.mdv}: ${attr} not defined there`,
        ).toEqual([]);
      }
    }
  });
});
