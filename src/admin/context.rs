//! Who is asking, for which service, with which permissions: the checks every admin page makes
//! before it reads or changes anything. A page names the permission it needs; a member without
//! it gets 403 with a plain explanation. POSTs are also checked for the session's CSRF token.

use super::errors::missing_permission;
use super::layout::{Chrome, ServiceNav};
use super::respond::{read_form, Form};
use super::session::{self, Signed};
use super::AdminError;
use crate::app::App;
use crate::store::services::Service;
use crate::store::{self};
use hyper::body::Incoming;
use hyper::Request;
use uuid::Uuid;

/// A signed-in team member looking at one of their services.
#[derive(Debug)]
pub struct Member {
    pub me: Signed,
    pub service: Service,
    pub permissions: Vec<String>,
    /// How many services the member belongs to (the header links to the list when > 1).
    pub service_count: usize,
}

impl Member {
    pub fn can(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == permission)
    }

    /// `/services/{id}{tail}`.
    pub fn url(&self, tail: &str) -> String {
        format!("/services/{}{tail}", self.service.id)
    }

    /// The page frame for this member and service.
    pub fn chrome(&self) -> Chrome<'_> {
        Chrome {
            user: &self.me.user,
            csrf: &self.me.csrf_token,
            flash: self.me.flash.as_deref(),
            service: Some(ServiceNav {
                id: self.service.id,
                name: &self.service.name,
                trial_mode: self.service.trial_mode,
                permissions: &self.permissions,
            }),
            many_services: self.service_count > 1,
        }
    }
}

/// An id from the URL; anything else is a page that does not exist.
pub fn parse_id(text: &str) -> Result<Uuid, AdminError> {
    Uuid::try_parse(text).map_err(|_| AdminError::NotFound)
}

/// The signed-in session, or a redirect to the sign-in page that comes back here.
pub async fn signed_in<B>(app: &App, req: &Request<B>) -> Result<Signed, AdminError> {
    match session::current(app, req).await? {
        Some(signed) => Ok(signed),
        None => Err(AdminError::SignInRequired {
            next: req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
        }),
    }
}

/// The signed-in member of `service`, who must have `permission` there.
pub async fn member<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
    permission: &str,
) -> Result<Member, AdminError> {
    let me = signed_in(app, req).await?;
    let service_id = parse_id(service)?;
    let user_id = me.user.id;
    let (service, membership, memberships) = app
        .store
        .read(move |conn| {
            Ok((
                store::services::get(conn, service_id)?,
                store::team::member(conn, service_id, user_id)?,
                store::team::memberships(conn, user_id)?,
            ))
        })
        .await?;
    let service = service.ok_or(AdminError::NotFound)?;
    let Some(membership) = membership else {
        return Err(AdminError::Forbidden(format!(
            "You are not a team member of ‘{}’. Ask someone on its team to add you.",
            service.name
        )));
    };
    let member = Member {
        me,
        service,
        permissions: membership.permissions,
        service_count: memberships.len(),
    };
    if !member.can(permission) {
        return Err(missing_permission(permission));
    }
    Ok(member)
}

/// For a POST: the member (as [`member`]) and the form, which must carry the session's CSRF
/// token.
pub async fn member_posting(
    app: &App,
    req: Request<Incoming>,
    service: &str,
    permission: &str,
) -> Result<(Member, Form), AdminError> {
    let member = member(app, &req, service, permission).await?;
    let form = read_form(req).await?;
    session::check_csrf(&member.me, &form)?;
    Ok((member, form))
}
