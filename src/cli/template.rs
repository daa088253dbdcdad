//! `notifyd template create|update|list`. `--json` prints templates exactly as
//! `GET /v2/template/{id}` shows them.

use super::{now, CliError, Output};
use crate::http::v2::templates::to_v2;
use crate::setup::Opened;
use crate::store;
use crate::templates::manage::{self, NewTemplate, TemplateEdit};
use crate::templates::TemplateType;
use clap::Subcommand;
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// Create a template; prints its id
    Create {
        #[arg(long)]
        service: Uuid,
        #[arg(long = "type", value_parser = ["sms", "email", "letter"])]
        template_type: String,
        #[arg(long)]
        name: String,
        /// Required for email and letter templates
        #[arg(long)]
        subject: Option<String>,
        #[arg(long)]
        body: String,
        /// Use this id instead of a new one
        #[arg(long)]
        id: Option<Uuid>,
    },
    /// Edit a template (a new version); prints the new version number
    Update {
        id: Uuid,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        subject: Option<String>,
        #[arg(long)]
        body: Option<String>,
    },
    /// List a service's templates
    List {
        #[arg(long)]
        service: Uuid,
    },
}

pub fn run(db: &Opened, command: &TemplateCommand, out: &Output) -> Result<(), CliError> {
    match command {
        TemplateCommand::Create {
            service,
            template_type,
            name,
            subject,
            body,
            id,
        } => {
            let new = NewTemplate {
                id: *id,
                service_id: *service,
                template_type: TemplateType::parse(template_type).unwrap_or(TemplateType::Sms),
                name: name.clone(),
                subject: subject.clone(),
                body: body.clone(),
                created_by: None,
            };
            let template = manage::create(&db.conn, new, now())?;
            out.either(&to_v2(&template), Some(&template.id.to_string()));
        }
        TemplateCommand::Update {
            id,
            name,
            subject,
            body,
        } => {
            let edit = TemplateEdit {
                name: name.clone(),
                subject: subject.clone(),
                body: body.clone(),
            };
            let template = manage::update(&db.conn, *id, edit, now())?;
            out.either(&to_v2(&template), Some(&template.version.to_string()));
        }
        TemplateCommand::List { service } => {
            if store::services::get(&db.conn, *service)?.is_none() {
                return Err(CliError(format!("service {service} not found")));
            }
            let templates = store::templates::list(&db.conn, *service)?;
            if out.is_json() {
                out.json(&templates.iter().map(to_v2).collect::<Vec<_>>());
                return Ok(());
            }
            let rows: Vec<Vec<String>> = templates
                .iter()
                .map(|t| {
                    vec![
                        t.name.clone(),
                        t.template_type.as_str().into(),
                        t.id.to_string(),
                        t.version.to_string(),
                        if t.archived { "archived" } else { "" }.into(),
                    ]
                })
                .collect();
            out.table(&["NAME", "TYPE", "ID", "VERSION", ""], &rows);
        }
    }
    Ok(())
}
