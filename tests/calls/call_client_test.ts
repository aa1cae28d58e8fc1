/**
 * The browser call logic (client/call.ts) with a fake chat channel, fake media and a fake
 * peer connection: who offers and answers, ICE candidates that arrive early, and cleanup on
 * every ending. The real WebRTC path is covered by call_browser_test.ts.
 */
import assert from "node:assert/strict";
import { CallController, type CallDeps, describeCall } from "@/client/call.ts";
import type { CallView, ClientFrame, ServerFrame } from "@/lib/chat_protocol.ts";

class FakeTrack {
  enabled = true;
  readyState: "live" | "ended" = "live";
  constructor(readonly kind: "audio" | "video") {}
  stop() {
    this.readyState = "ended";
  }
}

class FakeStream {
  constructor(readonly tracks: FakeTrack[] = []) {}
  getTracks = () => this.tracks;
  getAudioTracks = () => this.tracks.filter((t) => t.kind === "audio");
  getVideoTracks = () => this.tracks.filter((t) => t.kind === "video");
  addTrack = (t: FakeTrack) => void this.tracks.push(t);
}

const desc = (type: "offer" | "answer", sdp = `${type}-sdp`) => ({
  type,
  sdp,
  toJSON: () => ({ type, sdp }),
});

class FakePeer {
  connectionState: RTCPeerConnectionState = "new";
  signalingState: RTCSignalingState = "stable";
  localDescription: ReturnType<typeof desc> | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  added: FakeTrack[] = [];
  candidates: RTCIceCandidateInit[] = [];
  closed = false;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((ev: { candidate: unknown }) => void) | null = null;
  ontrack: ((ev: { track: FakeTrack }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  constructor(readonly config: RTCConfiguration) {}
  addTrack(track: FakeTrack) {
    this.added.push(track);
    // Like a browser: negotiation is needed unless a remote offer is being answered.
    if (this.signalingState === "stable") queueMicrotask(() => this.onnegotiationneeded?.());
  }
  setLocalDescription() {
    const offering = this.signalingState !== "have-remote-offer";
    this.localDescription = desc(offering ? "offer" : "answer");
    this.signalingState = offering ? "have-local-offer" : "stable";
    return Promise.resolve();
  }
  setRemoteDescription(d: RTCSessionDescriptionInit) {
    this.remoteDescription = d;
    this.signalingState = d.type === "offer" ? "have-remote-offer" : "stable";
    return Promise.resolve();
  }
  addIceCandidate(c: RTCIceCandidateInit) {
    if (!this.remoteDescription) return Promise.reject(new Error("no remote description"));
    this.candidates.push(c);
    return Promise.resolve();
  }
  setConnectionState(s: RTCPeerConnectionState) {
    this.connectionState = s;
    this.onconnectionstatechange?.();
  }
  close() {
    this.closed = true;
    this.signalingState = "closed";
  }
}

function harness(opts: { media?: "ok" | "denied"; otherId?: string } = {}) {
  const sent: ClientFrame[] = [];
  const handlers = new Map<string, Set<(f: ServerFrame) => void>>();
  const peers: FakePeer[] = [];
  const streams: FakeStream[] = [];
  const asked: MediaStreamConstraints[] = [];
  const deps: CallDeps = {
    channel: {
      send: (frame) => (sent.push(frame), true),
      on: (type, handler) => {
        let set = handlers.get(type);
        if (!set) handlers.set(type, set = new Set());
        set.add(handler as (f: ServerFrame) => void);
        return () => set.delete(handler as (f: ServerFrame) => void);
      },
    },
    getUserMedia: (c) => {
      asked.push(c);
      if (opts.media === "denied") return Promise.reject(new Error("Permission denied"));
      const s = new FakeStream([
        new FakeTrack("audio"),
        ...(c.video ? [new FakeTrack("video")] : []),
      ]);
      streams.push(s);
      return Promise.resolve(s as unknown as MediaStream);
    },
    createPeerConnection: (config) => {
      const pc = new FakePeer(config);
      peers.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    createMediaStream: () => new FakeStream() as unknown as MediaStream,
  };
  const emit = (frame: ServerFrame) => {
    for (const h of handlers.get(frame.type) ?? []) h(frame);
  };
  const c = new CallController(deps, {
    conversationId: "conv",
    otherId: opts.otherId ?? "bob",
  });
  return { c, sent, emit, peers, streams, asked };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const call = (over: Partial<CallView> = {}): CallView => ({
  id: "call-1",
  conversationId: "conv",
  callerId: "ann",
  calleeId: "bob",
  media: "video",
  status: "ringing",
  ...over,
});
const ICE_SERVERS = [{ urls: "stun:stun.example.org" }];

Deno.test("call client - the caller rings, offers once accepted, connects and hangs up cleanly", async () => {
  const { c, sent, emit, peers, streams, asked } = harness();
  await c.start("video");
  assert.deepEqual(asked, [{ audio: true, video: true }]);
  assert.deepEqual(sent, [{ type: "call:initiate", conversationId: "conv", media: "video" }]);
  assert.equal(c.state.phase, "calling");

  emit({ type: "call:ringing", call: call(), iceServers: ICE_SERVERS });
  assert.equal(c.state.phase, "ringing");
  assert.equal(describeCall(c.state, "Bob"), "Ringing Bob…");
  assert.equal(peers.length, 0, "no connection before the callee answers");

  emit({ type: "call:accepted", call: call({ status: "active" }) });
  await settle();
  assert.equal(c.state.phase, "connecting");
  const [pc] = peers;
  assert.deepEqual(pc.config, { iceServers: ICE_SERVERS });
  assert.equal(pc.added.length, 2);
  const offer = sent.find((f) => f.type === "signal");
  assert.deepEqual(offer, {
    type: "signal",
    callId: "call-1",
    to: "bob",
    signalType: "offer",
    signal: { type: "offer", sdp: "offer-sdp" },
  });

  emit({
    type: "signal",
    callId: "call-1",
    from: "bob",
    signalType: "answer",
    signal: { type: "answer", sdp: "x" },
  });
  emit({
    type: "signal",
    callId: "call-1",
    from: "bob",
    signalType: "ice",
    signal: { candidate: "c1" },
  });
  await settle();
  assert.equal(pc.remoteDescription?.type, "answer");
  assert.deepEqual(pc.candidates, [{ candidate: "c1" }]);
  pc.setConnectionState("connected");
  assert.equal(c.state.phase, "connected");
  assert.equal(c.state.peerState, "connected");

  c.toggleMute();
  assert.equal(streams[0].getAudioTracks()[0].enabled, false);
  c.hangUp();
  assert.deepEqual(sent.at(-1), { type: "call:end", callId: "call-1" });
  assert.equal(c.state.phase, "ended");
  assert.equal(c.state.endReason, "hangup");
  assert.ok(pc.closed);
  assert.ok(streams[0].getTracks().every((t) => t.readyState === "ended"));
  // The server's own call:ended afterwards changes nothing.
  emit({ type: "call:ended", call: call({ status: "ended" }), reason: "hangup" });
  assert.equal(c.state.endReason, "hangup");
});

Deno.test("call client - the callee answers the offer; early ICE candidates wait for it", async () => {
  const { c, sent, emit, peers, asked } = harness({ otherId: "ann" });
  emit({ type: "incoming_call", call: call({ media: "audio" }), iceServers: [] });
  assert.equal(c.state.phase, "incoming");
  assert.equal(describeCall(c.state, "Ann"), "Incoming call from Ann");
  await c.accept();
  assert.deepEqual(asked, [{ audio: true, video: false }]);
  assert.deepEqual(sent, [{ type: "call:accept", callId: "call-1" }]);
  emit({ type: "call:accepted", call: call({ status: "active", media: "audio" }) });

  const ice = { candidate: "early" };
  emit({ type: "signal", callId: "call-1", from: "ann", signalType: "ice", signal: ice });
  emit({ type: "signal", callId: "call-1", from: "bob", signalType: "ice", signal: { x: 1 } }); // not the other party
  emit({
    type: "signal",
    callId: "call-1",
    from: "ann",
    signalType: "offer",
    signal: { type: "offer", sdp: "o" },
  });
  await settle();
  const [pc] = peers;
  assert.equal(peers.length, 1);
  assert.equal(pc.added.length, 1, "the microphone joins when answering");
  assert.deepEqual(pc.candidates, [ice]);
  const answer = sent.find((f) => f.type === "signal");
  assert.equal(answer?.type === "signal" && answer.signalType, "answer");
  assert.equal(answer?.type === "signal" && answer.to, "ann");

  emit({ type: "call:ended", call: call({ status: "ended" }), reason: "hangup" });
  assert.equal(c.state.phase, "ended");
  assert.ok(pc.closed);
});

Deno.test("call client - busy, declined, answered elsewhere and no camera all end cleanly", async () => {
  {
    const { c, emit, streams } = harness();
    await c.start("audio");
    emit({ type: "call:failed", callId: "call-9", reason: "busy" });
    assert.equal(c.state.phase, "ended");
    assert.equal(describeCall(c.state, "Bob"), "Busy — they are in another call");
    assert.ok(streams[0].getTracks().every((t) => t.readyState === "ended"));
  }
  {
    const { c, emit, sent } = harness();
    emit({ type: "incoming_call", call: call(), iceServers: [] });
    c.decline();
    assert.deepEqual(sent, [{ type: "call:reject", callId: "call-1", reason: "declined" }]);
    assert.equal(c.state.endReason, "declined");
  }
  {
    const { c, emit } = harness();
    emit({ type: "incoming_call", call: call(), iceServers: [] });
    emit({ type: "call:accepted", call: call({ status: "active" }) });
    assert.equal(c.state.phase, "ended");
    assert.equal(describeCall(c.state, "Ann"), "Answered on another device");
  }
  {
    const { c, sent } = harness({ media: "denied" });
    await c.start("video");
    assert.equal(sent.length, 0, "nobody is rung without a camera");
    assert.equal(c.state.phase, "ended");
    assert.match(describeCall(c.state, "Bob"), /camera or microphone is not available/);
  }
  {
    const { c, emit } = harness();
    await c.start("video");
    emit({ type: "error", code: "forbidden", message: "Channels cannot be called.", ref: "conv" });
    assert.equal(c.state.phase, "ended");
    assert.equal(describeCall(c.state, "Bob"), "Channels cannot be called.");
  }
});

Deno.test("call client - frames of other conversations and calls are ignored", async () => {
  const { c, emit } = harness();
  emit({ type: "incoming_call", call: call({ conversationId: "other" }), iceServers: [] });
  assert.equal(c.state.phase, "idle");
  emit({ type: "incoming_call", call: call(), iceServers: [] });
  emit({ type: "call:ended", call: call({ id: "call-2" }), reason: "missed" });
  assert.equal(c.state.phase, "incoming");
  emit({ type: "call:ended", call: call(), reason: "missed" });
  assert.equal(describeCall(c.state, "Ann"), "No answer — missed call");
  await settle();
});

Deno.test("call client - glare: the caller ignores a crossing offer, the callee yields to it", async () => {
  // The caller (impolite) has its own offer out when the callee's arrives.
  const caller = harness();
  await caller.c.start("audio");
  caller.emit({ type: "call:ringing", call: call({ media: "audio" }), iceServers: [] });
  caller.emit({ type: "call:accepted", call: call({ status: "active", media: "audio" }) });
  await settle();
  const offer = { type: "offer", sdp: "theirs" };
  caller.emit({
    type: "signal",
    callId: "call-1",
    from: "bob",
    signalType: "offer",
    signal: offer,
  });
  await settle();
  assert.equal(caller.peers[0].remoteDescription, null, "the crossing offer is ignored");
  assert.equal(caller.sent.filter((f) => f.type === "signal").length, 1, "only its own offer");
  assert.equal(caller.c.state.phase, "connecting");

  // The callee (polite) renegotiating at the same moment rolls back and answers.
  const callee = harness({ otherId: "ann" });
  callee.emit({ type: "incoming_call", call: call({ media: "audio" }), iceServers: [] });
  await callee.c.accept();
  const pc = callee.peers[0];
  await pc.setLocalDescription(); // its own offer is out (have-local-offer)
  callee.emit({
    type: "signal",
    callId: "call-1",
    from: "ann",
    signalType: "offer",
    signal: offer,
  });
  await settle();
  assert.equal(pc.remoteDescription?.sdp, "theirs");
  const answers = callee.sent.filter((f) => f.type === "signal" && f.signalType === "answer");
  assert.equal(answers.length, 1);
  assert.equal(callee.c.state.error, null);
});
