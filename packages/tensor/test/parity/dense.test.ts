import { parityTests } from './parity_suite.js';

parityTests('dense');
