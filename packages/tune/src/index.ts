// @mlrecipe/tune: hyperparameter search on the right scales.

// Errors
export { TuneError } from './errors.js';
export type { SearchOptions, SearchResult, Trial } from './random_search.js';

// Searches (trials one at a time; parallel executors are to come)
export { coarseToFine, randomSearch } from './random_search.js';
export type { Dimension, Space } from './space.js';
// Search spaces
export { choice, intUniform, logUniform, oneMinusLogUniform, sampleSpace, uniform } from './space.js';
