package io.ember.r2dbc.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package tree is the architecture: the core knows no driver, and neither module's packages have cycles. */
class ArchitectureTest {

    private static final JavaClasses EMBER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ember");

    @Test
    void coreDependsOnNoDriverAndNoImplementation() {
        noClasses().that().resideInAPackage("io.ember.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.r2dbc..", "io.ember.r2dbc..", "io.netty..")
                .check(EMBER);
    }

    /** Micrometer is optional: only the observation package may touch it (MicrometerIsOptionalTest loads the rest without it). */
    @Test
    void onlyTheObservationPackageUsesMicrometer() {
        noClasses().that().resideOutsideOfPackage("io.ember.r2dbc.observation..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..")
                .check(EMBER);
    }

    /** Spring is optional: only io.ember.r2dbc.spring may touch it (the transaction SPI has no Spring type). */
    @Test
    void onlyTheSpringPackageDependsOnSpring() {
        noClasses().that().resideInAPackage("io.ember..").and().resideOutsideOfPackage("io.ember.r2dbc.spring..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(EMBER);
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching("io.ember.core.(*)..").should().beFreeOfCycles().check(EMBER);
    }

    @Test
    void r2dbcPackagesHaveNoCycles() {
        slices().matching("io.ember.r2dbc.(*)..").should().beFreeOfCycles().check(EMBER);
    }

    /**
     * No blocking call in library code, checked statically. (BlockHound was tried for a run-time
     * check: on this JDK its instrumentation corrupted the JVM's lock state, in a JVM of its own
     * too, so it is not used.)
     */
    @Test
    void libraryCodeNeverBlocks() {
        noClasses().that().resideInAPackage("io.ember..")
                .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.base.DescribedPredicate.describe("a blocking method", target ->
                                isBlocking(target.getOwner().getName(), target.getName()))))
                .check(EMBER);
    }

    private static boolean isBlocking(String owner, String method) {
        return switch (owner) {
            case "reactor.core.publisher.Mono" -> method.startsWith("block") || method.equals("toFuture");
            case "reactor.core.publisher.Flux" -> method.startsWith("block") || method.equals("toIterable")
                    || method.equals("toStream");
            case "java.lang.Thread" -> method.equals("sleep") || method.equals("join");
            case "java.util.concurrent.CompletableFuture", "java.util.concurrent.Future" -> method.equals("get")
                    || method.equals("join");
            case "java.util.concurrent.CountDownLatch" -> method.equals("await");
            default -> false;
        };
    }
}
