/**
 * One pass over an XML part, element by element, building nothing: each reader keeps only what it
 * needs. Names arrive without their namespace prefix, so `<x:c>` (written by some generators) reads
 * like `<c>`; attribute names keep theirs (`r:id`).
 *
 * A scanner made for the XML that spreadsheet programs write, not a general parser: it jumps from
 * `<` to `>` with the engine's native string search, where saxes checks every character (saxes was
 * measured first; docs/reader.md has the figures). It still refuses what a general parser refuses
 * and Excel never writes — mismatched or unclosed tags, undefined entities, DTDs (so no entity
 * expansion bombs) — so a damaged part is an unreadable file, never half a grid.
 */

/**
 * Start tags hand over their attributes as the raw text between the name and `>`: most tags'
 * attributes are never read, so they are never split (read one with `attribute`).
 */
export interface XmlVisitor {
  open?(name: string, attributes: string): void;
  text?(text: string): void;
  close?(name: string): void;
}

export class XmlError extends Error {}

const namedEntities: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Replaces the five XML entities and character references; anything else is malformed. */
export function decodeXml(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) throw new XmlError("bare & in text");
    if (entity[0] !== "#") {
      const named = namedEntities[entity];
      if (named === undefined) throw new XmlError(`undefined entity &${entity};`);
      return named;
    }
    const code =
      entity[1] === "x" ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    if (!(code <= 0x10ffff)) throw new XmlError(`bad character reference ${whole}`);
    return String.fromCodePoint(code);
  });
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Walks `xml`; malformed XML throws XmlError. */
export function walkXml(xml: string, visitor: XmlVisitor): void {
  const { open, text, close } = visitor;
  const stack: string[] = [];
  const end = xml.length;
  let i = 0;
  while (i < end) {
    const lt = xml.indexOf("<", i);
    const textEnd = lt < 0 ? end : lt;
    if (textEnd > i) {
      if (stack.length === 0) {
        if (xml.slice(i, textEnd).trim() !== "") throw new XmlError("text outside the root element");
      } else if (text) text(decodeXml(xml.slice(i, textEnd)));
    }
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) {
      const gt = xml.indexOf(">", lt);
      if (gt < 0) throw new XmlError("unclosed end tag");
      const name = xml.slice(lt + 2, gt).trim();
      if (stack.pop() !== name) throw new XmlError(`mismatched </${name}>`);
      close?.(localName(name));
      i = gt + 1;
    } else if (next === 0x3f /* ? */) {
      const stop = xml.indexOf("?>", lt);
      if (stop < 0) throw new XmlError("unclosed processing instruction");
      i = stop + 2;
    } else if (next === 0x21 /* ! */) {
      if (xml.startsWith("<!--", lt)) {
        const stop = xml.indexOf("-->", lt + 4);
        if (stop < 0) throw new XmlError("unclosed comment");
        i = stop + 3;
      } else if (xml.startsWith("<![CDATA[", lt)) {
        const stop = xml.indexOf("]]>", lt + 9);
        if (stop < 0 || stack.length === 0) throw new XmlError("bad CDATA section");
        text?.(xml.slice(lt + 9, stop));
        i = stop + 3;
      } else {
        // <!DOCTYPE …>: Excel never writes one, and its entities are how expansion bombs work.
        throw new XmlError("a document type declaration");
      }
    } else {
      i = openTag(xml, lt, stack, open, close);
    }
  }
  if (stack.length > 0) throw new XmlError(`unclosed <${stack[stack.length - 1]}>`);
}

/** Reads the start tag at `lt`, reports it (and its end, when self-closing); returns where it ends. */
function openTag(
  xml: string,
  lt: number,
  stack: string[],
  open: XmlVisitor["open"],
  close: XmlVisitor["close"],
): number {
  const end = xml.length;
  let p = lt + 1;
  for (; p < end; p++) {
    const code = xml.charCodeAt(p);
    if (isSpace(code) || code === 0x3e /* > */ || code === 0x2f /* / */) break;
  }
  const name = xml.slice(lt + 1, p);
  if (name === "") throw new XmlError("empty tag name");
  const attributesStart = p;
  // `>` may appear inside a quoted value.
  let quote = 0;
  for (; p < end; p++) {
    const code = xml.charCodeAt(p);
    if (quote) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) quote = code;
    else if (code === 0x3e) break;
  }
  if (p >= end) throw new XmlError(`unclosed <${name}`);
  const selfClosing = xml.charCodeAt(p - 1) === 0x2f;
  const local = localName(name);
  open?.(local, xml.slice(attributesStart, selfClosing ? p - 1 : p));
  if (selfClosing) close?.(local);
  else stack.push(name);
  return p + 1;
}

/** The value of attribute `name` in a start tag's attribute text, decoded; undefined when absent. */
export function attribute(attributes: string, name: string): string | undefined {
  const end = attributes.length;
  let p = 0;
  for (;;) {
    while (p < end && isSpace(attributes.charCodeAt(p))) p++;
    if (p >= end) return undefined;
    const eq = attributes.indexOf("=", p);
    if (eq < 0) throw new XmlError("bad attribute");
    const key = attributes.slice(p, eq).trim();
    p = eq + 1;
    while (p < end && isSpace(attributes.charCodeAt(p))) p++;
    const quote = attributes[p];
    if (quote !== '"' && quote !== "'") throw new XmlError("unquoted attribute");
    const valueEnd = attributes.indexOf(quote, p + 1);
    if (valueEnd < 0) throw new XmlError("unclosed attribute");
    if (key === name) return decodeXml(attributes.slice(p + 1, valueEnd));
    p = valueEnd + 1;
  }
}

/** Every attribute, for the few tags whose names vary (`r:id`, `ns1:id`). */
export function attributeEntries(attributes: string): [string, string][] {
  const entries: [string, string][] = [];
  for (const match of attributes.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    entries.push([match[1] as string, decodeXml(match[2] ?? match[3] ?? "")]);
  }
  return entries;
}

/** An attribute by its local name, whatever prefix the file gave it (`r:id`, `ns1:id`). */
export function prefixedAttribute(attributes: string, local: string): string | undefined {
  for (const [name, value] of attributeEntries(attributes)) {
    if (name.endsWith(`:${local}`)) return value;
  }
  return undefined;
}

/** Text escapes of SpreadsheetML (`_x000D_` for a carriage return), as Excel writes them in <t>. */
export function unescapeText(text: string): string {
  return text.includes("_x")
    ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;
}
