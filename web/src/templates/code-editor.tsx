import { forwardRef, useImperativeHandle, useMemo, useRef } from "react";
import { offsetOf, tokenizeLiquid, type TokenType } from "./liquid-highlight.ts";
import type { Finding } from "./templates-api.ts";
import classes from "./templates.module.css";

export type CodeEditorHandle = {
  /** Writes text at the caret (replacing the selection) and keeps the focus in the editor. */
  insert: (text: string) => void;
  /** Puts the caret at a line and column and scrolls it into view. */
  goTo: (line: number, column: number, length?: number) => void;
};

type Level = "error" | "warning";
type Mark = { from: number; to: number; level: Level };
type Piece = { text: string; type: TokenType; level: Level | null };

/** Token pieces per line, split where a finding's excerpt starts and ends. */
function linesOf(source: string, marks: readonly Mark[]): Piece[][] {
  const lines: Piece[][] = [[]];
  let offset = 0;
  const cuts = [...new Set(marks.flatMap((m) => [m.from, m.to]))].sort((a, b) => a - b);
  const levelAt = (at: number): Level | null => {
    let level: Level | null = null;
    for (const m of marks) if (at >= m.from && at < m.to) level = m.level === "error" || level === null ? m.level : level;
    return level;
  };
  for (const token of tokenizeLiquid(source)) {
    let start = 0;
    while (start < token.text.length) {
      const absolute = offset + start;
      const nextCut = cuts.find((c) => c > absolute);
      const newline = token.text.indexOf("\n", start);
      let end = token.text.length;
      if (nextCut !== undefined) end = Math.min(end, nextCut - offset);
      if (newline !== -1) end = Math.min(end, newline);
      if (end > start) lines[lines.length - 1]!.push({ text: token.text.slice(start, end), type: token.type, level: levelAt(absolute) });
      if (newline !== -1 && newline === end) {
        lines.push([]);
        end += 1;
      }
      start = end;
    }
    offset += token.text.length;
  }
  return lines;
}

type Props = {
  value: string;
  onChange: (value: string) => void;
  findings: { errors: readonly Finding[]; warnings: readonly Finding[] };
  label: string;
  describedBy?: string;
};

/**
 * A textarea over a coloured copy of its text (Liquid highlighting), with line numbers and
 * the lint's findings marked in the gutter and underlined in the text. The textarea is the
 * real, accessible control; the layers behind it only paint.
 */
export const CodeEditor = forwardRef<CodeEditorHandle, Props>(function CodeEditor({ value, onChange, findings, label, describedBy }, ref) {
  const area = useRef<HTMLTextAreaElement>(null);
  const paint = useRef<HTMLDivElement>(null);
  const gutter = useRef<HTMLDivElement>(null);

  const marks = useMemo<Mark[]>(() => {
    const toMark = (f: Finding, level: Level): Mark => {
      const from = offsetOf(value, f.line, f.column);
      return { from, to: Math.min(value.length, from + Math.max(1, f.excerpt.length)), level };
    };
    return [...findings.warnings.map((f) => toMark(f, "warning")), ...findings.errors.map((f) => toMark(f, "error"))];
  }, [value, findings]);
  const lines = useMemo(() => linesOf(value, marks), [value, marks]);
  const lineLevels = useMemo(() => {
    const map = new Map<number, { level: Level; messages: string[] }>();
    for (const [list, level] of [[findings.warnings, "warning"], [findings.errors, "error"]] as const) {
      for (const f of list) {
        const entry = map.get(f.line) ?? { level, messages: [] };
        if (level === "error") entry.level = "error";
        entry.messages.push(f.message);
        map.set(f.line, entry);
      }
    }
    return map;
  }, [findings]);

  useImperativeHandle(ref, () => ({
    insert(text) {
      const el = area.current;
      if (!el) return;
      el.focus();
      el.setRangeText(text, el.selectionStart, el.selectionEnd, "end");
      onChange(el.value);
    },
    goTo(line, column, length = 0) {
      const el = area.current;
      if (!el) return;
      const at = offsetOf(el.value, line, column);
      el.focus();
      el.setSelectionRange(at, at + length);
      // Bring the line into view: 20px per line.
      const top = (line - 1) * 20;
      if (top < el.scrollTop || top > el.scrollTop + el.clientHeight - 40) el.scrollTop = Math.max(0, top - el.clientHeight / 2);
      sync();
    },
  }));

  function sync() {
    const el = area.current;
    if (!el) return;
    if (paint.current) paint.current.style.transform = `translate(${-el.scrollLeft}px, ${-el.scrollTop}px)`;
    if (gutter.current) gutter.current.style.transform = `translateY(${-el.scrollTop}px)`;
  }

  return (
    <div className={classes.editor}>
      <div className={classes.gutter} aria-hidden="true">
        <div ref={gutter}>
          {lines.map((_, index) => {
            const mark = lineLevels.get(index + 1);
            return (
              <div key={index} className={classes.gutterLine} data-level={mark?.level} title={mark?.messages.join("\n")}>
                {mark ? <span className={classes.gutterDot} /> : null}
                {index + 1}
              </div>
            );
          })}
        </div>
      </div>
      <div className={classes.editorBody}>
        <div className={classes.paintClip} aria-hidden="true">
          <div ref={paint} className={classes.paint}>
            {lines.map((pieces, index) => (
              <div key={index} className={classes.paintLine} data-level={lineLevels.get(index + 1)?.level}>
                {pieces.map((piece, k) => (
                  <span key={k} className={classes[`tok_${piece.type}`]} data-mark={piece.level ?? undefined}>{piece.text}</span>
                ))}
              </div>
            ))}
          </div>
        </div>
        <textarea
          ref={area}
          className={classes.input}
          value={value}
          onChange={(event) => {
            onChange(event.currentTarget.value);
            window.requestAnimationFrame(sync);
          }}
          onScroll={sync}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-label={label}
          aria-describedby={describedBy}
          aria-invalid={findings.errors.length > 0 || undefined}
        />
      </div>
    </div>
  );
});
