import { parityTests } from './parity_suite.js';

parityTests('conv2d');
