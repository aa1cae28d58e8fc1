/**
 * Per-conversation cursors and de-duplication for the chat client. A cursor is the highest seq
 * up to which the client has seen every message (contiguous), so a sync from it can never skip
 * a message that arrived out of order; seqs seen above it are remembered until the gap closes.
 */

interface Track {
  /** Every message with seq ≤ contiguous has been seen. */
  contiguous: number;
  /** Seqs seen above `contiguous`. */
  ahead: Set<number>;
  /** Ids seen, so a replay of the same message is dropped. */
  ids: Set<string>;
}

/** Ids remembered for conversations that are not tracked (the list page), oldest dropped first. */
const UNTRACKED_IDS = 2_000;

export class ChatCursors {
  #tracks = new Map<string, Track>();
  #untracked = new Set<string>();

  /** Starts tracking a conversation whose messages up to `seq` the page already shows. */
  track(conversationId: string, seq: number, ids: Iterable<string> = []): void {
    const t = this.#get(conversationId);
    if (seq > t.contiguous) {
      t.contiguous = seq;
      for (const s of t.ahead) if (s <= seq) t.ahead.delete(s);
      this.#advance(t);
    }
    for (const id of ids) t.ids.add(id);
  }

  isTracked(conversationId: string): boolean {
    return this.#tracks.has(conversationId);
  }

  /**
   * Records a message; false when it was seen before (a duplicate to drop). A conversation
   * nobody tracks is only de-duplicated by id: no cursor, so no gap to fill from seq 0.
   */
  see(conversationId: string, seq: number, id: string): boolean {
    const t = this.#tracks.get(conversationId);
    if (!t) {
      if (this.#untracked.has(id)) return false;
      this.#untracked.add(id);
      if (this.#untracked.size > UNTRACKED_IDS) {
        this.#untracked.delete(this.#untracked.values().next().value!);
      }
      return true;
    }
    if (t.ids.has(id)) return false;
    t.ids.add(id);
    if (seq <= t.contiguous || t.ahead.has(seq)) return false;
    t.ahead.add(seq);
    this.#advance(t);
    return true;
  }

  /** The contiguous cursor, or undefined for a conversation that is not tracked. */
  cursor(conversationId: string): number | undefined {
    return this.#tracks.get(conversationId)?.contiguous;
  }

  /** Cursors of every tracked conversation, for the `sync` frame. */
  all(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, t] of this.#tracks) out[id] = t.contiguous;
    return out;
  }

  /** Conversations with a hole: the highest seq seen is above the contiguous cursor. */
  gaps(): { conversationId: string; afterSeq: number; throughSeq: number }[] {
    const out = [];
    for (const [conversationId, t] of this.#tracks) {
      if (t.ahead.size) {
        out.push({ conversationId, afterSeq: t.contiguous, throughSeq: Math.max(...t.ahead) });
      }
    }
    return out;
  }

  #get(conversationId: string): Track {
    let t = this.#tracks.get(conversationId);
    if (!t) {
      t = { contiguous: 0, ahead: new Set(), ids: new Set() };
      this.#tracks.set(conversationId, t);
    }
    return t;
  }

  #advance(t: Track): void {
    while (t.ahead.has(t.contiguous + 1)) {
      t.ahead.delete(t.contiguous + 1);
      t.contiguous++;
    }
  }
}
