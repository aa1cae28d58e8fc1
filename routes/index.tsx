import PasswordStrength from "@/islands/PasswordStrength.tsx";

export const title = "Zero-commission work";

export default function Home() {
  return (
    <section>
      <h1>Get work done. Keep every cent.</h1>
      <PasswordStrength name="demo" />
    </section>
  );
}
