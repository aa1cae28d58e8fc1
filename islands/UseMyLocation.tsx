/**
 * "Use my location": fills the latitude and longitude fields of the form around it from the
 * browser's geolocation, so nobody has to look coordinates up. Hidden until hydrated (without
 * JavaScript the fields are typed by hand); fires `input` events so live forms react.
 */
import { useEffect, useRef, useState } from "preact/hooks";

type State = "idle" | "locating" | "done" | "denied" | "unavailable";

const MESSAGE: Record<State, string> = {
  idle: "",
  locating: "Finding you…",
  done: "Location filled in.",
  denied: "Location permission was refused; type the coordinates instead.",
  unavailable: "Your location is not available; type the coordinates instead.",
};

export default function UseMyLocation(
  { latId = "f-lat", lngId = "f-lng" }: { latId?: string; lngId?: string },
) {
  const [ready, setReady] = useState(false);
  const [state, setState] = useState<State>("idle");
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => setReady(typeof navigator !== "undefined" && "geolocation" in navigator), []);

  function fill(id: string, value: number) {
    const input = root.current?.ownerDocument.getElementById(id) as HTMLInputElement | null;
    if (!input) return;
    input.value = value.toFixed(4);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function locate() {
    setState("locating");
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        fill(latId, pos.coords.latitude);
        fill(lngId, pos.coords.longitude);
        setState("done");
      },
      (err) => setState(err.code === err.PERMISSION_DENIED ? "denied" : "unavailable"),
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 600_000 },
    );
  }

  return (
    <div class="use-location" ref={root} hidden={!ready}>
      <button type="button" class="button button-ghost button-small" onClick={locate}>
        Use my location
      </button>
      <span class="field-hint" role="status">{MESSAGE[state]}</span>
    </div>
  );
}
