import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../../../shared/protocol/load';
import { RedcapFileError } from './csv';
import { exportRedcap } from './export';
import { HEADER } from './fields';
import { importRedcap } from './import';

const ROOT = join(__dirname, '../../../tests/fixtures/redcap');
const file = (dir: string, name: string) =>
  existsSync(join(ROOT, dir, name)) ? readFileSync(join(ROOT, dir, name)) : undefined;
const SITE = { code: 'AAA', name: 'Alpha' };
const project = (dir: string) =>
  importRedcap({
    dictionary: file(dir, 'dictionary.csv')!,
    events: file(dir, 'event-offsets.csv') ?? file(dir, 'event.csv'),
    mapping: file(dir, 'instrument-event.csv'),
    repeating: file(dir, 'repeating.csv'),
    id: 'RC',
    site: SITE,
  });
const head = HEADER.map((h) => `"${h}"`).join(',');
const dict = (...rows: string[]) => [head, 'record_id,f1,,text,"Record ID",,,,,,,,,,,,,', ...rows].join('\n') + '\n';
const field = (study: ReturnType<typeof project>['study'], id: string) =>
  study.forms.flatMap((f) => f.fields).find((x) => x.id === id);

describe('REDCap dictionary import', () => {
  it('turns < <= > >= on numbers and dates into ordered show-ifs, and writes them back as REDCap reads them', () => {
    const text = dict(
      'weight,f1,,text,"Weight (kg)",,,integer,0,300,,,,,,,,',
      'visit,f1,,text,"Visit date",,,date_ymd,,,,,,,,,,',
      'heavy_note,f1,,notes,"Why so heavy",,,,,,,"[weight] > 150",,,,,',
      'light_note,f1,,notes,"Why so light",,,,,,,"40 >= [weight]",,,,,',
      `late_note,f1,,notes,"Late visit",,,,,,,"[visit] < '2025-06-30' and [weight] <= 300",,,,,`,
    );
    const { study, report } = importRedcap({ dictionary: text, id: 'ORD', site: SITE });
    expect(report.refused.filter((r) => /_note$/.test(r.where))).toEqual([]);
    expect(field(study, 'heavy_note')?.showIf).toEqual({ field: 'weight', gt: 150 });
    expect(field(study, 'light_note')?.showIf).toEqual({ field: 'weight', le: 40 });
    expect(field(study, 'late_note')?.showIf).toEqual({
      all: [
        { field: 'visit', lt: '2025-06-30' },
        { field: 'weight', le: 300 },
      ],
    });
    const back = exportRedcap(loadProtocol(study).def);
    expect(back.dictionary).toContain('[weight] > 150');
    expect(back.dictionary).toContain("[visit] < '2025-06-30'");
    const again = importRedcap({ dictionary: back.dictionary, id: 'ORD', site: SITE }).study;
    expect(loadProtocol(again).def).toEqual(loadProtocol(study).def);
  });
  it('maps every field type and text validation of validation-types-1', () => {
    const { study, report } = project('validation-types-1');
    const t = (id: string) => {
      const f = field(study, id);
      return (
        f && { type: f.type, phi: f.phi, decimals: f.decimals, pattern: f.pattern?.description, min: f.min, max: f.max }
      );
    };
    expect(t('record_id')).toMatchObject({ type: 'computed' });
    expect(t('f_checkbox')).toMatchObject({ type: 'multi' });
    expect(t('f_dropdown')).toMatchObject({ type: 'choice' });
    expect(t('f_radio')).toMatchObject({ type: 'choice' });
    expect(t('f_notes')).toMatchObject({ type: 'text', phi: 'freetext' });
    expect(field(study, 'f_notes')!.maxLength).toBeGreaterThan(200);
    expect(t('f_slider')).toMatchObject({ type: 'int', min: -1, max: 101 });
    expect(t('f_true_false')).toMatchObject({ type: 'yesno' });
    expect(t('f_yes_no')).toMatchObject({ type: 'yesno' });
    expect(t('v_integer')).toMatchObject({ type: 'int', phi: 'none' });
    expect(t('v_number')).toMatchObject({ type: 'decimal' });
    expect(t('v_number_3dp')).toMatchObject({ type: 'decimal', decimals: 3 });
    expect(t('v_number_2dp_comma_decimal')).toMatchObject({ type: 'decimal', decimals: 2 });
    for (const d of ['v_date_ymd', 'v_date_mdy', 'v_date_dmy', 'v_datetime_ymd', 'v_datetime_seconds_dmy'])
      expect(t(d), d).toMatchObject({ type: 'date', phi: 'date' });
    expect(t('v_email')).toMatchObject({ type: 'text', phi: 'direct', pattern: 'an e-mail address' });
    expect(t('v_phone')).toMatchObject({ type: 'text', phi: 'direct' });
    expect(t('v_zipcode')).toMatchObject({ type: 'text', phi: 'geo' });
    expect(t('v_ssn')).toMatchObject({ phi: 'direct' });
    expect(t('v_time_hh_mm')).toMatchObject({ type: 'text', pattern: 'a time HH:MM' });
    expect(t('v_postalcode_canada')).toMatchObject({ phi: 'direct' });
    // The descriptive text becomes the next field's help.
    expect(field(study, 'f_dropdown')!.help).toBe('Descriptive Text');
    const refused = report.refused.map((r) => r.where);
    for (const id of ['f_file_upload', 'f_signature', 'f_sql']) {
      expect(refused).toContain(`form_1.${id}`);
      expect(field(study, id)).toBeUndefined();
    }
    // `3+4` is arithmetic our expressions state.
    expect(field(study, 'f_calculated')).toMatchObject({
      type: 'computed',
      compute: { op: 'add', args: [{ const: 3 }, { const: 4 }] },
    });
  });

  it('turns identifiers into direct PHI and lists every date and free-text field to confirm', () => {
    const { study, report } = project('longitudinal');
    for (const id of ['first_name', 'last_name', 'telephone_1', 'email', 'dob'])
      expect(field(study, id)!.phi, id).toBe('direct');
    const confirm = report.confirmPhi.map((c) => c.where);
    expect(confirm).toEqual(
      expect.arrayContaining(['demographics.date_enrolled', 'demographics.comments', 'completion_data.withdraw_date']),
    );
    for (const f of study.forms.flatMap((x) => x.fields))
      if (f.phi === 'date' || f.phi === 'freetext')
        expect(
          confirm.some((c) => c.endsWith(`.${f.id}`)),
          f.id,
        ).toBe(true);
  });

  it('reads events, arms, windows, forms per event and repeating instruments', () => {
    const { study } = project('longitudinal');
    expect(study.events).toHaveLength(12);
    const ev = study.events.find((e) => e.id === 'first_visit_arm_2')!;
    expect(ev).toMatchObject({ label: 'First visit (arm 2)', window: { minDays: 8, maxDays: 12 } });
    expect(ev.forms).toEqual(['patient_morale_questionnaire', 'visit_observed_behavior']);
    const rep = project('longitudinal-with-repeating-instrument').study;
    expect(rep.forms.filter((f) => f.repeating).map((f) => f.id)).toEqual(['laboratory', 'medication']);
    expect(rep.events.map((e) => e.id)).toEqual(['visit_1_arm_1', 'visit_2_arm_1', 'visit_3_arm_1']);
    const classic = project('repeating-instruments').study;
    expect(classic.events).toEqual([
      { id: 'visit', label: 'Visit', forms: ['demographics'] },
      { id: 'repeating', label: 'Any time', forms: ['bp'], repeating: true },
    ]);
  });

  it('reads a BOM, tabs, CRLF and quoted multi-line cells the same as plain commas', () => {
    const plain = dict(
      'age,f1,,text,"Age",,,integer,0,120,,,y,,,,,',
      'sex,f1,,radio,"Sex","1, Female | 2, Male",,,,,,,,,,,,',
      'when,f1,,text,"When",,,date_ymd,,,,"[sex] = \'1\'",,,,,,',
    );
    const tabbed = plain
      .split('\n')
      .map((l) =>
        l
          .replace(/"([^"]*)"/g, (_, x: string) => `"${x.replace(/,/g, '\u0000')}"`)
          .replace(/,/g, '\t')
          .replace(/\u0000/g, ','),
      )
      .join('\r\n');
    const a = importRedcap({ dictionary: plain, id: 'T', site: SITE }).study;
    const b = importRedcap({ dictionary: Buffer.from('\ufeff' + tabbed, 'utf8'), id: 'T', site: SITE }).study;
    expect(b).toEqual(a);
    expect(field(a, 'age')).toMatchObject({ type: 'int', min: 0, max: 120, required: true });
    expect(field(a, 'when')!.showIf).toEqual({ field: 'sex', eq: '1' });
    const multi = importRedcap({
      dictionary: dict('sex,f1,,radio,"Sex\nat birth","1, Female |\n2, Male",,,,,,,,,,,,'),
      id: 'T',
      site: SITE,
    }).study;
    expect(field(multi, 'sex')!.codes).toEqual([
      { code: '1', label: 'Female' },
      { code: '2', label: 'Male' },
    ]);
  });

  it.each([
    'longitudinal',
    'longitudinal-with-repeating-instrument',
    'repeating-instruments',
    'validation-types-1',
    'potentially-problematic-dictionary',
  ])('round trip %s: import → export-redcap → import gives the same study', (dir) => {
    const first = project(dir).study;
    const files = exportRedcap(loadProtocol(first).def);
    const longitudinal = !!file(dir, 'event.csv');
    const again = importRedcap({
      dictionary: files.dictionary,
      events: longitudinal ? files.events : undefined,
      mapping: longitudinal ? files.mapping : undefined,
      repeating: files.repeating,
      id: 'RC',
      site: SITE,
    }).study;
    expect(loadProtocol(again).def).toEqual(loadProtocol(first).def);
  });

  it('imports thousands of rows with action tags, upper-case OR and cross-event references', () => {
    const rows: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const form = `form_${Math.floor(i / 100)}`;
      rows.push(
        `q${i},${form},,radio,"Question ${i}","1, Yes | 0, No",,,,,,${i % 7 === 1 ? `"[q${i - 1}] = '1' OR [q${i - 1}] = ''"` : ''},,,,,,${i % 5 === 0 ? '@HIDDEN @DEFAULT="1"' : ''}`,
      );
    }
    const t0 = performance.now();
    const { study, report } = importRedcap({ dictionary: dict(...rows), id: 'BIG', site: SITE });
    const ms = performance.now() - t0;
    expect(ms, `3,000 rows in ${Math.round(ms)} ms`).toBeLessThan(5000);
    expect(study.forms.flatMap((f) => f.fields)).toHaveLength(3001 + 1);
    expect(report.approximated.filter((a) => /@HIDDEN/.test(a.what))).toHaveLength(600);
    expect(field(study, 'q8')!.showIf).toEqual({
      any: [
        { field: 'q7', eq: '1' },
        { field: 'q7', filled: false },
      ],
    });
  });

  it('converts, approximates or refuses every strange row with a reason, never an exception', () => {
    // One file as a hand-edited, real-world export: BOM, tabs, CRLF, a quoted multi-line cell.
    const cells = (...c: string[]) => [...c, ...Array<string>(18 - c.length).fill('')];
    const rows = [
      HEADER,
      cells('record_id', 'enrol', '', 'text', 'Record ID'),
      cells('enrol_date', 'enrol', '', 'text', 'Enrolment date', '', '', 'date_ymd'),
      cells('consent', 'enrol', '', 'yesno', 'Consent'),
      cells('remarks', 'enrol', '', 'notes', 'Remarks\r\nabout the visit, if any'),
      cells(...['hidden', 'enrol', '', 'text', 'Hidden'], ...Array<string>(12).fill(''), '@HIDDEN @DEFAULT="x y"'),
      cells(
        ...['verdict', 'enrol', '', 'text', 'Verdict'],
        ...Array<string>(12).fill(''),
        "@CALCTEXT(if([consent]='1', 'in', 'out'))",
      ),
      cells(
        ...['or_up', 'enrol', '', 'text', 'Or'],
        ...Array<string>(6).fill(''),
        "[consent] = '1' OR [remarks] <> ''",
      ),
      cells(
        ...['and_up', 'enrol', '', 'text', 'And'],
        ...Array<string>(6).fill(''),
        "[consent] = '0' AND NOT([hidden] = '')",
      ),
      cells(...['cross', 'follow', '', 'text', 'Cross'], ...Array<string>(6).fill(''), "[enrol_arm_1][consent] = '1'"),
      cells(
        ...['cross_bad', 'follow', '', 'text', 'Cross'],
        ...Array<string>(6).fill(''),
        "[week_9_arm_1][consent] = '1'",
      ),
      cells('widget', 'follow', '', 'gadget', 'Widget'),
      cells('odd_check', 'follow', '', 'text', 'Odd', '', '', 'frobnicate'),
      cells('empty_radio', 'follow', '', 'radio', 'Empty radio', ''),
      cells('consent', 'follow', '', 'yesno', 'Consent again'),
      cells('late', 'enrol', '', 'text', 'Back in enrolment'),
      ...Array.from({ length: 2000 }, (_, i) =>
        cells(`q${i}`, 'follow', '', 'radio', `Question ${i}`, '1, Yes | 0, No'),
      ),
    ];
    const quote = (c: string) => (/[\t\r\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    const text = '\ufeff' + rows.map((r) => r.map(quote).join('\t')).join('\r\n') + '\r\n';
    const events = 'event_name,arm_num,unique_event_name\r\nEnrolment,1,enrol_arm_1\r\nFollow-up,1,follow_arm_1\r\n';
    const mapping = 'arm_num,unique_event_name,form\r\n1,enrol_arm_1,enrol\r\n1,follow_arm_1,follow\r\n';
    const t0 = performance.now();
    const { study, report } = importRedcap({ dictionary: Buffer.from(text), events, mapping, id: 'ODD', site: SITE });
    const ms = performance.now() - t0;
    expect(ms, `${rows.length} rows in ${Math.round(ms)} ms`).toBeLessThan(5000);
    loadProtocol(study);
    const said = (where: string, what: RegExp, kind: 'refused' | 'approximated') =>
      expect(
        report[kind].filter((x) => x.where === where).map((x) => x.what),
        `${kind} ${where}`,
      ).toEqual(expect.arrayContaining([expect.stringMatching(what)]));

    expect(field(study, 'remarks')).toMatchObject({ label: 'Remarks about the visit, if any', phi: 'freetext' });
    said('enrol.hidden', /^action tags not carried: @HIDDEN @DEFAULT="x y"$/, 'approximated');
    said(
      'enrol.verdict',
      /^@CALCTEXT\(if\(\[consent\]='1', 'in', 'out'\)\): REDCap computes this field/,
      'approximated',
    );
    expect(report.approximated.filter((x) => /field annotation not carried/.test(x.what))).toEqual([]);
    expect(field(study, 'or_up')!.showIf).toEqual({
      any: [
        { field: 'consent', eq: 'Y' },
        { field: 'remarks', filled: true },
      ],
    });
    expect(field(study, 'and_up')!.showIf).toEqual({
      all: [{ field: 'consent', eq: 'N' }, { not: { field: 'hidden', filled: false } }],
    });
    expect(field(study, 'cross')!.showIf).toEqual({ field: 'consent', form: 'enrol', event: 'enrol_arm_1', eq: 'Y' });
    said('follow.cross_bad', /names the event \[week_9_arm_1\], which the study does not have/, 'refused');
    expect(field(study, 'cross_bad')!.showIf).toBeUndefined();
    said('follow.widget', /the field type "gadget" is not known/, 'refused');
    said('follow.odd_check', /validation "frobnicate" is not known: plain text/, 'approximated');
    said('follow.empty_radio', /radio: it has no choices/, 'refused');
    said('follow.consent', /defined twice; the first is kept/, 'refused');
    expect(field(study, 'consent')!.label).toBe('Consent');
    said('enrol.late', /the form enrol comes back after follow/, 'approximated');
    expect(study.forms.find((f) => f.id === 'enrol')!.fields.map((f) => f.id)).toContain('late');
    // Nothing dropped silently: every variable is in the study or named in the report.
    const kept = new Set(study.forms.flatMap((f) => f.fields.map((x) => x.id)));
    const told = new Set([...report.refused, ...report.approximated].map((x) => x.where.split('.').pop()));
    for (const r of rows.slice(1)) expect(kept.has(r[0]!) || told.has(r[0]!), r[0]).toBe(true);
  });

  it('keeps a choice list, a range and a slider whose dictionary cells contradict themselves', () => {
    const { study, report } = importRedcap({
      dictionary: dict(
        'dup,f1,,radio,"Dup","1, One | 1, Uno | 2, Two",,,,,,,,,,,,',
        'crossed,f1,,text,"Crossed",,,integer,10,1,,,,,,,,',
        'slide,f1,,slider,"Slide",,,,200,,,,,,,,,',
      ),
      id: 'T',
      site: SITE,
    });
    expect(field(study, 'dup')!.codes).toEqual([
      { code: '1', label: 'One' },
      { code: '2', label: 'Two' },
    ]);
    expect(field(study, 'crossed')).toMatchObject({ type: 'int' });
    expect(field(study, 'crossed')!.min).toBeUndefined();
    expect(field(study, 'slide')).toMatchObject({ type: 'int', min: 0, max: 100 });
    expect(report.approximated.map((a) => `${a.where}: ${a.what}`)).toEqual(
      expect.arrayContaining([
        'f1.dup: the code 1 ("Uno") is given twice; the first is kept',
        'f1.crossed: range 10–1: the minimum is above the maximum, so the given bounds are not kept',
        'f1.slide: slider 200–100: the minimum is above the maximum, so the given bounds are not kept',
      ]),
    );
  });

  it("reads R's NA as an empty cell, refuses names the workbook uses and says when two form names merge", () => {
    const na = (row: string) => row.replace(/,(?=,|$)/g, ',NA');
    const { study, report } = importRedcap({
      dictionary: [
        head,
        na('record_id,f1,,text,"Record ID",,,,,,,,,,,,,'),
        na('age,f1,,text,"Age",,,integer,0,120,,,,,,,,'),
        na('subject_id,f1,,text,"Subject",,,,,,,,,,,,,'),
        na('a,"My Form",,text,"A",,,,,,,,,,,,,'),
        na('b,My-Form,,text,"B",,,,,,,,,,,,,'),
        na('seen,f1,,text,"Seen on",,,date_ymd,,,,,,,,,,'),
        na('seen_day,f1,,text,"Day of the week seen",,,,,,,,,,,,,'),
        na('later,f1,,text,"Later",,,,,,,"[seen_day] = \'Monday\'",,,,,,'),
        na('index_year,f1,,text,"Index year",,,integer,,,,,,,,,,'),
      ].join('\n'),
      id: 'T',
      site: SITE,
    });
    expect(field(study, 'age')).toMatchObject({ type: 'int', min: 0, max: 120, phi: 'none' });
    expect(field(study, 'age')!.help).toBeUndefined();
    expect(report.approximated.find((a) => /R's NA/.test(a.what))?.what).toMatch(
      /^the file writes empty cells as R's NA: \d+ NA cells/,
    );
    expect(field(study, 'subject_id')).toBeUndefined();
    expect(report.refused.map((r) => r.what)).toContain(
      'the name subject_id is a column of every workbook sheet; rename the variable',
    );
    // The de-identified workbook writes the date `seen` as the column seen_day.
    expect(field(study, 'seen_day')).toBeUndefined();
    expect(report.refused.map((r) => `${r.where}: ${r.what}`)).toEqual(
      expect.arrayContaining([
        'f1.seen_day: the de-identified workbook writes seen as the column seen_day, so this variable would share its name; rename it',
        expect.stringMatching(/^f1\.later: branching logic .*\[seen_day\], which is not a converted field/),
      ]),
    );
    // seen is the index date (the first date); its form already has a variable index_year.
    expect(study.indexDate).toMatchObject({ form: 'f1', field: 'seen' });
    expect(study.index).toEqual({ yearColumn: 'seen_year' });
    expect(field(study, 'index_year')).toMatchObject({ type: 'int' });
    expect(study.forms.find((f) => f.id === 'My_Form')!.fields.map((f) => f.id)).toEqual(['a', 'b']);
    expect(report.approximated.map((a) => a.what)).toContain(
      'the form names "My Form" and "My-Form" both become My_Form: one form',
    );
  });

  it('reads a header in another language by position, and says when the file is not UTF-8', () => {
    const fr = dict('poids,f1,,text,"Poids",,,integer,1,300,,,,,,m1,,').replace(
      head,
      HEADER.map((_, i) => `"Colonne ${i + 1}"`).join(','),
    );
    const latin1 = Buffer.from(dict('nom,f1,,text,"Pr\u00e9nom",,,,,,y,,,,,,,'), 'latin1');
    const a = importRedcap({ dictionary: fr, id: 'T', site: SITE });
    expect(field(a.study, 'poids')).toMatchObject({ type: 'int', min: 1, max: 300 });
    expect(a.report.approximated.map((x) => x.what)).toEqual(
      expect.arrayContaining([
        'the header is not REDCap\'s English one (it starts with "Colonne 1"): the columns are read by position',
        'matrix group m1: asked as its own question, not as a row of a grid',
      ]),
    );
    const b = importRedcap({ dictionary: latin1, id: 'T', site: SITE });
    expect(field(b.study, 'nom')!.label).toBe('Pr\ufffdnom');
    expect(b.report.approximated.map((x) => x.what)).toContainEqual(expect.stringMatching(/^the file is not UTF-8/));
    expect(
      importRedcap({ dictionary: Buffer.from(dict()), id: 'T', site: SITE }).report.approximated,
    ).not.toContainEqual(expect.objectContaining({ what: expect.stringMatching(/UTF-8/) }));
  });

  it('refuses a file that is not a dictionary with a clear message', () => {
    expect(() => importRedcap({ dictionary: '', id: 'T' })).toThrow(/empty/);
    expect(() => importRedcap({ dictionary: 'a,b\n1,2\n', id: 'T' })).toThrow(/not REDCap's header/);
    expect(() => importRedcap({ dictionary: head + '\n', id: 'T' })).toThrow(/no fields/);
  });

  it('never crashes on strange dictionaries: a study that loads, or a RedcapFileError', () => {
    const cell = fc.oneof(
      fc.constantFrom(
        '',
        'y',
        'text',
        'radio',
        'checkbox',
        'calc',
        'notes',
        'dropdown',
        'date_ymd',
        'integer',
        '1, A | 2, B',
        "[a] = '1'",
        '[x(1)] = "1" or [y] <> ""',
        '[ev_1][a] = 1',
        'datediff([a],[b],"d")',
        'not (',
        '@HIDDEN',
        '@DEFAULT="a b" @CALCTEXT(if([a]=\'1\',\'y\',"n"))',
        '@CALCTEXT(',
        'NA',
        '10',
        '-1',
        "[a] = '1' OR [b] <> '' AND NOT [x(1)] = '1'",
        "[ev_1][a] = '1'",
        '1, A | 1, B',
        'subject_id',
        'a_day',
        'slider',
        'sql',
        '"',
        '\n',
      ),
      fc.string({ maxLength: 12 }),
    );
    const row = fc.tuple(
      fc.constantFrom('a', 'b', 'x', 'y', 'q1', '1bad', 'record_id', 'a_day', 'instance'),
      fc.constantFrom('f1', 'f2', 'Bad Form', 'Bad-Form', ''),
      fc.array(cell, { minLength: 0, maxLength: 18 }),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.boolean(), (rows, bom, windows) => {
        // Comma or tab, LF or CRLF: the reader must not care.
        const [sep, eol] = windows ? ['\t', '\r\n'] : [',', '\n'];
        const q = (c: string) => `"${c.replace(/"/g, '""')}"`;
        const text = [HEADER.map(q).join(sep), ...rows.map(([n, f, rest]) => [n, f, ...rest].map(q).join(sep))].join(
          eol,
        );
        try {
          const { study } = importRedcap({ dictionary: (bom ? '\ufeff' : '') + text, id: 'FZ', site: SITE });
          loadProtocol(study);
        } catch (e) {
          if (!(e instanceof RedcapFileError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });
});
