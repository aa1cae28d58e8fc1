/**
 * Typing indicators for one conversation, both ways. Others: a user_typing frame shows them
 * until user_stopped_typing, their message, or CHAT_LIMITS.typingTtlSeconds without a refresh.
 * The viewer: input sends typing_start (refreshed every few seconds while typing) and
 * typing_stop after a pause or on send.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { CHAT_LIMITS } from "@/lib/chat_protocol.ts";
import { getChatClient } from "./ws_client.ts";

const TTL_MS = CHAT_LIMITS.typingTtlSeconds * 1000;
/** Refresh our typing_start this often while typing (under the TTL, so it never lapses). */
const REFRESH_MS = 3_000;
/** A pause this long ends our typing. */
const PAUSE_MS = 4_000;

export function useTyping(conversationId: string, viewerId: string) {
  const [until, setUntil] = useState<Record<string, number>>({});
  const lastSent = useRef(0);
  const pauseTimer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    const client = getChatClient();
    const offs = [
      client.on("user_typing", (f) => {
        if (f.conversationId !== conversationId || f.userId === viewerId) return;
        setUntil((u) => ({ ...u, [f.userId]: Date.now() + TTL_MS }));
      }),
      client.on("user_stopped_typing", (f) => {
        if (f.conversationId === conversationId) setUntil((u) => without(u, f.userId));
      }),
      client.on("state", (s) => {
        if (s !== "open") setUntil({});
      }),
    ];
    return () => {
      offs.forEach((off) => off());
      clearTimeout(pauseTimer.current);
    };
  }, [conversationId]);

  // Expire indicators whose refresh did not come.
  const active = Object.keys(until).length > 0;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setUntil((u) => {
        const left = Object.fromEntries(Object.entries(u).filter(([, t]) => t > now));
        return Object.keys(left).length === Object.keys(u).length ? u : left;
      });
    }, 500);
    return () => clearInterval(timer);
  }, [active]);

  function stop() {
    clearTimeout(pauseTimer.current);
    if (lastSent.current) getChatClient().send({ type: "typing_stop", conversationId });
    lastSent.current = 0;
  }

  function onInput() {
    const now = Date.now();
    if (now - lastSent.current > REFRESH_MS) {
      if (getChatClient().send({ type: "typing_start", conversationId })) lastSent.current = now;
    }
    clearTimeout(pauseTimer.current);
    pauseTimer.current = setTimeout(stop, PAUSE_MS);
  }

  return {
    userIds: Object.keys(until),
    onInput,
    stop,
    /** The user sent a message: they are no longer typing. */
    stopped: (userId: string) => setUntil((u) => without(u, userId)),
  };
}

function without(u: Record<string, number>, key: string): Record<string, number> {
  if (!(key in u)) return u;
  const copy = { ...u };
  delete copy[key];
  return copy;
}
