/** JSON documents gzipped and base64-encoded for storage (CompressionStream, in workerd). */

async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function pack(value: unknown): Promise<string> {
  const json = new Blob([JSON.stringify(value)]).stream();
  return toBase64(await drain(json.pipeThrough(new CompressionStream("gzip"))));
}

export async function unpack<T>(data: string): Promise<T> {
  const gz = new Blob([fromBase64(data)]).stream();
  const bytes = await drain(gz.pipeThrough(new DecompressionStream("gzip")));
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}
