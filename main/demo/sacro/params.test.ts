import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../../../shared/protocol/load';
import { SACRO } from '../../../shared/studies/sacro';
import { getStudy } from '../../../shared/studies/index';
import { demoParams } from './params';
import { calibrateScale } from '../random';

describe("the demo generator's distributions come from the definition", () => {
  it("reads SACRO's published share and pain scores from its demo.params", () => {
    const p = demoParams(getStudy('SACRO'));
    expect(p.indexShare).toBe(204 / 243);
    expect(p.score.index.pre).toEqual(calibrateScale(9.2, 1.1, 0, 10));
    expect(p.score.other.post1y).toEqual(calibrateScale(3.2, 2.6, 0, 10));
  });

  it('follows a changed definition, and refuses one that leaves a parameter out, naming it', () => {
    const def = structuredClone(SACRO) as { demo: { params: Record<string, unknown> } };
    def.demo.params.index_share = [1, 2];
    expect(demoParams(loadProtocol(def as never)).indexShare).toBe(0.5);
    delete def.demo.params.score_other_pre;
    expect(() => demoParams(loadProtocol(def as never))).toThrow(/demo\.params: score_other_pre:/);
  });
});
