/** Workbook fixtures imported with Vite's `?inline` (worker/vitest.config.ts): a base64 data URL. */
declare module "*.xlsx?inline" {
  const dataUrl: string;
  export default dataUrl;
}
