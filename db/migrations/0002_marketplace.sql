-- The marketplace: uploads, jobs (with full-text search), proposals, contracts, milestones,
-- the money ledger, disputes, reviews, profiles' extras, saved searches and notifications.

ALTER TABLE users ADD COLUMN availability TEXT NOT NULL DEFAULT 'available'
  CHECK (availability IN ('available', 'busy', 'unavailable'));
ALTER TABLE users ADD COLUMN admin_verified_at INTEGER;

CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('image', 'document')),
  mime TEXT NOT NULL,
  file_name TEXT NOT NULL,
  size INTEGER NOT NULL,
  storage_key TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX uploads_owner_idx ON uploads (owner_id, created_at);

-- Which object an upload is attached to; access to the file follows access to the object.
CREATE TABLE attachments (
  upload_id TEXT NOT NULL REFERENCES uploads (id),
  subject_type TEXT NOT NULL CHECK (subject_type IN ('job', 'proposal', 'deliverable', 'portfolio')),
  subject_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (upload_id, subject_type, subject_id)
);
CREATE INDEX attachments_subject_idx ON attachments (subject_type, subject_id);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  category TEXT NOT NULL,
  skills TEXT NOT NULL DEFAULT '[]',
  budget_type TEXT NOT NULL CHECK (budget_type IN ('fixed', 'hourly')),
  budget_min_minor INTEGER NOT NULL CHECK (budget_min_minor >= 0),
  budget_max_minor INTEGER NOT NULL CHECK (budget_max_minor >= budget_min_minor),
  currency TEXT NOT NULL,
  deadline_at INTEGER,
  is_remote INTEGER NOT NULL,
  location_name TEXT,
  lat REAL,
  lng REAL,
  radius_km REAL,
  priority_tags TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'in_progress', 'completed', 'cancelled')),
  published_at INTEGER,
  deleted_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX jobs_open_idx ON jobs (status, published_at);
CREATE INDEX jobs_client_idx ON jobs (client_id, status);
CREATE INDEX jobs_lat_lng_idx ON jobs (lat, lng);
CREATE INDEX jobs_category_idx ON jobs (category, status);

-- External-content FTS5 index over jobs, kept in step by triggers.
CREATE VIRTUAL TABLE jobs_fts USING fts5(
  title, description, skills, content = 'jobs', content_rowid = 'rowid', tokenize = 'porter unicode61'
);
CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
  INSERT INTO jobs_fts (rowid, title, description, skills) VALUES (new.rowid, new.title, new.description, new.skills);
END;
CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
  INSERT INTO jobs_fts (jobs_fts, rowid, title, description, skills) VALUES ('delete', old.rowid, old.title, old.description, old.skills);
END;
CREATE TRIGGER jobs_fts_update AFTER UPDATE OF title, description, skills ON jobs BEGIN
  INSERT INTO jobs_fts (jobs_fts, rowid, title, description, skills) VALUES ('delete', old.rowid, old.title, old.description, old.skills);
  INSERT INTO jobs_fts (rowid, title, description, skills) VALUES (new.rowid, new.title, new.description, new.skills);
END;

-- The same for finding workers by what their profile says.
CREATE VIRTUAL TABLE users_fts USING fts5(
  display_name, headline, bio, skills, content = 'users', content_rowid = 'rowid', tokenize = 'porter unicode61'
);
INSERT INTO users_fts (rowid, display_name, headline, bio, skills) SELECT rowid, display_name, headline, bio, skills FROM users;
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
  INSERT INTO users_fts (rowid, display_name, headline, bio, skills) VALUES (new.rowid, new.display_name, new.headline, new.bio, new.skills);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
  INSERT INTO users_fts (users_fts, rowid, display_name, headline, bio, skills) VALUES ('delete', old.rowid, old.display_name, old.headline, old.bio, old.skills);
END;
CREATE TRIGGER users_fts_update AFTER UPDATE OF display_name, headline, bio, skills ON users BEGIN
  INSERT INTO users_fts (users_fts, rowid, display_name, headline, bio, skills) VALUES ('delete', old.rowid, old.display_name, old.headline, old.bio, old.skills);
  INSERT INTO users_fts (rowid, display_name, headline, bio, skills) VALUES (new.rowid, new.display_name, new.headline, new.bio, new.skills);
END;

CREATE TABLE proposals (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES jobs (id),
  worker_id TEXT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('instant', 'quote')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL,
  duration_days INTEGER,
  cover_letter TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('submitted', 'shortlisted', 'rejected', 'accepted', 'withdrawn', 'declined')),
  first_response_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- One live proposal per worker per job.
CREATE UNIQUE INDEX proposals_live_idx ON proposals (job_id, worker_id)
  WHERE status IN ('submitted', 'shortlisted', 'accepted');
CREATE INDEX proposals_job_idx ON proposals (job_id, status);
CREATE INDEX proposals_worker_idx ON proposals (worker_id, status);

CREATE TABLE contracts (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL UNIQUE REFERENCES jobs (id),
  proposal_id TEXT NOT NULL UNIQUE REFERENCES proposals (id),
  client_id TEXT NOT NULL REFERENCES users (id),
  worker_id TEXT NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'disputed', 'completed', 'cancelled')),
  completed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX contracts_client_idx ON contracts (client_id, status);
CREATE INDEX contracts_worker_idx ON contracts (worker_id, status);

CREATE TABLE milestones (
  id TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL REFERENCES contracts (id),
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL,
  due_at INTEGER,
  payment_mode TEXT NOT NULL CHECK (payment_mode IN ('escrow', 'direct')),
  provider TEXT NOT NULL DEFAULT 'manual',
  status TEXT NOT NULL CHECK (status IN ('pending', 'funded', 'submitted', 'revision_requested', 'approved', 'paid', 'released', 'refunded')),
  -- Bumped on every transition, so a timer set for one submission ignores a later one.
  version INTEGER NOT NULL DEFAULT 0,
  funded_at INTEGER,
  submitted_at INTEGER,
  approved_at INTEGER,
  paid_at INTEGER,
  released_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (contract_id, position)
);

-- A worker's delivery for a milestone (note + attached files), and the client's answer.
CREATE TABLE deliverables (
  id TEXT PRIMARY KEY,
  milestone_id TEXT NOT NULL REFERENCES milestones (id),
  note TEXT NOT NULL,
  revision_note TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX deliverables_milestone_idx ON deliverables (milestone_id, created_at);

-- Double-entry: every money movement is a transaction whose entries sum to zero per currency.
CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  txn_id TEXT NOT NULL,
  milestone_id TEXT REFERENCES milestones (id),
  account TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  memo TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ledger_txn_idx ON ledger_entries (txn_id);
CREATE INDEX ledger_account_idx ON ledger_entries (account, created_at);
CREATE INDEX ledger_milestone_idx ON ledger_entries (milestone_id);

CREATE TABLE disputes (
  id TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL REFERENCES contracts (id),
  opened_by TEXT NOT NULL REFERENCES users (id),
  reason TEXT NOT NULL,
  response TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'awaiting_admin', 'resolved')),
  respond_by INTEGER NOT NULL,
  resolution TEXT,
  resolved_by TEXT REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX disputes_contract_idx ON disputes (contract_id, status);

CREATE TABLE reviews (
  id TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL REFERENCES contracts (id),
  author_id TEXT NOT NULL REFERENCES users (id),
  subject_id TEXT NOT NULL REFERENCES users (id),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (contract_id, author_id)
);
CREATE INDEX reviews_subject_idx ON reviews (subject_id, created_at);

-- A client's private note about a worker; only that client ever sees it.
CREATE TABLE client_notes (
  client_id TEXT NOT NULL REFERENCES users (id),
  worker_id TEXT NOT NULL REFERENCES users (id),
  note TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, worker_id)
);

CREATE TABLE portfolio_items (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  link TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX portfolio_user_idx ON portfolio_items (user_id, created_at);

CREATE TABLE certifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  issuer TEXT NOT NULL,
  year INTEGER,
  url TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX certifications_user_idx ON certifications (user_id);

CREATE TABLE saved_searches (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX saved_searches_user_idx ON saved_searches (user_id);

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link TEXT,
  data TEXT NOT NULL DEFAULT '{}',
  read_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);
CREATE INDEX notifications_unread_idx ON notifications (user_id, read_at);
