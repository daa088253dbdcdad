//! The HTTP face of notifyd: a minimal hyper server (`server`), every route in one file
//! (`routes`), request reading (`request`), Notify's JSON encoding (`json`) and its error bodies
//! (`errors`), and the handlers grouped by API: `v2` (GOV.UK Notify) and `public_v1` (notify.cx).

pub mod errors;
pub mod json;
pub mod notifyd_v1;
pub mod public_v1;
pub mod request;
pub mod routes;
pub mod server;
pub mod v2;

/// The OpenAPI 3.1 document of every route (`GET /openapi.json`).
pub const OPENAPI: &str = include_str!("openapi.json");
