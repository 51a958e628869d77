/** Hugging Face Hub client for worker threads (docs/models.md, "Layout and import"): listing, cached resumable downloads. */
export { DEFAULT_ENDPOINT, HubClient, type DownloadOptions, type HubClientOptions, type Resolved } from './client';
export { HubError, isHubError, type HubErrorCode } from './errors';
export { PARQUET_REVISION } from './listing';
export { DTYPE_SUFFIX, modelDtypes, selectModelFiles, type DtypeOffer, type ModelDtype } from './select';
export { abortOnCancel, reportDownloadProgress } from './task-bridge';
export type { DownloadProgress, DownloadResult, RepoFile, RepoKind, RepoListing } from './types';
