import { createTheme, darken, defaultCssVariablesResolver, isVirtualColor } from "@mantine/core";
import type { CSSVariablesResolver } from "@mantine/core";

const FONT_STACK =
  'Inter, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: { light: 8, dark: 5 },
  defaultRadius: "md",
  focusRing: "auto",
  fontFamily: FONT_STACK,
  headings: { fontFamily: FONT_STACK, fontWeight: "700" },
  components: {
    Badge: { defaultProps: { radius: "sm", tt: "none", fw: 600, size: "md" } },
  },
});

// WCAG AA asks 4.5:1 for small text. Mantine's defaults miss it in a few places
// on white: "dimmed" (gray.6), input errors (red.6), and the text of light
// variants (shade 9 on shade 1: 3.6:1 for orange). Darken those.
export const cssVariablesResolver: CSSVariablesResolver = (current) => {
  const base = defaultCssVariablesResolver(current);
  const light: Record<string, string> = {
    ...base.light,
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-placeholder": "var(--mantine-color-gray-6)",
    "--mantine-color-error": "var(--mantine-color-red-9)",
  };
  for (const [name, shades] of Object.entries(current.colors)) {
    if (isVirtualColor(shades) || !shades[9]) continue;
    // Yellow's shade 9 is lighter than the others': it needs more darkening for 4.5:1 on its light background.
    light[`--mantine-color-${name}-light-color`] = darken(shades[9], name === "yellow" ? 0.4 : 0.25);
  }
  return { variables: base.variables, light, dark: base.dark };
};
