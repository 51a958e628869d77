/** Plain data shared by the hub client's parts (structured-clonable: crosses MessagePorts). */

export type RepoKind = 'model' | 'dataset';

export interface RepoFile {
  /** Path inside the repo, e.g. "onnx/model_fp16.onnx". */
  path: string;
  /** Bytes (the real file's size for LFS files); absent when the hub did not say. */
  size?: number;
  /** Lowercase hex SHA-256 of the content, known for LFS files. */
  sha256?: string;
}

export interface RepoListing {
  kind: RepoKind;
  repo: string;
  /** The commit the requested revision resolved to (40 hex). */
  sha: string;
  files: RepoFile[];
}

/** Progress of a multi-file download; bytes throughout. */
export interface DownloadProgress {
  file: string;
  loadedBytes: number;
  totalBytes: number;
  overallLoaded: number;
  overallTotal: number;
}

export interface DownloadResult {
  kind: RepoKind;
  repo: string;
  sha: string;
  /** The cache folder holding the files: <cacheDir>/<kind>s/<owner>--<name>/<sha>. */
  dir: string;
  /** Repo path → absolute path on disk. */
  files: Record<string, string>;
  /** True when nothing was fetched because the hub was unreachable or `offline` set. */
  fromCache: boolean;
}
