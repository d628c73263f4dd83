// The signed-in account and what its role may do. The server enforces every rule; the UI only
// avoids offering what the role cannot use (this table mirrors crates/server/src/auth/role.rs).
import { computed, ref } from "vue";
import { ApiFailure, request, setCsrfToken } from "./api/client";
import type { Role, SessionView } from "./api/types";

export type Permission =
  | "read_public"
  | "read_enterprises"
  | "read_batches"
  | "read_grants"
  | "read_access_log"
  | "manage_accounts"
  | "manage_grants"
  | "read_audit";

export function roleMay(role: Role, permission: Permission): boolean {
  switch (permission) {
    case "read_public":
      return true;
    case "read_enterprises":
      return role !== "viewer";
    case "read_batches":
      return role === "administrator" || role === "province_analyst";
    case "read_grants":
      return role === "administrator" || role === "province_analyst" || role === "department";
    case "read_access_log":
      return role === "administrator" || role === "enterprise";
    case "manage_accounts":
    case "manage_grants":
    case "read_audit":
      return role === "administrator";
  }
}

export const session = ref<SessionView | null>(null);

export function can(permission: Permission): boolean {
  return session.value !== null && roleMay(session.value.role, permission);
}

/** Province-wide roles see the province dashboard's full figures and every enterprise. */
export const isProvinceWide = computed(
  () => session.value?.role === "administrator" || session.value?.role === "province_analyst",
);

function adopt(view: SessionView | null): SessionView | null {
  session.value = view;
  setCsrfToken(view?.csrf_token ?? null);
  return view;
}

let checked: Promise<SessionView | null> | null = null;

/** The current session, asked of the server once per page load. */
export function currentSession(): Promise<SessionView | null> {
  checked ??= request<SessionView>("GET", "/api/session", { quiet401: true })
    .then(adopt)
    .catch((error: unknown) => {
      if (error instanceof ApiFailure && error.status === 401) return adopt(null);
      checked = null;
      throw error;
    });
  return checked;
}

export async function signIn(username: string, password: string): Promise<SessionView> {
  const view = await request<SessionView>("POST", "/api/session", {
    body: { username, password },
    quiet401: true,
  });
  checked = Promise.resolve(view);
  return adopt(view) as SessionView;
}

export async function signOut(): Promise<void> {
  try {
    await request<void>("DELETE", "/api/session", { quiet401: true });
  } finally {
    forget();
  }
}

/** Drops the session locally (after a 401: it expired or was ended elsewhere). */
export function forget(): void {
  checked = Promise.resolve(null);
  adopt(null);
}

/**
 * Roles that work with the analyses (monitoring, risk, recommendations, evaluations,
 * eligibility, the monitoring wall): the department's own staff at every level. Departments
 * sharing data, enterprises and viewers have their own, narrower pages.
 */
export function offersAnalysis(): boolean {
  const role = session.value?.role;
  return (
    role === "administrator" ||
    role === "province_analyst" ||
    role === "chain_office" ||
    role === "region_bureau" ||
    role === "park_office"
  );
}
