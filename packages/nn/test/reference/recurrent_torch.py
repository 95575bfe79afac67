# Reference outputs and gradients for test/recurrent.test.ts, from PyTorch 1.13 in float64.
# Run: /usr/bin/python3 packages/nn/test/reference/recurrent_torch.py > /tmp/recurrent_reference.ts
# Inputs, weights and loss weights are closed-form (the test computes the same formulas), so only the
# results are constants. Layout mapping (ours → PyTorch): kernel W [D, G·H] = weight_ih_l0ᵀ,
# recurrentKernel U [H, G·H] = weight_hh_l0ᵀ, bias = bias_ih_l0 with bias_hh_l0 = 0 (simpleRnn, lstm);
# LSTM gate order i, f, g, o is the same in both; GRU: ours z, r, h, PyTorch r, z, n (swap the first two
# blocks), bias = bias_ih_l0 and recurrentBias = bias_hh_l0 (reset gate after the matmul in both).
import json
import math

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.set_default_dtype(torch.float64)
B, T, D, H = 3, 4, 3, 2
LENGTHS = [4, 2, 3]
GATES = {'simpleRnn': 1, 'gru': 3, 'lstm': 4}


def wave(n, f):
    return torch.tensor([f(k) for k in range(n)])


def param_value(j, n):
    return wave(n, lambda k: 0.4 * math.sin(0.7 * k + 1.1 * j + 0.3))


def inputs(masked):
    x = wave(B * T * D, lambda k: math.sin(0.5 * k + 0.2)).reshape(B, T, D)
    if masked:
        for b, n in enumerate(LENGTHS):
            x[b, n:] = 0
    return x


def swap_zr(m, axis):  # GRU blocks z, r, h ↔ r, z, n along `axis` (an involution)
    z, r, h = m.chunk(3, axis)
    return torch.cat([r, z, h], axis)


def our_params(cell, j0):
    G = GATES[cell]
    names = ['kernel', 'recurrentKernel', 'bias'] + (['recurrentBias'] if cell == 'gru' else [])
    shapes = {'kernel': (D, G * H), 'recurrentKernel': (H, G * H), 'bias': (G * H,), 'recurrentBias': (G * H,)}
    out = {}
    for j, name in enumerate(names):
        shape = shapes[name]
        out[name] = param_value(j0 + j, math.prod(shape)).reshape(shape)
    return out


def load(module, suffix, cell, p):
    perm = (lambda m, a: swap_zr(m, a)) if cell == 'gru' else (lambda m, a: m)
    with torch.no_grad():
        getattr(module, 'weight_ih_l0' + suffix).copy_(perm(p['kernel'], 1).T)
        getattr(module, 'weight_hh_l0' + suffix).copy_(perm(p['recurrentKernel'], 1).T)
        getattr(module, 'bias_ih_l0' + suffix).copy_(perm(p['bias'], 0))
        getattr(module, 'bias_hh_l0' + suffix).copy_(perm(p['recurrentBias'], 0) if cell == 'gru' else 0)


def grads(module, suffix, cell, prefix):
    perm = (lambda m, a: swap_zr(m, a)) if cell == 'gru' else (lambda m, a: m)
    g = lambda n: getattr(module, n + suffix).grad
    out = {
        prefix + 'kernel': perm(g('weight_ih_l0').T, 1),
        prefix + 'recurrentKernel': perm(g('weight_hh_l0').T, 1),
        prefix + 'bias': perm(g('bias_ih_l0'), 0),
    }
    if cell == 'gru':
        out[prefix + 'recurrentBias'] = perm(g('bias_hh_l0'), 0)
    return out


def case(cell, mode):
    bidir = mode == 'bidirectional'
    module = {'simpleRnn': torch.nn.RNN, 'gru': torch.nn.GRU, 'lstm': torch.nn.LSTM}[cell](
        D, H, batch_first=True, bidirectional=bidir
    )
    load(module, '', cell, our_params(cell, 0))
    n_params = 4 if cell == 'gru' else 3
    if bidir:
        load(module, '_reverse', cell, our_params(cell, n_params))
    x = inputs(mode != 'sequence').requires_grad_(True)
    extra = {}
    if mode == 'sequence':
        h0 = wave(B * H, lambda k: 0.3 * math.cos(0.9 * k)).reshape(1, B, H).requires_grad_(True)
        c0 = wave(B * H, lambda k: 0.2 * math.sin(1.7 * k + 0.5)).reshape(1, B, H).requires_grad_(True)
        state = (h0, c0) if cell == 'lstm' else h0
        out, _ = module(x, state)
        extra = {'h0': h0} | ({'c0': c0} if cell == 'lstm' else {})
    else:
        packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
        out, hn = module(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=T)
        if mode == 'masked':
            out = (hn[0] if cell == 'lstm' else hn)[0]  # last real step's h, [B, H]
    weights = wave(out.numel(), lambda k: math.cos(0.3 * k + 0.1)).reshape(out.shape)
    (out * weights).sum().backward()
    result = {'output': out, 'x': x.grad}
    result |= grads(module, '', cell, 'forward/' if bidir else '')
    if bidir:
        result |= grads(module, '_reverse', cell, 'backward/')
    result |= {k: v.grad for k, v in extra.items()}
    return {k: [float(f'{v:.9g}') for v in t.detach().flatten().tolist()] for k, t in result.items()}


print(f'// torch {torch.__version__}')
reference = {f'{cell}/{mode}': case(cell, mode) for cell in GATES for mode in ['sequence', 'masked', 'bidirectional']}
print('export const RECURRENT_REFERENCE: Record<string, Record<string, number[]>> = ' + json.dumps(reference) + ';')
