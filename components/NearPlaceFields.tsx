/**
 * "Near a place" for the search forms (tasks and workers): latitude and longitude, the
 * "Use my location" helper, and the caller's radius choice as children.
 */
import type { ComponentChildren } from "preact";
import UseMyLocation from "@/islands/UseMyLocation.tsx";
import { Field } from "./Field.tsx";

export function NearPlaceFields(
  { lat, lng, latError, children }: {
    lat?: string;
    lng?: string;
    latError?: string;
    children: ComponentChildren;
  },
) {
  return (
    <fieldset class="fieldset">
      <legend>Near a place</legend>
      <div class="field-row">
        <Field name="lat" label="Latitude" inputMode="decimal" value={lat} error={latError} />
        <Field name="lng" label="Longitude" inputMode="decimal" value={lng} />
      </div>
      <UseMyLocation />
      {children}
    </fieldset>
  );
}
