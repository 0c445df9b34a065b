/**
 * Codes for problems found while loading a document. Fatal ones mean "not a topology document"
 * (CLI exit 2); schema ones are findings on a document whose shape is wrong.
 */
export const DOCUMENT_FATAL_CODES = {
  DOCUMENT_NOT_JSON: 'The file is not valid JSON.',
  DOCUMENT_NOT_TOPOLOGY: 'The JSON is not a vpclink topology document (no "format": "vpclink/topology").',
  DOCUMENT_VERSION_UNSUPPORTED: 'The document version is newer than this vpclink understands, or not a version at all.',
} as const;
export type DocumentFatalCode = keyof typeof DOCUMENT_FATAL_CODES;

export const SCHEMA_CODES = {
  REQUIRED_FIELD_MISSING: 'A required field is absent.',
  INVALID_TYPE: 'A field has the wrong JSON type (e.g. a number where text is expected).',
  INVALID_ENUM_VALUE: 'A field holds a value outside its allowed set (the message lists the allowed values).',
  INVALID_VALUE: 'A field holds a value the schema refuses (e.g. an empty list where one item is required).',
} as const;
export type SchemaCode = keyof typeof SCHEMA_CODES;
