export function buildNode(options?: { quiet?: boolean; testWorker?: boolean }): Promise<void>;
