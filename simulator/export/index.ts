/**
 * Exports of a document (`vpclink export`, topology-format.md §4.3): Terraform HCL for the
 * alicloud provider, draw.io, and a standalone SVG — all pure text, no DOM.
 */
export { exportDrawio } from './drawio';
export { exportSvg } from './svg';
export { exportTerraform } from './terraform';
export { layoutDiagram } from './layout';
