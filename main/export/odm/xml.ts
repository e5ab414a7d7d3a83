/** The little XML writing the ODM files need: escaped text and attributes, no DOM. */
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// XML 1.0 cannot carry most control characters at all, even escaped.
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function esc(s: string): string {
  return s.replace(INVALID, '').replace(/[&<>"']/g, (c) => ESC[c]!);
}

export type Attrs = Record<string, string | number | undefined>;

export function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('');
}

/** An element: self-closing without children. */
export function el(name: string, a: Attrs, ...children: string[]): string {
  const inner = children.filter(Boolean).join('');
  return inner ? `<${name}${attrs(a)}>${inner}</${name}>` : `<${name}${attrs(a)}/>`;
}

export const text = (name: string, value: string, a: Attrs = {}): string =>
  `<${name}${attrs(a)}>${esc(value)}</${name}>`;
export const translated = (name: string, value: string): string =>
  el(name, {}, text('TranslatedText', value, { 'xml:lang': 'en' }));

/** OIDs are free strings in ODM; ours are prefixed per kind so that they never collide. */
export const oid = {
  study: (id: string) => `S.${id}`,
  mdv: (id: string, version: string) => `MDV.${id}.${version}`,
  event: (id: string) => `SE.${id}`,
  form: (id: string) => `F.${id}`,
  group: (form: string) => `IG.${form}`,
  item: (form: string, code: string) => `I.${form}.${code}`,
  codeList: (form: string, field: string) => `CL.${form}.${field}`,
  condition: (form: string, field: string) => `C.${form}.${field}`,
  method: (form: string, field: string) => `M.${form}.${field}`,
  missing: 'CL.SITECRF.MISSING',
  yesno: 'CL.SITECRF.YESNO',
  site: (code: string) => `LOC.${code}`,
  user: (name: string) => `USR.${name}`,
};
