/**
 * How the command line reads a workbook: the shared streaming reader, with Node's native zlib as
 * its inflater. Every way a file can fail ends in a WorkbookFileError with a message a branch
 * secretary can act on; nothing else escapes, so the command line never prints a stack trace.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { inflateRawSync } from "node:zlib";
import type { Book } from "../shared/grid.ts";
import { fileErrorDetails, type LocalizedText, WorkbookFileError } from "../shared/workbook-file.ts";
import { readXlsx } from "../shared/xlsx/read.ts";

const nativeInflate = (data: Uint8Array): Uint8Array => inflateRawSync(data);

/** `fileName`, when given, travels with the Book: the core reads a branch and a period from it. */
export function readWorkbook(bytes: Uint8Array | ArrayBuffer, fileName?: string): Book {
  return readXlsx(
    bytes,
    fileName === undefined ? { inflate: nativeInflate } : { inflate: nativeInflate, fileName },
  );
}

/** A file's Book, named after the file: lists arrive by email named for their branch and month. */
export async function readWorkbookFile(path: string): Promise<Book> {
  return readWorkbook(await readFileBytes(path), basename(path));
}

/** The file's bytes; a missing file, a folder or no permission is a WorkbookFileError. */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
    const detail = errno ? fsErrorDetails[errno] : undefined;
    throw new WorkbookFileError("file.unreadable", {
      text: detail ? withPath(detail, path) : undefined,
      cause,
    });
  }
}

const fsErrorDetails: Record<string, LocalizedText> = {
  ENOENT: fileErrorDetails["not-found"],
  ENOTDIR: fileErrorDetails["not-found"],
  EACCES: fileErrorDetails["no-access"],
  EPERM: fileErrorDetails["no-access"],
  EISDIR: fileErrorDetails.directory,
};

function withPath(text: LocalizedText, path: string): LocalizedText {
  return { "zh-CN": `${text["zh-CN"]}（${path}）`, en: `${text.en} (${path})` };
}
