/** The renderer's formatters are the shared ones (one format for sizes, counts and times everywhere). */
export { formatBytes, formatClock, formatCount, formatDateTime, formatRate } from '../../shared/format';
