import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateManifest } from '../scripts/manifest.mjs';

interface Decl {
  tagName: string;
  events?: Array<{ name: string }>;
  slots?: Array<{ name: string }>;
  cssParts?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string }>;
  attributes?: Array<{ name: string; fieldName: string; type: { text: string } }>;
}
const root = join(import.meta.dirname, '..');
const generated = generateManifest();
const manifest = JSON.parse(generated) as { modules: Array<{ path: string; declarations: Decl[] }> };
const decl = (tag: string) => manifest.modules.flatMap((m) => m.declarations).find((d) => d.tagName === tag)!;

describe('custom-elements.json', () => {
  it('is current (regenerate with: node packages/elements/scripts/manifest.mjs)', () => {
    expect(readFileSync(join(root, 'custom-elements.json'), 'utf8')).toBe(generated);
  });

  it('describes <fb-rating> from its JSDoc tags and static properties', () => {
    const rating = decl('fb-rating');
    expect(rating.events!.map((e) => e.name)).toEqual(['change', 'input', 'fb-submit']);
    expect(rating.slots!.map((s) => s.name)).toEqual(['label']);
    expect(rating.cssParts!.map((p) => p.name)).toContain('option-checked');
    expect(rating.cssProperties!.map((p) => p.name)).toContain('--fb-rating-accent');
    const attrs = Object.fromEntries(rating.attributes!.map((a) => [a.name, a]));
    expect(attrs['submit-button']).toMatchObject({ fieldName: 'submitButton', type: { text: 'boolean' } });
    expect(attrs['min']!.type.text).toBe('number');
    expect(attrs['messages']).toBeUndefined(); // property only
    expect(attrs['_focus']).toBeUndefined(); // internal state
  });

  it('describes <fb-prompt>, including its default slot', () => {
    const prompt = decl('fb-prompt');
    expect(prompt.slots!.map((s) => s.name)).toEqual(['', 'heading']);
    expect(prompt.events!.map((e) => e.name)).toEqual(['toggle', 'fb-dismiss']);
    expect(prompt.attributes!.map((a) => a.name)).toContain('recontact-days');
  });

  it('lists every element with a tag', () => {
    expect(manifest.modules.map((m) => m.declarations[0]!.tagName).sort()).toEqual(
      expect.arrayContaining(['fb-prompt', 'fb-rating']),
    );
  });
});
