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

/** A decimal string as an exact { digits: BigInt, scale } (value = digits / 10^scale). */
function exact(text) {
  const [whole, fraction = ''] = String(text ?? '0').split('.');
  const negative = whole.startsWith('-');
  const digits = BigInt((whole.replace('-', '') || '0') + fraction);
  return { digits: negative ? -digits : digits, scale: fraction.length };
}

/** n / 10^shift rounded half-even to an integer (BigInt). */
function roundHalfEven(n, shift) {
  if (shift <= 0) return n * 10n ** BigInt(-shift);
  const divisor = 10n ** BigInt(shift);
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let quotient = abs / divisor;
  const twice = (abs % divisor) * 2n;
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/**
 * Exact amount × usdPerUnit products, summed without rounding and rounded once, half-even to cents,
 * as the summary does (services/Matching/Domain/Coverage.cs). add() takes decimal strings; cents() the sum.
 */
export function usdAccumulator() {
  let total = 0n;
  let scale = 0;
  return {
    add(amount, usdPerUnit) {
      const a = exact(amount);
      const r = exact(usdPerUnit);
      const productScale = a.scale + r.scale;
      const product = a.digits * r.digits;
      if (productScale > scale) { total *= 10n ** BigInt(productScale - scale); scale = productScale; }
      total += product * 10n ** BigInt(scale - productScale);
    },
    cents: () => roundHalfEven(total, scale - 2),
    usd() { return fromCents(this.cents()); },
  };
}

/** a / b as a number in [0, 1], for drawing only. */
export function ratio(a, b) {
  const denominator = Number(b);
  if (!(denominator > 0)) return 0;
  return Math.max(0, Math.min(1, Number(a) / denominator));
}
