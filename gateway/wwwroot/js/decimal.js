// Exact sums of API money amounts (decimal strings) in minor units, never floats.
const SCALE = 100n;

export function toCents(amount) {
  const [whole, fraction = ''] = String(amount ?? '0').split('.');
  const negative = whole.startsWith('-');
  const cents = BigInt(whole.replace('-', '') || '0') * SCALE + BigInt((fraction + '00').slice(0, 2));
  return negative ? -cents : cents;
}

export function fromCents(cents) {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / SCALE}.${String(abs % SCALE).padStart(2, '0')}`;
}

export const sum = (amounts) => fromCents(amounts.reduce((total, a) => total + toCents(a), 0n));

/** a / b as a number in [0, 1], for drawing only. */
export function ratio(a, b) {
  const denominator = Number(b);
  if (!(denominator > 0)) return 0;
  return Math.max(0, Math.min(1, Number(a) / denominator));
}
