//! notifyd: a GOV.UK Notify API stand-in with real API-key authentication, in one binary
//! backed by one SQLite file.
//!
//! A request flows: `http::server` (hyper connection, limits) → `http::routes` (every URL in
//! one file) → `auth` (headers → `Principal` or `AuthError`) → a handler in `http::v2` or
//! `http::public_v1` → `store` (one writer thread, group commit) → the response, rendered by
//! `http::json`; every failure is one `http::errors::ApiError`, rendered in one place.
//!
//! - `admin`: the admin web interface (API keys, guest list, callbacks, sent messages), signed in.
//! - `app`: the running server's shared state.
//! - `auth`: Bearer JWT, ApiKey-v1 and x-api-key authentication, Notify's exact errors.
//! - `cache`: services, keys and templates in memory, invalidated by the store's change counter.
//! - `cli`: the command line (a fixed contract); `serve` runs the server.
//! - `clock`: the one injectable source of time.
//! - `config`: defaults < file < env < flags; `provision` applies what the config declares.
//! - `keys`: API key types, the full key format, create/list/revoke/regenerate.
//! - `python`: what Notify inherits from Python: `repr()`/`str()`, whitespace, line breaks.
//! - `recipients`: phone numbers, email and postal addresses, as Notify validates them.
//! - `schema`: Notify's request schemas and the exact text of its validation messages.
//! - `secrets`: the master key and AES-256-GCM sealing of secrets at rest.
//! - `setup`: opening the database with its master key.
//! - `store`: all SQL; `schema.sql` migrations; the group-committing writer.
//! - `team`: team members and the guest list.
//! - `templates`: template types, editing, and rendering with personalisation.

pub mod admin;
pub mod app;
pub mod auth;
pub mod cache;
pub mod callbacks;
pub mod cli;
pub mod clock;
pub mod config;
pub mod http;
pub mod keys;
pub mod letters;
pub mod limits;
pub mod notifications;
pub mod providers;
pub mod provision;
pub mod python;
pub mod recipients;
pub mod retention;
pub mod schema;
pub mod secrets;
pub mod serve;
pub mod setup;
pub mod store;
pub mod team;
pub mod templates;
