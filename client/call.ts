/**
 * One-to-one calls in the browser, without Preact (so tests can drive it with fakes): the call
 * frames over the page's chat connection, getUserMedia, and one RTCPeerConnection whose offer,
 * answer and ICE candidates travel as `signal` frames through the server.
 *
 * Who offers: the caller, once the callee has accepted. The callee adds its tracks only when
 * the offer arrives, so in the normal flow it never needs to offer itself. Anything that does
 * renegotiate later is safe against glare ("perfect negotiation"): the callee is the polite
 * peer and rolls back its own offer when both offer at once; the caller ignores the callee's.
 *
 * Every ending (hang-up, declined, missed, busy, the other side leaving, an error) goes through
 * one `#finish`, which stops the tracks and closes the connection.
 */
import type { CallView, ClientFrame, IceServer, ServerFrame } from "@/lib/chat_protocol.ts";

type FrameOf<T extends ServerFrame["type"]> = Extract<ServerFrame, { type: T }>;
type Frames = { [T in ServerFrame["type"]]: FrameOf<T> };

/** The part of the page's chat client a call needs (client/ws_client.ts). */
export interface CallChannel {
  /** False when the connection is not open (nothing was sent). */
  send(frame: ClientFrame): boolean;
  on<K extends keyof Frames>(type: K, handler: (frame: Frames[K]) => void): () => void;
}

export type CallPhase =
  | "idle"
  | "calling" // asked the server to ring the other person
  | "ringing" // their phone is ringing
  | "incoming" // our phone is ringing
  | "connecting" // answered; the peer connection is being set up
  | "connected"
  | "ended";

export interface CallState {
  phase: CallPhase;
  callId: string | null;
  media: "audio" | "video";
  /** Why the call ended: hangup, cancelled, declined, missed, busy, disconnected, failed… */
  endReason: string | null;
  /** RTCPeerConnection.connectionState once there is a connection. */
  peerState: RTCPeerConnectionState | null;
  muted: boolean;
  cameraOff: boolean;
  localStream: MediaStream | null;
  remoteStream: MediaStream | null;
  error: string | null;
}

export interface CallDeps {
  channel: CallChannel;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  createPeerConnection(config: RTCConfiguration): RTCPeerConnection;
  createMediaStream(): MediaStream;
}

const IDLE: CallState = {
  phase: "idle",
  callId: null,
  media: "video",
  endReason: null,
  peerState: null,
  muted: false,
  cameraOff: false,
  localStream: null,
  remoteStream: null,
  error: null,
};

/** The call's state in words, for the panel and screen readers. */
export function describeCall(s: CallState, otherName: string): string {
  const kind = s.media === "video" ? "video call" : "call";
  switch (s.phase) {
    case "idle":
      return "";
    case "calling":
      return `Calling ${otherName}…`;
    case "ringing":
      return `Ringing ${otherName}…`;
    case "incoming":
      return `Incoming ${kind} from ${otherName}`;
    case "connecting":
      return "Connecting…";
    case "connected":
      return `Connected with ${otherName}`;
    case "ended":
      return s.error ?? ENDED_WORDS[s.endReason ?? ""] ?? "Call ended";
  }
}

const ENDED_WORDS: Record<string, string> = {
  hangup: "Call ended",
  cancelled: "Call cancelled",
  declined: "Call declined",
  rejected: "Call declined",
  missed: "No answer — missed call",
  busy: "Busy — they are in another call",
  disconnected: "Call dropped: the connection was lost",
  failed: "The call could not connect",
  elsewhere: "Answered on another device",
};

export class CallController {
  state: CallState = { ...IDLE };
  #deps: CallDeps;
  #conversationId: string;
  #listeners = new Set<(s: CallState) => void>();
  #unsubscribe: (() => void)[] = [];
  #pc: RTCPeerConnection | null = null;
  #iceServers: IceServer[] = [];
  #isCaller = false;
  /** This tab placed or answered the call (other tabs of the same user stay out of it). */
  #ownsCall = false;
  #makingOffer = false;
  #ignoreOffer = false;
  #pendingCandidates: RTCIceCandidateInit[] = [];
  #otherId: string;
  #signals: Promise<void> = Promise.resolve();
  #tracksAdded = false;

  constructor(deps: CallDeps, opts: { conversationId: string; otherId: string }) {
    this.#deps = deps;
    this.#conversationId = opts.conversationId;
    this.#otherId = opts.otherId;
    const ch = deps.channel;
    this.#unsubscribe.push(
      ch.on("call:ringing", (f) => this.#onRinging(f)),
      ch.on("incoming_call", (f) => this.#onIncoming(f)),
      ch.on("call:accepted", (f) => this.#onAccepted(f.call)),
      ch.on("call:rejected", (f) => this.#onRemoteEnd(f.call, "declined")),
      ch.on("call:ended", (f) => this.#onRemoteEnd(f.call, f.reason)),
      ch.on("call:failed", (f) => this.#onFailed(f)),
      ch.on("signal", (f) => this.#onSignal(f)),
      ch.on("error", (f) => this.#onError(f)),
    );
  }

  /** Listens to every state change; returns the unsubscribe function. */
  subscribe(fn: (s: CallState) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  get isLive(): boolean {
    return !["idle", "ended"].includes(this.state.phase);
  }

  /** Places a call: the camera/microphone first (so any prompt comes before ringing them). */
  async start(media: "audio" | "video"): Promise<void> {
    if (this.isLive) return;
    this.#reset();
    this.#isCaller = true;
    this.#ownsCall = true;
    this.#set({ ...IDLE, phase: "calling", media });
    const stream = await this.#openMedia(media);
    if (!stream || this.state.phase !== "calling") return;
    const sent = this.#deps.channel.send({
      type: "call:initiate",
      conversationId: this.#conversationId,
      media,
    });
    if (!sent) this.#finish("failed", "You are offline: the call could not be placed.");
  }

  /** Answers the incoming call. */
  async accept(): Promise<void> {
    const { phase, callId, media } = this.state;
    if (phase !== "incoming" || !callId) return;
    this.#ownsCall = true;
    this.#set({ phase: "connecting" });
    const stream = await this.#openMedia(media);
    if (!stream || this.state.callId !== callId || this.state.phase === "ended") return;
    this.#ensurePeer();
    if (!this.#deps.channel.send({ type: "call:accept", callId })) {
      this.#finish("failed", "You are offline: the call could not be answered.");
    }
  }

  /** Declines the incoming call. */
  decline(): void {
    const { phase, callId } = this.state;
    if (phase !== "incoming" || !callId) return;
    this.#deps.channel.send({ type: "call:reject", callId, reason: "declined" });
    this.#finish("declined");
  }

  /** Hangs up (or stops calling). */
  hangUp(): void {
    const { callId } = this.state;
    if (!this.isLive) return;
    if (callId) this.#deps.channel.send({ type: "call:end", callId });
    this.#finish(this.state.phase === "connected" ? "hangup" : "cancelled");
  }

  toggleMute(): void {
    const muted = !this.state.muted;
    for (const t of this.state.localStream?.getAudioTracks() ?? []) t.enabled = !muted;
    this.#set({ muted });
  }

  toggleCamera(): void {
    const cameraOff = !this.state.cameraOff;
    for (const t of this.state.localStream?.getVideoTracks() ?? []) t.enabled = !cameraOff;
    this.#set({ cameraOff });
  }

  /** Leaves the call (if any) and stops listening: the page is going away. */
  dispose(): void {
    if (this.isLive) this.hangUp();
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#listeners.clear();
  }

  // ------------------------------------------------------------------------------------------

  #mine(call: CallView): boolean {
    return call.conversationId === this.#conversationId && call.id === this.state.callId;
  }

  #onRinging(f: FrameOf<"call:ringing">): void {
    if (f.call.conversationId !== this.#conversationId) return;
    if (this.state.phase !== "calling" || !this.#ownsCall || this.state.callId) return;
    this.#iceServers = f.iceServers;
    this.#set({ phase: "ringing", callId: f.call.id });
  }

  #onIncoming(f: FrameOf<"incoming_call">): void {
    if (f.call.conversationId !== this.#conversationId || this.isLive) return;
    this.#reset();
    this.#isCaller = false;
    this.#iceServers = f.iceServers;
    this.#set({ ...IDLE, phase: "incoming", callId: f.call.id, media: f.call.media });
  }

  #onAccepted(call: CallView): void {
    if (!this.#mine(call) || this.state.phase === "ended") return;
    if (!this.#ownsCall) {
      // Another tab of ours answered: this one stops ringing.
      this.#finish("elsewhere");
      return;
    }
    this.#set({ phase: "connecting" });
    // The caller adds its tracks now; negotiationneeded then sends the offer.
    if (this.#isCaller) this.#addLocalTracks(this.#ensurePeer());
  }

  #onRemoteEnd(call: CallView, reason: string): void {
    if (!this.#mine(call) || this.state.phase === "ended") return;
    this.#finish(reason);
  }

  #onFailed(f: FrameOf<"call:failed">): void {
    const waiting = this.state.phase === "calling" && this.#ownsCall && !this.state.callId;
    if (!waiting && f.callId !== this.state.callId) return;
    this.#set({ callId: f.callId });
    this.#finish(f.reason);
  }

  #onError(f: FrameOf<"error">): void {
    // The server refused our call:initiate (ref = the conversation) or a frame of this call.
    const ours = (f.ref === this.#conversationId && this.state.phase === "calling") ||
      (f.ref !== undefined && f.ref === this.state.callId && this.isLive &&
        f.code !== "bad_frame");
    if (ours) this.#finish("failed", f.message);
  }

  #onSignal(f: FrameOf<"signal">): void {
    if (f.callId !== this.state.callId || !this.#ownsCall || f.from !== this.#otherId) return;
    if (!["connecting", "connected", "ringing"].includes(this.state.phase)) return;
    // Applied one at a time, in arrival order: the peer connection's calls are asynchronous.
    this.#signals = this.#signals.then(() => this.#applySignal(f)).catch((err) => {
      if (this.isLive) this.#finish("failed", `The call could not connect (${errorText(err)}).`);
    });
  }

  async #applySignal(f: FrameOf<"signal">): Promise<void> {
    const pc = this.#ensurePeer();
    if (f.signalType === "ice") {
      const candidate = f.signal as RTCIceCandidateInit;
      if (!pc.remoteDescription) {
        this.#pendingCandidates.push(candidate);
        return;
      }
      try {
        await pc.addIceCandidate(candidate);
      } catch (err) {
        if (!this.#ignoreOffer) throw err;
      }
      return;
    }
    const description = f.signal as unknown as RTCSessionDescriptionInit;
    const collision = description.type === "offer" &&
      (this.#makingOffer || pc.signalingState !== "stable");
    const polite = !this.#isCaller;
    this.#ignoreOffer = !polite && collision;
    if (this.#ignoreOffer) return;
    await pc.setRemoteDescription(description); // rolls back our own offer when polite
    for (const c of this.#pendingCandidates.splice(0)) await pc.addIceCandidate(c);
    if (description.type === "offer") {
      this.#addLocalTracks(pc);
      await pc.setLocalDescription();
      this.#sendSignal("answer", pc.localDescription!.toJSON());
    }
  }

  #ensurePeer(): RTCPeerConnection {
    if (this.#pc) return this.#pc;
    const pc = this.#deps.createPeerConnection({ iceServers: this.#iceServers });
    this.#pc = pc;
    const remote = this.#deps.createMediaStream();
    this.#set({ remoteStream: remote, peerState: pc.connectionState });
    pc.ontrack = (ev) => {
      if (!remote.getTracks().includes(ev.track)) remote.addTrack(ev.track);
      this.#set({ remoteStream: remote });
    };
    pc.onicecandidate = (ev) => {
      if (ev.candidate) this.#sendSignal("ice", ev.candidate.toJSON());
    };
    pc.onnegotiationneeded = async () => {
      try {
        this.#makingOffer = true;
        await pc.setLocalDescription();
        if (pc.localDescription?.type === "offer") {
          this.#sendSignal("offer", pc.localDescription.toJSON());
        }
      } catch (err) {
        if (this.isLive) this.#finish("failed", `The call could not connect (${errorText(err)}).`);
      } finally {
        this.#makingOffer = false;
      }
    };
    pc.onconnectionstatechange = () => {
      if (this.#pc !== pc) return;
      const peerState = pc.connectionState;
      if (peerState === "connected") this.#set({ peerState, phase: "connected" });
      else if (peerState === "failed") {
        const callId = this.state.callId;
        if (callId) this.#deps.channel.send({ type: "call:end", callId });
        this.#finish("failed");
      } else this.#set({ peerState });
    };
    return pc;
  }

  #addLocalTracks(pc: RTCPeerConnection): void {
    const stream = this.state.localStream;
    if (this.#tracksAdded || !stream) return;
    this.#tracksAdded = true;
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
  }

  #sendSignal(signalType: "offer" | "answer" | "ice", signal: object): void {
    const callId = this.state.callId;
    if (!callId) return;
    this.#deps.channel.send({
      type: "signal",
      callId,
      to: this.#otherId,
      signalType,
      signal: signal as Record<string, unknown>,
    });
  }

  async #openMedia(media: "audio" | "video"): Promise<MediaStream | null> {
    try {
      const stream = await this.#deps.getUserMedia({ audio: true, video: media === "video" });
      if (!this.isLive) {
        // Ended while the browser was asking for the camera.
        for (const t of stream.getTracks()) t.stop();
        return null;
      }
      this.#set({ localStream: stream });
      return stream;
    } catch (err) {
      const callId = this.state.callId;
      if (callId && this.state.phase !== "calling") {
        this.#deps.channel.send({ type: "call:reject", callId, reason: "no media" });
      }
      this.#finish(
        "failed",
        `Your ${media === "video" ? "camera or microphone" : "microphone"} is not available ` +
          `(${errorText(err)}). Allow access and try again.`,
      );
      return null;
    }
  }

  /** Every ending: tracks stopped, the connection closed, the reason kept for the panel. */
  #finish(reason: string, error: string | null = null): void {
    for (const t of this.state.localStream?.getTracks() ?? []) t.stop();
    const pc = this.#pc;
    this.#pc = null;
    if (pc) {
      pc.onconnectionstatechange =
        pc.onnegotiationneeded =
        pc.onicecandidate =
        pc.ontrack =
          null;
      pc.close();
    }
    this.#set({
      phase: "ended",
      endReason: reason,
      error,
      peerState: pc ? "closed" : this.state.peerState,
      localStream: null,
      remoteStream: null,
      muted: false,
      cameraOff: false,
    });
  }

  #reset(): void {
    this.#pc = null;
    this.#ownsCall = false;
    this.#makingOffer = false;
    this.#ignoreOffer = false;
    this.#pendingCandidates = [];
    this.#signals = Promise.resolve();
    this.#tracksAdded = false;
  }

  #set(patch: Partial<CallState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.#listeners) fn(this.state);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}
