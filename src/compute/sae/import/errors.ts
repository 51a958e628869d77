/** Why an SAE folder cannot be imported; the message names the file and what to do. */
export type SaeImportCode =
  | 'SAE_IMPORT_NOT_A_FOLDER'
  | 'SAE_IMPORT_CFG'
  | 'SAE_IMPORT_WEIGHTS'
  | 'SAE_IMPORT_SHAPE'
  | 'SAE_IMPORT_ARCHITECTURE'
  | 'SAE_IMPORT_UNSUPPORTED';

export class SaeImportError extends Error {
  constructor(
    readonly code: SaeImportCode,
    message: string,
  ) {
    super(message);
    this.name = 'SaeImportError';
  }
}
