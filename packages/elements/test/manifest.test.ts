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
    expect(manifest.modules.map((m) => m.declarations[0]!.tagName).sort()).toEqual(['fb-kiosk', 'fb-prompt', 'fb-rating', 'fb-survey']);
  });

  // The JSDoc tags of all four elements: @event, @slot (where the element has slots), @csspart
  // and @cssprop (every theme token in its own tier, --fb-<element>-*).
  const TOKENS = ['accent', 'on-accent', 'surface', 'text', 'muted', 'border', 'focus', 'radius', 'font'];
  const names = (items: Array<{ name: string }> | undefined) => items?.map((i) => i.name);
  const tags = {
    'fb-rating': {
      events: ['change', 'input', 'fb-submit'],
      slots: ['label'],
      cssParts: ['group', 'label', 'options', 'option', 'option-checked', 'anchors', 'submit', 'status'],
      cssProperties: [...TOKENS, 'size'],
    },
    'fb-prompt': {
      events: ['toggle', 'fb-dismiss'],
      slots: ['', 'heading'],
      cssParts: ['dialog', 'heading', 'close', 'body', 'thanks'],
      cssProperties: ['surface', 'text', 'border', 'focus', 'radius', 'font', 'width', 'offset'],
    },
    'fb-survey': {
      events: ['fb-submit'],
      slots: [''],
      cssParts: ['survey', 'title', 'progress', 'heading', 'help', 'option', 'input', 'notice', 'error', 'button', 'thanks'],
      cssProperties: [...TOKENS, 'danger'],
    },
    'fb-kiosk': {
      events: ['fb-submit'],
      slots: undefined,
      cssParts: ['screen', 'prompt', 'faces', 'face', 'reason', 'input', 'button', 'warning', 'thanks', 'badge'],
      cssProperties: [...TOKENS, 'danger', 'face-size'],
    },
  } as const;
  for (const [tag, want] of Object.entries(tags)) {
    it(`describes <${tag}>'s events, slots, parts and custom properties from its JSDoc tags`, () => {
      const d = decl(tag);
      expect(names(d.events)).toEqual(want.events);
      expect(names(d.slots)).toEqual(want.slots);
      expect(new Set(names(d.cssParts))).toEqual(new Set(want.cssParts));
      const prefix = `--${tag}-`;
      expect(new Set(names(d.cssProperties))).toEqual(new Set(want.cssProperties.map((t) => prefix + t)));
      for (const item of [...(d.events ?? []), ...(d.cssParts ?? []), ...(d.cssProperties ?? [])]) {
        expect((item as { description?: string }).description, JSON.stringify(item)).toMatch(/\S/);
      }
      // Slots documented exactly when the element renders a <slot> (by template or by DOM call).
      const source = readFileSync(join(root, 'src', `${tag}.ts`), 'utf8');
      expect(/<slot\b|'slot'/.test(source), 'renders a <slot>').toBe(want.slots !== undefined);
    });
  }

  it('says in <fb-kiosk>\'s description that it has no slots (the manifest has no empty-list form)', () => {
    expect((decl('fb-kiosk') as Decl & { description: string }).description).toMatch(/has no slots/);
  });
});
