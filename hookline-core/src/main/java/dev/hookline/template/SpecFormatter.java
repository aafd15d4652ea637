package dev.hookline.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Python's {@code str(value)} and {@code format(value, spec)} for JSON values, producing the same
 * characters CPython does for {@code int} (Long, BigInteger), {@code float} (Double) and {@code
 * str} values.
 *
 * <p>Rounding is round-half-even on the exact binary value of the double, as CPython's dtoa does:
 * {@code format(2.675, '.2f')} is {@code 2.67} because 2.675 is stored as 2.67499999...; {@code new
 * BigDecimal(double)} is that exact value, so rounding it with {@link RoundingMode#HALF_EVEN}
 * reproduces Python digit for digit. The layout of digits, exponents, signs, prefixes, grouping and
 * padding is a port of CPython's {@code format_float_short}, {@code calc_number_widths} and {@code
 * _PyUnicode_InsertThousandsGrouping}.
 *
 * <p>BigDecimal values format from their exact decimal value, as Python's {@code Decimal} does in
 * the common cases ({@code 2.675} with {@code .2f} is {@code 2.68}; {@code str} keeps {@code
 * 19.90}).
 *
 * <p>Where Python raises and JSON's looser types make that unhelpful, this is lenient (see {@link
 * #format}). Stateless and thread-safe.
 */
final class SpecFormatter {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  private SpecFormatter() {}

  /**
   * Appends the value as Python's {@code str()} would for the JSON value: strings as they are,
   * integers in decimal, doubles as their shortest round-trip repr ({@code 0.87}, {@code 2.0},
   * {@code 1e-05}), booleans as {@code true}/{@code false} and lists and objects as compact JSON.
   */
  static void appendStr(Object value, StringBuilder out) {
    switch (value) {
      case String s -> out.append(s);
      case Long l -> out.append(l.longValue());
      case Double d -> appendRepr(d, out);
      case Boolean b -> out.append(b.booleanValue());
      case Integer i -> out.append(i.intValue());
      case Short s -> out.append(s.shortValue());
      case Byte b -> out.append(b.byteValue());
      case Float f -> appendRepr(Double.parseDouble(f.toString()), out);
      case BigInteger b -> out.append(b);
      case BigDecimal b -> out.append(b);
      case null -> out.append("null");
      default -> {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
          out.append(JsonTrees.toJson(value));
        } else {
          out.append(value);
        }
      }
    }
  }

  /** {@link #appendStr} into a new string. */
  static String str(Object value) {
    StringBuilder out = new StringBuilder();
    appendStr(value, out);
    return out.toString();
  }

  /**
   * Appends {@code format(value, spec)}.
   *
   * <p>Where Python would raise, JSON values get this instead: integral doubles format under {@code
   * d b o x X} (a JSON {@code 2.0} is often meant as 2), non-integral ones are an error; strings
   * under a numeric spec are read as numbers; numbers under {@code s} format as their {@code
   * str()}; an integer under a precision without a type formats as a float; booleans, lists and
   * objects format their {@code str()} under string specs and are an error under numeric ones.
   *
   * @throws BadSpecException when the value cannot be formatted with this spec
   */
  static void format(Object value, ValueSpec spec, StringBuilder out) {
    if (spec.isEmpty()) {
      appendStr(value, out);
      return;
    }
    switch (value) {
      case String s -> {
        if (spec.isNumeric()) {
          Number n = parseNumber(s);
          if (n == null) {
            throw new BadSpecException(
                "format spec '"
                    + spec.text()
                    + "' needs a number, got the string '"
                    + cut(s)
                    + "'");
          }
          formatNumber(n, spec, out);
        } else {
          formatString(s, spec, out);
        }
      }
      case Number n -> {
        if (spec.type() == 's') {
          formatString(str(n), spec, out);
        } else {
          formatNumber(n, spec, out);
        }
      }
      default -> {
        if (spec.isNumeric()) {
          throw new BadSpecException(
              "format spec '" + spec.text() + "' needs a number, got " + describe(value));
        }
        formatString(str(value), spec, out);
      }
    }
  }

  // ---- strings ----

  private static void formatString(String s, ValueSpec spec, StringBuilder out) {
    int length = s.codePointCount(0, s.length());
    if (spec.precision() >= 0 && spec.precision() < length) {
      s = s.substring(0, s.offsetByCodePoints(0, spec.precision()));
      length = spec.precision();
    }
    int fill = spec.fillSpecified() ? spec.fill() : spec.zeroPad() ? '0' : ' ';
    char align = spec.align() != 0 ? spec.align() : '<';
    int padding = spec.width() - length;
    int left = 0;
    if (padding > 0) {
      left = align == '>' ? padding : align == '^' ? padding / 2 : 0;
    }
    repeat(out, fill, left);
    out.append(s);
    repeat(out, fill, padding - left);
  }

  // ---- numbers ----

  private static void formatNumber(Number n, ValueSpec spec, StringBuilder out) {
    switch (n) {
      case Double d -> formatDouble(d, spec, out);
      case Float f -> formatDouble(Double.parseDouble(f.toString()), spec, out);
      case BigDecimal b -> formatDecimal(b, spec, out);
      case BigInteger b -> {
        if (usesFloat(spec)) {
          double d = b.doubleValue();
          if (Double.isInfinite(d)) {
            throw new BadSpecException(
                "integer " + b + " is too large for format spec '" + spec.text() + "'");
          }
          formatDouble(d, spec, out);
        } else {
          formatInteger(b.signum() < 0, b.abs().toString(radix(spec.type())), spec, out);
        }
      }
      default -> {
        long v = n.longValue();
        if (usesFloat(spec)) {
          formatDouble((double) v, spec, out);
        } else {
          String digits = Long.toString(v, radix(spec.type()));
          formatInteger(v < 0, v < 0 ? digits.substring(1) : digits, spec, out);
        }
      }
    }
  }

  /** Float types, and (leniently) a precision without a type or with 'n', format integers too. */
  private static boolean usesFloat(ValueSpec spec) {
    char t = spec.type();
    return t != 0 && "eEfFgG%".indexOf(t) >= 0 || spec.precision() >= 0 && (t == 0 || t == 'n');
  }

  private static int radix(char type) {
    return switch (type) {
      case 'b' -> 2;
      case 'o' -> 8;
      case 'x', 'X' -> 16;
      default -> 10;
    };
  }

  /** Appends an integer given its sign and its digits in the type's radix (lowercase). */
  private static void formatInteger(
      boolean negative, String digits, ValueSpec spec, StringBuilder out) {
    char t = spec.type();
    String prefix = "";
    if (spec.alternate()) {
      prefix =
          switch (t) {
            case 'b' -> "0b";
            case 'o' -> "0o";
            case 'x' -> "0x";
            case 'X' -> "0X";
            default -> "";
          };
    }
    if (t == 'X') {
      digits = digits.toUpperCase(Locale.ROOT);
    }
    int groupSize = radix(t) == 10 ? 3 : 4;
    appendNumber(negative, prefix, digits, digits.length(), groupSize, spec, out);
  }

  private static void formatDouble(double d, ValueSpec spec, StringBuilder out) {
    char t = spec.type();
    if (spec.isIntegerType()) {
      if (!Double.isFinite(d) || d != Math.rint(d)) {
        throw new BadSpecException(
            "format type '"
                + t
                + "' needs a whole number, got "
                + str(d)
                + " (use '.0f' to round it)");
      }
      BigInteger whole = new BigDecimal(d).toBigInteger();
      formatInteger(whole.signum() < 0, whole.abs().toString(radix(t)), spec, out);
      return;
    }
    boolean negative = !Double.isNaN(d) && Double.doubleToRawLongBits(d) < 0;
    double abs = Math.abs(d);
    // Python multiplies the float by 100 for '%', rounding in binary; so do we.
    double scaled = t == '%' ? abs * 100 : abs;
    String body;
    if (!Double.isFinite(scaled)) {
      body = Double.isNaN(scaled) ? "nan" : "inf";
      if (t == '%') {
        body += "%";
      }
    } else if (t == 0 && spec.precision() < 0) {
      body = layout(shortest(abs), 'r', 0, spec.alternate(), true);
    } else {
      body = floatBody(new BigDecimal(scaled), spec);
    }
    finishFloat(negative, body, spec, out);
  }

  private static void formatDecimal(BigDecimal b, ValueSpec spec, StringBuilder out) {
    char t = spec.type();
    if (spec.isIntegerType()) {
      if (b.signum() != 0 && b.stripTrailingZeros().scale() > 0) {
        throw new BadSpecException(
            "format type '" + t + "' needs a whole number, got " + b + " (use '.0f' to round it)");
      }
      BigInteger whole = b.toBigInteger();
      formatInteger(whole.signum() < 0, whole.abs().toString(radix(t)), spec, out);
      return;
    }
    BigDecimal abs = b.abs();
    String body;
    if (t == 0 && spec.precision() < 0) {
      body = abs.toString(); // Python's str(Decimal) uses the same notation as BigDecimal's
    } else {
      body = floatBody(t == '%' ? abs.movePointRight(2) : abs, spec);
    }
    finishFloat(b.signum() < 0, body, spec, out);
  }

  /**
   * Digits of a non-negative finite value with the point and exponent, no sign, no padding. The
   * no-type, no-precision case (repr) is the caller's.
   */
  private static String floatBody(BigDecimal abs, ValueSpec spec) {
    char t = spec.type();
    int p = spec.precision();
    boolean alt = spec.alternate();
    return switch (t) {
      case 'f', 'F' -> fixed(abs, p < 0 ? 6 : p, alt);
      case '%' -> fixed(abs, p < 0 ? 6 : p, alt) + "%";
      case 'e', 'E' -> {
        int digits = (p < 0 ? 6 : p) + 1;
        yield layout(significant(abs, digits), 'e', digits, alt, false);
      }
      case 'g', 'G', 'n' -> {
        int digits = p < 0 ? 6 : Math.max(p, 1);
        yield layout(significant(abs, digits), 'g', digits, alt, false);
      }
      default -> {
        int digits = Math.max(p, 1);
        yield layout(significant(abs, digits), 'g', digits, alt, true);
      }
    };
  }

  private static void finishFloat(
      boolean negative, String body, ValueSpec spec, StringBuilder out) {
    char t = spec.type();
    if (t == 'E' || t == 'F' || t == 'G') {
      body = body.toUpperCase(Locale.ROOT);
    }
    if (negative && spec.noNegativeZero() && isZero(body)) {
      negative = false;
    }
    int digitEnd = 0;
    while (digitEnd < body.length() && isDigit(body.charAt(digitEnd))) {
      digitEnd++;
    }
    appendNumber(negative, "", body, digitEnd, 3, spec, out);
  }

  private static String fixed(BigDecimal abs, int precision, boolean alt) {
    String s = abs.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    return alt && precision == 0 ? s + "." : s;
  }

  /** The digits of a value: 0.d1d2d3... times 10^decpt, without trailing zeros. */
  private record Digits(String digits, int decpt) {
    static final Digits ZERO = new Digits("0", 1);
  }

  /** Rounded to {@code n} significant digits, half-even on the exact value (dtoa mode 2). */
  private static Digits significant(BigDecimal abs, int n) {
    if (abs.signum() == 0) {
      return Digits.ZERO;
    }
    BigDecimal r = abs.round(new MathContext(n, RoundingMode.HALF_EVEN));
    String digits = r.unscaledValue().toString();
    int decpt = digits.length() - r.scale();
    return new Digits(stripTrailingZeros(digits), decpt);
  }

  /**
   * The shortest digits that read back as the same double (dtoa mode 0, Python's repr). Java's
   * {@link Double#toString} gives exactly those digits since JDK 19; only its layout differs.
   */
  private static Digits shortest(double abs) {
    if (abs == 0) {
      return Digits.ZERO;
    }
    String s = Double.toString(abs);
    int e = s.indexOf('E');
    int exponent = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
    String mantissa = e < 0 ? s : s.substring(0, e);
    int dot = mantissa.indexOf('.');
    String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    int decpt = dot + exponent;
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
    }
    return new Digits(stripTrailingZeros(digits.substring(lead)), decpt - lead);
  }

  private static String stripTrailingZeros(String digits) {
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return digits.substring(0, end);
  }

  /**
   * Lays out digits as CPython's {@code format_float_short} does, for modes {@code e} ({@code
   * precision} digits in all), {@code g} ({@code precision} significant digits) and {@code r}
   * (repr). {@code addDot0} is Python's Py_DTSF_ADD_DOT_0, used when no type is given.
   */
  private static String layout(Digits d, char mode, int precision, boolean alt, boolean addDot0) {
    String digits = d.digits();
    int length = digits.length();
    int decpt = d.decpt();
    int end = length;
    boolean useExp = false;
    switch (mode) {
      case 'e' -> {
        useExp = true;
        end = precision;
      }
      case 'g' -> {
        useExp = decpt <= -4 || decpt > (addDot0 ? precision - 1 : precision);
        if (alt) {
          end = precision;
        }
      }
      default -> useExp = decpt <= -4 || decpt > 16;
    }
    int exp = 0;
    if (useExp) {
      exp = decpt - 1;
      decpt = 1;
    }
    int start = decpt <= 0 ? decpt - 1 : 0;
    end = Math.max(end, !useExp && addDot0 ? decpt + 1 : decpt);

    StringBuilder b = new StringBuilder(end - start + 8);
    if (decpt <= 0) {
      zeros(b, decpt - start);
      b.append('.');
      zeros(b, -decpt);
    } else {
      zeros(b, -start);
    }
    if (0 < decpt && decpt <= length) {
      b.append(digits, 0, decpt).append('.').append(digits, decpt, length);
    } else {
      b.append(digits);
    }
    if (length < decpt) {
      zeros(b, decpt - length);
      b.append('.');
      zeros(b, end - decpt);
    } else {
      zeros(b, end - length);
    }
    if (b.charAt(b.length() - 1) == '.' && !alt) {
      b.setLength(b.length() - 1);
    }
    if (useExp) {
      b.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        b.append('0');
      }
      b.append(a);
    }
    return b.toString();
  }

  /**
   * Appends {@code [sign][prefix][digits, grouped][rest of body]} padded to the spec's width, as
   * CPython's {@code calc_number_widths} and {@code fill_number} do. {@code body[0, digitEnd)} are
   * the integer digits; with a {@code '0'} fill and {@code '='} alignment the padding zeros are
   * grouped as digits ({@code format(1234, '010,')} is {@code 00,001,234}).
   */
  private static void appendNumber(
      boolean negative,
      String prefix,
      String body,
      int digitEnd,
      int groupSize,
      ValueSpec spec,
      StringBuilder out) {
    char sign = negative ? '-' : spec.sign() == '+' ? '+' : spec.sign() == ' ' ? ' ' : (char) 0;
    int fill = spec.fillSpecified() ? spec.fill() : spec.zeroPad() ? '0' : ' ';
    char align = spec.align() != 0 ? spec.align() : spec.zeroPad() ? '=' : '>';
    int rest = body.length() - digitEnd;
    int nonDigits = (sign != 0 ? 1 : 0) + prefix.length() + rest;
    CharSequence grouped = null;
    if (spec.grouping() != 0 && digitEnd > 0) {
      int minWidth = fill == '0' && align == '=' ? spec.width() - nonDigits : 0;
      grouped = group(body, digitEnd, groupSize, spec.grouping(), minWidth);
    }
    int padding = spec.width() - nonDigits - (grouped != null ? grouped.length() : digitEnd);
    int left = 0;
    int middle = 0;
    int right = 0;
    if (padding > 0) {
      switch (align) {
        case '<' -> right = padding;
        case '^' -> {
          left = padding / 2;
          right = padding - left;
        }
        case '=' -> middle = padding;
        default -> left = padding;
      }
    }
    repeat(out, fill, left);
    if (sign != 0) {
      out.append(sign);
    }
    out.append(prefix);
    repeat(out, fill, middle);
    if (grouped != null) {
      out.append(grouped).append(body, digitEnd, body.length());
    } else {
      out.append(body);
    }
    repeat(out, fill, right);
  }

  /**
   * Port of CPython's {@code _PyUnicode_InsertThousandsGrouping}, padding with zeros to minWidth.
   */
  private static CharSequence group(
      String digits, int count, int size, char separator, int minWidth) {
    StringBuilder reversed = new StringBuilder(count + count / size + 8);
    int remaining = count;
    int pos = count;
    boolean separate = false;
    while (true) {
      int take = Math.min(size, Math.max(Math.max(remaining, minWidth), 1));
      int chars = Math.max(0, Math.min(remaining, take));
      if (separate) {
        reversed.append(separator);
      }
      for (int i = 0; i < chars; i++) {
        reversed.append(digits.charAt(--pos));
      }
      zeros(reversed, take - chars);
      separate = true;
      remaining -= chars;
      minWidth -= take;
      if (remaining <= 0 && minWidth <= 0) {
        break;
      }
      minWidth -= 1;
    }
    return reversed.reverse();
  }

  /** Python's repr of a double: {@code 0.87}, {@code 2.0}, {@code 1e-05}, {@code 1e+16}. */
  private static void appendRepr(double d, StringBuilder out) {
    if (Double.isNaN(d)) {
      out.append("nan");
      return;
    }
    if (Double.isInfinite(d)) {
      out.append(d > 0 ? "inf" : "-inf");
      return;
    }
    double abs = Math.abs(d);
    if (abs >= 1e-3 && abs < 1e7) {
      out.append(d); // Java's plain notation, and digits, equal Python's repr in this range
      return;
    }
    if (Double.doubleToRawLongBits(d) < 0) {
      out.append('-');
    }
    out.append(layout(shortest(abs), 'r', 0, false, true));
  }

  /** Reads a string under a numeric spec: an integer literal, or a decimal one as a double. */
  static Number parseNumber(String s) {
    String t = s.strip();
    if (INTEGER.matcher(t).matches()) {
      BigInteger b = new BigInteger(t);
      return b.bitLength() < 64 ? (Number) b.longValue() : b;
    }
    if (DECIMAL.matcher(t).matches()) {
      return Double.parseDouble(t);
    }
    return null;
  }

  private static boolean isZero(String body) {
    if (body.isEmpty() || !isDigit(body.charAt(0))) {
      return false;
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == 'e' || c == 'E' || c == '%') {
        break;
      }
      if (c != '0' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void zeros(StringBuilder b, int n) {
    for (int i = 0; i < n; i++) {
      b.append('0');
    }
  }

  private static void repeat(StringBuilder out, int codePoint, int n) {
    for (int i = 0; i < n; i++) {
      out.appendCodePoint(codePoint);
    }
  }

  private static String describe(Object value) {
    return switch (value) {
      case Boolean b -> "the boolean " + b;
      case Map<?, ?> m -> "an object";
      case List<?> l -> "a list";
      default -> "a " + value.getClass().getSimpleName();
    };
  }

  private static String cut(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
