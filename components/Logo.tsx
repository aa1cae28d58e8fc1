/** The WorkMate mark: a W on a teal tile. Decorative; the brand name is always beside it. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg
      class="logo"
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <rect x="2" y="2" width="28" height="28" rx="8" fill="#0f766e" />
      <path
        d="M8 11l3.2 10L16 13l4.8 8L24 11"
        fill="none"
        stroke="#ffffff"
        stroke-width="2.6"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}
