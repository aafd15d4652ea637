package dev.hookline.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.event.Event;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Format specs against CPython 3.11: every expected string in {@link #python()} was printed by
 * {@code python3 -c "print(repr(format(value, spec)))"}.
 */
class PythonFormatTest {

  static Stream<Arguments> python() {
    return Stream.of(
        Arguments.of(0.87, ".0%", "87%"),
        Arguments.of(0.955, ".1%", "95.5%"),
        Arguments.of(0.5, "%", "50.000000%"),
        Arguments.of(0.125, ".1%", "12.5%"),
        Arguments.of(1.0, ".0%", "100%"),
        Arguments.of(-0.034, ".2%", "-3.40%"),
        Arguments.of(5L, "%", "500.000000%"),
        Arguments.of(12345.678, ",.1%", "1,234,567.8%"),
        Arguments.of(0.87, "#.0%", "87.%"),
        Arguments.of(3.14159, ".2f", "3.14"),
        Arguments.of(0.125, ".2f", "0.12"),
        Arguments.of(2.675, ".2f", "2.67"),
        Arguments.of(1.005, ".2f", "1.00"),
        Arguments.of(2.5, ".0f", "2"),
        Arguments.of(3.5, ".0f", "4"),
        Arguments.of(0.5, ".0f", "0"),
        Arguments.of(1.0, "#.0f", "1."),
        Arguments.of(3.14159, "08.3f", "0003.142"),
        Arguments.of(-3.14159, "08.3f", "-003.142"),
        Arguments.of(1e+22, "f", "10000000000000000000000.000000"),
        Arguments.of(0.1, ".20f", "0.10000000000000000555"),
        Arguments.of(-0.001, ".1f", "-0.0"),
        Arguments.of(-0.001, "z.1f", "0.0"),
        Arguments.of(1234567.891, ",.2f", "1,234,567.89"),
        Arguments.of(1234567.891, "_.1f", "1_234_567.9"),
        Arguments.of(1e-07, "f", "0.000000"),
        Arguments.of(42L, ".2f", "42.00"),
        Arguments.of(Double.POSITIVE_INFINITY, "f", "inf"),
        Arguments.of(Double.POSITIVE_INFINITY, "F", "INF"),
        Arguments.of(Double.NEGATIVE_INFINITY, "010", "-000000inf"),
        Arguments.of(1234.5678, "e", "1.234568e+03"),
        Arguments.of(1234.5678, ".2E", "1.23E+03"),
        Arguments.of(0.0, "e", "0.000000e+00"),
        Arguments.of(1.0, "#.0e", "1.e+00"),
        Arguments.of(1.0, ".0e", "1e+00"),
        Arguments.of(9.9999999e-05, ".2e", "1.00e-04"),
        Arguments.of(-1e-09, "z.2e", "-1.00e-09"),
        Arguments.of(1e+100, ".3e", "1.000e+100"),
        Arguments.of(12345L, "e", "1.234500e+04"),
        Arguments.of(1234567.0, "g", "1.23457e+06"),
        Arguments.of(123456.0, "g", "123456"),
        Arguments.of(1.234e-05, "g", "1.234e-05"),
        Arguments.of(0.0001, "#g", "0.000100000"),
        Arguments.of(9.9999999, ".3g", "10"),
        Arguments.of(1234.5, ".3G", "1.23E+03"),
        Arguments.of(1234.5, "#.10g", "1234.500000"),
        Arguments.of(0.0, "g", "0"),
        Arguments.of(-0.0, "g", "-0"),
        Arguments.of(1e-05, "G", "1E-05"),
        Arguments.of(100.0, ".1g", "1e+02"),
        Arguments.of(0.87, "", "0.87"),
        Arguments.of(2.0, "", "2.0"),
        Arguments.of(1e+16, "", "1e+16"),
        Arguments.of(1e-05, "", "1e-05"),
        Arguments.of(0.30000000000000004, "", "0.30000000000000004"),
        Arguments.of(1234567890123456.0, "", "1234567890123456.0"),
        Arguments.of(12345678.9, "", "12345678.9"),
        Arguments.of(-0.0, "", "-0.0"),
        Arguments.of(123.0, ".3", "1.23e+02"),
        Arguments.of(12.0, ".3", "12.0"),
        Arguments.of(10.0, ".2", "1e+01"),
        Arguments.of(9.9999999, ".3", "10.0"),
        Arguments.of(1e+16, "#", "1.e+16"),
        Arguments.of(123.456, ".5", "123.46"),
        Arguments.of(42L, "", "42"),
        Arguments.of(-42L, "", "-42"),
        Arguments.of(new BigInteger("1180591620717411303424"), "", "1180591620717411303424"),
        Arguments.of(1234567.0, "n", "1.23457e+06"),
        Arguments.of(1234567L, "n", "1234567"),
        Arguments.of(0.5, "n", "0.5"),
        Arguments.of(42L, "d", "42"),
        Arguments.of(42L, "+d", "+42"),
        Arguments.of(-42L, "+d", "-42"),
        Arguments.of(42L, " d", " 42"),
        Arguments.of(-42L, " d", "-42"),
        Arguments.of(42L, "05d", "00042"),
        Arguments.of(-42L, "05d", "-0042"),
        Arguments.of(1234567L, ",", "1,234,567"),
        Arguments.of(1234567L, "_d", "1_234_567"),
        Arguments.of(1234L, "010,", "00,001,234"),
        Arguments.of(1234L, "08,", "0,001,234"),
        Arguments.of(1234L, "*=10,", "*****1,234"),
        Arguments.of(1234L, "0>10,", "000001,234"),
        Arguments.of(-5L, "010,", "-0,000,005"),
        Arguments.of(
            new BigInteger("1180591620717411303424"), ",", "1,180,591,620,717,411,303,424"),
        Arguments.of(255L, "x", "ff"),
        Arguments.of(255L, "X", "FF"),
        Arguments.of(255L, "#x", "0xff"),
        Arguments.of(-255L, "#X", "-0XFF"),
        Arguments.of(255L, "#010x", "0x000000ff"),
        Arguments.of(-255L, "#010x", "-0x00000ff"),
        Arguments.of(255L, "o", "377"),
        Arguments.of(255L, "#o", "0o377"),
        Arguments.of(255L, "b", "11111111"),
        Arguments.of(255L, "#b", "0b11111111"),
        Arguments.of(123456789L, "_b", "111_0101_1011_1100_1101_0001_0101"),
        Arguments.of(12345678L, "#_x", "0xbc_614e"),
        Arguments.of(255L, "=+10", "+      255"),
        Arguments.of(255L, "^+10", "   +255   "),
        Arguments.of("abc", ">10", "       abc"),
        Arguments.of("abc", "<10", "abc       "),
        Arguments.of("abc", "^10", "   abc    "),
        Arguments.of("abc", "*^9", "***abc***"),
        Arguments.of("abc", "*^8", "**abc***"),
        Arguments.of("abc", "10", "abc       "),
        Arguments.of(42L, "10", "        42"),
        Arguments.of(42L, "<10", "42        "),
        Arguments.of(42L, "x<5", "42xxx"),
        Arguments.of(-3.5, "^10.2f", "  -3.50   "),
        Arguments.of(-1234.5, "=+12,.1f", "-    1,234.5"),
        Arguments.of("ab", "05", "ab000"),
        Arguments.of("🔮", "*^5", "**🔮**"),
        Arguments.of("a", "🔮^5", "🔮🔮a🔮🔮"),
        Arguments.of("hello world", ".5", "hello"),
        Arguments.of("héllo", ".2", "hé"),
        Arguments.of("abc", ".0", ""),
        Arguments.of("abcdef", ">8.3", "     abc"),
        Arguments.of("hi", "s", "hi"),
        Arguments.of("hi", ">5s", "   hi"));
  }

  @ParameterizedTest(name = "format({0}, ''{1}'') is ''{2}''")
  @MethodSource("python")
  void formatsLikePython(Object value, String spec, String expected) {
    String formatted = format(value, spec);

    assertThat(formatted).isEqualTo(expected);
  }

  @Test
  void percentOfConfidenceRoundsToWholePercent() {
    assertThat(format(0.87, ".0%")).isEqualTo("87%");
    assertThat(format(0.955, ".1%")).isEqualTo("95.5%");
  }

  @Test
  void roundingIsHalfEvenOnTheBinaryValue() {
    assertThat(format(0.125, ".2f")).isEqualTo("0.12");
    assertThat(format(0.375, ".2f")).isEqualTo("0.38");
    assertThat(format(2.675, ".2f")).isEqualTo("2.67");
  }

  @Test
  void bigDecimalFormatsFromItsExactDecimalValueLikePythonsDecimal() {
    assertThat(format(new BigDecimal("2.675"), ".2f")).isEqualTo("2.68");
    assertThat(format(new BigDecimal("19.90"), "")).isEqualTo("19.90");
    assertThat(format(new BigDecimal("1234567.50"), ",")).isEqualTo("1,234,567.50");
    assertThat(format(new BigDecimal("0.125"), ".1%")).isEqualTo("12.5%");
    assertThat(format(new BigDecimal("1E+3"), "")).isEqualTo("1E+3");
  }

  @Test
  void integralDoubleFormatsUnderIntegerTypes() {
    assertThat(format(3.0, "d")).isEqualTo("3");
    assertThat(format(-1234.0, ",d")).isEqualTo("-1,234");
    assertThat(format(255.0, "#x")).isEqualTo("0xff");
  }

  @Test
  void nonIntegralDoubleUnderIntegerTypeIsAnError() {
    Template template = Template.text("{v:d}");

    assertThatThrownBy(() -> template.render(event(2.5)))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template placeholder {v:d}: format type 'd' needs a whole number, got 2.5 (use '.0f'"
                + " to round it) in event test (evt_fmt)");
  }

  @Test
  void numericStringUnderNumericSpecIsFormattedAsNumber() {
    assertThat(format("0.87", ".0%")).isEqualTo("87%");
    assertThat(format("1234567", ",")).isEqualTo("1,234,567");
    assertThat(format(" 42 ", "+d")).isEqualTo("+42");
    assertThat(format("2.675", ".2f")).isEqualTo("2.67");
  }

  @Test
  void numericStringUnderStringSpecStaysText() {
    assertThat(format("42", ">5")).isEqualTo("   42");
    assertThat(format("3.14159", ".3")).isEqualTo("3.1");
  }

  @Test
  void textUnderNumericSpecIsAnError() {
    Template template = Template.text("{v:.2f}");

    assertThatThrownBy(() -> template.render(event("high")))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template placeholder {v:.2f}: format spec '.2f' needs a number, got the string"
                + " 'high' in event test (evt_fmt)");
  }

  @Test
  void numberUnderStringTypeFormatsItsStringForm() {
    assertThat(format(0.87, ">6s")).isEqualTo("  0.87");
    assertThat(format(42L, "s")).isEqualTo("42");
  }

  @Test
  void integerWithPrecisionAndNoTypeFormatsAsFloat() {
    assertThat(format(5L, ".2")).isEqualTo("5.0");
    assertThat(format(123L, ".2")).isEqualTo("1.2e+02");
  }

  @Test
  void booleansListsAndObjectsFormatTheirTextUnderStringSpecs() {
    assertThat(format(true, ">6")).isEqualTo("  true");
    assertThat(format(List.of(1, 2), "*<8")).isEqualTo("[1,2]***");
    assertThat(format(Map.of("a", 1), ".4")).isEqualTo("{\"a\"");
  }

  @Test
  void booleanUnderNumericSpecIsAnError() {
    Template template = Template.text("{v:d}");

    assertThatThrownBy(() -> template.render(event(true)))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("format spec 'd' needs a number, got the boolean true");
  }

  @Test
  void hugeIntegerUnderFloatTypeIsAnError() {
    Template template = Template.text("{v:f}");

    assertThatThrownBy(() -> template.render(event(BigInteger.TEN.pow(400))))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("is too large for format spec 'f'");
  }

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @MethodSource("badSpecs")
  void specErrorsFailWhenTheTemplateIsCreated(String spec, String reason) {
    assertThatThrownBy(() -> Template.text("{v:" + spec + "}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("invalid format spec '" + spec + "' in {v:" + spec + "}")
        .hasMessageContaining(reason);
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of(".2d", "a precision is not allowed with integer format type 'd'"),
        Arguments.of(",x", "cannot use ',' with format type 'x'"),
        Arguments.of("_n", "cannot use '_' with format type 'n'"),
        Arguments.of(",s", "cannot use ',' with format type 's'"),
        Arguments.of("+s", "a sign is not allowed with format type 's'"),
        Arguments.of("#s", "'#' is not allowed with format type 's'"),
        Arguments.of("=5s", "'=' alignment is not allowed with format type 's'"),
        Arguments.of("zd", "'z' is not allowed with integer format type 'd'"),
        Arguments.of(".", "missing precision after '.'"),
        Arguments.of(",_", "use one grouping option"),
        Arguments.of("q", "unknown format type 'q'"),
        Arguments.of("c", "unknown format type 'c'"),
        Arguments.of("abc", "unexpected 'abc'"),
        Arguments.of("2000", "width 2000 is over 1000"),
        Arguments.of(".5000f", "precision 5000 is over 1000"));
  }

  private static String format(Object value, String spec) {
    return Template.text("{v:" + spec + "}").renderString(event(value));
  }

  private static Event event(Object value) {
    return Event.builder("test").id("evt_fmt").put("v", value).build();
  }
}
