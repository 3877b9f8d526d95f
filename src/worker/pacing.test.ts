import { describe, expect, it } from 'vitest';
import { ChunkSizer, RateMeter, Throttle } from './pacing';

describe('ChunkSizer', () => {
  it('grows at most twofold per chunk towards the time budget', () => {
    const sizer = new ChunkSizer(20, 64);
    expect(sizer.record(1, 1)).toBe(2);
    expect(sizer.record(2, 2)).toBe(4);
    expect(sizer.record(4, 4)).toBe(8);
    expect(sizer.record(8, 8)).toBe(16);
    expect(sizer.record(16, 16)).toBe(20);
  });

  it('shrinks when steps are slow and never goes below one', () => {
    const sizer = new ChunkSizer(20, 64);
    sizer.record(1, 1);
    sizer.record(2, 2);
    expect(sizer.record(4, 400)).toBe(1);
    expect(sizer.record(1, 1000)).toBe(1);
  });

  it('respects the maximum', () => {
    const sizer = new ChunkSizer(1000, 8);
    for (let i = 0; i < 10; i++) sizer.record(sizer.size, 0.01);
    expect(sizer.size).toBe(8);
  });
});

describe('RateMeter', () => {
  it('measures steps per second between marks', () => {
    const meter = new RateMeter(0);
    meter.mark(0, 0);
    expect(meter.mark(50, 500)).toBeCloseTo(100);
    expect(meter.mark(60, 1500)).toBeCloseTo(10);
  });

  it('keeps the last rate across a restart but does not count the gap', () => {
    const meter = new RateMeter(0);
    meter.mark(0, 0);
    meter.mark(100, 1000);
    meter.restart();
    expect(meter.mark(100, 60_000)).toBeCloseTo(100);
    expect(meter.mark(120, 61_000)).toBeCloseTo(20);
  });
});

describe('Throttle', () => {
  it('lets one event through per interval', () => {
    const throttle = new Throttle(50);
    expect(throttle.ready(0)).toBe(true);
    throttle.fire(0);
    expect(throttle.ready(49)).toBe(false);
    expect(throttle.ready(50)).toBe(true);
  });
});
