-- The one schema of notifyd's SQLite database.
--
-- `store::migrate` runs on every start: each `-- migration N` section below is applied once, in
-- order, inside one transaction, and `PRAGMA user_version` records the last section applied.
-- Never edit a released section; append a new one.
--
-- Conventions: ids of services, keys, users and templates are lowercase hyphenated UUID text;
-- times are INTEGER microseconds since the Unix epoch, UTC; booleans are 0/1.
-- Secrets (API key secrets, callback bearer tokens) are stored sealed with AES-256-GCM under a
-- master key that lives outside this file (see src/secrets.rs), never in plain text.

-- migration 1
CREATE TABLE meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- Bumped by the triggers below whenever anything the server caches in memory changes
    -- (services, keys, templates, team, guest list), from this process or another one.
    config_version INTEGER NOT NULL DEFAULT 0,
    -- A known value sealed with the master key: proves at start that the key matches.
    master_key_check BLOB
);
INSERT INTO meta (id, config_version) VALUES (1, 0);

CREATE TABLE services (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    trial_mode INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    rate_limit INTEGER NOT NULL,
    sms_limit INTEGER NOT NULL,
    email_limit INTEGER NOT NULL,
    letter_limit INTEGER NOT NULL,
    international_sms_limit INTEGER NOT NULL,
    -- Comma-separated Notify service permissions (sms, email, letter, international_sms, ...).
    permissions TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    phone TEXT,
    name TEXT,
    password_hash TEXT,
    created_at INTEGER NOT NULL
);

-- Team membership, with the member's permissions for that service (comma-separated).
CREATE TABLE service_users (
    service_id TEXT NOT NULL REFERENCES services (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    permissions TEXT NOT NULL,
    PRIMARY KEY (service_id, user_id)
);

CREATE TABLE guest_list (
    service_id TEXT NOT NULL REFERENCES services (id),
    recipient_type TEXT NOT NULL CHECK (recipient_type IN ('email', 'mobile')),
    recipient TEXT NOT NULL,
    PRIMARY KEY (service_id, recipient_type, recipient)
);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    name TEXT NOT NULL,
    -- The name as Notify compares it for uniqueness: lower-cased, without spaces, '_' and '-'.
    name_key TEXT NOT NULL,
    key_type TEXT NOT NULL CHECK (key_type IN ('normal', 'team', 'test')),
    secret_sealed BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX api_keys_service ON api_keys (service_id);
CREATE UNIQUE INDEX api_keys_active_name ON api_keys (service_id, name_key) WHERE revoked_at IS NULL;

-- Kept apart from api_keys so that recording use does not invalidate the key cache.
CREATE TABLE api_key_usage (
    api_key_id TEXT PRIMARY KEY REFERENCES api_keys (id),
    last_used_at INTEGER NOT NULL
);

CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    template_type TEXT NOT NULL CHECK (template_type IN ('sms', 'email', 'letter')),
    version INTEGER NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX templates_service ON templates (service_id);

-- Every version of every template; the current one is templates.version.
CREATE TABLE template_versions (
    template_id TEXT NOT NULL REFERENCES templates (id),
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    subject TEXT,
    body TEXT NOT NULL,
    postage TEXT,
    created_by TEXT,
    -- When this version was made (NULL for version 1: Notify shows updated_at null until edited).
    updated_at INTEGER,
    PRIMARY KEY (template_id, version)
);

CREATE TRIGGER services_changed_ins AFTER INSERT ON services BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER services_changed_upd AFTER UPDATE ON services BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER users_changed_upd AFTER UPDATE ON users BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER service_users_changed_ins AFTER INSERT ON service_users BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER service_users_changed_upd AFTER UPDATE ON service_users BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER service_users_changed_del AFTER DELETE ON service_users BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER guest_list_changed_ins AFTER INSERT ON guest_list BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER guest_list_changed_del AFTER DELETE ON guest_list BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER api_keys_changed_ins AFTER INSERT ON api_keys BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER api_keys_changed_upd AFTER UPDATE ON api_keys BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER templates_changed_ins AFTER INSERT ON templates BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER templates_changed_upd AFTER UPDATE ON templates BEGIN UPDATE meta SET config_version = config_version + 1; END;

-- migration 2
-- Hidden templates back precompiled letters and notify.cx emails; they never appear in lists.
ALTER TABLE templates ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
-- The service's default text message sender and its inbound number for received texts.
ALTER TABLE services ADD COLUMN sms_sender TEXT NOT NULL DEFAULT 'GOVUK';
ALTER TABLE services ADD COLUMN inbound_number TEXT;

-- Every message sent. `pk` orders the rows physically; `id` is the public UUIDv7, time-ordered so
-- its index appends too. Rendered body and subject are stored as sent (with that template version).
-- (Migration 6 rebuilds this table with the same columns, a cheaper CHECK and in-flight index.)
CREATE TABLE notifications (
    pk INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE,
    service_id TEXT NOT NULL,
    api_key_id TEXT,
    key_type TEXT NOT NULL,
    notification_type TEXT NOT NULL CHECK (notification_type IN ('sms', 'email', 'letter')),
    template_id TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    -- As supplied (whitespace-stripped); for letters, the address lines joined by newlines.
    recipient TEXT NOT NULL,
    -- Normalised for searching: E.164 without '+', lower-cased email, postcode-last address.
    normalised_to TEXT NOT NULL,
    client_reference TEXT,
    personalisation TEXT NOT NULL,
    body TEXT NOT NULL,
    subject TEXT,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    updated_at INTEGER,
    billable_units INTEGER NOT NULL DEFAULT 0,
    international INTEGER NOT NULL DEFAULT 0,
    phone_prefix TEXT,
    rate_multiplier REAL,
    postage TEXT,
    reply_to_text TEXT,
    one_click_unsubscribe_url TEXT
);
-- GET /v2/notifications: one service, one key type, newest first.
CREATE INDEX notifications_by_service ON notifications (service_id, key_type, created_at);
-- GET /v2/notifications?reference=
CREATE INDEX notifications_by_reference ON notifications (service_id, client_reference)
    WHERE client_reference IS NOT NULL;
-- Picked up again after a restart.
CREATE INDEX notifications_in_flight ON notifications (status)
    WHERE status IN ('created', 'sending', 'pending', 'pending-virus-check');

-- The PDF of each precompiled letter.
CREATE TABLE letter_pdfs (
    notification_pk INTEGER PRIMARY KEY REFERENCES notifications (pk) ON DELETE CASCADE,
    pdf BLOB NOT NULL
);

-- Text messages received from the public (recorded with `notifyd inbound-sms`).
CREATE TABLE inbound_sms (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    service_id TEXT NOT NULL REFERENCES services (id),
    notify_number TEXT NOT NULL,
    user_number TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX inbound_sms_by_service ON inbound_sms (service_id, created_at);

-- migration 3
-- Where a service wants delivery receipts and received texts POSTed, and the bearer token to
-- send (sealed like key secrets). One of each type per service.
CREATE TABLE service_callbacks (
    service_id TEXT NOT NULL REFERENCES services (id),
    callback_type TEXT NOT NULL CHECK (callback_type IN ('delivery_status', 'inbound_sms')),
    url TEXT NOT NULL,
    bearer_token_sealed BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER,
    PRIMARY KEY (service_id, callback_type)
);
CREATE TRIGGER service_callbacks_changed_ins AFTER INSERT ON service_callbacks BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER service_callbacks_changed_upd AFTER UPDATE ON service_callbacks BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER service_callbacks_changed_del AFTER DELETE ON service_callbacks BEGIN UPDATE meta SET config_version = config_version + 1; END;

-- The callback outbox: every callback to make, until it succeeds or runs out of retries.
-- Pending rows survive a restart and are picked up again.
CREATE TABLE callbacks (
    pk INTEGER PRIMARY KEY,
    service_id TEXT NOT NULL,
    callback_type TEXT NOT NULL,
    -- The notification or received text it is about (its id).
    subject_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX callbacks_due ON callbacks (next_attempt_at) WHERE state = 'pending';
CREATE INDEX callbacks_by_subject ON callbacks (service_id, subject_id);

-- Every attempt at a callback: when, how long, and what came back.
CREATE TABLE callback_attempts (
    pk INTEGER PRIMARY KEY,
    callback_pk INTEGER NOT NULL REFERENCES callbacks (pk) ON DELETE CASCADE,
    service_id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    url TEXT NOT NULL,
    attempted_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    http_status INTEGER,
    error TEXT
);
CREATE INDEX callback_attempts_by_service ON callback_attempts (service_id, attempted_at);
CREATE INDEX callback_attempts_by_subject ON callback_attempts (service_id, subject_id);

-- Messages sent per service, channel and UTC day by live and team keys (daily limits).
CREATE TABLE daily_counts (
    service_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    day INTEGER NOT NULL,
    sent INTEGER NOT NULL,
    PRIMARY KEY (service_id, channel, day)
);

-- migration 4
-- The admin web interface. Sessions and one-time sign-in links are looked up by the SHA-256 of
-- their random token: the token itself (in the browser's cookie, or the printed link) is never
-- stored. Passwords live in users.password_hash (PBKDF2-HMAC-SHA256, self-describing).
CREATE TABLE web_sessions (
    token_hash BLOB PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    -- Every POST form carries this; compared in constant time.
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    -- The session ends after a period without requests (see src/admin/session.rs).
    last_seen_at INTEGER NOT NULL,
    -- A one-line message for the next page ("‘name’ was revoked").
    flash TEXT,
    -- A just-created or regenerated API key, sealed, held until it is shown once.
    shown_once_sealed BLOB
);
CREATE INDEX web_sessions_by_user ON web_sessions (user_id);

CREATE TABLE sign_in_tokens (
    token_hash BLOB PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    -- Set when the link is used: each works once.
    used_at INTEGER
);

-- migration 5
-- Per-recipient outcomes a test suite asks for (POST /notifyd/v1/outcomes, or the config),
-- applied to test-key sends and sink deliveries, first match wins.
CREATE TABLE outcome_rules (
    pk INTEGER PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    -- Exactly one of: a recipient (normalised as Notify compares them) or a glob pattern on it.
    recipient TEXT,
    pattern TEXT,
    status TEXT NOT NULL,
    -- When the final status happens, from creation (default: the simulation's timing).
    after_ms INTEGER,
    created_at INTEGER NOT NULL,
    CHECK ((recipient IS NULL) != (pattern IS NULL))
);
CREATE INDEX outcome_rules_by_service ON outcome_rules (service_id, pk);
CREATE TRIGGER outcome_rules_changed_ins AFTER INSERT ON outcome_rules BEGIN UPDATE meta SET config_version = config_version + 1; END;
CREATE TRIGGER outcome_rules_changed_del AFTER DELETE ON outcome_rules BEGIN UPDATE meta SET config_version = config_version + 1; END;

-- GET /notifyd/v1/notifications?to= and the wait endpoint.
CREATE INDEX notifications_by_recipient ON notifications (service_id, normalised_to);

-- migration 6
-- Every send inserts a notification and changes its status twice, so the work each of those does
-- matters. SQLite evaluates `x IN (three or more constants)` by building a small table at every
-- execution, and the old CHECK and in-flight index each did so on every insert (about 2 µs each,
-- a third of an insert). The table is rebuilt with the CHECK written as comparisons (SQLite
-- cannot alter a CHECK in place; migrations run with foreign keys off, so letter_pdfs keeps its
-- rows), and the in-flight index is keyed by pk alone, with the same comparisons: a resume walks
-- it a page at a time in pk order (before, every page read and sorted all that were still in
-- flight), and a change between in-flight statuses rewrites an entry in place.
CREATE TABLE notifications_rebuilt (
    pk INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE,
    service_id TEXT NOT NULL,
    api_key_id TEXT,
    key_type TEXT NOT NULL,
    notification_type TEXT NOT NULL CHECK (
        notification_type = 'sms' OR notification_type = 'email' OR notification_type = 'letter'
    ),
    template_id TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    normalised_to TEXT NOT NULL,
    client_reference TEXT,
    personalisation TEXT NOT NULL,
    body TEXT NOT NULL,
    subject TEXT,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    updated_at INTEGER,
    billable_units INTEGER NOT NULL DEFAULT 0,
    international INTEGER NOT NULL DEFAULT 0,
    phone_prefix TEXT,
    rate_multiplier REAL,
    postage TEXT,
    reply_to_text TEXT,
    one_click_unsubscribe_url TEXT
);
INSERT INTO notifications_rebuilt SELECT * FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_rebuilt RENAME TO notifications;
CREATE INDEX notifications_by_service ON notifications (service_id, key_type, created_at);
CREATE INDEX notifications_by_reference ON notifications (service_id, client_reference)
    WHERE client_reference IS NOT NULL;
CREATE INDEX notifications_by_recipient ON notifications (service_id, normalised_to);
-- The statuses still in flight; `in_flight!` in src/store/notifications.rs repeats these
-- comparisons word for word (SQLite uses a partial index only for a query that states its
-- condition; its test checks the plan).
CREATE INDEX notifications_in_flight ON notifications (pk) WHERE
    status = 'created' OR status = 'sending' OR status = 'pending' OR status = 'pending-virus-check';

-- migration 7
-- Wrong passwords in a row at `/sign-in`, per user. At 10 the account is locked, as Notify's
-- admin locks it (MAX_FAILED_LOGIN_COUNT), until `notifyd team set-password` gives it a new
-- password; a successful sign-in starts the count again. Kept apart from `users` so that
-- counting does not fire users' triggers and so invalidate the server's caches.
CREATE TABLE sign_in_failures (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    failures INTEGER NOT NULL,
    -- When the last of them was given: for an operator looking into a lock, never read by notifyd.
    last_failed_at INTEGER NOT NULL
);
