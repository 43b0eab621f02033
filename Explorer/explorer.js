// Lantern's in-browser GraphQL explorer: an editor with highlighting and schema-aware completion,
// variables and headers panes, HTTP requests, subscriptions over graphql-transport-ws and a
// documentation pane. No dependencies: the page is served under a strict Content-Security-Policy
// (script-src 'self', no inline code or styles), so everything is built here with the DOM API,
// and every string that comes from the server or the user is inserted as text, never as HTML.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const editor = $('editor'), highlight = $('highlight'), variablesEl = $('variables'), headersEl = $('headers');
  const result = $('result'), statusEl = $('status'), runBtn = $('run'), stopBtn = $('stop');
  const popup = $('completions'), popupList = $('completion-list'), popupDoc = $('completion-doc');
  const docsPane = $('docs'), docsBody = $('docs-body'), docsTitle = $('docs-title'), docsBack = $('docs-back');

  const STORE = 'lantern.explorer.';
  const DEFAULT_QUERY = [
    '# Lantern GraphQL explorer',
    '# Ctrl+Enter (Cmd+Enter) runs the operation at the cursor; Ctrl+Space completes.',
    '# Put {"Authorization": "Bearer …", "X-Tenant": "…"} in the Headers tab, then reload the schema.',
    '',
    'query {',
    '  __typename',
    '}',
    '',
  ].join('\n');

  // localStorage can be unavailable (privacy modes, storage quotas); the explorer works without it.
  const load = (key, fallback) => { try { return localStorage.getItem(STORE + key) ?? fallback; } catch { return fallback; } };
  const save = (key, value) => { try { localStorage.setItem(STORE + key, value); } catch { /* not persisted */ } };

  /** Creates an element. Children are nodes or strings; strings become text nodes, never markup. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'class') el.className = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value);
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }

  // ---------------------------------------------------------------------------------------------
  // Lexer. Tolerant: the document is usually incomplete while it is typed, so an unterminated
  // string runs to the end of its line and an unknown character becomes one `invalid` token.
  // Commas are insignificant in GraphQL and are lexed with the whitespace.

  const NAME_START = /[_A-Za-z]/, NAME_CHAR = /[_0-9A-Za-z]/, NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  function lex(src) {
    const tokens = [];
    const n = src.length;
    let i = 0;
    while (i < n) {
      const start = i, c = src[i];
      let kind;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === '\ufeff') {
        while (i < n && ' \t\n\r,\ufeff'.includes(src[i])) i++;
        kind = 'ws';
      } else if (c === '#') {
        while (i < n && src[i] !== '\n' && src[i] !== '\r') i++;
        kind = 'comment';
      } else if (c === '"') {
        if (src.startsWith('"""', i)) {
          i += 3;
          while (i < n && !src.startsWith('"""', i)) i += src.startsWith('\\"""', i) ? 4 : 1;
          i = Math.min(n, i + 3);
        } else {
          i++;
          while (i < n && src[i] !== '"' && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
          if (src[i] === '"') i++;
          i = Math.min(n, i);
        }
        kind = 'string';
      } else if ((c === '$' || c === '@') && i + 1 < n && NAME_START.test(src[i + 1])) {
        // Variables and directives are one token each: `$id`, `@include`.
        i++;
        while (i < n && NAME_CHAR.test(src[i])) i++;
        kind = c === '$' ? 'var' : 'dir';
      } else if (NAME_START.test(c)) {
        while (i < n && NAME_CHAR.test(src[i])) i++;
        kind = 'name';
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        const match = NUMBER.exec(src);
        i += match ? match[0].length : 1;
        kind = match ? 'number' : 'invalid';
      } else if (src.startsWith('...', i)) {
        i += 3;
        kind = 'punct';
      } else {
        i++;
        kind = '!():=[]{}|&$@'.includes(c) ? 'punct' : 'invalid';
      }
      tokens.push({ kind, start, end: i, text: src.slice(start, i), cls: kind });
    }
    return tokens;
  }

  // ---------------------------------------------------------------------------------------------
  // Schema: the introspection result, indexed by name.

  const TYPE_REF = 'kind name ' + 'ofType { kind name '.repeat(6) + '}'.repeat(6); // [[T!]!]! needs 5 levels
  const INPUT_VALUE = `name description defaultValue type { ${TYPE_REF} }`;
  // Kept within the server's limits: 12 levels deep (the default bound is 15), and `fields`,
  // `inputFields`, `interfaces` and `possibleTypes` never nested in one another.
  const INTROSPECTION = `query LanternExplorerIntrospection {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types {
      kind name description
      fields(includeDeprecated: true) {
        name description isDeprecated deprecationReason
        args { ${INPUT_VALUE} }
        type { ${TYPE_REF} }
      }
      inputFields { ${INPUT_VALUE} }
      interfaces { name }
      possibleTypes { name }
      enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
    }
    directives { name description locations args { ${INPUT_VALUE} } }
  }
}`;

  let schema = null;

  function buildSchema(data) {
    const s = data.__schema;
    const types = new Map();
    for (const type of s.types) {
      type.fieldMap = new Map((type.fields || []).map((f) => [f.name, f]));
      types.set(type.name, type);
    }
    return {
      types,
      query: s.queryType && s.queryType.name,
      mutation: s.mutationType && s.mutationType.name,
      subscription: s.subscriptionType && s.subscriptionType.name,
      directives: new Map((s.directives || []).map((d) => [d.name, d])),
    };
  }

  const STRING_REF = { kind: 'NON_NULL', ofType: { kind: 'SCALAR', name: 'String' } };
  const TYPENAME = { name: '__typename', description: 'The name of the object type.', args: [], type: STRING_REF };
  const META = {
    __schema: { name: '__schema', args: [], type: { kind: 'NON_NULL', ofType: { kind: 'OBJECT', name: '__Schema' } } },
    __type: { name: '__type', args: [{ name: 'name', type: STRING_REF }], type: { kind: 'OBJECT', name: '__Type' } },
  };

  const namedType = (ref) => { while (ref && ref.ofType) ref = ref.ofType; return ref ? ref.name : null; };
  const typeString = (ref) => !ref ? '' : ref.kind === 'NON_NULL' ? typeString(ref.ofType) + '!'
    : ref.kind === 'LIST' ? `[${typeString(ref.ofType)}]` : ref.name;
  const listItem = (ref) => {
    if (ref && ref.kind === 'NON_NULL') ref = ref.ofType;
    return ref && ref.kind === 'LIST' ? ref.ofType : null;
  };
  const typeNamed = (name) => (schema && name ? schema.types.get(name) : undefined);

  /** The fields that may be selected on a type (for a union only `__typename`). */
  function fieldsOf(typeName) {
    const type = typeNamed(typeName);
    if (!type || !['OBJECT', 'INTERFACE', 'UNION'].includes(type.kind)) return [];
    return [...(type.fields || []), TYPENAME];
  }

  function fieldDef(typeName, name) {
    if (name === '__typename') return TYPENAME;
    if (schema && typeName === schema.query && META[name]) return META[name];
    const type = typeNamed(typeName);
    return type ? type.fieldMap.get(name) : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Analysis: one pass over the significant tokens with a stack of open brackets. It gives each
  // token its highlighting class, finds the operations (for Run), and, when asked for a cursor
  // position, returns what is expected there (for completion). Each selection set knows its
  // type, starting from the operation's root type and following each field's return type and
  // each `... on Type`; each argument list knows the arguments of its field or directive.
  //
  // Frames: {kind: 'sel', type} a selection set; {kind: 'args', defs} a field's or directive's
  // arguments; {kind: 'obj', defs} an input object value; {kind: 'list', valueType} a list value;
  // {kind: 'vars'} variable definitions. Argument and object frames alternate between expecting
  // a name and (after `:`) a value of `valueType`.

  const WORD = new Set(['name', 'var', 'dir']);
  const OPERATION_KEYWORDS = ['query', 'mutation', 'subscription'];

  function analyze(src, tokens, stopAt) {
    const sig = tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
    const operations = [], stack = [];
    let mode = 'start', op = null, rootType = null, pendingSel = null, owner = null, typeCond = false, context = null;

    const snapshot = (i, word) => {
      const frame = stack[stack.length - 1];
      return { frame: frame ? { ...frame } : null, mode, typeCond, word, prev: i > 0 ? sig[i - 1].text : '' };
    };
    const argsFrame = (defs) => ({ kind: 'args', defs: defs || [], expectValue: false, valueType: null });
    const closeSelection = (t) => {
      if (stack.length === 0) {
        if (op) op.end = t.end;
        mode = 'start'; op = null; rootType = null;
      }
    };

    for (let i = 0; i < sig.length; i++) {
      const t = sig[i], next = sig[i + 1], text = t.text;
      if (stopAt !== undefined && (t.start >= stopAt || (WORD.has(t.kind) && stopAt <= t.end))) {
        context = snapshot(i, t.start < stopAt ? t : null);
        break;
      }
      // `owner` (whose arguments a `(` opens) and `typeCond` (a type name follows) only hold
      // for the very next token.
      const argsOwner = owner, afterOn = typeCond;
      owner = null; typeCond = false;
      const frame = stack[stack.length - 1];

      if (!frame) { // Between definitions: `query Name($v: T) @dir {`, `fragment F on T {`, `{`.
        if (t.kind === 'name') {
          if (mode === 'start' && OPERATION_KEYWORDS.includes(text)) {
            t.cls = 'keyword'; mode = 'opName';
            op = { type: text, name: null, start: t.start, end: src.length };
            operations.push(op);
            rootType = schema ? schema[text] : null;
          } else if (mode === 'start' && text === 'fragment') { t.cls = 'keyword'; mode = 'fragName'; }
          else if (mode === 'opName') { t.cls = 'def'; op.name = text; mode = 'head'; }
          else if (mode === 'fragName') { t.cls = 'def'; mode = 'fragOn'; }
          else if (mode === 'fragOn' && text === 'on') { t.cls = 'keyword'; mode = 'fragType'; }
          else if (mode === 'fragType') { t.cls = 'type'; rootType = text; mode = 'head'; }
          else t.cls = 'invalid';
        } else if (t.kind === 'dir') {
          t.cls = 'directive';
          owner = schema && schema.directives.get(text.slice(1));
        } else if (text === '(') {
          stack.push(argsOwner ? argsFrame(argsOwner.args) : { kind: 'vars', expectValue: false, typePos: false });
        } else if (text === '{') {
          if (mode === 'start') {
            op = { type: 'query', name: null, start: t.start, end: src.length };
            operations.push(op);
            rootType = schema ? schema.query : null;
          }
          stack.push({ kind: 'sel', type: rootType });
          mode = 'body';
        }
        continue;
      }

      if (text === '}') { // Closes the nearest selection set or object, whatever is left open inside.
        while (stack.length) {
          const popped = stack.pop();
          if (popped.kind === 'obj') break;
          if (popped.kind === 'sel') { closeSelection(t); break; }
        }
        continue;
      }
      if (text === ')') {
        while (stack.length && stack[stack.length - 1].kind !== 'sel') {
          const popped = stack.pop();
          if (popped.kind === 'args' || popped.kind === 'vars') break;
        }
        continue;
      }

      if (frame.kind === 'sel') {
        if (t.kind === 'name') {
          if (i > 0 && sig[i - 1].text === '...') {
            if (text === 'on') { t.cls = 'keyword'; typeCond = true; } else t.cls = 'def'; // a fragment spread
          } else if (afterOn) {
            t.cls = 'type'; pendingSel = text;
          } else if (next && next.text === ':') {
            t.cls = 'alias';
          } else {
            const def = fieldDef(frame.type, text);
            // Unknown fields are underlined, but only when the parent type is known.
            t.cls = def || !schema || !typeNamed(frame.type) ? 'field' : 'field unknown';
            pendingSel = def ? namedType(def.type) : null;
            owner = { args: def ? def.args : [] };
          }
        } else if (text === '...') {
          pendingSel = frame.type; // `... @include(if: $x) {` keeps the enclosing type
        } else if (t.kind === 'dir') {
          t.cls = 'directive';
          owner = schema && schema.directives.get(text.slice(1));
        } else if (text === '(') {
          if (argsOwner) stack.push(argsFrame(argsOwner.args));
        } else if (text === '{') {
          stack.push({ kind: 'sel', type: pendingSel });
          pendingSel = null;
        }
        continue;
      }

      // Argument lists, input objects, lists and variable definitions.
      const expectsValue = frame.kind === 'list' || frame.expectValue;
      if (text === ']') { if (frame.kind === 'list') stack.pop(); continue; }
      if (expectsValue) {
        if (frame.kind !== 'list') frame.expectValue = false; // the value is complete once it closes
        if (text === '{') {
          const type = typeNamed(namedType(frame.valueType));
          stack.push({ kind: 'obj', defs: (type && type.inputFields) || [], expectValue: false, valueType: null });
        } else if (text === '[') {
          stack.push({ kind: 'list', valueType: listItem(frame.valueType) });
        } else if (t.kind === 'name') {
          t.cls = ['true', 'false', 'null'].includes(text) ? 'const' : 'enum';
        }
        continue;
      }
      if (frame.kind === 'vars') {
        if (t.kind === 'var') { frame.typePos = false; }
        else if (text === ':') frame.typePos = true;
        else if (text === '=') { frame.expectValue = true; frame.typePos = false; frame.valueType = null; }
        else if (t.kind === 'name') { t.cls = 'type'; frame.typePos = false; }
        else if (t.kind === 'dir') t.cls = 'directive';
        continue;
      }
      // An argument or input-field name, then `:`.
      if (t.kind === 'name') {
        const def = frame.defs.find((d) => d.name === text);
        t.cls = def || !schema ? 'arg' : 'arg unknown';
        frame.valueType = def ? def.type : null;
      } else if (text === ':') {
        frame.expectValue = true;
      }
    }
    if (stopAt !== undefined && !context) context = snapshot(sig.length, null);
    return { operations, context };
  }

  /** What may be written where the analysis stopped: [{name, detail, doc}]. */
  function candidates(src, context) {
    if (!schema) return [];
    const frame = context.frame;
    const fromFields = (defs) => defs.map((d) => ({
      name: d.name, detail: typeString(d.type), doc: d.description, deprecated: d.isDeprecated,
    }));
    const typesWhere = (kinds) => [...schema.types.values()]
      .filter((t) => kinds.includes(t.kind) && !t.name.startsWith('__'))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((t) => ({ name: t.name, detail: t.kind.toLowerCase().replace('_', ' '), doc: t.description }));
    const fragmentNames = () => [...src.matchAll(/\bfragment\s+([_A-Za-z]\w*)/g)]
      .map((m) => ({ name: m[1], detail: 'fragment' }));
    const valuesOf = (ref) => {
      const type = typeNamed(namedType(ref));
      if (type && type.kind === 'ENUM') {
        return (type.enumValues || []).map((v) => ({ name: v.name, detail: type.name, doc: v.description }));
      }
      if (type && type.name === 'Boolean') return [{ name: 'true', detail: 'Boolean' }, { name: 'false', detail: 'Boolean' }];
      return [];
    };

    if (!frame) {
      if (context.mode === 'start') {
        return [...OPERATION_KEYWORDS, 'fragment'].map((k) => ({ name: k, detail: 'keyword' }));
      }
      if (context.mode === 'fragOn') return [{ name: 'on', detail: 'keyword' }];
      if (context.mode === 'fragType') return typesWhere(['OBJECT', 'INTERFACE', 'UNION']);
      return [];
    }
    switch (frame.kind) {
      case 'sel':
        if (context.prev === '...') return [{ name: 'on', detail: 'type condition' }, ...fragmentNames()];
        if (context.typeCond) return typesWhere(['OBJECT', 'INTERFACE', 'UNION']);
        return fromFields(fieldsOf(frame.type));
      case 'args':
      case 'obj':
        return frame.expectValue ? valuesOf(frame.valueType) : fromFields(frame.defs);
      case 'list':
        return valuesOf(frame.valueType);
      case 'vars':
        return frame.typePos || context.prev === '[' ? typesWhere(['SCALAR', 'ENUM', 'INPUT_OBJECT']) : [];
      default:
        return [];
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The editor: a transparent <textarea> (which keeps native editing, selection, undo and IME)
  // over a <pre> that shows the same text coloured. Every input re-renders the <pre>.

  let operations = [];

  function refresh() {
    const src = editor.value;
    const tokens = lex(src);
    operations = analyze(src, tokens).operations;
    const fragment = document.createDocumentFragment();
    for (const t of tokens) {
      if (t.kind === 'ws') fragment.append(t.text);
      else fragment.append(h('span', { class: t.cls.split(' ').map((c) => 't-' + c).join(' ') }, t.text));
    }
    // The extra line keeps the <pre> as tall as the textarea when the text ends with a newline.
    fragment.append('\n ');
    highlight.replaceChildren(fragment);
    syncScroll();
    showOperation();
  }

  function syncScroll() {
    highlight.scrollTop = editor.scrollTop;
    highlight.scrollLeft = editor.scrollLeft;
  }

  /** The operation to run: the one around the cursor, else the last one before it, else the first. */
  function currentOperation() {
    if (!operations.length) return null;
    const pos = editor.selectionStart;
    return operations.find((o) => pos >= o.start && pos <= o.end)
      || [...operations].reverse().find((o) => o.start <= pos) || operations[0];
  }

  function showOperation() {
    const op = currentOperation();
    $('operation').textContent = !op ? '' : `${op.type} ${op.name || '(anonymous)'}`;
  }

  /** Inserts text at the selection the way typing does, so that undo (Ctrl+Z) still works. */
  function insertText(text) {
    editor.focus();
    if (!document.execCommand('insertText', false, text)) {
      editor.setRangeText(text, editor.selectionStart, editor.selectionEnd, 'end');
      editor.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Completion popup.

  let completion = null; // {items, active, from, to} while the popup is open
  let suppressCompletion = false;
  let charWidth = 0;

  function measureChar() {
    const probe = h('span', { class: 'code' }, 'M'.repeat(100));
    probe.style.position = 'absolute';
    probe.style.visibility = 'hidden';
    probe.style.whiteSpace = 'pre';
    document.body.append(probe);
    charWidth = probe.getBoundingClientRect().width / 100;
    probe.remove();
  }

  function hideCompletion() {
    completion = null;
    popup.hidden = true;
    editor.removeAttribute('aria-activedescendant');
  }

  /** Opens or refreshes the popup for the word at the cursor; `force` (Ctrl+Space) opens it with no prefix. */
  function updateCompletion(force) {
    const pos = editor.selectionStart;
    if (pos !== editor.selectionEnd || !schema) return hideCompletion();
    const src = editor.value;
    const tokens = lex(src);
    // Nothing to complete inside strings and comments.
    if (tokens.some((t) => (t.kind === 'string' || t.kind === 'comment') && t.start < pos && pos <= t.end)) return hideCompletion();
    const { context } = analyze(src, tokens, pos);
    if (context.word && context.word.kind !== 'name') return hideCompletion(); // $variables, @directives
    const word = context.word;
    const prefix = word ? src.slice(word.start, pos) : '';
    if (!prefix && !force) return hideCompletion();
    const all = candidates(src, context);
    const lower = prefix.toLowerCase();
    const starting = all.filter((c) => c.name.toLowerCase().startsWith(lower));
    const containing = all.filter((c) => !c.name.toLowerCase().startsWith(lower) && c.name.toLowerCase().includes(lower));
    const items = [...starting, ...containing];
    // No popup when the word already is the only candidate: it would only get in the way.
    if (!items.length || (!force && items.length === 1 && items[0].name === prefix)) return hideCompletion();
    const previous = completion && completion.items[completion.active];
    const active = previous ? Math.max(0, items.findIndex((c) => c.name === previous.name)) : 0;
    completion = { items, active, from: word ? word.start : pos, to: word ? word.end : pos };
    renderCompletion();
    placeCompletion(completion.from);
  }

  function renderCompletion() {
    popupList.replaceChildren(...completion.items.map((item, index) => h('li', {
      id: 'completion-' + index,
      role: 'option',
      class: index === completion.active ? 'active' : '',
      'aria-selected': String(index === completion.active),
      'data-name': item.name,
      // mousedown, not click: it must act before the textarea loses focus.
      onmousedown: (event) => { event.preventDefault(); completion.active = index; acceptCompletion(); },
    }, h('span', { class: 'c-name' }, item.name), h('span', { class: 'c-type' }, item.detail || ''))));
    const item = completion.items[completion.active];
    popupDoc.textContent = item.doc ? item.doc : '';
    editor.setAttribute('aria-activedescendant', 'completion-' + completion.active);
    popup.hidden = false;
    const active = popupList.children[completion.active];
    if (active) active.scrollIntoView({ block: 'nearest' });
  }

  /** Puts the popup under the word: the font is monospaced and lines never wrap, so the
   *  position follows from the line and column. */
  function placeCompletion(offset) {
    if (!charWidth) measureChar();
    const before = editor.value.slice(0, offset);
    const line = before.split('\n').length - 1, column = offset - before.lastIndexOf('\n') - 1;
    const style = getComputedStyle(editor), rect = editor.getBoundingClientRect();
    const lineHeight = parseFloat(style.lineHeight) || 20;
    let left = rect.left + parseFloat(style.paddingLeft) + column * charWidth - editor.scrollLeft;
    let top = rect.top + parseFloat(style.paddingTop) + (line + 1) * lineHeight - editor.scrollTop;
    const box = popup.getBoundingClientRect();
    if (top + box.height > window.innerHeight - 4) top = Math.max(4, top - lineHeight - box.height);
    left = Math.max(4, Math.min(left, window.innerWidth - box.width - 4));
    popup.style.left = left + 'px';
    popup.style.top = top + 'px';
  }

  function moveCompletion(delta) {
    const count = completion.items.length;
    completion.active = (completion.active + delta + count) % count;
    renderCompletion();
  }

  function acceptCompletion() {
    const { items, active, from, to } = completion;
    hideCompletion();
    editor.setSelectionRange(from, to);
    suppressCompletion = true;
    try { insertText(items[active].name); } finally { suppressCompletion = false; }
  }

  editor.addEventListener('keydown', (event) => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key === 'Enter') { event.preventDefault(); hideCompletion(); run(); return; }
    if (event.ctrlKey && (event.key === ' ' || event.code === 'Space')) { event.preventDefault(); updateCompletion(true); return; }
    if (completion) {
      switch (event.key) {
        case 'ArrowDown': event.preventDefault(); moveCompletion(1); return;
        case 'ArrowUp': event.preventDefault(); moveCompletion(-1); return;
        case 'Enter': case 'Tab': event.preventDefault(); acceptCompletion(); return;
        case 'Escape': event.preventDefault(); hideCompletion(); return;
        case 'ArrowLeft': case 'ArrowRight': case 'Home': case 'End': hideCompletion(); break;
        default: break;
      }
    }
    if (event.key === 'Tab' && !event.shiftKey && !mod && !event.altKey) {
      event.preventDefault(); // two spaces; Shift+Tab still leaves the editor
      insertText('  ');
    } else if (event.key === 'Enter' && !mod && !event.shiftKey && !event.altKey) {
      // Keep the indentation, one step deeper after an opening bracket.
      event.preventDefault();
      const before = editor.value.slice(0, editor.selectionStart);
      const indent = /^[ \t]*/.exec(before.slice(before.lastIndexOf('\n') + 1))[0];
      insertText('\n' + indent + (/[{([]\s*$/.test(before) ? '  ' : ''));
    }
  });

  editor.addEventListener('input', () => {
    save('query', editor.value);
    refresh();
    if (!suppressCompletion) updateCompletion(false);
  });
  editor.addEventListener('scroll', () => { syncScroll(); if (completion) placeCompletion(completion.from); });
  editor.addEventListener('blur', hideCompletion);
  editor.addEventListener('mousedown', hideCompletion);
  for (const type of ['keyup', 'click', 'focus']) editor.addEventListener(type, showOperation);
  window.addEventListener('resize', hideCompletion);

  // ---------------------------------------------------------------------------------------------
  // Variables and headers: JSON objects, kept in localStorage.

  function readObject(el, what) {
    const text = el.value.trim();
    if (!text) return {};
    let value;
    try { value = JSON.parse(text); } catch (error) { throw new Error(`${what}: ${error.message}`); }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} must be a JSON object`);
    return value;
  }

  function readHeaders() {
    const headers = readObject(headersEl, 'Headers');
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'object' && value !== null) throw new Error(`Headers: the value of ${name} must be a string`);
      headers[name] = String(value);
    }
    return headers;
  }

  const headerValue = (headers, name) => {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : headers[key];
  };

  function checkInputs() {
    const problems = [];
    for (const read of [() => readObject(variablesEl, 'Variables'), readHeaders]) {
      try { read(); } catch (error) { problems.push(error.message); }
    }
    $('input-error').textContent = problems.join(' · ');
  }

  for (const [el, key] of [[variablesEl, 'variables'], [headersEl, 'headers']]) {
    el.addEventListener('input', () => { save(key, el.value); checkInputs(); });
    el.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') { event.preventDefault(); run(); }
    });
  }

  function selectTab(pane) {
    for (const tab of document.querySelectorAll('#tabs [role=tab]')) {
      const selected = tab.dataset.pane === pane;
      tab.setAttribute('aria-selected', String(selected));
      $(tab.dataset.pane).hidden = !selected;
    }
    save('tab', pane);
  }
  for (const tab of document.querySelectorAll('#tabs [role=tab]')) tab.addEventListener('click', () => selectTab(tab.dataset.pane));

  // ---------------------------------------------------------------------------------------------
  // Results.

  function setStatus(text, tone) {
    statusEl.textContent = text;
    statusEl.className = tone || 'muted';
  }

  /** Pretty-printed JSON as coloured text nodes (the data is the users', so never markup). */
  function renderJSON(value) {
    const out = document.createDocumentFragment();
    const put = (text, cls) => out.append(cls ? h('span', { class: cls }, text) : text);
    const walk = (v, indent) => {
      if (v === null || typeof v === 'boolean') put(String(v), 'j-literal');
      else if (typeof v === 'number') put(String(v), 'j-number');
      else if (typeof v === 'string') put(JSON.stringify(v), 'j-string');
      else if (Array.isArray(v)) {
        if (!v.length) { put('[]'); return; }
        put('[\n');
        v.forEach((item, i) => { put(indent + '  '); walk(item, indent + '  '); put(i < v.length - 1 ? ',\n' : '\n'); });
        put(indent + ']');
      } else {
        const keys = Object.keys(v);
        if (!keys.length) { put('{}'); return; }
        put('{\n');
        keys.forEach((key, i) => {
          put(indent + '  '); put(JSON.stringify(key), 'j-key'); put(': ');
          walk(v[key], indent + '  ');
          put(i < keys.length - 1 ? ',\n' : '\n');
        });
        put(indent + '}');
      }
    };
    walk(value, '');
    return out;
  }

  function showFailure(message) {
    setStatus(message, 'bad');
    result.replaceChildren();
    result.dataset.state = 'error';
  }

  /** GraphQL over HTTP to the page's own URL; the headers pane may override the defaults. */
  const post = (body, headers) => fetch(location.pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify(body),
  });

  let runs = 0; // answers to superseded runs are dropped

  async function run() {
    const op = currentOperation();
    let variables, headers;
    try {
      variables = readObject(variablesEl, 'Variables');
      headers = readHeaders();
    } catch (error) { showFailure(error.message); return; }
    if (!op) { showFailure('Nothing to run: the document has no operation.'); return; }
    const body = { query: editor.value, variables, operationName: op.name || undefined };
    stopSubscription(false);
    const n = ++runs;
    if (op.type === 'subscription') { subscribe(body, headers); return; }

    setStatus('Running…');
    result.dataset.state = 'running';
    const started = performance.now();
    try {
      const response = await post(body, headers);
      const text = await response.text();
      if (n !== runs) return;
      const ms = Math.round(performance.now() - started);
      setStatus(`HTTP ${response.status} ${response.statusText} · ${ms} ms · ${response.headers.get('content-type') || ''}`,
        response.ok ? 'ok' : 'bad');
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      result.replaceChildren(json === undefined ? text : renderJSON(json));
      result.scrollTop = 0;
      result.dataset.state = 'done';
    } catch (error) {
      if (n === runs) showFailure('Request failed: ' + error.message);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Subscriptions over graphql-transport-ws. A browser cannot set headers on a WebSocket, so the
  // credentials go in connection_init's payload, where this server reads them.

  let subscription = null; // {ws, id, count, acked, done}
  let subscriptionIds = 0;

  function appendEvent(label, payload, bad) {
    const atBottom = result.scrollTop + result.clientHeight >= result.scrollHeight - 8;
    const entry = h('div', { class: 'event' }, h('div', { class: 'event-head' + (bad ? ' bad' : '') }, label));
    if (payload !== undefined && payload !== null) entry.append(h('div', {}, renderJSON(payload)));
    result.append(entry);
    if (atBottom) result.scrollTop = result.scrollHeight;
  }

  const clock = () => new Date().toLocaleTimeString();

  function endSubscription(s, text, tone) {
    if (subscription !== s) return;
    subscription = null;
    stopBtn.disabled = true;
    result.dataset.state = 'done';
    setStatus(text, tone);
    if (s.ws.readyState === WebSocket.OPEN || s.ws.readyState === WebSocket.CONNECTING) s.ws.close(1000, 'done');
  }

  function subscribe(body, headers) {
    const url = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + location.pathname;
    const payload = {};
    const authorization = headerValue(headers, 'authorization'), tenant = headerValue(headers, 'x-tenant');
    if (authorization !== undefined) payload.authorization = authorization;
    if (tenant !== undefined) payload.tenant = tenant;

    result.replaceChildren();
    result.dataset.state = 'connecting';
    setStatus('Connecting…');
    let ws;
    try { ws = new WebSocket(url, 'graphql-transport-ws'); } catch (error) { showFailure('WebSocket: ' + error.message); return; }
    const s = { ws, id: String(++subscriptionIds), count: 0, acked: false, done: false };
    subscription = s;
    stopBtn.disabled = false;
    const send = (message) => ws.send(JSON.stringify(message));

    ws.addEventListener('open', () => send({ type: 'connection_init', payload }));
    ws.addEventListener('message', (event) => {
      if (subscription !== s) return;
      let message;
      try { message = JSON.parse(event.data); } catch { appendEvent('unreadable message: ' + event.data, null, true); return; }
      switch (message.type) {
        case 'connection_ack':
          s.acked = true;
          send({ id: s.id, type: 'subscribe', payload: body });
          result.dataset.state = 'subscribed';
          setStatus('Subscribed · waiting for events · Stop ends it', 'ok');
          break;
        case 'next':
          s.count += 1;
          appendEvent(`#${s.count} · ${clock()}`, message.payload);
          setStatus(`Subscribed · ${s.count} event${s.count === 1 ? '' : 's'}`, 'ok');
          break;
        case 'error':
          s.done = true;
          appendEvent(`error · ${clock()}`, message.payload, true);
          endSubscription(s, 'The subscription failed', 'bad');
          break;
        case 'complete':
          s.done = true;
          appendEvent(`complete · ${clock()}`);
          endSubscription(s, `Subscription complete · ${s.count} event${s.count === 1 ? '' : 's'}`, 'ok');
          break;
        case 'ping':
          send(message.payload === undefined ? { type: 'pong' } : { type: 'pong', payload: message.payload });
          break;
        default:
          break; // pong, or messages of a later protocol version
      }
    });
    ws.addEventListener('close', (event) => {
      if (subscription !== s) return;
      // 4401/4403: the credentials in connection_init were refused; 4400: a protocol error.
      const reason = `connection closed: ${event.code}${event.reason ? ' ' + event.reason : ''}`;
      appendEvent(`${reason} · ${clock()}`, null, event.code !== 1000);
      endSubscription(s, reason, event.code === 1000 ? 'muted' : 'bad');
    });
  }

  /** Ends the running subscription: `complete` first, as the protocol asks, then the socket. */
  function stopSubscription(report) {
    const s = subscription;
    if (!s) return;
    if (s.ws.readyState === WebSocket.OPEN && s.acked && !s.done) s.ws.send(JSON.stringify({ id: s.id, type: 'complete' }));
    if (report) appendEvent(`stopped · ${clock()}`);
    endSubscription(s, `Stopped · ${s.count} event${s.count === 1 ? '' : 's'}`, 'muted');
  }

  runBtn.addEventListener('click', run);
  stopBtn.addEventListener('click', () => stopSubscription(true));

  // ---------------------------------------------------------------------------------------------
  // Schema loading.

  let schemaLoads = 0;

  function setSchemaStatus(state, text) {
    const el = $('schema-status');
    el.dataset.state = state;
    el.textContent = text;
  }

  async function loadSchema() {
    const n = ++schemaLoads;
    let headers;
    try { headers = readHeaders(); } catch (error) { setSchemaStatus('error', 'schema: ' + error.message); return; }
    setSchemaStatus('loading', 'schema: loading…');
    try {
      const response = await post({ query: INTROSPECTION, operationName: 'LanternExplorerIntrospection' }, headers);
      const json = await response.json();
      if (n !== schemaLoads) return;
      if (!json.data || !json.data.__schema) {
        throw new Error((json.errors && json.errors[0] && json.errors[0].message) || `HTTP ${response.status}`);
      }
      schema = buildSchema(json.data);
      const count = [...schema.types.keys()].filter((name) => !name.startsWith('__')).length;
      setSchemaStatus('loaded', `schema: ${count} types`);
    } catch (error) {
      if (n !== schemaLoads) return;
      schema = null;
      setSchemaStatus('error', 'schema: ' + error.message);
    }
    refresh();
    docsHistory = [];
    showDocs(docsCurrent && typeNamed(docsCurrent) ? docsCurrent : null, false);
  }

  $('reload-schema').addEventListener('click', loadSchema);

  // ---------------------------------------------------------------------------------------------
  // Documentation pane: the root types, then any type by clicking its name; Back returns.

  let docsCurrent = null, docsHistory = [];

  function showDocs(name, remember) {
    if (remember && name !== docsCurrent) docsHistory.push(docsCurrent);
    docsCurrent = name;
    renderDocs();
  }

  docsBack.addEventListener('click', () => { if (docsHistory.length) showDocs(docsHistory.pop(), false); });

  function typeLink(name) {
    return h('a', {
      href: '#', class: 'type-link', 'data-type': name,
      onclick: (event) => { event.preventDefault(); showDocs(name, true); },
    }, name);
  }

  /** `[Foo!]!` with `Foo` a link. */
  function typeRef(ref) {
    if (!ref) return '';
    if (ref.kind === 'NON_NULL') return [typeRef(ref.ofType), '!'];
    if (ref.kind === 'LIST') return ['[', typeRef(ref.ofType), ']'];
    return typeLink(ref.name);
  }

  const description = (text) => (text ? h('div', { class: 'description' }, text) : null);
  const deprecation = (item) => (item.isDeprecated
    ? h('div', { class: 'deprecated' }, 'Deprecated' + (item.deprecationReason ? ': ' + item.deprecationReason : '')) : null);

  function inputValue(arg) {
    return [h('span', { class: 't-arg' }, arg.name), ': ', typeRef(arg.type),
      arg.defaultValue !== null && arg.defaultValue !== undefined ? ' = ' + arg.defaultValue : ''];
  }

  function fieldEntry(field) {
    const args = field.args || [];
    const list = args.length ? ['(', args.flatMap((a, i) => [i ? ', ' : '', ...inputValue(a)]), ')'] : [];
    return h('div', { class: 'entry', 'data-field': field.name },
      h('span', { class: 't-field' }, field.name), list, ': ', typeRef(field.type),
      description(field.description), deprecation(field));
  }

  function renderDocs() {
    docsBack.disabled = docsHistory.length === 0;
    if (!schema) {
      docsTitle.textContent = 'Documentation';
      docsBody.replaceChildren(h('p', { class: 'muted' }, 'The schema is not loaded (see the status above).'));
      return;
    }
    const type = docsCurrent && typeNamed(docsCurrent);
    if (!type) return renderDocsHome();
    docsTitle.textContent = type.name;
    const parts = [h('div', { class: 'kind' }, type.kind.toLowerCase().replace('_', ' ')), description(type.description)];
    if (type.interfaces && type.interfaces.length) {
      parts.push(h('h2', {}, 'Implements'), type.interfaces.map((i) => h('div', { class: 'entry' }, typeLink(i.name))));
    }
    if (type.fields && type.fields.length) parts.push(h('h2', {}, 'Fields'), type.fields.map(fieldEntry));
    if (type.inputFields && type.inputFields.length) {
      parts.push(h('h2', {}, 'Input fields'), type.inputFields.map((f) => h('div', { class: 'entry', 'data-field': f.name },
        inputValue(f), description(f.description))));
    }
    if (type.enumValues && type.enumValues.length) {
      parts.push(h('h2', {}, 'Values'), type.enumValues.map((v) => h('div', { class: 'entry' },
        h('span', { class: 't-enum' }, v.name), description(v.description), deprecation(v))));
    }
    if (type.possibleTypes && type.possibleTypes.length) {
      parts.push(h('h2', {}, type.kind === 'INTERFACE' ? 'Implementations' : 'Possible types'),
        type.possibleTypes.map((p) => h('div', { class: 'entry' }, typeLink(p.name))));
    }
    docsBody.replaceChildren(...parts.flat().filter(Boolean));
    docsBody.scrollTop = 0;
  }

  function renderDocsHome() {
    docsTitle.textContent = 'Documentation';
    const roots = [['query', schema.query], ['mutation', schema.mutation], ['subscription', schema.subscription]]
      .filter(([, name]) => name)
      .map(([label, name]) => h('div', { class: 'entry' }, h('span', { class: 't-keyword' }, label), ': ', typeLink(name)));
    const list = h('div', {});
    const search = h('input', { id: 'docs-search', type: 'search', placeholder: 'Filter types…', 'aria-label': 'Filter types' });
    const fill = () => {
      const needle = search.value.trim().toLowerCase();
      list.replaceChildren(...[...schema.types.values()]
        .filter((t) => !t.name.startsWith('__') && t.name.toLowerCase().includes(needle))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((t) => h('div', { class: 'entry' }, typeLink(t.name), ' ', h('span', { class: 'kind' }, t.kind.toLowerCase().replace('_', ' ')))));
    };
    search.addEventListener('input', fill);
    fill();
    docsBody.replaceChildren(h('h2', {}, 'Root types'), ...roots, h('h2', {}, 'All types'), search, list);
  }

  const toggleDocs = $('toggle-docs');
  function setDocsOpen(open) {
    docsPane.classList.toggle('closed', !open);
    toggleDocs.setAttribute('aria-pressed', String(open));
    save('docs', open ? 'open' : 'closed');
  }
  toggleDocs.addEventListener('click', () => setDocsOpen(docsPane.classList.contains('closed')));

  // ---------------------------------------------------------------------------------------------
  // Start.

  editor.value = load('query', DEFAULT_QUERY);
  variablesEl.value = load('variables', '');
  headersEl.value = load('headers', '');
  selectTab(load('tab', 'variables') === 'headers' ? 'headers' : 'variables');
  setDocsOpen(load('docs', 'open') !== 'closed');
  checkInputs();
  refresh();
  renderDocs();
  loadSchema();
})();
