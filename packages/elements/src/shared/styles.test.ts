import { describe, expect, it } from 'vitest';
import { DARK, LIGHT } from './styles.js';

// WCAG 2.x relative luminance and contrast ratio, written out here (not taken from the code
// under test): channel c in 0..1 → c ≤ 0.04045 ? c/12.92 : ((c+0.055)/1.055)^2.4;
// L = 0.2126 R + 0.7152 G + 0.0722 B; ratio = (L1 + 0.05) / (L2 + 0.05).
function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${hex[1]}${hex[1]}${hex[2]}${hex[2]}${hex[3]}${hex[3]}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('theme defaults meet WCAG contrast', () => {
  it('the formula: black on white is 21:1, #777 on white about 4.48:1', () => {
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
    // #777: c = 119/255 = 0.4667 → ((0.4667+0.055)/1.055)^2.4 = 0.1845; (1.05)/(0.2345) = 4.48
    expect(contrast('#777777', '#fff')).toBeCloseTo(4.48, 2);
  });

  for (const [name, t] of [['light', LIGHT], ['dark', DARK]] as const) {
    it(`${name}: outlines and focus ring ≥ 3:1 on the surface, text ≥ 4.5:1`, () => {
      expect(contrast(t.border, t.surface)).toBeGreaterThanOrEqual(3);
      expect(contrast(t.focus, t.surface)).toBeGreaterThanOrEqual(3);
      expect(contrast(t.accent, t.surface)).toBeGreaterThanOrEqual(3);
      expect(contrast(t.text, t.surface)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(t.muted, t.surface)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(t['on-accent'], t.accent)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(t.danger, t.surface)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('the README figures: border 4.5:1 (light) and 5.1:1 (dark), accent 6.7:1 and 7.5:1', () => {
    expect(contrast(LIGHT.border, LIGHT.surface)).toBeCloseTo(4.5, 1);
    expect(contrast(DARK.border, DARK.surface)).toBeCloseTo(5.1, 1);
    expect(contrast(LIGHT.accent, LIGHT.surface)).toBeCloseTo(6.7, 1);
    expect(contrast(DARK.accent, DARK.surface)).toBeCloseTo(7.5, 1);
  });
});
