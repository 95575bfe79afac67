// @mlrecipe/data: splits that respect the target distribution, scalers, parsers, audio features —
// plain TypeScript over typed arrays, no tensor library. Mini-batches as tensors are in
// '@mlrecipe/data/batches' (needs @mlrecipe/tensor); file loaders (Node only) in '@mlrecipe/data/node'.

export type { Features, LogMelOptions } from './audio/features.js';
// Audio front end: log-mel spectrograms and MFCCs
export { logMelSpectrogram, mfcc } from './audio/features.js';
export { dctMatrix, hzToMel, melFilterbank, melToHz } from './audio/mel.js';
// Sizes: how many dev examples resolve the difference you care about
export type { DevSizeOptions } from './dev_size_for.js';
export { devSizeFor } from './dev_size_for.js';
// Errors
export { DataFormatError, DataShapeError, SplitError } from './errors.js';
export type { ArrayData, FeatureInput, NumericArray } from './feature_matrix.js';
// Splits
export type { Fold, KFoldOptions } from './k_fold.js';
export { groupKFold, kFold, stratifiedKFold } from './k_fold.js';
export type { CsvOptions, NumericTable } from './loaders/csv.js';
export { parseCsv } from './loaders/csv.js';
// Parsers (bytes and text in, typed arrays out; Node and browsers)
export { parseIdx } from './loaders/idx.js';
export type { Image } from './loaders/image.js';
export { decodeImage, resizeBilinear } from './loaders/image.js';
export { minDevSize } from './min_dev_size.js';
export type { MismatchOptions, MismatchPart, MismatchSplit } from './mismatch_split.js';
export { mismatchSplit } from './mismatch_split.js';
export type { SplitFractions } from './recommend_fractions.js';
export { recommendFractions } from './recommend_fractions.js';
export type { FitOptions, FittedStandardizer } from './scalers.js';
// Input normalisation fitted on train
export { MinMaxScaler, Standardizer } from './scalers.js';
export type { Split, SplitCounts, SplitOptions } from './split_indices.js';
export { splitCounts, splitIndices } from './split_indices.js';
export type { DetectDifference } from './split_warnings.js';
export type { LabelMatrix } from './stratify.js';
export { takeRows } from './take_rows.js';
