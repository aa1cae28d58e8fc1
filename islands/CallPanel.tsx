/**
 * Audio and video calls with the other person of a conversation: "Call" / "Video call"
 * buttons, the incoming-call prompt, the two videos, mute, camera off and hang-up, and the
 * call's state in words. The WebRTC work is client/call.ts; this island only shows it. Its root
 * carries data-call-state (the phase) and data-peer-state (RTCPeerConnection.connectionState),
 * so tests can wait on them.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { CallController, type CallState, describeCall } from "@/client/call.ts";
import { getChatClient } from "@/client/ws_client.ts";

export interface CallPanelProps {
  conversationId: string;
  selfId: string;
  otherUser: { id: string; displayName: string };
}

const INITIAL: Pick<CallState, "phase" | "media" | "muted" | "cameraOff"> = {
  phase: "idle",
  media: "video",
  muted: false,
  cameraOff: false,
};

export default function CallPanel({ conversationId, otherUser }: CallPanelProps) {
  const controller = useRef<CallController | null>(null);
  const [state, setState] = useState<CallState | null>(null);
  const localVideo = useRef<HTMLVideoElement>(null);
  const remoteVideo = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const c = new CallController({
      channel: getChatClient(),
      getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
      createPeerConnection: (config) => new RTCPeerConnection(config),
      createMediaStream: () => new MediaStream(),
    }, { conversationId, otherId: otherUser.id });
    controller.current = c;
    const off = c.subscribe(setState);
    setState(c.state);
    // Leaving the page hangs up at once rather than after the server's disconnect grace.
    const onPageHide = () => c.hangUp();
    addEventListener("pagehide", onPageHide);
    return () => {
      removeEventListener("pagehide", onPageHide);
      off();
      c.dispose();
      controller.current = null;
    };
  }, [conversationId, otherUser.id]);

  const local = state?.localStream ?? null;
  const remote = state?.remoteStream ?? null;
  useEffect(() => {
    if (localVideo.current && localVideo.current.srcObject !== local) {
      localVideo.current.srcObject = local;
    }
  }, [local]);
  useEffect(() => {
    if (remoteVideo.current && remoteVideo.current.srcObject !== remote) {
      remoteVideo.current.srcObject = remote;
    }
  }, [remote]);

  const s = state ?? INITIAL;
  const phase = s.phase;
  const live = !["idle", "ended", "incoming"].includes(phase);
  const words = state ? describeCall(state, otherUser.displayName) : "";
  const start = (media: "audio" | "video") => controller.current?.start(media);

  return (
    <section
      class={`call-panel call-${phase}${live ? " call-live" : ""}`}
      aria-label={`Call ${otherUser.displayName}`}
      data-call-state={phase}
      data-peer-state={state?.peerState ?? ""}
      data-end-reason={state?.endReason ?? ""}
      data-call-id={state?.callId ?? ""}
    >
      {(phase === "idle" || phase === "ended") && (
        <div class="call-start">
          <button
            type="button"
            class="button button-secondary button-small call-start-audio"
            disabled={!state}
            onClick={() => start("audio")}
          >
            Call
          </button>
          <button
            type="button"
            class="button button-secondary button-small call-start-video"
            disabled={!state}
            onClick={() => start("video")}
          >
            Video call
          </button>
        </div>
      )}
      <p class="call-status" role="status" aria-live="polite">{words}</p>
      {phase === "incoming" && (
        <div class="call-answer">
          <button
            type="button"
            class="button button-small call-accept"
            onClick={() => controller.current?.accept()}
          >
            Accept
          </button>
          <button
            type="button"
            class="button button-secondary button-small call-decline"
            onClick={() => controller.current?.decline()}
          >
            Decline
          </button>
        </div>
      )}
      {live && (
        <div class={`call-stage call-stage-${s.media}`}>
          <video
            ref={remoteVideo}
            class="call-remote"
            autoplay
            playsInline
            aria-label={`${otherUser.displayName}'s ${s.media === "video" ? "video" : "audio"}`}
          />
          <video ref={localVideo} class="call-local" autoplay playsInline muted aria-label="You" />
        </div>
      )}
      {live && (
        <div class="call-controls">
          <button
            type="button"
            class="button button-ghost button-small call-mute"
            aria-pressed={s.muted ? "true" : "false"}
            onClick={() => controller.current?.toggleMute()}
          >
            {s.muted ? "Unmute" : "Mute"}
          </button>
          {s.media === "video" && (
            <button
              type="button"
              class="button button-ghost button-small call-camera"
              aria-pressed={s.cameraOff ? "true" : "false"}
              onClick={() => controller.current?.toggleCamera()}
            >
              {s.cameraOff ? "Camera on" : "Camera off"}
            </button>
          )}
          <button
            type="button"
            class="button button-small call-hangup"
            onClick={() => controller.current?.hangUp()}
          >
            {phase === "connected" || phase === "connecting" ? "Hang up" : "Cancel"}
          </button>
        </div>
      )}
    </section>
  );
}
