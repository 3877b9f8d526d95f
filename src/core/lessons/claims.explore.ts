import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs';
import { tf } from '../tf';
import { runConfigs } from '../../worker/runsConfig';
import { ClaimMeasurer } from './claims';
import { LESSONS } from './lessons';
import { lessonConfig } from './presets';

await tf.setBackend('cpu');
const only = process.argv[2];
for (const lesson of LESSONS) {
  if (only && !only.split(',').includes(lesson.id)) continue;
  for (const seed of [1, 2, 3]) {
    const m = new ClaimMeasurer(lesson, lessonConfig(lesson), seed, (b, r) => runConfigs(b, [r])[0]);
    for (const claim of lesson.claims) {
      const t0 = Date.now();
      const r = await m.check(claim);
      console.log(`${lesson.id} seed ${seed} ${claim.id}: ${r.left.toFixed(4)} ${claim.op} ${r.right.toFixed(4)} ${r.holds ? 'OK' : 'FAILS'} (${Date.now() - t0} ms)`);
    }
  }
}
