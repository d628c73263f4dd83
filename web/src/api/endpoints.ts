// Which API operations this server has, read once from its OpenAPI document. Pages for engines
// whose endpoints are still being added (monitoring, risk, recommendations, evaluations,
// eligibility, imports) ask here first and show "not available yet" instead of calling a path
// that does not exist; when the endpoint is registered, the page starts using it with no change.
import { get } from "./client";

interface Document {
  paths: Record<string, Record<string, unknown>>;
}

let document: Promise<Document> | null = null;

function load(): Promise<Document> {
  document ??= get<Document>("/api/openapi.json").catch((error: unknown) => {
    document = null;
    throw error;
  });
  return document;
}

/** True when the server documents `method path` (path as in the document, e.g. `/api/chains/{code}`). */
export async function hasEndpoint(path: string, method = "get"): Promise<boolean> {
  const doc = await load();
  return Boolean(doc.paths[path]?.[method.toLowerCase()]);
}
