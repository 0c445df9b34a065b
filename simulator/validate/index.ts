export { validateTopology, isValid, sortByDocumentOrder } from './validate';
export { schemaIssuesToFindings, countFindings, type Finding, type Severity } from './finding';
export { VALIDATION_CODES, type ValidationCode, type CodeInfo } from './codes';
