/**
 * SAX parsing of one zip entry with saxes. A DOCTYPE is refused outright: SpreadsheetML never
 * needs one, and without it there is no entity to expand (no billion laughs, no external
 * entity). Element names are taken without their namespace prefix, so Strict OOXML's and
 * other writers' prefixes read the same.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ReadRefusal } from './limits';
import type { ZipArchive } from './zip';

export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

export const localName = (n: string): string => {
  const i = n.indexOf(':');
  return i < 0 ? n : n.slice(i + 1);
};

/** Attributes by local name (`r:id` → `id`), except that an unprefixed name wins. */
function attrsOf(tag: SaxesTagPlain): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tag.attributes)) {
    const l = localName(k);
    if (k === l || !(l in out)) out[l] = v;
  }
  return out;
}

export async function parseEntry(zip: ZipArchive, entry: string, h: XmlHandlers): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let failure: Error | null = null;
  parser.on('doctype', () => {
    throw new ReadRefusal('xml', `${entry} has a DOCTYPE (entity declarations are not accepted in a workbook)`);
  });
  parser.on('error', (e) => {
    throw new ReadRefusal('xml', `${entry} is not well-formed XML (${e.message.split('\n')[0]})`);
  });
  if (h.open) {
    const open = h.open;
    parser.on('opentag', (t) => open(localName(t.name), attrsOf(t)));
  }
  if (h.close) {
    const close = h.close;
    parser.on('closetag', (t) => close(localName(t.name)));
  }
  if (h.text) {
    const text = h.text;
    parser.on('text', text);
    parser.on('cdata', text);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const feed = (s: string): void => {
    if (failure) return;
    try {
      parser.write(s);
    } catch (e) {
      failure = e instanceof ReadRefusal ? e : new ReadRefusal('xml', `${entry}: ${(e as Error).message}`);
      throw failure;
    }
  };
  try {
    await zip.read(entry, (chunk) => {
      let s: string;
      try {
        s = decoder.decode(chunk, { stream: true });
      } catch {
        throw new ReadRefusal('xml', `${entry} is not UTF-8 text`);
      }
      feed(s);
    });
    feed(decoder.decode());
    if (!failure) parser.close();
  } catch (e) {
    if (e instanceof ReadRefusal) throw e;
    throw new ReadRefusal('xml', `${entry} is not well-formed XML (${(e as Error).message.split('\n')[0]})`);
  }
}
