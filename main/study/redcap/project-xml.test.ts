import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RedcapFileError } from './csv';
import { importRedcap } from './import';
import { importRedcapProjectXml } from './project-xml';
import { PROJECT_XML_LIMITS } from './project-xml-read';
import type { Report, ReportItem } from './types';

const ROOT = join(__dirname, '../../../tests/fixtures/redcap');
const file = (dir: string, name: string) =>
  existsSync(join(ROOT, dir, name)) ? readFileSync(join(ROOT, dir, name)) : undefined;
const SITE = { code: 'AAA', name: 'Alpha' };
const fromXml = (xml: Buffer | string, limits = PROJECT_XML_LIMITS) =>
  importRedcapProjectXml({ projectXml: xml, id: 'RC', site: SITE, limits });
const lines = (r: Report): string[] =>
  (Object.entries(r) as [string, ReportItem[]][]).flatMap(([k, v]) => v.map((x) => `${k} ${x.where}: ${x.what}`));
const fieldsOf = (s: ReturnType<typeof fromXml>['study']) => s.forms.flatMap((f) => f.fields);

/** A small project XML with one form; `items` is the ItemDefs' XML, referenced in that order. */
function project(items: { oid: string; xml: string }[], extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" xmlns:redcap="https://projectredcap.org" ODMVersion="1.3.1">
<Study OID="Project.T"><GlobalVariables><StudyName>Tiny</StudyName></GlobalVariables>
<MetaDataVersion OID="M" redcap:RecordIdField="record_id">
<FormDef OID="Form.f1" redcap:FormName="f1"><ItemGroupRef ItemGroupOID="f1.g"/></FormDef>
<ItemGroupDef OID="f1.g"><ItemRef ItemOID="record_id"/>${items.map((i) => `<ItemRef ItemOID="${i.oid}"/>`).join('')}</ItemGroupDef>
<ItemDef OID="record_id" redcap:Variable="record_id" redcap:FieldType="text"><Question><TranslatedText>Record ID</TranslatedText></Question></ItemDef>
${items.map((i) => i.xml).join('\n')}
${extra}
</MetaDataVersion></Study></ODM>`;
}
const visit = {
  oid: 'visit_date',
  xml: '<ItemDef OID="visit_date" redcap:Variable="visit_date" redcap:FieldType="text" redcap:TextValidationType="date_ymd"><Question><TranslatedText>Visit</TranslatedText></Question></ItemDef>',
};

describe('REDCap project XML import', () => {
  it('gives the study the dictionary gives (validation-types-1), but for the slider bounds the XML does not carry', () => {
    const csv = importRedcap({ dictionary: file('validation-types-1', 'dictionary.csv')!, id: 'RC', site: SITE });
    const xml = fromXml(file('validation-types-1', 'project.xml')!);
    const slider = (s: typeof csv.study) => fieldsOf(s).find((f) => f.id === 'f_slider')!;
    // The dictionary's min and max columns say −1…101; the XML has no RangeCheck for a slider.
    expect([slider(csv.study).min, slider(csv.study).max]).toEqual([-1, 101]);
    expect([slider(xml.study).min, slider(xml.study).max]).toEqual([0, 100]);
    const withoutSlider = (s: typeof csv.study) => ({
      ...s,
      title: '',
      forms: s.forms.map((f) => ({ ...f, fields: f.fields.filter((x) => x.id !== 'f_slider') })),
    });
    expect(withoutSlider(xml.study)).toEqual(withoutSlider(csv.study));
    expect(xml.study.title).toBe('REDCapR: valiation-types-1');

    const a = new Set(lines(csv.report));
    const b = new Set(lines(xml.report));
    expect([...a].filter((x) => !b.has(x))).toEqual([
      'approximated form_1.f_slider: slider labels "-1 | 50 | 101" are not shown; an integer -1–101',
    ]);
    expect([...b].filter((x) => !a.has(x))).toEqual([
      "approximated form_1.f_slider: the project XML does not carry a slider's min and max: REDCap's default 0–100 is used",
      "approximated form_1.form_1_complete: REDCap's form status (Incomplete/Unverified/Complete) is not a field: SiteCRF keeps each form's own status",
      'approximated form_1.f_slider: slider labels "-1 | 50 | 101" are not shown; an integer 0–100',
    ]);
  });

  it('gives the study the dictionary and its event files give (longitudinal-with-repeating-instrument), but for windows', () => {
    const dir = 'longitudinal-with-repeating-instrument';
    const csv = importRedcap({
      dictionary: file(dir, 'dictionary.csv')!,
      events: file(dir, 'event.csv'),
      mapping: file(dir, 'instrument-event.csv'),
      repeating: file(dir, 'repeating.csv'),
      id: 'RC',
      site: SITE,
    });
    const xml = fromXml(file(dir, 'project.xml')!);
    // REDCap's events file carries the day offsets even with scheduling off; the XML says it is off.
    const noWindows = (s: typeof csv.study) => ({
      ...s,
      title: '',
      events: s.events.map(({ window: _w, followUp: _f, ...e }) => e),
    });
    expect(csv.study.events.map((e) => e.window)).toEqual([
      { minDays: 1, maxDays: 1 },
      { minDays: 2, maxDays: 2 },
      { minDays: 3, maxDays: 3 },
    ]);
    expect(xml.study.events.some((e) => e.window)).toBe(false);
    expect(noWindows(xml.study)).toEqual(noWindows(csv.study));
    expect(xml.study.forms.filter((f) => f.repeating).map((f) => f.id)).toEqual(['laboratory', 'medication']);
    const a = new Set(lines(csv.report));
    const b = new Set(lines(xml.report));
    expect([...a].filter((x) => !b.has(x)).every((x) => /^converted event visit_\d_arm_1: window day/.test(x))).toBe(
      true,
    );
    expect([...b].filter((x) => !a.has(x))).toEqual([
      ...['demographics', 'visit', 'laboratory', 'medication'].map(
        (f) =>
          `approximated ${f}.${f}_complete: REDCap's form status (Incomplete/Unverified/Complete) is not a field: SiteCRF keeps each form's own status`,
      ),
      'approximated study: scheduling is off in this REDCap project: the events’ day offsets are not made windows',
    ]);

    // With scheduling on, the windows come too and the two studies are the same.
    const on = file(dir, 'project.xml')!
      .toString('utf8')
      .replace('<redcap:SchedulingEnabled>0<', '<redcap:SchedulingEnabled>1<');
    expect({ ...fromXml(on).study, title: '' }).toEqual({ ...csv.study, title: '' });
  });

  it.each(['checkboxes-1', 'clinical-trial-1', 'dag-write', 'potentially-problematic-dictionary'])(
    'gives exactly the study the dictionary gives (%s); the report adds only what the XML has more',
    (dir) => {
      const csv = importRedcap({ dictionary: file(dir, 'dictionary.csv')!, id: 'RC', site: SITE });
      const xml = fromXml(file(dir, 'project.xml')!);
      expect({ ...xml.study, title: '' }).toEqual({ ...csv.study, title: '' });
      const a = new Set(lines(csv.report));
      const extra = lines(xml.report).filter((x) => !a.has(x));
      expect(extra.length).toBeGreaterThan(0);
      // Each form's status field, and the data access groups, which only the XML lists.
      const more =
        /^approximated ((\w+)\.\2_complete: REDCap's form status|\w+\.redcap_data_access_group: |study: data access groups )/;
      expect(extra.filter((x) => !more.test(x))).toEqual([]);
      expect([...a].filter((x) => !lines(xml.report).includes(x))).toEqual([]);
    },
  );

  it("folds a checkbox's ItemDefs (one per code) back into one multi field with REDCap's codes and labels", () => {
    const { study } = fromXml(file('simple-write', 'project.xml')!);
    const ids = fieldsOf(study).map((f) => f.id);
    expect(ids.filter((id) => id.startsWith('race'))).toEqual(['race']);
    const race = fieldsOf(study).find((f) => f.id === 'race')!;
    expect(race.type).toBe('multi');
    expect(race.codes?.map((c) => c.code)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(race.codes?.[1]).toEqual({ code: '2', label: 'Asian' });
    // REDCap's internal names: textarea is notes, float a number with its RangeChecks as bounds.
    const height = fieldsOf(study).find((f) => f.id === 'height')!;
    expect(height).toMatchObject({ type: 'decimal', min: 130, max: 215 });
    expect(fieldsOf(study).find((f) => f.id === 'comments')).toMatchObject({ type: 'text', maxLength: 4000 });
  });

  it('reads events, arms and the forms of each event; day offsets are windows only with scheduling on', () => {
    const { study, report } = fromXml(file('arm-multiple-delete', 'project.xml')!);
    expect(study.events.map((e) => [e.id, e.label, e.forms])).toEqual([
      ['event_1_arm_1', 'Event 1 (arm 1)', ['demographics']],
      ['event_1_arm_2', 'Event 1 (arm 2)', ['demographics']],
      ['event_1_arm_3', 'Event 1 (arm 3)', ['demographics']],
    ]);
    expect(study.events.some((e) => e.window)).toBe(false);
    expect(lines(report)).toContain(
      'approximated study: scheduling is off in this REDCap project: the events’ day offsets are not made windows',
    );
    const on = file('arm-multiple-delete', 'project.xml')!
      .toString('utf8')
      .replace('<redcap:SchedulingEnabled>0<', '<redcap:SchedulingEnabled>1<');
    expect(fromXml(on).study.events.map((e) => e.window)).toEqual([
      { minDays: 0, maxDays: 0 },
      { minDays: 1, maxDays: 1 },
      { minDays: 1, maxDays: 1 },
    ]);
  });

  it('makes a repeating instrument of a classic project repeat', () => {
    const { study } = fromXml(file('repeating-instruments-sparse', 'project.xml')!);
    expect(study.forms.find((f) => f.id === 'bp')?.repeating).toBe(true);
    expect(study.forms.find((f) => f.id === 'demographics')?.repeating).toBeUndefined();
    expect(study.events.find((e) => e.forms.includes('bp'))?.repeating).toBe(true);
  });

  it('reports what it leaves out: form status, data access group, unknown references, ItemDefs on no form', () => {
    const xml = project(
      [
        visit,
        { oid: 'ghost', xml: '' },
        {
          oid: 'redcap_data_access_group',
          xml: '<ItemDef OID="redcap_data_access_group" redcap:Variable="redcap_data_access_group"><Question><TranslatedText>DAG</TranslatedText></Question></ItemDef>',
        },
      ],
      '<ItemDef OID="orphan" redcap:Variable="orphan" redcap:FieldType="text"/>',
    );
    const { study, report } = fromXml(xml);
    expect(fieldsOf(study).map((f) => f.id)).toEqual(['record_id', 'visit_date']);
    const told = lines(report).join('\n');
    expect(told).toContain('<ItemRef ItemOID="ghost"> names no ItemDef');
    expect(told).toContain("f1.redcap_data_access_group: REDCap's data access group is not a field here");
    expect(told).toMatch(/<ItemDef OID="orphan"> at line \d+ is on no form: left out/);
  });

  it("keeps the first of an ItemDef REDCap writes twice and an ItemRef it repeats (a survey's timestamp), and says so", () => {
    const stamp = {
      oid: 'f1_timestamp',
      xml: '<ItemDef OID="f1_timestamp" redcap:Variable="f1_timestamp"><Question><TranslatedText>Survey Timestamp</TranslatedText></Question></ItemDef>',
    };
    const { study, report } = fromXml(project([stamp, stamp, visit, { oid: 'visit_date', xml: visit.xml }]));
    expect(fieldsOf(study).map((f) => f.id)).toEqual(['record_id', 'visit_date']);
    const told = lines(report).join('\n');
    expect(told).toMatch(/<ItemDef OID="f1_timestamp"> at line \d+ is defined again: the first is kept/);
    expect(told).toMatch(/<ItemDef OID="visit_date"> at line \d+ is defined again: the first is kept/);
    expect(told).toContain('<ItemRef ItemOID="visit_date"> comes again in <ItemGroupDef OID="f1.g">: read once');
    expect(told).toContain("f1.f1_timestamp: REDCap's survey timestamp is not a field here");
  });

  it('reads a survey project: its record ID, its surveys as forms, its own columns left out with a reason', () => {
    const { study, report } = fromXml(file('survey', 'project.xml')!);
    expect(fieldsOf(study)[0]).toMatchObject({ id: 'participant_id', compute: { op: 'subjectId' } });
    expect(study.forms.map((f) => f.id)).toEqual([
      'prescreening_survey',
      'participant_info_survey',
      'participant_morale_questionnaire',
      'completion_data',
    ]);
    const told = lines(report).join('\n');
    expect(told).toContain(
      'the surveys prescreening_survey, participant_info_survey, participant_morale_questionnaire are entered as forms',
    );
    expect(told).toContain(
      "prescreening_survey.redcap_survey_identifier: REDCap's survey identifier is not a field here",
    );
    expect(fieldsOf(study).find((f) => f.id === 'consent')?.codes).toEqual([{ code: '1', label: 'I consent' }]);
  });

  it('names the data access groups, which are sites here', () => {
    const { report } = fromXml(file('dag', 'project.xml')!);
    expect(lines(report)).toContain(
      "approximated study: data access groups dag-a, dag-b: a SiteCRF database is one site (give --site); each group's site is its own database",
    );
  });

  it('carries branching, required, notes, identifiers and calculations, and a repeating event', () => {
    const xml = `<?xml version="1.0"?>
<ODM xmlns:redcap="https://projectredcap.org"><Study><GlobalVariables><StudyName>Events</StudyName>
<redcap:RepeatingInstrumentsAndEvents><redcap:RepeatingEvents><redcap:RepeatingEvent redcap:UniqueEventName="follow_arm_1"/></redcap:RepeatingEvents></redcap:RepeatingInstrumentsAndEvents>
</GlobalVariables><MetaDataVersion OID="M" redcap:RecordIdField="record_id">
<Protocol><StudyEventRef StudyEventOID="Event.follow_arm_1" OrderNumber="2"/><StudyEventRef StudyEventOID="Event.base_arm_1" OrderNumber="1"/></Protocol>
<StudyEventDef OID="Event.follow_arm_1" redcap:EventName="Follow-up" redcap:UniqueEventName="follow_arm_1" redcap:ArmNum="1"><FormRef FormOID="Form.f2" redcap:FormName="f2"/></StudyEventDef>
<StudyEventDef OID="Event.base_arm_1" redcap:EventName="Baseline" redcap:UniqueEventName="base_arm_1" redcap:ArmNum="1"><FormRef FormOID="Form.f1" redcap:FormName="f1"/></StudyEventDef>
<FormDef OID="Form.f1" redcap:FormName="f1"><ItemGroupRef ItemGroupOID="g1"/></FormDef>
<FormDef OID="Form.f2" redcap:FormName="f2"><ItemGroupRef ItemGroupOID="g2"/></FormDef>
<ItemGroupDef OID="g1"><ItemRef ItemOID="record_id"/><ItemRef ItemOID="seen"/><ItemRef ItemOID="why"/><ItemRef ItemOID="kg"/><ItemRef ItemOID="lb"/></ItemGroupDef>
<ItemGroupDef OID="g2"><ItemRef ItemOID="pain"/></ItemGroupDef>
<ItemDef OID="record_id" redcap:Variable="record_id" redcap:FieldType="text"><Question><TranslatedText>ID</TranslatedText></Question></ItemDef>
<ItemDef OID="seen" redcap:Variable="seen" redcap:FieldType="yesno" redcap:RequiredField="y"><Question><TranslatedText>Seen?</TranslatedText></Question></ItemDef>
<ItemDef OID="why" redcap:Variable="why" redcap:FieldType="textarea" redcap:BranchingLogic="[seen] = &quot;1&quot;" redcap:FieldNote="In a few words" redcap:Identifier="y"><Question><TranslatedText>&lt;b&gt;Why&lt;/b&gt;</TranslatedText></Question></ItemDef>
<ItemDef OID="kg" redcap:Variable="kg" redcap:FieldType="text" redcap:TextValidationType="float"><Question><TranslatedText>kg</TranslatedText></Question></ItemDef>
<ItemDef OID="lb" redcap:Variable="lb" redcap:FieldType="calc" redcap:Calculation="round([kg]*2.2046,1)"><Question><TranslatedText>lb</TranslatedText></Question></ItemDef>
<ItemDef OID="pain" redcap:Variable="pain" redcap:FieldType="slider" redcap:MatrixGroupName="m1"><Question><TranslatedText>Pain</TranslatedText></Question></ItemDef>
</MetaDataVersion></Study></ODM>`;
    const { study, report } = fromXml(xml);
    expect(study.events.map((e) => [e.id, e.label, e.forms, e.repeating ?? false])).toEqual([
      ['base_arm_1', 'Baseline', ['f1'], false],
      ['follow_arm_1', 'Follow-up', ['f2'], true],
    ]);
    const f = (id: string) => fieldsOf(study).find((x) => x.id === id)!;
    expect(f('seen')).toMatchObject({ type: 'yesno', required: true });
    expect(f('why')).toMatchObject({ label: 'Why', phi: 'direct', help: 'In a few words', showIf: { field: 'seen' } });
    expect(f('lb')).toMatchObject({ type: 'computed', compute: { op: 'round' } });
    expect(f('pain')).toMatchObject({ type: 'int', min: 0, max: 100 });
    const told = lines(report).join('\n');
    expect(told).toContain('f1.why: label: HTML markup removed');
    expect(told).toContain('f2.pain: matrix group m1');
    expect(told).toContain('event follow_arm_1: a repeating event becomes an any-time event');
  });

  it('reads a checkbox without redcap:CheckboxChoices from its ItemDefs, and says so', () => {
    const box = (code: string) => ({
      oid: `pick___${code}`,
      xml: `<ItemDef OID="pick___${code}" redcap:Variable="pick" redcap:FieldType="checkbox"><Question><TranslatedText>Pick</TranslatedText></Question></ItemDef>`,
    });
    const { study, report } = fromXml(project([visit, box('a'), box('b')]));
    expect(fieldsOf(study).find((f) => f.id === 'pick')?.codes).toEqual([
      { code: 'a', label: 'a' },
      { code: 'b', label: 'b' },
    ]);
    expect(lines(report).join('\n')).toContain('f1.pick: the checkbox has no redcap:CheckboxChoices');
  });
});

describe('REDCap project XML: malformed and hostile files', () => {
  const refused = (xml: Buffer | string, re: RegExp, limits = PROJECT_XML_LIMITS) => {
    let err: unknown;
    try {
      fromXml(xml, limits);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RedcapFileError);
    expect((err as Error).message).toMatch(re);
  };

  it('refuses a DOCTYPE before any entity is expanded (billion laughs, external entity)', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE ODM [<!ENTITY a "aaaaaaaaaa">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i ? 'b'.repeat(i) : 'a'};`.repeat(10)}">`,
      ),
      ']>',
      '<ODM><Study><GlobalVariables><StudyName>&bbbbbbbbb;</StudyName></GlobalVariables></Study></ODM>',
    ].join('\n');
    refused(lol, /^project XML: it has a DOCTYPE/);
    refused(
      '<?xml version="1.0"?><!DOCTYPE ODM [<!ENTITY x SYSTEM "file:///etc/passwd">]><ODM><Study>&x;</Study></ODM>',
      /DOCTYPE/,
    );
  });

  it('refuses a file above the size cap without parsing it, and a metadata with too many elements', () => {
    const real = file('simple-write', 'project.xml')!;
    refused(real, /is \d+ bytes, above the limit of 1000 bytes/, { ...PROJECT_XML_LIMITS, maxBytes: 1000 });
    refused(real, /more than 50 elements/, { ...PROJECT_XML_LIMITS, maxMetadataElements: 50 });
  });

  it('names the element and the attribute that is missing, and refuses what is not a project XML', () => {
    refused(
      project([{ oid: 'x', xml: '<ItemDef redcap:Variable="x"/>' }]),
      /<ItemDef> at line \d+: the attribute OID is missing/,
    );
    refused('<workbook/>', /the root element is <workbook>, not <ODM>/);
    refused(
      '<ODM SourceSystem="OpenClinica"><Study><MetaDataVersion><FormDef OID="F"/><ItemDef OID="I" DataType="text"/></MetaDataVersion></Study></ODM>',
      /no <ItemDef> has a redcap:FieldType: an ODM file from OpenClinica, not REDCap's project XML/,
    );
    refused(`<ODM>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</ODM>`, /nested more than 64 deep/);
    refused(
      `<ODM><ClinicalData>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</ClinicalData></ODM>`,
      /nested more than 64 deep/,
    );
    refused('<ODM><Study/></ODM>', /no <FormDef>/);
    refused('', /the file is empty/);
    refused('<ODM><Study><MetaDataVersion>', /not well-formed XML/);
    refused('<ODM>&nope;</ODM>', /not well-formed XML/);
  });

  it('never fails other than with a RedcapFileError on a cut or altered real file', () => {
    const real = file('simple-write', 'project.xml')!.toString('utf8');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: real.length }),
        fc.integer({ min: 0, max: real.length }),
        fc.constantFrom('', '<', '>', '"', '&', '</FormDef>', '\u0000'),
        (cut, at, junk) => {
          const text = (real.slice(0, at) + junk + real.slice(at)).slice(0, Math.max(cut, 1));
          try {
            fromXml(text);
          } catch (e) {
            if (!(e instanceof RedcapFileError)) throw e;
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('ignores ClinicalData (the data is never read) and takes a BOM', () => {
    const xml = project([visit]).replace(
      '</Study>',
      '</Study><ClinicalData><SubjectData SubjectKey="1"><ItemData ItemOID="visit_date" Value="Jane Doe"/></SubjectData></ClinicalData>',
    );
    const { study } = fromXml('\uFEFF' + xml);
    expect(JSON.stringify(study)).not.toContain('Jane Doe');
    expect(study.title).toBe('Tiny');
    // Latin-1 bytes where REDCap writes UTF-8: read, and said.
    const latin1 = Buffer.from(project([visit]).replace('Tiny', 'Tiny caf\u00e9'), 'latin1');
    const r = fromXml(latin1);
    expect(r.study.title).toBe('Tiny caf\uFFFD');
    expect(lines(r.report)).toContain(
      'approximated study: the file is not UTF-8 (REDCap writes UTF-8): characters it cannot read show as \uFFFD',
    );
  });
});
