/**
 * Distances on the sphere: a bounding box that an index on (lat, lng) can answer, then the exact
 * great-circle (haversine) distance for what is inside it — in SQL for searches, in JS for
 * alerts and tests.
 */
import { type SQL, sql } from "drizzle-orm";

export const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

export interface Point {
  lat: number;
  lng: number;
}

export function haversineKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  /** One or two longitude ranges (two when the box crosses ±180°); null: every longitude. */
  lngRanges: [number, number][] | null;
}

/** A box that contains every point within `radiusKm` of `center` (a little more, never less). */
export function boundingBox(center: Point, radiusKm: number): BoundingBox {
  const dLat = radiusKm / KM_PER_DEGREE;
  const minLat = center.lat - dLat, maxLat = center.lat + dLat;
  if (minLat <= -90 || maxLat >= 90) {
    return { minLat: Math.max(-90, minLat), maxLat: Math.min(90, maxLat), lngRanges: null };
  }
  // The widest longitude span is at the latitude of the box edge nearest a pole.
  const widest = Math.max(Math.abs(minLat), Math.abs(maxLat)) * (Math.PI / 180);
  const dLng = radiusKm / (KM_PER_DEGREE * Math.cos(widest));
  if (dLng >= 180) return { minLat, maxLat, lngRanges: null };
  const lo = center.lng - dLng, hi = center.lng + dLng;
  if (lo < -180) return { minLat, maxLat, lngRanges: [[lo + 360, 180], [-180, hi]] };
  if (hi > 180) return { minLat, maxLat, lngRanges: [[lo, 180], [-180, hi - 360]] };
  return { minLat, maxLat, lngRanges: [[lo, hi]] };
}

/** `lat`/`lng` columns inside the box: a condition the (lat, lng) index can serve. */
export function boxCondition(lat: SQL, lng: SQL, box: BoundingBox): SQL {
  const latCond = sql`${lat} BETWEEN ${box.minLat} AND ${box.maxLat}`;
  if (!box.lngRanges) return latCond;
  const lngConds = box.lngRanges.map(([a, b]) => sql`${lng} BETWEEN ${a} AND ${b}`);
  return sql`(${latCond} AND (${sql.join(lngConds, sql` OR `)}))`;
}

/** The haversine distance in km from `p` to the row's `lat`/`lng`, as SQL (NULL without one). */
export function distanceSql(lat: SQL, lng: SQL, p: Point): SQL {
  return sql`(${2 * EARTH_RADIUS_KM} * asin(min(1.0, sqrt(
    power(sin(radians(${lat} - ${p.lat}) / 2), 2) +
    ${Math.cos((p.lat * Math.PI) / 180)} * cos(radians(${lat})) *
    power(sin(radians(${lng} - ${p.lng}) / 2), 2)))))`;
}
