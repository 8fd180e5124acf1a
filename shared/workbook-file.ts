/**
 * What can be wrong with an uploaded workbook file, in words a branch secretary can act on, and the
 * first look at its bytes that tells an .xlsx from an old .xls, a Word file or an encrypted one.
 * Every host (command line, browser, Worker) reads files through this, so the codes and messages are
 * the same everywhere.
 */
export type FileErrorCode = "file.empty" | "file.not-xlsx" | "file.unreadable" | "file.legacy-xls";

export interface LocalizedText {
  "zh-CN": string;
  en: string;
}

export const fileErrorMessages: Record<FileErrorCode, LocalizedText> = {
  "file.empty": {
    "zh-CN": "文件是空的（0 字节），请重新导出或重新上传工作簿。",
    en: "The file is empty (0 bytes). Export or upload the workbook again.",
  },
  "file.not-xlsx": {
    "zh-CN": "这不是 Excel 工作簿（.xlsx）文件，请在 Excel 中打开后另存为“Excel 工作簿 (*.xlsx)”再校验。",
    en: 'This is not an Excel workbook (.xlsx). Open it in Excel and save it as "Excel Workbook (*.xlsx)", then validate again.',
  },
  "file.unreadable": {
    "zh-CN": "无法读取该工作簿，文件可能已损坏或不完整。请在 Excel 中打开确认无误，另存为 .xlsx 后再校验。",
    en: "The workbook cannot be read; the file may be damaged or incomplete. Open it in Excel, check it, save it as .xlsx and validate again.",
  },
  "file.legacy-xls": {
    "zh-CN": "这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再校验。",
    en: "This is an old-style .xls file. Save it as .xlsx in Excel and validate again.",
  },
};

/** Causes precise enough to deserve their own advice; the code stays one of the four above. */
export const fileErrorDetails = {
  encrypted: {
    "zh-CN":
      "该工作簿设置了打开密码，无法读取。请在 Excel 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存再校验。",
    en: "The workbook is password-protected and cannot be read. Remove the password in Excel (File → Info → Protect Workbook → Encrypt with Password, clear it), save, and validate again.",
  },
  word: {
    "zh-CN": "这是 Word 文档，不是 Excel 工作簿。请上传填好的重点任务清单 .xlsx 文件。",
    en: "This is a Word document, not an Excel workbook. Upload the filled-in task list (.xlsx).",
  },
  powerpoint: {
    "zh-CN": "这是 PowerPoint 演示文稿，不是 Excel 工作簿。请上传填好的重点任务清单 .xlsx 文件。",
    en: "This is a PowerPoint presentation, not an Excel workbook. Upload the filled-in task list (.xlsx).",
  },
  opendocument: {
    "zh-CN": "这是 OpenDocument 表格（.ods）文件，请另存为 Excel 工作簿（.xlsx）后再校验。",
    en: "This is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook (.xlsx) and validate again.",
  },
  xlsb: {
    "zh-CN": "这是 Excel 二进制工作簿（.xlsb），请在 Excel 中另存为 .xlsx 后再校验。",
    en: "This is an Excel binary workbook (.xlsb). Save it as .xlsx in Excel and validate again.",
  },
  "no-workbook": {
    "zh-CN":
      "压缩包中没有 Excel 工作簿内容，文件可能已损坏或并非 .xlsx。请在 Excel 中另存为 .xlsx 后再校验。",
    en: "The archive holds no Excel workbook; the file may be damaged or not an .xlsx. Save it as .xlsx in Excel and validate again.",
  },
  "no-worksheets": {
    "zh-CN": "工作簿中没有可读取的工作表（只有图表工作表或工作表缺失）。",
    en: "The workbook has no readable worksheets (only chart sheets, or the sheets are missing).",
  },
  "not-found": {
    "zh-CN": "找不到该文件，请检查路径。",
    en: "The file does not exist; check the path.",
  },
  "no-access": {
    "zh-CN": "没有读取该文件的权限。",
    en: "Permission to read the file was denied.",
  },
  directory: {
    "zh-CN": "这是一个文件夹，不是工作簿文件。",
    en: "This is a folder, not a workbook file.",
  },
} satisfies Record<string, LocalizedText>;

export class WorkbookFileError extends Error {
  readonly code: FileErrorCode;
  /** What to tell the user, in both languages: the detail when the cause is known, else the code's text. */
  readonly text: LocalizedText;

  constructor(code: FileErrorCode, options: { text?: LocalizedText; cause?: unknown } = {}) {
    const text = options.text ?? fileErrorMessages[code];
    super(text.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WorkbookFileError";
    this.code = code;
    this.text = text;
  }
}

const zipSignatures = [
  [0x50, 0x4b, 0x03, 0x04],
  // An archive with no entries: still a zip, so it fails later as unreadable rather than not-xlsx.
  [0x50, 0x4b, 0x05, 0x06],
];
const ole2Signature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * OLE2 compound files are old .xls, but also .doc, and — because Office wraps an encrypted
 * .xlsx in one — every password-protected workbook. Their directory names the streams (UTF-16LE).
 */
const oleStreams: { stream: string; code: FileErrorCode; text: LocalizedText }[] = [
  { stream: "EncryptedPackage", code: "file.unreadable", text: fileErrorDetails.encrypted },
  { stream: "WordDocument", code: "file.not-xlsx", text: fileErrorDetails.word },
  { stream: "PowerPoint Document", code: "file.not-xlsx", text: fileErrorDetails.powerpoint },
];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) bytes[i * 2] = text.charCodeAt(i); // ASCII names only
  return bytes;
}

function includesBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  outer: for (
    let i = haystack.indexOf(first as number);
    i >= 0;
    i = haystack.indexOf(first as number, i + 1)
  ) {
    if (i + needle.length > haystack.length) return false;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Throws the WorkbookFileError for bytes that are plainly not an .xlsx package. */
export function sniffWorkbook(bytes: Uint8Array): void {
  if (bytes.byteLength === 0) throw new WorkbookFileError("file.empty");
  if (startsWith(bytes, ole2Signature)) {
    for (const { stream, code, text } of oleStreams) {
      if (includesBytes(bytes, utf16le(stream))) throw new WorkbookFileError(code, { text });
    }
    throw new WorkbookFileError("file.legacy-xls");
  }
  if (!zipSignatures.some((signature) => startsWith(bytes, signature)))
    throw new WorkbookFileError("file.not-xlsx");
}

/** Other Office-like zips, recognised by a part only they have. */
const foreignParts: { part: string; code: FileErrorCode; text: LocalizedText }[] = [
  { part: "xl/workbook.bin", code: "file.unreadable", text: fileErrorDetails.xlsb },
  { part: "word/document.xml", code: "file.not-xlsx", text: fileErrorDetails.word },
  { part: "ppt/presentation.xml", code: "file.not-xlsx", text: fileErrorDetails.powerpoint },
  { part: "content.xml", code: "file.not-xlsx", text: fileErrorDetails.opendocument },
];

/** The error for a zip without xl/workbook.xml, given whether it holds a part. */
export function noWorkbookError(has: (part: string) => boolean): WorkbookFileError {
  const foreign = foreignParts.find(({ part }) => has(part));
  return new WorkbookFileError(foreign?.code ?? "file.unreadable", {
    text: foreign?.text ?? fileErrorDetails["no-workbook"],
  });
}
