/** Small line icons as inline SVG (no icon font or emoji font is assumed on the machine). */
import type { ReactElement } from 'react';

const PATHS: Record<string, ReactElement> = {
  new: <path d="M4 2h6l3 3v9H4zM10 2v3h3M8.5 7.5v4M6.5 9.5h4" />,
  open: <path d="M2 4h4l1.5 1.5H14V13H2zM2 7h12" />,
  save: <path d="M3 2h8l2 2v10H3zM5 2v4h6V2M5 14v-4h6v4" />,
  saveAs: <path d="M3 2h7l2 2v4M3 2v12h5M5 2v4h5V2M10 14l4-4-1.5-1.5-4 4V14z" />,
  import: <path d="M8 2v8M5 7l3 3 3-3M3 12v2h10v-2" />,
  undo: <path d="M5 4L2 7l3 3M2 7h8a4 4 0 010 8H7" />,
  redo: <path d="M11 4l3 3-3 3M14 7H6a4 4 0 000 8h3" />,
  delete: <path d="M3 4h10M6 4V2h4v2M4.5 4l.7 10h5.6l.7-10M7 6.5v5M9 6.5v5" />,
  fit: <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" />,
  layout: <path d="M2 2h5v5H2zM9 2h5v3H9zM9 7h5v7H9zM2 9h5v5H2z" />,
  export: <path d="M8 10V2M5 5l3-3 3 3M3 9v5h10V9" />,
  apply: <path d="M4.5 2.5l8.5 5.5-8.5 5.5z" />,
  account: <path d="M8 8a3 3 0 100-6 3 3 0 000 6zM2.5 14.5c.5-3 2.8-4.5 5.5-4.5s5 1.5 5.5 4.5" />,
  vpc: <path d="M4.5 12.5h7.5a2.5 2.5 0 00.3-5A4 4 0 004.6 6.3 3.1 3.1 0 004.5 12.5z" />,
  vSwitch: <path d="M2 5h12v6H2zM4.5 8h1M7 8h1M9.5 8h1" />,
  instance: <path d="M3 2.5h10v4H3zM3 9.5h10v4H3zM5 4.5h.5M5 11.5h.5" />,
  securityGroup: <path d="M8 1.8l5 2v4c0 3-2.2 5.2-5 6.4-2.8-1.2-5-3.4-5-6.4v-4z" />,
};

export function Icon({ name, size = 15 }: { readonly name: keyof typeof PATHS | string; readonly size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {PATHS[name] ?? null}
    </svg>
  );
}
