// Client-side routes; the server answers every non-API path with index.html, so each of these
// URLs can be bookmarked or opened in a new tab.
import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import { whenUnauthenticated } from "./api/client";
import AdminAudit from "./pages/admin/AdminAudit.vue";
import AdminGrants from "./pages/admin/AdminGrants.vue";
import AdminTokens from "./pages/admin/AdminTokens.vue";
import AdminUsers from "./pages/admin/AdminUsers.vue";
import ChainPage from "./pages/ChainPage.vue";
import Dashboard from "./pages/Dashboard.vue";
import EligibilityPage from "./pages/EligibilityPage.vue";
import EnterpriseList from "./pages/EnterpriseList.vue";
import EnterprisePage from "./pages/EnterprisePage.vue";
import EvaluationsPage from "./pages/EvaluationsPage.vue";
import ImportsPage from "./pages/ImportsPage.vue";
import MonitoringPage from "./pages/MonitoringPage.vue";
import NotFound from "./pages/NotFound.vue";
import RecommendationsPage from "./pages/RecommendationsPage.vue";
import RegionPage from "./pages/RegionPage.vue";
import RiskPage from "./pages/RiskPage.vue";
import SignIn from "./pages/SignIn.vue";
import WallPage from "./pages/WallPage.vue";
import { currentSession, forget, type Permission } from "./session";

declare module "vue-router" {
  interface RouteMeta {
    /** What the role must be allowed to do to open the page. */
    permission?: Permission;
    /** Pages without the header and navigation (sign-in, the monitoring wall). */
    bare?: boolean;
    /** Open without signing in. */
    public?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  { path: "/signin", name: "signin", component: SignIn, meta: { bare: true, public: true } },
  { path: "/", name: "dashboard", component: Dashboard },
  { path: "/wall", name: "wall", component: WallPage, meta: { bare: true } },
  { path: "/chains/:code", name: "chain", component: ChainPage },
  {
    path: "/enterprises",
    name: "enterprises",
    component: EnterpriseList,
    meta: { permission: "read_enterprises" },
  },
  {
    path: "/enterprises/:uscc",
    name: "enterprise",
    component: EnterprisePage,
    meta: { permission: "read_enterprises" },
  },
  {
    path: "/regions/:code",
    name: "region",
    component: RegionPage,
    meta: { permission: "read_enterprises" },
  },
  { path: "/monitoring", name: "monitoring", component: MonitoringPage },
  { path: "/risk", name: "risk", component: RiskPage },
  {
    path: "/recommendations",
    name: "recommendations",
    component: RecommendationsPage,
    meta: { permission: "read_enterprises" },
  },
  { path: "/evaluations", name: "evaluations", component: EvaluationsPage },
  {
    path: "/eligibility",
    name: "eligibility",
    component: EligibilityPage,
    meta: { permission: "read_enterprises" },
  },
  {
    path: "/imports",
    name: "imports",
    component: ImportsPage,
    meta: { permission: "read_batches" },
  },
  { path: "/admin", redirect: "/admin/users" },
  {
    path: "/admin/users",
    name: "admin-users",
    component: AdminUsers,
    meta: { permission: "manage_accounts" },
  },
  {
    path: "/admin/tokens",
    name: "admin-tokens",
    component: AdminTokens,
    meta: { permission: "manage_accounts" },
  },
  {
    path: "/admin/grants",
    name: "admin-grants",
    component: AdminGrants,
    meta: { permission: "read_grants" },
  },
  {
    path: "/admin/audit",
    name: "admin-audit",
    component: AdminAudit,
    meta: { permission: "read_audit" },
  },
  { path: "/:rest(.*)*", name: "not-found", component: NotFound },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const view = await currentSession().catch(() => null);
  if (!view) return { name: "signin", query: to.fullPath === "/" ? {} : { next: to.fullPath } };
  // A page the role cannot use is not offered in the navigation; opened by its URL, App.vue
  // shows "not allowed" in its place rather than calling what the server would refuse.
  return true;
});

whenUnauthenticated(() => {
  forget();
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.push({ name: "signin", query: { next: here.fullPath, expired: "1" } });
});
