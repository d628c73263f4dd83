//! The JSON API: one module per resource, each registering its handlers with
//! [`utoipa_axum::routes!`] so that the OpenAPI document is built from the same code that serves.
//!
//! Extension point: an engine endpoint (monitoring, risk, recommendations, evaluations, rules) or
//! the import upload is a new module here plus one `.merge(module::routes())` line in [`routes`];
//! see crates/server/API.md.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ComponentsBuilder, OpenApi as Document, RefOr, Response};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;

use crate::{ApiError, AppState};

pub mod accounts;
pub mod audit;
pub mod chain_risk;
pub mod chains;
pub mod eligibility;
pub mod engine;
pub mod enterprises;
pub mod evaluations;
pub mod grants;
pub mod health;
pub mod imports;
pub mod monitoring;
pub mod reference;
pub mod regions;
pub mod relatedness;
pub mod session;

/// Tags group the operations in the document.
pub const TAG_SYSTEM: &str = "system";
pub const TAG_CHAINS: &str = "chains";
pub const TAG_ENTERPRISES: &str = "enterprises";
pub const TAG_REFERENCE: &str = "reference";
pub const TAG_ACCOUNTS: &str = "accounts";
pub const TAG_SHARING: &str = "sharing";
pub const TAG_AUDIT: &str = "audit";
pub const TAG_IMPORTS: &str = "imports";
pub const TAG_EVALUATIONS: &str = "evaluations";
pub const TAG_ELIGIBILITY: &str = "eligibility";
pub const TAG_MONITORING: &str = "monitoring";
pub const TAG_RELATEDNESS: &str = "relatedness";

/// Security scheme names used in `security(...)` of every authenticated operation.
pub const SESSION_SCHEME: &str = "session";
pub const BEARER_SCHEME: &str = "bearer";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "chainchief API",
        description = "重点产业链综合服务平台 API. Sign in with POST /api/session (cookie `cc_session`, \
                       then send the returned csrf_token as `X-CSRF-Token` on POST/PATCH/DELETE) or \
                       send `Authorization: Bearer <token>`. Lists take `limit` (1–500, default 50) \
                       and `offset` and return `total` within the caller's scope. Errors are \
                       `{code, message_zh, message_en, field?}`. An object outside the caller's \
                       scope answers 404 exactly like a missing one."
    ),
    modifiers(&Conventions),
    components(schemas(ApiError))
)]
struct ApiDoc;

/// Adds the security schemes and the error responses every operation can give.
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi
            .components
            .get_or_insert_with(|| ComponentsBuilder::new().build());
        components.add_security_scheme(
            SESSION_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "Session cookie set by POST /api/session (HttpOnly, SameSite=Strict).",
            ))),
        );
        components.add_security_scheme(
            BEARER_SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "Token from `chainchief token create` or POST /api/tokens.",
                    ))
                    .build(),
            ),
        );
        let error = |description: &str| -> RefOr<Response> {
            RefOr::T(
                utoipa::openapi::ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        utoipa::openapi::ContentBuilder::new()
                            .schema(Some(utoipa::openapi::Ref::from_schema_name(
                                ApiError::name(),
                            )))
                            .build(),
                    )
                    .build(),
            )
        };
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                let public = operation
                    .security
                    .as_ref()
                    .is_some_and(|s| s.iter().all(|r| *r == Default::default()));
                let mut codes = vec![
                    ("400", "Invalid parameter (the field is named)"),
                    ("408", "The request took too long"),
                    ("413", "The request body is too large"),
                    ("429", "Too many requests"),
                    ("500", "Internal error"),
                    ("503", "The database is temporarily unavailable"),
                ];
                if !public {
                    codes.extend([
                        ("401", "Not signed in, or the credential expired"),
                        (
                            "403",
                            "The role may not use this function (or CSRF/read-only token)",
                        ),
                        ("404", "Not found, or outside the caller's scope"),
                    ]);
                }
                for (code, description) in codes {
                    operation
                        .responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| error(description));
                }
            }
        }
    }
}

/// Every API route with its OpenAPI operation, relative to `/api`.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::routes())
        .merge(session::routes())
        .merge(chains::routes())
        .merge(enterprises::routes())
        .merge(reference::routes())
        .merge(accounts::routes())
        .merge(grants::routes())
        .merge(audit::routes())
        .merge(imports::routes())
        .merge(evaluations::routes())
        .merge(eligibility::routes())
        .merge(monitoring::routes())
        .merge(chain_risk::routes())
        .merge(regions::routes())
        .merge(relatedness::routes())
        .route("/openapi.json", axum::routing::get(openapi_document))
}

/// The OpenAPI document as served: paths carry the `/api` prefix.
pub fn openapi() -> Document {
    let (_, mut document) = routes().split_for_parts();
    let paths = std::mem::take(&mut document.paths.paths);
    document.paths.paths = paths
        .into_iter()
        .map(|(path, item)| (format!("/api{path}"), item))
        .collect();
    Conventions.modify(&mut document);
    document
}

pub(crate) fn openapi_json() -> String {
    openapi().to_json().unwrap_or_else(|e| {
        tracing::error!(%e, "could not serialise the OpenAPI document");
        "{}".to_owned()
    })
}

/// GET /api/openapi.json: the document generated from the handlers.
async fn openapi_document(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        state.openapi.as_str().to_owned(),
    )
}
