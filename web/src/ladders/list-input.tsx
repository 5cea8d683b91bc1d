import { TextInput } from "@mantine/core";
import { useState } from "react";

/** Splits "varejo, loja ,  vip" into ["varejo", "loja", "vip"]. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(",").map((s) => s.trim()).filter(Boolean))];
}

/** A list of short texts typed comma-separated (segments, tags, risk bands). */
export function ListInput({ label, description, value, onChange, error }: { label: string; description?: string; value: string[]; onChange: (value: string[]) => void; error?: string | null }) {
  const [text, setText] = useState(value.join(", "));
  const [shown, setShown] = useState(value);
  if (shown !== value && splitList(text).join("|") !== value.join("|")) {
    // Changed from outside (a version loaded): show it.
    setShown(value);
    setText(value.join(", "));
  }
  return (
    <TextInput
      label={label}
      description={description}
      value={text}
      error={error || undefined}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        const list = splitList(next);
        setShown(list);
        onChange(list);
      }}
      onBlur={() => setText(value.join(", "))}
    />
  );
}
