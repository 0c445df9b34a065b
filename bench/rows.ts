/** Rows of the UI and apply tables (the per-size rows live in sizeBench.ts). */

export const UI_ROWS = [
  { key: 'uiFirstRender', label: 'Chromium: first full render' },
  { key: 'uiNodesDrawn', label: 'Chromium: nodes in the DOM after render' },
  { key: 'uiPanFrameMedian', label: 'Chromium: frame time while panning by drag (median)' },
  { key: 'uiPanFrameP95', label: 'Chromium: frame time while panning by drag (p95)' },
  { key: 'uiPanFrameMax', label: 'Chromium: frame time while panning by drag (max)' },
  { key: 'uiZoomFrameP95', label: 'Chromium: frame time while zooming into detail and out (p95)' },
  { key: 'uiZoomFrameMax', label: 'Chromium: frame time while zooming into detail and out (max)' },
  { key: 'uiEditToScreen', label: 'Chromium: edit → verdict on screen (median)' },
  { key: 'uiEditCompute', label: 'Chromium: edit → verdict, worker compute (median)' },
] as const;
export type UiRowKey = (typeof UI_ROWS)[number]['key'];

export const APPLY_ROWS = [
  { key: 'crossWall', label: 'apply cross-account example: wall time' },
  { key: 'crossCritical', label: 'apply cross-account example: critical path' },
  { key: 'crossRatio', label: 'apply cross-account example: wall / critical path' },
  { key: 'crossCalls', label: 'apply cross-account example: API calls (minimum)' },
  { key: 'pairsWall', label: 'apply 20 VPC pairs at once: wall time' },
  { key: 'pairsCritical', label: 'apply 20 VPC pairs at once: critical path' },
  { key: 'pairsRatio', label: 'apply 20 VPC pairs at once: wall / critical path' },
  { key: 'pairsCalls', label: 'apply 20 VPC pairs at once: API calls (minimum)' },
  { key: 'importWall', label: 'import of L from the sandbox: wall time' },
  { key: 'importCalls', label: 'import of L from the sandbox: API calls (minimum)' },
] as const;
export type ApplyRowKey = (typeof APPLY_ROWS)[number]['key'];
