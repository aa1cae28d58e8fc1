-- Leases that make a scheduled tick run on one instance only (server/jobs/lease.ts), used when
-- there is no Redis: every instance shares this database.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
