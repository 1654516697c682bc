// The hover's table of stack groups: sums per key across growth, the top groups largest first, and
// the first sample of each group kept as its example (checked against a plain Map).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StackGroups } from '../../server/src/profile/stackGroups';

test('stack groups sum per key through growth and give the largest first', () => {
  const groups = new StackGroups();
  const plain = new Map<number, { value: number; sample: number }>();
  let x = 7;
  for (let i = 0; i < 50_000; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const key = (x % 9000) * 2 ** 27 + (x % 977); // keys past 2^32, some equal
    const value = 1 + (x % 1000);
    groups.add(key, value, i);
    const g = plain.get(key);
    if (g) g.value += value;
    else plain.set(key, { value, sample: i });
  }
  const expected = [...plain.values()].sort((a, b) => b.value - a.value).slice(0, 10);
  assert.deepEqual(groups.top(10).map((g) => g.value), expected.map((g) => g.value));
  for (const g of groups.top(10)) assert.ok([...plain.values()].some((p) => p.sample === g.sample && p.value === g.value));
  assert.deepEqual(new StackGroups().top(3), []);
});
