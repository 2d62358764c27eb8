// The renderers, for commands to load in one lazy import. Every one is pure: data in, string out.
export { renderTree, emptyMessage, coverageNotes, UNATTACHED_HEADING, type TreeOptions } from './tree.js';
export { renderData, graphDocument, TREE_API_VERSION, type DataFormat, type GatewayTreeDocument } from './data.js';
export { renderDot, renderMermaid } from './dot.js';
export { renderFindingsTable, renderFindingsProse, summarizeFindings, subjectLabel } from './findings.js';
export { renderTable } from './table.js';
export { renderNames, objectName } from './names.js';
export { selectView, type GraphFilter, type GraphView } from './view.js';
export { shouldColor, useColor, type ColorContext, type Status } from './style.js';
