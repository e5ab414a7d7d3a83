/**
 * Reads REDCap's "CDISC ODM project XML" export (ODM 1.3.1 with redcap: attributes) into plain
 * records of the elements the study needs. The ClinicalData is skipped: a study is built from
 * the metadata only, and the data would be PHI we have no use for.
 *
 * Safe on a hostile file: a DOCTYPE is refused outright (so no entity can be declared, let alone
 * expanded, and nothing external is fetched), the file has a size cap, and the metadata has a
 * cap on its element count. Every attribute read is checked with zod, and a failure names the
 * element, its line and the attribute.
 */
import { isUtf8 } from 'node:buffer';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { z } from 'zod';
import { localName } from '../../export/xlsx/xml';
import { RedcapFileError } from './csv';

/** Far above a real project (super-wide-1, 3,001 fields with its data, is about 6 MB). */
export const PROJECT_XML_LIMITS = { maxBytes: 256 * (1 << 20), maxMetadataElements: 2_000_000, maxDepth: 64 };
export type ProjectXmlLimits = typeof PROJECT_XML_LIMITS;

type Attrs = Record<string, string>;
export interface Located {
  line: number;
  attrs: Attrs;
}
export interface ItemDefXml extends Located {
  question?: string;
  codeList?: string;
  range: { comparator: string; value: string }[];
}
export interface CodeListXml extends Located {
  items: { code: string; label: string }[];
}
export interface ProjectXml {
  studyName?: string;
  globals: Record<string, string>;
  recordIdField?: string;
  eventOrder: { oid: string; order: number }[];
  events: (Located & { forms: Attrs[] })[];
  forms: (Located & { groups: string[] })[];
  groups: Map<string, Located & { items: Attrs[] }>;
  items: Map<string, ItemDefXml>;
  codeLists: Map<string, CodeListXml>;
  repeating: Located[];
  /** Definitions whose OID came before: `element` and `OID`, and where. */
  duplicates: Located[];
  dataAccessGroups: string[];
  /** Instruments that are also REDCap surveys. */
  surveys: string[];
  /** The root's SourceSystem, REDCap for REDCap's own files. */
  sourceSystem?: string;
  /** The bytes were not all UTF-8: what was not shows as U+FFFD. */
  notUtf8: boolean;
}

const oid = z.string({ error: 'is missing' }).trim().min(1, 'is empty');
/** The attributes each element must have; the rest are optional and read where used. */
const REQUIRED: Record<string, z.ZodType> = {
  StudyEventDef: z.object({ OID: oid }),
  StudyEventRef: z.object({ StudyEventOID: oid }),
  FormRef: z.object({ FormOID: oid }),
  FormDef: z.object({ OID: oid }),
  ItemGroupRef: z.object({ ItemGroupOID: oid }),
  ItemGroupDef: z.object({ OID: oid }),
  ItemRef: z.object({ ItemOID: oid }),
  ItemDef: z.object({ OID: oid }),
  CodeListRef: z.object({ CodeListOID: oid }),
  CodeList: z.object({ OID: oid }),
  CodeListItem: z.object({ CodedValue: z.string({ error: 'is missing' }) }),
  RangeCheck: z.object({ Comparator: z.string({ error: 'is missing' }) }),
};

/** Attributes by local name (`redcap:Variable` → `Variable`), except that an unprefixed name wins. */
function attrsOf(tag: SaxesTagPlain): Attrs {
  const out: Attrs = {};
  for (const [k, v] of Object.entries(tag.attributes)) {
    const l = localName(k);
    if (k === l || !(l in out)) out[l] = v;
  }
  return out;
}

const fail = (msg: string): never => {
  throw new RedcapFileError(`project XML: ${msg}`);
};

export function readProjectXml(input: Buffer | string, limits: ProjectXmlLimits = PROJECT_XML_LIMITS): ProjectXml {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > limits.maxBytes)
    fail(`the file is ${size} bytes, above the limit of ${limits.maxBytes} bytes for a project XML`);
  if (!size) fail('the file is empty');

  const out: ProjectXml = {
    globals: {},
    eventOrder: [],
    events: [],
    forms: [],
    groups: new Map(),
    items: new Map(),
    codeLists: new Map(),
    repeating: [],
    duplicates: [],
    dataAccessGroups: [],
    surveys: [],
    notUtf8: typeof input !== 'string' && !isUtf8(input),
  };
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: string[] = [];
  let sawOdm = false;
  let inClinical = 0;
  let count = 0;
  let textBuf: string[] | undefined;
  let event: ProjectXml['events'][number] | undefined;
  let form: ProjectXml['forms'][number] | undefined;
  let group: (Located & { items: Attrs[] }) | undefined;
  let item: ItemDefXml | undefined;
  let codeList: CodeListXml | undefined;
  let codeItem: { code: string; label?: string } | undefined;
  let range: { comparator: string; value: string } | undefined;

  const checked = (name: string, attrs: Attrs): Attrs => {
    const schema = REQUIRED[name];
    if (!schema) return attrs;
    const r = schema.safeParse(attrs);
    if (!r.success) {
      const i = r.error.issues[0]!;
      const where = attrs['OID'] ? ` OID="${attrs['OID']}"` : '';
      fail(`<${name}${where}> at line ${parser.line}: the attribute ${String(i.path[0])} ${i.message}`);
    }
    return attrs;
  };
  // REDCap itself writes a survey's timestamp ItemDef twice; the first is kept and the rest listed.
  const unique = <T>(map: Map<string, T>, name: string, key: string, value: T): void => {
    if (map.has(key)) out.duplicates.push({ line: parser.line, attrs: { element: name, OID: key } });
    else map.set(key, value);
  };

  parser.on('doctype', () =>
    fail('it has a DOCTYPE; REDCap never writes one, and entity declarations are not accepted'),
  );
  parser.on('error', (e) => fail(`not well-formed XML (${e.message.split('\n')[0]})`));
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const parent = stack[stack.length - 1];
    stack.push(name);
    // ClinicalData is not counted element by element, so depth is what bounds the parser's stack.
    if (stack.length > limits.maxDepth)
      fail(`elements are nested more than ${limits.maxDepth} deep (line ${parser.line})`);
    if (stack.length === 1) {
      if (name !== 'ODM') fail(`the root element is <${name}>, not <ODM>: not a REDCap project XML`);
      sawOdm = true;
      out.sourceSystem = attrsOf(tag)['SourceSystem'];
      return;
    }
    if (inClinical || name === 'ClinicalData') {
      inClinical++;
      return;
    }
    if (++count > limits.maxMetadataElements) fail(`the metadata has more than ${limits.maxMetadataElements} elements`);
    const attrs = checked(name, attrsOf(tag));
    const line = parser.line;
    switch (name) {
      case 'StudyName':
      case 'TranslatedText':
      case 'CheckValue':
        textBuf = [];
        break;
      case 'MetaDataVersion':
        out.recordIdField = attrs['RecordIdField'];
        break;
      case 'StudyEventRef':
        out.eventOrder.push({ oid: attrs['StudyEventOID']!, order: Number(attrs['OrderNumber'] ?? NaN) });
        break;
      case 'StudyEventDef':
        event = { line, attrs, forms: [] };
        out.events.push(event);
        break;
      case 'FormRef':
        if (event) event.forms.push(attrs);
        break;
      case 'FormDef':
        form = { line, attrs, groups: [] };
        out.forms.push(form);
        break;
      case 'ItemGroupRef':
        if (form) form.groups.push(attrs['ItemGroupOID']!);
        break;
      case 'ItemGroupDef':
        group = { line, attrs, items: [] };
        unique(out.groups, name, attrs['OID']!, group);
        break;
      case 'ItemRef':
        if (group) group.items.push(attrs);
        break;
      case 'ItemDef':
        item = { line, attrs, range: [] };
        unique(out.items, name, attrs['OID']!, item);
        break;
      case 'CodeListRef':
        if (item) item.codeList = attrs['CodeListOID'];
        break;
      case 'RangeCheck':
        if (item) item.range.push((range = { comparator: attrs['Comparator']!, value: '' }));
        break;
      case 'CodeList':
        codeList = { line, attrs, items: [] };
        unique(out.codeLists, name, attrs['OID']!, codeList);
        break;
      case 'CodeListItem':
        codeItem = { code: attrs['CodedValue']! };
        break;
      case 'DataAccessGroups':
        if (attrs['group_name']) out.dataAccessGroups.push(attrs['group_name']);
        break;
      case 'Surveys':
        if (attrs['form_name']) out.surveys.push(attrs['form_name']);
        break;
      case 'RepeatingInstrument':
      case 'RepeatingEvent':
        out.repeating.push({ line, attrs: { ...attrs, kind: name } });
        break;
      default:
        // A simple redcap: setting of the project (SchedulingEnabled and the like).
        if (parent === 'GlobalVariables') textBuf = [];
    }
  });
  parser.on('text', (t) => textBuf?.push(t));
  parser.on('cdata', (t) => textBuf?.push(t));
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    stack.pop();
    if (inClinical) {
      inClinical--;
      return;
    }
    const parent = stack[stack.length - 1];
    const value = textBuf?.join('');
    textBuf = undefined;
    switch (name) {
      case 'StudyName':
        out.studyName = value?.trim();
        break;
      case 'TranslatedText':
        // The first translation is REDCap's label; a later one is another language.
        if (parent === 'Decode' && codeItem && codeItem.label === undefined) codeItem.label = value ?? '';
        else if (parent === 'Question' && item && item.question === undefined) item.question = value ?? '';
        break;
      case 'CheckValue':
        if (range) range.value = (value ?? '').trim();
        break;
      case 'CodeListItem':
        if (codeList && codeItem) codeList.items.push({ code: codeItem.code, label: codeItem.label ?? '' });
        codeItem = undefined;
        break;
      case 'StudyEventDef':
        event = undefined;
        break;
      case 'FormDef':
        form = undefined;
        break;
      case 'ItemGroupDef':
        group = undefined;
        break;
      case 'ItemDef':
        item = undefined;
        break;
      case 'CodeList':
        codeList = undefined;
        break;
      case 'RangeCheck':
        range = undefined;
        break;
      default:
        if (parent === 'GlobalVariables' && value !== undefined) out.globals[name] = value.trim();
    }
  });

  try {
    // Decoded and fed in 1 MB slices, so the file is never held twice (as bytes and as one string).
    const bytes = typeof input === 'string' ? Buffer.from(input) : input;
    const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
    for (let i = 0; i < bytes.length; i += 1 << 20)
      parser.write(decoder.decode(bytes.subarray(i, i + (1 << 20)), { stream: true }));
    parser.write(decoder.decode());
    parser.close();
  } catch (e) {
    if (e instanceof RedcapFileError) throw e;
    fail(`not well-formed XML (${(e as Error).message.split('\n')[0]})`);
  }
  if (!sawOdm) fail('no <ODM> element');
  if (!out.forms.length) fail('no <FormDef>: the file holds no instruments (export it with its metadata)');
  if (out.items.size && ![...out.items.values()].some((i) => i.attrs['FieldType']))
    fail(
      `no <ItemDef> has a redcap:FieldType: an ODM file from ${out.sourceSystem ?? 'another system'}, not REDCap's project XML`,
    );
  return out;
}
