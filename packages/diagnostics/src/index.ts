// biome-ignore-all assist/source/organizeImports: the table of contents is grouped by concept, not by file name
// @mlrecipe/diagnostics: the recipe's reasoning as functions of what a team measures, on plain numbers
// (no tensor library). Gradient checking, which runs the model, is in '@mlrecipe/diagnostics/gradients'.

// Bias, variance, data mismatch, dev overfitting and the next step, with intervals when set sizes are known
export type { DiagnoseInput, Diagnosis, Focus } from './diagnose.js';
export { diagnose, NEXT_STEPS } from './diagnose.js';
export type { Enlargement, GapEstimate, SplitName } from './gap_uncertainty.js';
export type { SplitMeasure } from './split_measure.js';

// Error analysis and label noise
export type { ErrorAnalysis, ErrorAnalysisRow, LabelNoiseAnalysis, ReviewedExample } from './error_analysis.js';
export { errorAnalysis, labelNoiseAnalysis } from './error_analysis.js';

// Training health
export type { GradientHealth, LearningCurvePoint, LossCurveIssue } from './training_health.js';
export { gradientHealth, learningCurve, lossCurveCheck } from './training_health.js';

// Errors
export { DiagnosticsError } from './errors.js';
