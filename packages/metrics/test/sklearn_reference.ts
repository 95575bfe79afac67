// Reference values computed once with scikit-learn 1.2.1 (Debian python3-sklearn) under
// /usr/bin/python3, by the calls named beside each value. Inputs are written here as given to it.

export const MULTICLASS = {
  yTrue: [0, 1, 2, 2, 1, 0, 1, 2, 2, 0, 1, 1, 2, 0, 3, 3, 1, 2, 0, 1],
  yPred: [0, 2, 2, 2, 1, 0, 0, 2, 1, 0, 1, 1, 2, 1, 3, 0, 1, 0, 0, 2],
  // confusion_matrix(yTrue, yPred)
  confusion: [
    [4, 1, 0, 0],
    [1, 4, 2, 0],
    [1, 1, 4, 0],
    [1, 0, 0, 1],
  ],
  accuracy: 0.65, // accuracy_score
  // precision_recall_fscore_support(yTrue, yPred, average=...) and fbeta_score(..., beta=2)
  micro: { precision: 0.65, recall: 0.65, f1: 0.65, f2: 0.6500000000000001 },
  macro: { precision: 0.7261904761904762, recall: 0.6345238095238095, f1: 0.6538461538461537, f2: 0.6377995642701524 },
  weighted: { precision: 0.6761904761904761, recall: 0.65, f1: 0.6487179487179487, f2: 0.6466230936819172 },
  none: {
    precision: [0.5714285714285714, 0.6666666666666666, 0.6666666666666666, 1.0],
    recall: [0.8, 0.5714285714285714, 0.6666666666666666, 0.5],
    f1: [0.6666666666666666, 0.6153846153846153, 0.6666666666666666, 0.6666666666666666],
    f2: [0.7407407407407408, 0.588235294117647, 0.6666666666666666, 0.5555555555555556],
  },
  // classification_report(yTrue, yPred, digits=4)
  reportDigits4: `              precision    recall  f1-score   support

           0     0.5714    0.8000    0.6667         5
           1     0.6667    0.5714    0.6154         7
           2     0.6667    0.6667    0.6667         6
           3     1.0000    0.5000    0.6667         2

    accuracy                         0.6500        20
   macro avg     0.7262    0.6345    0.6538        20
weighted avg     0.6762    0.6500    0.6487        20
`,
};

export const BINARY = {
  yTrue: [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1],
  yPred: [1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1],
  scores: [0.9, 0.1, 0.4, 0.8, 0.35, 0.6, 0.7, 0.2, 0.95, 0.4, 0.05, 0.4],
  precision: 0.8333333333333334, // precision_score
  recall: 0.7142857142857143, // recall_score
  f1: 0.7692307692307692, // f1_score
  f05: 0.8064516129032258, // fbeta_score(beta=0.5)
  precisionPositive0: 0.6666666666666666, // precision_score(pos_label=0)
  rocAuc: 0.9142857142857144, // roc_auc_score(yTrue, scores)
  averagePrecision: 0.9464285714285714, // average_precision_score(yTrue, scores)
};

export const ZERO_DIVISION = {
  yTrue: [0, 0, 1, 1],
  yPred: [0, 0, 0, 0],
  precision0: 0, // precision_score(zero_division=0)
  precision1: 1, // precision_score(zero_division=1)
  f1With0: 0, // f1_score(zero_division=0)
  f1With1: 0, // f1_score(zero_division=1)
  macroPrecision1: 0.75, // precision_score(average='macro', zero_division=1)
};

export const MULTILABEL = {
  yTrue: [
    [1, 0, 1],
    [0, 1, 0],
    [1, 1, 0],
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 1],
  ],
  yPred: [
    [1, 0, 0],
    [0, 1, 0],
    [1, 0, 0],
    [0, 1, 1],
    [1, 0, 1],
    [0, 1, 1],
  ],
  scores: [
    [0.9, 0.2, 0.4],
    [0.1, 0.8, 0.3],
    [0.7, 0.45, 0.2],
    [0.3, 0.6, 0.9],
    [0.8, 0.1, 0.55],
    [0.2, 0.7, 0.8],
  ],
  // multilabel_confusion_matrix(yTrue, yPred)
  mcm: [
    [
      [3, 0],
      [0, 3],
    ],
    [
      [2, 1],
      [1, 2],
    ],
    [
      [2, 1],
      [1, 2],
    ],
  ],
  subsetAccuracy: 0.3333333333333333, // accuracy_score
  // precision_score / recall_score / f1_score with average=...
  micro: { precision: 0.7777777777777778, recall: 0.7777777777777778, f1: 0.7777777777777778 },
  macro: { precision: 0.7777777777777777, recall: 0.7777777777777777, f1: 0.7777777777777777 },
  weighted: { precision: 0.7777777777777778, recall: 0.7777777777777778, f1: 0.7777777777777778 },
  samples: { precision: 0.8333333333333334, recall: 0.8333333333333334, f1: 0.7777777777777777 },
  rocAucMacro: 0.9259259259259259, // roc_auc_score(average='macro')
  rocAucMicro: 0.9506172839506173, // roc_auc_score(average='micro')
  apMacro: 0.9444444444444443, // average_precision_score(average='macro')
  apMicro: 0.9575757575757576, // average_precision_score(average='micro')
};

export const MULTICLASS_SCORES = {
  // numpy.random.RandomState(0).rand(20, 4), rows normalised to sum 1, rounded to 3 decimals.
  scores: [
    [0.228, 0.297, 0.25, 0.226],
    [0.177, 0.269, 0.182, 0.372],
    [0.361, 0.144, 0.297, 0.198],
    [0.344, 0.56, 0.043, 0.053],
    [0.008, 0.333, 0.311, 0.348],
    [0.324, 0.265, 0.153, 0.258],
    [0.064, 0.347, 0.078, 0.512],
    [0.264, 0.21, 0.134, 0.392],
    [0.275, 0.342, 0.011, 0.372],
    [0.214, 0.216, 0.331, 0.239],
    [0.231, 0.281, 0.449, 0.039],
    [0.398, 0.4, 0.125, 0.077],
    [0.187, 0.215, 0.338, 0.26],
    [0.677, 0.07, 0.143, 0.11],
    [0.404, 0.157, 0.288, 0.151],
    [0.149, 0.104, 0.617, 0.13],
    [0.133, 0.249, 0.553, 0.065],
    [0.352, 0.04, 0.41, 0.197],
    [0.414, 0.256, 0.313, 0.017],
    [0.346, 0.147, 0.362, 0.145],
  ],
  // mean over c of roc_auc_score(yTrue == c, scores[:, c]): one-vs-rest macro (MULTICLASS.yTrue)
  rocAucOvrMacro: 0.5336294261294262,
};
