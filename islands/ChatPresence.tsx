/**
 * Who is online: for a DM or job thread, the other person's dot and "Online" / "Last seen …"
 * line; for a channel, its member list with dots. Rendered by the server from the presence it
 * knew, then kept current from user_online / user_offline frames on the page's chat client.
 */
import { useEffect, useState } from "preact/hooks";
import { formatPresence, initials } from "@/lib/chat_format.ts";
import { getChatClient } from "@/client/ws_client.ts";

export interface PresenceMember {
  id: string;
  displayName: string;
  online: boolean;
  lastSeen: string | null;
}

export interface ChatPresenceProps {
  conversationId: string;
  members: PresenceMember[];
  viewerId: string;
  mode: "line" | "list";
  /**
   * Where to reread presence after a reconnect (frames missed while away are not replayed):
   * a conversation (`{members}`) or a channel's member list (`{items}`).
   */
  refreshUrl: string;
  now: number;
  timeZone: string | null;
}

export default function ChatPresence(props: ChatPresenceProps) {
  const [members, setMembers] = useState(props.members);
  const [now, setNow] = useState(props.now);
  // While our own connection is down, what we show may be out of date: say so by dimming it.
  const [stale, setStale] = useState(false);

  useEffect(() => {
    const client = getChatClient();
    const set = (userId: string, online: boolean, lastSeen?: string) =>
      setMembers((list) =>
        list.map((m) => m.id === userId ? { ...m, online, lastSeen: lastSeen ?? m.lastSeen } : m)
      );
    if (client.state === "open") set(props.viewerId, true);
    const offs = [
      client.on("user_online", (f) => set(f.userId, true)),
      client.on("user_offline", (f) => {
        // Another tab of ours closing does not make this one offline.
        if (f.userId !== props.viewerId || client.state !== "open") {
          set(f.userId, false, f.lastSeen);
        }
      }),
      client.on("state", (s) => {
        setStale(s !== "open");
        // The viewer is online exactly when this page's own connection is.
        set(props.viewerId, s === "open");
      }),
      client.on("user_joined", (f) => {
        if (f.conversationId === props.conversationId) refresh();
      }),
      client.on("user_left", (f) => {
        if (f.conversationId !== props.conversationId) return;
        setMembers((list) => list.filter((m) => m.id !== f.userId));
      }),
      // The page was rendered before this socket subscribed: anyone who came or went in
      // between sent their frame to nobody here, so reread presence once connected.
      client.on("authenticated", () => refresh()),
    ];
    if (client.state === "open") refresh();
    async function refresh() {
      try {
        const res = await fetch(props.refreshUrl, { headers: { accept: "application/json" } });
        if (!res.ok) return;
        const body = await res.json() as { members?: PresenceMember[]; items?: PresenceMember[] };
        const fresh = new Map((body.items ?? body.members ?? []).map((m) => [m.id, m]));
        setMembers((list) => {
          const known = new Set(list.map((m) => m.id));
          const added = [...fresh.values()].filter((m) => !known.has(m.id));
          return [...list, ...added].filter((m) => fresh.size === 0 || fresh.has(m.id)).map((m) => {
            const f = fresh.get(m.id);
            return f
              ? { id: m.id, displayName: f.displayName, online: f.online, lastSeen: f.lastSeen }
              : m;
          });
        });
      } catch {
        // Still offline: the next reconnect tries again.
      }
    }
    // "Last seen 5 min ago" ages while the page is open.
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      offs.forEach((off) => off());
      clearInterval(timer);
    };
  }, []);

  if (props.mode === "line") {
    const other = members.find((m) => m.id !== props.viewerId);
    if (!other) return null;
    return (
      <p
        class={`presence-line${stale ? " is-stale" : ""}`}
        data-user-id={other.id}
        data-online={String(other.online)}
      >
        <span class={`presence-dot${other.online ? " is-online" : ""}`} aria-hidden="true" />
        <span>{formatPresence(other, now, props.timeZone)}</span>
      </p>
    );
  }
  const sorted = [...members].sort((a, b) =>
    Number(b.online) - Number(a.online) || a.displayName.localeCompare(b.displayName)
  );
  return (
    <ul class={`member-list${stale ? " is-stale" : ""}`}>
      {sorted.map((m) => (
        <li data-user-id={m.id} data-online={String(m.online)}>
          <span class="avatar avatar-small" aria-hidden="true">
            {initials(m.displayName)}
            <span class={`presence-dot${m.online ? " is-online" : ""}`} />
          </span>
          <a href={`/users/${m.id}`}>
            {m.id === props.viewerId ? `${m.displayName} (you)` : m.displayName}
          </a>
          <span class="muted member-seen">{formatPresence(m, now, props.timeZone)}</span>
        </li>
      ))}
    </ul>
  );
}
