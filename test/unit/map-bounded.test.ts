import { mapBounded } from '../../src/service/map-bounded';

describe('mapBounded', () => {
  it('runs at most `concurrency` at once and keeps the items’ order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapBounded(Array.from({ length: 25 }, (_, i) => i), 4, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, (item * 7) % 5));
      running -= 1;
      return item * 2;
    });
    expect(most).toBe(4);
    expect(results).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
  });

  it('handles fewer items than lanes, and none', async () => {
    await expect(mapBounded([1], 10, async (n) => n)).resolves.toEqual([1]);
    await expect(mapBounded([], 10, async (n) => n)).resolves.toEqual([]);
  });
});
