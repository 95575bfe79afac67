# Run by metrics.bench.mjs: times scikit-learn / numpy on the same labels, prints JSON.
import json, sys, time
import numpy as np
from sklearn import metrics as M

def median_ms(fn, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)[len(times) // 2]

def choice_split(n):
    # numpy's fastest full split: draw the 2 % held out, then the training complement via a mask.
    held = np.random.default_rng(0).choice(n, int(0.02 * n), replace=False)
    mask = np.ones(n, dtype=bool)
    mask[held] = False
    return np.flatnonzero(mask), np.sort(held[: n // 100]), np.sort(held[n // 100 :])

folder, n = sys.argv[1], int(sys.argv[2])
bt = np.fromfile(f'{folder}/binary_true.u8', dtype=np.uint8)
bp = np.fromfile(f'{folder}/binary_pred.u8', dtype=np.uint8)
mt = np.fromfile(f'{folder}/multi_true.u8', dtype=np.uint8)
mp = np.fromfile(f'{folder}/multi_pred.u8', dtype=np.uint8)
out = {
    'f1 binary': median_ms(lambda: M.f1_score(bt, bp)),
    'precision+recall+f1 binary': median_ms(lambda: M.precision_recall_fscore_support(bt, bp, average='binary')),
    'confusion matrix 10-class': median_ms(lambda: M.confusion_matrix(mt, mp)),
    'f1 macro 10-class': median_ms(lambda: M.f1_score(mt, mp, average='macro')),
    'split 98/1/1 (numpy permutation + slices)': median_ms(lambda: np.split(np.random.default_rng(0).permutation(n), [int(0.98 * n), int(0.99 * n)])),
    'split 98/1/1 (numpy choice + mask complement)': median_ms(lambda: choice_split(n)),
}
check = {'f1 binary': float(M.f1_score(bt, bp)), 'f1 macro 10-class': float(M.f1_score(mt, mp, average='macro'))}
print(json.dumps({'ms': out, 'values': check, 'sklearn': __import__('sklearn').__version__, 'numpy': np.__version__}))
