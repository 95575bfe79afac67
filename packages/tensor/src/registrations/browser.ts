// Browsers and bundlers load tfjs-core's ESM build, whose registration modules can be imported
// directly and share the app's single copy of tfjs-core.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
