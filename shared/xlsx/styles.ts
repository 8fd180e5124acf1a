/**
 * xl/styles.xml → the number format of each cell style (<cellXfs><xf>), which is all a Grid needs:
 * the format decides whether a number is a date and how the core reads percentages.
 */
import { builtInFormats, isDateFormatCode } from "./formats.ts";
import { attribute, walkXml } from "./xml.ts";

export interface CellStyle {
  /** The format code; null for General or none. */
  format: string | null;
  /** Numbers in this style are dates (see isDateFormatCode). */
  date: boolean;
}

const plain: CellStyle = { format: null, date: false };

/** Cell styles by their index, the `s` attribute of a cell. */
export function readCellStyles(xml: string): CellStyle[] {
  const custom = new Map<number, string>();
  const formatIds: number[] = [];
  // numFmt also appears inside differential formats (<dxfs>) and xf inside <cellStyleXfs>: only
  // the two lists that cells refer to count.
  let section = "";
  walkXml(xml, {
    open(name, attributes) {
      if (name === "numFmts" || name === "cellXfs") section = name;
      else if (name === "numFmt" && section === "numFmts") {
        const id = Number.parseInt(attribute(attributes, "numFmtId") ?? "", 10);
        // Excel escapes literal characters with a backslash (\-, \ ); the code means them plainly.
        const code = (attribute(attributes, "formatCode") ?? "").replace(/\\(.)/g, "$1");
        if (code) custom.set(id, code);
      } else if (name === "xf" && section === "cellXfs") {
        formatIds.push(Number.parseInt(attribute(attributes, "numFmtId") ?? "", 10));
      }
    },
    close(name) {
      if (name === section) section = "";
    },
  });
  const styles = new Map<number, CellStyle>();
  return formatIds.map((id) => {
    let style = styles.get(id);
    if (!style) {
      // Id 0 (or none) is General.
      const code = id ? (custom.get(id) ?? builtInFormats[id] ?? null) : null;
      style = code && code !== "General" ? { format: code, date: isDateFormatCode(code) } : plain;
      styles.set(id, style);
    }
    return style;
  });
}

export const generalStyle = plain;
