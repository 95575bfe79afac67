// @mlrecipe/diagnostics: the recipe's reasoning as functions of what a team measures.

export type { DiagnoseInput, Diagnosis, Focus } from './diagnose.js';
// Bias, variance, data mismatch, dev overfitting and the next step
export { diagnose, NEXT_STEPS } from './diagnose.js';
export type { ErrorAnalysis, ErrorAnalysisRow, LabelNoiseAnalysis, ReviewedExample } from './error_analysis.js';
// Error analysis and label noise
export { errorAnalysis, labelNoiseAnalysis } from './error_analysis.js';
// Errors
export { DiagnosticsError } from './errors.js';
export type { Enlargement, GapEstimate, SplitName } from './gap_uncertainty.js';
export type { GradientCheckResult } from './gradient_check.js';
// Training health
export { gradientCheck } from './gradient_check.js';
export type { SplitMeasure } from './split_measure.js';
export type { GradientHealth, LearningCurvePoint, LossCurveIssue } from './training_health.js';
export { gradientHealth, learningCurve, lossCurveCheck } from './training_health.js';
