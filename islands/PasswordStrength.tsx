import { useState } from "preact/hooks";

export default function PasswordStrength(props: { name: string }) {
  const [value, setValue] = useState("");
  return (
    <div>
      <input
        name={props.name}
        type="password"
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <span class="strength">{value.length}</span>
    </div>
  );
}
