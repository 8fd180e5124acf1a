/**
 * xl/sharedStrings.xml: the table most text cells point into. A rich-text entry (runs with their own
 * fonts) reads as its runs' text joined; phonetic guides (<rPh>, furigana/pinyin) are not text.
 */
import { unescapeText, walkXml } from "./xml.ts";

export function readSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  /** The finished <t> elements of the current <si>. */
  let pieces: string[] = [];
  let text = "";
  let inText = false;
  let inPhonetic = false;
  walkXml(xml, {
    open(name) {
      if (name === "si") pieces = [];
      else if (name === "rPh") inPhonetic = true;
      else if (name === "t" && !inPhonetic) {
        inText = true;
        text = "";
      }
    },
    text(chunk) {
      if (inText) text += chunk;
    },
    close(name) {
      if (name === "t" && inText) {
        inText = false;
        // Each <t> is unescaped on its own: an escape never spans two runs.
        pieces.push(unescapeText(text));
      } else if (name === "rPh") inPhonetic = false;
      else if (name === "si") strings.push(pieces.join(""));
    },
  });
  return strings;
}
