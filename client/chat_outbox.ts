/**
 * Messages the user sent that the server has not acknowledged yet. Each keeps the clientMsgId
 * it was first sent with, so a resend after a reconnect (or a reload: the list is mirrored in
 * sessionStorage) is recognised by the server as the same message and never stored twice.
 */

export interface OutboxEntry {
  clientMsgId: string;
  conversationId: string;
  content: string;
  attachments?: string[];
  replyTo?: string;
  /** When the user pressed send (ms since the epoch), for ordering pending bubbles. */
  createdAt: number;
}

/** The subset of Storage the outbox uses (sessionStorage in browsers, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const OUTBOX_KEY = "wm:chat-outbox";

export class ChatOutbox {
  #entries: OutboxEntry[] = [];

  constructor(private readonly storage: KeyValueStorage | null) {
    this.#entries = this.#load();
  }

  list(): OutboxEntry[] {
    return [...this.#entries];
  }

  add(entry: OutboxEntry): void {
    if (this.#entries.some((e) => e.clientMsgId === entry.clientMsgId)) return;
    this.#entries.push(entry);
    this.#save();
  }

  /** Removes and returns the entry for `clientMsgId` (acknowledged or refused). */
  remove(clientMsgId: string): OutboxEntry | undefined {
    const i = this.#entries.findIndex((e) => e.clientMsgId === clientMsgId);
    if (i < 0) return undefined;
    const [entry] = this.#entries.splice(i, 1);
    this.#save();
    return entry;
  }

  get(clientMsgId: string): OutboxEntry | undefined {
    return this.#entries.find((e) => e.clientMsgId === clientMsgId);
  }

  #load(): OutboxEntry[] {
    try {
      const raw = this.storage?.getItem(OUTBOX_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch {
      // Storage disabled or a corrupt value: start empty rather than fail the page.
      return [];
    }
  }

  #save(): void {
    try {
      if (this.#entries.length) this.storage?.setItem(OUTBOX_KEY, JSON.stringify(this.#entries));
      else this.storage?.removeItem(OUTBOX_KEY);
    } catch {
      // Quota or privacy mode: the in-memory outbox still resends while the page lives.
    }
  }
}

function isEntry(v: unknown): v is OutboxEntry {
  const e = v as OutboxEntry;
  return typeof e === "object" && e !== null && typeof e.clientMsgId === "string" &&
    typeof e.conversationId === "string" && typeof e.content === "string" &&
    typeof e.createdAt === "number" &&
    (e.attachments === undefined || Array.isArray(e.attachments)) &&
    (e.replyTo === undefined || typeof e.replyTo === "string");
}
