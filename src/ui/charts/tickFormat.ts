/**
 * Axis tick labels without SI prefixes: d3's default log-axis format writes 1e-5 as "10µ" and
 * 0.1 as "100m", which reads as micrometres and metres. Values between 0.001 and 100,000 are
 * written plainly ("0.05", "2,000"); outside that range as a power of ten ("10⁻⁵") or a mantissa
 * times one ("2×10⁻⁵").
 */
const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

const superscript = (exponent: number): string =>
  String(exponent)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('');

const plain = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) return plain.format(value).replace('-', '−');
  const exponent = Math.floor(Math.log10(magnitude) + 1e-9);
  const mantissa = Number((value / 10 ** exponent).toPrecision(3));
  const power = `10${superscript(exponent)}`;
  if (mantissa === 1) return power;
  if (mantissa === -1) return `−${power}`;
  return `${String(mantissa).replace('-', '−')}×${power}`;
}
