/**
 * Excel's side of the RichApi protocol, over the simulated workbook: what Microsoft's own client
 * (`excel-web-16.00.js`) sends at `context.sync()` — a JSON body of object paths and actions — is
 * answered here the way Excel answers it, so that the client's proxies, load, queueing, request
 * serialization and error objects are the real ones and only the document is simulated.
 *
 * The wire format, as the client reads it (OfficeExtension.ClientRequestContext):
 *   request   { Actions: [{ Id, ActionType, Name, ObjectPathId, ArgumentInfo?, QueryInfo? }],
 *               ObjectPaths: { [id]: { Id, ObjectPathType, Name, ParentObjectPathId?, ArgumentInfo? } } }
 *   response  { Results: [{ ActionId, Value }] }                       on success
 *             { Error: { Code, Message, Location, ActionIndex, HttpStatusCode } }   on the first failure
 * Query values carry the properties in PascalCase ("Values", "NumberFormat"), a null object is a
 * null Value, and a collection's items come under "_Items", each with the "_Id" the client uses to
 * address it later. Method results (getCellProperties) come back as the API returns them.
 *
 * Not simulated: a load of nested paths in one Query ("format/fill/color" from a Range) — the
 * adapter loads each object itself — and object paths other than the ones above (NewObject).
 *
 * Each path and action is carried out by the simulated host's own proxies (proxies.ts), run at once
 * in action order; writes before a failing action stay applied and nothing loaded is returned, as
 * in the simulated host's own sync.
 */
import { FakeRequestContext, type HostState } from "./context.ts";
import { FakeOfficeError } from "./errors.ts";
import { ClientObject, RangeCollectionProxy, WorkbookProxy, WorksheetCollectionProxy } from "./proxies.ts";

interface ArgumentInfo {
  Arguments?: unknown[];
}

export interface ObjectPathInfo {
  Id: number;
  ObjectPathType: number;
  Name: string;
  ParentObjectPathId?: number;
  ArgumentInfo?: ArgumentInfo;
}

export interface ActionInfo {
  Id: number;
  ActionType: number;
  Name: string;
  ObjectPathId: number;
  ArgumentInfo?: ArgumentInfo;
  QueryInfo?: { Select?: string[] | null; Expand?: string[] | null };
}

export interface RichApiRequest {
  Actions: ActionInfo[];
  ObjectPaths: Record<string, ObjectPathInfo>;
}

export interface RichApiResponse {
  Results?: { ActionId: number; Value: unknown }[];
  Error?: { Code: string; Message: string; Location: string; ActionIndex: number; HttpStatusCode: number };
}

/** OfficeExtension's ObjectPathType and ActionType numbers. */
const PATH = { globalObject: 1, method: 3, property: 4, indexer: 5, referenceId: 6 } as const;
const ACTION = { instantiate: 1, query: 2, method: 3, setProperty: 4 } as const;

/** "GetUsedRangeOrNullObject" → "getUsedRangeOrNullObject": the wire names the API in PascalCase. */
const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Trailing nulls are arguments the caller left out (getRange() travels as GetRange(null)). */
function argumentsOf(info: ArgumentInfo | undefined): unknown[] {
  const args = [...(info?.Arguments ?? [])];
  while (args.length > 0 && args[args.length - 1] === null) args.pop();
  return args;
}

type Target = Record<string, unknown>;

function requireMember(target: Target, name: string, what: string): void {
  if (!(name in target))
    throw new FakeOfficeError("ApiNotFound", `The API you are trying to use could not be found (${what}).`);
}

function member(target: Target, name: string, what: string): unknown {
  requireMember(target, name, what);
  return target[name];
}

/** Result objects of methods such as getCellProperties: a value read after the action ran. */
interface ResultLike {
  readonly value: unknown;
}

function isClientObject(value: unknown): value is ClientObject {
  return value instanceof ClientObject;
}

function isResult(value: unknown): value is ResultLike {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "result";
}

/** Loaded scalars of a proxy as Excel sends them; null for a null object. */
function queryValue(object: ClientObject, select: readonly string[] | null): unknown {
  if (object instanceof WorksheetCollectionProxy)
    return { _Items: object.items.map((item) => ({ _Id: item.id, ...wire(item.toJSON(), select) })) };
  if (object instanceof RangeCollectionProxy)
    return { _Items: object.items.map((item, index) => ({ _Index: index, ...wire(item.toJSON(), select) })) };
  if (object.isNullObject) return null;
  return wire(object.toJSON(), select);
}

/** The selected scalars, in PascalCase. */
function wire(values: Record<string, unknown>, select: readonly string[] | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values))
    if (!select || select.includes(name)) out[pascal(name)] = value;
  return out;
}

/**
 * One pane's conversation with Excel. Objects the client keeps across syncs (ranges, after
 * `_KeepReference`) get a reference id that later requests name them by, as Excel's do; without
 * one the client itself refuses to use such an object again ("The object path … isn't working").
 */
export class RichApiSession {
  private readonly context: FakeRequestContext;
  private readonly references = new Map<string, unknown>();

  constructor(host: HostState) {
    this.context = new FakeRequestContext(host);
    this.context.workbook = new WorkbookProxy(this.context);
  }

  answer(request: RichApiRequest): RichApiResponse {
    return new RichApiRequestRun(this.context, this.references, request).answer(request.Actions);
  }
}

class RichApiRequestRun {
  private readonly objects = new Map<number, unknown>();
  private readonly kept = new Set<number>();
  private readonly context: FakeRequestContext;
  private readonly references: Map<string, unknown>;
  private readonly request: RichApiRequest;

  constructor(context: FakeRequestContext, references: Map<string, unknown>, request: RichApiRequest) {
    this.context = context;
    this.references = references;
    this.request = request;
  }

  /** The object an object path stands for, made once, in the order the actions first need it. */
  private object(id: number): Target {
    const known = this.objects.get(id);
    if (known !== undefined) return known as Target;
    const path = this.request.ObjectPaths[String(id)];
    if (!path) throw new FakeOfficeError("InvalidArgument", `Unknown object path ${id}.`);
    let made: unknown;
    if (path.ObjectPathType === PATH.globalObject) made = this.context.workbook;
    else if (path.ObjectPathType === PATH.referenceId) {
      made = this.references.get(path.Name);
      if (made === undefined)
        throw new FakeOfficeError("InvalidObjectPath", `No object has the reference ${path.Name}.`);
    } else {
      const parent = this.object(path.ParentObjectPathId ?? -1);
      const args = argumentsOf(path.ArgumentInfo);
      if (path.ObjectPathType === PATH.property) made = member(parent, camel(path.Name), path.Name);
      else if (path.ObjectPathType === PATH.indexer)
        made = (member(parent, "getItem", "getItem") as (...a: unknown[]) => unknown).call(parent, ...args);
      else if (path.ObjectPathType === PATH.method)
        made = (member(parent, camel(path.Name), path.Name) as (...a: unknown[]) => unknown).apply(
          parent,
          args,
        );
      else
        throw new FakeOfficeError(
          "InvalidArgument",
          `Object path type ${path.ObjectPathType} is not simulated.`,
        );
    }
    this.objects.set(id, made);
    return made as Target;
  }

  answer(actions: readonly ActionInfo[]): RichApiResponse {
    const results: { ActionId: number; Value: unknown }[] = [];
    for (const [index, action] of actions.entries()) {
      try {
        const result = this.run(action);
        if (result) results.push(result);
      } catch (error) {
        const code = error instanceof FakeOfficeError ? error.code : "GeneralException";
        const message = error instanceof Error ? error.message : String(error);
        const location = error instanceof FakeOfficeError ? (error.debugInfo.errorLocation ?? "") : "";
        return {
          Error: {
            Code: code,
            Message: message,
            Location: location,
            ActionIndex: index,
            HttpStatusCode: 400,
          },
        };
      }
    }
    return { Results: results };
  }

  private run(action: ActionInfo): { ActionId: number; Value: unknown } | undefined {
    const target = this.object(action.ObjectPathId);
    const args = argumentsOf(action.ArgumentInfo);
    switch (action.ActionType) {
      case ACTION.instantiate: {
        this.context.runQueued();
        if (!this.kept.has(action.ObjectPathId)) return undefined;
        const reference = `juxing-ref-${this.references.size + 1}`;
        this.references.set(reference, target);
        return { ActionId: action.Id, Value: { _ReferenceId: reference } };
      }
      case ACTION.query: {
        const object = target as unknown as ClientObject;
        const select = action.QueryInfo?.Select ?? null;
        // A collection's items are addressed by id later, so Excel always sends it.
        const load = select && object instanceof WorksheetCollectionProxy ? [...select, "id"] : select;
        object.load(load ? load.join(",") : undefined);
        this.context.runQueued();
        return { ActionId: action.Id, Value: queryValue(object, select) };
      }
      case ACTION.method: {
        // The client instantiates a kept object once more, and takes its reference id from that answer.
        if (action.Name === "_KeepReference") this.kept.add(action.ObjectPathId);
        // The rest of the client's bookkeeping (_RemoveReference, …) has nothing to do here.
        if (action.Name.startsWith("_")) return undefined;
        const method = member(target, camel(action.Name), action.Name) as (...a: unknown[]) => unknown;
        const returned = method.apply(target, args);
        this.context.runQueued();
        return isResult(returned) ? { ActionId: action.Id, Value: returned.value } : undefined;
      }
      case ACTION.setProperty:
        if (isClientObject(target)) requireMember(target, camel(action.Name), action.Name);
        target[camel(action.Name)] = args[0];
        this.context.runQueued();
        return undefined;
      default:
        return undefined;
    }
  }
}
