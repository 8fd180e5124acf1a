/**
 * The .xlsx package (a zip): its directory, and each part's text, inflated only when asked for —
 * pictures, printer settings and the like never are. The directory is read here (a few fixed
 * records, APPNOTE.TXT §4.3); inflating, the hard part, is the host's: fflate in browsers and
 * Workers (fflate.ts), Node's native zlib in the command line, which so never loads fflate.
 */

/** Raw DEFLATE (method 8) → bytes; `size` is the inflated size the directory states. */
export type Inflate = (data: Uint8Array, size: number) => Uint8Array;

export class ZipError extends Error {}

interface Entry {
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

export class XlsxPackage {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly entries = new Map<string, Entry>();
  private readonly inflate: Inflate;
  private readonly decoder = new TextDecoder();

  constructor(bytes: Uint8Array, inflate: Inflate) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.inflate = inflate;
    this.readDirectory();
  }

  has(part: string): boolean {
    return this.entries.has(part);
  }

  /** The part's text (UTF-8), or undefined when the package has no such part. */
  text(part: string): string | undefined {
    const entry = this.entries.get(part);
    return entry && this.decoder.decode(this.data(entry));
  }

  private data(entry: Entry): Uint8Array {
    const at = entry.localHeader;
    if (at + 30 > this.bytes.length || this.view.getUint32(at, true) !== LOCAL_HEADER)
      throw new ZipError("bad local header");
    const start = at + 30 + this.view.getUint16(at + 26, true) + this.view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw new ZipError("entry past the end of the file");
    const raw = this.bytes.subarray(start, end);
    if (entry.method === 0) return raw;
    if (entry.method !== 8) throw new ZipError(`compression method ${entry.method}`);
    const out = this.inflate(raw, entry.size);
    if (out.length !== entry.size) throw new ZipError("inflated size differs from the directory");
    return out;
  }

  private readDirectory(): void {
    const { bytes, view } = this;
    // The end record is the last thing in the file, followed by a comment of at most 65,535 bytes.
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
      if (view.getUint32(i, true) === END_OF_DIRECTORY) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError("no end of central directory (truncated?)");
    const count = view.getUint16(eocd + 10, true);
    let p = view.getUint32(eocd + 16, true);
    for (let n = 0; n < count; n++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== DIRECTORY_ENTRY)
        throw new ZipError("bad central directory");
      const nameLength = view.getUint16(p + 28, true);
      const name = this.decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
      const entry: Entry = {
        method: view.getUint16(p + 10, true),
        compressedSize: view.getUint32(p + 20, true),
        size: view.getUint32(p + 24, true),
        localHeader: view.getUint32(p + 42, true),
      };
      if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff)
        throw new ZipError("ZIP64 entries are not supported");
      // Some writers name parts from the root ("/xl/workbook.xml").
      this.entries.set(name.startsWith("/") ? name.slice(1) : name, entry);
      p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
  }
}

/**
 * A relationship's target as a part name: absolute targets are from the package root, relative
 * ones from the folder of the part that refers to them (`xl/` for the workbook).
 */
export function resolveTarget(target: string, base = "xl/"): string {
  const segments = (target.startsWith("/") ? target.slice(1) : base + target).split("/");
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === "..") resolved.pop();
    else if (segment !== "." && segment !== "") resolved.push(segment);
  }
  return resolved.join("/");
}
