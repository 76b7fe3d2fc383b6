/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { html, nothing, render } from './template.js';

const box = (): HTMLElement => {
  const el = document.createElement('div');
  document.body.append(el);
  return el;
};
/** The container's markup without the renderer's marker comments. */
const markup = (el: Element) => el.innerHTML.replace(/<!--.*?-->/g, '');

afterEach(() => document.body.replaceChildren());

describe('survey/template renderer', () => {
  it('renders text as text, never as markup', () => {
    const el = box();
    const x = '<img src=x onerror="window.__tplXss=1">';
    render(html`<p title=${x}>${x}</p>`, el);
    expect(el.querySelector('img')).to.equal(null);
    expect(el.querySelector('p')!.textContent).to.equal(x);
    expect(el.querySelector('p')!.getAttribute('title')).to.equal(x);
    expect((window as unknown as { __tplXss?: number }).__tplXss).to.equal(undefined);
  });

  it('updates in place: the same template keeps its nodes, only changed values are written', () => {
    const el = box();
    const view = (n: number, cls: string) => html`<section class=${cls}><b>${n}</b> items</section>`;
    render(view(1, 'a'), el);
    const section = el.querySelector('section')!;
    render(view(2, 'b'), el);
    expect(el.querySelector('section')).to.equal(section);
    expect(markup(el)).to.equal('<section class="b"><b>2</b> items</section>');
  });

  it('replaces the DOM when another template is rendered in the same place', () => {
    const el = box();
    const pick = (a: boolean) => (a ? html`<i>a</i>` : html`<u>b</u>`);
    render(html`<div>${pick(true)}</div>`, el);
    render(html`<div>${pick(false)}</div>`, el);
    expect(markup(el)).to.equal('<div><u>b</u></div>');
  });

  it('nothing, null and undefined render nothing in text and remove an attribute', () => {
    const el = box();
    const view = (v: unknown) => html`<p data-x=${v}>[${v}]</p>`;
    render(view('1'), el);
    expect(markup(el)).to.equal('<p data-x="1">[1]</p>');
    for (const v of [nothing, null, undefined]) {
      render(view(v), el);
      expect(markup(el)).to.equal('<p>[]</p>');
      render(view('1'), el);
    }
  });

  it('lists grow and shrink, and nest templates', () => {
    const el = box();
    const view = (items: string[]) => html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
    render(view(['a', 'b']), el);
    const first = el.querySelector('li');
    render(view(['a', 'b', 'c']), el);
    expect(markup(el)).to.equal('<ul><li>a</li><li>b</li><li>c</li></ul>');
    expect(el.querySelector('li')).to.equal(first);
    render(view(['x']), el);
    expect(markup(el)).to.equal('<ul><li>x</li></ul>');
    render(view([]), el);
    expect(markup(el)).to.equal('<ul></ul>');
    render(html`<ul>${'text'}</ul>`, el);
    expect(markup(el)).to.equal('<ul>text</ul>');
  });

  it('sets properties, and writes one again only when the rendered value changes', () => {
    const el = box();
    const view = (checked: boolean) => html`<input type="checkbox" .checked=${checked} />`;
    render(view(true), el);
    const input = el.querySelector('input')!;
    expect(input.checked).to.equal(true);
    expect(input.hasAttribute('checked')).to.equal(false);
    input.checked = false; // the person unticks; the same render leaves it alone
    render(view(true), el);
    expect(input.checked).to.equal(false);
    render(view(false), el);
    render(view(true), el);
    expect(input.checked).to.equal(true);
  });

  it('listens once per binding and calls the latest handler', () => {
    const el = box();
    const calls: string[] = [];
    const view = (name: string) => html`<button @click=${() => calls.push(name)}>go</button>`;
    render(view('first'), el);
    render(view('second'), el);
    el.querySelector('button')!.click();
    expect(calls).to.deep.equal(['second']);
  });

  it('binds several attributes of one element, quoted or not, and inside SVG', () => {
    const el = box();
    const view = (a: string, d: string) =>
      html`<span id=${a} class="${a}" aria-label=${d}></span><svg viewBox="0 0 10 10"><path d=${d} /></svg>`;
    render(view('one', 'M0 0L5 5'), el);
    const span = el.querySelector('span')!;
    expect([span.id, span.className, span.getAttribute('aria-label')]).to.deep.equal(['one', 'one', 'M0 0L5 5']);
    const path = el.querySelector('path')!;
    expect(path.namespaceURI).to.equal('http://www.w3.org/2000/svg');
    expect(path.getAttribute('d')).to.equal('M0 0L5 5');
    expect(Array.from(span.attributes).map((a) => a.name).sort()).to.deep.equal(['aria-label', 'class', 'id']);
  });

  it('refuses a binding inside a tag that is not a whole attribute value, naming where', () => {
    const el = box();
    expect(() => render(html`<p ${'hidden'}>x</p>`, el)).to.throw(/whole attribute value.*<p /);
  });
});
