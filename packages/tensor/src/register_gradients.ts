// Registers every gradient and chained op (`x.square()`) of tfjs-core, so that `tf.grad` and
// `tf.variableGrads` work with tfjs-core alone. In Node, tfjs-core's CJS build registers neither;
// the `#registrations` import map picks a bundled copy there and tfjs-core's own ESM modules elsewhere.
import '#registrations';
