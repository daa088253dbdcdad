//! Notifications: statuses, how a send is processed (Notify's order of checks), the simulated
//! outcomes of test keys, and the background progression of every notification's status.

pub mod delivery;
mod dispatch;
pub mod precompiled;
pub mod recipient;
pub mod send;
pub mod simulate;
pub mod status;

pub use status::Status;
use std::fmt;

/// Why a send was refused after its request was valid (each is one Notify error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// 400 `BadRequestError`.
    BadRequest(String),
    /// 403 `BadRequestError` (letters with a team key or in trial mode).
    Forbidden(String),
    /// 400 `ValidationError` (postal addresses, file objects).
    Validation(String),
    /// 400 `InvalidPhoneError`.
    InvalidPhone(String),
    /// 429 `TooManyRequestsError` (the international texts daily limit).
    TooManyRequests(String),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::BadRequest(m)
            | SendError::Forbidden(m)
            | SendError::Validation(m)
            | SendError::InvalidPhone(m)
            | SendError::TooManyRequests(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SendError {}
