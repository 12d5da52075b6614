import { LineCounter, isScalar, parseDocument, visit } from 'yaml';
import { oversizedNmstate } from './validate';
import { nmstateText } from './values';

/**
 * Where the key nmstate calls unknown really is. nmstatectl 2.2 (serde_yaml through untagged
 * enums) names the start of the enclosing interface item, not the key: "interfaces: unknown field
 * `bar`, expected one of … at line 2 column 1" for a `bar:` six lines further down. Returns the
 * 1-based line and column of the first key spelled `field` inside the mapping that starts on
 * `at.line`, else of the first such key from that line on; undefined when the message names no
 * unknown field or no such key is found (the reported position then stands).
 */
export function unknownFieldPosition(document: string, at: { line: number; message: string }): { line: number; column: number } | undefined {
  const field = /unknown field `([^`]+)`/.exec(at.message)?.[1];
  if (!field || oversizedNmstate(document)) return undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(nmstateText(document), { lineCounter });
  let scope: [number, number] | undefined;
  visit(doc, {
    Map(_, map) {
      if (!scope && map.range && lineCounter.linePos(map.range[0]).line === at.line) scope = [map.range[0], map.range[1]];
    },
  });
  let found: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      const start = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (found !== undefined || start === undefined || !isScalar(pair.key) || String(pair.key.value) !== field) return;
      const inside = scope ? start >= scope[0] && start < scope[1] : lineCounter.linePos(start).line >= at.line;
      if (inside) found = start;
    },
  });
  if (found === undefined) return undefined;
  const { line, col } = lineCounter.linePos(found);
  return { line, column: col };
}

