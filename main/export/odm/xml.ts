/** The little XML writing the ODM files need: escaped text and attributes, no DOM. */
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// XML 1.0 cannot carry most control characters at all, even escaped.
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

// Most values need nothing: one test, no copies (the audit file escapes millions of them).
const NEEDS_ESCAPE = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function esc(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(INVALID, '').replace(/[&<>"']/g, (c) => ESC[c]!);
}

export type Attrs = Record<string, string | number | undefined>;

/** The attributes in order; one that is undefined or empty is left out. */
export function attrs(a: Attrs): string {
  let out = '';
  for (const k in a) {
    const v = a[k];
    if (v !== undefined && v !== '') out += ` ${k}="${esc(String(v))}"`;
  }
  return out;
}

/** An element: self-closing without children. */
export function el(name: string, a: Attrs, ...children: string[]): string {
  let inner = '';
  for (const c of children) inner += c;
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
