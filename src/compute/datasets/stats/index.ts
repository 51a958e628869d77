export { computeDatasetStatistics, StatisticsAccumulator, type DatasetStatistics, type StatisticsSample } from './statistics';
export { lengthHistogram, medianFromCounts, niceWidth, type LengthHistogram } from './histogram';
export { computeDatasetStatisticsTask, type DatasetStatisticsParams, type DatasetStatisticsResult } from './task';
