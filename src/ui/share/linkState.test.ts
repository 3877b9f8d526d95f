import { describe, expect, test } from 'vitest';
import { defaultConfig } from '../../core/config/defaults';
import { restoreConfig, useConfigStore } from '../../state/configStore';
import { isLessonId, LESSONS, lessonConfig } from '../../core/lessons';
import { setCompareSpecs, useCompareStore } from '../compare/compareStore';
import { applyLinkFromLocation, currentLink, linkStateFromStores, linkTextOf } from './linkState';
import { setHidden, setLesson, setViews, useShareStore } from './shareStore';
import { metricsCsv, resultsCsv } from './exportTables';
import { controlIdForPath } from './controls';

function snapshotStores() {
  const share = useShareStore.getState();
  return {
    config: useConfigStore.getState().config,
    specs: useCompareStore.getState().specs,
    views: share.views,
    hidden: share.hidden,
    lesson: share.lesson,
  };
}

describe('app state -> link -> app state', () => {
  test('exact, including runs, views, hidden controls and the lesson', () => {
    const config = lessonConfig(LESSONS[3]);
    config.data.rho = -0.35;
    config.train.methodOptions = { alpha: 1.5, mode: 'fast', on: true };
    restoreConfig(config, []);
    setCompareSpecs([
      { label: 'EW', method: 'ew' },
      { label: 'PCGrad & co', method: 'pcgrad', methodOptions: {} },
      { label: 'STL', architecture: 'stl', method: 'cagrad', methodOptions: { c: 0.4 } },
    ]);
    setViews(['compare', 'conflict']);
    setHidden(['rho', 'run-controls']);
    setLesson('loss-scale');
    const before = snapshotStores();
    const link = currentLink();

    // Scramble the stores, then read the link back.
    restoreConfig(defaultConfig(), []);
    setCompareSpecs([]);
    setViews(undefined);
    setHidden([]);
    setLesson(undefined);
    const ignored = applyLinkFromLocation({ search: '?backend=cpu', hash: `#${link}` }, isLessonId);
    expect(ignored).toEqual([]);
    expect(snapshotStores()).toEqual(before);
    expect(currentLink()).toBe(link);
  });

  test('an empty view list (all closed) differs from the default layout', () => {
    setViews([]);
    expect(linkStateFromStores().views).toEqual([]);
    setViews(undefined);
    expect(linkStateFromStores().views).toBeUndefined();
  });

  test('unknown and invalid fields fall back to defaults and are named', () => {
    const messages = applyLinkFromLocation(
      { search: '', hash: '#v=1&rho=banana&zzz=1&lesson=nope&T=2' },
      isLessonId,
    );
    expect(messages.join('\n')).toMatch(/rho/);
    expect(messages.join('\n')).toMatch(/zzz/);
    expect(messages.join('\n')).toMatch(/lesson: "nope"/);
    expect(useConfigStore.getState().config.data.rho).toBe(defaultConfig().data.rho);
    expect(useConfigStore.getState().config.data.tasks).toBe(2);
    expect(useShareStore.getState().linkNotice).toEqual(messages);
  });

  test('?backend= is not part of the link; a query link works without a hash', () => {
    expect(linkTextOf('?backend=webgpu', '')).toBe('');
    expect(linkTextOf('?backend=cpu&v=1&T=2', '')).toBe('v=1&T=2');
    expect(linkTextOf('?backend=cpu', '#v=1&T=4')).toBe('v=1&T=4');
  });
});

describe('exports and control ids', () => {
  test('metrics CSV has one column per task and split, blanks for NaN', () => {
    const csv = metricsCsv([{ step: 5, trainLoss: [1, 2], testLoss: [NaN, 3] }], ['a', 'b,c']);
    expect(csv).toBe('step,train_loss:a,"train_loss:b,c",test_loss:a,"test_loss:b,c"\n5,1,2,,3\n');
  });

  test('results CSV lists every run with its Δm', () => {
    const csv = resultsCsv(
      [
        {
          label: 'EW',
          architecture: 'shared-bottom',
          method: 'ew',
          step: 10,
          metrics: [{ loss: 0.5, r2: 0.9 }],
          deltaM: 12.5,
        },
      ],
      [{ name: 'task 1', kind: 'regression', outputs: 1 }],
    );
    expect(csv.split('\n')[1]).toBe('EW,shared-bottom,ew,10,0.5,0.9,12.5');
  });

  test('field paths map to their link keys', () => {
    expect(controlIdForPath('data.rho')).toBe('rho');
    expect(controlIdForPath('data.taskSpecs[2].degree')).toBe('deg');
    expect(controlIdForPath('nothing')).toBeUndefined();
  });
});
