/**
 * The adapter suite (addin-adapter.test.ts) once more, through Microsoft's own Excel client
 * library (`@microsoft/office-js`, excel-web-16.00.js) in front of the simulated workbook: proxies,
 * load, queueing, request serialization and error objects are Excel's own, and every request and
 * response is measured as Excel on the web would see it. Where the two runs disagree, this one
 * decides.
 */
import { useExcelClient } from "../helpers/excel-client.ts";

useExcelClient("office-js client");
await import("./addin-adapter.test.ts");
