// The one way the UI talks to the server: same-origin fetch with the session cookie, the CSRF
// token on every write, and the API's error shape turned into `ApiFailure`.
import type { ErrorBody, Page } from "./types";

export class ApiFailure extends Error {
  readonly status: number;
  readonly body: ErrorBody;

  constructor(status: number, body: ErrorBody) {
    super(body.message_en || body.code);
    this.status = status;
    this.body = body;
  }

  get code(): string {
    return this.body.code;
  }
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => {};

/** Set after sign-in (and on reload from GET /api/session): repeated on POST/PATCH/DELETE. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when the session has ended (the router sends the user to the sign-in page). */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function networkFailure(): ApiFailure {
  return new ApiFailure(0, {
    code: "network",
    message_zh: "无法连接服务器，请检查网络后重试。",
    message_en: "The server could not be reached; check the connection and try again.",
  });
}

async function failure(response: Response): Promise<ApiFailure> {
  let body: ErrorBody;
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    body = {
      code: `http_${response.status}`,
      message_zh: `服务器返回 ${response.status}`,
      message_en: `The server answered ${response.status}`,
    };
  }
  return new ApiFailure(response.status, body);
}

export async function request<T>(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  options: { query?: Query; body?: unknown; signal?: AbortSignal; quiet401?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw networkFailure();
  }
  if (!response.ok) {
    const error = await failure(response);
    if (response.status === 401 && !options.quiet401) onUnauthenticated();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  request<T>("GET", path, { query, signal });

/** Every row of a paginated list (500 a page, the API's largest), for exports. */
export async function getAll<T>(
  path: string,
  query: Query,
  progress?: (done: number, total: number) => void,
  cap = 100_000,
): Promise<T[]> {
  const rows: T[] = [];
  for (;;) {
    const page = await get<Page<T>>(path, { ...query, limit: 500, offset: rows.length });
    rows.push(...page.items);
    progress?.(rows.length, page.total);
    if (page.items.length === 0 || rows.length >= page.total || rows.length >= cap) return rows;
  }
}

/** Sends a file as the request body (the import upload), with the CSRF token. */
export async function upload<T>(path: string, file: File, query?: Query): Promise<T> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Content-Type": file.type || "application/octet-stream",
  };
  if (csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, { ...query, filename: file.name }), {
      method: "POST",
      headers,
      credentials: "same-origin",
      body: file,
    });
  } catch {
    throw networkFailure();
  }
  if (!response.ok) {
    const error = await failure(response);
    if (response.status === 401) onUnauthenticated();
    throw error;
  }
  return (await response.json()) as T;
}
