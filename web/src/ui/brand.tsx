import { Group, Text } from "@mantine/core";

type BrandProps = { size?: number; tagline?: string; inverted?: boolean };

/** The Régua mark: a ruler whose ticks rise like a collection ladder. */
export function BrandMark({ size = 32, inverted = false }: Omit<BrandProps, "tagline">) {
  const background = inverted ? "#fff" : "var(--mantine-color-indigo-8)";
  const foreground = inverted ? "var(--mantine-color-indigo-9)" : "#fff";
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill={background} />
      <path d="M6 21h20v5H6z" fill={foreground} />
      <path d="M9 21v-4M13 21v-7M17 21v-4M21 21v-10M25 21v-4" stroke={foreground} strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

/** Mark plus the product name. The name is real text, so screen readers read it. */
export function Brand({ size = 32, tagline, inverted = false }: BrandProps) {
  return (
    <Group gap={10} wrap="nowrap">
      <BrandMark size={size} inverted={inverted} />
      <div>
        <Text
          component="span"
          fw={800}
          fz={size * 0.62}
          lh={1.1}
          c={inverted ? "#fff" : "var(--mantine-color-indigo-9)"}
          style={{ letterSpacing: "-0.02em", display: "block" }}
        >
          Régua
        </Text>
        {tagline ? (
          <Text component="span" fz="xs" c={inverted ? "rgba(255,255,255,0.85)" : "dimmed"} lh={1.2} style={{ display: "block" }}>
            {tagline}
          </Text>
        ) : null}
      </div>
    </Group>
  );
}
