import { tf, useBackend } from '@mlrecipe/tensor';
import { createRng, heVariable, zerosVariable, adam } from './lib/manual_training.mjs';
await useBackend('wasm', { threads: Number(process.env.T ?? 1) });
const rng = createRng(2);
const params = [heVariable([3,3,1,16],9,rng), zerosVariable([16]), heVariable([3,3,16,32],144,rng), zerosVariable([32]), heVariable([7*7*32,10],7*7*32,rng), zerosVariable([10])];
const [k1,c1,k2,c2,w,b] = params;
const forward = (x) => { let h = tf.relu(tf.add(tf.conv2d(x,k1,1,'same'),c1)); h = tf.maxPool(h,2,2,'valid'); h = tf.relu(tf.add(tf.conv2d(h,k2,1,'same'),c2)); h = tf.maxPool(h,2,2,'valid'); return tf.add(tf.matMul(tf.reshape(h,[-1,7*7*32]),w),b); };
const opt = adam(params);
const x = tf.randomUniform([64,28,28,1]); const y = tf.randomUniform([64],0,10,'int32');
const step = () => { const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y,10), forward(x)), params); opt.step(grads); value.dataSync(); tf.dispose([value, ...Object.values(grads)]); };
for (let i=0;i<10;i++) step();
const t0=performance.now(); for (let i=0;i<30;i++) step(); console.log('ms/step',(performance.now()-t0)/30);
const prof = await tf.profile(() => { for (let i=0;i<10;i++) step(); });
const agg={}; for (const k of prof.kernels) { const a=(agg[k.name]??={ms:0,n:0}); a.ms+=k.kernelTimeMs; a.n++; }
let tot=0; for (const a of Object.values(agg)) tot+=a.ms; console.log('kernel ms/step',(tot/10).toFixed(2),'calls',prof.kernels.length/10);
for (const [n,a] of Object.entries(agg).sort((a,b)=>b[1].ms-a[1].ms).slice(0,16)) console.log(n.padEnd(24),(a.ms/10).toFixed(3),a.n/10);
for (const k of prof.kernels.slice(0,200).filter(k=>/Conv|Pool|Sum/.test(k.name))) console.log(k.name, k.inputShapes.map(s=>JSON.stringify(s)).join(' '), k.kernelTimeMs.toFixed(3));
