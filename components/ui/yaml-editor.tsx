'use client';

import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState } from '@codemirror/state';
import { Decoration, EditorView, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { useNonce } from '@/components/providers/nonce';

/**
 * A YAML code editor (CodeMirror) that behaves as a labelled text box: `labelledBy` and
 * `describedBy` name it for assistive technology, and tab moves focus on rather than indenting.
 */
export function YamlEditor({
  value,
  onChange,
  labelledBy,
  describedBy,
  invalid,
  markedLine,
}: {
  value: string;
  onChange?: (value: string) => void;
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
  /** A 1-based line to mark as the one a problem names (its text says "Line N" beside the editor). */
  markedLine?: number;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const nonce = useNonce();
  const view = useRef<EditorView | null>(null);
  const attributes = useRef(new Compartment());
  const marks = useRef(new Compartment());
  const onChangeRef = useRef(onChange);
  /**
   * Documents this editor itself reported through onChange since the last outside change. When
   * they come back as `value` (React renders them later, possibly after the user typed on), they
   * are echoes, never outside changes: replacing the document with one would undo the typing.
   */
  const emitted = useRef(new Set<string>());
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!parent.current) return;
    const editor = new EditorView({
      parent: parent.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          // CodeMirror injects its styles in a <style>: the page's CSP admits it by nonce only.
          ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          yaml(),
          syntaxHighlighting(defaultHighlightStyle),
          attributes.current.of(contentAttributes({ labelledBy, describedBy, invalid })),
          marks.current.of(lineMark(markedLine)),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            const doc = update.state.doc.toString();
            emitted.current.add(doc);
            onChangeRef.current?.(doc);
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // Made once: props and outside value changes are applied below, keeping cursor and focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: attributes.current.reconfigure(contentAttributes({ labelledBy, describedBy, invalid })) });
  }, [labelledBy, describedBy, invalid]);

  useEffect(() => {
    view.current?.dispatch({ effects: marks.current.reconfigure(lineMark(markedLine)) });
  }, [markedLine]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || emitted.current.has(value)) return;
    // A change from outside (the form view): it replaces the document, and earlier echoes are stale.
    emitted.current.clear();
    if (editor.state.doc.toString() !== value) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  return <div ref={parent} className="overflow-hidden rounded border border-slate-400 font-mono text-sm [&_.cm-editor]:max-h-96 [&_.cm-focused]:outline-2 [&_.cm-focused]:outline-slate-900" />;
}

/** A red band on `line` (1-based) while the document has that line; nothing otherwise. */
function lineMark(line: number | undefined) {
  if (!line) return [];
  return EditorView.decorations.of((view) =>
    line <= view.state.doc.lines ? Decoration.set([Decoration.line({ class: 'bg-red-100', attributes: { 'data-marked-line': String(line) } }).range(view.state.doc.line(line).from)]) : Decoration.none,
  );
}

function contentAttributes(options: { labelledBy: string; describedBy?: string; invalid?: boolean }) {
  return [
    EditorView.contentAttributes.of({
      'aria-labelledby': options.labelledBy,
      'aria-multiline': 'true',
      role: 'textbox',
      ...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
      ...(options.invalid ? { 'aria-invalid': 'true' } : {}),
    }),
  ];
}
