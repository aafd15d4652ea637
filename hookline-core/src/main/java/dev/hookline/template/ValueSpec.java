package dev.hookline.template;

/**
 * A parsed Python format spec, {@code [[fill]align][sign][z][#][0][width][grouping][.precision]
 * [type]}, as in Python's {@code format(value, spec)}. Parsed once, when the template is created;
 * the checks Python makes from the spec alone (a precision with {@code d}, {@code ','} with {@code
 * x}, a sign with {@code s}) fail there too, so a template with such a spec is never created.
 *
 * @param text the spec as written
 * @param fill the fill code point; meaningful only when {@code fillSpecified}
 * @param fillSpecified whether a fill character was written (it needs an alignment after it)
 * @param align {@code < > ^ =}, or 0 when not written
 * @param sign {@code + - ' '}, or 0 when not written
 * @param noNegativeZero {@code z}: a negative value that rounds to zero prints as zero
 * @param alternate {@code #}: prefixes {@code 0b 0o 0x}, keeps the decimal point and trailing zeros
 * @param zeroPad a {@code 0} before the width without an explicit fill: fill with zeros, and for
 *     numbers pad between the sign and the digits
 * @param width the minimum width in code points, or -1
 * @param grouping {@code ','} or {@code '_'}, or 0
 * @param precision digits after the point ({@code f e %}), significant digits ({@code g}, none), or
 *     the maximum length of a string; -1 when not written
 * @param type one of {@code s d b o x X e E f F g G n %}, or 0 when not written
 */
record ValueSpec(
    String text,
    int fill,
    boolean fillSpecified,
    char align,
    char sign,
    boolean noNegativeZero,
    boolean alternate,
    boolean zeroPad,
    int width,
    char grouping,
    int precision,
    char type) {

  /** Widths and precisions above this are refused, so a template cannot make huge strings. */
  static final int MAX_WIDTH = 1000;

  private static final String TYPES = "sdboxXeEfFgGn%";
  private static final String INTEGER_TYPES = "dboxX";
  private static final String NUMERIC_TYPES = "dboxXeEfFgGn%";

  /**
   * Parses a spec (the text after the {@code ':'} of a placeholder).
   *
   * @throws BadSpecException with the reason when the spec is malformed or inconsistent
   */
  static ValueSpec parse(String s) {
    int n = s.length();
    int pos = 0;
    int fill = ' ';
    boolean fillSpecified = false;
    char align = 0;
    if (n > 0) {
      int first = s.codePointAt(0);
      int firstLength = Character.charCount(first);
      if (n > firstLength && isAlign(s.charAt(firstLength))) {
        fill = first;
        fillSpecified = true;
        align = s.charAt(firstLength);
        pos = firstLength + 1;
      } else if (isAlign(s.charAt(0))) {
        align = s.charAt(0);
        pos = 1;
      }
    }
    char sign = 0;
    if (pos < n && "+- ".indexOf(s.charAt(pos)) >= 0) {
      sign = s.charAt(pos++);
    }
    boolean noNegativeZero = false;
    if (pos < n && s.charAt(pos) == 'z') {
      noNegativeZero = true;
      pos++;
    }
    boolean alternate = false;
    if (pos < n && s.charAt(pos) == '#') {
      alternate = true;
      pos++;
    }
    // As in Python, a '0' after an explicit fill is just the start of the width.
    boolean zeroPad = false;
    if (!fillSpecified && pos < n && s.charAt(pos) == '0') {
      zeroPad = true;
      pos++;
    }
    int start = pos;
    while (pos < n && isDigit(s.charAt(pos))) {
      pos++;
    }
    int width = start == pos ? -1 : number(s, start, pos, "width");
    char grouping = 0;
    if (pos < n && (s.charAt(pos) == ',' || s.charAt(pos) == '_')) {
      grouping = s.charAt(pos++);
      if (pos < n && (s.charAt(pos) == ',' || s.charAt(pos) == '_')) {
        throw new BadSpecException("use one grouping option, ',' or '_', not both");
      }
    }
    int precision = -1;
    if (pos < n && s.charAt(pos) == '.') {
      start = ++pos;
      while (pos < n && isDigit(s.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw new BadSpecException("missing precision after '.' (write '.2' for two digits)");
      }
      precision = number(s, start, pos, "precision");
    }
    char type = 0;
    if (n - pos > 1) {
      throw new BadSpecException(
          "unexpected '"
              + s.substring(pos)
              + "'; the spec is [[fill]align][sign][z][#][0][width][,|_][.precision][type]");
    }
    if (n - pos == 1) {
      type = s.charAt(pos);
      if (TYPES.indexOf(type) < 0) {
        throw new BadSpecException(
            "unknown format type '"
                + type
                + "'; the types are s d b o x X e E f F g G n % (or none)");
      }
    }
    ValueSpec spec =
        new ValueSpec(
            s,
            fill,
            fillSpecified,
            align,
            sign,
            noNegativeZero,
            alternate,
            zeroPad,
            width,
            grouping,
            precision,
            type);
    spec.check();
    return spec;
  }

  /** The checks Python makes from the spec alone, so they fail when the template is created. */
  private void check() {
    if (grouping != 0) {
      boolean allowed =
          type == 0
              || "deEfFgG%".indexOf(type) >= 0
              || grouping == '_' && "boxX".indexOf(type) >= 0;
      if (!allowed) {
        throw new BadSpecException("cannot use '" + grouping + "' with format type '" + type + "'");
      }
    }
    if (type == 's') {
      if (sign != 0) {
        throw new BadSpecException("a sign is not allowed with format type 's'");
      }
      if (noNegativeZero) {
        throw new BadSpecException("'z' is not allowed with format type 's'");
      }
      if (alternate) {
        throw new BadSpecException("'#' is not allowed with format type 's'");
      }
      if (align == '=') {
        throw new BadSpecException("'=' alignment is not allowed with format type 's'");
      }
    }
    if (isIntegerType()) {
      if (precision >= 0) {
        throw new BadSpecException(
            "a precision is not allowed with integer format type '"
                + type
                + "' (use '.0f' to round to a whole number)");
      }
      if (noNegativeZero) {
        throw new BadSpecException("'z' is not allowed with integer format type '" + type + "'");
      }
    }
  }

  /** True for {@code d b o x X}, which format whole numbers only. */
  boolean isIntegerType() {
    return type != 0 && INTEGER_TYPES.indexOf(type) >= 0;
  }

  /**
   * True when the spec only makes sense for a number: a numeric type, a sign, {@code z}, {@code #},
   * grouping or {@code '='} alignment. Strings under such a spec are read as numbers.
   */
  boolean isNumeric() {
    return type != 0 && NUMERIC_TYPES.indexOf(type) >= 0
        || sign != 0
        || noNegativeZero
        || alternate
        || grouping != 0
        || align == '=';
  }

  /** True for the empty spec, {@code {x:}}, which formats like {@code str()}. */
  boolean isEmpty() {
    return text.isEmpty();
  }

  private static boolean isAlign(char c) {
    return c == '<' || c == '>' || c == '^' || c == '=';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int number(String s, int from, int to, String what) {
    int value = to - from > 9 ? Integer.MAX_VALUE : Integer.parseInt(s, from, to, 10);
    if (value > MAX_WIDTH) {
      throw new BadSpecException(what + " " + s.substring(from, to) + " is over " + MAX_WIDTH);
    }
    return value;
  }
}
