/**
 * The demo's users: a fixed pool of teachers and students with Zipf-like activity, each with one
 * device (a browser or a phone) so their streams and user agents stay consistent over the weeks.
 */
import { ANDROID_VERSIONS, BROWSERS, IOS_VERSIONS } from './catalog';
import { Rng, mixSeed, zipfTable } from './rng';

export type Platform = 'web' | 'ios' | 'android';

export const USER_COUNT = 2_000;
/** Users at the schools that piloted the assignment dashboard before its release. */
const PILOT_STRIDE = 5;

export class UserPool {
  /** Indexed by activity rank: rank 0 is the busiest user. */
  readonly ids: number[] = [];
  readonly platform: Platform[] = [];
  /** Log stream of the user's device: `browser/…`, `ios/…`, `android/…`. */
  readonly stream: string[] = [];
  /** `Chrome 131`, `iOS 18.1`, … */
  readonly agent: string[] = [];
  private readonly everyone = zipfTable(USER_COUNT, 0.9, 5);
  private readonly pilot = zipfTable(Math.floor(USER_COUNT / PILOT_STRIDE), 0.8, 3);

  constructor(seed: number) {
    const rng = new Rng(mixSeed(seed, 0x05e7));
    const ids = Array.from({ length: USER_COUNT }, (_, i) => 10_000 + i * 7 + rng.int(7));
    for (let i = ids.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    for (let rank = 0; rank < USER_COUNT; rank++) {
      const r = rng.next();
      const platform: Platform = r < 0.64 ? 'web' : r < 0.84 ? 'ios' : 'android';
      this.ids.push(ids[rank]);
      this.platform.push(platform);
      this.stream.push(`${platform === 'web' ? 'browser' : platform}/${rng.hex(8)}`);
      this.agent.push(rng.pick(platform === 'web' ? BROWSERS : platform === 'ios' ? IOS_VERSIONS : ANDROID_VERSIONS));
    }
  }

  /** A user rank, busy users more often. */
  pick(rng: Rng): number {
    return this.everyone.pick(rng);
  }

  /** A user rank from the dashboard pilot schools. */
  pickPilot(rng: Rng): number {
    return this.pilot.pick(rng) * PILOT_STRIDE + 2;
  }
}
