#!/usr/bin/env node
// Generates custom-elements.json (Custom Elements Manifest 2.1) from the element sources:
// every src/fb-*.ts class that extends LitElement or ReactiveElement, its tag from
// HTMLElementTagNameMap, its attributes from `static properties`, and its JSDoc tags (@event,
// @slot, @csspart, @cssprop). Uses the TypeScript compiler API only (no extra dependency).
//   node packages/elements/scripts/manifest.mjs          writes custom-elements.json
//   node packages/elements/scripts/manifest.mjs --check  exits 1 when the file is stale
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const pkg = join(fileURLToPath(import.meta.url), '..', '..');
const TAGS = { event: 'events', slot: 'slots', csspart: 'cssParts', cssprop: 'cssProperties' };

/** "name - description" (name may be empty, as in "@slot - The content"). */
function splitTag(text) {
  const m = /^(\S*)\s*-\s+([\s\S]*)$/.exec(text.trim());
  return m ? { name: m[1], description: m[2].replace(/\s+/g, ' ').trim() } : { name: text.trim(), description: '' };
}

const commentOf = (node) => {
  const doc = ts.getJSDocCommentsAndTags(node).find(ts.isJSDoc);
  const text = doc ? ts.getTextOfJSDocComment(doc.comment) : undefined;
  return text ? text.replace(/\s+/g, ' ').trim() : undefined;
};

function tagNames(source) {
  const map = new Map();
  const visit = (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'HTMLElementTagNameMap') {
      for (const m of node.members) {
        if (ts.isPropertySignature(m) && m.type && ts.isTypeReferenceNode(m.type)) {
          map.set(m.type.typeName.getText(source), m.name.getText(source).replace(/['"]/g, ''));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return map;
}

function typeOfProperty(options, field, source) {
  const t = options.get('type');
  if (t === 'Number') return 'number';
  if (t === 'Boolean') return 'boolean';
  if (field?.type) return field.type.getText(source);
  return 'string';
}

const SUPERCLASSES = { LitElement: 'lit', ReactiveElement: '@lit/reactive-element' };

function describeClass(node, source, tag, path, base) {
  const decl = {
    kind: 'class',
    name: node.name.text,
    tagName: tag,
    customElement: true,
    description: commentOf(node) ?? '',
    superclass: { name: base, package: SUPERCLASSES[base] },
  };
  const docTags = ts.getJSDocTags(node);
  for (const [tagName, key] of Object.entries(TAGS)) {
    const items = docTags
      .filter((t) => t.tagName.text === tagName)
      .map((t) => splitTag(ts.getTextOfJSDocComment(t.comment) ?? ''));
    if (items.length) decl[key] = items;
  }
  // Fields (for types and descriptions) and `static properties` (for attributes).
  const fields = new Map();
  let properties;
  for (const member of node.members) {
    if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
    const isStatic = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
    if (isStatic && member.name.text === 'properties' && member.initializer && ts.isObjectLiteralExpression(member.initializer)) {
      properties = member.initializer;
    } else if (!isStatic) {
      fields.set(member.name.text, member);
    }
  }
  const attributes = [];
  const members = [];
  for (const prop of properties?.properties ?? []) {
    if (!ts.isPropertyAssignment(prop)) continue;
    const name = prop.name.getText(source);
    const options = new Map();
    if (ts.isObjectLiteralExpression(prop.initializer)) {
      for (const o of prop.initializer.properties) {
        if (ts.isPropertyAssignment(o)) options.set(o.name.getText(source), o.initializer.getText(source).replace(/^['"]|['"]$/g, ''));
      }
    }
    if (options.get('state') === 'true' || name.startsWith('_') || name.startsWith('#')) continue;
    const field = fields.get(name);
    const type = typeOfProperty(options, field, source);
    const description = field ? commentOf(field) : undefined;
    const defaultValue = field?.initializer?.getText(source);
    const member = { kind: 'field', name, type: { text: type } };
    if (description) member.description = description;
    if (defaultValue !== undefined) member.default = defaultValue;
    const attr = options.get('attribute');
    if (attr !== 'false') {
      const attrName = attr && attr !== 'true' ? attr : name.toLowerCase();
      member.attribute = attrName;
      if (options.get('reflect') === 'true') member.reflects = true;
      const a = { name: attrName, fieldName: name, type: { text: type } };
      if (description) a.description = description;
      if (defaultValue !== undefined) a.default = defaultValue;
      attributes.push(a);
    }
    members.push(member);
  }
  if (attributes.length) decl.attributes = attributes;
  if (members.length) decl.members = members;
  return {
    kind: 'javascript-module',
    path,
    declarations: [decl],
    exports: [
      { kind: 'js', name: decl.name, declaration: { name: decl.name, module: path } },
      { kind: 'custom-element-definition', name: tag, declaration: { name: decl.name, module: path } },
    ],
  };
}

/** The manifest as a JSON string (stable order: files by name). */
export function generateManifest() {
  const files = readdirSync(join(pkg, 'src'))
    .filter((f) => /^fb-[a-z-]+\.ts$/.test(f) && !/\.test\.ts$/.test(f) && !f.endsWith('-messages.ts'))
    .sort();
  const modules = [];
  for (const file of files) {
    const path = `src/${file}`;
    const source = ts.createSourceFile(file, readFileSync(join(pkg, path), 'utf8'), ts.ScriptTarget.Latest, true);
    const tags = tagNames(source);
    for (const node of source.statements) {
      if (!ts.isClassDeclaration(node) || !node.name) continue;
      const base = node.heritageClauses?.[0]?.types[0]?.expression.getText(source);
      const tag = tags.get(node.name.text);
      if (Object.hasOwn(SUPERCLASSES, base ?? '') && tag) modules.push(describeClass(node, source, tag, path, base));
    }
  }
  return `${JSON.stringify({ schemaVersion: '2.1.0', readme: 'README.md', modules }, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = join(pkg, 'custom-elements.json');
  const next = generateManifest();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {}
    if (current !== next) {
      console.error('custom-elements.json is stale: run node packages/elements/scripts/manifest.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(out, next);
    console.log(`wrote ${out}`);
  }
}
