//! Notify's v2 request schemas as static data (`app/v2/notifications/notification_schemas.py`,
//! `app/v2/template/template_schemas.py`, `app/v2/templates/templates_schemas.py`,
//! `app/v2/inbound_sms/inbound_sms_schemas.py`), properties in Notify's order because that is the
//! order of the messages.

use super::{Property, Rule, Schema};

/// `TEMPLATE_TYPES` / `NOTIFICATION_TYPES`, in Notify's order (it appears in messages).
pub const TEMPLATE_TYPES: &[&str] = &["sms", "email", "letter"];

/// The `status` filter values: `NOTIFICATION_STATUS_TYPES` plus the letter aliases `accepted`
/// and `received`, in Notify's order (it appears in messages).
pub const NOTIFICATION_STATUSES: &[&str] = &[
    "cancelled",
    "created",
    "sending",
    "sent",
    "delivered",
    "pending",
    "failed",
    "technical-failure",
    "temporary-failure",
    "permanent-failure",
    "pending-virus-check",
    "validation-failed",
    "virus-scan-failed",
    "returned-letter",
    "accepted",
    "received",
];

/// Client references are limited to 1000 characters on every POST notification schema.
const REFERENCE: Property = Property {
    name: "reference",
    rule: Rule::String {
        max_length: Some(1000),
    },
};

const TEMPLATE_ID: Property = Property {
    name: "template_id",
    rule: Rule::Uuid,
};

const PERSONALISATION: Property = Property {
    name: "personalisation",
    rule: Rule::Object,
};

const SCHEDULED_FOR: Property = Property {
    name: "scheduled_for",
    rule: Rule::ScheduledFor,
};

/// POST `/v2/notifications/sms`.
pub const POST_SMS_REQUEST: Schema = Schema {
    name: "post_sms_request",
    properties: &[
        REFERENCE,
        Property {
            name: "phone_number",
            rule: Rule::PhoneNumber,
        },
        TEMPLATE_ID,
        PERSONALISATION,
        SCHEDULED_FOR,
        Property {
            name: "sms_sender_id",
            rule: Rule::Uuid,
        },
    ],
    required: &["phone_number", "template_id"],
    additional_properties: false,
};

/// POST `/v2/notifications/email`.
pub const POST_EMAIL_REQUEST: Schema = Schema {
    name: "post_email_request",
    properties: &[
        REFERENCE,
        Property {
            name: "email_address",
            rule: Rule::EmailAddress,
        },
        TEMPLATE_ID,
        PERSONALISATION,
        SCHEDULED_FOR,
        Property {
            name: "email_reply_to_id",
            rule: Rule::Uuid,
        },
        Property {
            name: "one_click_unsubscribe_url",
            rule: Rule::HttpsUrl,
        },
        Property {
            name: "sanitise_content_for",
            rule: Rule::NullableStringArray,
        },
    ],
    required: &["email_address", "template_id"],
    additional_properties: false,
};

/// POST `/v2/notifications/letter` without `content` (a templated letter).
pub const POST_LETTER_REQUEST: Schema = Schema {
    name: "post_letter_request",
    properties: &[REFERENCE, TEMPLATE_ID, PERSONALISATION],
    required: &["template_id", "personalisation"],
    additional_properties: false,
};

/// POST `/v2/notifications/letter` with `content` (a precompiled PDF, base64).
pub const POST_PRECOMPILED_LETTER_REQUEST: Schema = Schema {
    name: "post_precompiled_letter_request",
    properties: &[
        REFERENCE,
        Property {
            name: "content",
            rule: Rule::String { max_length: None },
        },
        Property {
            name: "postage",
            rule: Rule::Postage {
                allowed: &["first", "second", "economy"],
                message: "invalid. It must be either first, second or economy.",
            },
        },
    ],
    required: &["reference", "content"],
    additional_properties: false,
};

/// GET `/v2/notifications` query (`status` and `template_type` repeatable).
pub const GET_NOTIFICATIONS_REQUEST: Schema = Schema {
    name: "get_notifications_request",
    properties: &[
        Property {
            name: "reference",
            rule: Rule::String { max_length: None },
        },
        Property {
            name: "status",
            rule: Rule::ArrayOfEnum(NOTIFICATION_STATUSES),
        },
        Property {
            name: "template_type",
            rule: Rule::ArrayOfEnum(TEMPLATE_TYPES),
        },
        Property {
            name: "include_jobs",
            rule: Rule::Enum(&["true", "True"]),
        },
        Property {
            name: "older_than",
            rule: Rule::Uuid,
        },
    ],
    required: &[],
    additional_properties: false,
};

/// GET `/v2/notifications/{notification_id}`: the route segment as `{"notification_id": …}`.
pub const GET_NOTIFICATION_BY_ID_REQUEST: Schema = Schema {
    name: "notification_by_id",
    properties: &[Property {
        name: "notification_id",
        rule: Rule::Uuid,
    }],
    required: &["notification_id"],
    additional_properties: false,
};

/// GET `/v2/templates` query.
pub const GET_TEMPLATES_REQUEST: Schema = Schema {
    name: "get_all_template_request",
    properties: &[Property {
        name: "type",
        rule: Rule::Enum(TEMPLATE_TYPES),
    }],
    required: &[],
    additional_properties: false,
};

/// GET `/v2/template/{id}[/version/{version}]`: the route segment as `{"id": …}` (the integer
/// version route segment is checked by routing).
pub const GET_TEMPLATE_BY_ID_REQUEST: Schema = Schema {
    name: "get_template_by_id_request",
    properties: &[Property {
        name: "id",
        rule: Rule::Uuid,
    }],
    required: &["id"],
    additional_properties: false,
};

/// POST `/v2/template/{id}/preview`: the body with `id` set from the route (Notify overwrites any
/// `id` in the body); other keys are allowed.
pub const POST_TEMPLATE_PREVIEW_REQUEST: Schema = Schema {
    name: "post_template_preview_request",
    properties: &[
        Property {
            name: "id",
            rule: Rule::Uuid,
        },
        PERSONALISATION,
    ],
    required: &["id"],
    additional_properties: true,
};

/// GET `/v2/received-text-messages` query.
pub const GET_INBOUND_SMS_REQUEST: Schema = Schema {
    name: "get_inbound_sms_request",
    properties: &[Property {
        name: "older_than",
        rule: Rule::Uuid,
    }],
    required: &[],
    additional_properties: false,
};
