# Run by mlp.bench.mjs and cnn.bench.mjs: trains the same network on the same Fashion-MNIST rows with
# PyTorch (Debian python3-torch) on a given number of CPU threads, prints JSON {samplesPerSecond, loss}.
# usage: /usr/bin/python3 torch_side.py mlp|cnn <threads> <samples> <batchSize>
import gzip, json, sys, time
import numpy as np
import torch
from torch import nn

model_name, threads, samples, batch_size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(1)
folder = '/usr/share/datasets/fashion-mnist'
with gzip.open(f'{folder}/train-images-idx3-ubyte.gz') as f:
    images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)[:samples].astype(np.float32) / 255
with gzip.open(f'{folder}/train-labels-idx1-ubyte.gz') as f:
    labels = np.frombuffer(f.read(), np.uint8, offset=8)[:samples].astype(np.int64)

if model_name == 'mlp':
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    x_all = torch.from_numpy(images)
else:
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 32, 10))
    x_all = torch.from_numpy(images).reshape(-1, 1, 28, 28)
y_all = torch.from_numpy(labels)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-8)
loss_fn = nn.CrossEntropyLoss()

def epoch(n):
    loss = None
    for start in range(0, n - batch_size + 1, batch_size):
        x, y = x_all[start:start + batch_size], y_all[start:start + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    return float(loss)

epoch(batch_size * 4)  # warm-up, as the JavaScript side does
start = time.perf_counter()
loss = epoch(samples)
seconds = time.perf_counter() - start
print(json.dumps({'samplesPerSecond': (samples // batch_size) * batch_size / seconds, 'loss': loss, 'threads': threads}))
