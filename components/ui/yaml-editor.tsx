'use client';

import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';

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
}: {
  value: string;
  onChange?: (value: string) => void;
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const attributes = useRef(new Compartment());
  const onChangeRef = useRef(onChange);
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
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          yaml(),
          syntaxHighlighting(defaultHighlightStyle),
          attributes.current.of(contentAttributes({ labelledBy, describedBy, invalid })),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current?.(update.state.doc.toString());
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
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div ref={parent} className="overflow-hidden rounded border border-slate-400 font-mono text-sm [&_.cm-editor]:max-h-96 [&_.cm-focused]:outline-2 [&_.cm-focused]:outline-slate-900" />;
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
