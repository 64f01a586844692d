// Small line icons drawn as SVG: the symbols they stand for (🔒, ⛶) are emoji that many Linux machines have no font
// for, and the app ships no fonts (offline), so they would show as empty boxes.
const box = { width: '1em', height: '1em', viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.6, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

export function LockIcon({ open = false, title }: { open?: boolean; title?: string }) {
  return (
    <svg {...box} className="icon" role={title ? 'img' : undefined} aria-label={title} aria-hidden={title ? undefined : true}>
      {title && <title>{title}</title>}
      <rect x="3" y="7" width="10" height="7.5" rx="1.2" />
      <path d={open ? 'M5.5 7V4.8a2.5 2.5 0 0 1 4.9-.7' : 'M5.5 7V4.8a2.5 2.5 0 0 1 5 0V7'} />
    </svg>
  );
}

export function ScreenIcon() {
  return (
    <svg {...box} className="icon" aria-hidden>
      <rect x="1.5" y="2.5" width="13" height="8.5" rx="1" />
      <path d="M8 11v2.5M5 14h6" />
    </svg>
  );
}

export function FullscreenIcon() {
  return (
    <svg {...box} className="icon" aria-hidden>
      <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" />
    </svg>
  );
}
