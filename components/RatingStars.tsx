/**
 * A 1–5 rating as stars (rounded to whole stars; the exact value is in the label and, with
 * `showValue`, next to them). No inline styles: the page's CSP forbids them.
 */
export function RatingStars(
  { rating, count, showValue = false }: { rating: number; count?: number; showValue?: boolean },
) {
  const full = Math.min(5, Math.max(0, Math.round(rating)));
  const label = `${rating.toFixed(1)} out of 5${
    count === undefined ? "" : ` from ${count} review${count === 1 ? "" : "s"}`
  }`;
  return (
    <span class="stars" role="img" aria-label={label} title={label}>
      <span class="stars-on" aria-hidden="true">{"★".repeat(full)}</span>
      <span class="stars-off" aria-hidden="true">{"★".repeat(5 - full)}</span>
      {showValue && <span class="stars-value" aria-hidden="true">{rating.toFixed(1)}</span>}
    </span>
  );
}
