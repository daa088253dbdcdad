//! Notify's public `/v2` API: templates, notifications and received text messages, with
//! Notify's exact request validation, response shapes and errors.

pub mod templates;
