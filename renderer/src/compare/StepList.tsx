// A long list stepped through with the keyboard like the findings table: ↑ ↓ / J K, Page Up / Down, Home / End;
// only the rows in view are rendered, and the selected row is kept in view.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const OVERSCAN = 8;

export interface StepListProps<T> {
  items: readonly T[];
  idOf: (item: T) => number;
  selectedId: number | null;
  onSelect: (item: T) => void;
  rowHeight: number;
  renderRow: (item: T, index: number) => ReactNode;
  /** A sticky header row (rendered inside the scroller, one row high). */
  header?: ReactNode;
  className?: string;
  label: string;
  title?: string;
  testId: string;
  rowTestId: string;
}

export function StepList<T>({ items, idOf, selectedId, onSelect, rowHeight, renderRow, header, className, label, title, testId, rowTestId }: StepListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(300);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const selectedIndex = selectedId === null ? -1 : items.findIndex((c) => idOf(c) === selectedId);

  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * rowHeight;
    const body = el.clientHeight - (header ? rowHeight : 0);
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + body) el.scrollTop = top + rowHeight - body;
  }, [selectedIndex, rowHeight, header]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (!items.length) return;
    const page = Math.max(1, Math.floor(height / rowHeight) - 2);
    const moves: Record<string, number> = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const delta = moves[e.key]!;
    const next = !Number.isFinite(delta)
      ? (delta > 0 ? items.length - 1 : 0)
      : selectedIndex < 0 ? (delta > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, selectedIndex + delta));
    onSelect(items[next]!);
  };

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);

  return (
    <div
      className={`finding-table ${className ?? ''}`}
      ref={scroller}
      tabIndex={0}
      role="grid"
      aria-rowcount={items.length}
      aria-label={label}
      title={title}
      data-testid={testId}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      {header}
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>
        {items.slice(first, last).map((item, i) => {
          const index = first + i;
          const id = idOf(item);
          const selected = id === selectedId;
          return (
            <div
              key={id}
              role="row"
              aria-selected={selected}
              className={`finding-row${selected ? ' selected' : ''}`}
              style={{ top: index * rowHeight, height: rowHeight }}
              data-testid={rowTestId}
              data-id={id}
              onClick={() => onSelect(item)}
            >
              {renderRow(item, index)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
