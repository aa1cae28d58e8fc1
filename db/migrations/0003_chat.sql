-- Real-time communication: conversations (direct messages, job threads, workspace channels),
-- their members and messages (with a per-conversation seq), reactions, attachments,
-- workspaces, and calls.

CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  join_code TEXT NOT NULL UNIQUE,
  owner_id TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL
);

CREATE TABLE workspace_members (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_user_idx ON workspace_members (user_id);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('dm', 'job', 'channel')),
  -- For direct messages: the two user ids sorted and joined, so a pair has exactly one DM.
  dm_key TEXT UNIQUE,
  job_id TEXT REFERENCES jobs (id),
  contract_id TEXT REFERENCES contracts (id),
  workspace_id TEXT REFERENCES workspaces (id),
  name TEXT,
  is_private INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0,
  last_message_at INTEGER,
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL
);
CREATE INDEX conversations_workspace_idx ON conversations (workspace_id);
CREATE UNIQUE INDEX conversations_channel_name_idx ON conversations (workspace_id, name)
  WHERE kind = 'channel';
-- One thread per job and worker pair is keyed by dm_key too ('job:<jobId>:<a>:<b>').

CREATE TABLE conversation_members (
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  joined_at INTEGER NOT NULL,
  last_read_seq INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user_idx ON conversation_members (user_id);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  seq INTEGER NOT NULL,
  sender_id TEXT NOT NULL REFERENCES users (id),
  -- The sender's id for this message: a resend with the same id gets the same ack.
  client_msg_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('text', 'call', 'system')),
  content TEXT NOT NULL,
  reply_to_id TEXT REFERENCES messages (id),
  edited_at INTEGER,
  deleted_at INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (conversation_id, seq),
  UNIQUE (sender_id, client_msg_id)
);

CREATE TABLE message_attachments (
  message_id TEXT NOT NULL REFERENCES messages (id),
  upload_id TEXT NOT NULL REFERENCES uploads (id),
  PRIMARY KEY (message_id, upload_id)
);
CREATE INDEX message_attachments_upload_idx ON message_attachments (upload_id);

CREATE TABLE message_reactions (
  message_id TEXT NOT NULL REFERENCES messages (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  emoji TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, user_id, emoji)
);

CREATE TABLE calls (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  caller_id TEXT NOT NULL REFERENCES users (id),
  callee_id TEXT NOT NULL REFERENCES users (id),
  media TEXT NOT NULL CHECK (media IN ('audio', 'video')),
  status TEXT NOT NULL CHECK (status IN ('ringing', 'active', 'ended', 'missed', 'rejected', 'failed')),
  end_reason TEXT,
  created_at INTEGER NOT NULL,
  answered_at INTEGER,
  ended_at INTEGER
);
CREATE INDEX calls_conversation_idx ON calls (conversation_id, created_at);
CREATE INDEX calls_live_idx ON calls (status);
