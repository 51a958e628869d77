import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** Tailwind's emerald, light → dark: the product's accent colour since the first mock-ups. */
const emerald: MantineColorsTuple = [
  '#ecfdf5',
  '#d1fae5',
  '#a7f3d0',
  '#6ee7b7',
  '#34d399',
  '#10b981',
  '#059669',
  '#047857',
  '#065f46',
  '#064e3b',
];

/** Mantine's "dark" scale remapped to Tailwind's slate, so surfaces read slate-900/800. */
const slate: MantineColorsTuple = [
  '#e2e8f0',
  '#cbd5e1',
  '#94a3b8',
  '#64748b',
  '#475569',
  '#334155',
  '#1e293b',
  '#172033',
  '#0f172a',
  '#0b1222',
];

export const theme = createTheme({
  primaryColor: 'emerald',
  primaryShade: { light: 6, dark: 5 },
  colors: { emerald, dark: slate },
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: '"JetBrains Mono", ui-monospace, SFMono-Regular, Menlo, monospace',
  defaultRadius: 'md',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
  },
});
