package dev.hookline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The core's packages form a DAG (CONVENTIONS, "Structure"): no import cycle between packages,
 * directly or through others. The root package's base exception is the one type every package may
 * import; nothing outside the root imports the facade back.
 */
class PackageGraphTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.hookline");

  @Test
  void packagesHaveNoImportCycle() {
    slices()
        .assignedFrom(new ByPackage())
        .should()
        .beFreeOfCycles()
        .ignoreDependency(DescribedPredicate.alwaysTrue(), isBaseException())
        .check(CORE);
  }

  @Test
  void onlyTheRootPackageUsesTheRootPackageBesidesItsBaseException() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.hookline")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "are in the root package, other than HooklineException",
                (JavaClass c) ->
                    c.getPackageName().equals("dev.hookline")
                        && !c.isEquivalentTo(HooklineException.class)))
        .check(CORE);
  }

  private static DescribedPredicate<JavaClass> isBaseException() {
    return DescribedPredicate.describe(
        "HooklineException", (JavaClass c) -> c.isEquivalentTo(HooklineException.class));
  }

  /** Each package is one slice, the root package included. */
  private static final class ByPackage implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      return c.getPackageName().startsWith("dev.hookline")
          ? SliceIdentifier.of(c.getPackageName())
          : SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "the packages of hookline-core";
    }
  }
}
