/** Why an import refused a file or a row; `code` is stable, the message names file, place and reason. */
import { CodedError } from '../../../shared/coded-error';
export type ImportErrorCode =
  | 'INVALID_JSON'
  | 'MISSING_FIELD'
  | 'NOT_TEXT'
  | 'INVALID_UTF8'
  | 'EMPTY_FILE'
  | 'LINE_TOO_LONG'
  | 'DOCUMENT_TOO_LARGE'
  | 'UNTERMINATED_QUOTE'
  | 'UNSUPPORTED_FORMAT'
  | 'INVALID_PARQUET'
  | 'INVALID_OPTIONS'
  | 'NOT_A_FILE';

/** Row-level codes: under the `skip` policy these are counted and the row dropped. */
export const ROW_ERROR_CODES: ReadonlySet<ImportErrorCode> = new Set([
  'INVALID_JSON',
  'MISSING_FIELD',
  'NOT_TEXT',
  'INVALID_UTF8',
  'LINE_TOO_LONG',
]);

export class ImportError extends CodedError<ImportErrorCode> {
  constructor(
    code: ImportErrorCode,
    /** Source file path (or stream name). */
    readonly file: string,
    /** "line 12", "row 40", "file"; null for file-level errors with no position. */
    readonly locator: string | null,
    readonly reason: string,
  ) {
    super(code, `${file}${locator ? `, ${locator}` : ''}: ${reason}`);
  }

  get rowLevel(): boolean {
    return ROW_ERROR_CODES.has(this.code);
  }
}
