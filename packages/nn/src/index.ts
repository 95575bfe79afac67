// @mlrecipe/nn: layers, activations, initialisers, losses and models with explicit parameters.

export type { ActivationName } from './activations.js';
// Activations and initialisers
export { activation, leakyRelu, linear, relu, sigmoid, softmax, tanh } from './activations.js';
// Losses
export type { CtcBeam, CtcDecodeOptions } from './ctc_decode.js';
export { ctcBeamDecode, ctcGreedyDecode } from './ctc_decode.js';
export type { CtcLossOptions } from './ctc_loss.js';
export { ctcLoss } from './ctc_loss.js';
// Errors
export { NnError, NnShapeError } from './errors.js';
// Graph models (functional API): named inputs, layer calls, branches, skip connections, shared layers
export type { GraphConfig, GraphRef } from './graph/graph_config.js';
export { graphFromConfig, graphModel } from './graph/graph_model.js';
export type { GraphLayer, SymbolicTensor } from './graph/symbolic.js';
export { connect, input } from './graph/symbolic.js';
export type { Initializer } from './initializers.js';
export { glorotUniform, he, initializer, randomNormal, xavier, zeros } from './initializers.js';
// Interop with TensorFlow.js: export to and import from the tfjs-layers (Keras) format
export type { UnsupportedLayer } from './interop/errors.js';
export { UnsupportedLayerError } from './interop/errors.js';
export type { ImportedModel } from './interop/from_layers_model.js';
export { importLayersModel } from './interop/from_layers_model.js';
export { toLayersArtifacts } from './interop/to_layers_model.js';
export { activationLayer } from './layers/activation_layer.js';
export { batchNorm } from './layers/batch_norm.js';
// Recurrent layers
export type { BidirectionalMerge } from './layers/bidirectional.js';
export { bidirectional } from './layers/bidirectional.js';
export type { Conv1dOptions } from './layers/conv1d.js';
export { conv1d } from './layers/conv1d.js';
export type { Conv2dOptions, PoolOptions } from './layers/conv2d.js';
export { avgPool2d, conv2d, flatten, maxPool2d } from './layers/conv2d.js';
export type { DenseOptions } from './layers/dense.js';
// Layers
export { dense } from './layers/dense.js';
export { dropout } from './layers/dropout_layer.js';
export type { EmbeddingOptions } from './layers/embedding.js';
export { embedding } from './layers/embedding.js';
export { globalAveragePool1d, globalAveragePool2d } from './layers/global_average_pool.js';
// A pretrained tfjs GraphModel as a frozen feature extractor
export type { GraphModelLike, GraphTrunkOptions } from './layers/graph_trunk.js';
export { GRAPH_TRUNK_KIND, graphTrunk } from './layers/graph_trunk.js';
export { gru } from './layers/gru.js';
export type { CallContext, InitialTensor, Layer } from './layers/layer.js';
export { layerNorm } from './layers/layer_norm.js';
export { lstm } from './layers/lstm.js';
export type { ConcatenateOptions, MergeLayer } from './layers/merge.js';
export { add, concatenate } from './layers/merge.js';
export type { RecurrentLayer, RecurrentOptions, RecurrentResult, RecurrentRunOptions } from './layers/recurrent.js';
export { simpleRnn } from './layers/simple_rnn.js';
export { binaryCrossEntropy, maskedSigmoidCrossEntropy, meanSquaredError, softmaxCrossEntropy } from './losses.js';
export { orthogonal } from './orthogonal.js';
// Saving and loading (file handler for Node in '@mlrecipe/nn/node')
export type { SaveOptions } from './save_load.js';
export { loadModel, saveModel } from './save_load.js';
export type { ApplyOptions, InputShape, Model, ModelConfig, ModelInput, ModelVariables } from './sequential.js';
// Models
export { sequential, valueAndGrads } from './sequential.js';
export type { LossWeights } from './weighted_losses.js';
export { weightedBinaryCrossEntropy, weightedSoftmaxCrossEntropy } from './weighted_losses.js';
