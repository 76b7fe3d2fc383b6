// The build's template squeezer (scripts/minify-templates.mjs): what it may and may not change.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JS, without type declarations
import { squeezeCss, squeezeMarkup } from '../scripts/minify-templates.mjs';

describe('squeezeCss', () => {
  it('drops comments and the whitespace CSS ignores', () => {
    const css = '\n  :host {\n    display: block; /* why */\n    margin: 0 4px;\n  }\n  .a, .b {\n    color: red;\n  }\n';
    // By hand: comment → ' '; every whitespace run → ' '; no space around { } ; , ;
    // "display: " → "display:"; ";}" → "}". The leading run stays one space.
    expect(squeezeCss(css)).toBe(' :host{display:block;margin:0 4px}.a,.b{color:red}');
  });

  it('keeps the space of a descendant pseudo-class, inside values and in strings without , ; { }', () => {
    expect(squeezeCss('.x :hover { content: \'✓ \'; }')).toBe(".x :hover{content:'✓ '}");
    expect(squeezeCss('@media (prefers-color-scheme: dark) { a { b: calc(1px + 2px); } }')).toBe(
      '@media (prefers-color-scheme:dark){a{b:calc(1px + 2px)}}',
    );
  });

  it('refuses a comment cut by an expression', () => {
    expect(() => squeezeCss('a { /* open')).toThrow(/spans/);
  });
});

describe('squeezeMarkup', () => {
  it('turns each whitespace run with a line break into one line break, nothing else', () => {
    expect(squeezeMarkup('<div\n      part="x"\n      role="group"\n    >\n      <span> a  b </span>\n')).toBe(
      '<div\npart="x"\nrole="group"\n>\n<span> a  b </span>\n',
    );
  });
});
