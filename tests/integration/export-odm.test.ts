/**
 * CDISC ODM 1.3.2 out: the study's metadata and its de-identified data in one file, validated by
 * xmllint against CDISC's official schema (tests/fixtures/odm, imports kept local for --nonet),
 * with the same PHI rules as the workbook; and the Transactional audit file.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOdm } from '../../main/export/odm/index';
import { createFixture, PEOPLE, type Fixture } from '../support/export-fixture';
import { xmllint } from '../support/xmllint';

let fx: Fixture;
let out: string;
beforeAll(() => {
  fx = createFixture();
  out = mkdtempSync(join(tmpdir(), 'odm-'));
});
afterAll(() => {
  rmSync(fx.dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe('ODM 1.3.2 export', () => {
  it('writes a safe-harbor file that validates against the official XSD and carries no identifier', async () => {
    const r = await exportOdm(fx.coordinator, { period: '2026-10', outDir: out });
    expect(r.subjects).toBe(PEOPLE.length);
    expect(statSync(r.file).mode & 0o777).toBe(0o600);
    const v = xmllint(r.file);
    expect(v.out).toContain('validates');
    expect(v.ok, v.out).toBe(true);
    const xml = readFileSync(r.file, 'utf8');
    for (const p of PEOPLE) {
      for (const s of [p.first, p.last, p.mrn, p.phone, p.birth, p.proc, p.zip]) expect(xml, s).not.toContain(s);
    }
    for (const dates of fx.dates) for (const d of dates) expect(xml, d).not.toContain(`"${d}"`);
    // The metadata: events, forms, groups, items with range checks and code lists, show-if and computed.
    for (const tag of [
      '<Protocol>',
      '<StudyEventDef ',
      '<FormDef ',
      '<ItemGroupDef ',
      '<ItemDef ',
      '<CodeList ',
      '<ConditionDef ',
      '<MethodDef ',
    ])
      expect(xml).toContain(tag);
    expect(xml).toMatch(
      /<ItemDef OID="I\.PROC\.cement_ml"[^>]*DataType="float"[^>]*>.*?<RangeCheck Comparator="GE" SoftHard="Hard"><CheckValue>0\.5<\/CheckValue>/,
    );
    expect(xml).toMatch(
      /<ItemRef ItemOID="I\.ELIG\.fracture_side"[^>]*CollectionExceptionConditionOID="C\.ELIG\.fracture_side"/,
    );
    expect(xml).toContain('<ConditionDef OID="C.ELIG.fracture_side"');
    expect(xml).toMatch(/<ItemRef ItemOID="I\.ELIG\.eligible"[^>]*MethodOID="M\.ELIG\.eligible"/);
    // Dates leave as day offsets, identifiers not at all.
    expect(xml).toContain('ItemOID="I.PROC.proc_date_day"');
    expect(xml).not.toContain('I.REG.mrn');
    expect(xml).not.toContain('I.REG.last_name');
    // The missing-data code of BASE.symptom_weeks: IsNull plus the SiteCRF code list.
    expect(xml).toMatch(
      /<ItemData ItemOID="I\.BASE\.symptom_weeks" IsNull="Yes"><Annotation SeqNum="1"><Comment>[^<]*<\/Comment><Flag><FlagValue CodeListOID="CL\.SITECRF\.MISSING">UNK<\/FlagValue>/,
    );
    expect(xml).toContain('<Alias Context="SiteCRF" Name="missing:UNK"/>');
    // A kept value as it was entered.
    expect(xml).toMatch(
      /<FormData FormOID="F\.PROC"><ItemGroupData ItemGroupOID="IG\.PROC">.*?<ItemData ItemOID="I\.PROC\.hospitalization" Value="OUTPATIENT"\/>/,
    );
    // Recorded in the accounting of disclosures, never as the previous submission.
    const rec = fx.admin.db
      .prepare('SELECT profile, submission, sha256, file_name FROM exports ORDER BY id DESC LIMIT 1')
      .get() as Record<string, unknown>;
    expect(rec).toMatchObject({ profile: 'safe-harbor', submission: 0, sha256: r.sha256 });
  });

  it('the validation test itself fails on a file that breaks the schema', () => {
    const bad = join(out, 'bad.xml');
    writeFileSync(
      bad,
      '<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" FileType="Snapshot" FileOID="x" CreationDateTime="not a time"/>',
    );
    expect(xmllint(bad).ok).toBe(false);
  });

  it('writes the Transactional audit file for a profile that keeps dates, and refuses it for safe-harbor', async () => {
    await expect(exportOdm(fx.coordinator, { period: '2026-09', outDir: out, audit: true })).rejects.toThrow(
      /limited or identified/,
    );
    const r = await exportOdm(fx.coordinator, { period: '2026-09', profile: 'identified', outDir: out, audit: true });
    expect(r.auditRecords).toBeGreaterThan(20);
    const v = xmllint(r.auditFile!);
    expect(v.ok, v.out).toBe(true);
    const xml = readFileSync(r.auditFile!, 'utf8');
    expect(xml).toContain('FileType="Transactional"');
    expect(xml).toMatch(
      /<ItemData ItemOID="I\.PROC\.cement_ml" TransactionType="Insert"><AuditRecord ID="AR\.\d+" EditPoint="DBAudit"><UserRef UserOID="USR\.coord"\/><LocationRef LocationOID="LOC\.MMC"\/><DateTimeStamp>2026-10-20T12:00:00\.000Z<\/DateTimeStamp>/,
    );
    // Values and free-text reasons stay at the site even here (as in the Changes sheet).
    expect(xml).not.toContain(PEOPLE[0]!.mrn);
    expect(xmllint(r.file).ok).toBe(true);
  });
});
